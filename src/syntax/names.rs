//! Every name a query's stages mention (fields, and functions called), for checks that look at
//! the whole query: which fields `json auto` should fill, whether it reads `_messagetime`, ...

use super::ast::{Expr, ExprKind, Name, Stage};

/// The names the stages mention, as written, in order (repeats included); each operator says
/// which it mentions (`Node::names`, with the helpers below).
pub fn names(stages: &[Stage]) -> Vec<String> {
    let mut out = Vec::new();
    for s in stages {
        s.op.names(&mut out);
    }
    out
}

pub fn name(n: &Name, out: &mut Vec<String>) {
    out.push(n.text.clone());
}

pub fn opt(n: &Option<Name>, out: &mut Vec<String>) {
    n.iter().for_each(|n| name(n, out));
}

pub fn all(ns: &[Name], out: &mut Vec<String>) {
    ns.iter().for_each(|n| name(n, out));
}

/// The fields and functions an expression mentions.
pub fn expr(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Regex(_) | ExprKind::Subquery(_) => {}
        ExprKind::Field(n) => name(n, out),
        ExprKind::Call { name: n, args } => {
            name(n, out);
            args.iter().for_each(|a| expr(a, out));
        }
        ExprKind::Not(x) | ExprKind::Neg(x) => expr(x, out),
        ExprKind::Binary { left, right, .. } => {
            expr(left, out);
            expr(right, out);
        }
        ExprKind::In { expr: x, list, .. } => {
            expr(x, out);
            list.iter().for_each(|a| expr(a, out));
        }
        ExprKind::Matches { expr: x, pattern, .. } => {
            expr(x, out);
            expr(pattern, out);
        }
        ExprKind::Ternary { cond, then, other } => {
            expr(cond, out);
            expr(then, out);
            expr(other, out);
        }
    }
}

/// Whether the stages mention `target` (compared without case).
pub fn mentions(stages: &[Stage], target: &str) -> bool {
    names(stages).iter().any(|n| n.eq_ignore_ascii_case(target))
}
