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
        }
    }
}

/// Why an element found in the text is not loaded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Skip {
    NotObject,
    TooDeep,
    BrokenLine,
}

/// An element found in the text: its byte range, whether it is compact already, where its
/// top-level `eventTime` string is, and whether it is skipped (then only the range is set).
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub compact: bool,
    pub time: Option<(usize, usize)>,
    pub skip: Option<Skip>,
}

const TIME_KEY: &[u8] = b"eventTime";

/// Damage found while reading, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Damage {
    pub offset: usize,
    pub what: String,
}

fn damage(offset: usize, what: &str) -> Option<Damage> {
    Some(Damage { offset, what: what.to_string() })
}

/// Calls `each` for every element; returns the shape and, if the text is damaged, where.
pub fn for_each_record(text: &str, max_depth: usize, mut each: impl FnMut(Found)) -> (Shape, Option<Damage>) {
    let b = text.as_bytes();
    let start = skip_ws(b, if text.starts_with('\u{feff}') { 3 } else { 0 });
    match b.get(start) {
        Some(b'[') => (Shape::Array, array(text, start, max_depth, &mut each)),
        Some(b'{') => {
            for (key, shape) in [("Records", Shape::Records), ("Events", Shape::Events)] {
                if let Some(v) = key_value_start(b, start, key).filter(|v| b.get(*v) == Some(&b'[')) {
                    return (shape, array(text, v, max_depth, &mut each));
                }
            }
            let end = match scan_record_capped(b, start, TIME_KEY, max_depth) {
                Ok((end, compact, time)) => {
                    if skip_ws(b, end) >= b.len() {
                        each(Found { start, end, compact, time, skip: None });
                        return (Shape::Single, None);
                    }
                    end
                }
                Err(ScanStop::TooDeep(_)) => match skip_value(b, start) {
                    Some(end) => end,
                    None => {
                        return (
                            Shape::Single,
                            damage(start, "the JSON ends in the middle of a record (truncated file?)"),
                        )
                    }
                },
                Err(ScanStop::Truncated) => {
                    return (Shape::Single, damage(start, "the JSON ends in the middle of a record (truncated file?)"))
                }
            };
            // More follows: one object per line, or objects one after another (pretty-printed,
            // or with nothing between them, as Kinesis Data Firehose writes them).
            let next = skip_ws(b, end);
            if memchr::memchr(b'\n', &b[start..end]).is_none() && memchr::memchr(b'\n', &b[end..next]).is_some() {
                (Shape::Lines, lines(text, start, max_depth, &mut each))
            } else {
                (Shape::Concatenated, concatenated(text, start, max_depth, &mut each))
            }
        }
        None => (Shape::Array, None),
        Some(_) => (Shape::Single, damage(start, "this is not JSON: it should start with `{` or `[`")),
    }
}

fn array(text: &str, open: usize, max_depth: usize, each: &mut impl FnMut(Found)) -> Option<Damage> {
    let b = text.as_bytes();
    let i = skip_ws(b, open + 1);
    if b.get(i) == Some(&b']') {
        return None;
    }
    array_from(text, i, max_depth, each)
}

/// Elements of an array from the one starting at `i` (for scanning one part of a file).
pub fn array_from(text: &str, mut i: usize, max_depth: usize, each: &mut impl FnMut(Found)) -> Option<Damage> {
    let b = text.as_bytes();
    loop {
        let found = match (b.get(i), scan_record_capped(b, i, TIME_KEY, max_depth)) {
            (Some(b'{'), Ok((end, compact, time))) => Found { start: i, end, compact, time, skip: None },
            (Some(b'{'), Err(ScanStop::TooDeep(_))) => match skip_value(b, i) {
                Some(end) => Found { start: i, end, compact: false, time: None, skip: Some(Skip::TooDeep) },
                None => return damage(i, "the JSON ends in the middle of a record (truncated file?)"),
            },
            // Scalars and arrays are valid JSON but not records: skipped, reading goes on.
            (Some(b'"' | b'[' | b'-' | b'0'..=b'9' | b'n' | b't' | b'f'), Ok((end, _, _)))
                if plain_value(&b[i..end]) =>
            {
                Found { start: i, end, compact: true, time: None, skip: Some(Skip::NotObject) }
            }
            (None, _) => return damage(i, "the array is never closed (truncated file?)"),
            (_, Err(ScanStop::Truncated)) => {
                return damage(i, "the JSON ends in the middle of a record (truncated file?)")
            }
            _ => return damage(i, "an element of the array is not valid JSON"),
        };
        let end = found.end;
        each(found);
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return None,
            None => return damage(i, "the array is never closed (truncated file?)"),
            Some(_) => return damage(i, "expected `,` or `]` between records"),
        }
    }
}

/// A scalar or array that is well-formed enough to skip safely.
fn plain_value(v: &[u8]) -> bool {
    matches!(v.first(), Some(b'"' | b'['))
        || matches!(v, b"null" | b"true" | b"false")
        || std::str::from_utf8(v).is_ok_and(|s| s.parse::<f64>().is_ok())
}

/// JSON lines from `from` to the end of `text`: each line on its own, so a broken line is
/// skipped (and reported) and the lines after it still load.
pub fn lines(text: &str, from: usize, max_depth: usize, each: &mut impl FnMut(Found)) -> Option<Damage> {
    let b = text.as_bytes();
    let mut first_damage = None;
    let mut i = from;
    while i < b.len() {
        let nl = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
        let line = &b[..nl];
        let st = skip_ws(line, i);
        if st < nl {
            let found = match scan_record_capped(line, st, TIME_KEY, max_depth) {
                Ok((end, compact, time)) if line[st] == b'{' && skip_ws(line, end) == nl => {
                    Found { start: st, end, compact, time, skip: None }
                }
                Err(ScanStop::TooDeep(_)) if line[st] == b'{' && skip_value(line, st).is_some() => {
                    Found { start: st, end: nl, compact: false, time: None, skip: Some(Skip::TooDeep) }
                }
                _ => {
                    first_damage = first_damage.or(damage(st, "a line is not a complete JSON object"));
                    Found { start: st, end: nl, compact: false, time: None, skip: Some(Skip::BrokenLine) }
                }
            };
            each(found);
        }
        i = nl + 1;
    }
    first_damage
}

/// Objects one after another (any whitespace between): reading stops at the first damage.
fn concatenated(text: &str, from: usize, max_depth: usize, each: &mut impl FnMut(Found)) -> Option<Damage> {
    let b = text.as_bytes();
    let mut i = from;
    loop {
        i = skip_ws(b, i);
        if i >= b.len() {
            return None;
        }
        let found = match scan_record_capped(b, i, TIME_KEY, max_depth) {
            Ok((end, compact, time)) if b[i] == b'{' => Found { start: i, end, compact, time, skip: None },
            Err(ScanStop::TooDeep(_)) if b[i] == b'{' => match skip_value(b, i) {
                Some(end) => Found { start: i, end, compact: false, time: None, skip: Some(Skip::TooDeep) },
                None => return damage(i, "the JSON ends in the middle of a record (truncated file?)"),
            },
            Err(ScanStop::Truncated) if b[i] == b'{' => {
                return damage(i, "the JSON ends in the middle of a record (truncated file?)")
            }
            _ => return damage(i, "expected another JSON object"),
        };
        i = found.end;
        each(found);
    }
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
                v.push(t[f.start..f.end].to_string())
            }
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
        let (_, d) = for_each_record(&text, 64, |f| skips.push(f.skip));
        assert_eq!(skips, [Some(Skip::TooDeep), None]);
        assert!(d.is_none());
    }
}
