//! The `trailscope` command: query, check, explain, compat, ingest, generate, geo, detect, sql,
//! athena-table.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod athena_table;
mod check;
mod compat;
mod detect;
mod explain;
mod generate;
mod geo;
mod ingest;
mod output;
mod query;
mod sql;

use std::path::PathBuf;
use trailscope::ingest::prefilter::Prefilter;
use trailscope::ingest::{load_paths, LoadOptions, LoadReport};
use trailscope::store::Store;

/// Loads every path into one store (newest first), on every core.
pub fn load(paths: &[PathBuf], category: &str) -> (Store, LoadReport) {
    load_with(paths, category, None)
}

/// Loads with a keyword prefilter (records that cannot match a query are skipped).
pub fn load_with(paths: &[PathBuf], category: &str, prefilter: Option<Prefilter>) -> (Store, LoadReport) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    load_paths(paths, &LoadOptions { category: category.to_string(), threads, prefilter, ..Default::default() })
}

/// `NAME=VALUE` pairs from the command line.
pub fn parse_vars(vars: &[String]) -> Result<std::collections::HashMap<String, String>, String> {
    vars.iter()
        .map(|v| {
            v.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| format!("--var needs NAME=VALUE, got `{v}`"))
        })
        .collect()
}

/// A time on the command line: RFC 3339 (`2024-01-31T10:00:00Z`) or a date (`2024-01-31`, UTC
/// midnight), as epoch milliseconds.
pub fn parse_time(s: &str) -> Result<i64, String> {
    let t = trailscope::ingest::time::parse_event_time(s);
    if t != trailscope::store::NO_TIME {
        return Ok(t);
    }
    let midnight = format!("{}T00:00:00Z", s.trim());
    match trailscope::ingest::time::parse_event_time(&midnight) {
        trailscope::store::NO_TIME => Err(format!("`{s}` is not a time: write 2024-01-31 or 2024-01-31T10:00:00Z")),
        t => Ok(t),
    }
}

/// What a one-shot query's load left out, on stderr: damage, records skipped and why, zip
/// members that failed (a user must not take a partial answer for a whole one).
pub fn warn_about(files: &[trailscope::ingest::FileReport]) {
    for f in files {
        if let Some(e) = &f.error {
            eprintln!("warning: {}: {e}", f.name);
        }
        if f.members.is_empty() {
            for (why, n) in &f.skip_reasons {
                eprintln!("warning: {}: {n} record{} skipped: {why}", f.name, if *n == 1 { "" } else { "s" });
            }
        }
        warn_about(&f.members);
    }
}

#[derive(Parser)]
#[command(name = "trailscope", version, about = "Sumo Logic queries over AWS CloudTrail logs, offline")]
struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run QUERY over the CloudTrail files and directories in PATH...
    Query(query::QueryArgs),
    /// Parse and plan QUERY without running it.
    Check(check::CheckArgs),
    /// The stages QUERY runs, in order, and what the engine decides about each.
    Explain(explain::ExplainArgs),
    /// Run every query of a corpus file (JSON lines with a "query" field) and report coverage.
    Compat(compat::CompatArgs),
    /// Load PATH... and print the load report.
    Ingest(ingest::IngestArgs),
    /// Write a sample account's CloudTrail logs (gzipped, S3 layout) into a directory.
    Generate(generate::GenerateArgs),
    /// Where IP addresses are: country, region, city (bundled DB-IP Lite table); stdin if none.
    Geo(geo::GeoArgs),
    /// Sigma rules (SigmaHQ's CloudTrail rules bundled, and yours) over PATH...: one line per alert.
    Detect(detect::DetectArgs),
    /// QUERY as SQL for Athena (Trino) or Spark over the CloudTrail table AWS documents.
    Sql(sql::SqlArgs),
    /// The Athena CREATE EXTERNAL TABLE (partition projection) for a trail's bucket.
    AthenaTable(athena_table::AthenaTableArgs),
}

fn main() -> ExitCode {
    // Usage errors exit 1 (2 is reserved for errors in the query itself).
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match args.cmd {
        Cmd::Query(a) => query::run(a),
        Cmd::Check(a) => check::run(a),
        Cmd::Explain(a) => explain::run(a),
        Cmd::Compat(a) => compat::run(a),
        Cmd::Ingest(a) => ingest::run(a),
        Cmd::Generate(a) => generate::run(a),
        Cmd::Geo(a) => geo::run(a),
        Cmd::Detect(a) => detect::run(a),
        Cmd::Sql(a) => sql::run(a),
        Cmd::AthenaTable(a) => athena_table::run(a),
    };
    ExitCode::from(code)
}
