//! Aggregation: `count`, `sum(x)`, `pct(x, 95)` ... `by` fields (runtime: `ops::aggregate`).
//! One operator with a word per aggregate function. `pct_sampling` is `pct`: Sumo Logic samples
//! 1,000 messages to approximate it, and here every value is at hand, so it is exact.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::exec::agg_state::AggFn;
use crate::fields::Fields;
use crate::ops::{self, aggregate::Spec as AggSpec, Step};
use crate::plan::expr::compile;
use crate::syntax::ast::{Expr, ExprKind, Name};
use crate::syntax::cursor::Cursor;
use crate::syntax::expr::expr;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

/// The aggregate functions; each starts an aggregation stage.
pub const AGGREGATES: &[&str] = &[
    "count",
    "count_distinct",
    "count_frequent",
    "sum",
    "avg",
    "min",
    "max",
    "pct",
    "percentile",
    "pct_sampling",
    "stddev",
    "median",
    "first",
    "last",
    "most_recent",
    "least_recent",
    "values",
];

pub static SPEC: Spec = Spec {
    name: "aggregate",
    words: AGGREGATES,
    common: &["count"],
    keywords: &["as", "by", "group"],
    strings: Strings::Text,
    kind: Kind::Aggregate,
    range: Range::Never,
    usage: "count[, sum(x) as s, pct(x, 95), ...] [by a, b]",
    doc: "Groups rows by the `by` fields (one group without) and computes each aggregate per group.",
    examples: &[
        r#"* | json "eventName", "awsRegion" | count by eventName"#,
        r#"* | json "eventName", "awsRegion" | count_distinct(eventName), count as n group by awsRegion"#,
        r#"* | json "eventName" | length(eventName) as l | sum(l), avg(l), min(l), max(l), pct(l, 50, 95), stddev(l), median(l)"#,
        r#"* | json "eventName" | first(eventName), last(eventName), most_recent(eventName), least_recent(eventName), values(eventName), count_frequent(eventName)"#,
        r#"* | json "eventName" | length(eventName) as l | percentile(l, 90) as p90"#,
        r#"* | json "eventName" | length(eventName) as l | pct_sampling(l, 75, 95) by eventName"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Aggregate {
    calls: Vec<AggCall>,
    by: Vec<Name>,
}

/// One aggregate call in an aggregation stage: `count`, `sum(x) as total`, `pct(x, 95)`.
#[derive(Clone, Debug)]
struct AggCall {
    func: Name,
    args: Vec<Expr>,
    alias: Option<Name>,
}

impl Node for Aggregate {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn keyword(&self) -> String {
        self.calls.first().map_or("count".into(), |c| c.func.text.to_ascii_lowercase())
    }
    fn names(&self, out: &mut Vec<String>) {
        for c in &self.calls {
            c.args.iter().for_each(|a| names::expr(a, out));
            names::opt(&c.alias, out);
        }
        names::all(&self.by, out);
    }
}

fn is_aggregate(lower: &str) -> bool {
    AGGREGATES.contains(&lower)
}

/// `min(a, b)` / `max(a, b)` with two or more arguments are the expression functions.
fn two_arg_call(c: &Cursor) -> bool {
    if !matches!(c.peek_at(1), Tok::Sym("(")) {
        return false;
    }
    let mut depth = 0;
    for k in 1.. {
        match c.peek_at(k) {
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") => {
                depth -= 1;
                if depth == 0 {
                    return false;
                }
            }
            Tok::Sym(",") if depth == 1 => return true,
            Tok::Eof | Tok::Sym("|") => return false,
            _ => {}
        }
    }
    false
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    if (c.is_word("min") || c.is_word("max")) && two_arg_call(c) {
        return super::eval::parse(c);
    }
    let mut calls = vec![agg_call(c)?];
    let mut by = Vec::new();
    loop {
        if c.eat_word("by")
            || (c.eat_word("group") && {
                c.eat_word("by");
                true
            })
        {
            by = c.name_list("a field to group by")?;
            break;
        }
        if c.is_sym(",") && matches!(c.peek_at(1), Tok::Ident { name, .. } if is_aggregate(&name.to_ascii_lowercase()))
        {
            c.bump();
            calls.push(agg_call(c)?);
            continue;
        }
        if let Tok::Ident { .. } = c.peek() {
            // `count _timeslice, user`: count takes its groups without `by`.
            by = c.name_list("a field to group by")?;
            if c.eat_word("by") {
                by.extend(c.name_list("a field to group by")?);
            }
        }
        break;
    }
    c.expect_stage_end("aggregation")?;
    Ok(Box::new(Aggregate { calls, by }))
}

fn agg_call(c: &mut Cursor) -> Result<AggCall, Diagnostic> {
    let func = c.expect_name("an aggregate function")?;
    let mut args = Vec::new();
    if c.eat_sym("(") {
        if !c.is_sym(")") {
            args.push(expr(c)?);
            while c.eat_sym(",") {
                args.push(expr(c)?);
            }
        }
        c.expect_sym(")", &format!("to close `{}(`", func.text))?;
    }
    let alias = c.opt_alias()?;
    Ok(AggCall { func, args, alias })
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Aggregate { calls, by } = node(n);
    Ok(Step::Aggregate(aggregate(calls, by, p.fields)?))
}

fn agg_fn(name: &str) -> Option<AggFn> {
    Some(match name {
        "count" | "count_frequent" => AggFn::Count,
        "count_distinct" => AggFn::CountDistinct,
        "sum" => AggFn::Sum,
        "avg" => AggFn::Avg,
        "min" => AggFn::Min,
        "max" => AggFn::Max,
        "pct" | "percentile" | "pct_sampling" => AggFn::Pct,
        "median" => AggFn::Median,
        "stddev" => AggFn::Stddev,
        "first" => AggFn::First,
        "last" => AggFn::Last,
        "most_recent" => AggFn::MostRecent,
        "least_recent" => AggFn::LeastRecent,
        "values" => AggFn::Values,
        _ => return None,
    })
}

fn default_name(lower: &str) -> &'static str {
    match lower {
        "count" => "_count",
        "count_frequent" => "_approxcount",
        "count_distinct" => "_count_distinct",
        "sum" => "_sum",
        "avg" => "_avg",
        "min" => "_min",
        "max" => "_max",
        "median" => "_median",
        "stddev" => "_stddev",
        "first" => "_first",
        "last" => "_last",
        "most_recent" => "_mostrecent",
        "least_recent" => "_leastrecent",
        _ => "_values",
    }
}

fn aggregate(calls: &[AggCall], by: &[Name], fields: &mut Fields) -> Result<ops::aggregate::Aggregate, Diagnostic> {
    let mut specs = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for call in calls {
        let lower = call.func.text.to_ascii_lowercase();
        let f = agg_fn(&lower).ok_or_else(|| {
            Diagnostic::at("E206", call.func.span.clone(), format!("unknown aggregate `{}`", call.func.text))
        })?;
        let needs_arg = !matches!(lower.as_str(), "count" | "count_frequent");
        if needs_arg && call.args.is_empty() {
            return Err(Diagnostic::at(
                "E207",
                call.func.span.clone(),
                format!("`{lower}` needs a field: `{lower}(field)`"),
            ));
        }
        let arg = match call.args.first() {
            Some(a) => Some(compile(a, fields)?),
            None => None,
        };
        let f = if lower == "count" && arg.is_some() { AggFn::CountField } else { f };
        let outs = if f == AggFn::Pct {
            pct_outputs(call, fields)?
        } else {
            let name = call.alias.as_ref().map_or(default_name(&lower).to_string(), |a| a.text.clone());
            vec![(0.0, fields.id(&name), name)]
        };
        for (_, _, n) in &outs {
            if used.iter().any(|u| u.eq_ignore_ascii_case(n)) {
                return Err(Diagnostic::at(
                    "E208",
                    call.func.span.clone(),
                    format!("two aggregates would both be named `{n}`"),
                )
                .hint("name one of them with `as`"));
            }
            used.push(n.clone());
        }
        specs.push(AggSpec { f, arg, outs });
    }
    let frequent = calls.len() == 1 && calls[0].func.text.eq_ignore_ascii_case("count_frequent");
    Ok(ops::aggregate::Aggregate {
        by: by.iter().map(|b| (fields.id(&b.text), b.text.clone())).collect(),
        specs,
        frequent,
    })
}

/// `pct(x, 50, 95)`: one column per percentile, `_x_pct_95` unless aliased.
fn pct_outputs(call: &AggCall, fields: &mut Fields) -> Result<Vec<(f64, usize, String)>, Diagnostic> {
    let field = match call.args.first().map(|a| &a.kind) {
        Some(ExprKind::Field(n)) => n.text.clone(),
        _ => "value".to_string(),
    };
    let mut outs = Vec::new();
    for a in call.args.iter().skip(1) {
        let ExprKind::Lit(v) = &a.kind else {
            return Err(Diagnostic::at("E209", a.span.clone(), "a percentile must be a number, like 95"));
        };
        let p = v
            .as_num()
            .filter(|p| (0.0..=100.0).contains(p))
            .ok_or_else(|| Diagnostic::at("E209", a.span.clone(), "a percentile must be between 0 and 100"))?;
        let name = if let Some(alias) = call.alias.as_ref().filter(|_| call.args.len() == 2) {
            alias.text.clone()
        } else {
            format!("_{field}_pct_{}", crate::value::format_num(p))
        };
        outs.push((p, fields.id(&name), name));
    }
    if outs.is_empty() {
        return Err(Diagnostic::at("E209", call.func.span.clone(), "`pct` needs a percentile: `pct(x, 95)`"));
    }
    Ok(outs)
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    let a = n.as_any().downcast_ref::<Aggregate>()?;
    let calls = a.calls.iter().map(|c| (&c.func, c.args.as_slice(), c.alias.as_ref())).collect();
    Some(super::view::View::Aggregate { calls, by: &a.by })
}
