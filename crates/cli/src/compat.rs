//! `trailscope compat`: how much of a corpus of real queries parses, plans and runs.

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use trailscope::{run_query, syntax, QueryOptions};

#[derive(clap::Args)]
pub struct CompatArgs {
    /// Print the summary (and every query's outcome) as JSON.
    #[arg(long)]
    json: bool,
    /// CloudTrail files to run the queries over (default: none, so queries run over no events).
    #[arg(long)]
    data: Option<PathBuf>,
    #[command(flatten)]
    tables: super::check::Tables,
    /// A template variable or search macro's text, NAME=VALUE (repeatable), e.g.
    /// `--var cloudTrail=_sourceCategory=cloudtrail` for the `$$cloudTrail` of old dashboards.
    #[arg(long = "var")]
    vars: Vec<String>,
    queries: PathBuf,
}

#[derive(Serialize)]
struct Outcome {
    id: serde_json::Value,
    stage: &'static str,
    code: Option<String>,
    message: Option<String>,
}

#[derive(Serialize, Default)]
struct Summary {
    total: usize,
    parsed: usize,
    planned: usize,
    ran: usize,
    /// Unsupported features that stopped queries, with how many each.
    unsupported: BTreeMap<String, usize>,
    /// Other errors (bugs or gaps to fix), with how many each.
    errors: BTreeMap<String, usize>,
    queries: Vec<Outcome>,
}

pub fn run(a: CompatArgs) -> u8 {
    let text = match std::fs::read_to_string(&a.queries) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: {e}", a.queries.display());
            return 1;
        }
    };
    let (store, _) = super::load(a.data.as_slice(), "cloudtrail");
    let lookups = match super::check::load_lookups(&a.tables) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let vars = match super::parse_vars(&a.vars) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let opts = QueryOptions { vars: vars.clone(), ..Default::default() };
    let mut s = Summary::default();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let Ok(obj) = serde_json::from_str::<serde_json::Value>(line) else {
            eprintln!("error: line {} of {} is not JSON", n + 1, a.queries.display());
            return 1;
        };
        let query = obj["query"].as_str().unwrap_or_default();
        let id = obj.get("id").cloned().unwrap_or(serde_json::Value::from(n));
        s.total += 1;
        let sub = syntax::template::substitute(query, &vars);
        let (stage, err) = match trailscope::plan::parse_query(&sub.text) {
            Err(d) => ("parse", Some(d)),
            Ok(q) => match trailscope::plan::plan(&q, &lookups) {
                Err(d) => ("plan", Some(d)),
                Ok(_) => match run_query(&store, query, &opts, &lookups) {
                    Err(d) => ("run", Some(d)),
                    Ok(_) => ("ran", None),
                },
            },
        };
        s.parsed += usize::from(stage != "parse");
        s.planned += usize::from(stage == "run" || stage == "ran");
        s.ran += usize::from(stage == "ran");
        if let Some(d) = &err {
            let bucket = if d.is_unsupported() { &mut s.unsupported } else { &mut s.errors };
            *bucket.entry(format!("{}: {}", d.code, d.message)).or_insert(0) += 1;
        }
        s.queries.push(Outcome {
            id,
            stage,
            code: err.as_ref().map(|d| d.code.to_string()),
            message: err.map(|d| d.message),
        });
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s).expect("summary serializes"));
    } else {
        for q in &s.queries {
            println!("{:>5}  {:<6} {}", q.id, q.stage, q.message.as_deref().unwrap_or(""));
        }
        let pct = |k: usize| if s.total == 0 { 0.0 } else { 100.0 * k as f64 / s.total as f64 };
        println!(
            "\ntotal {}  parsed {} ({:.1}%)  planned {} ({:.1}%)  ran {} ({:.1}%)",
            s.total,
            s.parsed,
            pct(s.parsed),
            s.planned,
            pct(s.planned),
            s.ran,
            pct(s.ran)
        );
        for (m, k) in &s.unsupported {
            println!("  unsupported x{k}: {m}");
        }
        for (m, k) in &s.errors {
            println!("  error x{k}: {m}");
        }
    }
    0
}
