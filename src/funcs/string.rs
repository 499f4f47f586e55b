//! String functions (`concat`, case, `substring`, `length`, `replace`, `trim`, `contains`, `toString`) and their registry.

use super::coding::{base64_decode, base64_encode, urldecode, urlencode};
use super::format::format;
use super::number::num_arg;
use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::value::Value;

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
    FuncDef { name: "base64Encode", min_args: 1, max_args: 1, eval: |a, _| map(a, base64_encode), usage: "base64Encode(s)" },
    FuncDef { name: "format", min_args: 1, max_args: 17, eval: format, usage: "format(fmt, args...)" },
    FuncDef { name: "toString", min_args: 1, max_args: 1, eval: |a, _| map(a, |s| s.into()), usage: "toString(x)" },
];

fn warn<T>(msg: String) -> Result<T, FnError> {
    Err(FnError::Warn(msg))
}

/// Null stays null; anything else goes through `f` as text (numbers as Sumo Logic prints them).
fn map(args: &[Value], f: impl Fn(&str) -> String) -> FnResult {
    Ok(if args[0].is_null() { Value::Null } else { Value::from(f(&args[0].as_text())) })
}

/// For functions documented to reject non-string input.
pub(super) fn text_only<'a>(func: &str, v: &'a Value) -> Result<Option<&'a str>, FnError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, n, ok, s, warns};

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
    fn to_string() {
        assert_eq!(call("toString", &[n(3.0)]), ok("3"));
        assert_eq!(call("toString", &[n(0.25)]), ok("0.25"));
        assert_eq!(call("toString", &[Value::Bool(false)]), ok("false"));
        assert_eq!(call("toString", &[Value::Null]), Ok(Value::Null));
    }
}
