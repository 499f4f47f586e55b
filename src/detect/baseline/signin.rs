//! Sign-ins and the root user: console sign-ins without MFA, and root activity by episode.

use super::bursts::episodes;
use super::facts::{field, Facts, NOBODY};
use super::places::Places;
use super::{plural, span, Finding, Kind};
use crate::store::Store;

/// Whether a hot code's text is `want` (codes are compared once per distinct value).
pub(super) fn code_is(facts: &Facts, col: usize, want: &str) -> Vec<bool> {
    (0..facts.hot.codes_len(col) as u32).map(|c| c >= 2 && facts.text(col, c) == want).collect()
}

/// Successful console sign-ins of IAM users and root with `MFAUsed: No`.
pub fn without_mfa(facts: &Facts, store: &Store, places: &mut Places, out: &mut Vec<Finding>) {
    let c = &facts.cols;
    let login = code_is(facts, c.name, "ConsoleLogin");
    let (iam, root) = (code_is(facts, c.user_type, "IAMUser"), code_is(facts, c.user_type, "Root"));
    for f in facts.iter() {
        if !login[f.name as usize] || !(iam[f.user_type as usize] || root[f.user_type as usize]) {
            continue;
        }
        let raw = store.raw(f.ev as usize);
        let ok = field(raw, &["responseElements", "ConsoleLogin"]).is_some_and(|v| v == "Success");
        let no_mfa = field(raw, &["additionalEventData", "MFAUsed"]).is_some_and(|v| v.eq_ignore_ascii_case("no"));
        if ok && no_mfa {
            let ip = facts.text(c.ip, f.ip);
            let place = places.place(f.ip).map(|p| format!(" ({})", p.name())).unwrap_or_default();
            let who = if root[f.user_type as usize] { "the root user" } else { "an IAM user" };
            out.push(Finding {
                kind: Kind::ConsoleWithoutMfa,
                event: f.ev,
                events: vec![f.ev],
                detail: format!("console sign-in of {who} without MFA from {ip}{place}"),
            });
        }
    }
}

const HOUR_MS: i64 = 3_600_000;

/// Root activity, one alert per episode (calls less than an hour apart).
pub fn root(facts: &Facts, out: &mut Vec<Finding>) {
    let c = &facts.cols;
    let is_root = code_is(facts, c.user_type, "Root");
    let calls = facts.iter().filter(|f| is_root[f.user_type as usize] && f.principal != NOBODY);
    for (_, b) in episodes(calls.map(|f| (f.principal, f)), HOUR_MS, 1) {
        out.push(Finding {
            kind: Kind::RootUse,
            event: b.events[0],
            detail: format!("root user: {} over {}: {}", plural(b.n, "call"), span(b.to - b.from), b.names(facts, 6)),
            events: b.events,
        });
    }
}
