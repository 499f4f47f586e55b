//! `lookupContains(path, key)`: listed here for the docs and the editor; the planner compiles every call itself (`plan::expr`), since it reads a lookup table.

use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::value::Value;

pub static FUNCS: &[FuncDef] = &[FuncDef {
    name: "lookupContains",
    min_args: 2,
    max_args: 2,
    eval: planned,
    usage: "lookupContains(path, key) or lookupContains(path, field=column [and field=column])",
}];

/// Never called: `plan::expr` turns each call into a table probe before the registry is asked.
fn planned(_: &[Value], _: &EvalCtx) -> FnResult {
    Err(FnError::Warn("lookupContains: planned as a table probe".into()))
}
