//! Helpers the function modules' unit tests share: call a function by name, build values.

use super::{all, EvalCtx, FnError, FnResult};
use crate::value::Value;

/// Calls the function registered under exactly `name`, checking its arity, with `ctx`.
pub fn call_in(ctx: &EvalCtx, name: &str, args: &[Value]) -> FnResult {
    let f = all().find(|f| f.name == name).unwrap_or_else(|| panic!("no function {name}"));
    assert!(args.len() >= f.min_args && args.len() <= f.max_args, "{name} arity");
    (f.eval)(args, ctx)
}

/// [`call_in`] with the default context.
pub fn call(name: &str, args: &[Value]) -> FnResult {
    call_in(&EvalCtx::default(), name, args)
}

pub fn s(x: &str) -> Value {
    Value::str(x)
}

pub fn n(x: f64) -> Value {
    Value::Num(x)
}

pub fn ok(x: &str) -> FnResult {
    Ok(s(x))
}

/// Whether the result is a warning whose message contains `part`.
pub fn warns(r: FnResult, part: &str) -> bool {
    matches!(r, Err(FnError::Warn(m)) if m.contains(part))
}
