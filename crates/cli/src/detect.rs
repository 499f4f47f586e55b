//! `trailscope detect`: Sigma rules (the bundled ones and the user's) over CloudTrail files, one line per alert and a summary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use trailscope::detect::{baseline, export, export::HEADER, Alert, Level, RuleOptions, RuleSet, Summary};
use trailscope::diag::render::to_text;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(clap::Args)]
pub struct DetectArgs {
    /// A folder of Sigma rules (`.yml`, `.yaml`, read recursively) or one rule file (repeatable).
    #[arg(long = "rules")]
    rules: Vec<PathBuf>,
    /// Leave out the bundled rules (SigmaHQ's CloudTrail rules).
    #[arg(long)]
    no_builtin: bool,
    /// Run only rules at this level or above.
    #[arg(long, value_parser = parse_level)]
    min_level: Option<Level>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Values for a rule's `%NAME%` placeholder: NAME=V1,V2 (repeatable), e.g.
    /// `--expand Legitimate_Countries=US,CA` for the bundled console-login rule.
    #[arg(long = "expand")]
    expand: Vec<String>,
    /// Keep every copy of events delivered more than once (same eventID); by default one stays.
    #[arg(long)]
    keep_duplicates: bool,
    /// Leave out the behaviour baselines (first seen, impossible travel, sign-ins, bursts).
    #[arg(long)]
    no_baselines: bool,
    #[command(flatten)]
    baselines: BaselineArgs,
    /// Print each rule's equivalent Sumo query (or why it has none) instead of running the
    /// rules; no PATH is needed.
    #[arg(long)]
    queries: bool,
    #[arg(required_unless_present = "queries")]
    paths: Vec<PathBuf>,
}

/// The baselines' thresholds (defaults in `trailscope::detect::baseline::Options`).
#[derive(clap::Args)]
pub struct BaselineArgs {
    /// Learning window of the first-seen baselines: the first N days of the events [default: 7].
    #[arg(long, value_name = "DAYS")]
    baseline_days: Option<f64>,
    /// ... or everything before this date or time (`2024-09-15`, `2024-09-15T12:00:00Z`).
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    baseline_until: Option<i64>,
    /// Impossible travel: faster than this [default: 1000 km/h] ...
    #[arg(long, value_name = "KMH")]
    travel_kmh: Option<f64>,
    /// ... over more than this distance [default: 500 km].
    #[arg(long, value_name = "KM")]
    travel_km: Option<f64>,
    /// A burst of failed console sign-ins: at least N [default: 3] ...
    #[arg(long, value_name = "N")]
    failed_sign_ins: Option<usize>,
    /// ... less than this many minutes apart [default: 15].
    #[arg(long, value_name = "MINUTES")]
    failed_minutes: Option<f64>,
    /// A burst of AccessDenied errors of one principal and user agent: at least N [default: 10] ...
    #[arg(long, value_name = "N")]
    denied: Option<usize>,
    /// ... less than this many minutes apart [default: 60].
    #[arg(long, value_name = "MINUTES")]
    denied_minutes: Option<f64>,
}

impl BaselineArgs {
    fn options(&self) -> baseline::Options {
        let d = baseline::Options::default();
        baseline::Options {
            learn_days: self.baseline_days.unwrap_or(d.learn_days),
            learn_until: self.baseline_until.or(d.learn_until),
            travel_kmh: self.travel_kmh.unwrap_or(d.travel_kmh),
            travel_km: self.travel_km.unwrap_or(d.travel_km),
            failed_sign_ins: self.failed_sign_ins.unwrap_or(d.failed_sign_ins),
            failed_minutes: self.failed_minutes.unwrap_or(d.failed_minutes),
            denied: self.denied.unwrap_or(d.denied),
            denied_minutes: self.denied_minutes.unwrap_or(d.denied_minutes),
        }
    }
}

fn parse_time(s: &str) -> Result<i64, String> {
    trailscope::ingest::time::parse_loose(s)
        .ok_or_else(|| format!("`{s}` is not a date or time (2024-09-15, 2024-09-15T12:00:00Z)"))
}

fn parse_level(s: &str) -> Result<Level, String> {
    Level::parse(s).ok_or_else(|| format!("`{s}` is not a level: informational, low, medium, high or critical"))
}

fn placeholders(expand: &[String]) -> Result<HashMap<String, Vec<String>>, String> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for e in expand {
        let (name, values) = e.split_once('=').ok_or_else(|| format!("--expand needs NAME=V1,V2, got `{e}`"))?;
        let name = name.trim().trim_matches('%').to_string();
        let vals = values.split(',').map(str::trim).filter(|v| !v.is_empty()).map(String::from);
        out.entry(name).or_default().extend(vals);
    }
    Ok(out)
}

/// Rule files under `p` (a file, or a folder read recursively), in name order.
fn rule_files(p: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if p.is_file() {
        out.push(p.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(p)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            rule_files(&e, out)?;
        } else if e.extension().is_some_and(|x| x == "yml" || x == "yaml") {
            out.push(e);
        }
    }
    Ok(())
}

pub fn run(a: DetectArgs) -> u8 {
    let placeholders = match placeholders(&a.expand) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut lookups = trailscope::lookup::Lookups::default();
    super::geo::install(&mut lookups);
    let opts = RuleOptions { placeholders, geo: true };
    let mut set = if a.no_builtin { RuleSet::new() } else { RuleSet::builtin(&opts) };
    let mut files = Vec::new();
    for dir in &a.rules {
        if let Err(e) = rule_files(dir, &mut files) {
            eprintln!("error: cannot read rules from {}: {e}", dir.display());
            return 1;
        }
    }
    for f in &files {
        match std::fs::read_to_string(f) {
            Ok(text) => {
                set.add(&f.display().to_string(), &text, false, &opts);
            }
            Err(e) => {
                eprintln!("error: cannot read the rule {}: {e}", f.display());
                return 1;
            }
        }
    }
    // Baselines have no Sumo query: `--queries` lists the rules.
    if !a.no_baselines && !a.queries {
        set.add_baselines(&a.baselines.options());
    }
    for r in &set.rules {
        for d in &r.diagnostics {
            let verb = if r.runs() { "note" } else { "rule not run" };
            eprint!("{verb}: {}: {}", r.file, to_text(d, &r.text));
        }
    }
    if a.queries {
        print!("{}", queries(&set, a.format));
        return 0;
    }
    if set.rules.iter().all(|r| !r.runs()) {
        eprintln!("error: no rule to run");
        return 1;
    }
    for p in &a.paths {
        if !p.exists() {
            eprintln!("error: {}: no such file or folder", p.display());
            return 1;
        }
    }
    let (mut store, report) = super::load(&a.paths, "cloudtrail");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if !a.keep_duplicates {
        if let Some(m) = store.drop_duplicates_on(threads).message() {
            eprintln!("note: {m}; --keep-duplicates keeps them");
        }
    }
    super::warn_about(&report.files);
    let alerts = set.detect(&store, &lookups, a.min_level, threads);
    let summary = Summary::of(&alerts, &set.rules);
    let out = match a.format {
        Format::Table => table(&alerts, &summary, &set),
        Format::Csv => export::csv(&alerts, &set),
        Format::Json => export::json(&alerts, &summary, &set, &store),
    };
    print!("{out}");
    0
}

/// `--queries`: each rule's Sumo query under a `//` comment naming the rule, so the text can be
/// pasted as it is (a rule without one gets the reason as a comment); or, with `--format json`
/// or `csv`, one record per rule.
fn queries(set: &RuleSet, format: Format) -> String {
    let rows: Vec<[String; 5]> = set
        .rules
        .iter()
        .map(|r| {
            let (q, note) = match r.sumo_query() {
                Ok(q) => (q.to_string(), String::new()),
                Err(d) => (String::new(), d.message.clone()),
            };
            [r.file.clone(), r.meta.id.clone(), r.meta.title.clone(), q, note]
        })
        .collect();
    match format {
        Format::Table => rows
            .iter()
            .map(|[file, id, title, q, note]| {
                let head = format!("// {title} ({id}, {file})").replace(['\n', '\r'], " ");
                if note.is_empty() {
                    format!("{head}\n{q}\n\n")
                } else {
                    format!("{head}\n// {}\n\n", note.replace(['\n', '\r'], " "))
                }
            })
            .collect(),
        Format::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|[file, id, title, q, note]| {
                    let opt = |s: &String| if s.is_empty() { None } else { Some(s.clone()) };
                    serde_json::json!({"rule_file": file, "rule_id": id, "rule": title, "query": opt(q), "query_note": opt(note)})
                })
                .collect();
            serde_json::to_string_pretty(&v).expect("queries serialize") + "\n"
        }
        Format::Csv => {
            // As the alerts' CSV: a cell a spreadsheet would run as a formula starts with `'`.
            let quote = |s: &str| {
                let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
                format!("\"{}\"", s.replace('"', "\"\""))
            };
            let mut out = String::from("rule_file,rule_id,rule,query,query_note\r\n");
            for row in &rows {
                out += &(row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",") + "\r\n");
            }
            out
        }
    }
}

fn table(alerts: &[Alert], summary: &Summary, set: &RuleSet) -> String {
    let rows: Vec<[String; 9]> = alerts.iter().map(|a| export::cells(a, set)).collect();
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let mut widths: Vec<usize> = HEADER.iter().map(|h| h.len()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count().min(60));
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let c: String =
                    if c.chars().count() > *w { c.chars().take(w - 1).chain(['…']).collect() } else { c.clone() };
                format!("{c:<w$}")
            })
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = String::new();
    if !rows.is_empty() {
        out.push_str(&line(HEADER.iter().map(|h| h.to_string()).collect()));
        for r in &rows {
            out.push_str(&line(r.iter().map(|c| clean(c)).collect()));
        }
        out.push('\n');
    }
    let ran = set.rules.iter().filter(|r| r.runs()).count();
    out.push_str(&format!(
        "{} alert{} from {} of {} rules run ({} loaded)\n",
        summary.total,
        if summary.total == 1 { "" } else { "s" },
        summary.by_rule.len(),
        ran,
        set.rules.len()
    ));
    if !summary.by_level.is_empty() {
        let levels: Vec<String> = summary.by_level.iter().map(|(l, n)| format!("{l} {n}")).collect();
        out.push_str(&format!("by level: {}\n", levels.join(", ")));
        out.push_str("by rule:\n");
        for (rule, n) in &summary.by_rule {
            let r = &set.rules[*rule as usize];
            out.push_str(&format!(
                "  {n:>6}  {:<13} {}  ({})\n",
                r.meta.level.map_or("", Level::name),
                clean(&r.meta.title),
                r.meta.id
            ));
        }
    }
    out.push_str("Rules: SigmaHQ (https://github.com/SigmaHQ/sigma), Detection Rule License 1.1; authors and references with --format json.\n");
    out
}
