//! The console's Event history CSV download (also re-saved by a spreadsheet) to compact events.

// Each row becomes one event: the full record where a `CloudTrail event` column holds it, else a
// CloudTrail-like record built from the columns with CloudTrail's key names (`eventID`, ISO
// `eventTime`, `userIdentity.userName`, `eventName`, ...), so the same queries work on it.

use super::report::{FileReport, TimeSpan};
use super::time::{event_time_of, iso, parse_loose};
use crate::json::scan::{minify_into, scan_record};
use crate::store::{Store, NO_TIME};

/// The columns we know, by their header with case, spaces and punctuation removed.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Col {
    EventId,
    Time,
    User,
    Name,
    ResourceType,
    ResourceName,
    AccessKey,
    Source,
    Region,
    ErrorCode,
    SourceIp,
    Resources,
    ReadOnly,
    Event,
}

fn column(header: &str) -> Option<Col> {
    let h: String = header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    Some(match h.as_str() {
        "eventid" => Col::EventId,
        "eventtime" => Col::Time,
        "username" | "user" => Col::User,
        "eventname" => Col::Name,
        "resourcetype" => Col::ResourceType,
        "resourcename" => Col::ResourceName,
        "awsaccesskey" | "accesskey" | "accesskeyid" => Col::AccessKey,
        "eventsource" => Col::Source,
        "awsregion" | "region" => Col::Region,
        "errorcode" => Col::ErrorCode,
        "sourceipaddress" | "sourceip" => Col::SourceIp,
        "resources" => Col::Resources,
        "readonly" => Col::ReadOnly,
        "cloudtrailevent" => Col::Event,
        _ => return None,
    })
}

fn header_line(data: &[u8]) -> &[u8] {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    &data[..memchr::memchr(b'\n', data).unwrap_or(data.len())]
}

/// The separator a spreadsheet chose: the most frequent of `,` `;` and tab in the header.
fn separator(header: &[u8]) -> u8 {
    let n = |c| header.iter().filter(|&&b| b == c).count();
    [b',', b';', b'\t'].into_iter().max_by_key(|&c| n(c)).unwrap_or(b',')
}

/// Whether the header names at least the event name and the event time.
pub fn is_console_csv(data: &[u8]) -> bool {
    let h = header_line(data);
    let cols: Vec<Option<Col>> =
        String::from_utf8_lossy(h).split(separator(h) as char).map(|c| column(c.trim().trim_matches('"'))).collect();
    cols.contains(&Some(Col::Name)) && cols.contains(&Some(Col::Time))
}

/// Loads every row as an event; a broken or cut-off row is reported with its line.
pub(crate) fn load(store: &mut Store, source: u32, data: &[u8], report: &mut FileReport) {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let mut rdr = csv::ReaderBuilder::new().delimiter(separator(header_line(data))).flexible(true).from_reader(data);
    let cols: Vec<Option<Col>> = match rdr.byte_headers() {
        Ok(h) => h.iter().map(|c| column(String::from_utf8_lossy(c).trim())).collect(),
        Err(e) => return report.fail(format!("the CSV header cannot be read: {e}"), Some(0), Some(1)),
    };
    report.shape = Some("console-csv".into());
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    let mut out = String::new();
    let mut row = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let (line, byte) = e.position().map_or((None, None), |p| (Some(p.line()), Some(p.byte())));
                report.fail(format!("the CSV is broken at line {}: {e}", line.unwrap_or(0)), byte, line);
                break;
            }
        }
        let pos = row.position().cloned().unwrap_or_else(csv::Position::new);
        // The last row of a file that does not end with a newline may be cut off: missing
        // cells, or a quoted cell never closed (the CSV reader takes the rest as that cell).
        let last = rdr.position().byte() as usize >= data.len() && !data.ends_with(b"\n");
        let open_quote =
            || data[(pos.byte() as usize).min(data.len())..].iter().filter(|&&b| b == b'"').count() % 2 == 1;
        out.clear();
        let (time, broken_event) = build(&cols, &row, &mut out);
        if last && (row.len() < cols.len() || open_quote() || broken_event) {
            let what = format!("the file ends in the middle of a row (truncated?) at line {}", pos.line());
            report.fail(what, Some(pos.byte()), Some(pos.line()));
            report.skip_records("a row cut off by the end of the file".into(), 1);
            break;
        }
        if broken_event {
            report.note("CloudTrail event cell is not a JSON object (record built from the other columns)", 1);
        }
        store.push_owned(&out, time, source);
        report.records += 1;
        if time == NO_TIME {
            report.note("no usable Event time (loaded without a time)", 1);
        } else {
            lo = lo.min(time);
            hi = hi.max(time);
        }
    }
    if lo <= hi {
        report.time = Some(TimeSpan::new(lo, hi));
    }
}

/// One row as a compact record in `out`; returns its time, and whether a `CloudTrail event`
/// cell was there but not a whole JSON object.
fn build(cols: &[Option<Col>], row: &csv::ByteRecord, out: &mut String) -> (i64, bool) {
    let cell = |want: Col| -> Option<String> {
        let k = cols.iter().position(|c| *c == Some(want))?;
        let v = String::from_utf8_lossy(row.get(k)?).trim().to_string();
        (!v.is_empty() && v != "-").then_some(v)
    };
    let event = cell(Col::Event);
    if let Some(ev) = &event {
        if ev.starts_with('{') && scan_record(ev.as_bytes(), 0, b"").is_some_and(|(end, _, _)| end == ev.len()) {
            minify_into(ev, out);
            return (event_time_of(out), false);
        }
    }
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut fields: Vec<(&str, String)> = Vec::new();
    let user: Vec<String> = [("userName", cell(Col::User)), ("accessKeyId", cell(Col::AccessKey))]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("\"{k}\":{}", q(&v))))
        .collect();
    if !user.is_empty() {
        fields.push(("userIdentity", format!("{{{}}}", user.join(","))));
    }
    let raw_time = cell(Col::Time);
    let time = raw_time.as_deref().and_then(parse_loose).unwrap_or(NO_TIME);
    if let Some(t) = raw_time {
        // A time that does not parse is kept as written, so nothing is lost.
        fields.push(("eventTime", q(&if time == NO_TIME { t } else { iso(time) })));
    }
    for (key, col) in [("eventSource", Col::Source), ("eventName", Col::Name), ("awsRegion", Col::Region)] {
        if let Some(v) = cell(col) {
            fields.push((key, q(&v)));
        }
    }
    for (key, col) in [("sourceIPAddress", Col::SourceIp), ("errorCode", Col::ErrorCode)] {
        if let Some(v) = cell(col) {
            fields.push((key, q(&v)));
        }
    }
    if let Some(v) = cell(Col::EventId) {
        fields.push(("eventID", q(&v)));
    }
    match cell(Col::ReadOnly).map(|v| v.to_ascii_lowercase()) {
        Some(v) if v == "true" || v == "false" => fields.push(("readOnly", v)),
        _ => {}
    }
    if let Some(r) = resources(cell(Col::Resources), cell(Col::ResourceType), cell(Col::ResourceName)) {
        fields.push(("resources", r));
    }
    out.push('{');
    for (k, (key, v)) in fields.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&format!("\"{key}\":{v}"));
    }
    out.push('}');
    (time, event.is_some())
}

/// `resources` as CloudTrail writes it (`[{"type":...,"ARN":...}]`), from the Resources cell
/// (JSON as LookupEvents gives it) or else the Resource type and Resource name columns.
fn resources(json: Option<String>, types: Option<String>, names: Option<String>) -> Option<String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(serde_json::Value::Array(items)) = json.as_deref().and_then(|j| serde_json::from_str(j).ok()) {
        for it in items {
            let get =
                |keys: &[&str]| keys.iter().find_map(|k| it.get(*k)?.as_str().map(str::to_string)).unwrap_or_default();
            pairs.push((
                get(&["ResourceType", "resourceType", "type"]),
                get(&["ResourceName", "resourceName", "ARN", "name"]),
            ));
        }
    } else if types.is_some() || names.is_some() {
        let (t, n) = (types.unwrap_or_default(), names.unwrap_or_default());
        let split = |s: &str| s.split(',').map(|x| x.trim().to_string()).collect::<Vec<_>>();
        let (t, n) = (split(&t), split(&n));
        for k in 0..t.len().max(n.len()) {
            pairs.push((t.get(k).cloned().unwrap_or_default(), n.get(k).cloned().unwrap_or_default()));
        }
    }
    let items: Vec<String> = pairs
        .into_iter()
        .filter(|(t, n)| !t.is_empty() || !n.is_empty())
        .map(|(t, n)| {
            let key = if n.starts_with("arn:") { "ARN" } else { "resourceName" };
            serde_json::json!({ "type": t, key: n }).to_string()
        })
        .collect();
    (!items.is_empty()).then(|| format!("[{}]", items.join(",")))
}
