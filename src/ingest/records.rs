//! Finds the CloudTrail records in a file's text, whatever its shape: `{"Records":[...]}`,
//! a bare array, a single record, or JSON lines (LookupEvents lines unwrapped).

use crate::json::scan::{key_value_start, scan_record, skip_value, skip_ws, to_value};

/// What a file's text holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Records,
    Array,
    Single,
    Lines,
}

/// A record found in the text: its byte range, and whether it is compact already.
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub compact: bool,
    /// Where the text of its top-level `eventTime` string is, if it has one.
    pub time: Option<(usize, usize)>,
}

const TIME_KEY: &[u8] = b"eventTime";

/// Damage found while reading, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Damage {
    pub offset: usize,
    pub what: String,
}

/// Calls `each` for every record; returns the shape and, if the text is damaged, where.
pub fn for_each_record(text: &str, mut each: impl FnMut(Found)) -> (Shape, Option<Damage>) {
    let b = text.as_bytes();
    let start = skip_ws(b, if text.starts_with('\u{feff}') { 3 } else { 0 });
    match b.get(start) {
        Some(b'[') => (Shape::Array, array(text, start, &mut each)),
        Some(b'{') => {
            if let Some(v) = key_value_start(b, start, "Records") {
                if b.get(v) == Some(&b'[') {
                    return (Shape::Records, array(text, v, &mut each));
                }
            }
            let Some((end, compact, time)) = scan_record(b, start, TIME_KEY) else {
                return (
                    Shape::Single,
                    Some(Damage { offset: start, what: "the JSON ends in the middle of a record".into() }),
                );
            };
            let after = skip_ws(b, end);
            if after >= b.len() {
                each(Found { start, end, compact, time });
                return (Shape::Single, None);
            }
            (Shape::Lines, lines(text, start, &mut each))
        }
        None => (Shape::Array, None),
        Some(_) => (
            Shape::Single,
            Some(Damage { offset: start, what: "this is not JSON: it should start with `{` or `[`".into() }),
        ),
    }
}

fn array(text: &str, open: usize, each: &mut impl FnMut(Found)) -> Option<Damage> {
    let b = text.as_bytes();
    let i = skip_ws(b, open + 1);
    if b.get(i) == Some(&b']') {
        return None;
    }
    array_from(text, i, each)
}

/// Records of an array from the element starting at `i` (for scanning one part of a file).
pub fn array_from(text: &str, mut i: usize, each: &mut impl FnMut(Found)) -> Option<Damage> {
    let b = text.as_bytes();
    loop {
        let Some((end, compact, time)) = scan_record(b, i, TIME_KEY) else {
            return Some(Damage {
                offset: i,
                what: "the JSON ends in the middle of a record (truncated file?)".into(),
            });
        };
        if b.get(i) != Some(&b'{') {
            return Some(Damage { offset: i, what: "an element of the array is not a JSON object".into() });
        }
        each(Found { start: i, end, compact, time });
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return None,
            None => return Some(Damage { offset: i, what: "the array is never closed (truncated file?)".into() }),
            Some(_) => return Some(Damage { offset: i, what: "expected `,` or `]` between records".into() }),
        }
    }
}

/// JSON lines from `from` to the end of `text`.
pub fn lines(text: &str, from: usize, each: &mut impl FnMut(Found)) -> Option<Damage> {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        i = skip_ws(b, i);
        if i >= b.len() {
            break;
        }
        let Some((end, compact, time)) = scan_record(b, i, TIME_KEY).filter(|_| b[i] == b'{') else {
            return Some(Damage { offset: i, what: "a line is not a complete JSON object".into() });
        };
        each(Found { start: i, end, compact, time });
        i = end;
    }
    None
}

/// A LookupEvents line holds the record as a JSON string in `CloudTrailEvent`: unwrap it.
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
        let (s, d) = for_each_record(t, |f| v.push(t[f.start..f.end].to_string()));
        (s, v, d)
    }

    #[test]
    fn shapes() {
        assert_eq!(collect(r#"{"Records":[{"a":1},{"b":2}]}"#).1.len(), 2);
        assert_eq!(collect("[{\"a\":1}, {\"b\":2}]").0, Shape::Array);
        assert_eq!(collect("{\"a\":1}\n{\"a\":2}\n").1.len(), 2);
        assert_eq!(collect("{\"a\": 1}").0, Shape::Single);
        assert_eq!(collect("[]").1.len(), 0);
    }

    #[test]
    fn truncated_keeps_what_came_before() {
        let (_, v, d) = collect(r#"{"Records":[{"a":1},{"b":"#);
        assert_eq!(v.len(), 1);
        assert!(d.unwrap().what.contains("truncated"));
    }
}
