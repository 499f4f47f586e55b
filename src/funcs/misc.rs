//! Null and emptiness tests: `isNull`, `isEmpty`, `isBlank` (reference §6.6).

use super::{EvalCtx, FnResult, FuncDef};
use crate::value::Value;

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "isNull", min_args: 1, max_args: 1, eval: is_null, usage: "isNull(x)" },
    FuncDef { name: "isEmpty", min_args: 1, max_args: 1, eval: is_empty, usage: "isEmpty(x)" },
    FuncDef { name: "isBlank", min_args: 1, max_args: 1, eval: is_blank, usage: "isBlank(x)" },
];

fn is_null(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(Value::Bool(args[0].is_null()))
}

/// Numbers and booleans are never empty: only null and the empty string are.
fn is_empty(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(Value::Bool(match &args[0] {
        Value::Null => true,
        Value::Str(s) => s.is_empty(),
        Value::Bool(_) | Value::Num(_) => false,
    }))
}

/// Whitespace as in Java's `StringUtils.isBlank` (any Unicode whitespace, tabs and newlines too).
fn is_blank(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(Value::Bool(match &args[0] {
        Value::Null => true,
        Value::Str(s) => s.chars().all(char::is_whitespace),
        Value::Bool(_) | Value::Num(_) => false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, v: Value) -> Value {
        let f = FUNCS.iter().find(|f| f.name == name).unwrap();
        (f.eval)(&[v], &EvalCtx::default()).unwrap()
    }

    /// The table in reference §6.6: columns null, "", " ", "bob".
    #[test]
    fn table_from_the_docs() {
        let inputs = [Value::Null, Value::str(""), Value::str(" "), Value::str("bob")];
        let expected = [
            ("isNull", [true, false, false, false]),
            ("isEmpty", [true, true, false, false]),
            ("isBlank", [true, true, true, false]),
        ];
        for (name, row) in expected {
            for (input, want) in inputs.iter().zip(row) {
                assert_eq!(call(name, input.clone()), Value::Bool(want), "{name}({input:?})");
            }
        }
    }

    /// Lookup ignores case, so two names that differ only in case would shadow each other.
    #[test]
    fn registry_names_are_unique_and_usages_match() {
        let mut seen = std::collections::HashSet::new();
        for f in super::super::all() {
            assert!(seen.insert(f.name.to_ascii_lowercase()), "{} is registered twice", f.name);
            assert!(f.usage.starts_with(&format!("{}(", f.name)), "usage of {}: {}", f.name, f.usage);
            assert!(f.min_args <= f.max_args, "{}", f.name);
        }
    }

    /// Every registered function, fed odd values at every arity it accepts, returns rather than
    /// panics (a panic would abort a whole query, or the wasm worker).
    #[test]
    fn no_function_panics_on_odd_input() {
        let odd = [
            Value::Null,
            Value::str(""),
            Value::str(" "),
            Value::str("abc"),
            Value::str("-1"),
            Value::str("0"),
            Value::str("99999999999999999999"),
            Value::str("%"),
            Value::str("%1$"),
            Value::str("'"),
            Value::str("yyyy-MM-dd'T'HH:mm:ss.SSSX"),
            Value::str("2017-13-45T99:99:99.999999999999+99:99"),
            Value::str("a M d h"),
            Value::str("€é∑"),
            Value::str("$"),
            Value::str("\\"),
            Value::str("1.2.3.4"),
            Value::str("::1"),
            Value::str("Etc/GMT+99"),
            Value::str("===="),
            Value::Num(f64::NAN),
            Value::Num(f64::INFINITY),
            Value::Num(-0.0),
            Value::Num(-1e300),
            Value::Num(1e300),
            Value::Num(2.5),
            Value::Num(33.0),
            Value::Bool(true),
        ];
        let ctx = EvalCtx { now_ms: 1_700_000_000_000, ..EvalCtx::default() };
        let mut seed = 12345u64;
        for f in super::super::all() {
            for k in f.min_args..=f.max_args.min(f.min_args + 3) {
                for _ in 0..300 {
                    let args: Vec<Value> = (0..k)
                        .map(|_| {
                            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                            odd[(seed >> 33) as usize % odd.len()].clone()
                        })
                        .collect();
                    let _ = (f.eval)(&args, &ctx);
                }
            }
        }
    }

    #[test]
    fn other_types_and_whitespace() {
        assert_eq!(call("isBlank", Value::str("\t\n ")), Value::Bool(true));
        assert_eq!(call("isBlank", Value::str(" x ")), Value::Bool(false));
        assert_eq!(call("isEmpty", Value::Num(0.0)), Value::Bool(false));
        assert_eq!(call("isNull", Value::Bool(false)), Value::Bool(false));
    }
}
