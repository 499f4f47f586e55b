//! What a file is, from its name and first bytes: gzip, zip, JSON, console CSV, or skipped.

use crate::json::scan::{skip_value, skip_ws};

/// What to do with a file's (decompressed) text.
#[derive(Debug, PartialEq)]
pub enum Content {
    Json,
    Csv,
    /// Not CloudTrail, and not meant to be: skipped, not an error.
    Skip(String),
    /// Named as JSON but is not: an error, with what it starts with.
    NotJson(String),
}

pub fn is_gzip(b: &[u8]) -> bool {
    b.starts_with(&[0x1f, 0x8b])
}

/// A zip archive (or an empty one, which has only the end record).
pub fn is_zip(b: &[u8]) -> bool {
    b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06")
}

/// Files skipped by name alone: no need to read (or decompress) them.
pub fn skip_by_name(name: &str) -> Option<&'static str> {
    let base = base_name(name);
    if name.contains("CloudTrail-Digest") {
        Some("a CloudTrail digest file (integrity hashes, not events)")
    } else if base == "_SUCCESS" || base.ends_with("$folder$") {
        Some("a marker file")
    } else if name.split(['/', '\\']).any(|p| p == "__MACOSX") || base == "Thumbs.db" || base == "desktop.ini" {
        Some("operating-system metadata")
    } else if base.starts_with('.') {
        Some("a hidden file")
    } else if base.contains("_Config_") && (base.contains("ConfigHistory") || base.contains("ConfigSnapshot")) {
        Some("an AWS Config snapshot or history file")
    } else {
        None
    }
}

pub fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// A name that promises JSON (checked without `.gz`).
fn json_name(name: &str) -> bool {
    let n = base_name(name).to_ascii_lowercase();
    let n = n.strip_suffix(".gz").unwrap_or(&n);
    [".json", ".jsonl", ".ndjson", ".cloudtrail"].iter().any(|e| n.ends_with(e))
}

/// Decides from the first bytes (after a byte-order mark and whitespace).
pub fn content(name: &str, data: &[u8]) -> Content {
    let bom = if data.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
    let start = skip_ws(data, bom);
    match data.get(start) {
        _ if data.get(257..262) == Some(b"ustar") => {
            Content::Skip("a tar archive: not read (unpack it, or zip it)".into())
        }
        None => Content::Json, // empty: zero records, nothing wrong
        Some(b'{') => match not_cloudtrail_json(data, start) {
            Some(why) => Content::Skip(why.to_string()),
            None => Content::Json,
        },
        Some(b'[') => Content::Json,
        Some(_) if super::console_csv::is_console_csv(data) => Content::Csv,
        Some(_) if base_name(name).to_ascii_lowercase().ends_with(".csv") => Content::Skip(
            "a CSV file, but not a CloudTrail Event history download (no Event name and Event time columns)".into(),
        ),
        Some(&c) if json_name(name) => Content::NotJson(format!("not JSON: {}", starts_with(c, &data[start..]))),
        Some(_) => Content::Skip("not CloudTrail: neither JSON nor an Event history CSV".into()),
    }
}

fn starts_with(c: u8, rest: &[u8]) -> String {
    let head: String =
        String::from_utf8_lossy(&rest[..rest.len().min(16)]).chars().take_while(|c| !c.is_control()).collect();
    if c == b'<' {
        format!("it starts with `{head}` where `{{` or `[` should be (an HTML or XML page, such as an S3 error, saved under a JSON name?)")
    } else if c.is_ascii_graphic() {
        format!("it starts with `{head}` where `{{` or `[` should be")
    } else {
        format!("it starts with the byte 0x{c:02x} where `{{` or `[` should be (binary data?)")
    }
}

/// The reason an object is not CloudTrail, from its first top-level keys (only the first
/// 64 KiB are looked at, and the search stops at the first key that says CloudTrail).
fn not_cloudtrail_json(b: &[u8], start: usize) -> Option<&'static str> {
    let b = &b[..b.len().min(1 << 16)];
    let mut i = start + 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let kend = skip_value(b, i)?;
        match &b[i + 1..kend - 1] {
            b"Records" | b"Events" | b"eventVersion" | b"eventTime" | b"eventName" | b"eventSource" | b"eventID"
            | b"CloudTrailEvent" | b"EventId" => return None,
            b"configurationItems" | b"configSnapshotId" | b"configurationItemVersion" | b"configurationStateId" => {
                return Some("an AWS Config snapshot or history file")
            }
            b"digestStartTime"
            | b"digestEndTime"
            | b"digestPublicKeyFingerprint"
            | b"digestSignatureAlgorithm"
            | b"previousDigestSignature" => return Some("a CloudTrail digest file (integrity hashes, not events)"),
            _ => {}
        }
        i = skip_ws(b, kend);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, skip_value(b, i + 1)?);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
}

/// Text saved as UTF-16 with a byte-order mark (PowerShell 5's `>` does this) as UTF-8.
pub fn utf16_to_utf8(data: &[u8]) -> Option<Vec<u8>> {
    let le = match data {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    let units = data[2..].chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).collect::<String>().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(content("a.json", br#"{"Records":[]}"#), Content::Json);
        assert_eq!(
            content("x", br#"{"fileVersion":"1.0","configSnapshotId":"1","configurationItems":[]}"#),
            Content::Skip("an AWS Config snapshot or history file".into())
        );
        assert!(matches!(content("x.json", br#"{"awsAccountId":"1","digestStartTime":"t"}"#), Content::Skip(_)));
        assert!(
            matches!(content("x.json", b"<?xml version=\"1.0\"?><Error>"), Content::NotJson(m) if m.contains("XML"))
        );
        assert!(matches!(content("notes.txt", b"hello"), Content::Skip(_)));
        assert_eq!(
            skip_by_name("a/b/123_CloudTrail-Digest_x.json.gz"),
            Some("a CloudTrail digest file (integrity hashes, not events)")
        );
        assert_eq!(skip_by_name("x/_SUCCESS"), Some("a marker file"));
        assert_eq!(skip_by_name("x/a.json"), None);
        assert_eq!(utf16_to_utf8(b"\xff\xfe{\0}\0").unwrap(), b"{}");
    }
}
