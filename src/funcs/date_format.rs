//! Java `SimpleDateFormat` patterns: compiled once, and `formatDate` that prints with them.

use super::number::num_arg;
use super::zone::{offset_text, zone_arg};
use super::{EvalCtx, FnError, FnResult};
use crate::value::Value;
use chrono::{DateTime, Datelike, FixedOffset, Timelike};

pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(super) const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn warn<T>(msg: String) -> Result<T, FnError> {
    Err(FnError::Warn(msg))
}

/// A piece of a compiled pattern: literal text, or a pattern letter and how often it repeats.
#[derive(Debug, PartialEq)]
pub(super) enum Tok {
    Lit(String),
    Field(char, usize),
}

pub(super) fn compile(func: &str, pat: &str) -> Result<Vec<Tok>, FnError> {
    let (mut toks, mut chars) = (Vec::new(), pat.chars().peekable());
    while let Some(c) = chars.next() {
        if c.is_ascii_alphabetic() {
            if !"GyYMLdHhKkmsSaEuDFzZX".contains(c) {
                return warn(format!("{func}: unsupported pattern letter '{c}' in \"{pat}\""));
            }
            let mut n = 1;
            while chars.next_if_eq(&c).is_some() {
                n += 1;
            }
            if c == 'X' && n > 3 {
                return warn(format!("{func}: too many pattern letters 'X' in \"{pat}\""));
            }
            toks.push(Tok::Field(c, n));
        } else if c == '\'' {
            // 'text' is literal; '' is one quote, inside or outside quoted text.
            let mut lit = String::new();
            if chars.next_if_eq(&'\'').is_some() {
                lit.push('\'');
            } else {
                loop {
                    match chars.next() {
                        None => return warn(format!("{func}: unterminated quote in \"{pat}\"")),
                        Some('\'') if chars.next_if_eq(&'\'').is_some() => lit.push('\''),
                        Some('\'') => break,
                        Some(c) => lit.push(c),
                    }
                }
            }
            toks.push(Tok::Lit(lit));
        } else {
            toks.push(Tok::Lit(c.to_string()));
        }
    }
    Ok(toks)
}

/// `formatDate(ms[, format[, timeZone]])`: a region zone's offset and name are those in force
/// at `ms`, daylight saving included.
pub(super) fn format_date(args: &[Value], ctx: &EvalCtx) -> FnResult {
    // Numeric text is accepted too: Sumo Logic's apps pass parsed fields straight in.
    let Some(ms) = num_arg("formatDate", &args[0])? else { return Ok(Value::Null) };
    let pat = args.get(1).filter(|v| !v.is_null()).map_or("MM/dd/yyyy HH:mm:ss".into(), |v| v.as_text());
    let zone = zone_arg("formatDate", args, 2, ctx)?;
    let toks = compile("formatDate", &pat)?;
    let Some(utc) = DateTime::from_timestamp_millis(ms as i64).filter(|_| ms.is_finite()) else {
        return warn(format!("formatDate: {ms} is out of range"));
    };
    let (secs, name) = zone.at(&utc.naive_utc());
    let t = utc.with_timezone(&FixedOffset::east_opt(secs).expect("offsets are below 24 hours"));
    let mut out = String::new();
    for tok in &toks {
        let (c, n) = match tok {
            Tok::Lit(s) => {
                out.push_str(s);
                continue;
            }
            Tok::Field(c, n) => (*c, *n),
        };
        let num = |v: i64| format!("{v:0n$}");
        let h12 = |h: u32| if h % 12 == 0 { 12 } else { h % 12 };
        out.push_str(&match c {
            'G' => (if t.year() > 0 { "AD" } else { "BC" }).to_string(),
            'y' | 'Y' if n == 2 => format!("{:02}", t.year().rem_euclid(100)),
            'y' | 'Y' => num(t.year() as i64),
            'M' | 'L' if n >= 4 => MONTHS[t.month0() as usize].to_string(),
            'M' | 'L' if n == 3 => MONTHS[t.month0() as usize][..3].to_string(),
            'M' | 'L' => num(t.month() as i64),
            'd' => num(t.day() as i64),
            'D' => num(t.ordinal() as i64),
            'F' => num((t.day() as i64 - 1) / 7 + 1),
            'E' if n >= 4 => DAYS[t.weekday().num_days_from_monday() as usize].to_string(),
            'E' => DAYS[t.weekday().num_days_from_monday() as usize][..3].to_string(),
            'u' => num(t.weekday().number_from_monday() as i64),
            'a' => (if t.hour() < 12 { "AM" } else { "PM" }).to_string(),
            'H' => num(t.hour() as i64),
            'k' => num(if t.hour() == 0 { 24 } else { t.hour() as i64 }),
            'h' => num(h12(t.hour()) as i64),
            'K' => num((t.hour() % 12) as i64),
            'm' => num(t.minute() as i64),
            's' => num(t.second() as i64),
            'S' => num(t.timestamp_subsec_millis() as i64),
            // Long names are known for these two only; other zones print their short name.
            'z' if n >= 4 && name == "UTC" => "Coordinated Universal Time".to_string(),
            'z' if n >= 4 && name == "GMT" => "Greenwich Mean Time".to_string(),
            'z' => name.clone(),
            'Z' => offset_text(secs, false),
            'X' if secs == 0 => "Z".to_string(),
            'X' if n == 1 => offset_text(secs, false)[..3].to_string(),
            _ => offset_text(secs, n == 3), // 'X' with XX or XXX
        });
    }
    Ok(Value::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: f64 = 1_700_000_000_123.0; // 2023-11-14 22:13:20.123 UTC, a Tuesday

    fn call(args: &[Value]) -> FnResult {
        let ctx = EvalCtx { now_ms: T as i64, tz_offset_minutes: -480, ..Default::default() };
        format_date(args, &ctx)
    }
    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn fmt(pat: &str, tz: &str) -> FnResult {
        call(&[Value::Num(T), s(pat), s(tz)])
    }
    fn fmt_at(ms: f64, pat: &str, tz: &str) -> FnResult {
        call(&[Value::Num(ms), s(pat), s(tz)])
    }
    fn warns(r: FnResult, part: &str) -> bool {
        matches!(r, Err(FnError::Warn(m)) if m.contains(part))
    }

    #[test]
    fn compile_tokens() {
        let toks = compile("f", "yyyy-MM 'at' h''").unwrap();
        let lit = |x: &str| Tok::Lit(x.into());
        #[rustfmt::skip]
        let want = [Tok::Field('y', 4), lit("-"), Tok::Field('M', 2), lit(" "), lit("at"), lit(" "), Tok::Field('h', 1), lit("'")];
        assert_eq!(toks, want);
    }

    #[test]
    fn format_patterns() {
        assert_eq!(fmt("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "UTC"), Ok(s("2023-11-14T22:13:20.123Z")));
        assert_eq!(fmt("EEE EEEE MMM MMMM M/d/yy D u", "Etc/UTC"), Ok(s("Tue Tuesday Nov November 11/14/23 318 2")));
        assert_eq!(fmt("h:mm a, K k 'o''clock' ''", "GMT"), Ok(s("10:13 PM, 10 22 o'clock '")));
        assert_eq!(fmt("HH:mm z Z X XX XXX", "+05:30"), Ok(s("03:43 GMT+05:30 +0530 +05 +0530 +05:30")));
        assert_eq!(fmt("dd HH z zzzz", "UTC"), Ok(s("14 22 UTC Coordinated Universal Time")));
        assert_eq!(fmt("yyyy-MM-dd HH:mm", "Etc/GMT+5"), Ok(s("2023-11-14 17:13")));
        assert_eq!(fmt("HH:mm", "GMT-2"), Ok(s("20:13")));
        assert_eq!(fmt("S SSSS G", "UTC"), Ok(s("123 0123 AD")));
    }

    #[test]
    fn format_defaults_and_errors() {
        // Default format and the user's zone (UTC-8 in the context).
        assert_eq!(call(&[Value::Num(T)]), Ok(s("11/14/2023 14:13:20")));
        assert_eq!(call(&[s("1700000000123"), s("yyyy z")]), Ok(s("2023 GMT-08:00")));
        assert_eq!(fmt_at(-1.0, "yyyy-MM-dd HH:mm:ss", "UTC"), Ok(s("1969-12-31 23:59:59")));
        assert_eq!(call(&[Value::Null, s("yyyy")]), Ok(Value::Null));
        assert!(warns(call(&[s("yesterday")]), "not a number"));
        assert!(warns(fmt("yyyy", "America/Gotham"), "unknown time zone"));
        assert!(warns(fmt("yyyy", "PST"), "unknown time zone"));
        assert!(warns(fmt("yyyy-ww", "UTC"), "'w'"));
        assert!(warns(fmt("XXXX", "UTC"), "'X'"));
        assert!(warns(fmt("'open", "UTC"), "quote"));
    }

    #[test]
    fn format_in_regions() {
        assert_eq!(fmt("yyyy-MM-dd HH:mm z XXX", "America/New_York"), Ok(s("2023-11-14 17:13 EST -05:00")));
        assert_eq!(fmt("HH:mm z Z", "Asia/Tokyo"), Ok(s("07:13 JST +0900")));
        assert_eq!(fmt("HH:mm z X zzzz", "Europe/London"), Ok(s("22:13 GMT Z Greenwich Mean Time")));
        // 2023-07-10 12:12 UTC: summer time in both.
        assert_eq!(fmt_at(1688991120000.0, "HH:mm z", "Europe/London"), Ok(s("13:12 BST")));
        assert_eq!(fmt_at(1688991120000.0, "HH:mm z", "America/Los_Angeles"), Ok(s("05:12 PDT")));
        // EST is a tz database name (a fixed UTC-5).
        assert_eq!(fmt("HH:mm z", "EST"), Ok(s("17:13 EST")));
    }

    #[test]
    fn format_across_dst_new_york() {
        let ny = |ms: f64| fmt_at(ms, "yyyy-MM-dd HH:mm:ss z XXX", "America/New_York");
        // Spring forward, 2024-03-10 at 02:00 EST.
        assert_eq!(ny(1710053999000.0), Ok(s("2024-03-10 01:59:59 EST -05:00")));
        assert_eq!(ny(1710054000000.0), Ok(s("2024-03-10 03:00:00 EDT -04:00")));
        // Fall back, 2024-11-03 at 02:00 EDT: 01:xx happens twice.
        assert_eq!(ny(1730613599000.0), Ok(s("2024-11-03 01:59:59 EDT -04:00")));
        assert_eq!(ny(1730613600000.0), Ok(s("2024-11-03 01:00:00 EST -05:00")));
    }
}
