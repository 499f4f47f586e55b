//! Behaviour baselines: alerts no rule file describes (first seen, impossible travel, sign-ins, bursts), learned from the loaded events themselves.
//!
//! Each baseline reads the hot columns (`store::hot`: principal, address, agent, region,
//! service, error) of every event once, in time order, whatever order the files came in. The
//! raw text is read only for the few fields no hot column holds (a sign-in's outcome and MFA,
//! the access key of an event without an arn). Addresses are looked up once per distinct
//! address. Thresholds are [`Options`]; each baseline is listed with the rules (its own id,
//! level and ATT&CK tags, `kinds`), so its alerts read like a rule's.

pub mod agent;
pub mod bursts;
pub mod facts;
pub mod first_seen;
pub mod kinds;
pub mod places;
pub mod signin;
pub mod travel;

#[cfg(test)]
mod tests;

pub use kinds::Kind;

use crate::lookup::Lookups;
use crate::store::hot::HotColumns;
use crate::store::Store;
use facts::Facts;
use places::Places;
use serde::Deserialize;

/// Thresholds and the learning window.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default)]
pub struct Options {
    /// The learning window: the first `learn_days` days of the loaded events ...
    pub learn_days: f64,
    /// ... or everything before this time (epoch ms), when given.
    pub learn_until: Option<i64>,
    pub travel_kmh: f64,
    pub travel_km: f64,
    pub failed_sign_ins: usize,
    pub failed_minutes: f64,
    pub denied: usize,
    pub denied_minutes: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            learn_days: 7.0,
            learn_until: None,
            travel_kmh: 1000.0,
            travel_km: 500.0,
            failed_sign_ins: 3,
            failed_minutes: 15.0,
            denied: 10,
            denied_minutes: 60.0,
        }
    }
}

/// One baseline alert: the event it fires on, every event behind it, and what it saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: Kind,
    pub event: u32,
    pub events: Vec<u32>,
    pub detail: String,
}

/// The most events one alert lists (a burst can have thousands; its detail counts them all).
pub const MAX_EVENTS: usize = 100;

/// Every baseline over the store's events, read through its hot columns.
pub fn run(
    store: &Store,
    hot: &HotColumns,
    lookups: &Lookups,
    o: &Options,
    progress: &mut dyn FnMut(f64),
) -> Vec<Finding> {
    let facts = Facts::read(store, hot);
    let Some(first) = facts.iter().next().map(|f| f.time) else { return Vec::new() };
    let learn_end = o.learn_until.unwrap_or(first + (o.learn_days * 86_400_000.0) as i64);
    let mut places = Places::new(lookups.geo.as_deref(), lookups.asn.as_deref(), hot, facts.cols.ip);
    let mut out = Vec::new();
    progress(0.3);
    first_seen::run(&facts, &mut places, learn_end, &mut out);
    progress(0.7);
    travel::run(&facts, &mut places, o, &mut out);
    progress(0.85);
    signin::without_mfa(&facts, store, &mut places, &mut out);
    signin::root(&facts, &mut out);
    bursts::failed_sign_ins(&facts, store, o, &mut out);
    bursts::denied(&facts, o, &mut out);
    out
}

/// `N things` with the right plural.
fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A duration in words: `45 s`, `12 min`, `3.5 h`.
fn span(ms: i64) -> String {
    let s = ms / 1000;
    if s < 120 {
        format!("{s} s")
    } else if s < 7200 {
        format!("{} min", s / 60)
    } else {
        format!("{:.1} h", s as f64 / 3600.0)
    }
}
