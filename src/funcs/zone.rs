//! Time zones of `formatDate`/`parseDate`: UTC/GMT aliases, fixed offsets and tz database regions.

use super::{EvalCtx, FnError};
use crate::value::Value;
use chrono::{Duration, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetName, Tz, TZ_VARIANTS};

/// A `timeZone` argument.
pub(super) enum Zone {
    /// A fixed offset east of UTC in seconds, and the name that the `z` letter prints for it.
    Fixed { secs: i32, name: String },
    /// A tz database region ("America/New_York"): offset and name depend on the instant.
    Region(Tz),
}

impl Zone {
    /// The offset in seconds and the `z` name in force at the instant `utc`.
    pub(super) fn at(&self, utc: &NaiveDateTime) -> (i32, String) {
        match self {
            Zone::Fixed { secs, name } => (*secs, name.clone()),
            Zone::Region(tz) => {
                let off = tz.offset_from_utc_datetime(utc);
                let secs = off.fix().local_minus_utc();
                // "EDT", "BST"; a numeric abbreviation ("+04") prints as Java prints a zone without a name.
                match off.abbreviation().filter(|a| a.starts_with(|c: char| c.is_ascii_alphabetic())) {
                    Some(a) => (secs, a.to_string()),
                    None => (secs, fixed(secs).1),
                }
            }
        }
    }

    /// The offset in seconds of the wall-clock time `local`. As Java's `GregorianCalendar` does,
    /// a time that occurs twice (the hour DST ends) is standard time, the later one, and a time
    /// skipped when DST starts takes the offset before the change (02:30 reads as 03:30 DST).
    pub(super) fn offset_of_local(&self, local: &NaiveDateTime) -> i32 {
        let tz = match self {
            Zone::Fixed { secs, .. } => return *secs,
            Zone::Region(tz) => tz,
        };
        match tz.offset_from_local_datetime(local).latest() {
            Some(off) => off.fix().local_minus_utc(),
            // In a gap: the offset a day before, which no two transitions are closer than.
            None => {
                let before = local.checked_sub_signed(Duration::days(1)).unwrap_or(*local);
                tz.offset_from_utc_datetime(&before).fix().local_minus_utc()
            }
        }
    }
}

/// A fixed offset: "UTC" if zero, else "GMT+05:30" (Java's name for a custom zone).
fn fixed(secs: i32) -> (i32, String) {
    match secs {
        0 => (0, "UTC".to_string()),
        _ => (secs, format!("GMT{}", offset_text(secs, true))),
    }
}

fn custom_zone(secs: i32) -> Zone {
    let (secs, name) = fixed(secs);
    Zone::Fixed { secs, name }
}

/// "+05:30" with `colon`, else "+0530".
pub(super) fn offset_text(secs: i32, colon: bool) -> String {
    let (sign, m) = (if secs < 0 { '-' } else { '+' }, secs.abs() / 60);
    format!("{sign}{:02}{}{:02}", m / 60, if colon { ":" } else { "" }, m % 60)
}

/// `+h`, `+hh`, `+hhmm` or `+hh:mm` at the start of `s`: the offset in seconds and the length read.
fn parse_offset(s: &str) -> Option<(i32, usize)> {
    let b = s.as_bytes();
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digit = |i: usize| b.get(i).filter(|c| c.is_ascii_digit()).map(|c| (c - b'0') as i32);
    let (mut h, mut i) = (digit(1)?, 2);
    if let Some(d) = digit(2) {
        (h, i) = (h * 10 + d, 3);
    }
    let colon = usize::from(b.get(i) == Some(&b':'));
    let m = match (digit(i + colon), digit(i + colon + 1)) {
        (Some(a), Some(c)) if i == 3 || colon == 1 => {
            i += colon + 2;
            a * 10 + c
        }
        _ => 0,
    };
    (h <= 23 && m <= 59).then_some((sign * (h * 3600 + m * 60), i))
}

/// A zone written at the start of parsed text: `Z`, an offset, `UTC`/`GMT` with an optional offset,
/// or a US abbreviation (Java's parser knows those too).
pub(super) fn parse_zone_prefix(s: &str) -> Option<(i32, usize)> {
    const ABBR: [(&str, i32); 8] =
        [("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5), ("MST", -7), ("MDT", -6), ("PST", -8), ("PDT", -7)];
    let head = s.get(..3).map(str::to_ascii_uppercase);
    if let Some((_, h)) = ABBR.iter().find(|(a, _)| head.as_deref() == Some(*a)) {
        return Some((h * 3600, 3));
    }
    if head.as_deref() == Some("UTC") || head.as_deref() == Some("GMT") {
        return Some(parse_offset(&s[3..]).map_or((0, 3), |(o, n)| (o, n + 3)));
    }
    if s.starts_with(['Z', 'z']) {
        return Some((0, 1));
    }
    parse_offset(s)
}

/// A tz database name, exactly ("Europe/London") or else ignoring case ("europe/london").
fn region(name: &str) -> Option<Tz> {
    name.parse().ok().or_else(|| TZ_VARIANTS.iter().copied().find(|tz| tz.name().eq_ignore_ascii_case(name)))
}

/// The `timeZone` argument: UTC/GMT and their aliases, fixed offsets ("+05:30", "GMT+2"),
/// `Etc/GMT±h` (whose sign is inverted, POSIX style) and tz database names ("America/New_York").
pub(super) fn zone(func: &str, tz: &str) -> Result<Zone, FnError> {
    let up = tz.trim().to_ascii_uppercase();
    let named = match up.strip_prefix("ETC/").unwrap_or(&up) {
        "UTC" | "UCT" | "UNIVERSAL" | "ZULU" | "Z" => Some("UTC"),
        "GMT" | "GMT0" | "GMT+0" | "GMT-0" | "GREENWICH" => Some("GMT"),
        _ => None,
    };
    if let Some(name) = named {
        return Ok(Zone::Fixed { secs: 0, name: name.to_string() });
    }
    let whole = |r: &str| parse_offset(r).filter(|&(_, n)| n == r.len()).map(|(o, _)| o);
    let secs = match up.strip_prefix("ETC/GMT") {
        Some(r) => whole(r).map(|o| -o),
        None => whole(up.strip_prefix("UTC").or_else(|| up.strip_prefix("GMT")).unwrap_or(&up)),
    };
    match secs {
        Some(secs) => Ok(custom_zone(secs)),
        None => region(tz.trim())
            .map(Zone::Region)
            .ok_or_else(|| FnError::Warn(format!("{func}: unknown time zone \"{tz}\""))),
    }
}

/// Argument `at` as a zone; absent or null, the user's zone.
pub(super) fn zone_arg(func: &str, args: &[Value], at: usize, ctx: &EvalCtx) -> Result<Zone, FnError> {
    match args.get(at) {
        None | Some(Value::Null) => Ok(custom_zone(ctx.tz_offset_minutes * 60)),
        Some(v) => zone(func, &v.as_text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn z(tz: &str) -> Zone {
        zone("test", tz).unwrap_or_else(|_| panic!("{tz} is a zone"))
    }
    fn utc(secs: i64) -> NaiveDateTime {
        DateTime::from_timestamp(secs, 0).unwrap().naive_utc()
    }
    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }
    fn at(tz: &str, secs: i64) -> (i32, String) {
        z(tz).at(&utc(secs))
    }

    #[test]
    fn fixed_zones() {
        assert_eq!(at("Etc/UTC", 0), (0, "UTC".into()));
        assert_eq!(at("greenwich", 0), (0, "GMT".into()));
        assert_eq!(at("+05:30", 0), (19800, "GMT+05:30".into()));
        assert_eq!(at("GMT-2", 0), (-7200, "GMT-02:00".into()));
        assert_eq!(at("Etc/GMT+5", 0), (-18000, "GMT-05:00".into()));
        assert_eq!(at("UTC+0000", 0), (0, "UTC".into()));
        assert_eq!(z("-07:00").offset_of_local(&local("2024-03-10 02:30")), -25200);
    }

    #[test]
    fn region_names() {
        let (jan, jul) = (1_705_320_000, 1_721_044_800); // 2024-01-15 and 2024-07-15, 12:00 UTC
        assert_eq!(at("America/New_York", jan), (-18000, "EST".into()));
        assert_eq!(at("America/New_York", jul), (-14400, "EDT".into()));
        assert_eq!(at("Europe/London", jan), (0, "GMT".into()));
        assert_eq!(at("Europe/London", jul), (3600, "BST".into()));
        assert_eq!(at("america/los_angeles", jul), (-25200, "PDT".into()));
        assert_eq!(at("Asia/Tokyo", jul), (32400, "JST".into()));
        assert_eq!(at("Asia/Kolkata", jan), (19800, "IST".into()));
        assert_eq!(at("Asia/Dubai", jan), (14400, "GMT+04:00".into()));
        let unknown = zone("f", "Mars/Olympus").err();
        assert_eq!(unknown, Some(FnError::Warn("f: unknown time zone \"Mars/Olympus\"".into())));
        assert!(matches!(zone("f", "PST"), Err(FnError::Warn(_))));
    }

    #[test]
    fn dst_boundaries_new_york() {
        let ny = z("America/New_York");
        // 2024-03-10: 01:59:59 EST is followed by 03:00:00 EDT (07:00 UTC).
        assert_eq!(ny.at(&utc(1_710_053_999)), (-18000, "EST".into()));
        assert_eq!(ny.at(&utc(1_710_054_000)), (-14400, "EDT".into()));
        // 2024-11-03: 01:59:59 EDT is followed by 01:00:00 EST (06:00 UTC).
        assert_eq!(ny.at(&utc(1_730_613_599)), (-14400, "EDT".into()));
        assert_eq!(ny.at(&utc(1_730_613_600)), (-18000, "EST".into()));
        // Wall-clock times: the skipped 02:30 takes EST; the repeated 01:30 is EST too.
        assert_eq!(ny.offset_of_local(&local("2024-03-10 01:30")), -18000);
        assert_eq!(ny.offset_of_local(&local("2024-03-10 02:30")), -18000);
        assert_eq!(ny.offset_of_local(&local("2024-03-10 03:30")), -14400);
        assert_eq!(ny.offset_of_local(&local("2024-11-03 00:30")), -14400);
        assert_eq!(ny.offset_of_local(&local("2024-11-03 01:30")), -18000);
        assert_eq!(ny.offset_of_local(&local("2024-11-03 02:30")), -18000);
    }

    #[test]
    fn zone_prefixes() {
        assert_eq!(parse_zone_prefix("Z rest"), Some((0, 1)));
        assert_eq!(parse_zone_prefix("-08:00"), Some((-28800, 6)));
        assert_eq!(parse_zone_prefix("+0530"), Some((19800, 5)));
        assert_eq!(parse_zone_prefix("GMT+2"), Some((7200, 5)));
        assert_eq!(parse_zone_prefix("utc"), Some((0, 3)));
        assert_eq!(parse_zone_prefix("PDT"), Some((-25200, 3)));
        assert_eq!(parse_zone_prefix("+24:00"), None);
        assert_eq!(parse_zone_prefix("Mars"), None);
    }
}
