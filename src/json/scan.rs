//! The skip-scanner: walks JSON bytes, jumping over values it does not need.

use super::path::Seg;
use crate::value::Value;
use memchr::memchr3;

fn ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// End of the string whose opening quote is at `i` (one past the closing quote); `None` if it
/// is not closed, or not closed before a raw newline (which JSON strings cannot hold: a file cut
/// inside a string and followed by more text must not swallow that text as the string's).
///
/// Most CloudTrail strings are short, where a plain loop beats setting up a vector search;
/// long ones (policies, user agents, messages) switch to `memchr3`.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    let short_end = (i + 24).min(b.len());
    while i < short_end {
        match b[i] {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            b'\n' => return None,
            _ => i += 1,
        }
    }
    loop {
        if i >= b.len() {
            return None;
        }
        let j = i + memchr3(b'"', b'\\', b'\n', &b[i..])?;
        match b[j] {
            b'"' => return Some(j + 1),
            b'\n' => return None,
            _ => i = j + 2,
        }
    }
}

/// End of the value starting at `i` (after whitespace).
pub fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    let i = ws(b, i);
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// Start of the value of `key` in the object starting at `i`.
fn find_key(b: &[u8], i: usize, key: &str) -> Option<usize> {
    let mut i = ws(b, i);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = ws(b, i);
        match b.get(i)? {
            b'}' => return None,
            b'"' => {}
            _ => return None,
        }
        let kend = skip_string(b, i)?;
        let raw_key = &b[i + 1..kend - 1];
        i = ws(b, kend);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let vstart = ws(b, i + 1);
        if key_eq(raw_key, key) {
            return Some(vstart);
        }
        i = ws(b, skip_value(b, vstart)?);
        match b.get(i)? {
            b',' => i += 1,
            _ => return None,
        }
    }
}

fn key_eq(raw: &[u8], key: &str) -> bool {
    if !raw.contains(&b'\\') {
        return raw == key.as_bytes();
    }
    std::str::from_utf8(raw).ok().and_then(unescape).is_some_and(|k| k == key)
}

/// What [`for_each_member`] calls: a key as written and its value's byte range.
pub type MemberFn<'a> = dyn FnMut(&[u8], (usize, usize)) + 'a;

/// Calls `f(key, value range)` for each member of the object at `i` (keys raw, as written).
pub fn for_each_member(b: &[u8], i: usize, f: &mut MemberFn) {
    let mut i = ws(b, i);
    if b.get(i) != Some(&b'{') {
        return;
    }
    i += 1;
    loop {
        i = ws(b, i);
        if b.get(i) != Some(&b'"') {
            return;
        }
        let Some(kend) = skip_string(b, i) else { return };
        let key = &b[i + 1..kend - 1];
        i = ws(b, kend);
        if b.get(i) != Some(&b':') {
            return;
        }
        let vstart = ws(b, i + 1);
        let Some(vend) = skip_value(b, vstart) else { return };
        f(key, (vstart, vend));
        i = ws(b, vend);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return,
        }
    }
}

/// The value of the first top-level key equal to `key` without regard to ASCII case.
pub fn find_key_ci<'a>(doc: &'a str, key: &str) -> Option<&'a str> {
    let b = doc.as_bytes();
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = ws(b, i);
        if b.get(i)? != &b'"' {
            return None;
        }
        let kend = skip_string(b, i)?;
        let k = &b[i + 1..kend - 1];
        i = ws(b, kend);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let vstart = ws(b, i + 1);
        let vend = skip_value(b, vstart)?;
        if k.eq_ignore_ascii_case(key.as_bytes()) {
            return Some(&doc[vstart..vend]);
        }
        i = ws(b, vend);
        match b.get(i)? {
            b',' => i += 1,
            _ => return None,
        }
    }
}

/// Start of element `n` of the array starting at `i`.
fn find_index(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let mut i = ws(b, i);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    i = ws(b, i + 1);
    if b.get(i) == Some(&b']') {
        return None;
    }
    for _ in 0..n {
        i = ws(b, skip_value(b, i)?);
        if b.get(i)? != &b',' {
            return None;
        }
        i = ws(b, i + 1);
    }
    Some(i)
}

/// The byte range of the value at `path` (no `[*]` or `..`) in `doc`.
pub fn find(doc: &str, path: &[Seg]) -> Option<(usize, usize)> {
    let b = doc.as_bytes();
    let mut i = 0;
    for seg in path {
        i = match seg {
            Seg::Key(k) => find_key(b, i, k)?,
            Seg::Index(n) => find_index(b, i, *n)?,
            Seg::All | Seg::Descend => return None,
        };
    }
    let i = ws(b, i);
    Some((i, skip_value(b, i)?))
}

/// The value at `path` as Sumo Logic's `json` gives it: strings unquoted, objects and arrays
/// as their JSON text, JSON `null` as null; `[*]` and `..` collect the matches into a JSON array.
/// `None` when the path is not there.
pub fn extract(doc: &str, path: &[Seg]) -> Option<Value> {
    if let Some(at) = path.iter().position(|s| *s == Seg::Descend) {
        if !path[..at].contains(&Seg::All) {
            return descend(doc, &path[..at], &path[at + 1..]);
        }
    }
    if let Some(star) = path.iter().position(|s| *s == Seg::All) {
        let (s, e) = if star == 0 { (0, doc.len()) } else { find(doc, &path[..star])? };
        let arr = &doc[s..e];
        let b = arr.as_bytes();
        let mut items = Vec::new();
        let mut i = ws(b, 0);
        if b.get(i) != Some(&b'[') {
            return None;
        }
        i = ws(b, i + 1);
        while b.get(i).is_some_and(|c| *c != b']') {
            let end = skip_value(b, i)?;
            let elem = &arr[i..end];
            let rest = &path[star + 1..];
            let got = if rest.is_empty() { Some(elem.to_string()) } else { extract_raw(elem, rest) };
            items.extend(got);
            i = ws(b, end);
            if b.get(i) == Some(&b',') {
                i = ws(b, i + 1);
            }
        }
        return Some(Value::from(format!("[{}]", items.join(","))));
    }
    let (s, e) = find(doc, path)?;
    Some(to_value(&doc[s..e]))
}

/// `prefix..rest`: `rest` at the value of `prefix` and at every value nested in it, in document
/// order, a value before those inside it (as JSONPath's deep scan walks); the matches as a JSON
/// array, `[]` when there are none (as `[*]` gives), `None` when `prefix` is not there or is not
/// an object or an array (text that is not JSON is not searched).
fn descend(doc: &str, prefix: &[Seg], rest: &[Seg]) -> Option<Value> {
    let (s, e) = if prefix.is_empty() { (ws(doc.as_bytes(), 0), doc.len()) } else { find(doc, prefix)? };
    let sub = &doc[s..e];
    let b = sub.as_bytes();
    if !matches!(b.first(), Some(b'{' | b'[')) {
        return None;
    }
    let mut items = Vec::new();
    // Depth-first with a stack of (value start, depth), not recursion: a field's text may nest
    // deeply. Values nested deeper than the engine's nesting limit are not searched, which also
    // keeps the rescans of `skip_value` from growing as the square of the text's length.
    let mut stack = vec![(ws(b, 0), 0usize)];
    while let Some((i, depth)) = stack.pop() {
        let Some(end) = skip_value(b, i) else { continue };
        items.extend(extract_raw(&sub[i..end], rest));
        let mut kids = Vec::new();
        match b[i] {
            b'{' => for_each_member(b, i, &mut |_, (vs, _)| kids.push(vs)),
            b'[' => for_each_element(b, i, &mut |vs| kids.push(vs)),
            _ => {}
        }
        if depth < crate::nesting::MAX_NESTING {
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
    }
    Some(Value::from(format!("[{}]", items.join(","))))
}

/// Calls `f(value start)` for each element of the array at `i`.
fn for_each_element(b: &[u8], i: usize, f: &mut dyn FnMut(usize)) {
    let mut i = ws(b, i);
    if b.get(i) != Some(&b'[') {
        return;
    }
    i = ws(b, i + 1);
    while b.get(i).is_some_and(|c| *c != b']') {
        let Some(end) = skip_value(b, i) else { return };
        f(i);
        i = ws(b, end);
        match b.get(i) {
            Some(b',') => i = ws(b, i + 1),
            _ => return,
        }
    }
}

fn extract_raw(doc: &str, path: &[Seg]) -> Option<String> {
    if path.iter().any(Seg::is_multi) {
        return extract(doc, path).map(|v| v.as_text().into_owned());
    }
    find(doc, path).map(|(s, e)| doc[s..e].to_string())
}

/// A JSON value's text to a field value.
pub fn to_value(raw: &str) -> Value {
    if raw.starts_with('"') {
        let inner = &raw[1..raw.len() - 1];
        if !inner.contains('\\') {
            return Value::str(inner);
        }
        return unescape(inner).map_or_else(|| Value::str(inner), Value::from);
    }
    if raw == "null" {
        return Value::Null;
    }
    Value::str(raw)
}

/// Resolves JSON string escapes (`\n`, `\"`, `\u00e9`, surrogate pairs).
pub fn unescape(s: &str) -> Option<String> {
    serde_json::from_str::<String>(&format!("\"{s}\"")).ok()
}

/// Nesting allowed in a record by default: real CloudTrail nests about 11 deep, and values
/// nested deeper than serde_json's recursion limit (128) could not be parsed later.
pub const MAX_DEPTH: usize = 64;

/// Why [`scan_record_capped`] found no record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScanStop {
    /// The text ends (or a string is unterminated) before the record does.
    Truncated,
    /// Objects and arrays nest deeper than the cap; the offset of the bracket that did.
    TooDeep(usize),
    /// Not JSON: a bracket, comma, colon or value where none can be; its offset.
    Invalid(usize),
}

/// A record's end, whether it is compact, and the range of its top-level `key` string value.
pub type RecordScan = (usize, bool, Option<(usize, usize)>);

/// A record's extent, whether it is compact, and where its top-level `key` string value is:
/// one pass for what loading needs (the record boundary and its `eventTime`).
pub fn scan_record(b: &[u8], i: usize, key: &[u8]) -> Option<RecordScan> {
    scan_record_capped(b, i, key, MAX_DEPTH).ok()
}

// What the grammar allows next, checked in the same walk (scalars' spelling is not checked):
const VALUE: u8 = 0;
const VALUE_OR_CLOSE: u8 = 1;
const KEY: u8 = 2;
const KEY_OR_CLOSE: u8 = 3;
const COLON: u8 = 4;
const AFTER: u8 = 5;

/// [`scan_record`] with a nesting cap, telling a truncated record from a too deep or an invalid
/// one: brackets must match, and keys, colons, commas and values come where JSON has them.
pub fn scan_record_capped(b: &[u8], i: usize, key: &[u8], max_depth: usize) -> Result<RecordScan, ScanStop> {
    let i = ws(b, i);
    if b.get(i) != Some(&b'{') {
        return skip_value(b, i).map(|e| (e, true, None)).ok_or(ScanStop::Truncated);
    }
    let mut depth = 0usize;
    // Bit d-1 is set when level d is an object (levels past 64 are not told apart).
    let mut objects = 0u64;
    let is_object = |objects: u64, depth: usize| depth > 64 || (objects >> (depth - 1)) & 1 == 1;
    let is_array = |objects: u64, depth: usize| depth > 64 || (objects >> (depth - 1)) & 1 == 0;
    let mut state = VALUE;
    let mut compact = true;
    let mut expect_key = false;
    let mut want_value = false;
    let mut found = None;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'"' => {
                state = match state {
                    KEY | KEY_OR_CLOSE => COLON,
                    VALUE | VALUE_OR_CLOSE => AFTER,
                    _ => return Err(ScanStop::Invalid(j)),
                };
                let end = skip_string(b, j).ok_or(ScanStop::Truncated)?;
                if want_value {
                    found = Some((j + 1, end - 1));
                    want_value = false;
                } else if expect_key && depth == 1 && found.is_none() && &b[j + 1..end - 1] == key {
                    want_value = true;
                }
                expect_key = false;
                j = end;
                continue;
            }
            c @ (b'{' | b'[') => {
                if state > VALUE_OR_CLOSE {
                    return Err(ScanStop::Invalid(j));
                }
                depth += 1;
                if depth > max_depth {
                    return Err(ScanStop::TooDeep(j));
                }
                if depth <= 64 {
                    let bit = 1u64 << (depth - 1);
                    objects = if c == b'{' { objects | bit } else { objects & !bit };
                }
                state = if c == b'{' { KEY_OR_CLOSE } else { VALUE_OR_CLOSE };
                expect_key = c == b'{' && depth == 1;
                want_value = false;
            }
            b'}' => {
                if !(state == AFTER || state == KEY_OR_CLOSE) || !is_object(objects, depth) {
                    return Err(ScanStop::Invalid(j));
                }
                depth -= 1;
                if depth == 0 {
                    return Ok((j + 1, compact, found));
                }
                state = AFTER;
            }
            b']' => {
                if !(state == AFTER || state == VALUE_OR_CLOSE) || !is_array(objects, depth) {
                    return Err(ScanStop::Invalid(j));
                }
                depth -= 1;
                state = AFTER;
            }
            b',' => {
                if state != AFTER {
                    return Err(ScanStop::Invalid(j));
                }
                state = if is_object(objects, depth) { KEY } else { VALUE };
                expect_key = depth == 1;
            }
            b':' => {
                if state != COLON {
                    return Err(ScanStop::Invalid(j));
                }
                state = VALUE;
            }
            b' ' | b'\n' | b'\r' | b'\t' => compact = false,
            _ => {
                // A scalar's byte: it starts a value, or goes on with the one just begun.
                if state <= VALUE_OR_CLOSE {
                    state = AFTER;
                } else if state != AFTER || !scalar_byte(b[j - 1]) {
                    return Err(ScanStop::Invalid(j));
                }
                want_value = false;
            }
        }
        j += 1;
    }
    Err(ScanStop::Truncated)
}

/// A byte of a number, `true`, `false` or `null` (anything outside strings but structure).
fn scalar_byte(c: u8) -> bool {
    !matches!(c, b'"' | b'{' | b'}' | b'[' | b']' | b',' | b':' | b' ' | b'\n' | b'\r' | b'\t')
}

/// Appends `value` to `out` without whitespace outside strings (key order and escapes kept).
pub fn minify_into(value: &str, out: &mut String) {
    let b = value.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let end = skip_string(b, i).unwrap_or(b.len());
                i = end;
            }
            b' ' | b'\n' | b'\r' | b'\t' => {
                out.push_str(&value[run..i]);
                i += 1;
                run = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&value[run..]);
}

/// Public for the ingest module: whitespace skipping.
pub fn skip_ws(b: &[u8], i: usize) -> usize {
    ws(b, i)
}

/// Public for the ingest module: the start of a top-level key's value.
pub fn key_value_start(b: &[u8], obj: usize, key: &str) -> Option<usize> {
    find_key(b, obj, key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_path;

    const DOC: &str = r#"{"eventName":"ConsoleLogin","n":1.5,"userIdentity":{"type":"IAMUser","userName":"bob \"b\""},"items":[{"id":"i-1"},{"id":"i-2"}],"e":null,"s":{"a":[1,2]}}"#;

    fn get(p: &str) -> Option<Value> {
        extract(DOC, &parse_path(p).unwrap())
    }

    #[test]
    fn paths() {
        assert_eq!(get("eventName"), Some(Value::str("ConsoleLogin")));
        assert_eq!(get("userIdentity.userName"), Some(Value::str("bob \"b\"")));
        assert_eq!(get("items[1].id"), Some(Value::str("i-2")));
        assert_eq!(get("items[*].id"), Some(Value::str(r#"["i-1","i-2"]"#)));
        assert_eq!(get("n"), Some(Value::str("1.5")));
        assert_eq!(get("e"), Some(Value::Null));
        assert_eq!(get("s"), Some(Value::str(r#"{"a":[1,2]}"#)));
        assert_eq!(get("missing"), None);
        assert_eq!(get("items[5].id"), None);
        assert_eq!(get("eventname"), None, "keys are case-sensitive");
    }

    #[test]
    fn recursive_descent() {
        // Every `id` anywhere, in document order; under `items` only; a value before its insides.
        assert_eq!(get("..id"), Some(Value::str(r#"["i-1","i-2"]"#)));
        assert_eq!(get("items..id"), Some(Value::str(r#"["i-1","i-2"]"#)));
        assert_eq!(get("..a[1]"), Some(Value::str("[2]")));
        assert_eq!(get("userIdentity..type"), Some(Value::str(r#"["IAMUser"]"#)));
        assert_eq!(get("s..id"), Some(Value::str("[]")));
        assert_eq!(get("missing..id"), None);
        assert_eq!(get("eventName..id"), None, "a string has nothing to descend into");
        let nested = r#"{"b":{"b":1,"c":[{"b":[2]}]},"x":{"b":"3"}}"#;
        let got = extract(nested, &parse_path("..b").unwrap());
        assert_eq!(got, Some(Value::str(r#"[{"b":1,"c":[{"b":[2]}]},1,[2],"3"]"#)));
        assert_eq!(extract("not json", &parse_path("..b").unwrap()), None);
        let deep = format!("{}{{\"b\":1}}{}", "[".repeat(20_000), "]".repeat(20_000));
        assert_eq!(extract(&deep, &parse_path("..b").unwrap()), Some(Value::str("[]")), "past the nesting limit");
        let within = format!("{}{{\"b\":1}}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(extract(&within, &parse_path("..b").unwrap()), Some(Value::str("[1]")));
    }

    #[test]
    fn the_scan_refuses_what_is_not_json() {
        for bad in [
            r#"{"a":1 "b":2}"#,
            r#"{"a" 1}"#,
            r#"{"a":1,}"#,
            r#"{"a":[1,]}"#,
            r#"{"a":[1}"#,
            r#"{"a":{"b":1]}"#,
            r#"{,"a":1}"#,
            r#"{"a"::1}"#,
            r#"{"a":1 2}"#,
            r#"{1:2}"#,
            r#"{"a":"b" "c"}"#,
            r#"{"a":[1 2]}"#,
        ] {
            assert!(scan_record(bad.as_bytes(), 0, b"").is_none(), "{bad}");
            assert!(serde_json::from_str::<serde_json::Value>(bad).is_err(), "{bad} is invalid for serde too");
        }
        for good in [r#"{}"#, r#"{"a":[]}"#, r#"{"a":[1,{"b":null}],"c":-1.5e3}"#, "{ \"a\" : [ true , false ] }"] {
            assert!(scan_record(good.as_bytes(), 0, b"").is_some(), "{good}");
        }
    }

    #[test]
    fn truncated_documents_do_not_panic() {
        for cut in 0..DOC.len() {
            if DOC.is_char_boundary(cut) {
                let _ = get_from(&DOC[..cut], "items[1].id");
            }
        }
    }

    fn get_from(doc: &str, p: &str) -> Option<Value> {
        extract(doc, &parse_path(p).unwrap())
    }
}
