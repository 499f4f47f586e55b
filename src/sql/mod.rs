//! A Sumo Logic query as SQL for Athena (Trino) or Spark, over the CloudTrail table AWS documents.
//!
//! The query is parsed with the operator registry, then each stage becomes one CTE (see
//! `pipeline`); stages read through `plan::operators::view`, so no operator's node is public.
//! What has no faithful SQL stops with a `Q0xx` diagnostic naming the stage and why: the SQL
//! either answers what Trailscope answers over the same events or is not written.

mod aggregate;
pub mod ddl;
mod dialect;
mod expr;
mod extract;
mod fail;
mod funcs;
mod pipeline;
mod quote;
pub mod schema;
mod scope;
mod table;

pub use dialect::Dialect;

use crate::diag::Diagnostic;
use crate::plan::operators::view::{view, View};
use crate::syntax::ast::Query;
use pipeline::Pipe;
use quote::{ident, lit};
use std::collections::HashMap;

/// What to write: the dialect, the table's name, a time range (epoch ms, `to` excluded) and
/// the template variables.
#[derive(Clone, Debug)]
pub struct Options {
    pub dialect: Dialect,
    pub table: String,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub vars: HashMap<String, String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            dialect: Dialect::Athena,
            table: "cloudtrail_logs".into(),
            from: None,
            to: None,
            vars: HashMap::new(),
        }
    }
}

/// The SQL for `query`, or the diagnostic that says why there is none (spans in `query`).
pub fn translate(query: &str, opts: &Options) -> Result<String, Diagnostic> {
    let sub = crate::syntax::template::substitute(query, &opts.vars);
    let q = crate::plan::operators::parse_query(&sub.text).map_err(|d| d.map_spans(|p| sub.to_original(p)))?;
    // Planning checks names, arities and regexes exactly as a run would.
    crate::plan::plan(&q, &crate::lookup::Lookups::default()).map_err(|d| d.map_spans(|p| sub.to_original(p)))?;
    build(&q, opts).map_err(|d| d.map_spans(|p| sub.to_original(p)))
}

fn build(q: &Query, opts: &Options) -> Result<String, Diagnostic> {
    let d = opts.dialect;
    let mut p = Pipe::new(d, first(q, opts)?);
    for st in &q.stages {
        stage(&mut p, st)?;
        if !p.keep_chain {
            p.chain = std::mem::take(&mut p.next_chain);
        }
        p.next_chain.clear();
        p.keep_chain = false;
    }
    let mut columns: Vec<(String, String)> = Vec::new();
    if !p.aggregated {
        // Messages: their time and the fields the query set, newest first.
        columns.push((ident(d, "_messagetime"), "_messagetime".into()));
        if p.order.is_empty() {
            p.order = vec![format!("{} DESC", ident(d, "_messagetime"))];
        }
    }
    columns.extend(p.fields.iter().map(|f| (f.col.clone(), f.name.clone())));
    Ok(p.finish(&columns, None))
}

/// The first CTE: the table's rows in the scope and time range, with `_raw` and `_messagetime`.
fn first(q: &Query, opts: &Options) -> Result<String, Diagnostic> {
    let d = opts.dialect;
    let mut adds = vec![format!("{} AS {}", d.epoch_ms("eventtime"), ident(d, "_messagetime"))];
    if needs_raw(q) {
        adds.push(format!("{} AS {}", schema::raw_text(d), ident(d, "_raw")));
    }
    let inner = format!("SELECT *, {} FROM {}", adds.join(", "), opts.table);
    let mut wheres: Vec<String> = scope::condition(d, &q.scope)?.into_iter().collect();
    let ms = ident(d, "_messagetime");
    let ts = ident(d, "timestamp");
    if let Some(from) = opts.from {
        wheres.push(format!("{ms} >= {from}"));
        wheres.push(format!("{ts} >= {}", lit(d, &day(from))));
    }
    if let Some(to) = opts.to {
        wheres.push(format!("{ms} < {to}"));
        // A file lands in the folder of the day it was delivered, up to a day after its last event.
        wheres.push(format!("{ts} <= {}", lit(d, &day(to - 1 + 86_400_000))));
    }
    if wheres.is_empty() {
        return Ok(inner);
    }
    Ok(format!("SELECT * FROM ({inner}) AS t\n  WHERE {}", wheres.join("\n    AND ")))
}

/// Whether the query reads the event's text: keywords, or an extraction or expression over `_raw`.
fn needs_raw(q: &Query) -> bool {
    fn keywords(s: &crate::syntax::ast::Search) -> bool {
        use crate::syntax::ast::Search;
        match s {
            Search::Keyword { text, .. } => !text.trim_matches('*').is_empty(),
            Search::And(v) | Search::Or(v) => v.iter().any(keywords),
            Search::Not(x) => keywords(x),
            _ => false,
        }
    }
    keywords(&q.scope)
        || q.stages.iter().any(|st| {
            let mut names = Vec::new();
            st.op.names(&mut names);
            let raw_json = matches!(view(&*st.op), Some(View::Json { field: None, .. }));
            (st.op.reads_raw() && !raw_json) || names.iter().any(|n| n.eq_ignore_ascii_case("_raw"))
        })
}

/// The `timestamp` partition's value (`yyyy/MM/dd`, UTC) of a time.
fn day(ms: i64) -> String {
    crate::ingest::time::iso(ms)[..10].replace('-', "/")
}

fn stage(p: &mut Pipe, st: &crate::syntax::ast::Stage) -> Result<(), Diagnostic> {
    let span = &st.span;
    let Some(v) = view(&*st.op) else {
        return Err(fail::operator(span.clone(), &st.op.keyword(), "this operator has no SQL form here"));
    };
    match v {
        View::Json { auto: true, .. } => {
            return Err(fail::operator(span.clone(), "json auto", "it reads whatever fields the query names later"))
        }
        View::Json { field, nodrop, paths, names, .. } => extract::json(p, span, field, nodrop, &paths, names)?,
        View::Parse { field, nodrop, patterns } => extract::parse(p, span, field, nodrop, &patterns)?,
        View::ParseRegex { field, nodrop, patterns, multi } => {
            extract::parse_regex(p, span, field, nodrop, &patterns, multi)?
        }
        View::Where(e) => {
            let c = expr::boolean(p, e)?;
            p.stage(&[], Some(c));
        }
        View::Eval { expr: e, name } => {
            p.keep_chain = true;
            let target = match (name, &e.kind) {
                (Some(n), _) => n.text.clone(),
                (None, crate::syntax::ast::ExprKind::Call { args, .. }) => match args.first().map(|a| &a.kind) {
                    Some(crate::syntax::ast::ExprKind::Field(f)) => f.text.clone(),
                    _ => return Err(fail::expression(span.clone(), "a stage without `as`")),
                },
                _ => return Err(fail::expression(span.clone(), "a stage without `as`")),
            };
            let (sql, ty) = expr::expr(p, e)?;
            let col = p.fresh(&target);
            p.stage(&[(sql, col.clone())], None);
            p.set(&target, col, if ty == expr::Ty::Null { expr::Ty::Text } else { ty });
        }
        View::Fields { drop, names } => table::fields(p, drop, names),
        View::Aggregate { calls, by } => aggregate::aggregate(p, span, &calls, by)?,
        View::Sort(keys) => table::sort(p, keys)?,
        View::Top { n, fields, by } => table::top(p, span, n, fields, by)?,
        View::Limit(n) => table::limit(p, n),
        View::Timeslice { width_ms, alias, .. } => table::timeslice(p, span, width_ms, alias)?,
    }
    Ok(())
}
