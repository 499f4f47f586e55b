//! The page's detections: the bundled Sigma rules over what is loaded, alerts with their rule's attribution, and the rules that did not run and why.

use super::Session;
use crate::detect::{baseline, export, Alert, RuleOptions, RuleSet, Summary};
use crate::diag::render::to_json;
use serde::Deserialize;
use std::collections::HashMap;

/// What the page asks of a detection run.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct PageDetect {
    /// Placeholder values (`Legitimate_Countries: ["US"]`).
    pub expand: HashMap<String, Vec<String>>,
    /// Rule files the user dropped: name and text.
    pub rules: Vec<(String, String)>,
    /// The behaviour baselines' thresholds; `no_baselines` leaves them out.
    pub baselines: baseline::Options,
    pub no_baselines: bool,
}

impl Session {
    /// The bundled rules and the user's over the loaded events: `{alerts, summary, rules}`,
    /// alerts highest level first (then oldest first),
    /// each alert with its rule's id, title, author, references and tags; each rule with its
    /// YAML `text`, its equivalent Sumo `query` and, when that is null, `query_note` saying why.
    pub fn detections(&self, ask: &PageDetect) -> serde_json::Value {
        serde_json::from_str(&self.detections_json(ask, &mut |_| {})).expect("the answer is JSON")
    }

    /// [`Session::detections`] as JSON text, telling `progress` how far the run is (0 to 1) as it
    /// goes. Written straight from the alerts: a tree of values first would hold the answer twice
    /// (a hundred thousand alerts are tens of MB).
    pub fn detections_json(&self, ask: &PageDetect, progress: &mut dyn FnMut(f64)) -> String {
        let (set, mut alerts) = self.run_rules(ask, progress);
        // The page lists what matters first: the highest level, then the oldest.
        alerts.sort_by_key(|a| std::cmp::Reverse(a.level));
        let summary = Summary::of(&alerts, &set.rules);
        let rules: Vec<serde_json::Value> = set
            .rules
            .iter()
            .map(|r| {
                let (query, note) = match r.sumo_query() {
                    Ok(q) => (Some(q), None),
                    Err(d) => (None, Some(d.message.as_str())),
                };
                serde_json::json!({
                    "file": r.file, "builtin": r.builtin, "kind": r.kind(), "runs": r.runs(), "meta": r.meta,
                    "diagnostics": r.diagnostics.iter().map(|d| to_json(d, &r.text)).collect::<Vec<_>>(),
                    "text": r.text, "query": query, "query_note": note,
                })
            })
            .collect();
        #[derive(serde::Serialize)]
        struct Answer<'a> {
            alerts: &'a [Alert],
            summary: &'a Summary,
            rules: &'a [serde_json::Value],
            license: &'a str,
        }
        let answer = Answer { alerts: &alerts, summary: &summary, rules: &rules, license: export::LICENSE };
        serde_json::to_string(&answer).expect("alerts serialize")
    }

    /// The bundled rules, the ones dropped with the logs (`add_rule`) and the ones `ask` gives,
    /// loaded with `ask`'s placeholder values, then the behaviour baselines (unless
    /// `no_baselines`), and their alerts over the loaded events.
    fn run_rules(&self, ask: &PageDetect, progress: &mut dyn FnMut(f64)) -> (RuleSet, Vec<Alert>) {
        let opts = RuleOptions { placeholders: ask.expand.clone(), geo: self.lookups.geo.is_some() };
        let mut set = RuleSet::builtin(&opts);
        for (name, text) in self.dropped_rules().iter().chain(&ask.rules) {
            set.add(name, text, false, &opts);
        }
        if !ask.no_baselines {
            set.add_baselines(&ask.baselines);
        }
        let alerts = set.detect_with_progress(&self.store, &self.lookups, None, 1, progress);
        (set, alerts)
    }

    /// The same run's alerts written out as `trailscope detect --format csv|json` writes them
    /// (`detect::export`, one writer): `csv` (a header row, CRLF line ends, formula-looking
    /// text neutralised) or `json`.
    pub fn detections_export(&self, ask: &PageDetect, format: &str) -> Result<String, String> {
        let (set, alerts) = self.run_rules(ask, &mut |_| {});
        match format {
            "csv" => Ok(export::csv(&alerts, &set)),
            "json" => Ok(export::json(&alerts, &Summary::of(&alerts, &set.rules), &set, &self.store)),
            other => Err(format!("no export format `{other}`: csv or json")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_over_loaded_events_with_attribution() {
        let mut s = Session::default();
        let file = br#"{"Records":[{"eventTime":"2024-01-02T03:04:05Z","eventID":"e1","eventName":"ConsoleLogin","userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"},"additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Success"}}]}"#;
        crate::ingest::load_bytes(&mut s.store, "t.json", file, &Default::default());
        s.store.finish();
        let titles = |v: &serde_json::Value| -> Vec<String> {
            let alerts = v["alerts"].as_array().unwrap().iter();
            alerts.map(|a| v["rules"][a["rule"].as_u64().unwrap() as usize]["meta"]["title"].to_string()).collect()
        };
        let v = s.detections(&PageDetect { no_baselines: true, ..Default::default() });
        assert_eq!(
            titles(&v),
            ["\"AWS Successful Console Login Without MFA\"", "\"AWS Root Credentials\""],
            "rules in file order"
        );
        assert_eq!(v["summary"]["total"], 2);
        // With the baselines (after the rules, with their kind and detail): the highest level
        // first, then the rest in time and rule order.
        let v = s.detections(&PageDetect::default());
        assert_eq!(
            titles(&v),
            [
                "\"Root User Activity\"",
                "\"AWS Successful Console Login Without MFA\"",
                "\"AWS Root Credentials\"",
                "\"Console Sign-In Without MFA\""
            ]
        );
        let root = &v["alerts"][0];
        assert_eq!(v["rules"][root["rule"].as_u64().unwrap() as usize]["kind"], "baseline");
        assert_eq!(root["detail"], "root user: 1 call over 0 s: ConsoleLogin");
        assert_eq!(root["events"], serde_json::json!([0]));
        // Without a geo table (the page fetches it on demand) the placeholder rule says why it
        // does not run.
        let placeholder = &v["rules"][57];
        assert_eq!(placeholder["runs"], false);
        assert_eq!(placeholder["diagnostics"][0]["code"], "S009");
        assert!(placeholder["query"].is_null());
        assert!(placeholder["query_note"].as_str().unwrap().contains("S009"), "{}", placeholder["query_note"]);
        // Each rule that runs has its Sumo query, and every rule its YAML text.
        let root = &v["rules"][45];
        assert_eq!(root["meta"]["title"], "AWS Root Credentials");
        let q = root["query"].as_str().unwrap();
        assert!(q.contains("userIdentity_type matches /(?i)^Root$/"), "{q}");
        assert!(root["query_note"].is_null());
        assert!(root["text"].as_str().unwrap().contains("eventType: AwsServiceEvent"));
        let run = crate::query::run_query(&s.store, q, &Default::default(), &s.lookups).unwrap();
        assert_eq!(run.events.len(), 1, "the query selects the event the rule alerts on");
        let mine = PageDetect {
            rules: vec![("m.yml".into(), "title: m\ndetection:\n  s:\n    a|wide: x\n  condition: s\n".into())],
            ..Default::default()
        };
        assert_eq!(s.detections(&mine)["rules"][58]["diagnostics"][0]["code"], "S003");
        assert_eq!(v["rules"][0]["kind"], "sigma");
        assert!(v["rules"][0]["text"].as_str().unwrap().starts_with("title: "));
        // The exports: the CLI's writer, the same alerts.
        let csv = s.detections_export(&PageDetect::default(), "csv").unwrap();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "time,level,rule_id,rule,principal,source_ip,event_name,event_id,detail");
        assert_eq!(lines.len(), 1 + 4 + 1, "a header, two rules' and two baselines' alerts, the end of the last line");
        assert!(lines[1].starts_with("2024-01-02T03:04:05Z,"), "{csv}");
        assert!(lines[4].ends_with(",ConsoleLogin,e1,root user: 1 call over 0 s: ConsoleLogin"), "{csv}");
        let json: serde_json::Value =
            serde_json::from_str(&s.detections_export(&PageDetect::default(), "json").unwrap()).unwrap();
        assert_eq!(json["summary"]["total"], 4);
        assert_eq!(json["alerts"][3]["events"], serde_json::json!(["e1"]));
        assert!(s.detections_export(&PageDetect::default(), "xml").is_err());
    }
}
