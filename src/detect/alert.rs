//! An alert (one rule matching one event) with the event's fields an analyst reads first, and the summary by level and by rule.

use super::event::{values, Val};
use super::run::Hit;
use super::{Level, Rule};
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

impl Alert {
    pub(super) fn new(store: &Store, hit: Hit, rule: &Rule) -> Alert {
        let raw = store.raw(hit.event as usize);
        let principal = ["arn", "accessKeyId", "userName", "principalId", "invokedBy"]
            .iter()
            .find_map(|k| first(raw, &["userIdentity", k]));
        Alert {
            event: hit.event,
            rule: hit.rule,
            time: store.event(hit.event as usize).time,
            level: rule.meta.level,
            principal,
            source_ip: first(raw, &["sourceIPAddress"]),
            event_name: first(raw, &["eventName"]),
            event_id: first(raw, &["eventID"]),
            detail: None,
            events: Vec::new(),
        }
    }

    /// A baseline's alert: the finding's event read as a rule's, with its detail and events.
    pub(super) fn of_finding(store: &Store, f: super::baseline::Finding, rule_index: u32, rule: &Rule) -> Alert {
        let mut a = Alert::new(store, Hit { event: f.event, rule: rule_index }, rule);
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
