//! The translator's cases: each `tests/sql/cases/*.sumo` is a query and either the SQL it
//! gives (`NAME.sql` beside it) or the diagnostic (`// error: Q001` and `// message: ...`
//! headers, as in `tests/queries/`). Headers `// dialect: spark`, `// from: T`, `// to: T`
//! set the options. `BLESS=1 cargo test --test sql_cases` rewrites the `.sql` files.

use std::path::{Path, PathBuf};
use trailscope::sql::{translate, Dialect, Options};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sql/cases");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sumo"))
        .collect();
    v.sort();
    v
}

fn time(s: &str) -> i64 {
    let t = trailscope::ingest::time::parse_event_time(s);
    assert_ne!(t, trailscope::store::NO_TIME, "not a time: {s}");
    t
}

#[test]
fn every_case_translates_as_written_down() {
    let bless = std::env::var("BLESS").is_ok();
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 10, "only {} cases", all.len());
    for path in all {
        let text = std::fs::read_to_string(&path).unwrap();
        let header = |k: &str| text.lines().find_map(|l| l.strip_prefix(&format!("// {k}: ")).map(str::to_string));
        let query: String = text.lines().filter(|l| !l.starts_with("//")).collect::<Vec<_>>().join("\n");
        let opts = Options {
            dialect: header("dialect").map_or(Dialect::Athena, |d| Dialect::parse(&d).unwrap()),
            from: header("from").map(|t| time(&t)),
            to: header("to").map(|t| time(&t)),
            ..Options::default()
        };
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let got = translate(query.trim(), &opts);
        match (header("error"), got) {
            (Some(code), Err(d)) => {
                let message = header("message").unwrap_or_default();
                if d.code != code || !d.message.contains(&message) {
                    failures.push(format!("{name}: wanted {code} `{message}`, got {} `{}`", d.code, d.message));
                }
            }
            (Some(code), Ok(_)) => failures.push(format!("{name}: wanted {code}, got SQL")),
            (None, Err(d)) => failures.push(format!("{name}: wanted SQL, got {} `{}`", d.code, d.message)),
            (None, Ok(sql)) => {
                let want_path = path.with_extension("sql");
                if bless {
                    std::fs::write(&want_path, format!("{sql}\n")).unwrap();
                    continue;
                }
                let want = std::fs::read_to_string(&want_path).unwrap_or_default();
                if want.trim_end() != sql.trim_end() {
                    failures.push(format!("{name}: SQL differs from {}:\n{sql}", want_path.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn athena_table_names_the_projection_properties() {
    use trailscope::sql::ddl::{create_table, Layout};
    let one = create_table(&Layout {
        bucket: "b".into(),
        accounts: vec!["111122223333".into()],
        regions: vec!["us-east-1".into()],
        since: "2024/01/01".into(),
        name: "ct".into(),
        ..Layout::default()
    });
    for p in [
        "'projection.enabled'='true'",
        "'projection.timestamp.type'='date'",
        "'projection.timestamp.format'='yyyy/MM/dd'",
        "'projection.timestamp.interval'='1'",
        "'projection.timestamp.interval.unit'='DAYS'",
        "'projection.timestamp.range'='2024/01/01,NOW'",
        "'storage.location.template'='s3://b/AWSLogs/111122223333/CloudTrail/us-east-1/${timestamp}'",
        "com.amazon.emr.cloudtrail.CloudTrailInputFormat",
        "org.apache.hive.hcatalog.data.JsonSerDe",
        "PARTITIONED BY (timestamp string)",
    ] {
        assert!(one.contains(p), "missing {p} in\n{one}");
    }
    let org = create_table(&Layout {
        bucket: "b".into(),
        prefix: Some("trails".into()),
        org: Some("o-abc123".into()),
        regions: vec!["us-east-1".into(), "eu-west-1".into()],
        since: "2024/01/01".into(),
        name: "ct".into(),
        ..Layout::default()
    });
    for p in [
        "PARTITIONED BY (account string, region string, timestamp string)",
        "'projection.account.type'='injected'",
        "'projection.region.type'='enum'",
        "'projection.region.values'='us-east-1,eu-west-1'",
        "'storage.location.template'='s3://b/trails/AWSLogs/o-abc123/${account}/CloudTrail/${region}/${timestamp}'",
    ] {
        assert!(org.contains(p), "missing {p} in\n{org}");
    }
}
