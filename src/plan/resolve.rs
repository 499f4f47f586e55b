//! Stage by stage from syntax to executable steps (extraction, filters, lookups, ordering).

use super::expr::{compile, user_regex};
use super::{resolve_agg, resolve_series};
use crate::diag::Diagnostic;
use crate::fields::Fields;
use crate::lookup::{Lookups, ASN_COLUMNS, GEO_COLUMNS};
use crate::ops::{self, Chain, Step};
use crate::syntax::ast::{ExprKind, LookupCol, Name, Op, Stage};
use std::sync::Arc;

pub fn steps(stages: &[Stage], fields: &mut Fields, lookups: &Lookups) -> Result<Vec<Step>, Diagnostic> {
    let mut out = Vec::new();
    let mut nth_extract = 0u32;
    let mut chain = 0u64;
    for st in stages {
        let mut next_chain = 0u64;
        let mut extraction = |nodrop: bool| {
            let bit = if nth_extract < 64 { 1u64 << nth_extract } else { 0 };
            nth_extract += 1;
            let c = Chain { bit, chain, nodrop };
            next_chain = if nodrop { chain | bit } else { 0 };
            c
        };
        let step = match &st.op {
            Op::Parse { field, patterns, nodrop } => {
                let c = extraction(*nodrop);
                let field = field_or_raw(field, fields);
                let patterns = patterns
                    .iter()
                    .map(|(p, _, names)| {
                        ops::parse::Pattern::new(
                            p,
                            names.iter().map(|n| (fields.id(&n.text), n.text.clone())).collect(),
                        )
                    })
                    .collect();
                Step::Row(Box::new(ops::parse::Parse { field, patterns, chain: c }))
            }
            Op::ParseRegex { field, patterns, nodrop, multi } => {
                let c = extraction(*nodrop);
                let field = field_or_raw(field, fields);
                let mut compiled = Vec::new();
                for (p, span) in patterns {
                    let re = user_regex(p, span.clone())?;
                    let groups: Vec<_> =
                        re.capture_names().flatten().map(|g| (g.to_string(), fields.id(g), g.to_string())).collect();
                    if groups.is_empty() {
                        return Err(Diagnostic::at(
                            "E152",
                            span.clone(),
                            "this regex has no named group to extract into",
                        )
                        .hint("name what to capture: (?<user>\\w+)"));
                    }
                    compiled.push((re, groups));
                }
                Step::Row(Box::new(ops::parse_regex::ParseRegex { field, patterns: compiled, multi: *multi, chain: c }))
            }
            Op::Json { field, paths, names, nodrop, auto } => {
                let c = extraction(*nodrop || (*auto && paths.is_empty()));
                let field = field_or_raw(field, fields);
                let mut ps = Vec::new();
                for (i, (p, span)) in paths.iter().enumerate() {
                    let segs = crate::json::parse_path(p)
                        .map_err(|m| Diagnostic::at("E153", span.clone(), format!("invalid JSON path: {m}")))?;
                    let name = names.get(i).map_or(p.clone(), |n| n.text.clone());
                    ps.push((segs, fields.id(&name), name));
                }
                // `json auto` fills the fields the rest of the query names; they exist by now
                // only if written earlier, so auto mode reads every field name of the query.
                let auto = if *auto { auto_fields(stages, fields) } else { Vec::new() };
                let reads_raw = fields.builtin(field) == Some(crate::fields::Builtin::Raw);
                let hot: Vec<Option<usize>> = if reads_raw {
                    paths.iter().map(|(p, _)| crate::store::hot::HotColumns::column_of(p)).collect()
                } else {
                    Vec::new()
                };
                let hot = if hot.iter().all(Option::is_some) { hot } else { Vec::new() };
                Step::Row(Box::new(ops::json::Json { field, paths: ps, auto, chain: c, hot }))
            }
            Op::Where(e) => Step::Row(Box::new(ops::where_::Where(compile(e, fields)?))),
            Op::Eval { expr, name } => eval(expr, name, fields, st)?,
            Op::Fields { drop, names } => {
                let ids = names.iter().map(|n| (fields.id(&n.text), n.text.clone())).collect();
                Step::Table(Box::new(ops::fields::Fields { drop: *drop, ids }))
            }
            Op::Lookup { columns, all, source, on } => lookup(columns, *all, source, on, fields, lookups)?,
            Op::Withtime { field, alias } => {
                let name = alias.as_ref().map_or(format!("{}_withtime", field.text), |a| a.text.clone());
                Step::Row(Box::new(ops::withtime::Withtime {
                    field: fields.id(&field.text),
                    out: fields.id(&name),
                    name,
                }))
            }
            Op::Timeslice { width_ms, buckets, alias } => {
                let name = alias.as_ref().map_or("_timeslice".to_string(), |a| a.text.clone());
                Step::Row(Box::new(ops::timeslice::Timeslice {
                    width_ms: *width_ms,
                    buckets: *buckets,
                    out: fields.id(&name),
                    end: fields.id("__timeslice_end"),
                    name,
                }))
            }
            Op::Aggregate { .. } | Op::Sort { .. } | Op::Top { .. } | Op::Topk { .. } | Op::Limit { .. } => {
                resolve_agg::step(&st.op, fields)?
            }
            Op::Compare { shifts } => compare(shifts, &out, fields, st)?,
            _ => resolve_series::step(st, fields)?,
        };
        chain = if matches!(st.op, Op::Eval { .. }) { chain } else { next_chain };
        out.push(step);
    }
    Ok(out)
}

fn field_or_raw(field: &Option<Name>, fields: &mut Fields) -> usize {
    fields.id(field.as_ref().map_or("_raw", |n| n.text.as_str()))
}

fn auto_fields(stages: &[Stage], fields: &mut Fields) -> Vec<(usize, String)> {
    let mut names: Vec<String> = Vec::new();
    for n in crate::syntax::names::names(stages) {
        if !n.starts_with('_') && crate::funcs::find(&n).is_none() && !names.iter().any(|m| m.eq_ignore_ascii_case(&n))
        {
            names.push(n);
        }
    }
    names.into_iter().map(|n| (fields.id(&n), n)).collect()
}

/// Functions that may stand alone and convert their field in place (`| num(x)`); the others
/// need `as name` (Sumo Logic requires it for `concat`, `replace`, ...).
const IN_PLACE: &[&str] = &[
    "num",
    "number",
    "toint",
    "tolong",
    "todouble",
    "tostring",
    "round",
    "ceil",
    "floor",
    "abs",
    "tolowercase",
    "touppercase",
    "trim",
    "urldecode",
    "urlencode",
    "base64decode",
    "base64encode",
];

fn eval(
    expr: &crate::syntax::ast::Expr,
    name: &Option<Name>,
    fields: &mut Fields,
    st: &Stage,
) -> Result<Step, Diagnostic> {
    let target = match (name, &expr.kind) {
        (Some(n), _) => n.text.clone(),
        // `num(x)`, `round(x)`, `toLowerCase(x)` alone convert x in place.
        (None, ExprKind::Call { name, args })
            if IN_PLACE.iter().any(|f| f.eq_ignore_ascii_case(&name.text))
                && matches!(args.first().map(|a| &a.kind), Some(ExprKind::Field(_))) =>
        {
            let Some(ExprKind::Field(f)) = args.first().map(|a| &a.kind) else { unreachable!() };
            f.text.clone()
        }
        _ => {
            return Err(Diagnostic::at("E205", st.span.clone(), "this expression needs a name for its result")
                .hint("add `as name` at the end"))
        }
    };
    let c = compile(expr, fields)?;
    Ok(Step::Row(Box::new(ops::eval::Eval { expr: c, out: fields.id(&target), name: target })))
}

fn lookup(
    columns: &[LookupCol],
    all: bool,
    source: &(String, crate::diag::Span),
    on: &[(Name, crate::syntax::ast::Expr)],
    fields: &mut Fields,
    lookups: &Lookups,
) -> Result<Step, Diagnostic> {
    let (path, span) = source;
    let lower = path.to_ascii_lowercase();
    let bundled = crate::lookup::bundled(path);
    let mut table_keys = None;
    let (src, known): (ops::lookup::Source, Vec<String>) = if bundled == Some(crate::lookup::Bundled::Geo) {
        (ops::lookup::Source::Geo, GEO_COLUMNS.iter().map(|s| s.to_string()).collect())
    } else if bundled == Some(crate::lookup::Bundled::Asn) {
        (ops::lookup::Source::Asn, ASN_COLUMNS.iter().map(|s| s.to_string()).collect())
    } else if let Some(t) = lookups.table(path) {
        // Sumo writes both `on column=field` and `on field=column`: whichever side names a
        // column of the table is the table's side.
        let mut keys = Vec::new();
        let mut exprs = Vec::new();
        for (k, e) in on {
            if let (None, ExprKind::Field(f)) = (t.column(&k.text), &e.kind) {
                if let Some(c) = t.column(&f.text) {
                    keys.push(c);
                    exprs.push(crate::syntax::ast::Expr { kind: ExprKind::Field(k.clone()), span: k.span.clone() });
                    continue;
                }
            }
            keys.push(t.column(&k.text).ok_or_else(|| {
                Diagnostic::at("E160", k.span.clone(), format!("the table {path} has no column `{}`", k.text))
                    .suggest(&k.text, t.header.iter().map(String::as_str))
            })?);
            exprs.push(e.clone());
        }
        let keys_exprs = exprs.iter().map(|e| compile(e, fields)).collect::<Result<Vec<_>, _>>()?;
        table_keys = Some(keys_exprs);
        (ops::lookup::Source::Table { index: t.index(&keys), table: Arc::clone(t) }, t.header.clone())
    } else if lower.starts_with("sumo://") {
        return Err(Diagnostic::at("U020", span.clone(), format!("unsupported: `{path}` is threat intelligence hosted by Sumo Logic (CrowdStrike); it has no offline copy"))
            .hint("remove this lookup, or load your own indicator list as a CSV table"));
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        return Err(Diagnostic::at(
            "U022",
            span.clone(),
            format!("unsupported: `{path}` would be downloaded, and Trailscope never fetches anything"),
        )
        .hint("download the CSV yourself and load it as a lookup table under this name"));
    } else {
        return Err(Diagnostic::at(
            "U021",
            span.clone(),
            format!(
                "unsupported: the lookup table `{path}` lives in a Sumo Logic account; no table of that name is loaded"
            ),
        )
        .hint(format!("load it from a CSV file as `{path}` (CLI: --lookup {path}=FILE.csv)")));
    };
    if matches!(src, ops::lookup::Source::Geo | ops::lookup::Source::Asn) && on.len() != 1 {
        return Err(Diagnostic::at(
            "E161",
            span.clone(),
            format!("`{path}` is keyed by one address: write `on ip = field`"),
        ));
    }
    let mut outs = Vec::new();
    let wanted: Vec<(String, String, crate::diag::Span)> = if all {
        known.iter().map(|k| (k.clone(), k.clone(), span.clone())).collect()
    } else {
        columns
            .iter()
            .map(|c| {
                (
                    c.column.text.clone(),
                    c.alias.as_ref().map_or(c.column.text.clone(), |a| a.text.clone()),
                    c.column.span.clone(),
                )
            })
            .collect()
    };
    for (col, name, cspan) in wanted {
        let Some(i) = known.iter().position(|k| k.eq_ignore_ascii_case(&col)) else {
            return Err(Diagnostic::at("E162", cspan, format!("`{path}` has no column `{col}`"))
                .suggest(&col, known.iter().map(String::as_str)));
        };
        outs.push((i, fields.id(&name), name));
    }
    let keys = match table_keys {
        Some(k) => k,
        None => on.iter().map(|(_, e)| compile(e, fields)).collect::<Result<_, _>>()?,
    };
    Ok(Step::Row(Box::new(ops::lookup::Lookup { source: src, keys, outs })))
}

fn compare(
    shifts: &[crate::syntax::ast::Timeshift],
    before: &[Step],
    fields: &mut Fields,
    st: &Stage,
) -> Result<Step, Diagnostic> {
    let Some(Step::Aggregate(agg)) = before.iter().rev().find(|s| matches!(s, Step::Aggregate(_))) else {
        return Err(Diagnostic::at("E220", st.span.clone(), "`compare` needs an aggregation before it")
            .hint("for example `count by eventName | compare with timeshift 1d`"));
    };
    if before.iter().any(|s| matches!(s, Step::Compare(_))) {
        return Err(Diagnostic::at("E221", st.span.clone(), "`compare` may appear only once in a query"));
    }
    let values: Vec<(usize, String)> =
        agg.specs.iter().flat_map(|s| s.outs.iter().map(|(_, id, n)| (*id, n.clone()))).collect();
    let mut out = Vec::new();
    for sh in shifts {
        let combine = match sh.agg.as_ref().map(|a| a.text.to_ascii_lowercase()) {
            Some(a) if a == "min" => ops::compare::Combine::Min,
            Some(a) if a == "max" => ops::compare::Combine::Max,
            _ => ops::compare::Combine::Avg,
        };
        let suffix = match (&sh.count, &sh.agg) {
            (Some(n), _) if *n > 1 => {
                format!("{}_{}", sh.raw, sh.agg.as_ref().map_or("avg".to_string(), |a| a.text.to_ascii_lowercase()))
            }
            _ => sh.raw.clone(),
        };
        let outs = values
            .iter()
            .map(|(id, n)| {
                let name = match &sh.alias {
                    Some(a) if values.len() == 1 => a.text.clone(),
                    Some(a) => format!("{n}_{}", a.text),
                    None => format!("{n}_{suffix}"),
                };
                (*id, fields.id(&name), name)
            })
            .collect();
        out.push(ops::compare::Shift {
            ms: sh.shift_ms as i64,
            count: sh.count.unwrap_or(1).clamp(1, 7),
            combine,
            outs,
        });
    }
    Ok(Step::Compare(ops::compare::Compare { shifts: out, keys: agg.by.iter().map(|(id, _)| *id).collect() }))
}
