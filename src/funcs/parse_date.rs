//! `parseDate`: text read with a Java `SimpleDateFormat` pattern, to epoch milliseconds.

use super::date_format::{compile, Tok, DAYS, MONTHS};
use super::zone::{parse_zone_prefix, zone_arg};
use super::{EvalCtx, FnError, FnResult};
use crate::value::Value;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime};

fn warn<T>(msg: String) -> Result<T, FnError> {
    Err(FnError::Warn(msg))
}

/// Matches a full name, else its 3-letter short form, ignoring case; returns (index, length).
fn name_at(s: &str, names: &[&str]) -> Option<(usize, usize)> {
    let starts = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let full = names.iter().position(|n| starts(n)).map(|i| (i, names[i].len()));
    full.or_else(|| names.iter().position(|n| n.len() > 3 && starts(&n[..3])).map(|i| (i, 3)))
}

/// Pattern letters that parse as words or zones rather than digits.
fn is_text(c: char, n: usize) -> bool {
    matches!(c, 'G' | 'E' | 'a' | 'z' | 'Z' | 'X') || (matches!(c, 'M' | 'L') && n >= 3)
}

/// Follows `SimpleDateFormat.parse`: text after the pattern is ignored; a numeric field followed
/// by another numeric field takes exactly as many digits as it has letters ("yyyyMMdd"), else as
/// many as there are; `S` counts milliseconds. Unlike Java's lenient default, out-of-range
/// fields (month 13, 25:00) are errors rather than rolled over. A zone in the text wins over the
/// `timeZone` argument; a region's offset is the one in force at the wall-clock time read.
pub(super) fn parse_date(args: &[Value], ctx: &EvalCtx) -> FnResult {
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    if args[1].is_null() {
        return warn("parseDate: the format is null".into());
    }
    let (text, pat) = (args[0].as_text(), args[1].as_text());
    let zone = zone_arg("parseDate", args, 2, ctx)?;
    let toks = compile("parseDate", &pat)?;
    let fail = || FnError::Warn(format!("parseDate: \"{text}\" does not match \"{pat}\""));
    let (mut rest, mut ymd, mut hms, mut ms) = (text.as_ref(), [1970i64, 1, 1], [0i64; 3], 0i64);
    let (mut pm, mut offset) = (None, None);
    for (i, tok) in toks.iter().enumerate() {
        let (c, n) = match tok {
            Tok::Lit(l) => {
                rest = rest.strip_prefix(l.as_str()).ok_or_else(fail)?;
                continue;
            }
            Tok::Field(c, n) => (*c, *n),
        };
        if is_text(c, n) {
            let len = match c {
                'M' | 'L' => name_at(rest, &MONTHS).map(|(m, len)| {
                    ymd[1] = m as i64 + 1;
                    len
                }),
                'E' => name_at(rest, &DAYS).map(|(_, len)| len),
                'a' => name_at(rest, &["AM", "PM"]).map(|(p, len)| {
                    pm = Some(p == 1);
                    len
                }),
                'G' => name_at(rest, &["AD"]).map(|(_, len)| len),
                _ => parse_zone_prefix(rest).map(|(o, len)| {
                    offset = Some(o);
                    len
                }),
            };
            rest = &rest[len.ok_or_else(fail)?..];
            continue;
        }
        let abuts = matches!(toks.get(i + 1), Some(Tok::Field(c, n)) if !is_text(*c, *n));
        let len = rest.bytes().take(if abuts { n } else { 18 }).take_while(u8::is_ascii_digit).count();
        let v: i64 = rest[..len].parse().map_err(|_| fail())?;
        rest = &rest[len..];
        match c {
            // Exactly two digits for "y"/"yy": the year within 80 years before and 20 after now.
            'y' | 'Y' if n <= 2 && len == 2 => {
                let now_year = DateTime::from_timestamp_millis(ctx.now_ms).map_or(1970, |t| t.year()) as i64;
                let start = now_year - 80;
                let year = start - start.rem_euclid(100) + v;
                ymd[0] = if year < start { year + 100 } else { year };
            }
            'y' | 'Y' => ymd[0] = v,
            'M' | 'L' => ymd[1] = v,
            'd' => ymd[2] = v,
            'H' => hms[0] = v,
            'k' => hms[0] = v % 24,
            'h' | 'K' => hms[0] = v % 12, // 12 AM is midnight
            'm' => hms[1] = v,
            's' => hms[2] = v,
            'S' => ms = v,
            _ => {} // D, F, u: implied by the date fields
        }
    }
    if pm == Some(true) && hms[0] < 12 {
        hms[0] += 12;
    }
    let u = |v: i64| u32::try_from(v).ok();
    let date = i32::try_from(ymd[0]).ok().and_then(|y| NaiveDate::from_ymd_opt(y, u(ymd[1])?, u(ymd[2])?));
    let time = NaiveTime::from_hms_opt(u(hms[0]).unwrap_or(99), u(hms[1]).unwrap_or(99), u(hms[2]).unwrap_or(99));
    let (Some(date), Some(time)) = (date, time) else {
        return warn(format!("parseDate: \"{text}\" is not a valid date for \"{pat}\""));
    };
    let Some(local) = date.and_time(time).checked_add_signed(Duration::milliseconds(ms)) else {
        return warn(format!("parseDate: \"{text}\" is out of range"));
    };
    let secs = offset.unwrap_or_else(|| zone.offset_of_local(&local)) as i64;
    Ok(Value::Num((local.and_utc().timestamp_millis() - secs * 1000) as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: f64 = 1_700_000_000_123.0; // 2023-11-14 22:13:20.123 UTC

    fn ctx() -> EvalCtx {
        EvalCtx { now_ms: T as i64, tz_offset_minutes: -480, ..Default::default() }
    }
    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn parse(text: &str, pat: &str, tz: &str) -> FnResult {
        parse_date(&[s(text), s(pat), s(tz)], &ctx())
    }
    fn ms(x: f64) -> FnResult {
        Ok(Value::Num(x))
    }
    fn warns(r: FnResult, part: &str) -> bool {
        matches!(r, Err(FnError::Warn(m)) if m.contains(part))
    }

    #[test]
    fn parse_patterns() {
        assert_eq!(parse("2019-11-18T19:00:00.000-08:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "UTC"), ms(1574132400000.0));
        assert_eq!(parse("2023-01-01T12:00:00Z", "yyyy-MM-dd'T'HH:mm:ssX", "+03:00"), ms(1672574400000.0));
        // The docs' example: yyyyMMddHHmmss in a UTC-7 zone gives 1500534030000.
        assert_eq!(parse("20170720000030", "yyyyMMddHHmmss", "-07:00"), ms(1500534030000.0));
        assert_eq!(parse("20170720070030", "yyyyMMddHHmmss", "etc/utc"), ms(1500534030000.0));
        assert_eq!(parse("7/20/2017 7:00:30 AM trailing", "M/d/yyyy h:mm:ss a", "UTC"), ms(1500534030000.0));
        assert_eq!(parse("20-Jul-17 12:00 am", "dd-MMM-yy hh:mm a", "UTC"), ms(1500508800000.0));
        assert_eq!(
            parse("Thursday, July 20, 2017 07:00:30 PDT", "EEEE, MMMM d, yyyy HH:mm:ss z", "UTC"),
            ms(1500559230000.0)
        );
        assert_eq!(parse("2017-07-20 07:00:30.5", "yyyy-MM-dd HH:mm:ss.S", "UTC"), ms(1500534030005.0));
        // Without a zone argument the user's zone applies (UTC-8 here).
        assert_eq!(parse_date(&[s("2017-07-20 00:00"), s("yyyy-MM-dd HH:mm")], &ctx()), ms(1500537600000.0));
    }

    #[test]
    fn parse_errors() {
        assert_eq!(parse_date(&[Value::Null, s("yyyy")], &ctx()), Ok(Value::Null));
        assert!(warns(parse_date(&[s("2017"), Value::Null], &ctx()), "format is null"));
        assert!(warns(parse("12:00 xx", "HH:mm a", "UTC"), "does not match"));
        assert!(warns(parse("other 3/4/2005", "M/d/yyyy", "UTC"), "does not match"));
        assert!(warns(parse("2017-13-01", "yyyy-MM-dd", "UTC"), "not a valid date"));
        assert!(warns(parse("2017-02-30", "yyyy-MM-dd", "UTC"), "not a valid date"));
        assert!(warns(parse("2017-01-01 25:00", "yyyy-MM-dd HH:mm", "UTC"), "not a valid date"));
        assert!(warns(parse("2017", "yyyy", "Mars/Olympus"), "unknown time zone"));
    }

    #[test]
    fn parse_in_regions() {
        // The docs' example again, in the zone it stands for: July is PDT (UTC-7).
        assert_eq!(parse("20170720000030", "yyyyMMddHHmmss", "America/Los_Angeles"), ms(1500534030000.0));
        assert_eq!(parse("2023-07-10 13:12", "yyyy-MM-dd HH:mm", "Europe/London"), ms(1688991120000.0));
        assert_eq!(parse("2023-01-10 12:12", "yyyy-MM-dd HH:mm", "Europe/London"), ms(1673352720000.0));
        assert_eq!(parse("2023-07-10 21:12", "yyyy-MM-dd HH:mm", "Asia/Tokyo"), ms(1688991120000.0));
        // A zone in the text wins over the region.
        assert_eq!(parse("2023-07-10 12:12 Z", "yyyy-MM-dd HH:mm X", "Asia/Tokyo"), ms(1688991120000.0));
    }

    #[test]
    fn parse_across_dst_new_york() {
        let ny = |text: &str| parse(text, "yyyy-MM-dd HH:mm", "America/New_York");
        // 2024-03-10: clocks go from 02:00 EST to 03:00 EDT (07:00 UTC). 01:30 EST is 06:30 UTC,
        // 03:30 EDT is 07:30 UTC, and 02:30 does not exist: Java reads it as EST, so 07:30 UTC too.
        assert_eq!(ny("2024-03-10 01:30"), ms(1710052200000.0));
        assert_eq!(ny("2024-03-10 03:30"), ms(1710055800000.0));
        assert_eq!(ny("2024-03-10 02:30"), ms(1710055800000.0));
        // 2024-11-03: clocks go from 02:00 EDT back to 01:00 EST (06:00 UTC). 00:30 EDT is 04:30 UTC;
        // 01:30 happens twice and Java takes standard time, the second (06:30 UTC); 02:30 is 07:30 UTC.
        assert_eq!(ny("2024-11-03 00:30"), ms(1730608200000.0));
        assert_eq!(ny("2024-11-03 01:30"), ms(1730615400000.0));
        assert_eq!(ny("2024-11-03 02:30"), ms(1730619000000.0));
    }
}
