//! Data-driven query tests: every `tests/queries/**/*.sumo` file is one case.
//!
//! A case starts with `//` header lines, then the query (headers are Sumo comments, so the
//! file is also a valid query):
//!
//! ```text
//! // input: cloudtrail/blog            (files or folders under tests/fixtures; repeatable)
//! // category: cm-core/cloudtrail      (optional _sourceCategory of the input)
//! // var: user=alice                   (optional, repeatable)
//! // order: any                        (optional: compare rows as a set)
//! // range: 2024-03-11T00:00:00Z 2024-03-12T00:00:00Z   (optional: the query's time range,
//! //                                    from and to, as `query --from/--to`; else every event)
//! // limits: rows=10 groups=5          (optional: caps on working memory, small to test them;
//! //                                    also multi_rows=N)
//! // lookups: geo                      (optional: the bundled geo and ASN tables are loaded;
//! //                                    without it a geo lookup answers null, as offline)
//! // threat: lookups/threat_iocs.csv   (optional, repeatable: threat-intel indicators, as
//! //                                    `--threat` gives them)
//! // result:
//! // | eventName    | _count |
//! // | ConsoleLogin | 3      |
//! * | json "eventName" | count by eventName
//! ```
//!
//! or `// error: E201` (and optionally `// message: text the message contains` and
//! `// at: 1:23`, the line and column where the error's first label starts).
//! Set `BLESS=1` to rewrite the `result:` tables from what the engine now returns.

#[path = "support/geo.rs"]
mod geo_tables;
use std::collections::HashMap;
use std::path::Path;
use trailscope::ingest::{load_path, LoadOptions, LoadReport};
use trailscope::store::Store;
use trailscope::{diag::render::to_text, run_query, QueryOptions};

#[derive(Default)]
struct Case {
    inputs: Vec<String>,
    category: Option<String>,
    vars: HashMap<String, String>,
    any_order: bool,
    limits: trailscope::exec::limits::Limits,
    range: Option<(i64, i64)>,
    /// `lookups: geo`: the bundled geo and ASN tables.
    geo: bool,
    /// `threat: FILE`: indicator files under tests/fixtures.
    threats: Vec<String>,
    result: Option<Vec<Vec<String>>>,
    error: Option<String>,
    message: Option<String>,
    /// `line:column` where the error's first label starts.
    at: Option<String>,
    header_lines: usize,
    query: String,
}

fn parse_case(text: &str) -> Case {
    let mut c = Case::default();
    let mut lines = text.lines().peekable();
    let mut in_result = false;
    while let Some(line) = lines.peek() {
        let Some(h) = line.strip_prefix("//") else { break };
        let h = h.trim();
        if in_result && h.starts_with('|') {
            c.result.get_or_insert_with(Vec::new).push(split_row(h));
        } else if let Some(v) = h.strip_prefix("input:") {
            c.inputs.push(v.trim().to_string());
        } else if let Some(v) = h.strip_prefix("category:") {
            c.category = Some(v.trim().to_string());
        } else if let Some(v) = h.strip_prefix("var:") {
            let (k, val) = v.trim().split_once('=').expect("var: NAME=VALUE");
            c.vars.insert(k.to_string(), val.to_string());
        } else if let Some(v) = h.strip_prefix("limits:") {
            for kv in v.split_whitespace() {
                let (k, n) = kv.split_once('=').expect("limits: NAME=N ...");
                let n: usize = n.parse().expect("limits: a number");
                match k {
                    "rows" => c.limits.rows = n,
                    "groups" => c.limits.groups = n,
                    "multi_rows" => c.limits.multi_rows = n,
                    _ => panic!("limits: unknown cap {k}"),
                }
            }
        } else if let Some(v) = h.strip_prefix("range:") {
            let ms =
                |t: &str| chrono::DateTime::parse_from_rfc3339(t).expect("range: RFC 3339 times").timestamp_millis();
            let (from, to) = v.trim().split_once(' ').expect("range: FROM TO");
            c.range = Some((ms(from.trim()), ms(to.trim())));
        } else if let Some(v) = h.strip_prefix("threat:") {
            c.threats.push(v.trim().to_string());
        } else if h == "lookups: geo" {
            c.geo = true;
        } else if h == "order: any" {
            c.any_order = true;
        } else if h == "result:" {
            in_result = true;
            c.result = Some(Vec::new());
        } else if let Some(v) = h.strip_prefix("error:") {
            c.error = Some(v.trim().to_string());
        } else if let Some(v) = h.strip_prefix("message:") {
            c.message = Some(v.trim().to_string());
        } else if let Some(v) = h.strip_prefix("at:") {
            c.at = Some(v.trim().to_string());
        } else {
            break; // an ordinary comment: the query starts here
        }
        lines.next();
        c.header_lines += 1;
    }
    c.query = lines.collect::<Vec<_>>().join("\n");
    c
}

/// `| a | b\|c |` -> ["a", "b|c"]
fn split_row(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' if chars.peek() == Some(&'|') => cells.last_mut().unwrap().push(chars.next().unwrap()),
            '\\' if chars.peek() == Some(&'n') => {
                chars.next();
                cells.last_mut().unwrap().push('\n');
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(ch),
        }
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn escape_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "\\n")
}

fn format_table(rows: &[Vec<String>]) -> Vec<String> {
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncols)
        .map(|i| rows.iter().map(|r| r.get(i).map_or(0, |c| escape_cell(c).chars().count())).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|r| {
            let cells: Vec<String> =
                r.iter().enumerate().map(|(i, c)| format!("{:<w$}", escape_cell(c), w = widths[i])).collect();
            format!("// | {} |", cells.join(" | "))
        })
        .collect()
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

/// The bundled geo and ASN tables, installed once for every case that asks.
fn geo() -> &'static trailscope::lookup::Lookups {
    geo_tables::lookups()
}

fn run_case(path: &Path, text: String) -> datatest_stable::Result<()> {
    let case = parse_case(&text);
    let mut store = Store::new();
    let mut report = LoadReport::default();
    let opts =
        LoadOptions { category: case.category.clone().unwrap_or_else(|| "cloudtrail".into()), ..Default::default() };
    for input in &case.inputs {
        load_path(&mut store, &fixtures().join(input), &opts, &mut report);
    }
    store.finish();
    if let Some(f) = report.files.iter().find(|f| f.error.is_some() && f.name.ends_with(".json")) {
        return Err(format!("input {} did not load: {:?}", f.name, f.error).into());
    }
    let qopts = QueryOptions {
        vars: case.vars.clone(),
        now_ms: 1_700_000_000_000,
        limits: case.limits,
        range: case.range,
        ..Default::default()
    };
    let mut own = if case.geo { geo().clone() } else { trailscope::lookup::Lookups::default() };
    let mut indicators = Vec::new();
    for t in &case.threats {
        let text = std::fs::read_to_string(fixtures().join(t))?;
        indicators.extend(trailscope::lookup::threat::read_file(t, &text)?);
    }
    trailscope::lookup::threat::install(&mut own, indicators);
    let lookups = &own;
    let outcome = run_query(&store, &case.query, &qopts, lookups);
    match (&case.error, outcome) {
        (Some(code), Err(d)) => {
            if d.code != code {
                return Err(format!("expected error {code}, got:\n{}", to_text(&d, &case.query)).into());
            }
            if let Some(at) = &case.at {
                let j = trailscope::diag::render::to_json(&d, &case.query);
                let start = &j["labels"][0]["start"];
                let got = format!("{}:{}", start["line"], start["column"]);
                if &got != at {
                    return Err(format!("error points at {got}, not {at}:\n{}", to_text(&d, &case.query)).into());
                }
            }
            if let Some(m) = &case.message {
                let text = to_text(&d, &case.query);
                if !text.contains(m.as_str()) {
                    return Err(format!("error message lacks `{m}`:\n{text}").into());
                }
            }
            Ok(())
        }
        (Some(code), Ok(_)) => Err(format!("expected error {code}, but the query ran").into()),
        (None, Err(d)) => Err(format!("query failed:\n{}", to_text(&d, &case.query)).into()),
        (None, Ok(r)) => {
            let mut got: Vec<Vec<String>> = vec![r.columns.clone()];
            got.extend(r.rows.iter().map(|row| row.iter().map(|v| v.as_text().into_owned()).collect()));
            if std::env::var_os("BLESS").is_some() {
                return bless(path, &text, &case, &got);
            }
            let Some(mut want) = case.result.clone() else {
                return Err("the case has neither `result:` nor `error:` (run with BLESS=1 to fill it in)".into());
            };
            if case.any_order {
                want[1..].sort();
                got[1..].sort();
            }
            if want != got {
                return Err(format!(
                    "result differs\nwant:\n{}\ngot:\n{}",
                    format_table(&want).join("\n"),
                    format_table(&got).join("\n")
                )
                .into());
            }
            Ok(())
        }
    }
}

fn bless(path: &Path, text: &str, case: &Case, got: &[Vec<String>]) -> datatest_stable::Result<()> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    for l in &lines[..case.header_lines] {
        let h = l.trim_start_matches("//").trim();
        if h == "result:" || (h.starts_with('|') && case.result.is_some()) {
            continue;
        }
        out.push(l.to_string());
    }
    out.push("// result:".into());
    out.extend(format_table(got));
    out.extend(lines[case.header_lines..].iter().map(|s| s.to_string()));
    std::fs::write(path, out.join("\n") + "\n")?;
    Ok(())
}

datatest_stable::harness! {
    { test = run_case, root = "tests/queries", pattern = r"\.sumo$" },
}
