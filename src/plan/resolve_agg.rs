//! Planning of aggregations and ordering: default output names, argument checks.

use super::expr::compile;
use crate::diag::Diagnostic;
use crate::exec::agg_state::AggFn;
use crate::fields::Fields;
use crate::ops::{self, aggregate::Spec, Step};
use crate::syntax::ast::{AggCall, ExprKind, Op};

pub fn step(op: &Op, fields: &mut Fields) -> Result<Step, Diagnostic> {
    Ok(match op {
        Op::Aggregate { calls, by } => Step::Aggregate(aggregate(calls, by, fields)?),
        Op::Sort { keys } => {
            let keys = keys
                .iter()
                .map(|k| Ok((compile(&k.expr, fields)?, k.descending)))
                .collect::<Result<_, Diagnostic>>()?;
            Step::Table(Box::new(ops::sort::Sort { keys }))
        }
        Op::Top { n, fields: fs, by } => Step::Table(Box::new(ops::top::Top {
            n: *n,
            fields: fs.iter().map(|f| (fields.id(&f.text), f.text.clone())).collect(),
            by: by.as_ref().map(|b| (fields.id(&b.text), b.text.clone())),
            count: fields.id("_count"),
        })),
        Op::Topk { n, fields: fs, by } => Step::Table(Box::new(ops::top::Topk {
            n: *n,
            field: fields.id(&fs[0].text),
            by: by.iter().map(|b| fields.id(&b.text)).collect(),
            rank: fields.id("_rank"),
        })),
        Op::Limit { n } => Step::Table(Box::new(ops::limit::Limit(*n))),
        _ => unreachable!("resolve_agg::step called with another operator"),
    })
}

fn agg_fn(name: &str) -> Option<AggFn> {
    Some(match name {
        "count" | "count_frequent" => AggFn::Count,
        "count_distinct" => AggFn::CountDistinct,
        "sum" => AggFn::Sum,
        "avg" => AggFn::Avg,
        "min" => AggFn::Min,
        "max" => AggFn::Max,
        "pct" | "percentile" => AggFn::Pct,
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

fn aggregate(
    calls: &[AggCall],
    by: &[crate::syntax::ast::Name],
    fields: &mut Fields,
) -> Result<ops::aggregate::Aggregate, Diagnostic> {
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
        specs.push(Spec { f, arg, outs });
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
