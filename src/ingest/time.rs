//! `eventTime` to epoch milliseconds: the fixed CloudTrail format fast, anything RFC 3339 slower.

use crate::store::NO_TIME;

/// Parses `2023-07-10T11:45:12Z` (and RFC 3339 variants); [`NO_TIME`] when it cannot.
pub fn parse_event_time(s: &str) -> i64 {
    fast(s.as_bytes()).unwrap_or_else(|| slow(s.trim()).unwrap_or(NO_TIME))
}

/// RFC 3339, or a date and time without a zone (taken as UTC) with `T` or a space between them
/// (as Panther's test events and re-saved spreadsheets write them).
fn slow(s: &str) -> Option<i64> {
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp_millis());
    }
    let t = s.trim_end_matches(['Z', 'z']).replace('T', " ");
    chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S%.f").ok().map(|d| d.and_utc().timestamp_millis())
}

fn fast(b: &[u8]) -> Option<i64> {
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z'
    {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<i64> {
        let mut v = 0i64;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + (c - b'0') as i64;
        }
        Some(v)
    };
    let (y, mo, d, h, mi, s) = (n(0..4)?, n(5..7)?, n(8..10)?, n(11..13)?, n(14..16)?, n(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_agrees_with_chrono() {
        for s in ["2023-07-10T11:45:12Z", "1999-12-31T23:59:59Z", "2024-02-29T00:00:00Z"] {
            let slow = chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis();
            assert_eq!(parse_event_time(s), slow, "{s}");
        }
        assert_eq!(parse_event_time("2023-07-10T11:45:12.123+02:00"), 1688982312123);
        assert_eq!(parse_event_time("yesterday"), NO_TIME);
        assert_eq!(parse_event_time("2025-01-21 17:49:47.000000000"), parse_event_time("2025-01-21T17:49:47Z"));
    }
}
