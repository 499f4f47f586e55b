//! Files to events (any shape, compressed or zipped), with a report of what was read and skipped.

// `load_bytes` / `load_vec` load one file; `load_counted` one of many into the same store (the
// page's `Session`: the total-size cap counts every file); `load_file` adds one to a running
// `LoadReport`; natively `load_path` and `load_paths` read files and directories.

pub mod console_csv;
pub mod detect;
#[cfg(not(target_arch = "wasm32"))]
mod files;
mod json_file;
pub mod limits;
pub mod prefilter;
pub mod progress;
pub mod records;
pub mod report;
pub mod s3key;
pub mod split;
#[cfg(not(target_arch = "wasm32"))]
pub mod stream;
pub mod time;
pub mod zip;

#[cfg(not(target_arch = "wasm32"))]
pub use files::{load_path, load_paths};
pub use limits::{Limits, MAX_FILE_BYTES};
pub use progress::{OnProgress, Progress};
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use records::looks_like_lines;
pub use report::{FileReport, LoadReport, TimeSpan, Totals};

use crate::store::{Source, Store};
use detect::Content;
use progress::Tracker;

#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// `_sourceCategory` of what is loaded.
    pub category: String,
    /// Threads a large file's scan may use (1 in the browser: a worker has one).
    pub threads: usize,
    /// For a one-shot query: skip records without the query's keywords.
    pub prefilter: Option<prefilter::Prefilter>,
    /// Caps against hostile input (sizes, nesting, zip entries).
    pub limits: Limits,
    /// Told after each file and zip entry; returning `false` cancels between files.
    pub progress: Option<OnProgress>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            category: "cloudtrail".into(),
            threads: 1,
            prefilter: None,
            limits: Limits::default(),
            progress: None,
        }
    }
}

/// Loads one file's bytes (gzip, zip, JSON of any shape, console CSV) into the store.
pub fn load_bytes(store: &mut Store, name: &str, bytes: &[u8], opts: &LoadOptions) -> FileReport {
    let t = Tracker::new(opts, 1, bytes.len() as u64, 0);
    let r = load_one(&t, store, name, Bytes::Borrowed(bytes), 0);
    t.step(name, 1, bytes.len() as u64);
    r
}

/// Loads one file, taking its bytes: a compact file's text becomes part of the store as it is.
pub fn load_vec(store: &mut Store, name: &str, bytes: Vec<u8>, opts: &LoadOptions) -> FileReport {
    load_counted(store, name, bytes, opts, &mut 0)
}

/// [`load_vec`] for one of many loads into the same store (the page's session): `used` is
/// what the earlier ones hold against the total cap, and is updated with this file's share.
pub fn load_counted(store: &mut Store, name: &str, bytes: Vec<u8>, opts: &LoadOptions, used: &mut u64) -> FileReport {
    let len = bytes.len() as u64;
    let t = Tracker::new(opts, 1, len, *used);
    let r = load_one(&t, store, name, Bytes::Owned(bytes), 0);
    t.step(name, 1, len);
    *used = t.used();
    r
}

/// Adds one file to what `report` already holds: the total-size cap counts its bytes too, and
/// `report.cancelled` is set if the progress callback asked to stop (within a zip).
pub fn load_file(store: &mut Store, name: &str, bytes: &[u8], opts: &LoadOptions, report: &mut LoadReport) {
    let t = Tracker::new(opts, 1, bytes.len() as u64, report.totals.bytes);
    let r = load_one(&t, store, name, Bytes::Borrowed(bytes), 0);
    t.step(name, 1, bytes.len() as u64);
    report.push(r);
    report.cancelled |= t.cancelled();
}

/// A file's bytes, borrowed (the caller keeps them) or owned (plain text is kept, not copied).
pub(crate) enum Bytes<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
}

impl Bytes<'_> {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Borrowed(b) => b,
            Bytes::Owned(v) => v,
        }
    }

    fn into_vec(self) -> Vec<u8> {
        match self {
            Bytes::Borrowed(b) => b.to_vec(),
            Bytes::Owned(v) => v,
        }
    }
}

/// One file or zip entry, whatever it is; `depth` counts the zips it is inside.
pub(crate) fn load_one(t: &Tracker, store: &mut Store, name: &str, bytes: Bytes, depth: usize) -> FileReport {
    let mut report = FileReport::new(name);
    if let Some(why) = detect::skip_by_name(name) {
        report.skipped = Some(why.into());
        return report;
    }
    if detect::is_zip(bytes.as_slice()) {
        zip::load(t, store, name, bytes.as_slice(), depth, &mut report);
        return report;
    }
    let gzipped = detect::is_gzip(bytes.as_slice());
    let (data, gzip_damage) = if gzipped {
        let (cap, cap_name) = t.cap();
        match limits::gunzip(bytes.as_slice(), cap, cap_name) {
            Ok(inf) => (inf.data, inf.damage),
            Err(e) => {
                report.fail(e, None, None);
                return report;
            }
        }
    } else {
        (bytes.into_vec(), None)
    };
    if let Err(e) = t.take(data.len() as u64) {
        report.fail(e, None, None);
        return report;
    }
    report.bytes = data.len() as u64;
    load_text(t, store, name, detect::utf16_to_utf8(&data).unwrap_or(data), &mut report);
    if gzipped {
        report.shape = report.shape.map(|s| format!("gzip:{s}"));
    }
    if let Some(what) = gzip_damage {
        // The cause first: the records the scan kept are those before the damage.
        report.fail_first(what, Some(report.bytes));
    }
    report
}

/// Decompressed text by what it holds.
fn load_text(t: &Tracker, store: &mut Store, name: &str, data: Vec<u8>, report: &mut FileReport) {
    match detect::content(name, &data) {
        Content::Json => json_file::load(t, store, name, data, report),
        Content::Csv => {
            let source = new_source(store, name, t.opts);
            console_csv::load(store, source, &data, report);
        }
        Content::Skip(why) => report.skipped = Some(why),
        Content::NotJson(what) => {
            let at = data.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
            let line = 1 + data[..at].iter().filter(|&&b| b == b'\n').count();
            report.fail(format!("{what} (line {line}, byte {at})"), Some(at as u64), Some(line as u64));
        }
    }
}

/// A source for the file: `_sourceName` is its path; the S3 key layout gives account and region.
pub(crate) fn new_source(store: &mut Store, name: &str, opts: &LoadOptions) -> u32 {
    let (account, region) = s3key::account_region(name);
    let category = opts.category.clone();
    store.add_source(Source { name: name.to_string(), category, host: String::new(), account, region })
}
