//! Sigma detections: rules read from YAML, compiled into tests over the fields they name, run over a store's raw events.
//!
//! Why our own matching and not a Sigma crate: `sigma-rust` (the maintained one) evaluates a
//! rule against an `Event` it builds from `serde_json::Value`, one JSON tree per event, which is
//! what the engine avoids everywhere (`json`, `store`): events stay compact raw text and a field
//! is found by skipping to it. Here each event's fields are read from its raw text once, on
//! first use, and shared by every rule (`run::EventFields`); most events stop at the first
//! test of each rule (`eventSource`, `eventName`), which reads two short strings. `sigma-rust`
//! also compares types strictly (`requestParameters.enable: 'false'` would not match CloudTrail's
//! `false`), has no `expand`, and gives no place in the rule for an error; and rules compiled
//! here can later be shown as the equivalent Sumo query (issue 11).
//!
//! Why saphyr for YAML: serde_yaml is deprecated; serde_yaml_ng and serde_norway are its forks
//! over a C-to-Rust translation of libyaml (unsafe-libyaml), and map onto serde types without
//! positions; yaml-rust2's maintainers continue it as saphyr: pure safe Rust, YAML 1.2, builds
//! for wasm32 as it is, and its `MarkedYaml` keeps each node's place, so a diagnostic points at
//! the line of the rule that holds the problem.
//!
//! Semantics, where Sigma leaves them to the backend: see `event` (fields, arrays fan out),
//! `modifiers` (strings, wildcards, case), `compile` (keywords, derived fields, placeholders)
//! and `condition`. Keywords match anywhere in the event's compact JSON text.
//!
//! Diagnostics (`S0xx`, each with the rule file's byte span): `S001` not YAML, `S002` not a
//! Sigma rule (no `detection`/`condition`), `S003` a modifier not supported or not Sigma's,
//! `S004` an unsupported construct (aggregation, `near`, correlation, `timeframe`, several
//! documents), `S005` a condition that does not parse, `S006` a name the condition gives that
//! the detection lacks, `S007` a value that cannot be used (bad regex, CIDR, exists, empty
//! list), `S008` a placeholder without values, `S009` no geo table for `src_country`, `S010`
//! an unknown level, `S011` a logsource other than AWS CloudTrail. All but `S010` and a
//! partly given `S008` keep the rule from running: it loads, is listed with the diagnostic,
//! and never silently matches nothing. `S012` is not among a rule's diagnostics: it is what
//! [`Rule::sumo_query`] gives when the rule has no equivalent Sumo query (`sumo` says which).
//!
//! ```
//! use trailscope::detect::{RuleOptions, RuleSet};
//! use trailscope::{ingest, store::Store};
//!
//! let mut store = Store::new();
//! let file = br#"{"Records":[{"eventTime":"2024-01-02T03:04:05Z","eventID":"e1","eventSource":"signin.amazonaws.com",
//!   "eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Success"}}]}"#;
//! ingest::load_bytes(&mut store, "example.json", file, &Default::default());
//! store.finish();
//!
//! let rules = RuleSet::builtin(&RuleOptions::default());
//! let alerts = rules.detect(&store, &Default::default(), None, 1);
//! assert_eq!(alerts.len(), 1);
//! assert_eq!(rules.rules[alerts[0].rule as usize].meta.title, "AWS Successful Console Login Without MFA");
//! assert_eq!(alerts[0].event_id.as_deref(), Some("e1"));
//! ```

pub mod alert;
pub mod builtin;
pub mod compile;
pub mod condition;
pub mod event;
pub mod modifiers;
pub mod rule;
pub mod run;
pub mod sumo;

pub use alert::{Alert, Summary};
pub use rule::{Level, Meta};

use crate::diag::Diagnostic;
use crate::lookup::Lookups;
use crate::store::Store;
use compile::{Compiled, Env, FieldDef, Outcome};
use std::collections::HashMap;

/// What loading rules needs from the user and the environment.
#[derive(Clone, Debug, Default)]
pub struct RuleOptions {
    /// Values for `%name%` placeholders (`expand`), by name without the `%`.
    pub placeholders: HashMap<String, Vec<String>>,
    /// Whether the geo table will be there (`src_country`).
    pub geo: bool,
}

/// A loaded rule: where it came from, its metadata and text, its diagnostics, and whether it runs.
#[derive(Clone, Debug)]
pub struct Rule {
    /// `rules/aws_root_account_usage.yml` for a bundled rule, the path given for a user's.
    pub file: String,
    pub builtin: bool,
    pub meta: Meta,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    compiled: Option<Compiled>,
    /// The equivalent Sumo query (`sumo`), made when the rule loads, or why there is none.
    sumo: Result<String, Diagnostic>,
}

impl Rule {
    /// Whether the rule runs (it loaded without a diagnostic that stops it).
    pub fn runs(&self) -> bool {
        self.compiled.is_some()
    }

    /// The Sumo query that selects exactly the events the rule matches, when run by this
    /// engine; else an `S012` diagnostic saying why there is none.
    pub fn sumo_query(&self) -> Result<&str, &Diagnostic> {
        self.sumo.as_deref()
    }
}

/// Rules and the fields they read.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    fields: Vec<FieldDef>,
}

impl RuleSet {
    pub fn new() -> RuleSet {
        RuleSet::default()
    }

    /// The bundled rules (`builtin::RULES`).
    pub fn builtin(opts: &RuleOptions) -> RuleSet {
        let mut set = RuleSet::new();
        for (file, text) in builtin::RULES {
            set.add(file, text, true, opts);
        }
        set
    }

    /// Loads one rule file; whatever is wrong with it is in its diagnostics.
    pub fn add(&mut self, file: &str, text: &str, builtin: bool, opts: &RuleOptions) -> &Rule {
        let mut rule = Rule {
            file: file.to_string(),
            builtin,
            meta: Meta::default(),
            text: text.to_string(),
            diagnostics: Vec::new(),
            compiled: None,
            sumo: Err(Diagnostic::new("S012", "")),
        };
        let doc = rule::Doc::new(text);
        match rule::parse_yaml(text) {
            Err(d) => rule.diagnostics.push(d),
            Ok((root, docs)) => {
                rule.meta = rule::meta(&root, &doc, &mut rule.diagnostics);
                let mut out = Outcome::default();
                if docs > 1 {
                    out.fatal.push(Diagnostic::new(
                        "S004",
                        "unsupported: a rule file with several YAML documents (`action: global`, ...)",
                    ));
                }
                if let Some(c) = rule::get(&root, "correlation") {
                    out.fatal.push(Diagnostic::at("S004", doc.span(c), "unsupported: correlation rules"));
                }
                let (p, s) = (&rule.meta.product, &rule.meta.service);
                if !p.is_empty() && !p.eq_ignore_ascii_case("aws")
                    || !s.is_empty() && !s.eq_ignore_ascii_case("cloudtrail")
                {
                    let span = rule::get(&root, "logsource").map_or(0..0, |l| doc.span(l));
                    out.fatal.push(Diagnostic::at(
                        "S011",
                        span,
                        format!("the rule is for logsource {p}/{s}, not aws/cloudtrail: it does not run here"),
                    ));
                }
                match rule::get(&root, "detection") {
                    None => out.fatal.push(Diagnostic::new("S002", "not a Sigma rule: no `detection`")),
                    Some(det) => {
                        let mut env = Env { placeholders: &opts.placeholders, geo: opts.geo, fields: &mut self.fields };
                        let compiled = compile::compile(det, &doc, &mut env, &mut out);
                        if out.fatal.is_empty() {
                            rule.compiled = compiled;
                        }
                    }
                }
                rule.diagnostics.extend(out.fatal);
                rule.diagnostics.extend(out.notes);
            }
        }
        rule.sumo = match (&rule.compiled, rule.diagnostics.first()) {
            (Some(c), _) => sumo::query(c, &self.fields),
            (None, d) => Err(Diagnostic::new(
                "S012",
                format!(
                    "no equivalent Sumo query: the rule does not run ({})",
                    d.map_or("no detection".to_string(), |d| format!("{}: {}", d.code, d.message))
                ),
            )),
        };
        self.rules.push(rule);
        self.rules.last().unwrap()
    }

    /// Runs every rule that runs (at `min_level` or above, when given) over the store: one
    /// alert per (event, rule), oldest event first (ties by event order, then rule order).
    pub fn detect(&self, store: &Store, lookups: &Lookups, min_level: Option<Level>, threads: usize) -> Vec<Alert> {
        let active: Vec<(u32, &Compiled)> = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| min_level.is_none_or(|m| r.meta.level.unwrap_or(Level::Informational) >= m))
            .filter_map(|(i, r)| Some((i as u32, r.compiled.as_ref()?)))
            .collect();
        let geo = lookups.geo.as_deref();
        let hits = run::run(store, &active, &self.fields, geo, threads);
        let mut alerts: Vec<Alert> =
            hits.into_iter().map(|h| Alert::new(store, h, &self.rules[h.rule as usize])).collect();
        // Store order is newest first; alerts read oldest first, events without a time last.
        alerts.sort_by_key(|a| (a.time == crate::store::NO_TIME, a.time, std::cmp::Reverse(a.event), a.rule));
        alerts
    }
}

#[cfg(test)]
mod tests;
