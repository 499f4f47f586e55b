//! The `trailscope` command: query, check, explain, compat, ingest, generate.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[path = "../cli/mod.rs"]
mod cli;

#[derive(Parser)]
#[command(name = "trailscope", version, about = "Sumo Logic queries over AWS CloudTrail logs, offline")]
struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run QUERY over the CloudTrail files and directories in PATH...
    Query(cli::query::QueryArgs),
    /// Parse and plan QUERY without running it.
    Check(cli::check::CheckArgs),
    /// The stages QUERY runs, in order, and what the engine decides about each.
    Explain(cli::explain::ExplainArgs),
    /// Run every query of a corpus file (JSON lines with a "query" field) and report coverage.
    Compat(cli::compat::CompatArgs),
    /// Load PATH... and print the load report.
    Ingest(cli::ingest::IngestArgs),
    /// Write a sample account's CloudTrail logs (gzipped, S3 layout) into a directory.
    Generate(cli::generate::GenerateArgs),
    /// Where IP addresses are: country, region, city (bundled DB-IP Lite table); stdin if none.
    Geo(cli::geo::GeoArgs),
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
        Cmd::Query(a) => cli::query::run(a),
        Cmd::Check(a) => cli::check::run(a),
        Cmd::Explain(a) => cli::explain::run(a),
        Cmd::Compat(a) => cli::compat::run(a),
        Cmd::Ingest(a) => cli::ingest::run(a),
        Cmd::Generate(a) => cli::generate::run(a),
        Cmd::Geo(a) => cli::geo::run(a),
    };
    ExitCode::from(code)
}
