//! Message results for a page: counts over time for the histogram, then only as many rows
//! (and as much of each `_raw`) as a page can show.

use crate::json::path::parse_path;
use crate::json::scan::extract;
use crate::store::Store;
use crate::value::Value;
use crate::QueryResult;
use serde::Serialize;

/// Fields every CloudTrail record has, shown with each message and in the field browser even
/// when the query extracts none (as Sumo Logic shows a JSON source's fields): name and path.
pub const AUTO_FIELDS: &[(&str, &str)] = &[
    ("eventName", "eventName"),
    ("eventSource", "eventSource"),
    ("errorCode", "errorCode"),
    ("sourceIPAddress", "sourceIPAddress"),
    ("userName", "userIdentity.userName"),
    ("arn", "userIdentity.arn"),
    ("identityType", "userIdentity.type"),
    ("awsRegion", "awsRegion"),
    ("userAgent", "userAgent"),
];

/// Adds the [`AUTO_FIELDS`] the result lacks (by name, ignoring case), read from each row's
/// event, just before `_raw`; returns the (name, path) of those added.
pub fn add_auto_fields(r: &mut QueryResult, store: &Store) -> Vec<(&'static str, &'static str)> {
    let has = |n: &str| r.columns.iter().any(|c| c.eq_ignore_ascii_case(n));
    let added: Vec<(&str, &str)> = AUTO_FIELDS.iter().copied().filter(|(n, _)| !has(n)).collect();
    let at = r.columns.iter().position(|c| c == "_raw").unwrap_or(r.columns.len());
    let paths: Vec<_> = added.iter().map(|(_, p)| parse_path(p).expect("the auto paths parse")).collect();
    for (k, (name, _)) in added.iter().enumerate() {
        r.columns.insert(at + k, name.to_string());
    }
    for (row, &ev) in r.rows.iter_mut().zip(&r.events) {
        let raw = store.raw(ev as usize);
        for (k, path) in paths.iter().enumerate() {
            let v = extract(raw, path).unwrap_or(Value::Null);
            row.insert(at + k, v);
        }
    }
    added
}

/// Message counts in equal time buckets.
#[derive(Serialize, Debug, PartialEq)]
pub struct Histogram {
    pub start: i64,
    /// Bucket width in ms.
    pub step: i64,
    pub counts: Vec<u64>,
}

const BUCKETS: i64 = 60;

/// Widths a person reads easily, in ms: 1 s up to 30 days.
const STEPS: &[i64] = &[
    1_000,
    5_000,
    10_000,
    30_000,
    60_000,
    300_000,
    600_000,
    1_800_000,
    3_600_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000,
    604_800_000,
    2_592_000_000,
];

/// Counts every message row into about 60 buckets over `range` (else the rows' own span),
/// then keeps the first `max` rows and cuts `_raw` to `preview` characters.
pub fn cap_messages(r: &mut QueryResult, max: usize, preview: usize, range: Option<(i64, i64)>) -> Histogram {
    let time_col = r.columns.iter().position(|c| c == "_messagetime");
    let times: Vec<i64> = match time_col {
        Some(c) => r.rows.iter().filter_map(|row| num(&row[c])).collect(),
        None => Vec::new(),
    };
    let h = histogram(&times, range);
    r.rows.truncate(max);
    r.events.truncate(max);
    if let Some(c) = r.columns.iter().position(|c| c == "_raw") {
        for row in &mut r.rows {
            if let Value::Str(s) = &row[c] {
                if s.len() > preview {
                    let mut end = preview;
                    while !s.is_char_boundary(end) {
                        end -= 1;
                    }
                    row[c] = Value::Str(s[..end].into());
                }
            }
        }
    }
    h
}

fn num(v: &Value) -> Option<i64> {
    match v {
        Value::Num(n) => Some(*n as i64),
        _ => None,
    }
}

/// Buckets aligned to a round step so ticks land on whole minutes, hours or days.
pub fn histogram(times: &[i64], range: Option<(i64, i64)>) -> Histogram {
    let (lo, hi) = match range {
        Some((a, b)) if b > a => (a, b),
        _ => match (times.iter().min(), times.iter().max()) {
            (Some(&a), Some(&b)) => (a, b + 1),
            _ => return Histogram { start: 0, step: 1_000, counts: Vec::new() },
        },
    };
    let want = ((hi - lo) / BUCKETS).max(1);
    let step = STEPS.iter().copied().find(|s| *s >= want).unwrap_or(want);
    let start = lo.div_euclid(step) * step;
    let n = ((hi - start + step - 1) / step).max(1) as usize;
    let mut counts = vec![0u64; n];
    for &t in times {
        let k = (t - start).div_euclid(step);
        if (0..n as i64).contains(&k) {
            counts[k as usize] += 1;
        }
    }
    Histogram { start, step, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_round_and_count_every_time() {
        let hour = 3_600_000;
        let times = [0, 10, hour, 2 * hour + 5, 24 * hour - 1];
        let h = histogram(&times, None);
        assert_eq!(h.step, 1_800_000, "a day in ~60 buckets is 30 minutes");
        assert_eq!(h.start, 0);
        assert_eq!(h.counts.iter().sum::<u64>(), times.len() as u64);
        assert_eq!(h.counts[0], 2);
        assert_eq!(h.counts[2], 1);
    }

    #[test]
    fn cap_keeps_first_rows_and_cuts_raw_on_a_char_boundary() {
        let mut r = QueryResult {
            columns: vec!["_messagetime".into(), "_raw".into()],
            rows: (0..5).map(|i| vec![Value::Num(i as f64 * 1000.0), Value::Str("éééé".into())]).collect(),
            aggregated: false,
            events: (0..5).collect(),
            warnings: vec![],
        };
        let h = cap_messages(&mut r, 2, 3, None);
        assert_eq!(h.counts.iter().sum::<u64>(), 5);
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.events, vec![0, 1]);
        assert_eq!(r.rows[0][1], Value::Str("é".into()));
    }

    #[test]
    fn auto_fields_come_from_each_event_before_raw() {
        let mut s = Store::new();
        let src = s.add_source(Default::default());
        s.push_owned(r#"{"eventName":"A","userIdentity":{"userName":"bob"}}"#, 2, src);
        s.push_owned(r#"{"eventName":"B"}"#, 1, src);
        s.finish();
        let mut r = QueryResult {
            columns: vec!["_messagetime".into(), "eventname".into(), "_raw".into()],
            rows: (0..2).map(|_| vec![Value::Num(0.0), Value::Null, Value::Str("x".into())]).collect(),
            aggregated: false,
            events: vec![0, 1],
            warnings: vec![],
        };
        let added = add_auto_fields(&mut r, &s);
        assert!(!added.iter().any(|(n, _)| *n == "eventName"), "the query's own eventname stays");
        let user = r.columns.iter().position(|c| c == "userName").unwrap();
        assert_eq!(r.columns.last().unwrap(), "_raw");
        assert_eq!(r.rows[0][user], Value::Str("bob".into()));
        assert_eq!(r.rows[1][user], Value::Null);
        assert_eq!(r.rows[0].len(), r.columns.len());
    }
}
