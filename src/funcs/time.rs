//! Time functions: `formatDate`/`parseDate` (Java `SimpleDateFormat` patterns), `now()`, query range, epoch casts.

use super::number::num_arg;
use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::exec::value::Value;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike};

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "formatDate", min_args: 1, max_args: 3, eval: format_date, usage: "formatDate(ms[, format[, timeZone]])" },
    FuncDef { name: "parseDate", min_args: 2, max_args: 3, eval: parse_date, usage: "parseDate(s, format[, timeZone])" },
    FuncDef { name: "now", min_args: 0, max_args: 0, eval: |_, c| Ok(Value::Num(c.now_ms as f64)), usage: "now()" },
    FuncDef { name: "queryStartTime", min_args: 0, max_args: 0, eval: |_, c| Ok(Value::Num(c.query_start_ms as f64)), usage: "queryStartTime()" },
    FuncDef { name: "queryEndTime", min_args: 0, max_args: 0, eval: |_, c| Ok(Value::Num(c.query_end_ms as f64)), usage: "queryEndTime()" },
    // Undocumented; the corpus writes formatDate(fromSeconds(x), ...). Rounded: 1.001 * 1000 is 1000.999...
    FuncDef { name: "fromSeconds", min_args: 1, max_args: 1, eval: |a, _| epoch("fromSeconds", a, 1000.0), usage: "fromSeconds(s)" },
    FuncDef { name: "fromMillis", min_args: 1, max_args: 1, eval: |a, _| epoch("fromMillis", a, 1.0), usage: "fromMillis(ms)" },
    // Not in Sumo Logic's docs: our guess is a plain cast of epoch milliseconds, like fromMillis.
    FuncDef { name: "toMillis", min_args: 1, max_args: 1, eval: |a, _| epoch("toMillis", a, 1.0), usage: "toMillis(ms)" },
];

const MONTHS: [&str; 12] = [
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
const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn warn<T>(msg: String) -> Result<T, FnError> {
    Err(FnError::Warn(msg))
}

fn epoch(func: &str, args: &[Value], scale: f64) -> FnResult {
    Ok(num_arg(func, &args[0])?.map_or(Value::Null, |x| Value::Num((x * scale).round())))
}

/// A piece of a compiled pattern: literal text, or a pattern letter and how often it repeats.
#[derive(Debug, PartialEq)]
enum Tok {
    Lit(String),
    Field(char, usize),
}

fn compile(func: &str, pat: &str) -> Result<Vec<Tok>, FnError> {
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

/// A fixed-offset zone and the name that the `z` letter prints for it.
struct Zone {
    secs: i32,
    name: String,
}

fn custom_zone(secs: i32) -> Zone {
    let name = match secs {
        0 => "UTC".to_string(),
        _ => format!("GMT{}", offset_text(secs, true)),
    };
    Zone { secs, name }
}

/// "+05:30" with `colon`, else "+0530".
fn offset_text(secs: i32, colon: bool) -> String {
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
fn parse_zone_prefix(s: &str) -> Option<(i32, usize)> {
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

/// The `timeZone` argument: UTC/GMT and their aliases, fixed offsets ("+05:30", "GMT+2"), and
/// `Etc/GMT±h` (whose sign is inverted, POSIX style). Region names such as "America/New_York"
/// would need the tz database, which we do not ship, so they warn.
fn zone(func: &str, tz: &str) -> Result<Zone, FnError> {
    let up = tz.trim().to_ascii_uppercase();
    let named = match up.strip_prefix("ETC/").unwrap_or(&up) {
        "UTC" | "UCT" | "UNIVERSAL" | "ZULU" | "Z" => Some("UTC"),
        "GMT" | "GMT0" | "GMT+0" | "GMT-0" | "GREENWICH" => Some("GMT"),
        _ => None,
    };
    if let Some(name) = named {
        return Ok(Zone { secs: 0, name: name.to_string() });
    }
    let whole = |r: &str| parse_offset(r).filter(|&(_, n)| n == r.len()).map(|(o, _)| o);
    let secs = match up.strip_prefix("ETC/GMT") {
        Some(r) => whole(r).map(|o| -o),
        None => whole(up.strip_prefix("UTC").or_else(|| up.strip_prefix("GMT")).unwrap_or(&up)),
    };
    secs.map(custom_zone).ok_or_else(|| FnError::Warn(format!("{func}: unknown time zone \"{tz}\"")))
}

fn zone_arg(func: &str, args: &[Value], at: usize, ctx: &EvalCtx) -> Result<Zone, FnError> {
    match args.get(at) {
        None | Some(Value::Null) => Ok(custom_zone(ctx.tz_offset_minutes * 60)),
        Some(v) => zone(func, &v.as_text()),
    }
}

fn format_date(args: &[Value], ctx: &EvalCtx) -> FnResult {
    // Numeric text is accepted too: Sumo Logic's apps pass parsed fields straight in.
    let Some(ms) = num_arg("formatDate", &args[0])? else { return Ok(Value::Null) };
    let pat = args.get(1).filter(|v| !v.is_null()).map_or("MM/dd/yyyy HH:mm:ss".into(), |v| v.as_text());
    let zone = zone_arg("formatDate", args, 2, ctx)?;
    let toks = compile("formatDate", &pat)?;
    let offset = FixedOffset::east_opt(zone.secs).expect("offsets are below 24 hours");
    let t = DateTime::from_timestamp_millis(ms as i64).filter(|_| ms.is_finite());
    let Some(t) = t.map(|t| t.with_timezone(&offset)) else {
        return warn(format!("formatDate: {ms} is out of range"));
    };
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
            'z' if n >= 4 && zone.name == "UTC" => "Coordinated Universal Time".to_string(),
            'z' if n >= 4 && zone.name == "GMT" => "Greenwich Mean Time".to_string(),
            'z' => zone.name.clone(),
            'Z' => offset_text(zone.secs, false),
            'X' if zone.secs == 0 => "Z".to_string(),
            'X' if n == 1 => offset_text(zone.secs, false)[..3].to_string(),
            _ => offset_text(zone.secs, n == 3), // 'X' with XX or XXX
        });
    }
    Ok(Value::from(out))
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
/// fields (month 13, 25:00) are errors rather than rolled over.
fn parse_date(args: &[Value], ctx: &EvalCtx) -> FnResult {
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
    let secs = offset.unwrap_or(zone.secs) as i64;
    Ok(Value::Num((local.and_utc().timestamp_millis() - secs * 1000) as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: f64 = 1_700_000_000_123.0; // 2023-11-14 22:13:20.123 UTC, a Tuesday

    fn ctx() -> EvalCtx {
        EvalCtx { now_ms: T as i64, query_start_ms: 1000, query_end_ms: 2000, tz_offset_minutes: -480 }
    }
    fn call(name: &str, args: &[Value]) -> FnResult {
        let f = FUNCS.iter().find(|f| f.name == name).unwrap();
        assert!(args.len() >= f.min_args && args.len() <= f.max_args, "{name} arity");
        (f.eval)(args, &ctx())
    }
    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn fmt(pat: &str, tz: &str) -> FnResult {
        call("formatDate", &[Value::Num(T), s(pat), s(tz)])
    }
    fn parse(text: &str, pat: &str, tz: &str) -> FnResult {
        call("parseDate", &[s(text), s(pat), s(tz)])
    }
    fn warns(r: FnResult, part: &str) -> bool {
        matches!(r, Err(FnError::Warn(m)) if m.contains(part))
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
        // Default format and the user's zone (UTC-8 in ctx()).
        assert_eq!(call("formatDate", &[Value::Num(T)]), Ok(s("11/14/2023 14:13:20")));
        assert_eq!(call("formatDate", &[s("1700000000123"), s("yyyy z")]), Ok(s("2023 GMT-08:00")));
        assert_eq!(
            call("formatDate", &[Value::Num(-1.0), s("yyyy-MM-dd HH:mm:ss"), s("UTC")]),
            Ok(s("1969-12-31 23:59:59"))
        );
        assert_eq!(call("formatDate", &[Value::Null, s("yyyy")]), Ok(Value::Null));
        assert!(warns(call("formatDate", &[s("yesterday")]), "not a number"));
        assert!(warns(fmt("yyyy", "America/New_York"), "unknown time zone"));
        assert!(warns(fmt("yyyy", "EST"), "unknown time zone"));
        assert!(warns(fmt("yyyy-ww", "UTC"), "'w'"));
        assert!(warns(fmt("XXXX", "UTC"), "'X'"));
        assert!(warns(fmt("'open", "UTC"), "quote"));
    }

    #[test]
    fn parse_patterns() {
        let ms = |x: f64| Ok(Value::Num(x));
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
        assert_eq!(call("parseDate", &[s("2017-07-20 00:00"), s("yyyy-MM-dd HH:mm")]), ms(1500537600000.0));
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
    fn clock_and_epochs() {
        assert_eq!(call("now", &[]), Ok(Value::Num(T)));
        assert_eq!(call("queryStartTime", &[]), Ok(Value::Num(1000.0)));
        assert_eq!(call("queryEndTime", &[]), Ok(Value::Num(2000.0)));
        assert_eq!(call("fromSeconds", &[s("1700000000")]), Ok(Value::Num(1.7e12)));
        assert_eq!(call("fromSeconds", &[Value::Num(1.001)]), Ok(Value::Num(1001.0)));
        assert_eq!(call("fromSeconds", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("fromSeconds", &[s("soon")]), "fromSeconds"));
        assert_eq!(call("fromMillis", &[s("1700000000123")]), Ok(Value::Num(T)));
        assert_eq!(call("toMillis", &[Value::Num(T)]), Ok(Value::Num(T)));
        assert_eq!(call("toMillis", &[Value::Null]), Ok(Value::Null));
    }
}
