//! Planning: a parsed query becomes steps to run, with every name resolved and every pattern
//! compiled. "Did you mean" and "unsupported: ..." diagnostics come from here.

pub mod expr;
pub mod matcher;
pub mod operators;
pub mod subquery;
pub mod threat_view;

pub use operators::parse_query;

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
    /// The subqueries of its scope and stages: the driver runs them first.
    pub subqueries: Vec<subquery::SubPlan>,
    /// A `_view=threat_intel*` scope's indicator fields, added to each event before the
    /// steps (`threat_view`).
    pub view: Option<threat_view::ThreatView>,
}

impl Plan {
    /// How far before its time range the query reads: `compare with timeshift 1d 3` reruns
    /// the query over the three days before, so their events must be loaded too.
    pub fn lookback_ms(&self) -> i64 {
        let shifts = self.steps.iter().filter_map(|s| if let Step::Compare(c) = s { Some(&c.shifts) } else { None });
        let compare = shifts.flatten().map(|s| s.ms.saturating_mul(s.count as i64)).max().unwrap_or(0);
        let logcompare = self
            .steps
            .iter()
            .filter_map(|s| if let Step::LogCompare(c) = s { Some(c.window.lookback_ms()) } else { None })
            .max();
        // A subquery's `from` may reach before the range: all of it when the time is absolute.
        let sub = self.subqueries.iter().filter_map(|s| s.from).map(|f| match f {
            subquery::At::Ago(ms) => ms,
            _ => i64::MAX / 4,
        });
        compare.max(logcompare.unwrap_or(0)).max(sub.max().unwrap_or(0)).max(0)
    }
}

/// Substitutes template variables, parses and plans: every stage's error, with spans in the
/// original text.
pub fn compile(query: &str, vars: &HashMap<String, String>, lookups: &Lookups) -> Result<Plan, Diagnostic> {
    let sub = crate::syntax::template::substitute(query, vars);
    let planned = parse_query(&sub.text).and_then(|q| plan(&q, lookups));
    planned.map_err(|d| d.map_spans(|p| sub.to_original(p)))
}

/// Plans a parsed query. `lookups` says which lookup tables exist (geo, ASN, user CSVs).
pub fn plan(q: &Query, lookups: &Lookups) -> Result<Plan, Diagnostic> {
    let mut fields = Fields::default();
    // Messages always show these; giving them the first slots keeps that cheap.
    fields.id("_messagetime");
    fields.id("_raw");
    let mut subqueries = Vec::new();
    let matcher = matcher::compile_with(&q.scope, lookups, &mut |sub| {
        subquery::plan_subquery(sub, subquery::Place::Scope, &mut fields, lookups, &mut subqueries)
    })?;
    let view = threat_view::plan(&q.scope, lookups, &mut fields);
    let steps = operators::steps(&q.stages, &mut fields, lookups, &mut subqueries)?;
    // A subquery reads events its parent's keywords do not match: loading may not skip them.
    let range_dependent = range_dependent(q) || !subqueries.is_empty();
    let stages = q.stages.iter().map(|s| (s.span.clone(), s.op.keyword())).collect();
    Ok(Plan { fields, matcher, steps, range_dependent, stages, subqueries, view })
}

fn range_dependent(q: &Query) -> bool {
    use crate::syntax::names::mentions;
    q.stages.iter().any(|s| operators::range_dependent(&*s.op))
        || crate::funcs::RANGE_DEPENDENT.iter().any(|f| mentions(&q.stages, f))
}

#[cfg(test)]
mod tests {
    use crate::syntax::names::{mentions, names};

    #[test]
    fn finds_fields_and_functions_everywhere() {
        let q = super::parse_query(
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

    /// The answer of a query-range function depends on the range, not on the events.
    #[test]
    fn range_functions_make_the_plan_range_dependent() {
        let plan = |q: &str| super::compile(q, &Default::default(), &Default::default()).unwrap();
        for q in ["* | queryTimeRange() as r", "* | queryStartTime() as s", "* | where querytimerange() > 0"] {
            assert!(plan(q).range_dependent, "{q}");
        }
        assert!(!plan("* | now() as n").range_dependent);
    }
}
