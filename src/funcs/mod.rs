//! Expression functions (`toLowerCase`, `round`, `formatDate`, `isPrivateIP`, ...): one registry.
//!
//! Special forms that need the planner's help are not here: `if` (lazy branches),
//! `matches` (a compiled glob or regex), `replace` with a `/regex/` (compiled once per query).

use crate::value::Value;

mod coding;
mod date_format;
mod format;
mod hash;
mod hex;
mod ip;
mod json_array;
mod link;
mod lookup_contains;
mod math;
mod misc;
mod number;
mod parse_date;
mod string;
#[cfg(test)]
mod test_support;
mod time;
mod zone;

/// What a function may need beyond its arguments.
#[derive(Clone, Debug, Default)]
pub struct EvalCtx {
    /// `now()`, epoch milliseconds.
    pub now_ms: i64,
    /// `queryStartTime()` / `queryEndTime()`: the time range the query runs over, epoch ms.
    pub query_start_ms: i64,
    pub query_end_ms: i64,
    /// The user's time zone as an offset east of UTC, in minutes (formatDate's default zone).
    pub tz_offset_minutes: i32,
}

/// Why a function gave no value.
#[derive(Clone, Debug, PartialEq)]
pub enum FnError {
    /// Sumo Logic drops the row (e.g. `isPrivateIP` on something that is not an IPv4 address).
    DropRow,
    /// The value is null and the user gets this warning (e.g. `substring` out of range).
    Warn(String),
}

pub type FnResult = Result<Value, FnError>;

/// One function: its name as documented (lookup is case-insensitive), arity and behaviour.
pub struct FuncDef {
    pub name: &'static str,
    pub min_args: usize,
    /// `usize::MAX` for variadic functions such as `concat`.
    pub max_args: usize,
    pub eval: fn(&[Value], &EvalCtx) -> FnResult,
    /// One line for help and completion, e.g. `substring(s, start[, end])`.
    pub usage: &'static str,
}

static REGISTRY: &[&[FuncDef]] = &[
    string::FUNCS,
    number::FUNCS,
    math::FUNCS,
    hex::FUNCS,
    hash::FUNCS,
    time::FUNCS,
    ip::FUNCS,
    json_array::FUNCS,
    link::FUNCS,
    lookup_contains::FUNCS,
    misc::FUNCS,
];

/// Functions whose value depends on the query's time range rather than on the events: a query
/// that calls one is `Plan::range_dependent` (loading may not skip events by content).
pub static RANGE_DEPENDENT: &[&str] = &["queryStartTime", "queryEndTime", "queryTimeRange"];

/// Finds a function by name, ignoring case (`toint` and `toInt` are the same function).
pub fn find(name: &str) -> Option<&'static FuncDef> {
    all().find(|f| f.name.eq_ignore_ascii_case(name))
}

/// Every function, for "did you mean" and completion.
pub fn all() -> impl Iterator<Item = &'static FuncDef> {
    REGISTRY.iter().flat_map(|group| group.iter())
}

impl std::fmt::Debug for FuncDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}()", self.name)
    }
}
