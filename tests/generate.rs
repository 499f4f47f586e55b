//! The sample data: the same seed gives the same bytes, it loads cleanly, the five blog queries
//! tell the story on it, and the office addresses geolocate to their cities (when the geo table
//! is there).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use trailscope::ingest::{load_path, LoadOptions, LoadReport};
use trailscope::store::Store;
use trailscope::{run_query, QueryOptions};
use trailscope_sample::{day_files, gzip, places, Options, Plan, Story};

#[path = "support/shared.rs"]
mod support;

const EVENTS: u64 = 20_000;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("generate-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs `trailscope generate` (the default size) into a fresh directory.
fn generate_cli(name: &str, extra: &[&str]) -> PathBuf {
    let dir = scratch(name);
    let out = bin().args(["generate", "--out"]).arg(&dir).args(extra).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// The default data set, generated once by the CLI and loaded as the blog's category.
fn sample() -> &'static (PathBuf, Store, Story) {
    static SAMPLE: OnceLock<(PathBuf, Store, Story)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = generate_cli("sample", &[]);
        let mut store = Store::new();
        let mut report = LoadReport::default();
        let opts = LoadOptions { category: "cm-core/cloudtrail".into(), ..Default::default() };
        load_path(&mut store, &dir, &opts, &mut report);
        store.finish();
        for f in &report.files {
            assert!(f.error.is_none() && f.skipped.is_none(), "{}: {:?} {:?}", f.name, f.error, f.skipped);
        }
        assert_eq!(report.files.iter().map(|f| f.records).sum::<u64>(), EVENTS);
        let story = Plan::new(Options::default()).unwrap().story();
        (dir, store, story)
    })
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(p.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn same_seed_same_bytes_on_any_number_of_threads() {
    let a = tree(&generate_cli("seed-a", &["--events", "5000", "--seed", "7", "--threads", "1"]));
    let b = tree(&generate_cli("seed-b", &["--events", "5000", "--seed", "7", "--threads", "2"]));
    assert!(a.len() > 10);
    assert!(a == b, "two runs with seed 7 differ");
    // And in memory, without the command line.
    let plan = Plan::new(Options { events: 5000, seed: 7, ..Default::default() }).unwrap();
    let files: Vec<_> = (0..plan.days.len()).flat_map(|k| day_files(&plan, k)).collect();
    assert_eq!(files.len(), a.len());
    for f in &files {
        assert_eq!(a.get(Path::new(&f.path)), Some(&gzip(f.json.as_bytes())), "{}", f.path);
    }
    let other = Plan::new(Options { events: 5000, seed: 8, ..Default::default() }).unwrap();
    assert_ne!(day_files(&other, 0)[0].json, files[0].json, "another seed, other data");
}

#[test]
fn s3_layout_and_file_sizes() {
    let (dir, store, story) = sample();
    let files = tree(dir);
    let prefix = format!("AWSLogs/{}/CloudTrail/", story.account);
    let name = regex::Regex::new(&format!(
        r"^{prefix}([a-z0-9-]+)/(\d{{4}})/(\d\d)/(\d\d)/{}_CloudTrail_([a-z0-9-]+)_(\d{{4}})(\d\d)(\d\d)T\d{{4}}Z_[A-Za-z0-9]{{16}}\.json\.gz$",
        story.account
    ))
    .unwrap();
    for p in files.keys() {
        let p = p.to_string_lossy().replace('\\', "/");
        let c = name.captures(&p).unwrap_or_else(|| panic!("not CloudTrail's S3 layout: {p}"));
        assert_eq!(c[1], c[5], "{p}: region folder and file name agree");
        assert_eq!((&c[2], &c[3], &c[4]), (&c[6], &c[7], &c[8]), "{p}: date folder and stamp agree");
    }
    assert!(files.len() * 300 >= EVENTS as usize, "at most 300 records a file");
    assert_eq!(store.len() as u64, EVENTS);
    let regions: std::collections::BTreeSet<_> = store.sources().iter().filter_map(|s| s.region.clone()).collect();
    assert!(regions.len() >= 4, "{regions:?}");
}

/// Runs a blog query (verbatim from tests/queries/blog) on the sample.
fn blog(file: &str) -> Vec<BTreeMap<String, String>> {
    let query = std::fs::read_to_string(support::repo().join("tests/queries/blog").join(file)).unwrap();
    let r = run_query(&sample().1, &query, &QueryOptions::default(), &Default::default()).expect("the query runs");
    assert!(r.warnings.iter().all(|w| w.code != trailscope::exec::warning::CATEGORY_UNMATCHED), "{:?}", r.warnings);
    r.rows
        .iter()
        .map(|row| r.columns.iter().cloned().zip(row.iter().map(|v| v.as_text().into_owned())).collect())
        .collect()
}

fn count(row: &BTreeMap<String, String>) -> u64 {
    row["_count"].parse().unwrap()
}

#[test]
fn q1_lists_logins_per_user_with_the_new_york_traveller() {
    let (_, _, story) = sample();
    let rows = blog("q1-console-logins-by-country.sumo");
    let users: std::collections::BTreeSet<&str> = rows.iter().map(|r| r["user"].as_str()).collect();
    for u in &story.users {
        assert!(users.contains(u.as_str()), "{u} signed in: {users:?}");
    }
    assert!(rows.iter().any(|r| r["loginresult"] == "Failure"));
    assert!(rows.iter().all(|r| r["loginresult"] == "Success" || r["loginresult"] == "Failure"));
    let travel: u64 = rows.iter().filter(|r| r["user"] == story.traveller).map(count).sum();
    assert!(travel >= story.new_york_logins as u64);
    assert!(story.new_york_logins >= 3 && story.new_york_failures == 2, "{story:?}");
}

#[test]
fn q2_shows_only_failures_including_new_york() {
    let (_, _, story) = sample();
    let rows = blog("q2-failed-console-logins.sumo");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["loginresult"] == "Failure"), "{rows:?}");
    let traveller: u64 = rows.iter().filter(|r| r["user"] == story.traveller).map(count).sum();
    assert!(traveller >= 2, "the traveller's two failures in New York: {rows:?}");
}

#[test]
fn q3_has_the_intellij_plugin_on_top() {
    let (_, _, story) = sample();
    let mut rows = blog("q3-access-denied-by-user-agent.sumo");
    rows.sort_by_key(|r| std::cmp::Reverse(count(r)));
    assert_eq!(rows[0]["userAgent"], story.intellij_agent);
    assert!(rows[0]["userAgent"].contains("IntelliJ"));
    let others: u64 = rows[1..].iter().map(count).sum();
    assert!(count(&rows[0]) > others, "dominated by the plugin: {} vs {others}", count(&rows[0]));
    assert!(rows.len() > 5, "other agents are denied too");
}

#[test]
fn q4_gives_exactly_one_error_message() {
    let (_, _, story) = sample();
    let rows = blog("q4-intellij-errors-by-message.sumo");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["errorMessage"], story.intellij_message);
    assert!(story.intellij_message.contains(&format!(":user/{} ", story.intellij_user)));
}

#[test]
fn q5_gives_exactly_one_user() {
    let (_, _, story) = sample();
    let rows = blog("q5-intellij-errors-by-user.sumo");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["user_name"], story.intellij_user);
}

#[test]
fn too_few_events_for_the_story_is_an_error() {
    let err = Plan::new(Options { events: 10, ..Default::default() }).err().expect("refused");
    assert!(err.contains("too few"), "{err}");
    let out = bin().args(["generate", "--events", "10", "--out"]).arg(scratch("few")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

/// Each office address, looked up through `geo://location` (the CLI's bundled table) as q1 does.
#[test]
fn office_addresses_geolocate_to_their_cities() {
    let dir = scratch("geo");
    std::fs::create_dir_all(&dir).unwrap();
    let mut lines = String::new();
    for place in places::ALL.iter() {
        for ip in place.addresses() {
            lines.push_str(&format!("{{\"eventTime\":\"2024-09-02T00:00:00Z\",\"sourceIPAddress\":\"{ip}\"}}\n"));
        }
    }
    std::fs::write(dir.join("addresses.jsonl"), lines).unwrap();
    let query = r#"* | json "sourceIPAddress" | lookup country_code, region, city from geo://location on ip = sourceIPAddress | fields sourceIPAddress, country_code, region, city"#;
    let out = bin().args(["query", "--format", "csv", query]).arg(dir.join("addresses.jsonl")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name} in {header:?}"));
    let (ip, cc, region, city) = (col("sourceIPAddress"), col("country_code"), col("region"), col("city"));
    let found: BTreeMap<String, (String, String, String)> = rdr
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[ip].to_string(), (r[cc].to_string(), r[region].to_string(), r[city].to_string())))
        .collect();
    for place in places::ALL.iter() {
        for ip in place.addresses() {
            let (cc, region, city) = &found[ip];
            assert!(place.is_here(cc, region, city), "{ip} should be in {}: got {cc} / {region} / {city}", place.city);
        }
    }
    // And q1 on the sample shows the traveller in the US, everyone else at home.
    let (sample_dir, _, story) = sample();
    let q1 =
        std::fs::read_to_string(support::repo().join("tests/queries/blog/q1-console-logins-by-country.sumo")).unwrap();
    let out = bin()
        .args(["query", "--format", "csv", "--category", "cm-core/cloudtrail", &q1])
        .arg(sample_dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with(&format!("{},US,", story.traveller))), "{text}");
    assert!(
        text.lines().skip(1).all(|l| [",JP,", ",CA,", ",DE,", ",US,", ",,"].iter().any(|c| l.contains(c))),
        "{text}"
    );
}

/// `trailscope geo IP...` answers for each office address: its part of the output (up to the
/// next address) names its country and city.
#[test]
fn office_addresses_geolocate_with_the_geo_command() {
    let ips: Vec<&str> = places::ALL.iter().flat_map(|p| p.addresses()).collect();
    let out = bin().arg("geo").args(&ips).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut starts: Vec<(usize, &str)> = ips.iter().filter_map(|ip| text.find(ip).map(|i| (i, *ip))).collect();
    starts.sort();
    for place in places::ALL.iter() {
        for ip in place.addresses() {
            let k =
                starts.iter().position(|(_, s)| *s == ip).unwrap_or_else(|| panic!("{ip} not in the output: {text}"));
            let part = &text[starts[k].0..starts.get(k + 1).map_or(text.len(), |n| n.0)];
            assert!(
                part.contains(place.country_code) && part.contains(place.city),
                "{ip} should be in {}: {part}",
                place.city
            );
        }
    }
}
