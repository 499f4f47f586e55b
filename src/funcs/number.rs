//! Number functions: casts (`num`, `toInt`, `toLong`, ...), Java-style math, `min`/`max`, `isNumeric`.

use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::value::Value;

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "num", min_args: 1, max_args: 1, eval: to_double, usage: "num(x)" },
    FuncDef { name: "number", min_args: 1, max_args: 1, eval: to_double, usage: "number(x)" },
    FuncDef { name: "toDouble", min_args: 1, max_args: 1, eval: to_double, usage: "toDouble(x)" },
    FuncDef { name: "toInt", min_args: 1, max_args: 1, eval: to_int, usage: "toInt(x)" },
    FuncDef { name: "toLong", min_args: 1, max_args: 1, eval: to_long, usage: "toLong(x)" },
    FuncDef { name: "round", min_args: 1, max_args: 2, eval: round, usage: "round(x[, decimals])" },
    FuncDef { name: "ceil", min_args: 1, max_args: 1, eval: |a, _| unary("ceil", a, f64::ceil), usage: "ceil(x)" },
    FuncDef { name: "floor", min_args: 1, max_args: 1, eval: |a, _| unary("floor", a, f64::floor), usage: "floor(x)" },
    FuncDef { name: "abs", min_args: 1, max_args: 1, eval: |a, _| unary("abs", a, f64::abs), usage: "abs(x)" },
    FuncDef { name: "sqrt", min_args: 1, max_args: 1, eval: |a, _| unary("sqrt", a, f64::sqrt), usage: "sqrt(x)" },
    FuncDef { name: "log", min_args: 1, max_args: 1, eval: |a, _| unary("log", a, f64::ln), usage: "log(x)" },
    FuncDef { name: "log10", min_args: 1, max_args: 1, eval: |a, _| unary("log10", a, f64::log10), usage: "log10(x)" },
    FuncDef { name: "exp", min_args: 1, max_args: 1, eval: |a, _| unary("exp", a, f64::exp), usage: "exp(x)" },
    FuncDef { name: "pow", min_args: 2, max_args: 2, eval: pow, usage: "pow(x, y)" },
    FuncDef { name: "min", min_args: 2, max_args: usize::MAX, eval: |a, _| fold("min", a, f64::min), usage: "min(a, b, ...)" },
    FuncDef { name: "max", min_args: 2, max_args: usize::MAX, eval: |a, _| fold("max", a, f64::max), usage: "max(a, b, ...)" },
    FuncDef { name: "isNumeric", min_args: 1, max_args: 1, eval: is_numeric, usage: "isNumeric(s)" },
];

/// A numeric argument: `Ok(None)` for null (the result is then null), a warning naming the
/// function for anything that does not cast. Shared with the time and ip functions.
pub(super) fn num_arg(func: &str, v: &Value) -> Result<Option<f64>, FnError> {
    match v {
        Value::Null => Ok(None),
        _ => v.as_num().map(Some).ok_or_else(|| FnError::Warn(format!("{func}: \"{v}\" is not a number"))),
    }
}

fn to_double(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(args[0].as_num().map_or(Value::Null, Value::Num))
}

/// Truncates toward zero; `as` saturates out-of-range values like Java's `(int)`/`(long)` casts.
fn to_int(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(args[0].as_num().map_or(Value::Null, |n| Value::Num(n as i32 as f64)))
}

fn to_long(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(args[0].as_num().map_or(Value::Null, |n| Value::Num(n as i64 as f64)))
}

pub(super) fn unary(func: &str, args: &[Value], f: fn(f64) -> f64) -> FnResult {
    Ok(num_arg(func, &args[0])?.map_or(Value::Null, |x| Value::Num(f(x))))
}

fn pow(args: &[Value], _: &EvalCtx) -> FnResult {
    match (num_arg("pow", &args[0])?, num_arg("pow", &args[1])?) {
        (Some(x), Some(y)) => Ok(Value::Num(x.powf(y))),
        _ => Ok(Value::Null),
    }
}

/// Any null argument makes the result null; a non-number warns.
fn fold(func: &str, args: &[Value], f: fn(f64, f64) -> f64) -> FnResult {
    let mut acc: Option<f64> = None;
    for a in args {
        match num_arg(func, a)? {
            None => return Ok(Value::Null),
            Some(x) => acc = Some(acc.map_or(x, |m| f(m, x))),
        }
    }
    Ok(acc.map_or(Value::Null, Value::Num))
}

/// Java's `Math.round` (halves go toward +infinity). With `decimals`, the value is shifted by
/// decimal exponent through its shortest text form, so `round(1.005, 2)` is 1.01 rather than
/// the 1.0 that `x * 100.0` would give through binary rounding.
fn round(args: &[Value], _: &EvalCtx) -> FnResult {
    let Some(x) = num_arg("round", &args[0])? else { return Ok(Value::Null) };
    let d = match args.get(1) {
        None => 0,
        Some(v) => match num_arg("round", v)? {
            None => return Ok(Value::Null),
            Some(d) if d.fract() == 0.0 && d.abs() <= 300.0 => d as i32,
            Some(d) => return Err(FnError::Warn(format!("round: {d} is not a valid number of decimals"))),
        },
    };
    if !x.is_finite() {
        return Ok(Value::Num(x));
    }
    let shift = |v: f64, e: i32| {
        format!("{v:e}")
            .split_once('e')
            .map_or(v, |(m, x)| format!("{m}e{}", x.parse::<i32>().unwrap_or(0) + e).parse().unwrap_or(v))
    };
    let scaled = shift(x, d);
    if !scaled.is_finite() {
        return Ok(Value::Num(x));
    }
    // floor plus a comparison, not floor(x + 0.5): the sum can round up (0.49999999999999994).
    let down = scaled.floor();
    let r = shift(if scaled - down >= 0.5 { down + 1.0 } else { down }, -d);
    Ok(Value::Num(if r == 0.0 { 0.0 } else { r }))
}

fn is_numeric(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(Value::Bool(match &args[0] {
        Value::Num(_) => true,
        Value::Str(s) => is_java_number(s),
        Value::Bool(_) | Value::Null => false,
    }))
}

/// Sumo Logic documents isNumeric as "a valid Java number" (Apache Commons' `isCreatable`):
/// decimal with optional exponent, `0x`/`#` hex, leading-zero octal (so "09" is false), and a
/// trailing type letter (`L` only on integers; `f`/`d` on any). No surrounding spaces.
fn is_java_number(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).or_else(|| t.strip_prefix('#')) {
        return !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit());
    }
    let (body, suffix) = match t.as_bytes().last() {
        Some(b'L' | b'l' | b'f' | b'F' | b'd' | b'D') => (&t[..t.len() - 1], t.as_bytes()[t.len() - 1]),
        _ => (t, 0),
    };
    let (mant, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mant.split_once('.').map_or((mant, None), |(i, f)| (i, Some(f)));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    let has_digit = !int.is_empty() || frac.is_some_and(|f| !f.is_empty());
    if !(has_digit && digits(int) && frac.is_none_or(digits) && exp_ok) {
        return false;
    }
    let integral = frac.is_none() && exp.is_none();
    if matches!(suffix, b'L' | b'l') && !integral {
        return false;
    }
    // Octal: an integer with a leading zero must use digits 0-7 only.
    !(integral && int.len() > 1 && int.starts_with('0') && int.bytes().any(|b| b > b'7'))
}

/// `x` (finite, >= 0) with `prec` decimals, rounding half up on the shortest decimal form of x,
/// as Java's Formatter does: `%.2f` of 2.675 is "2.68" (C's printf gives "2.67"). Used by `format`.
pub(super) fn fixed(x: f64, prec: usize) -> String {
    let sci = format!("{x:e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
    let mut point = exp.parse::<i64>().unwrap_or(0) + 1; // digits before the decimal point
    if point < 1 {
        digits.splice(0..0, std::iter::repeat_n(0, (1 - point) as usize));
        point = 1;
    }
    let keep = point as usize + prec;
    digits.resize(digits.len().max(keep + 1), 0);
    let round_up = digits[keep] >= 5;
    digits.truncate(keep);
    if round_up {
        match digits.iter().rposition(|&d| d != 9) {
            Some(i) => {
                digits[i] += 1;
                digits[i + 1..].fill(0);
            }
            None => {
                digits.fill(0);
                digits.insert(0, 1);
                point += 1;
            }
        }
    }
    let text: String = digits.iter().map(|d| (b'0' + d) as char).collect();
    let (int, frac) = text.split_at(point as usize);
    if prec == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, n, s};

    #[test]
    fn casts() {
        for f in ["num", "number", "toDouble"] {
            assert_eq!(call(f, &[s(" 2.5 ")]), Ok(n(2.5)));
            assert_eq!(call(f, &[s("abc")]), Ok(Value::Null));
            assert_eq!(call(f, &[Value::Null]), Ok(Value::Null));
        }
        assert_eq!(call("toInt", &[s("-7.9")]), Ok(n(-7.0)));
        assert_eq!(call("toInt", &[n(3e10)]), Ok(n(i32::MAX as f64)));
        assert_eq!(call("toInt", &[s("x")]), Ok(Value::Null));
        assert_eq!(call("toLong", &[s("1700000000123.9")]), Ok(n(1700000000123.0)));
        assert_eq!(call("toLong", &[Value::Bool(true)]), Ok(Value::Null));
    }

    #[test]
    fn rounding() {
        assert_eq!(call("round", &[n(1.549), n(2.0)]), Ok(n(1.55)));
        assert_eq!(call("round", &[n(1.005), s("2")]), Ok(n(1.01)));
        assert_eq!(call("round", &[s("2.5")]), Ok(n(3.0)));
        assert_eq!(call("round", &[n(-2.5)]), Ok(n(-2.0)));
        assert_eq!(call("round", &[n(0.49999999999999994)]), Ok(n(0.0)));
        assert_eq!(call("round", &[n(1234.0), n(-2.0)]), Ok(n(1200.0)));
        assert_eq!(call("round", &[Value::Null]), Ok(Value::Null));
        assert!(matches!(call("round", &[n(1.0), n(0.5)]), Err(FnError::Warn(_))));
        assert_eq!(call("ceil", &[n(1.2)]), Ok(n(2.0)));
        assert_eq!(call("floor", &[s("-1.2")]), Ok(n(-2.0)));
    }

    #[test]
    fn math() {
        assert_eq!(call("abs", &[n(-3.0)]), Ok(n(3.0)));
        assert_eq!(call("sqrt", &[n(16.0)]), Ok(n(4.0)));
        assert_eq!(call("log", &[n(std::f64::consts::E)]), Ok(n(1.0)));
        assert_eq!(call("log10", &[n(1000.0)]), Ok(n(3.0)));
        assert_eq!(call("exp", &[n(0.0)]), Ok(n(1.0)));
        assert_eq!(call("pow", &[n(256.0), s("2")]), Ok(n(65536.0)));
        assert_eq!(call("pow", &[Value::Null, n(2.0)]), Ok(Value::Null));
        assert!(matches!(call("abs", &[s("abc")]), Err(FnError::Warn(m)) if m.contains("abs") && m.contains("abc")));
        assert!(matches!(call("sqrt", &[n(-1.0)]), Ok(Value::Num(x)) if x.is_nan()));
    }

    #[test]
    fn fixed_rounds_half_up_on_decimal_digits() {
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(fixed(9.995, 2), "10.00");
        assert_eq!(fixed(0.0005, 3), "0.001");
        assert_eq!(fixed(0.0004, 3), "0.000");
        assert_eq!(fixed(123.456, 0), "123");
        assert_eq!(fixed(0.0, 0), "0");
        assert_eq!(fixed(1e21, 1), "1000000000000000000000.0");
        assert_eq!(fixed(5e-324, 2), "0.00");
    }

    #[test]
    fn min_max() {
        assert_eq!(call("min", &[n(3.0), s("1"), n(2.0)]), Ok(n(1.0)));
        assert_eq!(call("max", &[n(3.0), s("10")]), Ok(n(10.0)));
        assert_eq!(call("max", &[n(3.0), Value::Null]), Ok(Value::Null));
        assert!(matches!(call("min", &[n(3.0), s("x")]), Err(FnError::Warn(_))));
    }

    #[test]
    fn numeric_test() {
        for ok in ["1.56", "1e5", "-3", "0x1F", "#ff", "017", "123L", "1.5f", ".5", "2.", "0", "1E-3"] {
            assert_eq!(call("isNumeric", &[s(ok)]), Ok(Value::Bool(true)), "{ok}");
        }
        for bad in ["", " ", "09", "abc", "1.2L", "1e", "0x", ".", "- 1", " 1", "1.2.3", "e5"] {
            assert_eq!(call("isNumeric", &[s(bad)]), Ok(Value::Bool(false)), "{bad:?}");
        }
        assert_eq!(call("isNumeric", &[Value::Null]), Ok(Value::Bool(false)));
        assert_eq!(call("isNumeric", &[n(4.0)]), Ok(Value::Bool(true)));
    }
}
