//! A result as CSV (RFC 4180 quoting), safe to open in a spreadsheet: the one CSV writer of
//! Trailscope. `trailscope query --format csv` writes it ([`to_csv`]), and so does the page's
//! CSV download (the worker's `exportCsv`, through `Session::export_csv`, with [`CsvOptions`]).
//!
//! Where the CLI and the page used to differ, and what this writer does:
//! - Line ends: an option ([`CsvOptions::crlf`]); CRLF (RFC 4180) for the page's download, `\n` for the CLI's stdout.
//! - Time columns (kind `time`, `query::kinds`): an option ([`Times`]); the CLI keeps raw epoch ms, the page asks for `YYYY-MM-DD HH:MM:SS` in UTC or the browser's zone, as its table shows them (`www/src/ui/time.js`).
//! - Local time: the browser's zone by name (`Zone`, the tz database's rules, so a date across a DST change reads as the table shows it), a fixed `Offset` when the engine does not know that name.
//! - A time outside what a browser's `Date` holds (beyond ±8.64e15 ms) is written as its raw number, not `NaN-NaN-NaN` as the table shows it; so is one beyond chrono's years (±262,142: the table shows a date).
//! - Numbers: as JavaScript's `String(n)` writes them (the page's download did), in both: `1e+21`, `1e-7`, `0.1`, `-5`; integers in full below 1e21; exact, not the table's 6-decimal display rounding.
//! - Non-finite numbers: the engine's text (`NaN`, `Infinity`, `-Infinity`, as queries compare them), neutralised like text (`'-Infinity`): a spreadsheet reads no number there. The page's table shows `inf`.
//! - Formula neutralisation ([`neutralised`]): text and header names starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'`; numbers never.
//! - A row of one empty field is written `""` (the csv crate's rule), so that a reader does not take it for a blank line.
//! - Byte-order mark: not the writer's; the page adds it at download time (for spreadsheet programs), the CLI's stdout has none.

use crate::exec::table::QueryResult;
use crate::query::kinds::{column_kinds, Kind};
use crate::value::{format_num, Value};
use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Timelike};
use chrono_tz::Tz;

/// How the cells of `time` columns (epoch ms) are written.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Times {
    /// The number of ms, as any other number (the CLI).
    #[default]
    Raw,
    /// `YYYY-MM-DD HH:MM:SS` in UTC.
    Utc,
    /// `YYYY-MM-DD HH:MM:SS` at a fixed offset from UTC, in minutes (east positive).
    Offset(i32),
    /// `YYYY-MM-DD HH:MM:SS` in a zone of the tz database, with its offset at each instant.
    Zone(Tz),
}

impl Times {
    /// Local time as the page asks for it: its zone's name when the engine knows it, else the
    /// fixed offset it has now.
    pub fn local(zone: Option<&str>, offset_minutes: i32) -> Times {
        match zone.and_then(|z| z.parse::<Tz>().ok()) {
            Some(tz) => Times::Zone(tz),
            None => Times::Offset(offset_minutes),
        }
    }
}

/// What a CSV looks like beyond its cells: line ends and time columns.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CsvOptions {
    /// CRLF line ends (RFC 4180) rather than `\n`.
    pub crlf: bool,
    pub times: Times,
}

/// JavaScript's `Date` holds instants within this many ms of the epoch.
const MAX_DATE_MS: f64 = 8.64e15;

/// A number as JavaScript's `String(n)` writes it (ECMAScript's Number::toString), which the
/// page's table shows: integers in full below 1e21, shortest round-trip digits, exponent form
/// (`1e+21`, `1.5e-7`) outside 1e-6..1e21. Non-finite numbers in the engine's spelling.
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return format_num(n);
    }
    if n == 0.0 {
        return "0".into();
    }
    // `{:e}` gives the shortest digits that read back as `n`: "1.2345e3", "1e-7".
    let e = format!("{:e}", n.abs());
    let (mantissa, exp) = e.split_once('e').expect("exponent form");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    // Where the decimal point goes, counted from the first digit (ECMAScript's n).
    let point = exp.parse::<i32>().expect("an exponent") + 1;
    let body = if k <= point && point <= 21 {
        digits + &"0".repeat((point - k) as usize)
    } else if 0 < point && point <= 21 {
        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let mantissa = if k == 1 { digits } else { format!("{}.{}", &digits[..1], &digits[1..]) };
        format!("{mantissa}e{}{}", if point > 0 { '+' } else { '-' }, (point - 1).abs())
    };
    if n < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

/// `YYYY-MM-DD HH:MM:SS` of a date-time, the year unpadded as JavaScript writes it.
fn date_text<Z: TimeZone>(d: DateTime<Z>) -> String {
    format!("{}-{:02}-{:02} {:02}:{:02}:{:02}", d.year(), d.month(), d.day(), d.hour(), d.minute(), d.second())
}

/// Epoch ms as a time cell's text, as the page's `formatTime` writes it (fractions of a ms
/// dropped toward zero, as `new Date` does); `None` when written raw.
pub fn time_text(ms: f64, times: Times) -> Option<String> {
    if !ms.is_finite() || ms.abs() > MAX_DATE_MS {
        return None;
    }
    let utc = DateTime::from_timestamp_millis(ms.trunc() as i64)?;
    match times {
        Times::Raw => None,
        Times::Utc => Some(date_text(utc)),
        Times::Offset(m) => FixedOffset::east_opt(m.checked_mul(60)?).map(|o| date_text(utc.with_timezone(&o))),
        Times::Zone(tz) => Some(date_text(utc.with_timezone(&tz))),
    }
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first; OWASP)
/// gets a leading `'`: log values are attacker-controlled.
fn neutralise(t: String) -> String {
    if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{t}")
    } else {
        t
    }
}

/// A cell's CSV text before quoting. Text gets a leading `'` when a spreadsheet would run it as
/// a formula (see [`neutralise`]). Finite numbers are numbers, never prefixed (`-5` stays `-5`);
/// so are booleans and nulls (empty).
pub fn neutralised(v: &Value) -> String {
    match v {
        Value::Num(n) if n.is_finite() => number_text(*n),
        Value::Num(n) => neutralise(format_num(*n)),
        Value::Str(s) => neutralise(s.to_string()),
        _ => v.as_text().into_owned(),
    }
}

/// The result as CSV the CLI's way: `\n` line ends, raw times.
pub fn to_csv(r: &QueryResult) -> String {
    write_csv(&r.columns, &r.rows, CsvOptions::default())
}

/// Rows as CSV: a header row (names neutralised like text cells), then a line per row; a field
/// holding a comma, a quote, CR or LF is quoted, its quotes doubled. Time columns are found by
/// their kind (`query::kinds`) and written as `o.times` says.
pub fn write_csv(columns: &[String], rows: &[Vec<Value>], o: CsvOptions) -> String {
    let terminator = if o.crlf { ::csv::Terminator::CRLF } else { ::csv::Terminator::Any(b'\n') };
    let mut w = ::csv::WriterBuilder::new().terminator(terminator).flexible(true).from_writer(Vec::new());
    let times: Vec<bool> = match o.times {
        Times::Raw => vec![false; columns.len()],
        _ => column_kinds(columns, rows).into_iter().map(|k| k == Kind::Time).collect(),
    };
    w.write_record(columns.iter().map(|c| neutralise(c.clone()))).expect("writing to memory");
    for row in rows {
        let cell = |(c, v): (usize, &Value)| match v {
            Value::Num(ms) if times.get(c) == Some(&true) => {
                time_text(*ms, o.times).map(neutralise).unwrap_or_else(|| neutralised(v))
            }
            _ => neutralised(v),
        };
        w.write_record(row.iter().enumerate().map(cell)).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("CSV of UTF-8 text is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(columns: &[&str], rows: Vec<Vec<Value>>) -> QueryResult {
        QueryResult { columns: columns.iter().map(|c| c.to_string()).collect(), rows, ..Default::default() }
    }

    fn csv_with(r: &QueryResult, crlf: bool, times: Times) -> String {
        write_csv(&r.columns, &r.rows, CsvOptions { crlf, times })
    }

    /// 2023-07-10 12:25:18 UTC.
    const MS: f64 = 1_688_991_918_000.0;

    #[test]
    fn quotes_comma_quote_cr_and_lf_with_a_header_row() {
        let r = result(
            &["a", "b,c"],
            vec![
                vec![Value::str("x,y"), Value::str("say \"hi\"")],
                vec![Value::str("line\nbreak"), Value::str("cr\rhere")],
                vec![Value::Null, Value::Num(42.0)],
            ],
        );
        assert_eq!(to_csv(&r), "a,\"b,c\"\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",\"cr\rhere\"\n,42\n");
        // The page's download: CRLF line ends, the same fields (CR and LF inside a field kept).
        assert_eq!(
            csv_with(&r, true, Times::Utc),
            "a,\"b,c\"\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",\"cr\rhere\"\r\n,42\r\n"
        );
        assert_eq!(to_csv(&result(&["plain"], vec![vec![Value::str("plain")]])), "plain\nplain\n");
    }

    #[test]
    fn formula_looking_text_is_neutralised_numbers_are_not() {
        let cells = [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-cmd",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "a=b",
            "<img src=x>",
            "<img src=x onerror=alert(1)>",
        ];
        let mut rows: Vec<Vec<Value>> = cells.iter().map(|c| vec![Value::str(c)]).collect();
        rows.push(vec![Value::Num(-5.0)]);
        rows.push(vec![Value::Bool(true)]);
        let want = [
            "\"'=HYPERLINK(\"\"http://x\"\")\"",
            "'+1",
            "'-cmd",
            "'@SUM(A1)",
            "'\tx",
            "\"'\rx\"",
            "a=b",
            "<img src=x>",
            "<img src=x onerror=alert(1)>",
            "-5",
            "true",
        ];
        for crlf in [false, true] {
            let end = if crlf { "\r\n" } else { "\n" };
            let text = csv_with(&result(&["v"], rows.clone()), crlf, Times::Raw);
            let lines: Vec<&str> = text.split(end).collect();
            assert_eq!(&lines[1..lines.len() - 1], want);
            assert_eq!(csv_with(&result(&["=bad"], vec![]), crlf, Times::Utc), format!("'=bad{end}"));
        }
        assert_eq!(neutralised(&Value::str("=1")), "'=1");
    }

    #[test]
    fn time_columns_by_their_kind_in_utc_at_an_offset_in_a_zone_or_raw() {
        let r = result(&["_timeslice", "_count"], vec![vec![Value::Num(MS), Value::Num(3.0)]]);
        assert_eq!(csv_with(&r, true, Times::Utc), "_timeslice,_count\r\n2023-07-10 12:25:18,3\r\n");
        assert_eq!(to_csv(&r), "_timeslice,_count\n1688991918000,3\n");
        assert_eq!(csv_with(&r, false, Times::Offset(-300)), "_timeslice,_count\n2023-07-10 07:25:18,3\n");
        assert_eq!(csv_with(&r, false, Times::Offset(330)), "_timeslice,_count\n2023-07-10 17:55:18,3\n");
        // Not a time by its name: by its kind (a column of text is no time column).
        let text = result(&["_timeslice"], vec![vec![Value::Num(MS)], vec![Value::str("x")]]);
        assert_eq!(csv_with(&text, false, Times::Utc), "_timeslice\n1688991918000\nx\n");
        let plain = result(&["t"], vec![vec![Value::Num(MS)]]);
        assert_eq!(csv_with(&plain, false, Times::Utc), "t\n1688991918000\n");
        // A zone by name: its offset at each instant (summer and winter in Paris).
        let paris = Times::local(Some("Europe/Paris"), 0);
        let winter = MS - 180.0 * 86_400_000.0;
        let r = result(&["_messagetime"], vec![vec![Value::Num(MS)], vec![Value::Num(winter)], vec![Value::Null]]);
        assert_eq!(csv_with(&r, false, paris), "_messagetime\n2023-07-10 14:25:18\n2023-01-11 13:25:18\n\"\"\n");
        assert_eq!(Times::local(Some("Nowhere/Atlantis"), 120), Times::Offset(120));
        assert_eq!(Times::local(None, -60), Times::Offset(-60));
    }

    #[test]
    fn times_as_the_page_formats_them_at_the_edges() {
        // Fractions dropped toward zero, before the epoch too, as `new Date(ms)` does.
        assert_eq!(time_text(999.9, Times::Utc).unwrap(), "1970-01-01 00:00:00");
        assert_eq!(time_text(-1.0, Times::Utc).unwrap(), "1969-12-31 23:59:59");
        assert_eq!(time_text(-0.5, Times::Utc).unwrap(), "1970-01-01 00:00:00");
        // Years unpadded, as JavaScript writes them; a negative year is neutralised in a CSV.
        assert_eq!(time_text(-62_009_366_400_000.0, Times::Utc).unwrap(), "5-01-01 00:00:00");
        let r =
            result(&["_receipttime"], vec![vec![Value::Num(-8e15)], vec![Value::Num(9e15)], vec![Value::Num(8.3e15)]]);
        assert_eq!(
            csv_with(&r, false, Times::Utc),
            "_receipttime\n'-251540-02-03 09:46:40\n9000000000000000\n8300000000000000\n"
        );
        assert_eq!(time_text(MS, Times::Raw), None);
    }

    #[test]
    fn numbers_as_javascript_writes_them() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (42.0, "42"),
            (-5.0, "-5"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123.456, "123.456"),
            (1e16, "10000000000000000"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (0.000001, "0.000001"),
            (0.0000015, "0.0000015"),
            (1e-7, "1e-7"),
            (-1.25e-10, "-1.25e-10"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
        ];
        for (n, want) in cases {
            assert_eq!(number_text(n), want, "{n:e}");
        }
        let r = result(
            &["n"],
            vec![vec![Value::Num(f64::NAN)], vec![Value::Num(f64::INFINITY)], vec![Value::Num(f64::NEG_INFINITY)]],
        );
        assert_eq!(to_csv(&r), "n\nNaN\nInfinity\n'-Infinity\n");
    }
}
