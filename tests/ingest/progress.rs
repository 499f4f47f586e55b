//! Progress, cancellation between files, and the report as the page and the CLI see it.

use crate::{fixtures, load_with};
use std::sync::{Arc, Mutex};
use trailscope::ingest::{load_file, load_paths, LoadOptions, LoadReport, OnProgress, Progress};
use trailscope::store::Store;

fn recording(stop_after: u64) -> (LoadOptions, Arc<Mutex<Vec<Progress>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = Arc::clone(&seen);
    let cb = OnProgress::new(move |p| {
        let mut s = s.lock().unwrap();
        s.push(p.clone());
        (s.len() as u64) < stop_after
    });
    (LoadOptions { progress: Some(cb), ..Default::default() }, seen)
}

#[test]
fn progress_counts_files_and_bytes() {
    let dir = fixtures().join("console");
    let (opts, seen) = recording(u64::MAX);
    let (_, report) = load_with(&dir, &opts);
    let seen = seen.lock().unwrap();
    let n = std::fs::read_dir(&dir).unwrap().count() as u64;
    assert_eq!(seen.len() as u64, n);
    let last = seen.last().unwrap();
    assert_eq!((last.files_done, last.files_total), (n, n));
    assert_eq!(last.bytes_done, last.bytes_total);
    assert!(seen.windows(2).all(|w| w[0].bytes_done <= w[1].bytes_done));
    assert!(!report.cancelled);
}

#[test]
fn cancelling_stops_between_files_and_keeps_what_is_loaded() {
    let dir = fixtures().join("console");
    let (opts, _) = recording(2);
    let (store, report) = load_with(&dir, &opts);
    assert!(report.cancelled);
    assert_eq!(report.files.len(), 2);
    assert_eq!(store.len() as u64, report.totals.records);
    // On several threads: every thread stops at its next file.
    let (opts, _) = recording(1);
    let (store, report) = load_paths(&[fixtures().join("cloudtrail")], &LoadOptions { threads: 2, ..opts });
    assert!(report.cancelled && report.files.len() < 10, "{} files", report.files.len());
    assert_eq!(store.len() as u64, report.totals.records);
}

#[test]
fn cancelling_inside_a_zip_stops_between_entries() {
    let bytes = std::fs::read(fixtures().join("zip/export.zip")).unwrap();
    let (opts, seen) = recording(2);
    let (mut store, mut report) = (Store::new(), LoadReport::default());
    load_file(&mut store, "export.zip", &bytes, &opts, &mut report);
    assert!(report.cancelled);
    assert_eq!(report.files[0].members.len(), 2);
    assert_eq!(seen.lock().unwrap()[0].name, report.files[0].members[0].name);
}

#[test]
fn the_report_serializes_for_the_page() {
    let (_, report) = load_with(&fixtures().join("bad/cut_mid_record.json"), &LoadOptions::default());
    let v = serde_json::to_value(&report).unwrap();
    let f = &v["files"][0];
    for key in [
        "name",
        "bytes",
        "records",
        "records_skipped",
        "shape",
        "time",
        "skipped",
        "error",
        "error_offset",
        "error_line",
    ] {
        assert!(f.get(key).is_some(), "{key} in {f}");
    }
    assert_eq!(f["time"]["earliest"], "2023-07-10T10:00:00Z");
    assert_eq!(f["error_line"], 55);
    for key in ["files", "records", "records_skipped", "skipped_files", "errors", "bytes", "time"] {
        assert!(v["totals"].get(key).is_some(), "{key}");
    }
    assert_eq!(v["cancelled"], false);
}
