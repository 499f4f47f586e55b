//! The five queries that started Trailscope, run verbatim on real CloudTrail, against tables
//! computed independently (tests/fixtures/cloudtrail/blog/expected.py reads the JSON itself).

use std::path::Path;
use trailscope::ingest::{load_path, LoadOptions, LoadReport};
use trailscope::store::Store;
use trailscope::{run_query, QueryOptions};

fn fixture(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cloudtrail").join(p)
}

fn check(query_file: &str, expected_csv: &str, ordered: bool) {
    let query =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/queries/blog").join(query_file))
            .unwrap();
    let mut store = Store::new();
    let mut report = LoadReport::default();
    load_path(
        &mut store,
        &fixture("blog"),
        &LoadOptions { category: "cm-core/cloudtrail".into(), ..Default::default() },
        &mut report,
    );
    store.finish();
    let r = run_query(&store, &query, &QueryOptions::default(), &Default::default()).expect("the blog query runs");
    let mut got: Vec<Vec<String>> =
        r.rows.iter().map(|row| row.iter().map(|v| v.as_text().into_owned()).collect()).collect();
    let mut rdr = csv::Reader::from_path(fixture("blog").join(expected_csv)).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let mut want: Vec<Vec<String>> = rdr.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(r.columns, header, "{query_file}: columns");
    if !ordered {
        got.sort();
        want.sort();
    }
    assert_eq!(got, want, "{query_file}: rows");
}

#[test]
fn q1_console_logins_by_country() {
    check("q1-console-logins-by-country.sumo", "expected-q1.csv", true);
}

#[test]
fn q2_failed_console_logins() {
    check("q2-failed-console-logins.sumo", "expected-q2.csv", true);
}

#[test]
fn q3_access_denied_by_user_agent() {
    check("q3-access-denied-by-user-agent.sumo", "expected-q3.csv", false);
}

#[test]
fn q4_intellij_errors_by_message() {
    check("q4-intellij-errors-by-message.sumo", "expected-q4.csv", false);
}

#[test]
fn q5_intellij_errors_by_user() {
    check("q5-intellij-errors-by-user.sumo", "expected-q5.csv", false);
}
