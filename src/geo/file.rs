//! The table file: a text header (format version, source, license) and named binary sections.

use super::bits::{get_varint, put_varint};
use std::ops::Range;

/// First line of every table file; the number is the format version.
pub const MAGIC: &str = "trailscope-geo 2";

/// A parsed file: header fields and where each section lies in the bytes.
pub struct Container {
    pub meta: Vec<(String, String)>,
    pub sections: Vec<(String, Range<usize>)>,
}

impl Container {
    /// Header field `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Byte range of section `name`.
    pub fn section(&self, name: &str) -> Result<Range<usize>, String> {
        self.sections.iter().find(|(n, _)| n == name).map(|(_, r)| r.clone()).ok_or(format!("no `{name}` section"))
    }
}

/// Splits a file into header and sections.
pub fn parse(bytes: &[u8]) -> Result<Container, String> {
    let end = bytes.windows(2).position(|w| w == b"\n\n").ok_or("no header")?;
    let head = std::str::from_utf8(&bytes[..end]).map_err(|_| "header is not UTF-8")?;
    let mut lines = head.lines();
    let magic = lines.next().unwrap_or("");
    if magic != MAGIC {
        return Err(if magic.starts_with("trailscope-geo ") {
            format!("table format `{magic}`, this build reads `{MAGIC}`")
        } else {
            "not a trailscope geo table".to_string()
        });
    }
    let meta =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
    let mut at = end + 2;
    let bad = || "truncated section list".to_string();
    let n = get_varint(bytes, &mut at).ok_or_else(bad)?;
    let mut named = Vec::new();
    for _ in 0..n {
        let len = get_varint(bytes, &mut at).ok_or_else(bad)? as usize;
        let name = bytes.get(at..at + len).ok_or_else(bad)?;
        at += len;
        let size = get_varint(bytes, &mut at).ok_or_else(bad)? as usize;
        named.push((String::from_utf8_lossy(name).into_owned(), size));
    }
    let mut sections = Vec::new();
    for (name, size) in named {
        if at + size > bytes.len() {
            return Err(format!("section `{name}` is truncated"));
        }
        sections.push((name, at..at + size));
        at += size;
    }
    Ok(Container { meta, sections })
}

/// Builds a file from header fields and sections.
pub fn write(meta: &[(&str, String)], sections: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = format!("{MAGIC}\n").into_bytes();
    for (k, v) in meta {
        assert!(!v.contains('\n') && !k.contains(':'), "header fields are single lines");
        out.extend_from_slice(format!("{k}: {v}\n").as_bytes());
    }
    out.push(b'\n');
    put_varint(&mut out, sections.len() as u64);
    for (name, data) in sections {
        put_varint(&mut out, name.len() as u64);
        out.extend_from_slice(name.as_bytes());
        put_varint(&mut out, data.len() as u64);
    }
    for (_, data) in sections {
        out.extend_from_slice(data);
    }
    out
}
