//! Each kind of damage is reported with name, what and where, keeping what came before.

use crate::{file, fixtures, load, query};

#[test]
fn every_bad_kind_is_reported_where_it_is_and_keeps_what_came_before() {
    let (store, r) = load(&fixtures().join("bad"));
    // (file, records kept, records skipped, error text, line, byte)
    type Case<'a> = (&'a str, u64, u64, &'a [&'a str], Option<u64>, Option<u64>);
    let cases: &[Case] = &[
        ("not_json.json", 0, 0, &["not JSON", "XML"], Some(1), Some(0)),
        (
            "truncated.json.gz",
            108,
            0,
            &["gzip data ends early", "ends in the middle of a record"],
            Some(1),
            Some(72407),
        ),
        (
            "cut_mid_record.json",
            2,
            0,
            &["ends in the middle of a record", "the 2 records before it are kept"],
            Some(55),
            None,
        ),
        ("cut_mid_line.jsonl", 4, 1, &["not a complete JSON object", "line 5"], Some(5), None),
        ("broken_line.jsonl", 4, 1, &["not a complete JSON object", "line 3"], Some(3), None),
        ("cut_mid_row.csv", 5, 1, &["ends in the middle of a row", "line 160"], Some(160), None),
        ("broken_entry.zip/broken.json", 19, 2, &["CRC-32 does not match", "invalid JSON"], Some(1), Some(13388)),
        ("truncated.zip/a/two.jsonl", 25, 1, &["deflate data ends early", "line 26"], Some(26), None),
    ];
    for &(name, records, skipped, texts, line, byte) in cases {
        let f = file(&r, name);
        let e = f.error.as_deref().unwrap_or_else(|| panic!("{name}: no error"));
        assert!(texts.iter().all(|t| e.contains(t)), "{name}: {e}");
        assert_eq!((f.records, f.records_skipped, f.error_line), (records, skipped, line), "{name}: {e}");
        if byte.is_some() {
            assert_eq!(f.error_offset, byte, "{name}");
        }
    }
    // The other entries of the damaged archives load whole.
    for (name, n) in
        [("broken_entry.zip/good1.json", 4), ("broken_entry.zip/good2.jsonl", 3), ("truncated.zip/a/one.json", 3)]
    {
        let f = file(&r, name);
        assert_eq!((f.records, f.error.as_deref()), (n, None), "{name}");
    }
    let archive = file(&r, "truncated.zip");
    assert!(archive.error.as_deref().unwrap().contains("no central directory"), "{archive:?}");
    // The too deep record is skipped with its reason; the file is not in error.
    let deep = file(&r, "too_deep.json");
    assert_eq!((deep.records, deep.records_skipped, deep.error.as_deref()), (2, 1, None));
    assert!(deep.skip_reasons.keys().any(|k| k.contains("64 levels")), "{:?}", deep.skip_reasons);
    // What was kept is queryable, and nothing half-read got in.
    let total: u64 = r.totals.records;
    assert_eq!(store.len() as u64, total);
    assert_eq!(query(&store, r#"* | json "eventName" | count"#), [[total.to_string()]]);
}

#[test]
fn files_that_are_not_cloudtrail_are_skipped_with_a_reason() {
    let (store, r) = load(&fixtures().join("bad/not-cloudtrail"));
    assert_eq!((store.len(), r.totals.errors), (0, 0));
    let why = |name: &str| file(&r, name).skipped.clone().unwrap_or_else(|| panic!("{name} not skipped"));
    assert!(why("_CloudTrail-Digest_us-east-1_main_us-east-1_20230710T120000Z.json.gz").contains("digest"));
    assert!(why("config_snapshot.json").contains("AWS Config"));
    assert!(why("config_history.json.gz").contains("AWS Config"));
    assert!(why("_SUCCESS").contains("marker"));
    assert!(why("package.json").contains("not CloudTrail"));
    assert!(why("ConfigWritabilityCheckFile").contains("not CloudTrail"));
    assert_eq!(r.totals.skipped_files, 6);
}

#[test]
fn mangled_input_never_crashes() {
    // Cuts and byte flips of every kind of file: loading reports, it never panics or hangs.
    let dir = fixtures();
    let files = [
        "console/event_history_with_event.csv",
        "console/lookup_events.json",
        "zip/export.zip",
        "bad/truncated.json.gz",
        "cloudtrail/plaso/aws_cloudtrail.jsonl",
        "cloudtrail/trailscraper-fixtures/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json",
    ];
    for name in files {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let step = (bytes.len() / 150).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let mut store = trailscope::store::Store::new();
            let _ = trailscope::ingest::load_bytes(&mut store, name, &bytes[..cut], &Default::default());
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0xa5;
            let _ = trailscope::ingest::load_bytes(&mut store, name, &flipped, &Default::default());
            store.finish();
        }
    }
}

#[test]
fn a_symbolic_link_loop_is_listed_once() {
    let dir = std::env::temp_dir().join(format!("trailscope-loop-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("a/x.json"), crate::records_json(2, 0)).unwrap();
    let _ = std::os::unix::fs::symlink(&dir, dir.join("a/back"));
    let (store, r) = load(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((store.len(), r.files.len()), (2, 1));
}
