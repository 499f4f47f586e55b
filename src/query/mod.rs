//! The query driver, at the top of the engine: compiles a query, runs its plan over a store
//! (`run::execute`, with the fast paths `hot_count` and `candidates`) and turns the table into a
//! [`QueryResult`].

pub mod candidates;
pub mod csv;
pub mod explain;
pub mod hot_count;
pub mod kinds;
pub mod order;
pub mod run;

use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::row::Reader;
use crate::exec::table::QueryResult;
use crate::lookup::Lookups;
use crate::plan::{compile, Plan};
use crate::store::Store;
use crate::{exec, funcs};
use std::collections::HashMap;

/// How to run a query.
#[derive(Clone, Debug, Default)]
pub struct QueryOptions {
    /// Values for `{{name}}` template variables; missing ones become `*`.
    pub vars: HashMap<String, String>,
    /// `now()`, epoch ms (the caller's clock: the engine reads none).
    pub now_ms: i64,
    /// Only events with a time in `[start, end)`; `None` means every event.
    pub range: Option<(i64, i64)>,
    /// The user's time zone, minutes east of UTC (for `formatDate`).
    pub tz_offset_minutes: i32,
    /// Threads the scan over events may use (0 or 1: one).
    pub threads: usize,
    /// Caps on the query's working memory (rows, groups); the defaults suit real queries.
    pub limits: exec::limits::Limits,
}

/// Runs a query over a store.
pub fn run_query(
    store: &Store,
    query: &str,
    opts: &QueryOptions,
    lookups: &Lookups,
) -> Result<QueryResult, Diagnostic> {
    let plan = compile(query, &opts.vars, lookups)?;
    let span = store.time_span().map_or((0, 0), |r| (r.start, r.end + 1));
    let (range, untimed) = match opts.range {
        Some(r) => (r, false),
        None => (span, true),
    };
    let ctx = funcs::EvalCtx {
        now_ms: opts.now_ms,
        query_start_ms: range.0,
        query_end_ms: range.1,
        tz_offset_minutes: opts.tz_offset_minutes,
    };
    let reader = Reader { store, fields: &plan.fields };
    let mut cx = Cx::new(reader, &ctx, lookups);
    cx.threads = opts.threads.max(1);
    cx.limits = opts.limits;
    let table = run::execute(&plan, store, &mut cx, untimed)?;
    let mut result = QueryResult::from_table(&table, &reader);
    result.warnings = crate::exec::warning::collect(cx.warnings);
    if let Some(w) = category_warning(&plan, store) {
        result.warnings.insert(0, w);
    }
    Ok(result)
}

/// A `_sourceCategory` in the scope that no loaded file has: say so rather than silently
/// returning nothing (`W001`, naming the pattern, which a page offers to fix).
fn category_warning(plan: &Plan, store: &Store) -> Option<crate::exec::warning::Warning> {
    let pats = plan.matcher.categories();
    let loaded: Vec<&str> = store.sources().iter().map(|s| s.category.as_str()).collect();
    let unmatched = pats.iter().find(|re| !loaded.iter().any(|c| re.is_match(c)))?;
    let mut cats = loaded.clone();
    cats.sort();
    cats.dedup();
    let pattern = category_pattern(unmatched);
    Some(crate::exec::warning::Warning {
        code: crate::exec::warning::CATEGORY_UNMATCHED,
        message: format!(
            "the query's _sourceCategory ({pattern}) matches nothing loaded (loaded: {}); set the category of the loaded files to match",
            if cats.is_empty() { "nothing".to_string() } else { cats.join(", ") }
        ),
        rows: 0,
        subject: Some(pattern),
    })
}

/// A `_sourceCategory` glob as written, from its compiled regex (`Labs/AWS/CloudTrail*`).
pub fn category_pattern(re: &regex::Regex) -> String {
    re.as_str().trim_start_matches("(?is)^").trim_end_matches('$').replace(".*?", "*").replace('\\', "")
}
