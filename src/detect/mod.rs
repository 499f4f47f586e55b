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
//! an unknown level, `S011` a logsource other than AWS CloudTrail, `S013` a user's rule with
//! the id of a rule already loaded (both run; alerts tell them apart by file). All but `S010`,
//! `S013` and a partly given `S008` keep the rule from running: it loads, is listed with the
//! diagnostic, and never silently matches nothing. `S012` is not among a rule's diagnostics: it
//! is what [`Rule::sumo_query`] gives when the rule has no equivalent Sumo query (`sumo` says which).
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
pub mod baseline;
pub mod builtin;
pub mod compile;
pub mod condition;
pub mod event;
pub mod export;
pub mod gate;
pub mod modifiers;
pub mod rule;
pub mod run;
pub mod sumo;

pub use alert::{Alert, Summary};
pub use rule::{Level, Meta};

use crate::diag::Diagnostic;
use crate::lookup::Lookups;
use crate::store::hot::HotColumns;
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
    /// The baseline this entry stands for; `None` for a Sigma rule.
    pub baseline: Option<baseline::Kind>,
    compiled: Option<Compiled>,
    /// The equivalent Sumo query (`sumo`), made when the rule loads, or why there is none.
    sumo: Result<String, Diagnostic>,
}

impl Rule {
    /// Whether the rule runs (it loaded without a diagnostic that stops it; a baseline always does).
    pub fn runs(&self) -> bool {
        self.compiled.is_some() || self.baseline.is_some()
    }

    /// `sigma` or `baseline`.
    pub fn kind(&self) -> &'static str {
        if self.baseline.is_some() {
            "baseline"
        } else {
            "sigma"
        }
    }

    /// The Sumo query that selects exactly the events the rule matches, when run by this
    /// engine; else an `S012` diagnostic saying why there is none.
    pub fn sumo_query(&self) -> Result<&str, &Diagnostic> {
        self.sumo.as_deref()
    }
}

/// Rules and the fields they read.
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    fields: Vec<FieldDef>,
    /// The baselines' thresholds, once [`RuleSet::add_baselines`] listed them.
    baselines: Option<baseline::Options>,
    /// Whether rules skip events by their gates (`gate`); off only to check that gates change nothing.
    pub gates: bool,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::new()
    }
}

impl RuleSet {
    pub fn new() -> RuleSet {
        RuleSet { rules: Vec::new(), fields: Vec::new(), baselines: None, gates: true }
    }

    /// The bundled rules (`builtin::RULES`). Without placeholder values they are read and
    /// compiled once per process (a copy each call): the page runs them after every load.
    pub fn builtin(opts: &RuleOptions) -> RuleSet {
        static PLAIN: [std::sync::OnceLock<RuleSet>; 2] = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        let read = |opts: &RuleOptions| {
            let mut set = RuleSet::new();
            for (file, text) in builtin::RULES {
                set.add(file, text, true, opts);
            }
            set
        };
        if opts.placeholders.is_empty() {
            PLAIN[usize::from(opts.geo)].get_or_init(|| read(opts)).clone()
        } else {
            read(opts)
        }
    }

    /// Loads one rule file; whatever is wrong with it is in its diagnostics.
    pub fn add(&mut self, file: &str, text: &str, builtin: bool, opts: &RuleOptions) -> &Rule {
        let mut rule = Rule {
            file: file.to_string(),
            builtin,
            meta: Meta::default(),
            text: text.to_string(),
            diagnostics: Vec::new(),
            baseline: None,
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
                if let Some(same) = self.rules.iter().find(|r| !rule.meta.id.is_empty() && r.meta.id == rule.meta.id) {
                    let span = rule::get(&root, "id").map_or(0..0, |n| doc.span(n));
                    rule.diagnostics.push(Diagnostic::at(
                        "S013",
                        span,
                        format!(
                            "a rule with this id is already loaded ({}{}): both run; give this one its own id",
                            if same.builtin { "bundled, " } else { "" },
                            same.file
                        ),
                    ));
                }
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

    /// Lists the behaviour baselines as rules (after the rules: their alerts name them like a
    /// rule's); `detect` runs them with these thresholds.
    pub fn add_baselines(&mut self, o: &baseline::Options) {
        for k in baseline::Kind::ALL {
            let meta = k.meta(o);
            self.rules.push(Rule {
                file: format!("baseline/{}", k.slug()),
                builtin: true,
                text: meta.description.clone(),
                meta,
                diagnostics: Vec::new(),
                baseline: Some(k),
                compiled: None,
                sumo: Err(Diagnostic::new(
                    "S012",
                    "no equivalent Sumo query: a behaviour baseline keeps state per principal over time",
                )),
            });
        }
        self.baselines = Some(o.clone());
    }

    /// Runs every rule that runs (at `min_level` or above, when given) over the store: one
    /// alert per (event, rule), oldest event first (ties by event order, then rule order).
    pub fn detect(&self, store: &Store, lookups: &Lookups, min_level: Option<Level>, threads: usize) -> Vec<Alert> {
        self.detect_with_progress(store, lookups, min_level, threads, &mut |_| {})
    }

    /// [`RuleSet::detect`], telling `progress` how far it is (0 to 1) now and then: the page's
    /// worker runs it on one thread and shows that while it runs.
    pub fn detect_with_progress(
        &self,
        store: &Store,
        lookups: &Lookups,
        min_level: Option<Level>,
        threads: usize,
        progress: &mut dyn FnMut(f64),
    ) -> Vec<Alert> {
        let active: Vec<(u32, &Compiled)> = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| min_level.is_none_or(|m| r.meta.level.unwrap_or(Level::Informational) >= m))
            .filter_map(|(i, r)| Some((i as u32, r.compiled.as_ref()?)))
            .collect();
        let geo = lookups.geo.as_deref();
        let built;
        let hot = match store.hot() {
            Some(h) => h,
            None => {
                let raws: Vec<&str> = (0..store.len()).map(|i| store.raw(i)).collect();
                built = HotColumns::build(&raws, threads);
                &built
            }
        };
        // The rules take about two thirds of the time, the baselines the rest.
        let share = if self.baselines.is_some() { 0.65 } else { 1.0 };
        let gates = Some(hot).filter(|_| self.gates);
        let hits = run::run(store, &active, &self.fields, geo, gates, threads, &mut |f| progress(f * share));
        let mut alerts: Vec<Alert> =
            hits.into_iter().map(|h| Alert::new(store, hot, h, &self.rules[h.rule as usize])).collect();
        if let Some(o) = &self.baselines {
            let wanted = |k: baseline::Kind| min_level.is_none_or(|m| k.level() >= m);
            let found = baseline::run(store, hot, lookups, o, &mut |f| progress(share + f * (1.0 - share)));
            for f in found.into_iter().filter(|f| wanted(f.kind)) {
                let Some(i) = self.rules.iter().position(|r| r.baseline == Some(f.kind)) else { continue };
                alerts.push(Alert::of_finding(store, hot, f, i as u32, &self.rules[i]));
            }
        }
        // Store order is newest first; alerts read oldest first, events without a time last.
        alerts.sort_by_key(|a| (a.time == crate::store::NO_TIME, a.time, std::cmp::Reverse(a.event), a.rule));
        progress(1.0);
        alerts
    }
}

#[cfg(test)]
mod tests;
