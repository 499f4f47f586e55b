//! One file's JSON text to events, its damage located by line and byte, what came before kept.

use super::records::{unwrap_lookup_event, Damage, Found, Shape, Skip};
use super::report::{FileReport, TimeSpan};
use super::time::{event_time_of, parse_event_time};
use super::{new_source, progress::Tracker, split};
use crate::json::scan::{key_value_start, minify_into};
use crate::plan::literal::Literal;
use crate::store::{Store, NO_TIME};
use std::sync::Arc;

/// Loads `data` (JSON, already decompressed) into the store, filling in `report`.
pub(crate) fn load(t: &Tracker, store: &mut Store, name: &str, data: Vec<u8>, report: &mut FileReport) {
    let opts = t.opts;
    if let Some(p) = &opts.prefilter {
        // One-shot query: a file without the keywords is not scanned; JSON lines keep only
        // the lines that hold one (found on the bytes, before any other work).
        if !p.any(&data) {
            new_source(store, name, opts);
            report.shape = Some("not scanned: no record can match the query".into());
            return;
        }
        if super::records::looks_like_lines(&data) {
            let source = new_source(store, name, opts);
            let (found, damage) = p.matching_lines(&data, opts.threads);
            let mut buf = String::new();
            for (start, end) in found {
                buf.clear();
                minify_into(&String::from_utf8_lossy(&data[start..end]), &mut buf);
                store.push_owned(&buf, event_time_of(&buf), source);
                report.records += 1;
            }
            report.shape = Some("json-lines".into());
            if let Some(d) = damage {
                report.fail(format!("{} at byte {}", d.what, d.offset), Some(d.offset as u64), None);
            }
            return;
        }
    }
    let lines_as_they_are = !opts.needs.time && !opts.needs.compact && super::records::looks_like_lines(&data);
    let text = Arc::new(String::from_utf8(data).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()));
    if lines_as_they_are {
        // The query reads values by path only: each line is an event, unscanned (a broken
        // line simply has no values; `json` without `nodrop` drops it, as Sumo Logic does).
        let source = new_source(store, name, opts);
        let chunk = store.add_chunk(Arc::clone(&text));
        let b = text.as_bytes();
        let mut start = 0;
        while start < b.len() {
            let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |i| start + i);
            let line = text[start..end].trim_end();
            if line.starts_with('{') {
                store.push_slice(chunk, start..start + line.len(), NO_TIME, source);
                report.records += 1;
            }
            start = end + 1;
        }
        report.shape = Some("json-lines".into());
        return;
    }
    let limits = &opts.limits;
    let (shape, mut found, mut damage) = split::find_records(&text, opts.threads, limits.max_depth);
    if damage.is_some() && shape != Shape::Lines {
        // The scan only matches brackets; where the file is damaged, check what it found so
        // that no half-record is kept and the error points at the first real fault.
        if let Some((k, d)) = first_invalid(&text, &found) {
            found.truncate(k);
            damage = Some(d);
        }
    }
    let wrapped =
        found.iter().find(|f| f.skip.is_none()).is_some_and(|f| unwrap_lookup_event(&text[f.start..f.end]).is_some());
    let blank = found.is_empty() && text.trim_start_matches('\u{feff}').trim().is_empty();
    report.shape = Some(if blank { "empty" } else { shape.name(found.len(), wrapped) }.to_string());
    let any_time = found.iter().any(|f| f.time.is_some());
    if !any_time && found.iter().any(|f| f.skip.is_none()) && !wrapped && !mentions_cloudtrail(text.as_bytes()) {
        report.skipped = Some("JSON, but not CloudTrail: no record has an eventName, eventSource or eventTime".into());
        return;
    }
    let source = new_source(store, name, opts);
    // Keep the file's text only if most of it is records kept as they are; else copy the few.
    // (LookupEvents records are always unwrapped into copies: their text is never kept.)
    let kept: usize =
        if wrapped { 0 } else { found.iter().filter(|f| f.compact && f.skip.is_none()).map(|f| f.end - f.start).sum() };
    let chunk = (kept * 2 > text.len()).then(|| store.add_chunk(Arc::clone(&text)));
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    let mut buf = String::new();
    for f in &found {
        if let Some(why) = skip_reason(f, limits) {
            report.skip_records(why, 1);
            continue;
        }
        let rec = &text[f.start..f.end];
        let mut time = f.time.map_or(NO_TIME, |(a, b)| parse_event_time(&text[a..b]));
        let unwrapped = if wrapped { unwrap_lookup_event(rec) } else { None };
        let mut had_time = f.time.is_some();
        let raw = match (unwrapped, chunk) {
            (None, Some(c)) if f.compact => {
                store.push_slice(c, f.start..f.end, time, source);
                rec
            }
            (None, None) if f.compact => {
                store.push_owned(rec, time, source);
                rec
            }
            (unwrapped, _) => {
                buf.clear();
                minify_into(unwrapped.as_deref().unwrap_or(rec), &mut buf);
                if unwrapped.is_some() {
                    time = event_time_of(&buf);
                    had_time = key_value_start(buf.as_bytes(), 0, "eventTime").is_some();
                }
                store.push_owned(&buf, time, source);
                &buf
            }
        };
        report.records += 1;
        if time == NO_TIME {
            note_timeless(report, raw, had_time);
        } else {
            lo = lo.min(time);
            hi = hi.max(time);
        }
    }
    if lo <= hi {
        report.time = Some(TimeSpan::new(lo, hi));
    }
    if let Some(d) = damage {
        report_damage(report, &text, &d, shape);
    }
}

fn skip_reason(f: &Found, limits: &super::Limits) -> Option<String> {
    match f.skip {
        Some(Skip::NotObject) => Some("not a JSON object".into()),
        Some(Skip::TooDeep) => {
            Some(format!("nested more than {} levels deep (LoadOptions.limits.max_depth)", limits.max_depth))
        }
        Some(Skip::BrokenLine) => Some("a line that is not a complete JSON object".into()),
        None if (f.end - f.start) as u64 > limits.max_record_bytes => {
            Some(format!("larger than {} KiB (LoadOptions.limits.max_record_bytes)", limits.max_record_bytes >> 10))
        }
        None => None,
    }
}

/// A record without a usable time: say why, and whether it looks like CloudTrail at all.
fn note_timeless(report: &mut FileReport, rec: &str, had_time: bool) {
    if had_time {
        report.note("eventTime not understood (loaded without a time)", 1);
    } else if mentions_cloudtrail(rec.as_bytes()) {
        report.note("no eventTime (loaded without a time)", 1);
    } else {
        report.note("not CloudTrail: no eventName, eventSource or eventTime (loaded as it is)", 1);
    }
}

/// Whether the text has a CloudTrail key anywhere, in any case (Panther lower-cases keys).
fn mentions_cloudtrail(b: &[u8]) -> bool {
    static KEYS: std::sync::OnceLock<[Literal; 3]> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| ["\"eventname\"", "\"eventsource\"", "\"eventtime\""].map(Literal::new));
    keys.iter().any(|k| k.is_match(b))
}

/// The first record that is not valid JSON, and where its fault is.
fn first_invalid(text: &str, found: &[Found]) -> Option<(usize, Damage)> {
    found.iter().enumerate().filter(|(_, f)| f.skip.is_none()).find_map(|(k, f)| {
        let rec = &text[f.start..f.end];
        let e = serde_json::from_str::<serde::de::IgnoredAny>(rec).err()?;
        let line_start: usize = rec.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
        let offset = f.start + (line_start + e.column().saturating_sub(1)).min(rec.len());
        let msg = e.to_string();
        let msg = msg.rsplit_once(" at line ").map_or(msg.as_str(), |(m, _)| m).to_string();
        Some((k, Damage { offset, what: format!("invalid JSON ({msg})") }))
    })
}

fn report_damage(report: &mut FileReport, text: &str, d: &Damage, shape: Shape) {
    let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..d.offset.min(text.len())]).count();
    let kept = match (shape, report.records) {
        (Shape::Lines, _) => "such lines are skipped, the other lines load".to_string(),
        (_, 0) => "no record came before it".to_string(),
        (_, 1) => "the record before it is kept".to_string(),
        (_, n) => format!("the {n} records before it are kept"),
    };
    report.fail(
        format!("{} at line {line}, byte {}; {kept}", d.what, d.offset),
        Some(d.offset as u64),
        Some(line as u64),
    );
}
