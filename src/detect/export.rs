//! Alerts written out: the columns of an alert line, CSV and JSON. One writer for the CLI
//! (`trailscope detect --format csv|json`) and the page's Detections export (the worker's
//! `detectExport`, through `Session::detections_export`).
//!
//! The CSV goes through the engine's one CSV writer (`query::csv::write_csv`): RFC 4180 quoting,
//! a header row, text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first)
//! given a leading `'` (log values are attacker-controlled), CRLF line ends. Times are written
//! as RFC 3339 UTC (`2024-01-02T03:04:05Z`), an event without a time as an empty cell; `detail`
//! is a behaviour baseline's sentence, empty for a Sigma rule's alert.

use super::{Alert, Level, RuleSet, Summary};
use crate::ingest::time::iso;
use crate::query::csv::{write_csv, CsvOptions, Times};
use crate::store::{Store, NO_TIME};
use crate::value::Value;

/// The columns of an alert line, in order (the CLI's table and CSV, the page's CSV).
pub const HEADER: [&str; 9] =
    ["time", "level", "rule_id", "rule", "principal", "source_ip", "event_name", "event_id", "detail"];

/// Where the bundled rules come from and under which license: shown with every rule and alert.
pub const LICENSE: &str = "Bundled rules: SigmaHQ (https://github.com/SigmaHQ/sigma), Detection Rule License (DRL) 1.1 (https://github.com/SigmaHQ/Detection-Rule-License)";

/// An alert's time as text: RFC 3339 UTC, empty when the event has none.
pub fn time_text(a: &Alert) -> String {
    if a.time == NO_TIME {
        String::new()
    } else {
        iso(a.time)
    }
}

fn level(a: &Alert) -> &'static str {
    a.level.map_or("", Level::name)
}

/// The cells of an alert line (see [`HEADER`]), as text.
pub fn cells(a: &Alert, set: &RuleSet) -> [String; 9] {
    let r = &set.rules[a.rule as usize];
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        time_text(a),
        level(a).to_string(),
        r.meta.id.clone(),
        r.meta.title.clone(),
        s(&a.principal),
        s(&a.source_ip),
        s(&a.event_name),
        s(&a.event_id),
        s(&a.detail),
    ]
}

/// The alerts as CSV: a header row, one line per alert, CRLF line ends (RFC 4180).
pub fn csv(alerts: &[Alert], set: &RuleSet) -> String {
    let columns: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    let rows: Vec<Vec<Value>> =
        alerts.iter().map(|a| cells(a, set).into_iter().map(|c| Value::str(&c)).collect()).collect();
    write_csv(&columns, &rows, CsvOptions { crlf: true, times: Times::Raw })
}

/// The eventID of a store's event (empty when it has none).
fn event_id(store: &Store, e: u32) -> String {
    let v: serde_json::Value = serde_json::from_str(store.raw(e as usize)).unwrap_or_default();
    v["eventID"].as_str().unwrap_or_default().to_string()
}

/// The alerts as a JSON document: each alert with its detail, the eventIDs of its events, its
/// rule's kind, id, title, author, references, tags and file, the summary by level and by rule,
/// the rules that do not run and why, and the license line.
pub fn json(alerts: &[Alert], summary: &Summary, set: &RuleSet, store: &Store) -> String {
    use serde_json::json;
    let rows: Vec<serde_json::Value> = alerts
        .iter()
        .map(|a| {
            let r = &set.rules[a.rule as usize];
            json!({
                "time": time_text(a),
                "level": a.level,
                "rule_id": r.meta.id,
                "rule": r.meta.title,
                "principal": a.principal,
                "source_ip": a.source_ip,
                "event_name": a.event_name,
                "event_id": a.event_id,
                "detail": a.detail,
                "events": if a.events.is_empty() { vec![event_id(store, a.event)] } else { a.events.iter().map(|&e| event_id(store, e)).collect() },
                "kind": r.kind(),
                "author": r.meta.author,
                "references": r.meta.references,
                "tags": r.meta.tags,
                "rule_file": r.file,
                "license": if r.builtin { "DRL-1.1" } else { "" },
            })
        })
        .collect();
    let by_rule: Vec<serde_json::Value> = summary
        .by_rule
        .iter()
        .map(|(i, n)| {
            let r = &set.rules[*i as usize];
            json!({"rule_id": r.meta.id, "rule": r.meta.title, "level": r.meta.level, "alerts": n})
        })
        .collect();
    let by_level: serde_json::Map<String, serde_json::Value> =
        summary.by_level.iter().map(|(l, n)| (l.clone(), json!(n))).collect();
    let not_run: Vec<serde_json::Value> = set
        .rules
        .iter()
        .filter(|r| !r.runs())
        .map(|r| {
            json!({"rule_file": r.file, "codes": r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
                         "messages": r.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>()})
        })
        .collect();
    let doc = json!({
        "alerts": rows,
        "summary": {"total": summary.total, "by_level": by_level, "by_rule": by_rule},
        "rules": {"loaded": set.rules.len(), "run": set.rules.iter().filter(|r| r.runs()).count(), "not_run": not_run},
        "license": LICENSE,
    });
    serde_json::to_string_pretty(&doc).expect("alerts serialize") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::RuleOptions;
    use crate::store::Store;

    fn alerts(records: &str) -> (RuleSet, Vec<Alert>, Store) {
        let mut store = Store::new();
        let file = format!(r#"{{"Records":[{records}]}}"#);
        crate::ingest::load_bytes(&mut store, "t.json", file.as_bytes(), &Default::default());
        store.finish();
        let mut set = RuleSet::new();
        let rule =
            "title: Any login\nid: r-1\nlevel: high\ndetection:\n  s:\n    eventName: ConsoleLogin\n  condition: s\n";
        set.add("mine.yml", rule, false, &RuleOptions::default());
        let alerts = set.detect(&store, &Default::default(), None, 1);
        (set, alerts, store)
    }

    #[test]
    fn csv_quotes_neutralises_and_ends_lines_with_crlf() {
        let (set, a, _) = alerts(
            r#"{"eventTime":"2024-01-02T03:04:05Z","eventID":"e1","eventName":"ConsoleLogin","sourceIPAddress":"=cmd|' /C calc'!A0","userIdentity":{"arn":"arn:aws:iam::1:user/a,b"}},
               {"eventID":"e2","eventName":"ConsoleLogin","userIdentity":{"arn":"<img src=x onerror=\"alert(1)\">"}}"#,
        );
        assert_eq!(
            csv(&a, &set),
            "time,level,rule_id,rule,principal,source_ip,event_name,event_id,detail\r\n\
             2024-01-02T03:04:05Z,high,r-1,Any login,\"arn:aws:iam::1:user/a,b\",'=cmd|' /C calc'!A0,ConsoleLogin,e1,\r\n\
             ,high,r-1,Any login,\"<img src=x onerror=\"\"alert(1)\"\">\",,ConsoleLogin,e2,\r\n"
        );
        assert_eq!(csv(&[], &set), "time,level,rule_id,rule,principal,source_ip,event_name,event_id,detail\r\n");
    }

    #[test]
    fn json_names_author_rule_and_license() {
        let (set, a, store) =
            alerts(r#"{"eventTime":"2024-01-02T03:04:05Z","eventID":"e1","eventName":"ConsoleLogin"}"#);
        let v: serde_json::Value = serde_json::from_str(&json(&a, &Summary::of(&a, &set.rules), &set, &store)).unwrap();
        assert_eq!(v["alerts"][0]["rule"], "Any login");
        assert_eq!(v["alerts"][0]["time"], "2024-01-02T03:04:05Z");
        assert_eq!(v["alerts"][0]["license"], "", "a user's rule is not SigmaHQ's");
        assert_eq!(v["alerts"][0]["events"], serde_json::json!(["e1"]));
        assert_eq!(v["alerts"][0]["kind"], "sigma");
        assert!(v["alerts"][0]["detail"].is_null());
        assert_eq!(v["summary"]["by_level"]["high"], 1);
        assert_eq!(v["license"], LICENSE);
    }
}
