//! Bursts: failed console sign-ins, and AccessDenied errors per principal and user agent, grouped into episodes.

use super::facts::{field, Fact, Facts, NOBODY};
use super::signin::code_is;
use super::{plural, span, Finding, Kind, Options, MAX_EVENTS};
use crate::store::Store;
use rustc_hash::FxHashMap as HashMap;
use std::hash::Hash;

/// Events of one key with less than a gap between consecutive ones.
pub struct Burst {
    /// The first [`MAX_EVENTS`] events.
    pub events: Vec<u32>,
    pub n: usize,
    pub from: i64,
    pub to: i64,
    pub first: Fact,
    /// Event name codes with their counts, in the order first seen.
    calls: Vec<(u32, usize)>,
}

impl Burst {
    /// The calls, most frequent first: `DescribeParameters ×40, GetParameter ×2`.
    pub fn names(&self, facts: &Facts, max: usize) -> String {
        let mut calls = self.calls.clone();
        calls.sort_by_key(|c| std::cmp::Reverse(c.1));
        let mut shown: Vec<String> = calls
            .iter()
            .take(max)
            .map(|(c, n)| {
                let name = facts.text(facts.cols.name, *c);
                if *n > 1 {
                    format!("{name} ×{n}")
                } else {
                    name
                }
            })
            .collect();
        if calls.len() > max {
            shown.push("...".into());
        }
        shown.join(", ")
    }
}

/// Groups `items` (time order) by key into episodes; an episode ends when the next event of its
/// key comes `gap_ms` or more after its last. Episodes of at least `min` events, oldest first.
pub fn episodes<K: Hash + Eq + Copy>(
    items: impl Iterator<Item = (K, Fact)>,
    gap_ms: i64,
    min: usize,
) -> Vec<(K, Burst)> {
    let mut open: HashMap<K, Burst> = HashMap::default();
    let mut done = Vec::new();
    for (k, f) in items {
        if open.get(&k).is_some_and(|b| f.time - b.to >= gap_ms) {
            done.push((k, open.remove(&k).expect("just seen")));
        }
        let b = open.entry(k).or_insert_with(|| Burst {
            events: Vec::new(),
            n: 0,
            from: f.time,
            to: f.time,
            first: f,
            calls: Vec::new(),
        });
        if b.events.len() < MAX_EVENTS {
            b.events.push(f.ev);
        }
        b.n += 1;
        b.to = f.time;
        match b.calls.iter_mut().find(|c| c.0 == f.name) {
            Some(c) => c.1 += 1,
            None => b.calls.push((f.name, 1)),
        }
    }
    done.extend(open);
    done.retain(|(_, b)| b.n >= min);
    done.sort_by_key(|(_, b)| (b.from, b.events[0]));
    done
}

fn minutes(m: f64) -> i64 {
    (m * 60_000.0) as i64
}

/// Failed console sign-ins of one principal (or one address when CloudTrail hides the user).
pub fn failed_sign_ins(facts: &Facts, store: &Store, o: &Options, out: &mut Vec<Finding>) {
    let c = &facts.cols;
    let login = code_is(facts, c.name, "ConsoleLogin");
    let failed_auth = code_is(facts, c.error_message, "Failed authentication");
    let failed: Vec<(u64, Fact)> = facts
        .iter()
        .filter(|f| login[f.name as usize])
        .filter(|f| {
            let raw = store.raw(f.ev as usize);
            let message = facts.hot.code(c.error_message, f.ev as usize);
            failed_auth[message as usize]
                || field(raw, &["responseElements", "ConsoleLogin"]).is_some_and(|v| v == "Failure")
        })
        // Principals and addresses in one key space: addresses above 2^32.
        .map(|f| (if f.principal == NOBODY { 1u64 << 32 | f.ip as u64 } else { f.principal as u64 }, f))
        .collect();
    for (_, b) in episodes(failed.into_iter(), minutes(o.failed_minutes), o.failed_sign_ins.max(1)) {
        out.push(Finding {
            kind: Kind::FailedSignIns,
            event: b.events[0],
            detail: format!(
                "{} in {} (first from {})",
                plural(b.n, "failed console sign-in"),
                span(b.to - b.from),
                facts.text(c.ip, b.first.ip)
            ),
            events: b.events,
        });
    }
}

/// Whether an error code is a denial.
fn is_denial(code: &str) -> bool {
    let c = code.to_ascii_lowercase();
    c.contains("accessdenied") || c.contains("unauthorized")
}

/// AccessDenied bursts per principal and user agent (the IntelliJ plugin retrying all day).
pub fn denied(facts: &Facts, o: &Options, out: &mut Vec<Finding>) {
    let c = &facts.cols;
    let denial: Vec<bool> =
        (0..facts.hot.codes_len(c.error) as u32).map(|e| e >= 2 && is_denial(&facts.text(c.error, e))).collect();
    let items = facts.iter().filter(|f| denial[f.error as usize] && f.principal != NOBODY);
    for ((_, agent), b) in
        episodes(items.map(|f| ((f.principal, f.agent), f)), minutes(o.denied_minutes), o.denied.max(1))
    {
        out.push(Finding {
            kind: Kind::DeniedBurst,
            event: b.events[0],
            detail: format!(
                "{} in {} with user agent {}: {}",
                plural(b.n, "denied call"),
                span(b.to - b.from),
                facts.text(c.agent, agent),
                b.names(facts, 3)
            ),
            events: b.events,
        });
    }
}
