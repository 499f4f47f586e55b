//! One answer whatever the door: the CLI, the native `Session` and the wasm build (under node)
//! load the same files of every shape (whole, cut, concatenated, multi-member, pretty, zipped,
//! lines...) and must give the same records and the same answers, and the records must be the
//! ones an independent Python reader counts (tests/differential/corpus.py).
//!
//! Needs python3, node and the wasm build (`scripts/build-web.sh`, which `make test` runs first):
//! a missing one fails the test, it does not skip it.

#[path = "support/geo.rs"]
mod geo_tables;
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use trailscope::session::{PageQuery, Session};

/// Each answer is grouped by `_sourceName`, so one run over the folder answers per file.
const QUERIES: &[&str] = &[
    r#"* | count by _sourceName"#,
    r#"* | json "eventName" | count by _sourceName, eventName"#,
    r#""\"errorCode\":\"AccessDenied\"" | count by _sourceName"#,
    r#"AccessDenied | count by _sourceName"#,
    r#"* | timeslice 1h | count by _sourceName, _timeslice"#,
    r#""ConsoleLogin" | json "userIdentity.arn" as arn nodrop | count by _sourceName, arn"#,
    r#"* | parse "\"eventName\":\"*\"" as en nodrop | json "awsRegion" nodrop | count by _sourceName, en, awsRegion"#,
];

/// Answered as CSV by the CLI and by the page's download (the engine's writer in the wasm
/// build, raw times): byte for byte the same. Sorted to one order, and without `_sourceName`
/// (the CLI names a file by its path, the page by its name); a time column, text and numbers.
const CSV_QUERIES: &[&str] = &[
    r#"* | timeslice 1h | count by _timeslice | sort by _timeslice asc"#,
    r#"* | json "eventName", "awsRegion" nodrop | count by eventName, awsRegion | sort by eventName asc, awsRegion asc"#,
    r#"* | json "userAgent" nodrop | count by userAgent | sort by userAgent asc"#,
    r#"* | json "eventName" | count by eventName | _count / 7 as share | sort by eventName asc"#,
];

#[path = "support/shared.rs"]
mod support;

fn root() -> PathBuf {
    support::repo()
}

fn run(cmd: &mut Command, input: Option<&str>) -> String {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: {e} (a prerequisite of this test is missing)"));
    if let Some(text) = input {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The corpus: built once per test run into target/, with its independent counts.
fn corpus() -> (PathBuf, BTreeMap<String, u64>) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("differential");
    let sample = dir.with_file_name("differential-sample");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&sample);
    let exe = env!("CARGO_BIN_EXE_trailscope");
    run(Command::new(exe).args(["generate", "--events", "1500", "--seed", "11", "--out"]).arg(&sample), None);
    run(Command::new("python3").arg(root().join("tests/differential/corpus.py")).arg(&dir).arg(&sample), None);
    let expected: BTreeMap<String, u64> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    std::fs::remove_file(dir.join("expected.json")).unwrap();
    (dir, expected)
}

/// A table as sorted rows of text, `_sourceName` reduced to the file's name (a zip's entries
/// count for the zip).
fn canonical(columns: &[String], rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let src = columns.iter().position(|c| c.eq_ignore_ascii_case("_sourceName")).expect("grouped by _sourceName");
    let mut out: Vec<Vec<String>> = rows
        .into_iter()
        .map(|mut r| {
            let name = r[src].rsplit('/').next().unwrap_or_default().to_string();
            let full = &r[src];
            r[src] = match full.find(".zip/") {
                Some(z) => full[..z + 4].rsplit('/').next().unwrap().to_string(),
                None => name,
            };
            r
        })
        .collect();
    out.sort();
    out
}

fn text(v: &J) -> String {
    match v {
        J::Null => String::new(),
        J::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn from_json(answer: &J) -> Vec<Vec<String>> {
    let ok = answer.get("ok").unwrap_or_else(|| panic!("not ok: {answer}"));
    let columns: Vec<String> = ok["columns"].as_array().unwrap().iter().map(text).collect();
    let rows =
        ok["rows"].as_array().unwrap().iter().map(|r| r.as_array().unwrap().iter().map(text).collect()).collect();
    canonical(&columns, rows)
}

/// A native session with every file of `dir` loaded, in name order, as the page's worker does.
fn loaded_session(dir: &Path, geo: bool) -> Session {
    let mut s = Session::new();
    if geo {
        geo_tables::install(&mut s.lookups);
    }
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    for n in names {
        let name = n.to_string_lossy().to_string();
        s.load(&name, std::fs::read(dir.join(&name)).unwrap(), "cloudtrail");
    }
    s.finish_loading(true);
    s
}

fn session(dir: &Path) -> Vec<Vec<Vec<String>>> {
    let s = loaded_session(dir, false);
    let q = PageQuery { max_messages: 1, ..Default::default() };
    QUERIES
        .iter()
        .map(|text| {
            let r = s.query(text, &q, || 0.0).unwrap_or_else(|d| panic!("{text}: {d}"));
            from_json(&serde_json::json!({ "ok": serde_json::to_value(&r).unwrap() }))
        })
        .collect()
}

fn cli(dir: &Path) -> Vec<Vec<Vec<String>>> {
    QUERIES
        .iter()
        .map(|q| {
            let out = run(
                Command::new(env!("CARGO_BIN_EXE_trailscope"))
                    .args(["query", "--keep-duplicates", "--format", "csv", q])
                    .arg(dir),
                None,
            );
            let mut rd = csv::Reader::from_reader(out.as_bytes());
            let columns: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
            let rows = rd.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
            canonical(&columns, rows)
        })
        .collect()
}

fn cli_csv(dir: &Path, q: &str) -> String {
    run(
        Command::new(env!("CARGO_BIN_EXE_trailscope"))
            .args(["query", "--keep-duplicates", "--format", "csv", q])
            .arg(dir),
        None,
    )
}

/// The placeholder rule's countries, the same for every door.
fn detect_options() -> J {
    serde_json::json!({ "expand": { "Legitimate_Countries": ["US", "DE"] } })
}

/// An alert as every door can name it: rule id, detail, and its events' eventIDs.
fn alert_key(rule_id: &str, detail: &J, events: &[String]) -> String {
    format!("{rule_id} | {} | {}", text(detail), events.join(","))
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn event_id(raw: &str) -> String {
    serde_json::from_str::<J>(raw).ok().and_then(|v| v["eventID"].as_str().map(String::from)).unwrap_or_default()
}

/// The page's detections in the native session (with the bundled geo tables, as the page has them).
fn session_alerts(dir: &Path) -> Vec<String> {
    let s = loaded_session(dir, true);
    let ask: trailscope::session::PageDetect = serde_json::from_value(detect_options()).unwrap();
    let d = s.detections(&ask);
    let keys = d["alerts"].as_array().unwrap().iter().map(|a| {
        let rule = &d["rules"][a["rule"].as_u64().unwrap() as usize];
        let events: Vec<u64> = match a["events"].as_array() {
            Some(e) => e.iter().map(|e| e.as_u64().unwrap()).collect(),
            None => vec![a["event"].as_u64().unwrap()],
        };
        let ids: Vec<String> = events.iter().map(|&e| event_id(s.raw(e as usize).unwrap())).collect();
        alert_key(rule["meta"]["id"].as_str().unwrap(), &a["detail"], &ids)
    });
    sorted(keys.collect())
}

fn cli_alerts(dir: &Path) -> Vec<String> {
    let out = run(
        Command::new(env!("CARGO_BIN_EXE_trailscope"))
            .args(["detect", "--keep-duplicates", "--format", "json", "--expand", "Legitimate_Countries=US,DE"])
            .arg(dir),
        None,
    );
    let v: J = serde_json::from_str(&out).unwrap();
    let keys = v["alerts"].as_array().unwrap().iter().map(|a| {
        let ids: Vec<String> = a["events"].as_array().unwrap().iter().map(text).collect();
        alert_key(a["rule_id"].as_str().unwrap(), &a["detail"], &ids)
    });
    sorted(keys.collect())
}

/// What the wasm build answered: each query's table, the load report's totals the page shows in
/// its headline, the CSV texts and the detections.
struct Page {
    answers: Vec<Vec<Vec<String>>>,
    totals: J,
    csv: Vec<String>,
    alerts: Vec<String>,
}

fn wasm(dir: &Path) -> Page {
    let pkg = root().join("www/build/pkg/trailscope_bg.wasm");
    assert!(pkg.exists(), "the wasm build is missing: run scripts/build-web.sh (make test does)");
    let job = serde_json::json!({ "queries": QUERIES, "csv": CSV_QUERIES, "detect": detect_options() }).to_string();
    let out = run(Command::new("node").arg(root().join("tests/differential/wasm.mjs")).arg(dir), Some(&job));
    let v: J = serde_json::from_str(&out).unwrap();
    let csv = v["csv"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
    let alerts = v["alerts"].as_array().unwrap().iter().map(|a| {
        let ids: Vec<String> = a["events"].as_array().unwrap().iter().map(text).collect();
        alert_key(a["rule_id"].as_str().unwrap(), &a["detail"], &ids)
    });
    Page {
        answers: v["answers"].as_array().unwrap().iter().map(from_json).collect(),
        totals: v["totals"].clone(),
        csv,
        alerts: sorted(alerts.collect()),
    }
}

#[test]
fn the_cli_the_session_and_wasm_agree_with_an_independent_reader() {
    let (dir, expected) = corpus();
    let (s, c, page) = (session(&dir), cli(&dir), wasm(&dir));
    let Page { answers: w, totals: page_totals, csv: page_csv, alerts: page_alerts } = page;
    // The page's headline and `trailscope ingest` add up the same files the same way.
    // (It exits 1: the corpus holds damaged files.)
    let ingest = Command::new(env!("CARGO_BIN_EXE_trailscope")).args(["ingest", "--json"]).arg(&dir).output().unwrap();
    let ingest: J = serde_json::from_slice(&ingest.stdout).unwrap();
    assert!(page_totals["files"].as_u64().unwrap() > 50, "{page_totals}");
    assert_eq!(page_totals, ingest["totals"], "the wasm build's load totals and `trailscope ingest --json` differ");
    // Records per file, against the independent count (a file with none has no row).
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for r in &s[0] {
        *counts.entry(r[0].clone()).or_default() += r[1].parse::<u64>().unwrap();
    }
    let mut wrong = Vec::new();
    for (file, n) in &expected {
        let got = counts.get(file).copied().unwrap_or(0);
        if got != *n {
            wrong.push(format!("{file}: {got} records, the independent reader counts {n}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for (k, q) in QUERIES.iter().enumerate() {
        assert!(!s[k].is_empty(), "{q}: no rows at all");
        assert_eq!(s[k], c[k], "{q}: the native session and the CLI differ");
        assert_eq!(s[k], w[k], "{q}: the native session and the wasm build differ");
    }
    // The page's CSV download and `trailscope query --format csv`: one writer, the same bytes.
    for (q, page) in CSV_QUERIES.iter().zip(&page_csv) {
        assert!(page.lines().count() > 2, "{q}: {page}");
        assert_eq!(&cli_csv(&dir, q), page, "{q}: the CLI's CSV and the page's differ");
    }
    // Every rule and baseline: the same alerts, on the same events, saying the same.
    let (native_alerts, cli_alerts) = (session_alerts(&dir), cli_alerts(&dir));
    assert!(native_alerts.len() > 20, "{native_alerts:?}");
    assert!(native_alerts.iter().any(|a| a.starts_with("trailscope-baseline-")), "{native_alerts:?}");
    assert_eq!(native_alerts, cli_alerts, "detections: the native session and the CLI differ");
    assert_eq!(native_alerts, page_alerts, "detections: the native session and the wasm build differ");
    eprintln!(
        "{} files, {} records; {} queries and {} alerts agree across the three doors",
        expected.len(),
        expected.values().sum::<u64>(),
        QUERIES.len(),
        native_alerts.len()
    );
}

#[test]
fn no_file_traps_the_wasm_engine_and_nothing_loaded_is_lost() {
    let pkg = root().join("www/build/pkg/trailscope_bg.wasm");
    assert!(pkg.exists(), "the wasm build is missing: run scripts/build-web.sh (make test does)");
    let good = root().join("tests/fixtures/cloudtrail/blog/records.jsonl");
    let gz = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-good.json.gz");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut e, &std::fs::read(good).unwrap()).unwrap();
    std::fs::write(&gz, e.finish().unwrap()).unwrap();
    // hostile.mjs exits non-zero, with what failed, if any file trapped or went unreported.
    let out = run(Command::new("node").arg(root().join("tests/differential/hostile.mjs")).arg(&gz), None);
    let v: J = serde_json::from_str(&out).unwrap();
    assert_eq!(v["failures"].as_array().map(Vec::len), Some(0), "{out}");
    assert!(v["before"].as_u64().unwrap() > 0 && v["after"].as_u64() >= v["before"].as_u64(), "{out}");
}
