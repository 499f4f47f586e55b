//! An alert (one rule matching one event) with the event's fields an analyst reads first, and the summary by level and by rule.

use super::event::{values, Val};
use super::run::Hit;
use super::{Level, Rule};
use crate::store::hot::HotColumns;
use crate::store::Store;
use serde::Serialize;

/// One rule matching one event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// The event's index in the store and the rule's in the rule set.
    pub event: u32,
    pub rule: u32,
    /// `eventTime` in epoch ms (`store::NO_TIME` when it has none).
    pub time: i64,
    pub level: Option<Level>,
    /// `userIdentity.arn`, else its `accessKeyId`, `userName`, `principalId` or `invokedBy`.
    pub principal: Option<String>,
    pub source_ip: Option<String>,
    pub event_name: Option<String>,
    pub event_id: Option<String>,
    /// What a baseline saw (`from Berlin, DE to New York, US: ...`); none for a Sigma rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Every event behind a baseline's alert, its own first; empty for a Sigma rule's (its one event).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<u32>,
}

fn first(raw: &str, path: &[&str]) -> Option<String> {
    let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    values(raw, &path, &mut out);
    out.into_iter().find_map(|v| match v {
        Val::Text(t) if !t.is_empty() => Some(t.into_owned()),
        _ => None,
    })
}

/// What [`first`] reads, from a hot column when the event's value there is plain text: an
/// array or object (which `first` walks into) is read from `raw`, and so is a nested key the
/// column lacks (its parent may be an array).
fn first_hot(hot: &HotColumns, ev: usize, raw: &str, path: &[&str]) -> Option<String> {
    let col = HotColumns::column_of(&path.join("."))?;
    match hot.code(col, ev) {
        // Missing from a key inside `userIdentity` may be an array there, which the walk fans out.
        0 if path.len() > 1 => first(raw, path),
        code if code < 2 => None,
        code => {
            let v = hot.value(col, code);
            let t = v.as_text();
            match t.as_bytes().first() {
                None => None,
                Some(b'[' | b'{') => first(raw, path),
                Some(_) => Some(t.into_owned()),
            }
        }
    }
}

impl Alert {
    pub(super) fn new(store: &Store, hot: &HotColumns, hit: Hit, rule: &Rule) -> Alert {
        let ev = hit.event as usize;
        let raw = store.raw(ev);
        let read = |path: &[&str]| match HotColumns::column_of(&path.join(".")) {
            Some(_) => first_hot(hot, ev, raw, path),
            None => first(raw, path),
        };
        let principal = ["arn", "accessKeyId", "userName", "principalId", "invokedBy"]
            .iter()
            .find_map(|k| read(&["userIdentity", k]));
        Alert {
            event: hit.event,
            rule: hit.rule,
            time: store.event(ev).time,
            level: rule.meta.level,
            principal,
            source_ip: read(&["sourceIPAddress"]),
            event_name: read(&["eventName"]),
            event_id: first(raw, &["eventID"]),
            detail: None,
            events: Vec::new(),
        }
    }

    /// A baseline's alert: the finding's event read as a rule's, with its detail and events.
    pub(super) fn of_finding(
        store: &Store,
        hot: &HotColumns,
        f: super::baseline::Finding,
        rule_index: u32,
        rule: &Rule,
    ) -> Alert {
        let mut a = Alert::new(store, hot, Hit { event: f.event, rule: rule_index }, rule);
        a.detail = Some(f.detail);
        let mut events = f.events;
        if events.first() != Some(&f.event) {
            events.retain(|e| *e != f.event);
            events.insert(0, f.event);
        }
        a.events = events;
        a
    }
}

/// Alerts counted by level (highest first) and by rule (most alerts first, then title).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub by_level: Vec<(String, usize)>,
    /// Rule index, count.
    pub by_rule: Vec<(u32, usize)>,
}

impl Summary {
    pub fn of(alerts: &[Alert], rules: &[Rule]) -> Summary {
        let mut by_level = Vec::new();
        for l in Level::ALL.iter().rev() {
            let n = alerts.iter().filter(|a| a.level == Some(*l)).count();
            if n > 0 {
                by_level.push((l.name().to_string(), n));
            }
        }
        let none = alerts.iter().filter(|a| a.level.is_none()).count();
        if none > 0 {
            by_level.push(("none".to_string(), none));
        }
        let mut counts: std::collections::BTreeMap<u32, usize> = Default::default();
        for a in alerts {
            *counts.entry(a.rule).or_default() += 1;
        }
        let mut by_rule: Vec<(u32, usize)> = counts.into_iter().collect();
        by_rule.sort_by(|a, b| {
            b.1.cmp(&a.1).then_with(|| rules[a.0 as usize].meta.title.cmp(&rules[b.0 as usize].meta.title))
        });
        Summary { total: alerts.len(), by_level, by_rule }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hot_columns_read_what_the_walk_reads() {
        let events = [
            r#"{"eventName":"GetUser","sourceIPAddress":"1.2.3.4","userIdentity":{"arn":"arn:a"}}"#,
            r#"{"eventName":["A","B"],"sourceIPAddress":{"x":"1.2.3.4"},"userIdentity":{"arn":""}}"#,
            r#"{"eventName":null,"sourceIPAddress":5,"userIdentity":{"arn":null,"userName":"u"}}"#,
            r#"{"eventName":"Get\u0055ser","sourceIPAddress":true,"userIdentity":[{"arn":"arn:in-array"}]}"#,
            r#"{"eventName":"First","eventName":"Second","sourceIPAddress":"","userIdentity":{"arn":"x","arn":"y"}}"#,
            r#"{"eventName":"[not an array","userIdentity":{"type":"Root"}}"#,
            r#"{"eventName":[],"sourceIPAddress":[" 9.9.9.9 "]}"#,
        ];
        let mut store = Store::new();
        let file = format!(r#"{{"Records":[{}]}}"#, events.join(","));
        crate::ingest::load_bytes(&mut store, "odd.json", file.as_bytes(), &Default::default());
        store.finish();
        assert_eq!(store.len(), events.len());
        let raws: Vec<&str> = (0..store.len()).map(|i| store.raw(i)).collect();
        let hot = HotColumns::build(&raws, 1);
        for (ev, raw) in raws.iter().enumerate() {
            for path in
                [&["eventName"][..], &["sourceIPAddress"], &["userIdentity", "arn"], &["userIdentity", "userName"]]
            {
                assert_eq!(first_hot(&hot, ev, raw, path), first(raw, path), "{path:?} of {raw}");
            }
        }
    }
}
