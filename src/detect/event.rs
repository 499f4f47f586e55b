//! A rule's field in an event's raw text: every value a dotted path reaches, read without a tree.
//!
//! `a.b.c` walks keys (case-sensitive, as JSON's); an array met on the way, or at the end, fans
//! out: each element is walked (or is a value) in turn, so a field holds every value it reaches
//! (Elasticsearch's flattening of arrays). A string is its text, unescaped; a number, `true`
//! or `false` its text as written; an object its compact JSON text; `null` is [`Val::Null`].

use crate::json::scan::{key_value_start, skip_value, skip_ws};
use std::borrow::Cow;

/// One value of a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    Null,
    Text(Cow<'a, str>),
}

impl Val<'_> {
    pub fn text(&self) -> Option<&str> {
        match self {
            Val::Null => None,
            Val::Text(t) => Some(t),
        }
    }
}

/// Arrays nested deeper than this are not walked (CloudTrail nests about 11 levels in all).
const MAX_ARRAY_DEPTH: usize = 16;

/// Every value of `path` (keys) in the JSON object `raw`, in document order.
pub fn values<'a>(raw: &'a str, path: &[String], out: &mut Vec<Val<'a>>) {
    walk(raw, 0, path, 0, out);
}

fn walk<'a>(raw: &'a str, at: usize, path: &[String], depth: usize, out: &mut Vec<Val<'a>>) {
    let b = raw.as_bytes();
    let at = skip_ws(b, at);
    match b.get(at) {
        Some(b'[') if depth < MAX_ARRAY_DEPTH => {
            let mut i = skip_ws(b, at + 1);
            while b.get(i).is_some_and(|c| *c != b']') {
                let Some(end) = skip_value(b, i) else { return };
                walk(raw, i, path, depth + 1, out);
                i = skip_ws(b, end);
                match b.get(i) {
                    Some(b',') => i = skip_ws(b, i + 1),
                    _ => return,
                }
            }
        }
        Some(_) if path.is_empty() => {
            if let Some(end) = skip_value(b, at) {
                out.push(scalar(&raw[at..end]));
            }
        }
        Some(b'{') => {
            if let Some(v) = key_value_start(b, at, &path[0]) {
                walk(raw, v, &path[1..], depth, out);
            }
        }
        _ => {}
    }
}

fn scalar(raw: &str) -> Val<'_> {
    if raw == "null" {
        return Val::Null;
    }
    if raw.len() >= 2 && raw.starts_with('"') {
        let inner = &raw[1..raw.len() - 1];
        if !inner.contains('\\') {
            return Val::Text(Cow::Borrowed(inner));
        }
        return Val::Text(crate::json::scan::unescape(inner).map_or(Cow::Borrowed(inner), Cow::Owned));
    }
    Val::Text(Cow::Borrowed(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(raw: &str, path: &str) -> Vec<Option<String>> {
        let path: Vec<String> = path.split('.').map(String::from).collect();
        let mut out = Vec::new();
        values(raw, &path, &mut out);
        out.iter().map(|v| v.text().map(String::from)).collect()
    }

    #[test]
    fn paths_arrays_and_kinds() {
        let raw = r#"{"a":{"b":"x\"y","n":1.50,"t":false,"z":null,"o":{"k":[1, 2]}},"l":[{"c":["p","q"]},{"c":"r"},{"d":1}]}"#;
        assert_eq!(get(raw, "a.b"), [Some("x\"y".into())]);
        assert_eq!(get(raw, "a.n"), [Some("1.50".into())]);
        assert_eq!(get(raw, "a.t"), [Some("false".into())]);
        assert_eq!(get(raw, "a.z"), [None]);
        assert_eq!(get(raw, "a.o"), [Some(r#"{"k":[1, 2]}"#.into())]);
        assert_eq!(get(raw, "a.o.k"), [Some("1".into()), Some("2".into())]);
        assert_eq!(get(raw, "l.c"), [Some("p".into()), Some("q".into()), Some("r".into())]);
        assert!(get(raw, "a.missing").is_empty());
        assert!(get(raw, "a.b.c").is_empty(), "a string has no keys");
        assert!(get(raw, "A.b").is_empty(), "keys are case-sensitive");
    }
}
