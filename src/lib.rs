//! Trailscope runs Sumo Logic search queries over AWS CloudTrail logs, entirely offline.
//!
//! The same engine serves the command-line tool and, compiled to WebAssembly, the web page.
//! A query goes through four stages, each in its own module:
//!
//! 1. [`syntax`] turns the text into a syntax tree, every node with its byte span;
//! 2. [`plan`] resolves names, functions, operators and lookups, and compiles patterns;
//! 3. [`exec`] runs the plan over a [`store::Store`] of events;
//! 4. the result is a [`QueryResult`]: columns and rows.
//!
//! Files become events in [`ingest`]. Errors from every stage are [`diag::Diagnostic`]s.
//!
//! ```
//! use trailscope::{ingest, run_query, store::Store, QueryOptions};
//!
//! let mut store = Store::new();
//! let file = br#"{"Records":[
//!   {"eventTime":"2024-01-02T03:04:05Z","eventName":"ConsoleLogin","sourceIPAddress":"203.0.113.9"},
//!   {"eventTime":"2024-01-02T03:05:00Z","eventName":"ListBuckets","sourceIPAddress":"203.0.113.9"}]}"#;
//! ingest::load_bytes(&mut store, "example.json", file, &Default::default());
//! store.finish();
//!
//! let result = run_query(&store, r#"* | json "eventName" | count by eventName | sort by eventName asc"#,
//!                        &QueryOptions::default(), &Default::default()).unwrap();
//! assert_eq!(result.columns, ["eventName", "_count"]);
//! assert_eq!(result.rows[0][0].to_string(), "ConsoleLogin");
//! assert_eq!(result.rows[0][1].to_string(), "1");
//! ```
#![forbid(unsafe_code)]

pub mod diag;
pub mod exec;
pub mod funcs;
pub mod generate;
pub mod geo;
pub mod ingest;
pub mod json;
pub mod lookup;
pub mod ops;
pub mod plan;
pub mod session;
pub mod store;
pub mod syntax;
#[cfg(target_arch = "wasm32")]
mod wasm;

use diag::Diagnostic;
use exec::cx::Cx;
use exec::row::Reader;
pub use exec::table::QueryResult;
use lookup::Lookups;
use std::collections::HashMap;
use store::Store;

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

/// Substitutes template variables, parses and plans: every stage's error, with spans in the
/// original text.
pub fn compile(query: &str, vars: &HashMap<String, String>, lookups: &Lookups) -> Result<plan::Plan, Diagnostic> {
    let sub = syntax::template::substitute(query, vars);
    let planned = syntax::parse_query(&sub.text).and_then(|q| plan::plan(&q, lookups));
    planned.map_err(|d| d.map_spans(|p| sub.to_original(p)))
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
    let table = exec::run::execute(&plan, store, &mut cx, untimed)?;
    let mut result = QueryResult::from_table(&table, &reader);
    result.warnings = exec::warning::collect(cx.warnings);
    if let Some(w) = category_warning(&plan, store) {
        result.warnings.insert(0, w);
    }
    Ok(result)
}

/// A `_sourceCategory` in the scope that no loaded file has: say so rather than silently
/// returning nothing (`W001`, naming the pattern, which a page offers to fix).
fn category_warning(plan: &plan::Plan, store: &Store) -> Option<exec::warning::Warning> {
    let pats = plan.matcher.categories();
    let loaded: Vec<&str> = store.sources().iter().map(|s| s.category.as_str()).collect();
    let unmatched = pats.iter().find(|re| !loaded.iter().any(|c| re.is_match(c)))?;
    let mut cats = loaded.clone();
    cats.sort();
    cats.dedup();
    let pattern =
        unmatched.as_str().trim_start_matches("(?is)^").trim_end_matches('$').replace(".*?", "*").replace('\\', "");
    Some(exec::warning::Warning {
        code: exec::warning::CATEGORY_UNMATCHED,
        message: format!(
            "the query's _sourceCategory ({pattern}) matches nothing loaded (loaded: {}); set the category of the loaded files to match",
            if cats.is_empty() { "nothing".to_string() } else { cats.join(", ") }
        ),
        rows: 0,
        subject: Some(pattern),
    })
}
