//! Every real file loads with its expected record count (and the shape the manifest names).

use crate::{file, fixtures, load};
use serde_json::Value;
use std::path::Path;
use trailscope::ingest::{load_bytes, load_paths, LoadOptions};
use trailscope::store::Store;

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(fixtures().join("cloudtrail/manifest.json")).unwrap();
    let m: Value = serde_json::from_str(&text).unwrap();
    m["files"].as_array().unwrap().clone()
}

#[test]
fn every_manifest_file_loads_with_its_record_count_and_shape() {
    let dir = fixtures().join("cloudtrail");
    for f in manifest() {
        let path = f["path"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(path)).unwrap();
        let mut store = Store::new();
        let r = load_bytes(&mut store, path, &bytes, &LoadOptions::default());
        let want = f["records"].as_u64().unwrap();
        if f["valid"].as_bool().unwrap() {
            assert_eq!((r.records, r.error.as_deref()), (want, None), "{path}");
            assert_eq!(store.len() as u64, want, "{path}");
            let shape = match r.members.first() {
                Some(m) => format!("zip:{}", m.shape.as_deref().unwrap()),
                None => r.shape.clone().unwrap(),
            };
            assert_eq!(shape, f["shape"].as_str().unwrap(), "{path}");
        } else {
            // Python: "Expecting property name enclosed in double quotes at line 37 column 9 (char 1293)".
            let e = r.error.as_deref().unwrap_or_else(|| panic!("{path} should fail"));
            assert!(e.contains("invalid JSON") && e.contains("line 37"), "{e}");
            assert_eq!((r.error_line, r.error_offset, r.records), (Some(37), Some(1293), 0), "{path}");
        }
    }
}

#[test]
fn the_whole_folder_loads_every_file_on_two_threads_too() {
    let dir = fixtures().join("cloudtrail");
    let want: u64 = manifest().iter().map(|f| f["records"].as_u64().unwrap()).sum();
    let (_, one) = load(&dir);
    let (store, two) = load_paths(&[dir], &LoadOptions { threads: 2, ..Default::default() });
    for r in [&one, &two] {
        assert_eq!(r.totals.records, want);
        assert_eq!(r.totals.errors, 1, "only the bad JSON file");
        // Licenses, notices, scripts and expected-result CSVs are skipped, not errors.
        for f in r.leaves() {
            let data = ["json", "jsonl", "gz", "cloudtrail", "zip"].iter().any(|e| f.name.ends_with(e))
                && !f.name.ends_with("manifest.json");
            assert_eq!(f.skipped.is_none(), data, "{}: {:?}", f.name, f.skipped);
        }
    }
    assert_eq!(store.len() as u64, want);
    assert!(file(&one, "manifest.json").skipped.as_deref().unwrap().contains("not CloudTrail"));
}

/// Records in a file, counted with serde_json: the oracle for files the manifest does not list.
fn independent_count(path: &Path) -> Option<u64> {
    let mut bytes = std::fs::read(path).ok()?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&bytes[..]), &mut out).ok()?;
        bytes = out;
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(o)) => Some(o.get("Records").and_then(Value::as_array).map_or(1, |a| a.len() as u64)),
        Ok(Value::Array(a)) => Some(a.iter().filter(|v| v.is_object()).count() as u64),
        Ok(_) => None,
        Err(_) => {
            let text = std::str::from_utf8(&bytes).ok()?;
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let ok = lines.iter().all(|l| serde_json::from_str::<Value>(l).is_ok_and(|v| v.is_object()));
            (ok && !lines.is_empty()).then_some(lines.len() as u64)
        }
    }
}

/// The real CloudTrail in ../shared/data/cloudtrail (which must be there).
#[test]
fn the_shared_data_folder_loads_with_independent_counts() {
    let shared = crate::support::shared("data/cloudtrail");
    let listed: std::collections::HashMap<String, u64> =
        manifest().iter().map(|f| (f["path"].as_str().unwrap().to_string(), f["records"].as_u64().unwrap())).collect();
    let (_, report) = load(&shared);
    let mut checked = 0;
    for f in &report.files {
        let rel = f.name.strip_prefix(&format!("{}/", shared.display())).unwrap_or(&f.name).to_string();
        let want = listed.get(&rel).copied().or_else(|| {
            if f.name.ends_with(".zip") {
                None
            } else {
                independent_count(Path::new(&f.name))
            }
        });
        match want {
            _ if rel.ends_with("SerializerTestFileBadJsonFormat.json") => assert!(f.error.is_some(), "{rel}"),
            Some(n) => {
                assert_eq!((f.records, f.error.as_deref()), (n, None), "{rel}");
                checked += 1;
            }
            None => assert!(f.skipped.is_some(), "{rel} is neither counted nor skipped: {f:?}"),
        }
    }
    assert!(checked > 700, "{checked} files checked");
}
