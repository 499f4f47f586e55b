//! A read-only view of a parsed stage for code that translates queries (`crate::sql`).
//!
//! Nodes are private to their operator's file; a translator reads the few operators it knows
//! through [`view`] rather than through their types, so a node can change without it noticing.

use crate::syntax::ast::{Expr, Name};
use crate::syntax::node::Node;

/// What a stage says, for the operators a translator handles; `None` from [`view`] otherwise.
#[derive(Debug)]
pub enum View<'a> {
    /// `parse [field=f] "a*b" as x [, "..." as y] [nodrop]`.
    Parse {
        field: Option<&'a Name>,
        nodrop: bool,
        patterns: Vec<(&'a str, &'a [Name])>,
    },
    /// `parse regex [field=f] "re" [multi] [nodrop]`.
    ParseRegex {
        field: Option<&'a Name>,
        nodrop: bool,
        patterns: Vec<&'a str>,
        multi: bool,
    },
    /// `json [field=f] "path" [as x] [nodrop]`; `auto` when `json auto`.
    Json {
        field: Option<&'a Name>,
        nodrop: bool,
        paths: Vec<&'a str>,
        names: &'a [Name],
        auto: bool,
    },
    Where(&'a Expr),
    /// `expr as name`, or a lone conversion call (`name` is `None`).
    Eval {
        expr: &'a Expr,
        name: Option<&'a Name>,
    },
    /// `fields a, b` or `fields - a, b`.
    Fields {
        drop: bool,
        names: &'a [Name],
    },
    /// Aggregate calls (function, arguments, alias) and the `by` fields.
    Aggregate {
        calls: Vec<(&'a Name, &'a [Expr], Option<&'a Name>)>,
        by: &'a [Name],
    },
    /// Sort keys, each with `true` for descending.
    Sort(&'a [(Expr, bool)]),
    Top {
        n: usize,
        fields: &'a [Name],
        by: &'a [(Name, bool)],
    },
    Limit(usize),
    Timeslice {
        width_ms: Option<f64>,
        buckets: Option<usize>,
        alias: Option<&'a Name>,
    },
}

/// The view of a stage, if its operator is one of those above.
pub fn view(n: &dyn Node) -> Option<View<'_>> {
    super::parse::view(n)
        .or_else(|| super::parse_regex::view(n))
        .or_else(|| super::json::view(n))
        .or_else(|| super::where_::view(n))
        .or_else(|| super::eval::view(n))
        .or_else(|| super::fields::view(n))
        .or_else(|| super::aggregate::view(n))
        .or_else(|| super::sort::view(n))
        .or_else(|| super::top::view(n))
        .or_else(|| super::limit::view(n))
        .or_else(|| super::timeslice::view(n))
}
