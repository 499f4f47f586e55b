//! Dates and times: days since the epoch, CloudTrail's `eventTime` text, file-name stamps, and
//! each office's offset from UTC on a given day (daylight saving included).

use chrono::{NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

pub const DAY: i64 = 86_400;
pub const HOUR: i64 = 3_600;
pub const MINUTE: i64 = 60;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm: no table, no library,
/// the same on wasm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Monday is 0, Sunday 6.
pub fn weekday(day: i64) -> u32 {
    (day + 3).rem_euclid(7) as u32
}

pub fn is_weekend(day: i64) -> bool {
    weekday(day) >= 5
}

/// `YYYY-MM-DD` to a day number.
pub fn parse_date(s: &str) -> Result<i64, String> {
    let d =
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| format!("`{s}` is not a date YYYY-MM-DD: {e}"))?;
    use chrono::Datelike;
    Ok(days_from_civil(d.year() as i64, d.month(), d.day()))
}

fn push2(out: &mut String, n: u32) {
    out.push((b'0' + (n / 10) as u8) as char);
    out.push((b'0' + (n % 10) as u8) as char);
}

fn push_date(out: &mut String, day: i64, sep: &str) {
    let (y, m, d) = civil_from_days(day);
    push2(out, (y / 100) as u32);
    push2(out, (y % 100) as u32);
    out.push_str(sep);
    push2(out, m);
    out.push_str(sep);
    push2(out, d);
}

/// `2024-09-02T07:31:12Z`, CloudTrail's `eventTime` (seconds, UTC). Written by hand because it
/// runs for every event and chrono's formatter is the slow path.
pub fn push_event_time(out: &mut String, t: i64) {
    let (day, s) = (t.div_euclid(DAY), t.rem_euclid(DAY) as u32);
    push_date(out, day, "-");
    out.push('T');
    push2(out, s / 3600);
    out.push(':');
    push2(out, s / 60 % 60);
    out.push(':');
    push2(out, s % 60);
    out.push('Z');
}

/// `20240902T0735Z`, the stamp in a log file's name.
pub fn file_stamp(t: i64) -> String {
    let mut s = String::with_capacity(14);
    let (day, sec) = (t.div_euclid(DAY), t.rem_euclid(DAY) as u32);
    push_date(&mut s, day, "");
    s.push('T');
    push2(&mut s, sec / 3600);
    push2(&mut s, sec / 60 % 60);
    s.push('Z');
    s
}

/// `2024/09/02`, the date folders of the S3 layout.
pub fn date_path(t: i64) -> String {
    let mut s = String::with_capacity(10);
    push_date(&mut s, t.div_euclid(DAY), "/");
    s
}

/// Seconds east of UTC in `tz` at local noon of `day`: a working day's offset (switches to and
/// from summer time happen at night, so noon's offset holds for the whole working day).
pub fn utc_offset(tz: Tz, day: i64) -> i64 {
    let noon_utc = day * DAY + 12 * HOUR;
    let dt = tz.timestamp_opt(noon_utc, 0).single().expect("a UTC instant maps to one local time");
    dt.offset().fix().local_minus_utc() as i64
}

/// The UTC instant of `hours` (fractional) after local midnight of `day` in a zone `offset`
/// seconds east of UTC.
pub fn local_to_utc(day: i64, hours: f64, offset: i64) -> i64 {
    day * DAY + (hours * HOUR as f64) as i64 - offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for day in [-1000, 0, 19_968, 20_000, 30_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(parse_date("2024-09-02").unwrap(), 19_968);
        assert_eq!(weekday(19_968), 0, "2024-09-02 is a Monday");
    }

    #[test]
    fn formats() {
        let t = 19_968 * DAY + 7 * HOUR + 31 * MINUTE + 12;
        let mut s = String::new();
        push_event_time(&mut s, t);
        assert_eq!(s, "2024-09-02T07:31:12Z");
        assert_eq!(file_stamp(t), "20240902T0731Z");
        assert_eq!(date_path(t), "2024/09/02");
    }

    #[test]
    fn offsets_follow_summer_time() {
        let july = parse_date("2024-07-01").unwrap();
        let dec = parse_date("2024-12-02").unwrap();
        assert_eq!(utc_offset(chrono_tz::Europe::Berlin, july), 2 * HOUR);
        assert_eq!(utc_offset(chrono_tz::Europe::Berlin, dec), HOUR);
        assert_eq!(utc_offset(chrono_tz::America::Vancouver, july), -7 * HOUR);
        assert_eq!(utc_offset(chrono_tz::Asia::Tokyo, dec), 9 * HOUR);
    }
}
