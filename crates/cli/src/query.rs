//! `trailscope query`: load files, run a query, print the result.

use super::output::{render, Format};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};
use trailscope::diag::render::to_text;
use trailscope::ingest::prefilter::Prefilter;
use trailscope::{run_query, QueryOptions};

#[derive(clap::Args)]
pub struct QueryArgs {
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// `_sourceCategory` of the loaded files.
    #[arg(long, default_value = "cloudtrail")]
    category: String,
    /// Template variable, NAME=VALUE (repeatable); unset ones are `*`.
    #[arg(long = "var")]
    vars: Vec<String>,
    #[command(flatten)]
    tables: super::check::Tables,
    /// Keep every copy of events delivered more than once (same eventID); by default one stays.
    #[arg(long)]
    keep_duplicates: bool,
    /// Only events at or after this time (RFC 3339, or a date: 2024-01-31).
    #[arg(long, value_parser = super::parse_time)]
    from: Option<i64>,
    /// Only events before this time (RFC 3339, or a date).
    #[arg(long, value_parser = super::parse_time)]
    to: Option<i64>,
    query: String,
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(a: QueryArgs) -> u8 {
    let vars = match super::parse_vars(&a.vars) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let lookups = match super::check::load_lookups(&a.tables) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let plan = match trailscope::compile(&a.query, &vars, &lookups) {
        Ok(p) => p,
        Err(d) => {
            eprint!("{}", to_text(&d, &a.query));
            return 2;
        }
    };
    // One-shot: files and lines without the query's keywords need not be read at all.
    let prefilter = if plan.range_dependent { None } else { plan.matcher.required().and_then(|l| Prefilter::new(&l)) };
    let (mut store, report) = super::load_with(&a.paths, &a.category, prefilter);
    // A time range: the events in it, and those before it that `compare` reruns the query
    // over; the query runs over the range itself (its bounds also size `timeslice N buckets`).
    let mut range = None;
    if a.from.is_some() || a.to.is_some() {
        let from = a.from.unwrap_or(i64::MIN + 1);
        let to = a.to.unwrap_or(i64::MAX);
        store.retain_range(from.saturating_sub(plan.lookback_ms()), to);
        let span = store.time_span().map_or((0, 0), |r| (r.start, r.end + 1));
        range = Some((a.from.unwrap_or(span.0), a.to.unwrap_or(span.1)));
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if !a.keep_duplicates {
        if let Some(m) = store.drop_duplicates_on(threads).message() {
            eprintln!("note: {m}; --keep-duplicates keeps them");
        }
    }
    super::warn_about(&report.files);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let opts = QueryOptions { vars, now_ms: now, threads, range, ..Default::default() };
    match run_query(&store, &a.query, &opts, &lookups) {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("warning: {w}");
            }
            print!("{}", render(&r, a.format));
            0
        }
        Err(d) => {
            eprint!("{}", to_text(&d, &a.query));
            2
        }
    }
}
