//! One file's JSON text to events, its damage located by line and byte, what came before kept.

use super::records::{unwrap_lookup_event, Damage, Found, Shape, Skip};
use super::report::{FileReport, TimeSpan};
use super::time::{event_time_of, parse_event_time};
use super::{new_source, progress::Tracker, split};
use crate::json::scan::{key_value_start, minify_into};
use crate::literal::Literal;
use crate::store::{Store, NO_TIME};
use std::sync::Arc;

/// Memory a record costs beyond its text (its entry, the scan's note of it, hot-column codes),
/// counted against the size caps so that a file of tiny records (`[{},{},...]`) is refused
/// like one of large ones rather than taking gigabytes of entries.
pub const RECORD_COST: u64 = 96;

/// The smallest average record size a large file may have (real CloudTrail: 400 bytes and up).
const MIN_AVERAGE_RECORD: usize = 64;

/// Loads `data` (JSON, already decompressed) into the store, filling in `report`.
pub(crate) fn load(t: &Tracker, store: &mut Store, name: &str, data: Vec<u8>, report: &mut FileReport) {
    let opts = t.opts;
    if let Some(p) = &opts.prefilter {
        // One-shot query: a file without the keywords is not scanned; JSON lines keep only the
        // lines that hold one. Exact, because the scope runs again on what loads; a filtered
        // text that does not read cleanly is read whole instead.
        if !p.any(&data) {
            new_source(store, name, opts);
            report.shape = Some("not scanned: no record can match the query".into());
            return;
        }
        if super::records::looks_like_lines(&data) {
            let mut kept = Vec::new();
            for (start, end) in p.lines_of(&data) {
                kept.extend_from_slice(&data[start..end]);
                kept.push(b'\n');
            }
            let mut filtered = FileReport::new(name);
            let mut scratch = Store::new();
            load_text(t, &mut scratch, name, kept, &mut filtered);
            if filtered.error.is_none() {
                store.append(scratch);
                *report = FileReport { bytes: report.bytes, ..filtered };
                return;
            }
        }
    }
    load_text(t, store, name, data, report)
}

pub(crate) fn load_text(t: &Tracker, store: &mut Store, name: &str, data: Vec<u8>, report: &mut FileReport) {
    let opts = t.opts;
    let text = Arc::new(match String::from_utf8(data) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            report.note(&format!("invalid UTF-8 replaced by U+FFFD (first at byte {at})"), 1);
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    });
    let limits = &opts.limits;
    // At most one record per `MIN_AVERAGE_RECORD` bytes (beyond the first million): entries
    // then cost at most about as much as the text, whatever the file holds.
    let max_records =
        (text.len() / MIN_AVERAGE_RECORD).max(1 << 20).min((limits.max_file_bytes / RECORD_COST) as usize);
    let super::split::Scan { shape, mut found, mut damage, not_objects, too_many } =
        split::find_records(&text, opts.threads, limits.max_depth, max_records);
    if too_many {
        report.fail(
            format!(
                "holds more than {max_records} records, fewer than {MIN_AVERAGE_RECORD} bytes each on average (CloudTrail records are hundreds of bytes; a flood of empty records?): refused, nothing loaded from it"
            ),
            None,
            None,
        );
        return;
    }
    if let Err(e) = t.take(found.len() as u64 * RECORD_COST) {
        report.fail(format!("its {} records {e}", found.len()), None, None);
        return;
    }
    report.skip_records("not a JSON object".into(), not_objects);
    if damage.is_some() || found.iter().any(|f| f.skip == Some(Skip::Invalid)) {
        // Where the file is damaged, check what the scan found with a full parser (the scan
        // does not check scalars' spelling), so that no half-record is kept; the error points
        // at the first real fault.
        if let Some(d) = drop_invalid(&text, &mut found) {
            if damage.as_ref().is_none_or(|x| d.offset < x.offset) {
                damage = Some(d);
            }
        }
    }
    let wrapped =
        found.iter().find(|f| f.skip.is_none()).is_some_and(|f| unwrap_lookup_event(&text[f.range()]).is_some());
    let blank = found.is_empty() && text.trim_start_matches('\u{feff}').trim().is_empty();
    report.shape = Some(if blank { "empty" } else { shape.name(found.len(), wrapped) }.to_string());
    let any_time = found.iter().any(|f| f.time().is_some());
    if !any_time && found.iter().any(|f| f.skip.is_none()) && !wrapped && !mentions_cloudtrail(text.as_bytes()) {
        report.skipped = Some("JSON, but not CloudTrail: no record has an eventName, eventSource or eventTime".into());
        return;
    }
    let source = new_source(store, name, opts);
    // Keep the file's text only if most of it is records kept as they are; else copy the few.
    // (LookupEvents records are always unwrapped into copies: their text is never kept.)
    let kept: usize =
        if wrapped { 0 } else { found.iter().filter(|f| f.compact && f.skip.is_none()).map(|f| f.bytes()).sum() };
    let chunk = (kept * 2 > text.len()).then(|| store.add_chunk(Arc::clone(&text)));
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    let mut buf = String::new();
    for f in &found {
        if let Some(why) = skip_reason(f, limits) {
            report.skip_records(why, 1);
            continue;
        }
        let rec = &text[f.range()];
        let mut time = f.time().map_or(NO_TIME, |(a, b)| parse_event_time(&text[a..b]));
        let unwrapped = if wrapped { unwrap_lookup_event(rec) } else { None };
        let mut had_time = f.time().is_some();
        let raw = match (unwrapped, chunk) {
            (None, Some(c)) if f.compact => {
                store.push_slice(c, f.range(), time, source);
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
        let before = found.iter().filter(|f| f.skip.is_none() && f.end() <= d.offset).count();
        report_damage(report, &text, &d, shape, before);
    }
}

fn skip_reason(f: &Found, limits: &super::Limits) -> Option<String> {
    match f.skip {
        Some(Skip::NotObject) => Some("not a JSON object".into()),
        Some(Skip::TooDeep) => {
            Some(format!("nested more than {} levels deep (LoadOptions.limits.max_depth)", limits.max_depth))
        }
        Some(Skip::BrokenLine) => Some("a line that is not a complete JSON object".into()),
        Some(Skip::Invalid) => Some("not valid JSON".into()),
        None if f.bytes() as u64 > limits.max_record_bytes => {
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

/// Marks the records that are not valid JSON as skipped; returns the first one's fault.
fn drop_invalid(text: &str, found: &mut [Found]) -> Option<Damage> {
    let mut first = None;
    for f in found.iter_mut().filter(|f| matches!(f.skip, None | Some(Skip::Invalid))) {
        let rec = &text[f.range()];
        let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(rec) else { continue };
        f.skip = Some(Skip::Invalid);
        if first.is_none() {
            let line_start: usize = rec.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
            let offset = f.start() + (line_start + e.column().saturating_sub(1)).min(rec.len());
            let msg = e.to_string();
            let msg = msg.rsplit_once(" at line ").map_or(msg.as_str(), |(m, _)| m).to_string();
            first = Some(Damage { offset, what: format!("invalid JSON ({msg})"), resumed_at: Some(f.end()) });
        }
    }
    first
}

fn report_damage(report: &mut FileReport, text: &str, d: &Damage, shape: Shape, before: usize) {
    let line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..d.offset.min(text.len())]).count();
    let kept = match (shape, before) {
        (Shape::Lines, _) => "such lines are skipped, the other lines load".to_string(),
        (_, 0) => "no record came before it".to_string(),
        (_, 1) => "the record before it is kept".to_string(),
        (_, n) => format!("the {n} records before it are kept"),
    };
    let went_on = match d.resumed_at {
        Some(at) if shape != Shape::Lines => format!(", and reading went on after it (byte {at})"),
        _ => String::new(),
    };
    report.fail(
        format!("{} at line {line}, byte {}; {kept}{went_on}", d.what, d.offset),
        Some(d.offset as u64),
        Some(line as u64),
    );
}
