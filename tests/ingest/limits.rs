//! Caps against hostile input, each with a clear message, never a crash.

use crate::{gz, records_json, zip};
use trailscope::ingest::{load_bytes, load_file, Limits, LoadOptions, LoadReport};
use trailscope::store::Store;

fn opts(limits: Limits) -> LoadOptions {
    LoadOptions { limits, ..Default::default() }
}

#[test]
fn a_gzip_bomb_stops_at_the_per_file_cap() {
    let bomb = gz(&vec![b' '; 3 << 20]);
    assert!(bomb.len() < 10_000, "{}", bomb.len());
    let o = opts(Limits { max_file_bytes: 1 << 20, ..Default::default() });
    let mut store = Store::new();
    let r = load_bytes(&mut store, "bomb.json.gz", &bomb, &o);
    let e = r.error.unwrap();
    assert!(e.contains("more than 1 MiB") && e.contains("max_file_bytes") && e.contains("refused"), "{e}");
    assert_eq!((r.records, store.len()), (0, 0));
    // A plain file over the cap is refused the same way.
    let r = load_bytes(&mut store, "big.json", &vec![b' '; (1 << 20) + 1], &o);
    assert!(r.error.unwrap().contains("max_file_bytes"));
}

#[test]
fn the_total_cap_counts_every_file_of_a_report() {
    let text = records_json(2000, 200);
    let file = gz(text.as_bytes());
    let o = opts(Limits { max_total_bytes: text.len() as u64 * 5 / 2, ..Default::default() });
    let (mut store, mut report) = (Store::new(), LoadReport::default());
    for k in 0..3 {
        load_file(&mut store, &format!("f{k}.json.gz"), &file, &o, &mut report);
    }
    let done: Vec<u64> = report.files.iter().map(|f| f.records).collect();
    assert_eq!(done, [2000, 2000, 0]);
    let e = report.files[2].error.as_deref().unwrap();
    assert!(e.contains("max_total_bytes") && e.contains("refused"), "{e}");
    assert_eq!(report.totals.bytes, 2 * text.len() as u64);
}

#[test]
fn zip_bombs_nesting_and_entry_counts_are_capped() {
    let good = records_json(3, 0);
    let zeros = vec![b' '; 3 << 20];
    let z = zip(&[("bomb.json", &zeros, true), ("good.json", good.as_bytes(), true)]);
    assert!(z.len() < 20_000);
    let o = opts(Limits { max_file_bytes: 1 << 20, ..Default::default() });
    let mut store = Store::new();
    let r = load_bytes(&mut store, "bomb.zip", &z, &o);
    assert!(r.members[0].error.as_deref().unwrap().contains("max_file_bytes"), "{:?}", r.members[0]);
    assert_eq!((r.members[1].records, r.records), (3, 3), "the other entry loads");
    // Zips in zips: refused past the nesting cap, with the records of the outer levels kept.
    let mut nested = zip(&[("deepest.json", good.as_bytes(), true)]);
    for level in 0..6 {
        nested = zip(&[(&format!("level{level}.json"), good.as_bytes(), true), ("inner.zip", &nested, false)]);
    }
    let r = load_bytes(&mut store, "nested.zip", &nested, &LoadOptions::default());
    assert_eq!(r.records, 3 * 4, "four levels read");
    let mut deepest = &r;
    while let Some(inner) = deepest.members.iter().find(|m| m.name.ends_with("inner.zip")) {
        deepest = inner;
    }
    assert!(deepest.error.as_deref().unwrap().contains("max_zip_depth"), "{deepest:?}");
    // Too many entries.
    let three =
        zip(&[("a.json", good.as_bytes(), true), ("b.json", good.as_bytes(), true), ("c.json", good.as_bytes(), true)]);
    let r = load_bytes(&mut store, "many.zip", &three, &opts(Limits { max_zip_entries: 2, ..Default::default() }));
    assert!(r.error.as_deref().unwrap().contains("max_zip_entries"), "{r:?}");
}

#[test]
fn records_too_large_or_too_deep_are_skipped_with_the_reason() {
    let text = records_json(3, 0).replace(r#""id-1","pad":""#, &format!(r#""id-1","pad":"{}"#, "y".repeat(5000)));
    let mut store = Store::new();
    let o = opts(Limits { max_record_bytes: 4096, ..Default::default() });
    let r = load_bytes(&mut store, "big-record.json", text.as_bytes(), &o);
    assert_eq!((r.records, r.records_skipped, r.error.as_deref()), (2, 1, None));
    assert!(r.skip_reasons.keys().next().unwrap().contains("larger than 4 KiB (LoadOptions.limits.max_record_bytes)"));
    // A million brackets: no recursion, so no stack overflow, and no hang.
    let deep = format!(
        "{{\"Records\":[{{\"eventName\":\"x\",\"a\":{}1{}}},{{\"eventName\":\"y\"}}]}}",
        "[".repeat(1 << 20),
        "]".repeat(1 << 20)
    );
    let r = load_bytes(&mut store, "deep.json", deep.as_bytes(), &LoadOptions::default());
    assert_eq!((r.records, r.records_skipped, r.error.as_deref()), (1, 1, None));
    let unclosed = "[".repeat(1 << 20);
    let r = load_bytes(&mut store, "unclosed.json", unclosed.as_bytes(), &LoadOptions::default());
    assert!(r.error.is_some());
    // A deeper cap lets the nested record in.
    let o = opts(Limits { max_depth: 2_000_000, max_record_bytes: 8 << 20, ..Default::default() });
    assert_eq!(load_bytes(&mut store, "deep.json", deep.as_bytes(), &o).records, 2);
}

#[test]
fn the_total_cap_counts_every_file_loaded_one_call_at_a_time() {
    // What the page's session does: one call per file, the running total carried between them
    // (each call used to start a new total, so the cap was never reached across files).
    let text = records_json(2000, 200);
    let file = gz(text.as_bytes());
    // Each record also costs RECORD_COST (96 bytes) against the cap: room for two files, not three.
    let o = opts(Limits { max_total_bytes: text.len() as u64 * 3, ..Default::default() });
    let (mut store, mut used) = (Store::new(), 0u64);
    let done: Vec<u64> = (0..3)
        .map(|k| {
            trailscope::ingest::load_counted(&mut store, &format!("f{k}.json.gz"), file.clone(), &o, &mut used).records
        })
        .collect();
    assert_eq!(done, [2000, 2000, 0]);
    assert!(used >= 2 * text.len() as u64 && used <= o.limits.max_total_bytes, "{used}");
}

#[test]
fn records_count_against_the_caps_so_a_flood_of_tiny_ones_is_refused() {
    let flood = format!("[{}{{}}]", "{},".repeat(1_200_000));
    let mut store = Store::new();
    let r = load_bytes(&mut store, "flood.json", flood.as_bytes(), &LoadOptions::default());
    assert!(r.error.as_deref().unwrap().contains("fewer than 64 bytes each"), "{:?}", r.error);
    assert_eq!((r.records, store.len()), (0, 0));
    // Scalars are counted, never kept.
    let scalars = format!("[{}1]", "1,".repeat(500_000));
    let r = load_bytes(&mut store, "scalars.json", scalars.as_bytes(), &LoadOptions::default());
    assert_eq!((r.records, r.records_skipped, store.len()), (0, 500_001, 0));
}
