//! Zip archives and the console's downloads load, and queries see the same events in each.

use crate::{file, fixtures, load, query, raws, zip};
use trailscope::ingest::{load_bytes, LoadOptions};
use trailscope::store::Store;

#[test]
fn a_zip_loads_every_shape_inside_it_with_s3_metadata() {
    let (store, r) = load(&fixtures().join("zip/export.zip"));
    let z = &r.files[0];
    assert_eq!((z.records, z.shape.as_deref(), z.error.as_deref()), (20, Some("zip"), None));
    let shapes: Vec<(&str, u64)> =
        r.leaves().iter().filter(|f| f.skipped.is_none()).map(|f| (f.shape.as_deref().unwrap(), f.records)).collect();
    assert_eq!(
        shapes,
        [
            ("gzip:records-object", 5),
            ("records-object", 3),
            ("json-lines", 4),
            ("console-csv", 6),
            ("records-object", 2)
        ]
    );
    assert_eq!(r.totals.skipped_files, 3, "digest, __MACOSX and README.txt");
    assert_eq!((r.totals.records, r.totals.files), (20, 8));
    assert!(file(&r, "nested/inner.zip/inner/records.json").records == 2);
    // The S3 key inside the archive gives account and region.
    let regions = query(&store, r#"* | count by _sourceName | sort by _sourceName asc"#);
    assert_eq!(regions.len(), 5);
    let eu = (0..store.len()).find(|&i| store.source(i).name.contains("eu-west-1")).unwrap();
    assert_eq!(store.source(eu).account.as_deref(), Some("111122223333"));
    assert_eq!(store.source(eu).region.as_deref(), Some("eu-west-1"));
}

#[test]
fn the_real_zip_holds_the_same_records_as_its_member() {
    let dir = fixtures().join("cloudtrail/otrf-security-datasets");
    let (a, _) = load(&dir.join("ec2_proxy_s3_exfiltration.zip"));
    let (b, _) = load(&dir.join("ec2_proxy_s3_exfiltration/ec2_proxy_s3_exfiltration_2020-09-14011940.json"));
    assert_eq!(a.len(), 103);
    assert_eq!(raws(&a), raws(&b));
}

fn load_one(name: &str) -> Store {
    let (store, r) = load(&fixtures().join("console").join(name));
    let f = &r.files[0];
    assert_eq!((f.records, f.error.as_deref()), (6, None), "{name}");
    let t = f.time.as_ref().unwrap();
    assert_eq!((t.earliest.as_str(), t.latest.as_str()), ("2023-07-10T11:45:12Z", "2023-07-10T23:59:59Z"), "{name}");
    store
}

#[test]
fn console_downloads_load_and_answer_the_same_queries() {
    let json = load_one("event_history.json");
    // The full events: the JSON download, the CSV's CloudTrail event column and LookupEvents
    // output all give the same compact _raw.
    for other in ["event_history_with_event.csv", "lookup_events.json"] {
        assert_eq!(raws(&load_one(other)), raws(&json), "{other}");
    }
    // Rows built from the CSV's columns are the same whatever the spreadsheet did to them.
    let csv = load_one("event_history.csv");
    for other in ["event_history_excel_us.csv", "event_history_excel_eu.csv"] {
        assert_eq!(raws(&load_one(other)), raws(&csv), "{other}");
    }
    let q = r#"* | json "eventID", "eventTime", "eventName", "eventSource", "awsRegion", "sourceIPAddress"
        | json "errorCode" nodrop | count by eventID, eventTime, eventName, eventSource, awsRegion, errorCode, sourceIPAddress
        | sort by eventID asc"#;
    let want = query(&json, q);
    assert_eq!(want.len(), 6);
    assert_eq!(query(&csv, q), want);
    assert_eq!(want[1][2..], ["ListBuckets", "s3.amazonaws.com", "us-east-1", "AccessDenied", "198.51.100.7", "1"]);
    // The console names the root user `root`, where the full event has no userName.
    let users = r#"* | json "userIdentity.userName" as user nodrop | count by user | sort by user asc"#;
    assert_eq!(query(&csv, users), [["alice", "3"], ["bob", "2"], ["root", "1"]]);
    // The anchor parses of the blog queries work on CSV rows too.
    assert_eq!(query(&csv, r#""ConsoleLogin" | parse "\"userName\":\"*\"" as u | count by u"#), [["alice", "1"]]);
    let res = query(&csv, r#"* | json "resources[0].ARN" as arn | count by arn | sort by arn asc"#);
    assert_eq!(res.len(), 3);
    assert!(res[0][0].starts_with("arn:aws:cloudtrail:us-east-1:111122223333:trail/"));
}

#[test]
fn utf16_and_concatenated_json_load() {
    let text = std::fs::read_to_string(fixtures().join("console/event_history.json")).unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut store = Store::new();
    let r = load_bytes(&mut store, "powershell.json", &utf16, &LoadOptions::default());
    assert_eq!((r.records, r.error), (6, None));
    // Firehose writes objects back to back; pretty-printed objects may follow each other too.
    let firehose = "{\"eventName\":\"A\"}{\"eventName\":\"B\"}\n{\n  \"eventName\": \"C\"\n}\n";
    let r = load_bytes(&mut store, "firehose", firehose.as_bytes(), &LoadOptions::default());
    assert_eq!((r.records, r.shape.as_deref(), r.error), (3, Some("concatenated-json"), None));
}

#[test]
fn zip_entries_with_methods_we_cannot_read_are_reported_and_the_rest_load() {
    let good = crate::records_json(3, 0);
    let mut z = zip(&[("a.json", good.as_bytes(), true), ("b.json", good.as_bytes(), false)]);
    // Mark the first entry encrypted (general-purpose flag bit 0) in its central record.
    let cd = z.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    z[cd + 8] |= 1;
    let mut store = Store::new();
    let r = load_bytes(&mut store, "x.zip", &z, &LoadOptions::default());
    assert!(r.members[0].error.as_deref().unwrap().contains("encrypted"));
    assert_eq!((r.members[1].records, r.records), (3, 3));
}
