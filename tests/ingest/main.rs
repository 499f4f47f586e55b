//! Ingest tests: real files and their counts, bad files and their reports, shapes, caps, progress.

mod bad;
mod limits;
mod manifest;
mod progress;
mod shapes;
#[path = "../support/shared.rs"]
mod support;
mod tables;

use std::io::Write;
use std::path::{Path, PathBuf};
use trailscope::ingest::{load_path, FileReport, LoadOptions, LoadReport};
use trailscope::store::Store;
use trailscope::{run_query, QueryOptions};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Loads a file or folder on one thread with `opts`.
pub fn load_with(path: &Path, opts: &LoadOptions) -> (Store, LoadReport) {
    let mut store = Store::new();
    let mut report = LoadReport::default();
    load_path(&mut store, path, opts, &mut report);
    store.finish();
    (store, report)
}

pub fn load(path: &Path) -> (Store, LoadReport) {
    load_with(path, &LoadOptions::default())
}

/// The report of the file (or zip entry) whose name ends with `suffix`.
pub fn file<'a>(r: &'a LoadReport, suffix: &str) -> &'a FileReport {
    fn walk<'a>(f: &'a FileReport, suffix: &str) -> Option<&'a FileReport> {
        if f.name.ends_with(suffix) {
            return Some(f);
        }
        f.members.iter().find_map(|m| walk(m, suffix))
    }
    r.files.iter().find_map(|f| walk(f, suffix)).unwrap_or_else(|| panic!("no report for {suffix}"))
}

/// A query's rows as text.
pub fn query(store: &Store, q: &str) -> Vec<Vec<String>> {
    let r = run_query(store, q, &QueryOptions::default(), &Default::default()).unwrap_or_else(|d| panic!("{q}: {d:?}"));
    r.rows.iter().map(|row| row.iter().map(|v| v.to_string()).collect()).collect()
}

/// Every event's `_raw`, in store order.
pub fn raws(store: &Store) -> Vec<String> {
    (0..store.len()).map(|i| store.raw(i).to_string()).collect()
}

pub fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A minimal zip writer for tests: entries deflated, or stored when `deflate` is false.
pub fn zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let (mut out, mut dir) = (Vec::new(), Vec::new());
    for (name, data, deflate) in entries {
        let body = if *deflate {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        } else {
            data.to_vec()
        };
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let method: u16 = if *deflate { 8 } else { 0 };
        let common = |v: &mut Vec<u8>| {
            for x in [&20u16.to_le_bytes()[..], &0u16.to_le_bytes(), &method.to_le_bytes(), &[0, 0, 0x21, 0]] {
                v.extend_from_slice(x);
            }
            v.extend_from_slice(&crc.sum().to_le_bytes());
            v.extend_from_slice(&(body.len() as u32).to_le_bytes());
            v.extend_from_slice(&(data.len() as u32).to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
        };
        let offset = out.len() as u32;
        out.extend_from_slice(b"PK\x03\x04");
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&body);
        dir.extend_from_slice(b"PK\x01\x02\x14\x00");
        common(&mut dir);
        dir.extend_from_slice(&[0; 10]); // comment length, disk, internal and external attributes
        dir.extend_from_slice(&offset.to_le_bytes());
        dir.extend_from_slice(name.as_bytes());
    }
    let (cd_at, n) = (out.len() as u32, entries.len() as u16);
    out.extend_from_slice(&dir);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(dir.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Small CloudTrail records as `{"Records":[...]}`, `pad` bytes of padding in each.
pub fn records_json(n: usize, pad: usize) -> String {
    let recs: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"eventVersion":"1.08","eventTime":"2023-07-10T10:{:02}:{:02}Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventID":"id-{i}","pad":"{}"}}"#,
                i / 60 % 60,
                i % 60,
                "x".repeat(pad)
            )
        })
        .collect();
    format!("{{\"Records\":[{}]}}", recs.join(","))
}
