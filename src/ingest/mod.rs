//! Files to events: decompression, shape detection, compact `_raw`, `eventTime`, S3-key metadata,
//! and a report per file of what was read, skipped and why.

pub mod prefilter;
pub mod records;
pub mod s3key;
pub mod split;
#[cfg(not(target_arch = "wasm32"))]
pub mod stream;
pub mod time;

use crate::json::scan::minify_into;
use crate::store::{Source, Store, NO_TIME};
use serde::Serialize;
use std::io::Read;
use std::sync::Arc;

/// Decompressed bytes allowed per file: a gzip bomb stops here with a clear message.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// `_sourceCategory` of what is loaded.
    pub category: String,
    /// Threads a large file's scan may use (1 in the browser: a worker has one).
    pub threads: usize,
    /// For a one-shot query: skip records without the query's keywords.
    pub prefilter: Option<prefilter::Prefilter>,
    /// What the query needs; without times and compaction, JSON lines are taken as they are.
    pub needs: crate::plan::needs::LoadNeeds,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { category: "cloudtrail".into(), threads: 1, prefilter: None, needs: Default::default() }
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
    load_vec(store, name, bytes.to_vec(), opts)
}

/// Loads one file, taking its bytes: a compact file's text becomes part of the store as it is.
pub fn load_vec(store: &mut Store, name: &str, bytes: Vec<u8>, opts: &LoadOptions) -> FileReport {
    let mut report = FileReport { name: name.to_string(), ..Default::default() };
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if base.contains("CloudTrail-Digest") || base == "_SUCCESS" || base.starts_with('.') {
        report.skipped = Some("not a CloudTrail log file (digest, marker or hidden file)".into());
        return report;
    }
    let data = if bytes.starts_with(&[0x1f, 0x8b]) {
        match gunzip(&bytes) {
            Ok(d) => d,
            Err(e) => {
                report.error = Some(e);
                return report;
            }
        }
    } else {
        bytes
    };
    report.bytes = data.len() as u64;
    let first = data.iter().position(|b| !b.is_ascii_whitespace()).map(|i| data[i]);
    let json_name =
        [".json", ".jsonl", ".gz", ".cloudtrail", ".log"].iter().any(|e| base.to_ascii_lowercase().ends_with(e));
    if !matches!(first, Some(b'{' | b'[' | 0xef)) && !json_name {
        report.skipped = Some("not JSON, so not a CloudTrail log".into());
        return report;
    }
    let (account, region) = s3key::account_region(name);
    let new_source = |store: &mut Store| {
        let src = Source { name: name.to_string(), category: opts.category.clone(), host: String::new(), account, region };
        store.add_source(src)
    };
    if let Some(p) = &opts.prefilter {
        // One-shot query: a file without the keywords is not scanned; JSON lines keep only
        // the lines that hold one (found on the bytes, before any other work).
        if !p.any(&data) {
            new_source(store);
            report.shape = Some("not scanned: no record can match the query".into());
            return report;
        }
        if looks_like_lines(&data) {
            let source = new_source(store);
            let (found, damage) = p.matching_lines(&data, opts.threads);
            let mut buf = String::new();
            for (start, end) in found {
                let line = String::from_utf8_lossy(&data[start..end]);
                buf.clear();
                minify_into(&line, &mut buf);
                store.push_owned(&buf, event_time(&buf), source);
                report.records += 1;
            }
            report.shape = Some("lines".into());
            report.error = damage.map(|d| format!("{} at byte {}", d.what, d.offset));
            return report;
        }
    }
    let lines_as_they_are = !opts.needs.time && !opts.needs.compact && looks_like_lines(&data);
    let text = Arc::new(String::from_utf8(data).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()));
    let source = new_source(store);
    if lines_as_they_are {
        // The query reads values by path only: each line is an event, unscanned (a broken
        // line simply has no values; `json` without `nodrop` drops it, as Sumo Logic does).
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
        report.shape = Some("lines".into());
        return report;
    }
    let (shape, found, damage) = split::find_records(&text, opts.threads);
    // Keep the file's text only if most of it is records we keep; a few records are copied.
    let kept: usize = found.iter().filter(|r| r.compact).map(|r| r.end - r.start).sum();
    let chunk = (kept * 2 > text.len()).then(|| store.add_chunk(Arc::clone(&text)));
    // LookupEvents output wraps each record in a string: decided once per file, by its first record.
    let wrapped = found.first().is_some_and(|f| records::unwrap_lookup_event(&text[f.start..f.end]).is_some());
    let mut buf = String::new();
    for f in &found {
        let (start, end) = (f.start, f.end);
        let rec = &text[start..end];
        let time = f.time.map_or(NO_TIME, |(a, b)| time::parse_event_time(&text[a..b]));
        let unwrapped = if wrapped { records::unwrap_lookup_event(rec) } else { None };
        match (unwrapped, chunk) {
            (None, Some(c)) if f.compact => store.push_slice(c, start..end, time, source),
            (None, None) if f.compact => store.push_owned(rec, time, source),
            (unwrapped, _) => {
                buf.clear();
                minify_into(unwrapped.as_deref().unwrap_or(rec), &mut buf);
                let time = if wrapped { event_time(&buf) } else { time };
                store.push_owned(&buf, time, source);
            }
        }
        report.records += 1;
    }
    report.shape = Some(format!("{shape:?}").to_lowercase());
    if let Some(d) = damage {
        report.error = Some(format!("{} at byte {}", d.what, d.offset));
    }
    report
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
    // The gzip trailer holds the size (mod 4 GiB) of the last member: allocate once.
    let isize = bytes.len().checked_sub(4).map_or(0, |i| u32::from_le_bytes(bytes[i..].try_into().unwrap_or([0; 4])));
    let mut out = Vec::with_capacity((isize as u64).min(MAX_FILE_BYTES) as usize);
    let mut dec = flate2::read::MultiGzDecoder::new(bytes).take(MAX_FILE_BYTES + 1);
    match dec.read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > MAX_FILE_BYTES => {
            Err(format!("decompresses to more than {} MiB: refused (gzip bomb?)", MAX_FILE_BYTES >> 20))
        }
        Ok(_) => Ok(out),
        Err(e) => Err(format!("broken gzip data after {} decompressed bytes: {e}", out.len())),
    }
}

/// A large plain JSON-lines file under a keyword prefilter: read in blocks, keeping only the
/// lines with a keyword. `None` when that does not apply (the caller reads the whole file).
#[cfg(not(target_arch = "wasm32"))]
fn load_streaming(store: &mut Store, path: &std::path::Path, name: &str, opts: &LoadOptions) -> Option<FileReport> {
    let p = opts.prefilter.as_ref()?;
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut magic = [0u8; 2];
    if len < (64 << 20) || std::os::unix::fs::FileExt::read_at(&file, &mut magic, 0).ok()? < 2 || magic == [0x1f, 0x8b] {
        return None;
    }
    let lines = stream::matching_lines(&file, len, p, opts.threads).ok()??;
    let mut report = FileReport { name: name.to_string(), bytes: len, shape: Some("lines".into()), ..Default::default() };
    let (account, region) = s3key::account_region(name);
    let source =
        store.add_source(Source { name: name.to_string(), category: opts.category.clone(), host: String::new(), account, region });
    let mut buf = String::new();
    for line in lines {
        let text = String::from_utf8_lossy(&line);
        let trimmed = text.trim_end();
        match crate::json::scan::scan_record(trimmed.as_bytes(), 0, b"") {
            Some((end, _, _)) if trimmed.starts_with('{') && end == trimmed.len() => {
                buf.clear();
                minify_into(trimmed, &mut buf);
                store.push_owned(&buf, event_time(&buf), source);
                report.records += 1;
            }
            _ => report.error = report.error.or(Some("a line is not a complete JSON object".into())),
        }
    }
    Some(report)
}

/// Reads a file; a large one with several threads (copying from the page cache is the
/// slowest part of reading, and it divides).
#[cfg(not(target_arch = "wasm32"))]
fn read_file(path: &std::path::Path, threads: usize) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len() as usize;
    if threads < 2 || len < (64 << 20) {
        return std::fs::read(path);
    }
    let mut buf = vec![0u8; len];
    let per = len.div_ceil(threads);
    std::thread::scope(|s| {
        let hs: Vec<_> = buf
            .chunks_mut(per)
            .enumerate()
            .map(|(k, part)| {
                let file = &file;
                s.spawn(move || file.read_exact_at(part, (k * per) as u64))
            })
            .collect();
        hs.into_iter().try_for_each(|h| h.join().expect("reader threads do not panic"))
    })?;
    Ok(buf)
}

/// Loads files and directories (recursively, in name order) from disk.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_path(store: &mut Store, path: &std::path::Path, opts: &LoadOptions, report: &mut LoadReport) {
    if path.is_dir() {
        let mut entries: Vec<_> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
            Err(e) => {
                report.push(FileReport {
                    name: path.display().to_string(),
                    error: Some(format!("cannot read directory: {e}")),
                    ..Default::default()
                });
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
    if let Some(r) = load_streaming(store, path, &name, opts) {
        report.push(r);
        return;
    }
    match read_file(path, opts.threads) {
        Ok(bytes) => report.push(load_vec(store, &name, bytes, opts)),
        Err(e) => report.push(FileReport { name, error: Some(format!("cannot read file: {e}")), ..Default::default() }),
    }
}

/// Loads files and directories on `opts.threads` threads: small files are shared out between
/// threads (in name order, so the result does not depend on timing); one large file is split.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_paths(paths: &[std::path::PathBuf], opts: &LoadOptions) -> (Store, LoadReport) {
    let mut files = Vec::new();
    let mut report = LoadReport::default();
    for p in paths {
        list_files(p, &mut files, &mut report);
    }
    let mut store = Store::new();
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    if opts.threads < 2 || files.len() < 2 {
        for (f, _) in &files {
            load_path(&mut store, f, opts, &mut report);
        }
        store.finish();
        return (store, report);
    }
    // Contiguous groups of about equal size, one per thread.
    let mut groups: Vec<Vec<&std::path::PathBuf>> = vec![Vec::new(); opts.threads];
    let mut acc = 0u64;
    for (f, n) in &files {
        let g = ((acc * opts.threads as u64) / total.max(1)).min(opts.threads as u64 - 1) as usize;
        groups[g].push(f);
        acc += n;
    }
    let one = LoadOptions { threads: 1, ..opts.clone() };
    let parts: Vec<(Store, LoadReport)> = std::thread::scope(|s| {
        let hs: Vec<_> = groups
            .iter()
            .map(|g| {
                let one = &one;
                s.spawn(move || {
                    let (mut st, mut rep) = (Store::new(), LoadReport::default());
                    for f in g {
                        load_path(&mut st, f, one, &mut rep);
                    }
                    (st, rep)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("loader threads do not panic")).collect()
    });
    for (st, rep) in parts {
        store.append(st);
        for f in rep.files {
            report.push(f);
        }
    }
    store.finish();
    (store, report)
}

#[cfg(not(target_arch = "wasm32"))]
fn list_files(path: &std::path::Path, out: &mut Vec<(std::path::PathBuf, u64)>, report: &mut LoadReport) {
    if path.is_dir() {
        match std::fs::read_dir(path) {
            Ok(rd) => {
                let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
                entries.sort();
                for e in entries {
                    list_files(&e, out, report);
                }
            }
            Err(e) => report.push(FileReport {
                name: path.display().to_string(),
                error: Some(format!("cannot read directory: {e}")),
                ..Default::default()
            }),
        }
    } else {
        let n = std::fs::metadata(path).map_or(0, |m| m.len());
        out.push((path.to_path_buf(), n));
    }
}
