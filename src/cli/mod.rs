//! The command-line tool's subcommands, one per file, and the output formats they share.

pub mod check;
pub mod compat;
pub mod ingest;
pub mod output;
pub mod query;

use std::path::PathBuf;
use trailscope::ingest::{load_path, LoadOptions, LoadReport};
use trailscope::store::Store;

/// Loads every path into one store (newest first).
pub fn load(paths: &[PathBuf], category: &str) -> (Store, LoadReport) {
    let mut store = Store::new();
    let mut report = LoadReport::default();
    let opts = LoadOptions { category: category.to_string() };
    for p in paths {
        load_path(&mut store, p, &opts, &mut report);
    }
    store.finish();
    (store, report)
}

/// `NAME=VALUE` pairs from the command line.
pub fn parse_vars(vars: &[String]) -> Result<std::collections::HashMap<String, String>, String> {
    vars.iter()
        .map(|v| v.split_once('=').map(|(k, v)| (k.trim().to_string(), v.to_string())).ok_or_else(|| format!("--var needs NAME=VALUE, got `{v}`")))
        .collect()
}
