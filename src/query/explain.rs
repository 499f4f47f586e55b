//! `explain`: the stages a query runs, in order, and what the engine decides about each: its
//! operator keyword, its kind (the scope, a row operator run per event, an aggregation, a table
//! operator run over the whole table), the fields it reads and writes, and for the scope the
//! keywords every match holds and whether the load prefilter and the remembered keyword
//! matches apply; for `json` whether it reads hot columns, for a count whether it groups by
//! their codes.
//!
//! Built from what each operator says of itself (`syntax::node::Node`: its keyword, the names it
//! mentions, whether it reads `_raw`, the columns a table operator adds), the planned `Step`
//! (its kind, a row operator's `outputs()` and `hot_paths()`, an aggregation's columns),
//! `Matcher::required`, and `hot_count::applies`.

use super::{candidates, category_pattern, hot_count};
use crate::diag::Diagnostic;
use crate::lookup::Lookups;
use crate::ops::{RowOp, Step};
use crate::plan::Plan;
use crate::store::Store;
use crate::syntax::ast::Stage;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    Scope,
    Row,
    Aggregate,
    Table,
}

/// What the engine does with a query, stage by stage.
#[derive(Serialize, Debug)]
pub struct Explain {
    /// The query as it runs: template variables written in.
    pub query: String,
    pub stages: Vec<ExplainStage>,
    /// The answer depends on the time range (`timeslice N buckets`, `fillmissing`, `outlier`,
    /// `queryStartTime()`...): every event's time counts, so no load may skip events.
    pub range_dependent: bool,
    /// Events loaded when it was explained (decisions that depend on the data use them).
    pub events: usize,
}

#[derive(Serialize, Debug)]
pub struct ExplainStage {
    /// The operator as written (`json`, `where`, `count`, `sort`); `scope` for the search
    /// before the first `|`.
    pub keyword: String,
    pub kind: StageKind,
    /// The stage's text.
    pub text: String,
    /// Fields it reads (a field it both reads and writes is listed as written).
    pub reads: Vec<String>,
    /// Fields (columns) it creates or sets.
    pub writes: Vec<String>,
    /// Run as events stream, one row at a time (every stage up to the first table operator,
    /// whose input is the whole table).
    pub streaming: bool,
    /// For the scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<ScopeFacts>,
    /// `json` of paths kept as hot columns: read from the columns, not from `_raw`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hot_columns: bool,
    /// A count grouped by the dictionary codes of hot columns (`query::hot_count`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hot_count: bool,
    /// The decisions above, in words, for a page to show.
    pub notes: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct ScopeFacts {
    /// Every event matches (no scope, or `*`).
    pub all: bool,
    /// Literals of which every matching event holds one (compared without case).
    pub required: Vec<String>,
    /// `_sourceCategory` patterns the scope requires.
    pub categories: Vec<String>,
    /// A one-shot `trailscope query` reads only the files and lines holding a required literal.
    pub prefilter: bool,
    /// Only the events holding a required literal are read, found once and remembered by the
    /// loaded events (`query::candidates`; with at least 50,000 events loaded).
    pub indexed: bool,
}

/// Explains `query` (with template variables `vars`) as it would run over `store`.
pub fn explain(
    store: &Store,
    query: &str,
    vars: &HashMap<String, String>,
    lookups: &Lookups,
) -> Result<Explain, Diagnostic> {
    let sub = crate::syntax::template::substitute(query, vars);
    let text = sub.text.as_str();
    let planned =
        crate::plan::operators::parse_query(text).and_then(|q| crate::plan::plan(&q, lookups).map(|p| (q, p)));
    let (q, plan) = planned.map_err(|d| d.map_spans(|p| sub.to_original(p)))?;
    let scope_text = text[..crate::syntax::search::scope_end(text)].trim();
    let mut stages = vec![scope(&plan, store, scope_text)];
    let first_table = plan.steps.iter().position(|s| !matches!(s, Step::Row(_))).unwrap_or(plan.steps.len());
    let counted = hot_count::applies(&plan, store);
    for (k, (stage, step)) in q.stages.iter().zip(&plan.steps).enumerate() {
        stages.push(operator(stage, step, text, k <= first_table, counted && k == first_table, store));
    }
    Ok(Explain { query: sub.text.clone(), stages, range_dependent: plan.range_dependent, events: store.len() })
}

fn scope(plan: &Plan, store: &Store, text: &str) -> ExplainStage {
    let m = &plan.matcher;
    let required = m.required().unwrap_or_default();
    let usable = !required.is_empty() && !required.iter().any(String::is_empty);
    let prefilter = usable && !plan.range_dependent;
    let indexed = usable && store.len() >= candidates::MIN_EVENTS;
    let mut notes = Vec::new();
    if m.is_all() {
        notes.push("every event passes: no keyword to look for".to_string());
    } else if usable {
        let list = required.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", ");
        notes.push(format!("every matching event holds one of {list} (case-insensitive)"));
        notes.push(if prefilter {
            "a one-shot trailscope query reads only the files and lines that hold one".to_string()
        } else {
            "the load prefilter is off: the answer depends on the time range".to_string()
        });
        notes.push(if indexed {
            "only the events holding one are read: found once, remembered until the events change".to_string()
        } else {
            "every event is read: keyword matches are remembered from 50,000 loaded events".to_string()
        });
    } else {
        notes.push("every event is tested: no literal that every match must hold".to_string());
    }
    let writes: Vec<String> = plan.view.iter().flat_map(|v| v.outputs()).map(|(_, n)| n).collect();
    if !writes.is_empty() {
        notes.push(
            "`_view=threat_intel*`: the events whose sourceIPAddress is a loaded indicator, with its fields".into(),
        );
    }
    let facts = ScopeFacts {
        all: m.is_all(),
        required,
        categories: m.categories().into_iter().map(category_pattern).collect(),
        prefilter,
        indexed,
    };
    ExplainStage {
        keyword: "scope".into(),
        kind: StageKind::Scope,
        text: if text.is_empty() { "*".into() } else { text.to_string() },
        reads: vec!["_raw".into()],
        writes,
        streaming: true,
        scope: Some(facts),
        hot_columns: false,
        hot_count: false,
        notes,
    }
}

fn operator(stage: &Stage, step: &Step, text: &str, streaming: bool, counted: bool, store: &Store) -> ExplainStage {
    let stage_text = text.get(stage.span.clone()).unwrap_or_default().trim().to_string();
    let (kind, written, fresh): (StageKind, Vec<String>, Vec<String>) = match step {
        Step::Row(op) => {
            let w: Vec<String> = op.outputs().into_iter().map(|(_, n)| n).collect();
            (StageKind::Row, w.clone(), w)
        }
        Step::Aggregate(a) => {
            let outs: Vec<String> = a.specs.iter().flat_map(|s| s.outs.iter().map(|(_, _, n)| n.clone())).collect();
            let by = a.by.iter().map(|(_, n)| n.clone());
            (StageKind::Aggregate, by.chain(outs.clone()).collect(), outs)
        }
        Step::Table(_) | Step::Compare(_) | Step::LogCompare(_) => {
            let w = stage.op.table_writes();
            (StageKind::Table, w.clone(), w)
        }
    };
    let mut reads: Vec<String> = Vec::new();
    if stage.op.reads_raw() {
        reads.push("_raw".into());
    }
    for n in crate::syntax::names::names(std::slice::from_ref(stage)) {
        if !only_called(&stage_text, &n) && !fresh.iter().any(|f| f.eq_ignore_ascii_case(&n)) {
            reads.push(n);
        }
    }
    let hot_columns = matches!(step, Step::Row(op) if op.hot_paths().is_some());
    if let (Step::Row(op), Some(_)) = (step, store.hot()) {
        if let Some((cols, _)) = op.hot_paths() {
            // The hot columns hold what it reads: name them instead of `_raw`.
            reads.retain(|r| r != "_raw");
            let paths = crate::store::hot::HOT_PATHS;
            reads.extend(cols.iter().filter_map(|(c, _)| paths.get(*c)).map(|p| format!("{p} (hot column)")));
        }
    }
    let reads = distinct(reads);
    let writes = distinct(written);
    let mut notes = Vec::new();
    if hot_columns {
        notes.push(if store.hot().is_some() {
            "reads hot columns (dictionary-coded when the events were loaded), not _raw".to_string()
        } else {
            "reads hot columns once they are built, not _raw".to_string()
        });
    }
    if counted {
        notes.push("counted by the codes of hot columns: no value is copied per event".to_string());
    }
    match kind {
        StageKind::Table if streaming => notes.push("waits for every row, then runs over the whole table".into()),
        StageKind::Aggregate => notes.push("folds rows into groups as they stream".into()),
        _ => {}
    }
    if matches!(step, Step::Compare(_)) {
        notes.push("runs the stages before it again over each shifted time range".into());
    }
    if let Step::LogCompare(c) = step {
        let what = if c.baseline.is_some() { "its baseline query" } else { "the stages before it again" };
        let when = match c.window {
            crate::ops::logreduce::Window::Shift(_) => "the time range shifted back",
            crate::ops::logreduce::Window::Between { .. } => "its start_time and end_time",
        };
        notes.push(format!("runs {what} over the baseline window ({when})"));
    }
    ExplainStage {
        keyword: stage.op.keyword(),
        kind,
        text: stage_text,
        reads,
        writes,
        streaming: streaming && kind != StageKind::Table,
        scope: None,
        hot_columns,
        hot_count: counted,
        notes,
    }
}

/// Whether every mention of `name` in `text` is a call (`name(`): a function, not a field.
fn only_called(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let mut any = false;
    for (at, _) in text.match_indices(name) {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].trim_start().chars().next();
        let after_ident = text[at + name.len()..].chars().next();
        if before.is_some_and(ident) || after_ident.is_some_and(ident) {
            continue; // inside a longer name
        }
        if after != Some('(') {
            return false;
        }
        any = true;
    }
    any
}

/// Names without repeats (fields compare without case), in first-mention order.
fn distinct(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stages(store: &Store, q: &str) -> Vec<(String, StageKind, Vec<String>, Vec<String>)> {
        let e = explain(store, q, &HashMap::new(), &Lookups::default()).unwrap();
        e.stages.into_iter().map(|s| (s.keyword, s.kind, s.reads, s.writes)).collect()
    }

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn hot_store() -> Store {
        let mut s = Store::new();
        s.index_hot(1);
        s
    }

    #[test]
    fn a_count_over_hot_columns() {
        let store = hot_store();
        let q = r#"* | json "eventName", "errorCode" | where errorCode = "AccessDenied" | count by eventName | sort by _count"#;
        assert_eq!(
            stages(&store, q),
            [
                ("scope".into(), StageKind::Scope, v(&["_raw"]), v(&[])),
                (
                    "json".into(),
                    StageKind::Row,
                    v(&["eventName (hot column)", "errorCode (hot column)"]),
                    v(&["eventName", "errorCode"])
                ),
                ("where".into(), StageKind::Row, v(&["errorCode"]), v(&[])),
                ("count".into(), StageKind::Aggregate, v(&["eventName"]), v(&["eventName", "_count"])),
                ("sort".into(), StageKind::Table, v(&["_count"]), v(&[])),
            ]
        );
        let e = explain(&store, q, &HashMap::new(), &Lookups::default()).unwrap();
        assert!(e.stages[1].hot_columns && e.stages[3].hot_count && !e.stages[2].hot_count);
        assert!(e.stages[3].streaming && !e.stages[4].streaming);
        let scope = e.stages[0].scope.as_ref().unwrap();
        assert!(scope.all && !scope.prefilter && !scope.indexed);
    }

    #[test]
    fn keywords_prefilter_and_functions_are_not_fields() {
        let q = r#""ConsoleLogin" | parse "\"sourceIPAddress\":\"*\"" as ip | where isValidIP(ip) and !isNull(ip)
                 | lookup country_code from geo://location on ip = ip | timeslice 1h | count by _timeslice, country_code"#;
        let lookups = Lookups::default();
        let e = explain(&Store::new(), q, &HashMap::new(), &lookups);
        let e = match e {
            Ok(e) => e,
            // Without the bundled geo table the lookup is refused: explain what remains.
            Err(_) => explain(
                &Store::new(),
                &q.replace("| lookup country_code from geo://location on ip = ip ", "| expr country_code = ip "),
                &HashMap::new(),
                &lookups,
            )
            .unwrap(),
        };
        let s = &e.stages;
        let scope = s[0].scope.as_ref().unwrap();
        assert_eq!(scope.required, ["ConsoleLogin"]);
        assert!(scope.prefilter && !scope.indexed, "no events loaded: nothing remembered");
        assert_eq!((s[1].keyword.as_str(), &s[1].reads, &s[1].writes), ("parse", &v(&["_raw"]), &v(&["ip"])));
        assert_eq!(s[2].reads, ["ip"], "isValidIP and isNull are functions");
        let ts = s.iter().find(|s| s.keyword == "timeslice").unwrap();
        assert_eq!((ts.kind, &ts.writes), (StageKind::Row, &v(&["_timeslice"])));
        let count = s.last().unwrap();
        assert_eq!(count.reads, ["_timeslice", "country_code"]);
        assert!(!count.hot_count);
    }

    #[test]
    fn range_dependent_queries_turn_the_prefilter_off_and_table_operators_say_what_they_write() {
        let q =
            r#"error | count by _timeslice | fillmissing timeslice(1h) | total _count as t | smooth _count | limit 5"#;
        let e = explain(&Store::new(), q, &HashMap::new(), &Lookups::default()).unwrap();
        assert!(e.range_dependent);
        assert!(!e.stages[0].scope.as_ref().unwrap().prefilter);
        let got: Vec<(&str, StageKind, &[String])> =
            e.stages.iter().map(|s| (s.keyword.as_str(), s.kind, s.writes.as_slice())).collect();
        assert_eq!(got[3], ("total", StageKind::Table, v(&["t"]).as_slice()));
        assert_eq!(got[4], ("smooth", StageKind::Table, v(&["_smooth"]).as_slice()));
        assert_eq!(got[5], ("limit", StageKind::Table, &[][..]));
        assert!(e.stages[2].notes.is_empty() && !e.stages[2].streaming, "after the count, over its groups");
        let e = explain(&Store::new(), r#"* | json "a" | sort by a"#, &HashMap::new(), &Lookups::default()).unwrap();
        assert_eq!(e.stages[2].notes, ["waits for every row, then runs over the whole table"]);
        assert!(e.stages[1].streaming && !e.stages[2].streaming);
    }

    #[test]
    fn template_variables_are_written_in_and_errors_point_into_the_original_text() {
        let vars = HashMap::from([("who".to_string(), "alice".to_string())]);
        let e = explain(&Store::new(), "{{who}} | count", &vars, &Lookups::default()).unwrap();
        assert_eq!(e.query, "alice | count");
        assert_eq!(e.stages[0].text, "alice");
        let d = explain(&Store::new(), "{{who}} | nope", &vars, &Lookups::default()).unwrap_err();
        assert_eq!(d.labels[0].span.start, 10, "{d:?}");
        let j = serde_json::to_value(explain(&Store::new(), "*", &vars, &Lookups::default()).unwrap()).unwrap();
        assert_eq!(j["stages"][0]["kind"], "scope");
        assert_eq!(j["stages"][0]["text"], "*");
    }

    #[test]
    fn the_notes_threshold_is_the_candidates_one() {
        assert_eq!(candidates::MIN_EVENTS, 50_000, "the scope's note says 50,000");
    }

    #[test]
    fn a_name_called_and_used_as_a_field_is_a_field() {
        assert!(only_called("where isNull(x)", "isNull"));
        assert!(!only_called("where abs(abs) > 1", "abs"));
        assert!(!only_called("where x > 1", "x"));
        assert!(!only_called("where xx(1) and x > 1", "x"));
    }
}
