//! Files to events: decompression, shape detection, compact `_raw`, `eventTime`, S3-key metadata,
//! and a report per file of what was read, skipped and why.

pub mod records;
pub mod s3key;
pub mod time;

use crate::json::scan::minify_into;
use crate::store::{Source, Store, NO_TIME};
use serde::Serialize;
use std::io::Read;

/// Decompressed bytes allowed per file: a gzip bomb stops here with a clear message.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// `_sourceCategory` of what is loaded.
    pub category: String,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { category: "cloudtrail".into() }
    }
}

/// What happened to one file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FileReport {
    pub name: String,
    /// Bytes after decompression.
    pub bytes: u64,
    pub records: u64,
    pub shape: Option<String>,
    /// Why the file was skipped as not CloudTrail (not an error).
    pub skipped: Option<String>,
    /// What is wrong and where; records before the damage are kept.
    pub error: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LoadReport {
    pub files: Vec<FileReport>,
    pub records: u64,
}

impl LoadReport {
    pub fn push(&mut self, f: FileReport) {
        self.records += f.records;
        self.files.push(f);
    }
}

/// Loads one file's bytes (gzipped or not) into the store.
pub fn load_bytes(store: &mut Store, name: &str, bytes: &[u8], opts: &LoadOptions) -> FileReport {
    let mut report = FileReport { name: name.to_string(), ..Default::default() };
    let base = name.rsplit('/').next().unwrap_or(name);
    if base.contains("CloudTrail-Digest") || base == "_SUCCESS" || base.starts_with('.') {
        report.skipped = Some("not a CloudTrail log file (digest, marker or hidden file)".into());
        return report;
    }
    let data = if bytes.starts_with(&[0x1f, 0x8b]) {
        match gunzip(bytes) {
            Ok(d) => std::borrow::Cow::Owned(d),
            Err(e) => {
                report.error = Some(e);
                return report;
            }
        }
    } else {
        std::borrow::Cow::Borrowed(bytes)
    };
    report.bytes = data.len() as u64;
    let first = data.iter().position(|b| !b.is_ascii_whitespace()).map(|i| data[i]);
    let json_name = [".json", ".jsonl", ".gz", ".cloudtrail", ".log"].iter().any(|e| base.to_ascii_lowercase().ends_with(e));
    if !matches!(first, Some(b'{' | b'[' | 0xef)) && !json_name {
        report.skipped = Some("not JSON, so not a CloudTrail log".into());
        return report;
    }
    let text = String::from_utf8_lossy(&data);
    let (account, region) = s3key::account_region(name);
    let source = store.add_source(Source { name: name.to_string(), category: opts.category.clone(), host: String::new(), account, region });
    let mut buf = String::new();
    let (shape, damage) = records::for_each_record(&text, |found| {
        let unwrapped = records::unwrap_lookup_event(found.text);
        let (rec, compact) = match &unwrapped {
            Some(s) => (s.as_str(), false),
            None => (found.text, found.compact),
        };
        let raw = if compact {
            rec
        } else {
            buf.clear();
            minify_into(rec, &mut buf);
            buf.as_str()
        };
        store.push(raw, event_time(raw), source);
        report.records += 1;
    });
    report.shape = Some(format!("{shape:?}").to_lowercase());
    if let Some(d) = damage {
        report.error = Some(format!("{} at byte {}", d.what, d.offset));
    }
    report
}

fn event_time(raw: &str) -> i64 {
    let b = raw.as_bytes();
    match crate::json::scan::key_value_start(b, 0, "eventTime") {
        Some(v) if b.get(v) == Some(&b'"') => {
            let end = raw[v + 1..].find('"').map_or(raw.len(), |e| v + 1 + e);
            time::parse_event_time(&raw[v + 1..end])
        }
        _ => NO_TIME,
    }
}

fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut dec = flate2::read::MultiGzDecoder::new(bytes).take(MAX_FILE_BYTES + 1);
    match dec.read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > MAX_FILE_BYTES => Err(format!("decompresses to more than {} MiB: refused (gzip bomb?)", MAX_FILE_BYTES >> 20)),
        Ok(_) => Ok(out),
        Err(e) => Err(format!("broken gzip data after {} decompressed bytes: {e}", out.len())),
    }
}

/// Loads files and directories (recursively, in name order) from disk.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_path(store: &mut Store, path: &std::path::Path, opts: &LoadOptions, report: &mut LoadReport) {
    if path.is_dir() {
        let mut entries: Vec<_> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
            Err(e) => {
                report.push(FileReport { name: path.display().to_string(), error: Some(format!("cannot read directory: {e}")), ..Default::default() });
                return;
            }
        };
        entries.sort();
        for p in entries {
            load_path(store, &p, opts, report);
        }
        return;
    }
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => report.push(load_bytes(store, &name, &bytes, opts)),
        Err(e) => report.push(FileReport { name, error: Some(format!("cannot read file: {e}")), ..Default::default() }),
    }
}
