//! Finds the records in a file's text, whatever its JSON shape (LookupEvents records unwrapped).

use crate::json::scan::{key_value_start, scan_record_capped, skip_value, skip_ws, to_value, ScanStop};

/// What a file's text holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Records,
    Events,
    Array,
    Single,
    /// One object per line.
    Lines,
    /// Objects one after another, spanning lines (pretty-printed).
    Concatenated,
    /// Several documents one after another (`{"Records":[...]}{"Records":[...]}`, arrays...).
    Documents,
}

impl Shape {
    /// The name in load reports (as in tests/fixtures/cloudtrail/manifest.json).
    pub fn name(self, records: usize, wrapped: bool) -> &'static str {
        match (self, wrapped) {
            (Shape::Records, _) => "records-object",
            (Shape::Events, _) => "lookupevents-object",
            (Shape::Array, _) if records == 0 => "empty-array",
            (Shape::Array, _) => "array",
            (Shape::Single, _) => "single-object",
            (Shape::Lines, true) => "lookupevents-lines",
            (Shape::Lines, false) => "json-lines",
            (Shape::Concatenated, _) => "concatenated-json",
            (Shape::Documents, _) => "several-documents",
        }
    }
}

/// Why an element found in the text is not loaded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Skip {
    NotObject,
    TooDeep,
    BrokenLine,
    /// Brackets balance but the text is not valid JSON.
    Invalid,
}

/// An element found in the text: its byte range, whether it is compact already, where its
/// top-level `eventTime` string is, and whether it is skipped (then only the range is set).
pub struct Found {
    // Offsets as u32 (a file is at most 2 GiB, and store entries keep u32 offsets too): 20
    // bytes a record rather than 48, which a flood of tiny records makes count.
    start: u32,
    end: u32,
    /// The `eventTime` string's range; `time_end == 0` when there is none.
    time_start: u32,
    time_end: u32,
    pub compact: bool,
    pub skip: Option<Skip>,
}

impl Found {
    pub fn new(start: usize, end: usize, compact: bool, time: Option<(usize, usize)>, skip: Option<Skip>) -> Found {
        let (ts, te) = time.unwrap_or((0, 0));
        debug_assert!(end <= u32::MAX as usize, "a file over 4 GiB (the per-file cap is 2 GiB)");
        Found { start: start as u32, end: end as u32, time_start: ts as u32, time_end: te as u32, compact, skip }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        self.end as usize
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// Bytes of the record as written.
    pub fn bytes(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// The range of the top-level `eventTime` string's text, if the record has one.
    pub fn time(&self) -> Option<(usize, usize)> {
        (self.time_end != 0).then_some((self.time_start as usize, self.time_end as usize))
    }
}

const TIME_KEY: &[u8] = b"eventTime";

/// Damage found while reading, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Damage {
    pub offset: usize,
    pub what: String,
    /// Where reading went on after it (the next document), if it did.
    pub resumed_at: Option<usize>,
}

fn damage(offset: usize, what: &str) -> Damage {
    Damage { offset, what: what.to_string(), resumed_at: None }
}

const TRUNCATED: &str = "the JSON ends in the middle of a record (truncated file?)";

/// Why reading ended when the caller asked it to stop (it keeps no more records).
pub const STOPPED: &str = "reading stopped: the file holds more records than may be kept";

/// Calls `each` for every element of every JSON document in `text` until it returns `false`
/// (a file may hold several:
/// `cat`ed or `zcat`ed files, a multi-member gzip, one `{"Records":[...]}` per line); returns
/// the shape and the first damage, if any. Reading goes on after damage at the next document.
pub fn for_each_record(text: &str, max_depth: usize, mut each: impl FnMut(Found) -> bool) -> (Shape, Option<Damage>) {
    let b = text.as_bytes();
    let start = skip_ws(b, if text.starts_with('\u{feff}') { 3 } else { 0 });
    if start >= b.len() {
        return (Shape::Array, None);
    }
    let first = document(text, start, max_depth, true, &mut each);
    let end = match &first {
        Ok((end, _)) => *end,
        Err(_) => b.len(),
    };
    let next = skip_ws(b, end);
    if let Ok((_, shape)) = first {
        if next >= b.len() {
            return (shape, None);
        }
        // More follows. One document on the first line and more lines: every line is read on
        // its own, so a broken line is skipped and the lines after it still load.
        if memchr::memchr(b'\n', &b[start..end]).is_none() && memchr::memchr(b'\n', &b[end..next]).is_some() {
            return (Shape::Lines, lines(text, next, max_depth, &mut each));
        }
        let (all_records, d) = documents(text, next, max_depth, &mut each);
        let shape = if shape == Shape::Single && all_records { Shape::Concatenated } else { Shape::Documents };
        return (shape, d);
    }
    let d = first.err();
    let shape = match b[start] {
        b'[' => Shape::Array,
        _ if wrapper_array(b, start, true).is_some() => Shape::Records,
        _ => Shape::Single,
    };
    (shape, resume(text, d, max_depth, &mut each))
}

/// After damage at `d`, reads on from the next document, if one can be found.
fn resume(text: &str, d: Option<Damage>, max_depth: usize, each: &mut impl FnMut(Found) -> bool) -> Option<Damage> {
    let mut d = d?;
    if d.what == STOPPED {
        return Some(d);
    }
    if let Some(at) = next_document(text.as_bytes(), d.offset + 1) {
        d.resumed_at = Some(at);
        let _ = documents(text, at, max_depth, each);
    }
    Some(d)
}

/// Where a document is likely to start after damage: a `{` or `[` at the start of a line, or a
/// CloudTrail file's `{"Records":` glued to the one before (`cat` of files without newlines).
fn next_document(b: &[u8], from: usize) -> Option<usize> {
    let rest = b.get(from..)?;
    let line =
        memchr::memmem::find_iter(rest, b"\n").map(|i| from + i + 1).find(|&i| matches!(b.get(i), Some(b'{' | b'[')));
    let glued = memchr::memmem::find(rest, b"{\"Records\":").map(|i| from + i);
    match (line, glued) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Documents one after another from `i` (any whitespace between); returns whether every one
/// was a single record, and the first damage (reading resumes after it where it can).
fn documents(
    text: &str,
    mut i: usize,
    max_depth: usize,
    each: &mut impl FnMut(Found) -> bool,
) -> (bool, Option<Damage>) {
    let b = text.as_bytes();
    let mut all_records = true;
    loop {
        i = skip_ws(b, i);
        if i >= b.len() {
            return (all_records, None);
        }
        match document(text, i, max_depth, false, each) {
            Ok((end, shape)) => {
                all_records &= shape == Shape::Single;
                i = end;
            }
            Err(d) => return (false, resume(text, Some(d), max_depth, each)),
        }
    }
}

/// One JSON document at `i`: a `{"Records":[...]}` (or `Events`) wrapper, an array of records,
/// or one record. Returns its end and shape. `first`: the file's first document, where the
/// wrapper key is looked for among all top-level keys (elsewhere only as the first key, so
/// that records are not walked twice).
fn document(
    text: &str,
    i: usize,
    max_depth: usize,
    first: bool,
    each: &mut impl FnMut(Found) -> bool,
) -> Result<(usize, Shape), Damage> {
    let b = text.as_bytes();
    match b[i] {
        b'[' => Ok((array(text, i, max_depth, each)?, Shape::Array)),
        b'{' => {
            if let Some((v, shape)) = wrapper_array(b, i, first) {
                let end = array(text, v, max_depth, each)?;
                let close = wrapper_end(b, end)
                    .ok_or_else(|| damage(end, "the `Records` object is never closed (truncated file?)"))?;
                return Ok((close, shape));
            }
            match scan_record_capped(b, i, TIME_KEY, max_depth) {
                Ok((end, compact, time)) => {
                    if !each(Found::new(i, end, compact, time, None)) {
                        return Err(damage(end, STOPPED));
                    }
                    Ok((end, Shape::Single))
                }
                Err(stop @ (ScanStop::TooDeep(_) | ScanStop::Invalid(_))) => match skip_value(b, i) {
                    Some(end) => {
                        if !each(Found::new(i, end, false, None, Some(skip_of(stop)))) {
                            return Err(damage(end, STOPPED));
                        }
                        Ok((end, Shape::Single))
                    }
                    None => Err(damage(i, TRUNCATED)),
                },
                Err(ScanStop::Truncated) => Err(damage(i, TRUNCATED)),
            }
        }
        _ => {
            Err(damage(i, "expected a JSON object or array here (this is not JSON, or the JSON before it is damaged)"))
        }
    }
}

/// The `[` of the records array of a `{"Records":[...]}` or `{"Events":[...]}` object at `i`.
fn wrapper_array(b: &[u8], i: usize, any_key: bool) -> Option<(usize, Shape)> {
    for (key, shape) in [("Records", Shape::Records), ("Events", Shape::Events)] {
        let v = if any_key { key_value_start(b, i, key) } else { first_key_value(b, i, key) };
        if let Some(v) = v.filter(|v| b.get(*v) == Some(&b'[')) {
            return Some((v, shape));
        }
    }
    None
}

/// The value's start if the object at `i` has `key` as its first key.
fn first_key_value(b: &[u8], i: usize, key: &str) -> Option<usize> {
    let k = skip_ws(b, i + 1);
    let after = k + 1 + key.len();
    (b.get(k) == Some(&b'"') && b.get(k + 1..after) == Some(key.as_bytes()) && b.get(after) == Some(&b'"'))
        .then(|| skip_ws(b, after + 1))
        .filter(|&c| b.get(c) == Some(&b':'))
        .map(|c| skip_ws(b, c + 1))
}

/// The end of a wrapper object whose records array ends at `i`: other keys are skipped.
fn wrapper_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i = skip_ws(b, i);
        match b.get(i)? {
            b'}' => return Some(i + 1),
            b',' => {
                let k = skip_ws(b, i + 1);
                let kend = skip_value(b, k).filter(|_| b[k] == b'"')?;
                let c = skip_ws(b, kend);
                if b.get(c) != Some(&b':') {
                    return None;
                }
                i = skip_value(b, c + 1)?;
            }
            _ => return None,
        }
    }
}

/// The elements of the array whose `[` is at `open`; returns the end (after `]`).
fn array(text: &str, open: usize, max_depth: usize, each: &mut impl FnMut(Found) -> bool) -> Result<usize, Damage> {
    let b = text.as_bytes();
    let i = skip_ws(b, open + 1);
    if b.get(i) == Some(&b']') {
        return Ok(i + 1);
    }
    array_from(text, i, max_depth, each)
}

/// Elements of an array from the one starting at `i` (for scanning one part of a file);
/// returns the end of the array (after its `]`).
pub fn array_from(
    text: &str,
    mut i: usize,
    max_depth: usize,
    each: &mut impl FnMut(Found) -> bool,
) -> Result<usize, Damage> {
    let b = text.as_bytes();
    loop {
        let found = match (b.get(i), scan_record_capped(b, i, TIME_KEY, max_depth)) {
            (Some(b'{'), Ok((end, compact, time))) => Found::new(i, end, compact, time, None),
            (Some(b'{'), Err(stop @ (ScanStop::TooDeep(_) | ScanStop::Invalid(_)))) => match skip_value(b, i) {
                Some(end) => Found::new(i, end, false, None, Some(skip_of(stop))),
                None => return Err(damage(i, TRUNCATED)),
            },
            // Scalars and arrays are valid JSON but not records: skipped, reading goes on.
            (Some(b'"' | b'[' | b'-' | b'0'..=b'9' | b'n' | b't' | b'f'), Ok((end, _, _)))
                if plain_value(&b[i..end]) =>
            {
                Found::new(i, end, true, None, Some(Skip::NotObject))
            }
            (None, _) => return Err(damage(i, "the array is never closed (truncated file?)")),
            (_, Err(ScanStop::Truncated)) => return Err(damage(i, TRUNCATED)),
            _ => return Err(damage(i, "an element of the array is not valid JSON")),
        };
        let end = found.end();
        if !each(found) {
            return Err(damage(end, STOPPED));
        }
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return Ok(i + 1),
            None => return Err(damage(i, "the array is never closed (truncated file?)")),
            Some(_) => return Err(damage(i, "expected `,` or `]` between records")),
        }
    }
}

/// Why a record whose extent is known (its brackets match) is not loaded.
fn skip_of(stop: ScanStop) -> Skip {
    match stop {
        ScanStop::TooDeep(_) => Skip::TooDeep,
        _ => Skip::Invalid,
    }
}

/// A scalar or array that is well-formed enough to skip safely.
fn plain_value(v: &[u8]) -> bool {
    matches!(v.first(), Some(b'"' | b'['))
        || matches!(v, b"null" | b"true" | b"false")
        || std::str::from_utf8(v).is_ok_and(|s| s.parse::<f64>().is_ok())
}

/// JSON lines from `from` to the end of `text`: each line is read on its own (one record, or
/// any documents), so a broken line is skipped (and reported) and the lines after it load.
pub fn lines(text: &str, from: usize, max_depth: usize, each: &mut impl FnMut(Found) -> bool) -> Option<Damage> {
    let b = text.as_bytes();
    let mut first_damage = None;
    let mut i = from;
    while i < b.len() {
        let nl = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
        let line = &text[..nl];
        let mut st = skip_ws(line.as_bytes(), i);
        while st < nl {
            match document(line, st, max_depth, false, each) {
                Ok((end, _)) => st = skip_ws(line.as_bytes(), end),
                Err(d) if d.what == STOPPED => return Some(d),
                Err(_) => {
                    // The rest of the line is skipped (a record line's whole text; a
                    // `{"Records":[...]}` line keeps the records before the fault).
                    first_damage = first_damage.or(Some(damage(st, "a line is not a complete JSON object")));
                    if !each(Found::new(st, nl, false, None, Some(Skip::BrokenLine))) {
                        return Some(damage(nl, STOPPED));
                    }
                    break;
                }
            }
        }
        i = nl + 1;
    }
    first_damage
}

/// JSON lines: the first line is a whole JSON object and more lines follow.
pub(crate) fn looks_like_lines(data: &[u8]) -> bool {
    let start = data.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(data.len());
    let Some(nl) = memchr::memchr(b'\n', &data[start..]).map(|i| start + i) else { return false };
    let first = &data[start..nl];
    first.first() == Some(&b'{')
        && crate::json::scan::scan_record(first, 0, b"").is_some_and(|(end, _, _)| end == first.trim_ascii_end().len())
        && data[nl..].iter().any(|b| !b.is_ascii_whitespace())
}

/// A LookupEvents record holds the CloudTrail record as a JSON string in `CloudTrailEvent`.
pub fn unwrap_lookup_event(record: &str) -> Option<String> {
    let b = record.as_bytes();
    let v = key_value_start(b, 0, "CloudTrailEvent")?;
    if b.get(v) != Some(&b'"') {
        return None;
    }
    let end = skip_value(b, v)?;
    Some(to_value(&record[v..end]).as_text().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(t: &str) -> (Shape, Vec<String>, Option<Damage>) {
        let mut v = Vec::new();
        let (s, d) = for_each_record(t, 64, |f| {
            if f.skip.is_none() {
                v.push(t[f.range()].to_string())
            }
            true
        });
        (s, v, d)
    }

    #[test]
    fn shapes() {
        assert_eq!(collect(r#"{"Records":[{"a":1},{"b":2}]}"#).1.len(), 2);
        assert_eq!(collect(r#"{"Events":[{"a":1},{"b":2}]}"#).0, Shape::Events);
        assert_eq!(collect("[{\"a\":1}, {\"b\":2}]").0, Shape::Array);
        assert_eq!(collect("{\"a\":1}\n{\"a\":2}\n").1.len(), 2);
        assert_eq!(collect("{\n\"a\":1}\n{\"a\":\n2}\n").0, Shape::Concatenated);
        assert_eq!(collect("{\"a\":1}{\"a\":2} {\"a\":3}").1.len(), 3);
        assert_eq!(collect("{\"a\": 1}").0, Shape::Single);
        assert_eq!(collect("[]").1.len(), 0);
        assert_eq!(collect("[1, null, {\"a\":1}]").1.len(), 1);
    }

    #[test]
    fn an_invalid_record_is_skipped_and_the_next_ones_load() {
        let t = r#"{"Records":[{"a":1 "b":2},{"c":3},{"d":[1,]}, {"e":5}]}"#;
        let mut skips = Vec::new();
        let (s, d) = for_each_record(t, 64, |f| {
            skips.push(f.skip);
            true
        });
        assert_eq!(s, Shape::Records);
        assert!(d.is_none());
        assert_eq!(skips, [Some(Skip::Invalid), None, Some(Skip::Invalid), None]);
    }

    #[test]
    fn truncated_keeps_what_came_before() {
        let (_, v, d) = collect(r#"{"Records":[{"a":1},{"b":"#);
        assert_eq!(v.len(), 1);
        assert!(d.unwrap().what.contains("truncated"));
    }

    #[test]
    fn a_broken_line_is_skipped_and_the_next_ones_load() {
        let (s, v, d) = collect("{\"a\":1}\n{\"b\":\"cut\n{\"c\":3}\n");
        assert_eq!(s, Shape::Lines);
        assert_eq!(v, ["{\"a\":1}", "{\"c\":3}"]);
        assert_eq!(d.unwrap().offset, 8);
    }

    #[test]
    fn too_deep_records_are_skipped() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let text = format!("[{{\"a\":{deep}}},{{\"b\":1}}]");
        let mut skips = Vec::new();
        let (_, d) = for_each_record(&text, 64, |f| {
            skips.push(f.skip);
            true
        });
        assert_eq!(skips, [Some(Skip::TooDeep), None]);
        assert!(d.is_none());
    }
}
