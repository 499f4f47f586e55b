//! `trailscope explain`: the stages a query runs, in order, and what the engine decides about
//! each (`query::explain`), as text or, with `--json`, as the JSON the page shows.

use std::path::PathBuf;
use trailscope::diag::render::to_text;
use trailscope::query::explain::{explain, Explain};
use trailscope::store::Store;

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// Print JSON (what the page's Explain view draws) instead of text.
    #[arg(long)]
    json: bool,
    /// Template variable, NAME=VALUE (repeatable); unset ones are `*`.
    #[arg(long = "var")]
    vars: Vec<String>,
    #[command(flatten)]
    tables: super::check::Tables,
    /// `_sourceCategory` of the loaded files.
    #[arg(long, default_value = "cloudtrail")]
    category: String,
    query: String,
    /// Files or directories to explain the query over (decisions that depend on the data, such
    /// as remembered keyword matches, use them); without any, over no events with hot columns.
    paths: Vec<PathBuf>,
}

pub fn run(a: ExplainArgs) -> u8 {
    let (vars, lookups) = match (super::parse_vars(&a.vars), super::check::load_lookups(&a.tables)) {
        (Ok(v), Ok(l)) => (v, l),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut store = if a.paths.is_empty() {
        Store::new()
    } else {
        let (store, report) = super::load(&a.paths, &a.category);
        super::warn_about(&report.files);
        store
    };
    store.index_hot(std::thread::available_parallelism().map_or(1, |n| n.get()));
    match explain(&store, &a.query, &vars, &lookups) {
        Ok(e) if a.json => {
            println!("{}", serde_json::to_string_pretty(&e).unwrap_or_default());
            0
        }
        Ok(e) => {
            print!("{}", text(&e));
            0
        }
        Err(d) => {
            eprint!("{}", to_text(&d, &a.query));
            2
        }
    }
}

/// One paragraph per stage: number, keyword, kind, text; the fields; the decisions.
fn text(e: &Explain) -> String {
    let mut out = format!("{}\n", e.query);
    for (i, s) in e.stages.iter().enumerate() {
        let kind = serde_json::to_value(s.kind).ok().and_then(|k| k.as_str().map(str::to_string)).unwrap_or_default();
        let how = if s.streaming { ", per event" } else { "" };
        out.push_str(&format!("\n{}. {} ({kind}{how}): {}\n", i + 1, s.keyword, s.text));
        if !s.reads.is_empty() {
            out.push_str(&format!("   reads  {}\n", s.reads.join(", ")));
        }
        if !s.writes.is_empty() {
            out.push_str(&format!("   writes {}\n", s.writes.join(", ")));
        }
        for n in &s.notes {
            out.push_str(&format!("   - {n}\n"));
        }
    }
    if e.range_dependent {
        out.push_str("\nThe answer depends on the time range: every event's time counts.\n");
    }
    out
}
