//! Lookup tables dropped on the page gzipped or inside a zip (`session::tables`).

use super::{fixtures, gz, zip};
use trailscope::session::{PageQuery, Session};

fn ct(ip: &str) -> Vec<u8> {
    format!(
        r#"{{"Records":[{{"eventID":"{ip}","eventTime":"2024-01-05T10:00:00Z","eventName":"GetObject","sourceIPAddress":"{ip}","userIdentity":{{"userName":"root"}}}}]}}"#
    )
    .into_bytes()
}

fn rows(s: &Session, q: &str) -> Vec<Vec<String>> {
    let r = s.query(q, &PageQuery::default(), || 0.0).unwrap_or_else(|d| panic!("{q}: {d}"));
    r.result.rows.iter().map(|row| row.iter().map(|v| v.to_string()).collect()).collect()
}

const BY_TEAM: &str = "* | json \"userIdentity.userName\" as user | lookup team from admin_users on admin_user = user | count by user, team";

#[test]
fn a_gzipped_csv_is_the_table_it_holds() {
    let mut s = Session::new();
    s.load("trail.json", ct("203.0.113.50"), "cloudtrail");
    let csv = std::fs::read(fixtures().join("lookups/admin_users.csv")).unwrap();
    let r = s.load("lookups/admin_users.csv.gz", gz(&csv), "cloudtrail");
    assert_eq!(r.table.as_deref(), Some("lookup table `admin_users`, 2 rows, columns admin_user, team"));
    assert_eq!((r.shape.as_deref(), r.error.as_deref(), r.records), (Some("gzip:lookup-csv"), None, 0));
    s.finish_loading(false);
    assert_eq!(rows(&s, BY_TEAM), [["root", "security", "1"]]);
}

#[test]
fn a_gzipped_event_history_csv_stays_events() {
    let mut s = Session::new();
    let history = std::fs::read(fixtures().join("console/event_history_excel_eu.csv")).unwrap();
    let r = s.load("event_history.csv.gz", gz(&history), "cloudtrail");
    assert!(r.table.is_none() && r.records > 0, "{r:?}");
}

#[test]
fn tables_inside_a_zip_become_tables_and_its_logs_load() {
    let mut s = Session::new();
    let csv = std::fs::read(fixtures().join("lookups/admin_users.csv")).unwrap();
    let iocs = std::fs::read(fixtures().join("lookups/threat_iocs.csv")).unwrap();
    let logs = ct("203.0.113.50");
    let archive = zip(&[
        ("logs/trail.json", &logs, true),
        ("tables/admin_users.csv", &csv, false),
        ("tables/iocs.csv.gz", &gz(&iocs), true),
    ]);
    let r = s.load("bundle.zip", archive, "cloudtrail");
    assert_eq!(r.records, 1, "the logs load: {r:?}");
    let lines: Vec<Option<&str>> = r.members.iter().map(|m| m.table.as_deref()).collect();
    assert_eq!(
        lines,
        [
            None,
            Some("lookup table `admin_users`, 2 rows, columns admin_user, team"),
            Some("2 indicators for sumo://threat/cs")
        ]
    );
    assert!(r.members.iter().all(|m| m.error.is_none() && m.skipped.is_none()), "{r:?}");
    assert_eq!(r.members[1].name, "bundle.zip/tables/admin_users.csv");
    let loaded = s.finish_loading(false);
    assert_eq!((loaded.summary.events, loaded.report.totals.errors), (1, 0));
    assert_eq!(rows(&s, BY_TEAM), [["root", "security", "1"]]);
    let threat = "_view=threat_intel_aws_cloudtrail | count by src_ip, actor";
    assert_eq!(rows(&s, threat), [["203.0.113.50", "EXAMPLE SPIDER", "1"]]);
}
