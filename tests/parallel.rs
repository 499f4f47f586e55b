//! Queries give the same answer on one thread and on several (parts merge in event order).

use std::path::Path;
use trailscope::ingest::{load_bytes, LoadOptions};
use trailscope::store::Store;
use trailscope::{run_query, QueryOptions};

fn big_store() -> Store {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cloudtrail/blog");
    let mut store = Store::new();
    let opts = LoadOptions { category: "cm-core/cloudtrail".into(), ..Default::default() };
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    // 90 copies of real files: enough events for the scan to use more than one thread, and for
    // keyword searches to go through the store's remembered candidates.
    for copy in 0..90 {
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            load_bytes(&mut store, &format!("copy{copy}/{}", f.display()), &bytes, &opts);
        }
    }
    store.finish();
    assert!(store.len() > 50_000, "{} events", store.len());
    store
}

#[test]
fn one_thread_and_four_agree() {
    let store = big_store();
    let queries = [
        r#"* | json "eventName" | count by eventName"#,
        r#""ConsoleLogin" | json "sourceIPAddress" nodrop | first(sourceIPAddress) as f, last(sourceIPAddress) as l, count_distinct(sourceIPAddress) by eventName"#,
        r#"* | json "userAgent" nodrop | where userAgent matches "*aws-cli*" | limit 5"#,
        r#"* | json "eventSource" | parse regex field=eventSource "(?<svc>[a-z0-9]+)\." | sum(_size) as bytes, pct(_size, 50) by svc | sort by bytes"#,
    ];
    for q in queries {
        let one =
            run_query(&store, q, &QueryOptions { threads: 1, ..Default::default() }, &Default::default()).unwrap();
        let four =
            run_query(&store, q, &QueryOptions { threads: 4, ..Default::default() }, &Default::default()).unwrap();
        assert!(!one.rows.is_empty(), "{q}");
        assert_eq!(one.columns, four.columns, "{q}");
        assert_eq!(one.rows, four.rows, "{q}");
    }
}

#[test]
fn hot_columns_give_the_same_answers_as_scanning() {
    let mut store = big_store();
    let queries = [
        r#"* | json "eventName" | count by eventName"#,
        r#"* | json "errorCode", "userAgent" nodrop | count by errorCode, userAgent"#,
        r#"* | json "userIdentity.userName", "sourceIPAddress" as u, ip | count by u, ip"#,
        r#"* | json "userIdentity.arn", "requestParameters.bucketName" nodrop | count by userIdentity.arn"#,
        r#""ConsoleLogin" | json "eventName", "userIdentity.type" | where eventName = "ConsoleLogin" | count by userIdentity.type"#,
        r#"* | json "errorCode", "userAgent" nodrop | where errorCode = "AccessDenied" | count by userAgent"#,
        r#"* | json "errorCode", "eventName" nodrop | where errorCode != "AccessDenied" | where errorCode = "" | count by eventName"#,
        r#"* | json "eventSource", "eventName" | where eventSource = "s3.amazonaws.com" | count"#,
        r#"* | json "errorCode" nodrop | count by errorCode"#,
    ];
    let opts = QueryOptions { threads: 2, ..Default::default() };
    let scanned: Vec<_> = queries.iter().map(|q| run_query(&store, q, &opts, &Default::default()).unwrap()).collect();
    store.index_hot(2);
    assert!(store.hot().is_some());
    for (q, want) in queries.iter().zip(scanned) {
        let got = run_query(&store, q, &opts, &Default::default()).unwrap();
        assert!(!want.rows.is_empty(), "{q}");
        assert_eq!(got.rows, want.rows, "{q}");
    }
}

#[test]
fn remembered_keyword_candidates_give_the_same_answers_as_scanning() {
    let store = big_store();
    // Each pair: a keyword scope (the store finds and remembers its candidates) and the same
    // filter written as a where clause, which has no keyword and scans every event.
    let pairs = [
        (
            r#""accessdenied" | json "userAgent" nodrop | count by userAgent"#,
            r#"* | where contains(toLowerCase(_raw), "accessdenied") | json "userAgent" nodrop | count by userAgent"#,
        ),
        (
            r#""ConsoleLogin" OR "GetCallerIdentity" | json "eventName" | count by eventName"#,
            r#"* | where contains(toLowerCase(_raw), "consolelogin") or contains(toLowerCase(_raw), "getcalleridentity") | json "eventName" | count by eventName"#,
        ),
        (
            r#""\"errorCode\":\"AccessDenied\"" | json "eventName" | limit 20"#,
            r#"* | where contains(toLowerCase(_raw), "\"errorcode\":\"accessdenied\"") | json "eventName" | limit 20"#,
        ),
    ];
    for threads in [1, 2] {
        let opts = QueryOptions { threads, ..Default::default() };
        for (kw, scan) in pairs {
            let want = run_query(&store, scan, &opts, &Default::default()).unwrap();
            assert!(!want.rows.is_empty(), "{scan}");
            for round in 0..2 {
                let got = run_query(&store, kw, &opts, &Default::default()).unwrap();
                assert_eq!(got.rows, want.rows, "{kw} (round {round}, {threads} threads)");
            }
        }
    }
}

#[test]
fn hot_columns_built_while_loading_equal_those_built_after() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cloudtrail/blog");
    let opts = LoadOptions { category: "c".into(), ..Default::default() };
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let (mut ahead, mut after) = (Store::new(), Store::new());
    // Three copies: the later ones are duplicates across files, so dropping them must keep
    // the columns in step; the first batch is finished before the second arrives.
    for copy in 0..3 {
        for (k, f) in files.iter().enumerate() {
            let bytes = std::fs::read(f).unwrap();
            let name = format!("copy{copy}/{}", f.display());
            load_bytes(&mut ahead, &name, &bytes, &opts);
            load_bytes(&mut after, &name, &bytes, &opts);
            ahead.index_pending(if k % 3 == 0 { 7 } else { usize::MAX });
        }
        if copy == 0 {
            for s in [&mut ahead, &mut after] {
                s.finish();
                s.drop_duplicates();
                s.index_hot(1);
            }
        }
    }
    for s in [&mut ahead, &mut after] {
        s.finish();
        assert!(s.drop_duplicates().dropped > 0, "the copies are dropped");
        s.index_hot(1);
    }
    assert_eq!(ahead.len(), after.len());
    let (a, b) = (ahead.hot().unwrap(), after.hot().unwrap());
    for col in 0..trailscope::store::hot::HOT_PATHS.len() {
        for ev in 0..ahead.len() {
            assert_eq!(ahead.raw(ev), after.raw(ev), "same event order");
            assert_eq!(a.get(col, ev), b.get(col, ev), "column {col}, event {ev}");
        }
    }
    let q = r#"* | json "eventName", "userIdentity.arn" nodrop | count by eventName, userIdentity.arn"#;
    let qa = run_query(&ahead, q, &QueryOptions::default(), &Default::default()).unwrap();
    let qb = run_query(&after, q, &QueryOptions::default(), &Default::default()).unwrap();
    assert!(!qa.rows.is_empty());
    assert_eq!(qa.rows, qb.rows);
}
