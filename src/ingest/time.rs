//! `eventTime` (and the dates spreadsheets write) to epoch milliseconds, and back to ISO 8601.

use crate::store::NO_TIME;

/// The top-level `eventTime` of a compact record, in epoch ms ([`NO_TIME`] without one).
pub fn event_time_of(raw: &str) -> i64 {
    let b = raw.as_bytes();
    match crate::json::scan::key_value_start(b, 0, "eventTime") {
        Some(v) if b.get(v) == Some(&b'"') => {
            let end = raw[v + 1..].find('"').map_or(raw.len(), |e| v + 1 + e);
            parse_event_time(&raw[v + 1..end])
        }
        _ => NO_TIME,
    }
}

/// Epoch ms as CloudTrail writes times: `2023-07-10T11:45:12Z` (milliseconds only if not zero).
pub fn iso(ms: i64) -> String {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(d) if ms % 1000 == 0 => d.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Some(d) => d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        None => ms.to_string(),
    }
}

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

/// A date and time as a person or a spreadsheet writes it, taken as UTC unless it names an
/// offset: `2023-07-10 11:45:12`, `7/10/2023, 11:45:12 AM` (month first unless the first
/// number is over 12), `10.07.2023 11:45`, `July 10, 2023, 11:45:12 (UTC+02:00)`, or anything
/// [`parse_event_time`] reads. `None` when it is none of these.
pub fn parse_loose(s: &str) -> Option<i64> {
    let t = parse_event_time(s);
    if t != NO_TIME {
        return Some(t);
    }
    // Numbers with the separator after each, a month name, AM/PM, and a UTC offset.
    let (mut nums, mut month, mut pm, mut offset) = (Vec::<(i64, usize, u8)>::new(), None, None, 0i64);
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let st = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let v: i64 = s[st..i].parse().ok()?;
            nums.push((v, i - st, b.get(i).copied().unwrap_or(b' ')));
        } else if c.is_ascii_alphabetic() {
            let st = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = s[st..i].to_ascii_lowercase();
            const MONTHS: [&str; 12] =
                ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
            match w.as_str() {
                "am" => pm = Some(false),
                "pm" => pm = Some(true),
                _ if w.len() >= 3 => {
                    month = month.or(MONTHS.iter().position(|m| w.starts_with(m)).map(|m| m as i64 + 1))
                }
                _ => {}
            }
        } else if (c == b'+' || c == b'-') && nums.len() >= 5 {
            // An offset after the time: +02:00, +0200, -5.
            let digits: String = s[i + 1..].chars().take_while(|c| c.is_ascii_digit() || *c == ':').take(5).collect();
            let (h, m) = match digits.split_once(':') {
                Some((h, m)) => (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?),
                None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
                None => (digits.parse().ok()?, 0),
            };
            offset = (h * 60 + m) * if c == b'-' { -1 } else { 1 };
            i += 1 + digits.len();
        } else {
            i += 1;
        }
    }
    let (y, mo, d, rest) = match month {
        Some(mo) => {
            let (a, b) = (nums.first()?.0, nums.get(1)?.0);
            let (d, y) = if a > 31 { (b, a) } else { (a, b) };
            (y, mo, d, &nums[2..])
        }
        None => {
            let [(a, alen, sep), (b, _, _), (c, _, _)] = [*nums.first()?, *nums.get(1)?, *nums.get(2)?];
            if alen == 4 {
                (a, b, c, &nums[3..])
            } else if sep == b'.' || a > 12 {
                (c, b, a, &nums[3..])
            } else {
                (c, a, b, &nums[3..])
            }
        }
    };
    let y = if y < 100 { y + 2000 } else { y };
    let (mut h, mi) = (rest.first().map_or(0, |n| n.0), rest.get(1).map_or(0, |n| n.0));
    let sec = rest.get(2).map_or(0, |n| n.0);
    // Fractions of a second follow the seconds after a dot: keep milliseconds.
    let ms = match rest.get(2) {
        Some((_, _, b'.')) => rest.get(3).map_or(0, |&(f, len, _)| match len {
            0..=3 => f * 10i64.pow(3 - len as u32),
            _ => f / 10i64.pow((len as u32 - 3).min(18)),
        }),
        _ => 0,
    };
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 || y > 9999 {
        return None;
    }
    Some((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset * 60) * 1000 + ms)
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

    #[test]
    fn spreadsheet_dates() {
        let want = parse_event_time("2023-07-10T11:45:12Z");
        for s in [
            "2023-07-10 11:45:12",
            "7/10/2023, 11:45:12 AM",
            "7/10/2023 11:45:12",
            "07/10/23 11:45:12",
            "10.07.2023 11:45:12",
            "July 10, 2023, 11:45:12 (UTC+00:00)",
            "July 10, 2023, 13:45:12 (UTC+02:00)",
            "Mon Jul 10 2023 11:45:12 GMT+0000",
            "2023/07/10 11:45:12",
        ] {
            assert_eq!(parse_loose(s), Some(want), "{s}");
        }
        assert_eq!(parse_loose("7/10/2023 11:45:12 PM"), Some(want + 12 * 3600 * 1000));
        assert_eq!(parse_loose("7/10/2023 12:05:00 AM"), parse_loose("2023-07-10 00:05:00"));
        assert_eq!(parse_loose("25/12/2023 10:00"), parse_loose("2023-12-25 10:00:00"));
        assert_eq!(parse_loose("2023-07-10 11:45:12.250"), Some(want + 250));
        assert_eq!(parse_loose("not a date"), None);
        assert_eq!(iso(want), "2023-07-10T11:45:12Z");
        assert_eq!(iso(want + 5), "2023-07-10T11:45:12.005Z");
    }
}
