//! Java's `Math` functions beyond number.rs: trigonometry, hyperbolics, angles, `cbrt`,
//! `expm1`/`log1p`, `hypot`, and the `isNaN`/`isInfinity` tests.

use super::number::{num_arg, unary};
use super::{FnResult, FuncDef};
use crate::value::{parse_num, Value};

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "sin", min_args: 1, max_args: 1, eval: |a, _| unary("sin", a, f64::sin), usage: "sin(radians)" },
    FuncDef { name: "cos", min_args: 1, max_args: 1, eval: |a, _| unary("cos", a, f64::cos), usage: "cos(radians)" },
    FuncDef { name: "tan", min_args: 1, max_args: 1, eval: |a, _| unary("tan", a, f64::tan), usage: "tan(radians)" },
    FuncDef { name: "asin", min_args: 1, max_args: 1, eval: |a, _| unary("asin", a, f64::asin), usage: "asin(x)" },
    FuncDef { name: "acos", min_args: 1, max_args: 1, eval: |a, _| unary("acos", a, f64::acos), usage: "acos(x)" },
    FuncDef { name: "atan", min_args: 1, max_args: 1, eval: |a, _| unary("atan", a, f64::atan), usage: "atan(x)" },
    FuncDef { name: "atan2", min_args: 2, max_args: 2, eval: |a, _| binary("atan2", a, f64::atan2), usage: "atan2(y, x)" },
    FuncDef { name: "sinh", min_args: 1, max_args: 1, eval: |a, _| unary("sinh", a, f64::sinh), usage: "sinh(x)" },
    FuncDef { name: "cosh", min_args: 1, max_args: 1, eval: |a, _| unary("cosh", a, f64::cosh), usage: "cosh(x)" },
    FuncDef { name: "tanh", min_args: 1, max_args: 1, eval: |a, _| unary("tanh", a, f64::tanh), usage: "tanh(x)" },
    FuncDef { name: "cbrt", min_args: 1, max_args: 1, eval: |a, _| unary("cbrt", a, f64::cbrt), usage: "cbrt(x)" },
    FuncDef { name: "expm1", min_args: 1, max_args: 1, eval: |a, _| unary("expm1", a, f64::exp_m1), usage: "expm1(x)" },
    FuncDef { name: "log1p", min_args: 1, max_args: 1, eval: |a, _| unary("log1p", a, f64::ln_1p), usage: "log1p(x)" },
    // Two arguments, as Java's Math.hypot and the docs' syntax line (the one-line summary says "an array").
    FuncDef { name: "hypot", min_args: 2, max_args: 2, eval: |a, _| binary("hypot", a, f64::hypot), usage: "hypot(x, y)" },
    FuncDef { name: "toDegrees", min_args: 1, max_args: 1, eval: |a, _| unary("toDegrees", a, f64::to_degrees), usage: "toDegrees(radians)" },
    FuncDef { name: "toRadians", min_args: 1, max_args: 1, eval: |a, _| unary("toRadians", a, f64::to_radians), usage: "toRadians(degrees)" },
    FuncDef { name: "isNaN", min_args: 1, max_args: 1, eval: |a, _| classify(a, f64::is_nan), usage: "isNaN(x)" },
    FuncDef { name: "isInfinity", min_args: 1, max_args: 1, eval: |a, _| classify(a, f64::is_infinite), usage: "isInfinity(x)" },
];

fn binary(func: &str, args: &[Value], f: fn(f64, f64) -> f64) -> FnResult {
    match (num_arg(func, &args[0])?, num_arg(func, &args[1])?) {
        (Some(a), Some(b)) => Ok(Value::Num(f(a, b))),
        _ => Ok(Value::Null),
    }
}

/// The docs: "Null, empty, or blank strings will not return a result" (null here), and isNaN is
/// true for text that is not a number (`where !isNaN(x)` keeps the numbers), so a word counts as
/// NaN. Java's spellings `NaN`, `Infinity` and `-Infinity` (how 0/0 and 5/0 print) are read back.
fn classify(args: &[Value], test: fn(f64) -> bool) -> FnResult {
    let x = match &args[0] {
        Value::Null => return Ok(Value::Null),
        Value::Num(n) => *n,
        Value::Bool(_) => f64::NAN,
        Value::Str(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(Value::Null);
            }
            match t.strip_prefix('+').unwrap_or(t) {
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                _ => parse_num(t).unwrap_or(f64::NAN),
            }
        }
    };
    Ok(Value::Bool(test(x)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, n, s, warns};
    use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};

    fn num(r: FnResult) -> f64 {
        match r {
            Ok(Value::Num(x)) => x,
            other => panic!("not a number: {other:?}"),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn trigonometry() {
        assert_eq!(call("sin", &[n(0.0)]), Ok(n(0.0)));
        assert!(close(num(call("sin", &[n(FRAC_PI_2)])), 1.0));
        assert!(close(num(call("cos", &[s("0")])), 1.0));
        assert!(close(num(call("tan", &[n(FRAC_PI_4)])), 1.0));
        assert!(close(num(call("asin", &[n(1.0)])), FRAC_PI_2));
        assert!(close(num(call("acos", &[n(-1.0)])), PI));
        assert!(close(num(call("atan", &[n(1.0)])), FRAC_PI_4));
        // The docs' example: atan2(0, -1) is pi.
        assert!(close(num(call("atan2", &[n(0.0), n(-1.0)])), PI));
        assert!(num(call("asin", &[n(2.0)])).is_nan());
        assert_eq!(call("sin", &[Value::Null]), Ok(Value::Null));
        assert_eq!(call("atan2", &[n(1.0), Value::Null]), Ok(Value::Null));
        assert!(warns(call("cos", &[s("abc")]), "cos"));
        assert!(warns(call("atan2", &[s("1"), s("x")]), "atan2"));
    }

    #[test]
    fn hyperbolic_and_others() {
        assert!(close(num(call("sinh", &[n(1.0)])), (1f64.exp() - (-1f64).exp()) / 2.0));
        assert!(close(num(call("cosh", &[n(0.0)])), 1.0));
        assert!(close(num(call("tanh", &[n(100.0)])), 1.0));
        assert_eq!(call("cbrt", &[n(-27.0)]), Ok(n(-3.0)));
        assert_eq!(call("hypot", &[n(3.0), s("4")]), Ok(n(5.0)));
        assert_eq!(call("expm1", &[n(0.0)]), Ok(n(0.0)));
        assert_eq!(call("log1p", &[n(0.0)]), Ok(n(0.0)));
        assert!(num(call("log1p", &[n(1e-20)])) == 1e-20, "log1p keeps tiny x exact");
        assert!(num(call("log1p", &[n(-2.0)])).is_nan());
        assert_eq!(call("toDegrees", &[n(PI)]), Ok(n(180.0)));
        assert_eq!(call("toRadians", &[n(180.0)]), Ok(n(PI)));
        assert!(warns(call("toRadians", &[Value::Bool(true)]), "toRadians"));
    }

    #[test]
    fn nan_and_infinity() {
        let b = |x: bool| Ok(Value::Bool(x));
        assert_eq!(call("isNaN", &[n(f64::NAN)]), b(true));
        assert_eq!(call("isNaN", &[s("NaN")]), b(true));
        assert_eq!(call("isNaN", &[s("abc")]), b(true));
        assert_eq!(call("isNaN", &[s(" 42 ")]), b(false));
        assert_eq!(call("isNaN", &[s("Infinity")]), b(false));
        assert_eq!(call("isNaN", &[n(1.5)]), b(false));
        assert_eq!(call("isInfinity", &[n(f64::INFINITY)]), b(true));
        assert_eq!(call("isInfinity", &[s("-Infinity")]), b(true));
        assert_eq!(call("isInfinity", &[s("1e999")]), b(true));
        assert_eq!(call("isInfinity", &[s("abc")]), b(false));
        assert_eq!(call("isInfinity", &[n(1e308)]), b(false));
        for f in ["isNaN", "isInfinity"] {
            for blank in [Value::Null, s(""), s("  ")] {
                assert_eq!(call(f, &[blank]), Ok(Value::Null), "{f}");
            }
        }
    }
}
