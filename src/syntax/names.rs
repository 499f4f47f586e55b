//! Every name a query's stages mention (fields, and functions called), for checks that look at
//! the whole query: which fields `json auto` should fill, whether it reads `_messagetime`, ...

use super::ast::{Expr, ExprKind, FillGen, Name, Op, Stage};

/// The names the stages mention, as written, in order (repeats included).
pub fn names(stages: &[Stage]) -> Vec<String> {
    let mut out = Vec::new();
    for s in stages {
        op(&s.op, &mut out);
    }
    out
}

fn name(n: &Name, out: &mut Vec<String>) {
    out.push(n.text.clone());
}

fn all(ns: &[Name], out: &mut Vec<String>) {
    ns.iter().for_each(|n| name(n, out));
}

fn expr(e: &Expr, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Regex(_) => {}
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

fn op(o: &Op, out: &mut Vec<String>) {
    match o {
        Op::Parse { field, patterns, .. } => {
            field.iter().for_each(|f| name(f, out));
            patterns.iter().for_each(|(_, _, ns)| all(ns, out));
        }
        Op::ParseRegex { field, .. } => field.iter().for_each(|f| name(f, out)),
        Op::Json { field, names: ns, .. } => {
            field.iter().for_each(|f| name(f, out));
            all(ns, out);
        }
        Op::Where(e) => expr(e, out),
        Op::Eval { expr: e, name: n } => {
            expr(e, out);
            n.iter().for_each(|n| name(n, out));
        }
        Op::Fields { names: ns, .. } => all(ns, out),
        Op::Aggregate { calls, by } => {
            for c in calls {
                c.args.iter().for_each(|a| expr(a, out));
                c.alias.iter().for_each(|a| name(a, out));
            }
            all(by, out);
        }
        Op::Sort { keys } => keys.iter().for_each(|k| expr(&k.expr, out)),
        Op::Top { fields, by, .. } => {
            all(fields, out);
            by.iter().for_each(|b| name(b, out));
        }
        Op::Topk { fields, by, .. } => {
            all(fields, out);
            all(by, out);
        }
        Op::Limit { .. } | Op::Compare { .. } => {}
        Op::Timeslice { alias, .. } => alias.iter().for_each(|a| name(a, out)),
        Op::Transpose { row, column, names: ns } => {
            all(row, out);
            all(column, out);
            all(ns, out);
        }
        Op::Fillmissing { gens } => {
            for g in gens {
                match g {
                    FillGen::Timeslice { field, .. } => field.iter().for_each(|f| name(f, out)),
                    FillGen::Values { field, .. } => name(field, out),
                }
            }
        }
        Op::Total { field, alias, by, .. } | Op::Window { field, alias, by, .. } => {
            name(field, out);
            alias.iter().for_each(|a| name(a, out));
            all(by, out);
        }
        Op::Dedup { by, .. } => all(by, out),
        Op::Outlier { field, by, opts } => {
            name(field, out);
            all(by, out);
            opts.iter().for_each(|o| expr(&o.value, out));
        }
        Op::Lookup { columns, on, .. } => {
            for c in columns {
                name(&c.column, out);
                c.alias.iter().for_each(|a| name(a, out));
            }
            for (k, e) in on {
                name(k, out);
                expr(e, out);
            }
        }
        Op::Withtime { field, alias } => {
            name(field, out);
            alias.iter().for_each(|a| name(a, out));
        }
    }
}

/// Whether the stages mention `target` (compared without case).
pub fn mentions(stages: &[Stage], target: &str) -> bool {
    names(stages).iter().any(|n| n.eq_ignore_ascii_case(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_query;

    #[test]
    fn finds_fields_and_functions_everywhere() {
        let q = parse_query(
            r#"* | json "a" as x | where toLowerCase(_messagetime) > queryStartTime() | count by x | sort by _count"#,
        )
        .unwrap();
        let n = names(&q.stages);
        for want in ["x", "toLowerCase", "_messagetime", "queryStartTime", "_count"] {
            assert!(n.iter().any(|m| m == want), "{want} in {n:?}");
        }
        assert!(mentions(&q.stages, "QUERYSTARTTIME"));
        assert!(!mentions(&q.stages, "_raw"));
    }
}
