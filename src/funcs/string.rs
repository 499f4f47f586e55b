//! String functions: `concat`, case, `substring`, `length`, literal `replace`, `trim`, `contains`,
//! URL and base64 coding, `format` (Java `String.format` subset) and `toString`.

use super::number::{fixed, num_arg};
use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::exec::value::Value;
use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
use base64::{alphabet, Engine};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "concat", min_args: 2, max_args: 16, eval: concat, usage: "concat(a, b, ...)" },
    FuncDef { name: "toLowerCase", min_args: 1, max_args: 1, eval: |a, _| case("toLowerCase", a, str::to_lowercase), usage: "toLowerCase(s)" },
    FuncDef { name: "toUpperCase", min_args: 1, max_args: 1, eval: |a, _| case("toUpperCase", a, str::to_uppercase), usage: "toUpperCase(s)" },
    FuncDef { name: "substring", min_args: 2, max_args: 3, eval: substring, usage: "substring(s, start[, end])" },
    FuncDef { name: "length", min_args: 1, max_args: 1, eval: length, usage: "length(s)" },
    FuncDef { name: "replace", min_args: 3, max_args: 3, eval: replace, usage: "replace(s, \"literal\", \"replacement\")" },
    FuncDef { name: "trim", min_args: 1, max_args: 1, eval: |a, _| map(a, |s| s.trim_matches(|c| c <= ' ').into()), usage: "trim(s)" },
    FuncDef { name: "contains", min_args: 2, max_args: 2, eval: contains, usage: "contains(s, part)" },
    FuncDef { name: "urldecode", min_args: 1, max_args: 1, eval: urldecode, usage: "urldecode(s)" },
    FuncDef { name: "urlencode", min_args: 1, max_args: 1, eval: |a, _| map(a, urlencode), usage: "urlencode(s)" },
    FuncDef { name: "base64Decode", min_args: 1, max_args: 2, eval: base64_decode, usage: "base64Decode(s[, encoding])" },
    FuncDef { name: "base64Encode", min_args: 1, max_args: 1, eval: |a, _| map(a, |s| BASE64.encode(s)), usage: "base64Encode(s)" },
    FuncDef { name: "format", min_args: 1, max_args: 17, eval: format, usage: "format(fmt, args...)" },
    FuncDef { name: "toString", min_args: 1, max_args: 1, eval: |a, _| map(a, |s| s.into()), usage: "toString(x)" },
];

/// Standard alphabet, padded on output; on input the padding may be there or not.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What Java's `URLEncoder` leaves alone: letters, digits and `.-*_` (space becomes `+`).
const URL_KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'*').remove(b'_');

fn warn<T>(msg: String) -> Result<T, FnError> {
    Err(FnError::Warn(msg))
}

/// Null stays null; anything else goes through `f` as text (numbers as Sumo Logic prints them).
fn map(args: &[Value], f: impl Fn(&str) -> String) -> FnResult {
    Ok(if args[0].is_null() { Value::Null } else { Value::from(f(&args[0].as_text())) })
}

/// For functions documented to reject non-string input.
fn text_only<'a>(func: &str, v: &'a Value) -> Result<Option<&'a str>, FnError> {
    match v {
        Value::Null => Ok(None),
        Value::Str(s) => Ok(Some(s)),
        _ => warn(format!("{func}: expects a string, got {v}")),
    }
}

fn concat(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(Value::from(args.iter().map(|v| v.as_text()).collect::<String>()))
}

fn case(func: &str, args: &[Value], f: fn(&str) -> String) -> FnResult {
    Ok(text_only(func, &args[0])?.map_or(Value::Null, |s| Value::from(f(s))))
}

fn length(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(Value::Num(text_only("length", &args[0])?.map_or(0, |s| s.chars().count()) as f64))
}

fn index(v: &Value) -> Result<Option<i64>, FnError> {
    match num_arg("substring", v)? {
        Some(n) if n.fract() != 0.0 => warn(format!("substring: offset {n} is not an integer")),
        n => Ok(n.map(|n| n as i64)),
    }
}

/// Offsets count characters, not bytes, so multi-byte text is never cut inside a character.
fn substring(args: &[Value], _: &EvalCtx) -> FnResult {
    let start = index(&args[1])?;
    let end = match args.get(2) {
        Some(v) => index(v)?,
        None => Some(i64::MAX),
    };
    let (Some(start), Some(end)) = (start, end) else { return Ok(Value::Null) };
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let s = args[0].as_text();
    let len = s.chars().count() as i64;
    if start < 0 || start >= len {
        return warn(format!("substring: start offset {start} must be at least 0 and below the length {len}"));
    }
    if end < start {
        return warn(format!("substring: end offset {end} is before start offset {start}"));
    }
    Ok(Value::from(s.chars().skip(start as usize).take((end.min(len) - start) as usize).collect::<String>()))
}

/// The replacement follows Java's `replaceAll` (reference §14): `\x` is a literal x, `$0` the
/// match; a literal search has no other groups, so `$1`, `${name}` or a bare `$` warn.
fn replace(args: &[Value], _: &EvalCtx) -> FnResult {
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let (s, pat, rep) = (args[0].as_text(), args[1].as_text(), args[2].as_text());
    let mut out = String::new();
    let mut chars = rep.chars().peekable();
    // Built once: every match gets the same text, since only $0 may appear.
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(chars.next().ok_or_else(|| FnError::Warn("replace: replacement ends with a lone \\".into()))?)
            }
            '$' if chars.next_if_eq(&'0').is_some() => out.push_str(&pat),
            '$' => {
                return warn(format!(
                    "replace: \"{rep}\" refers to a group, which a literal search has not; write \\\\$ for a $"
                ))
            }
            c => out.push(c),
        }
    }
    Ok(Value::from(s.replace(pat.as_ref(), &out)))
}

/// Null counts as the empty string here, as it does in `=` (reference §0).
fn contains(args: &[Value], _: &EvalCtx) -> FnResult {
    let (a, b) = (args[0].as_text(), args[1].as_text());
    Ok(Value::Bool(if b.is_empty() { a.is_empty() } else { a.contains(b.as_ref()) }))
}

/// Java's `URLDecoder`: `+` is a space, `%XX` a byte of UTF-8; a broken escape is an error.
fn urldecode(args: &[Value], _: &EvalCtx) -> FnResult {
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let s = args[0].as_text();
    let b = s.as_bytes();
    let hex = |i: usize| b.get(i).is_some_and(u8::is_ascii_hexdigit);
    if let Some(i) = (0..b.len()).find(|&i| b[i] == b'%' && !(hex(i + 1) && hex(i + 2))) {
        return warn(format!("urldecode: bad escape at position {i} in \"{s}\""));
    }
    let plus = s.replace('+', " ");
    Ok(Value::from(percent_encoding::percent_decode_str(&plus).decode_utf8_lossy().into_owned()))
}

fn urlencode(s: &str) -> String {
    // '%' itself is always escaped, so every "%20" in the output stands for a space.
    utf8_percent_encode(s, URL_KEEP).to_string().replace("%20", "+")
}

/// Sumo Logic documents that invalid input is returned unaltered (not an error). Whitespace is
/// ignored and the URL-safe alphabet accepted, as Apache Commons Codec (which Sumo uses) does.
fn base64_decode(args: &[Value], _: &EvalCtx) -> FnResult {
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let enc = args.get(1).map_or(Cow::Borrowed("UTF-8"), |v| v.as_text()).to_ascii_uppercase();
    let s = args[0].as_text();
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let Ok(bytes) = BASE64.decode(cleaned) else { return Ok(args[0].clone()) };
    let utf16 = |be: bool| -> String {
        let units = bytes.chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
    };
    let utf32 = |be: bool| -> String {
        let units = bytes.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]);
        let units = units.map(|a| if be { u32::from_be_bytes(a) } else { u32::from_le_bytes(a) });
        units.map(|u| char::from_u32(u).unwrap_or('\u{FFFD}')).collect()
    };
    let text: String = match enc.as_str() {
        "UTF-8" | "UTF8" => String::from_utf8_lossy(&bytes).into_owned(),
        "US-ASCII" | "ASCII" => bytes.iter().map(|&b| if b < 128 { b as char } else { '\u{FFFD}' }).collect(),
        // Java's "UTF-16" honours a byte-order mark and is big-endian without one.
        "UTF-16" if bytes.starts_with(&[0xFF, 0xFE]) => utf16(false).chars().skip(1).collect(),
        "UTF-16" => utf16(true).trim_start_matches('\u{FEFF}').to_string(),
        "UTF-16BE" => utf16(true),
        "UTF-16LE" => utf16(false),
        "UTF-32" | "UTF-32BE" => utf32(true),
        "UTF-32LE" => utf32(false),
        _ => return warn(format!("base64Decode: unsupported encoding \"{enc}\"")),
    };
    Ok(Value::from(text))
}

/// Java's `String.format` for `%s %S %d %f %x %X %o %b %% %n`, with flags `-0+ ,`, a width, a
/// precision and `n$` argument indexes. Null or mismatched arguments warn, as the docs say.
fn format(args: &[Value], _: &EvalCtx) -> FnResult {
    let Some(fmt) = text_only("format", &args[0])? else {
        return warn("format: the format is null".into());
    };
    let (mut out, mut next, mut rest) = (String::new(), 1, fmt);
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let spec_len = rest[at + 1..].find(|c: char| c.is_ascii_alphabetic() || c == '%');
        let Some(len) = spec_len else {
            return warn(format!("format: incomplete specifier at the end of \"{fmt}\""));
        };
        let spec = Spec::parse(&rest[at + 1..at + len + 2])?;
        rest = &rest[at + len + 2..];
        if let Some(lit) = match spec.conv {
            'n' => Some("\n"),
            '%' => Some("%"),
            _ => None,
        } {
            out.push_str(&pad("", lit, &spec.flags.replace('0', ""), spec.width));
            continue;
        }
        let i = spec.index.unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        match args.get(i).filter(|_| i > 0) {
            Some(v) => out.push_str(&spec.render(v)?),
            None => return warn(format!("format: no argument {i} for %{}", spec.text)),
        }
    }
    out.push_str(rest);
    Ok(Value::from(out))
}

/// One `%[index$][flags][width][.precision]conversion`.
struct Spec {
    text: String,
    index: Option<usize>,
    flags: String,
    width: usize,
    prec: Option<usize>,
    conv: char,
}

impl Spec {
    fn parse(text: &str) -> Result<Spec, FnError> {
        let bad = || FnError::Warn(format!("format: bad specifier %{text}"));
        let conv = text.chars().last().ok_or_else(bad)?;
        let body = &text[..text.len() - 1];
        let (index, body) = match body.split_once('$') {
            Some((i, b)) => (Some(i.parse().map_err(|_| bad())?), b),
            None => (None, body),
        };
        let flags: String = body.chars().take_while(|c| "-0+ ,#".contains(*c)).collect();
        let (width, prec) = match body[flags.len()..].split_once('.') {
            Some((w, p)) => (w, Some(p.parse().map_err(|_| bad())?)),
            None => (&body[flags.len()..], None),
        };
        let width = if width.is_empty() { 0 } else { width.parse().map_err(|_| bad())? };
        Ok(Spec { text: text.to_string(), index, flags, width, prec, conv })
    }

    fn render(&self, v: &Value) -> Result<String, FnError> {
        let bad = || FnError::Warn(format!("format: %{} cannot format \"{v}\"", self.text));
        if v.is_null() && !matches!(self.conv, 'b' | 'B') {
            return Err(FnError::Warn(format!("format: the argument for %{} is null", self.text)));
        }
        let num = || v.as_num().filter(|_| !matches!(v, Value::Bool(_))).ok_or_else(bad);
        let int = || num().and_then(|n| if n.fract() == 0.0 { Ok(n as i64) } else { Err(bad()) });
        let group = |d: String| if self.flags.contains(',') { grouped(&d) } else { d };
        let sign = |neg: bool| {
            if neg {
                "-"
            } else if self.flags.contains('+') {
                "+"
            } else if self.flags.contains(' ') {
                " "
            } else {
                ""
            }
        };
        let (sign, body) = match self.conv {
            's' | 'S' => {
                let t = v.as_text();
                let t: String = self.prec.map_or(t.to_string(), |p| t.chars().take(p).collect());
                ("", if self.conv == 'S' { t.to_uppercase() } else { t })
            }
            'b' | 'B' => ("", v.as_bool().unwrap_or(!v.is_null()).to_string()),
            'd' => int().map(|n| (sign(n < 0), group(n.unsigned_abs().to_string())))?,
            // Negative numbers print as 64-bit two's complement, as Java does for a Long.
            'x' => ("", format!("{:x}", int()?)),
            'X' => ("", format!("{:X}", int()?)),
            'o' => ("", format!("{:o}", int()?)),
            'f' => {
                let n = num()?;
                let body = if n.is_nan() {
                    "NaN".to_string()
                } else if n.is_infinite() {
                    "Infinity".to_string()
                } else {
                    let t = fixed(n.abs(), self.prec.unwrap_or(6));
                    match t.split_once('.') {
                        Some((i, f)) => format!("{}.{f}", group(i.to_string())),
                        None => group(t),
                    }
                };
                (sign(n.is_sign_negative() && !n.is_nan()), body)
            }
            c => return Err(FnError::Warn(format!("format: unsupported conversion %{c}"))),
        };
        Ok(pad(sign, &body, &self.flags, self.width))
    }
}

/// Pads to `width`: spaces on the left, on the right with `-`, zeros after the sign with `0`.
fn pad(sign: &str, body: &str, flags: &str, width: usize) -> String {
    let fill = width.saturating_sub(sign.len() + body.chars().count());
    if flags.contains('-') {
        format!("{sign}{body}{}", " ".repeat(fill))
    } else if flags.contains('0') {
        format!("{sign}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{sign}{body}", " ".repeat(fill))
    }
}

/// "1234567" -> "1,234,567".
fn grouped(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, args: &[Value]) -> FnResult {
        let f = FUNCS.iter().find(|f| f.name == name).unwrap();
        assert!(args.len() >= f.min_args && args.len() <= f.max_args, "{name} arity");
        (f.eval)(args, &EvalCtx::default())
    }
    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn n(x: f64) -> Value {
        Value::Num(x)
    }
    fn ok(x: &str) -> FnResult {
        Ok(s(x))
    }
    fn warns(r: FnResult, part: &str) -> bool {
        matches!(r, Err(FnError::Warn(m)) if m.contains(part))
    }

    #[test]
    fn concat_and_case() {
        assert_eq!(call("concat", &[s("a"), Value::Null, n(3.0), s("."), n(2.5), Value::Bool(true)]), ok("a3.2.5true"));
        assert_eq!(call("concat", &[Value::Null, Value::Null]), ok(""));
        assert_eq!(call("toLowerCase", &[s("ConsoleLogin É")]), ok("consolelogin é"));
        assert_eq!(call("toUpperCase", &[s("us-east-1")]), ok("US-EAST-1"));
        assert_eq!(call("toUpperCase", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("toLowerCase", &[n(5.0)]), "toLowerCase"));
    }

    #[test]
    fn substring_rules() {
        assert_eq!(call("substring", &[s("Sumo Logic"), n(0.0), n(4.0)]), ok("Sumo"));
        assert_eq!(call("substring", &[s("Hello world!"), s("6")]), ok("world!"));
        assert_eq!(call("substring", &[s("Sumo Logic"), n(0.0), n(100.0)]), ok("Sumo Logic"));
        assert_eq!(call("substring", &[s("héllo"), n(1.0), n(2.0)]), ok("é"));
        assert_eq!(call("substring", &[s("abc"), n(1.0), n(1.0)]), ok(""));
        assert_eq!(call("substring", &[Value::Null, n(0.0)]), Ok(Value::Null));
        assert!(warns(call("substring", &[s("Hello world"), n(-1.0)]), "start"));
        assert!(warns(call("substring", &[s("Hello world"), n(3.0), n(2.0)]), "before"));
        assert!(warns(call("substring", &[s("abc"), n(3.0)]), "below the length"));
        assert!(warns(call("substring", &[s("abc"), s("x")]), "not a number"));
    }

    #[test]
    fn length_counts_chars() {
        assert_eq!(call("length", &[s("héllo")]), Ok(n(5.0)));
        assert_eq!(call("length", &[Value::Null]), Ok(n(0.0)));
        assert_eq!(call("length", &[s("")]), Ok(n(0.0)));
        assert!(warns(call("length", &[n(12.0)]), "length"));
    }

    #[test]
    fn literal_replace() {
        assert_eq!(call("replace", &[s("a.b.c"), s("."), s("-")]), ok("a-b-c"));
        assert_eq!(call("replace", &[s("Aa"), s("a"), s("x")]), ok("Ax"));
        assert_eq!(call("replace", &[s("x\\/y"), s("\\/"), s("->")]), ok("x->y"));
        assert_eq!(call("replace", &[s("ab"), s("b"), s("[$0]\\$")]), ok("a[b]$"));
        assert_eq!(call("replace", &[s("abc"), s("z"), s("y")]), ok("abc"));
        assert_eq!(call("replace", &[s("abc"), Value::Null, s("y")]), Ok(Value::Null));
        assert!(warns(call("replace", &[s("abc"), s("b"), s("$1")]), "group"));
    }

    #[test]
    fn trim_and_contains() {
        assert_eq!(call("trim", &[s(" \t x y \n")]), ok("x y"));
        assert_eq!(call("trim", &[Value::Null]), Ok(Value::Null));
        assert_eq!(call("contains", &[s("AssumeRole"), s("Role")]), Ok(Value::Bool(true)));
        assert_eq!(call("contains", &[s("AssumeRole"), s("role")]), Ok(Value::Bool(false)));
        assert_eq!(call("contains", &[s(""), s("")]), Ok(Value::Bool(true)));
        assert_eq!(call("contains", &[s("abc"), s("")]), Ok(Value::Bool(false)));
        assert_eq!(call("contains", &[Value::Null, s("a")]), Ok(Value::Bool(false)));
    }

    #[test]
    fn url_coding() {
        let url = "http://yourmainserver-city55555.org/functions/main.php?gk=Gk45MgHJhEYx8bPYvGfiWS7o3KLdfg90&";
        let enc = "http%3A%2F%2Fyourmainserver-city55555.org%2Ffunctions%2Fmain.php%3Fgk%3DGk45MgHJhEYx8bPYvGfiWS7o3KLdfg90%26";
        assert_eq!(call("urlencode", &[s(url)]), ok(enc));
        assert_eq!(call("urldecode", &[s(enc)]), ok(url));
        assert_eq!(call("urlencode", &[s("a b*é~")]), ok("a+b*%C3%A9%7E"));
        assert_eq!(call("urldecode", &[s("a+b%20%C3%A9")]), ok("a b é"));
        assert_eq!(call("urldecode", &[Value::Null]), Ok(Value::Null));
        assert_eq!(call("urlencode", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("urldecode", &[s("100%")]), "escape"));
        assert!(warns(call("urldecode", &[s("%zz")]), "escape"));
    }

    #[test]
    fn base64_coding() {
        assert_eq!(call("base64Encode", &[s("hello world")]), ok("aGVsbG8gd29ybGQ="));
        assert_eq!(call("base64Encode", &[Value::Null]), Ok(Value::Null));
        let url = "aHR0cDovL2NvZGVjLmFwYWNoZS5vcmcvY29tbW1vbnM=";
        assert_eq!(call("base64Decode", &[s(url)]), ok("http://codec.apache.org/commmons"));
        assert_eq!(call("base64Decode", &[s("aGVsbG8gd29ybGQ")]), ok("hello world"));
        assert_eq!(call("base64Decode", &[s("44GC44KK44GM44GoIOOBlOOBluOBhOOBvuOBmQ==")]), ok("ありがと ございます"));
        let le = "VABoAGkAcwAgAGkAcwAgAGEAIAB0AGUAcwB0ACAAcwB0AHIAaQBuAGcA";
        assert_eq!(call("base64Decode", &[s(le), s("UTF-16LE")]), ok("This is a test string"));
        assert_eq!(call("base64Decode", &[s("AEg="), s("utf-16")]), ok("H"));
        assert_eq!(call("base64Decode", &[s("AAAASA=="), s("UTF-32")]), ok("H"));
        assert_eq!(call("base64Decode", &[s("not base64!")]), ok("not base64!"));
        assert_eq!(call("base64Decode", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("base64Decode", &[s("AA=="), s("EBCDIC")]), "encoding"));
    }

    #[test]
    fn format_subset() {
        let f = |args: &[Value]| call("format", args);
        assert_eq!(f(&[s("%s : %s"), s("Five Minute Rate is :"), s("0.5")]), ok("Five Minute Rate is : : 0.5"));
        assert_eq!(f(&[s("$%.2f"), s("2.675")]), ok("$2.68"));
        assert_eq!(f(&[s("$%,.2f"), n(1234567.891)]), ok("$1,234,567.89"));
        assert_eq!(f(&[s("%.3f %s"), n(0.0005), s("%")]), ok("0.001 %"));
        assert_eq!(f(&[s("%f"), n(-1.5)]), ok("-1.500000"));
        assert_eq!(f(&[s("%.0f"), n(9.5)]), ok("10"));
        assert_eq!(f(&[s("%d/%d/%d"), s("12"), s("31"), s("2024")]), ok("12/31/2024"));
        assert_eq!(f(&[s("%05d|%-4d|%4s|%+d"), n(-42.0), n(7.0), s("ab"), n(3.0)]), ok("-0042|7   |  ab|+3"));
        assert_eq!(f(&[s("%x %X %o"), n(255.0), n(255.0), n(8.0)]), ok("ff FF 10"));
        assert_eq!(f(&[s("%S: %d%%%n"), s("bob"), n(30.0)]), ok("BOB: 30%\n"));
        assert_eq!(f(&[s("%2$s %1$s"), s("a"), s("b")]), ok("b a"));
        assert_eq!(f(&[s("%b %.2s"), Value::Null, s("xyz")]), ok("false xy"));
        assert!(warns(f(&[s("%d"), n(2.5)]), "cannot format"));
        assert!(warns(f(&[s("%s"), Value::Null]), "null"));
        assert!(warns(f(&[s("%s %s"), s("a")]), "no argument"));
        assert!(warns(f(&[s("%q"), s("a")]), "unsupported"));
        assert!(warns(f(&[s("50%")]), "incomplete"));
    }

    #[test]
    fn to_string() {
        assert_eq!(call("toString", &[n(3.0)]), ok("3"));
        assert_eq!(call("toString", &[n(0.25)]), ok("0.25"));
        assert_eq!(call("toString", &[Value::Bool(false)]), ok("false"));
        assert_eq!(call("toString", &[Value::Null]), Ok(Value::Null));
    }
}
