//! Hexadecimal conversions: `decToHex`, `hexToDec` (and `parseHex`, the same), `hexToAscii`.

use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::value::{parse_num, Value};

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "decToHex", min_args: 1, max_args: 1, eval: dec_to_hex, usage: "decToHex(long)" },
    FuncDef { name: "hexToDec", min_args: 1, max_args: 1, eval: hex_to_dec, usage: "hexToDec(hex)" },
    FuncDef { name: "parseHex", min_args: 1, max_args: 1, eval: parse_hex, usage: "parseHex(hex)" },
    FuncDef { name: "hexToAscii", min_args: 1, max_args: 1, eval: hex_to_ascii, usage: "hexToAscii(hex)" },
];

fn warn<T>(msg: String) -> Result<T, FnError> {
    Err(FnError::Warn(msg))
}

/// A Java long: integral text is read exactly (beyond 2^53 too), other numbers must be whole.
fn long_arg(func: &str, v: &Value) -> Result<Option<i64>, FnError> {
    let n = match v {
        Value::Null => return Ok(None),
        Value::Str(s) => match s.trim().parse::<i64>() {
            Ok(n) => return Ok(Some(n)),
            Err(_) => parse_num(s),
        },
        Value::Num(n) => Some(*n),
        Value::Bool(_) => None,
    };
    // 2^63 itself is out of range; -2^63 is the smallest long.
    match n {
        Some(x) if x.fract() == 0.0 && (-9.223372036854776e18..9.223372036854776e18).contains(&x) => Ok(Some(x as i64)),
        _ => warn(format!("{func}: \"{v}\" is not a long integer")),
    }
}

/// Upper-case as documented; negatives in two's complement over 64 bits (Java's
/// `Long.toHexString`), so -1 is sixteen F's.
fn dec_to_hex(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(long_arg("decToHex", &args[0])?.map_or(Value::Null, |n| Value::from(format!("{n:X}"))))
}

/// The hex digits of `s`: surrounding spaces and a `0x` prefix are allowed (the docs are silent
/// for these functions; `parseHex` documents "0xABCD" as valid, so the family reads it alike).
fn hex_digits<'a>(func: &str, s: &'a str) -> Result<&'a str, FnError> {
    let t = s.trim();
    let t = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return warn(format!("{func}: \"{s}\" is not a hexadecimal number"));
    }
    Ok(t)
}

/// At most 16 digits, read as 64 bits of two's complement: "FFFFFFFFFFFFFFFF" is -1. The
/// result is a number like every other (a double), so longs beyond 2^53 lose their last digits.
fn hex_to_dec(args: &[Value], _: &EvalCtx) -> FnResult {
    hex_long("hexToDec", &args[0])
}

/// Sumo Logic lists `parseHex(field) as name` among its parse operators, but its syntax is a
/// call: it is `hexToDec` under another name (same 16-digit limit, `0x` prefix, two's complement,
/// and null with a warning for text that is not hexadecimal, the docs being silent there).
fn parse_hex(args: &[Value], _: &EvalCtx) -> FnResult {
    hex_long("parseHex", &args[0])
}

/// The hexadecimal text of `v` as a long, for `func`'s messages.
fn hex_long(func: &str, v: &Value) -> FnResult {
    if v.is_null() {
        return Ok(Value::Null);
    }
    let text = v.as_text();
    let digits = hex_digits(func, &text)?;
    let digits = digits.trim_start_matches('0');
    if digits.len() > 16 {
        return warn(format!("{func}: \"{text}\" has more than 16 hexadecimal digits"));
    }
    let n = if digits.is_empty() { 0 } else { u64::from_str_radix(digits, 16).unwrap_or(0) };
    Ok(Value::Num(n as i64 as f64))
}

/// Each pair of digits is one byte; the bytes are read as UTF-8 (plain ASCII is the documented
/// case; a byte sequence that is not UTF-8 shows U+FFFD, as Java's `new String(bytes, UTF_8)`).
fn hex_to_ascii(args: &[Value], _: &EvalCtx) -> FnResult {
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let text = args[0].as_text();
    let digits = hex_digits("hexToAscii", &text)?;
    if digits.len() % 2 != 0 {
        return warn(format!("hexToAscii: \"{text}\" has an odd number of hexadecimal digits"));
    }
    let bytes: Vec<u8> = digits
        .as_bytes()
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap_or("0"), 16).unwrap_or(0))
        .collect();
    Ok(Value::from(String::from_utf8_lossy(&bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, n, ok, s, warns};

    #[test]
    fn decimal_to_hex() {
        // The docs' examples: 4919 is 1337, 70 is 46.
        assert_eq!(call("decToHex", &[s("4919")]), ok("1337"));
        assert_eq!(call("decToHex", &[s("70")]), ok("46"));
        assert_eq!(call("decToHex", &[n(255.0)]), ok("FF"));
        assert_eq!(call("decToHex", &[n(0.0)]), ok("0"));
        assert_eq!(call("decToHex", &[s("-1")]), ok("FFFFFFFFFFFFFFFF"));
        assert_eq!(call("decToHex", &[n(-256.0)]), ok("FFFFFFFFFFFFFF00"));
        assert_eq!(call("decToHex", &[s("9223372036854775807")]), ok("7FFFFFFFFFFFFFFF"));
        assert_eq!(call("decToHex", &[s("-9223372036854775808")]), ok("8000000000000000"));
        assert_eq!(call("decToHex", &[s("1e3")]), ok("3E8"));
        assert_eq!(call("decToHex", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("decToHex", &[s("abc")]), "decToHex"));
        assert!(warns(call("decToHex", &[n(2.5)]), "not a long"));
        assert!(warns(call("decToHex", &[s("9223372036854775808")]), "not a long"));
        assert!(warns(call("decToHex", &[Value::Bool(true)]), "decToHex"));
    }

    #[test]
    fn hex_to_decimal() {
        assert_eq!(call("hexToDec", &[s("0000000000001337")]), Ok(n(4919.0)));
        assert_eq!(call("hexToDec", &[s("7AF")]), Ok(n(1967.0)));
        assert_eq!(call("hexToDec", &[s("7af")]), Ok(n(1967.0)));
        assert_eq!(call("hexToDec", &[s("0x1F")]), Ok(n(31.0)));
        assert_eq!(call("hexToDec", &[s("FFFFFFFFFFFFFFFF")]), Ok(n(-1.0)));
        assert_eq!(call("hexToDec", &[s("8000000000000000")]), Ok(n(-9223372036854775808.0)));
        assert_eq!(call("hexToDec", &[s("00000000000000000001")]), Ok(n(1.0)));
        assert_eq!(call("hexToDec", &[n(10.0)]), Ok(n(16.0)));
        assert_eq!(call("hexToDec", &[Value::Null]), Ok(Value::Null));
        for bad in ["", "0x", "xyz", "12G4", "-1", "1 2"] {
            assert!(warns(call("hexToDec", &[s(bad)]), "hexToDec"), "{bad:?}");
        }
        assert!(warns(call("hexToDec", &[s("10000000000000000")]), "16"));
    }

    #[test]
    fn hex_to_text() {
        assert_eq!(call("hexToAscii", &[s("68656c6c6f20776f726c640a")]), ok("hello world\n"));
        assert_eq!(call("hexToAscii", &[s("0x4869")]), ok("Hi"));
        assert_eq!(call("hexToAscii", &[s("c3a9")]), ok("é"));
        assert_eq!(call("hexToAscii", &[s("ff")]), ok("\u{FFFD}"));
        assert_eq!(call("hexToAscii", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("hexToAscii", &[s("abc")]), "odd"));
        assert!(warns(call("hexToAscii", &[s("zz")]), "hexadecimal"));
    }
}
