//! JSON array tests: `jsonArrayContains`, `jsonArraySize`.

use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::value::Value;
use serde_json::Value as J;

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "jsonArrayContains", min_args: 2, max_args: 2, eval: contains, usage: "jsonArrayContains(jsonArray, item)" },
    FuncDef { name: "jsonArraySize", min_args: 1, max_args: 1, eval: size, usage: "jsonArraySize(jsonArray)" },
];

/// The items of the JSON array text `v`; `Ok(None)` for null. Text that is not a JSON array
/// warns (the docs say nothing of it; a silent false or -1 would hide a wrong field).
fn array(func: &str, v: &Value) -> Result<Option<Vec<J>>, FnError> {
    match v {
        Value::Null => Ok(None),
        _ => match serde_json::from_str::<J>(&v.as_text()) {
            Ok(J::Array(items)) => Ok(Some(items)),
            _ => Err(FnError::Warn(format!("{func}: \"{v}\" is not a JSON array"))),
        },
    }
}

/// "Returns -1 if null" (the docs).
fn size(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(Value::Num(array("jsonArraySize", &args[0])?.map_or(-1.0, |items| items.len() as f64)))
}

/// An item matches as `json` would extract it: a string by its text (case-sensitive), a number
/// by value (`[1.0]` holds "1"), true/false by their words, an object or array by its compact
/// JSON text; a JSON null matches nothing. A null array or item is not contained: false.
fn contains(args: &[Value], _: &EvalCtx) -> FnResult {
    let Some(items) = array("jsonArrayContains", &args[0])? else { return Ok(Value::Bool(false)) };
    if args[1].is_null() {
        return Ok(Value::Bool(false));
    }
    let want = args[1].as_text();
    let want_num = args[1].as_num();
    let hit = items.iter().any(|item| match item {
        J::String(s) => s.as_str() == want.as_ref(),
        J::Number(n) => n.as_f64().zip(want_num).is_some_and(|(a, b)| a == b),
        J::Bool(b) => want == if *b { "true" } else { "false" },
        J::Null => false,
        J::Array(_) | J::Object(_) => item.to_string() == want,
    });
    Ok(Value::Bool(hit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, n, s, warns};

    fn b(x: bool) -> FnResult {
        Ok(Value::Bool(x))
    }

    #[test]
    fn sizes() {
        assert_eq!(call("jsonArraySize", &[s("[1, 2, 3]")]), Ok(n(3.0)));
        assert_eq!(call("jsonArraySize", &[s("[]")]), Ok(n(0.0)));
        assert_eq!(call("jsonArraySize", &[s(r#"[{"a":[1,2]}, null, "x"]"#)]), Ok(n(3.0)));
        assert_eq!(call("jsonArraySize", &[Value::Null]), Ok(n(-1.0)));
        assert!(warns(call("jsonArraySize", &[s(r#"{"a":1}"#)]), "not a JSON array"));
        assert!(warns(call("jsonArraySize", &[s("[1, 2")]), "jsonArraySize"));
        assert!(warns(call("jsonArraySize", &[n(3.0)]), "jsonArraySize"));
    }

    #[test]
    fn membership() {
        let arr = s(r#"["foo", "bar", 2.0, true, null, {"k": "v"}]"#);
        assert_eq!(call("jsonArrayContains", &[arr.clone(), s("foo")]), b(true));
        assert_eq!(call("jsonArrayContains", &[arr.clone(), s("Foo")]), b(false));
        assert_eq!(call("jsonArrayContains", &[arr.clone(), s("2")]), b(true));
        assert_eq!(call("jsonArrayContains", &[arr.clone(), n(2.0)]), b(true));
        assert_eq!(call("jsonArrayContains", &[arr.clone(), Value::Bool(true)]), b(true));
        assert_eq!(call("jsonArrayContains", &[arr.clone(), s(r#"{"k":"v"}"#)]), b(true));
        assert_eq!(call("jsonArrayContains", &[arr.clone(), s("null")]), b(false));
        assert_eq!(call("jsonArrayContains", &[arr.clone(), Value::Null]), b(false));
        assert_eq!(call("jsonArrayContains", &[s(r#"["1"]"#), n(1.0)]), b(true));
        assert_eq!(call("jsonArrayContains", &[s("[10]"), s("1")]), b(false));
        assert_eq!(call("jsonArrayContains", &[Value::Null, s("foo")]), b(false));
        assert!(warns(call("jsonArrayContains", &[s("foo"), s("foo")]), "not a JSON array"));
    }
}
