//! Planning: a parsed query becomes steps to run, with every name resolved and every pattern
//! compiled. "Did you mean" and "unsupported: ..." diagnostics come from here.

pub mod expr;
pub mod matcher;
mod resolve;
mod resolve_agg;
mod resolve_series;

use crate::diag::{Diagnostic, Span};
use crate::fields::Fields;
use crate::lookup::Lookups;
use crate::ops::Step;
use crate::syntax::ast::Query;
use matcher::Matcher;
use std::collections::HashMap;

/// A query ready to run over any store.
pub struct Plan {
    pub fields: Fields,
    pub matcher: Matcher,
    pub steps: Vec<Step>,
    /// The result depends on the query's time range, not only on the events that match
    /// (`timeslice N buckets`, `fillmissing`, `compare`, `queryStartTime()` ...): such a
    /// query must see every event's time, so loading may not skip non-matching files.
    pub range_dependent: bool,
    /// Each step's stage: its span and operator, for errors found while running.
    pub stages: Vec<(Span, String)>,
}

/// Substitutes template variables, parses and plans: every stage's error, with spans in the
/// original text.
pub fn compile(query: &str, vars: &HashMap<String, String>, lookups: &Lookups) -> Result<Plan, Diagnostic> {
    let sub = crate::syntax::template::substitute(query, vars);
    let planned = crate::syntax::parse_query(&sub.text).and_then(|q| plan(&q, lookups));
    planned.map_err(|d| d.map_spans(|p| sub.to_original(p)))
}

/// Plans a parsed query. `lookups` says which lookup tables exist (geo, ASN, user CSVs).
pub fn plan(q: &Query, lookups: &Lookups) -> Result<Plan, Diagnostic> {
    let mut fields = Fields::default();
    // Messages always show these; giving them the first slots keeps that cheap.
    fields.id("_messagetime");
    fields.id("_raw");
    let matcher = matcher::compile(&q.scope)?;
    let steps = resolve::steps(&q.stages, &mut fields, lookups)?;
    let range_dependent = range_dependent(q);
    let stages = q.stages.iter().map(|s| (s.span.clone(), s.op.keyword())).collect();
    Ok(Plan { fields, matcher, steps, range_dependent, stages })
}

fn range_dependent(q: &Query) -> bool {
    use crate::syntax::ast::Op;
    use crate::syntax::names::mentions;
    q.stages.iter().any(|s| {
        matches!(
            s.op,
            Op::Timeslice { width_ms: None, .. } | Op::Fillmissing { .. } | Op::Compare { .. } | Op::Outlier { .. }
        )
    }) || mentions(&q.stages, "queryStartTime")
        || mentions(&q.stages, "queryEndTime")
}
