//! Sigma rule files dropped on the page with the logs, as `trailscope detect --rules` gives them.
//!
//! The rule: a file whose name ends in `.yml` or `.yaml` (any case) is a rule, read as UTF-8
//! text, and what is wrong with it is for `RuleSet::add` to say (`S0xx`, shown with the rule in
//! the Detections view), not the loader; except a YAML document with none of `detection`,
//! `logsource` and `correlation` at its top (a CI file, a data set's metadata, a CloudFormation
//! template dropped with a folder), which is skipped as not a Sigma rule, as files that are not
//! CloudTrail are. In a zip, each such entry is one
//! (named `archive.zip/path/rule.yml`), its line in the zip's report saying so, while the rest
//! of the archive loads as events. A rule dropped again under the same name replaces the one
//! before. The rules are the session's like the tables: `clear` forgets them, and a fresh
//! worker gets them back as the page gives it every file again; every detection run uses them
//! (`Session::detections`).

use super::Session;
use crate::detect::{rule, RuleOptions, RuleSet};
use crate::ingest::detect::{base_name, is_zip};
use crate::ingest::limits::Limits;
use crate::ingest::report::FileReport;

/// Whether a file (or a zip entry) is a Sigma rule, by its name.
pub fn is_rule_file(name: &str) -> bool {
    let base = base_name(name).to_ascii_lowercase();
    base.ends_with(".yml") || base.ends_with(".yaml")
}

impl Session {
    /// A dropped file that is a Sigma rule (see the module's rule): kept for every detection run,
    /// its report's `rule` the load report's line; `None` when the file is not one.
    pub fn add_rule(&mut self, name: &str, data: &[u8]) -> Option<FileReport> {
        if !is_rule_file(name) {
            return None;
        }
        let mut r = FileReport::new(name);
        r.bytes = data.len() as u64;
        r.shape = Some("sigma-rule".into());
        let text = String::from_utf8_lossy(data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data)).into_owned();
        if let Ok((root, _)) = rule::parse_yaml(&text) {
            if ["detection", "logsource", "correlation"].iter().all(|k| rule::get(&root, k).is_none()) {
                r.shape = None;
                r.skipped = Some("not a Sigma rule: YAML without `detection` or `logsource`".into());
                return Some(r);
            }
        }
        // Its title, for the report line; its diagnostics depend on the run's options and are
        // shown with the run's answer.
        let mut probe = RuleSet::new();
        let title = probe.add(name, &text, false, &RuleOptions::default()).meta.title.clone();
        let replaced = match self.rules.iter_mut().find(|(n, _)| n == name) {
            Some(old) => {
                old.1 = text;
                true
            }
            None => {
                self.rules.push((name.to_string(), text));
                false
            }
        };
        let base = base_name(name);
        let mut line =
            if title.is_empty() { format!("Sigma rule `{base}`") } else { format!("Sigma rule `{base}`: {title}") };
        if replaced {
            line.push_str(" (replaces the rule loaded before under that name)");
        }
        r.rule = Some(line);
        Some(r)
    }

    /// The rules among a zip's entries, each with its report line, by the name the event loader
    /// gives the entry (`archive.zip/rules/my_rule.yml`).
    pub(super) fn rules_in_zip(&mut self, name: &str, zip: &[u8]) -> Vec<FileReport> {
        if !is_zip(zip) {
            return Vec::new();
        }
        let limits = Limits::default();
        let cap = (limits.max_file_bytes, "per-file (LoadOptions.limits.max_file_bytes)");
        let entries = crate::ingest::zip::read_entries(zip, &is_rule_file, limits.max_zip_entries, cap);
        let mut out = Vec::new();
        for (entry, data) in entries {
            let member = format!("{name}/{entry}");
            let Ok(data) = data else { continue }; // the event loader reports the damage
            if let Some(mut r) = self.add_rule(&member, &data) {
                r.name = member;
                out.push(r);
            }
        }
        out
    }

    /// The rule files dropped so far: name and text, in the order they came.
    pub fn dropped_rules(&self) -> &[(String, String)] {
        &self.rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::PageDetect;

    const RULE: &str =
        "title: Mine\nid: m-1\nlevel: critical\ndetection:\n  s:\n    eventName: ConsoleLogin\n  condition: s\n";
    const TRAIL: &[u8] =
        br#"{"Records":[{"eventTime":"2024-01-02T03:04:05Z","eventID":"e1","eventName":"ConsoleLogin"}]}"#;

    /// A zip of stored (uncompressed) entries.
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let crc = |d: &[u8]| {
            let mut c = flate2::Crc::new();
            c.update(d);
            c.sum()
        };
        let (mut out, mut central) = (Vec::new(), Vec::new());
        for (name, data) in entries {
            let offset = out.len() as u32;
            let head = |sig: u32, central: bool| {
                let mut h = sig.to_le_bytes().to_vec();
                if central {
                    h.extend(20u16.to_le_bytes());
                }
                h.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                h.extend(crc(data).to_le_bytes());
                h.extend((data.len() as u32).to_le_bytes());
                h.extend((data.len() as u32).to_le_bytes());
                h.extend((name.len() as u16).to_le_bytes());
                h.extend(0u16.to_le_bytes());
                if central {
                    h.extend([0; 6]); // comment length, disk, internal attributes
                    h.extend(0u32.to_le_bytes()); // external attributes
                    h.extend(offset.to_le_bytes());
                }
                h
            };
            out.extend(head(0x04034b50, false));
            out.extend(name.as_bytes());
            out.extend(*data);
            central.extend(head(0x02014b50, true));
            central.extend(name.as_bytes());
        }
        let at = out.len() as u32;
        out.extend(&central);
        out.extend(0x06054b50u32.to_le_bytes());
        out.extend([0; 4]);
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((central.len() as u32).to_le_bytes());
        out.extend(at.to_le_bytes());
        out.extend([0; 2]);
        out
    }

    #[test]
    fn a_dropped_rule_runs_with_the_bundled_ones_and_clear_forgets_it() {
        let mut s = Session::new();
        s.load("trail.json", TRAIL.to_vec(), "cloudtrail");
        let r = s.load("rules/mine.YML", RULE.as_bytes().to_vec(), "cloudtrail");
        assert_eq!(r.rule.as_deref(), Some("Sigma rule `mine.YML`: Mine"));
        assert_eq!((r.records, r.error.as_deref(), r.skipped.as_deref()), (0, None, None));
        let loaded = s.finish_loading(false);
        assert_eq!((loaded.summary.events, loaded.report.totals.errors), (1, 0));
        let v = s.detections(&PageDetect::default());
        let mine = v["rules"].as_array().unwrap().iter().position(|r| r["file"] == "rules/mine.YML").unwrap();
        assert_eq!(v["rules"][mine]["builtin"], false);
        assert_eq!(v["rules"][mine]["text"], RULE);
        assert!(v["alerts"].as_array().unwrap().iter().any(|a| a["rule"] == mine), "{v}");
        // Dropped again: replaced, not doubled.
        let again = s.load("rules/mine.YML", RULE.replace("Mine", "Mine 2").into_bytes(), "cloudtrail");
        assert!(again.rule.unwrap().ends_with("(replaces the rule loaded before under that name)"));
        assert_eq!(s.dropped_rules().len(), 1);
        s.clear();
        assert!(s.dropped_rules().is_empty());
    }

    #[test]
    fn rules_in_a_zip_are_rules_and_its_logs_load() {
        let mut s = Session::new();
        let z = zip(&[("logs/trail.json", TRAIL), ("rules/mine.yaml", RULE.as_bytes()), ("README.md", b"hi")]);
        let r = s.load("bundle.zip", z, "cloudtrail");
        assert_eq!(r.records, 1);
        let m = r.members.iter().find(|m| m.name == "bundle.zip/rules/mine.yaml").expect("the rule's line");
        assert_eq!(m.rule.as_deref(), Some("Sigma rule `mine.yaml`: Mine"));
        assert_eq!(m.skipped, None);
        assert_eq!(s.dropped_rules()[0].0, "bundle.zip/rules/mine.yaml");
        // Not YAML at all: still a rule file, its diagnostic shown with it.
        let bad = s.load("bad.yml", b"\xff: [".to_vec(), "cloudtrail");
        assert_eq!(bad.rule.as_deref(), Some("Sigma rule `bad.yml`"));
        let v = s.detections(&PageDetect::default());
        let d = v["rules"].as_array().unwrap().iter().find(|r| r["file"] == "bad.yml").unwrap();
        assert_eq!((d["runs"].as_bool(), d["diagnostics"][0]["code"].as_str()), (Some(false), Some("S001")));
        // YAML that is no Sigma rule at all (a data set's metadata): skipped, not kept.
        let meta = s.load(
            "SDAWS-1.yaml",
            b"title: A data set
tags: [x]
"
            .to_vec(),
            "cloudtrail",
        );
        assert_eq!(meta.skipped.as_deref(), Some("not a Sigma rule: YAML without `detection` or `logsource`"));
        assert_eq!(meta.rule, None);
        assert!(s.dropped_rules().iter().all(|(n, _)| n != "SDAWS-1.yaml"));
        // A rule without its detection is still the user's rule, with S002.
        let half = s.load(
            "half.yml",
            b"title: Half
logsource:
  product: aws
"
            .to_vec(),
            "cloudtrail",
        );
        assert!(half.rule.is_some());
    }
}
