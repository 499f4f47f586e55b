//! LogReduce and LogCompare on events with planted patterns, made here: the planted number of
//! signatures with the planted counts, whatever the IDs, IPs and numbers in them; the same
//! answer on one thread or several; a new error signature in the target window reported as new.

use trailscope::ingest::{load_bytes, LoadOptions};
use trailscope::store::Store;
use trailscope::{run_query, QueryOptions, QueryResult};

const DAY: i64 = 86_400_000;
/// 2024-03-10T00:00:00Z
const D0: i64 = 1_710_028_800_000;

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A small deterministic generator (xorshift), so the test needs no crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One event per `(day, pattern)` occurrence; the message's variable parts are random.
fn message(p: usize, r: &mut Rng) -> (String, String) {
    let ip = format!("{}.{}.{}.{}", 1 + r.below(223), r.below(256), r.below(256), 1 + r.below(254));
    match p {
        0 => ("ConsoleLogin".into(), format!("User {} failed to login from {ip}", 1000 + r.below(90_000))),
        1 => ("GetItem".into(), format!("Connection to db-{} timed out after {} ms", r.below(64), 100 + r.below(9000))),
        2 => (
            "AssumeRole".into(),
            format!("Token {:016x} expired at {}", r.next(), iso(D0 + r.below(DAY as u64) as i64)),
        ),
        // The new error: only in the target window.
        3 => ("PutObject".into(), format!("Quota exceeded for key AKIA{:016X} in 10.{}.0.1", r.next(), r.below(256))),
        _ => unreachable!(),
    }
}

/// Events of `counts[day][pattern]`, each at a random time of its day, as JSON lines.
fn events(counts: &[[usize; 4]]) -> Vec<u8> {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = String::new();
    let mut id = 0u64;
    for (day, per) in counts.iter().enumerate() {
        for (p, &n) in per.iter().enumerate() {
            for _ in 0..n {
                id += 1;
                let (name, msg) = message(p, &mut r);
                let t = D0 + day as i64 * DAY + r.below(DAY as u64) as i64;
                out.push_str(&format!(
                    r#"{{"eventTime":"{}","eventID":"{:08x}-0000-4000-8000-{:012x}","eventName":"{name}","errorMessage":"{msg}"}}"#,
                    iso(t),
                    r.next() as u32,
                    id
                ));
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

fn store(counts: &[[usize; 4]]) -> Store {
    let mut store = Store::new();
    load_bytes(&mut store, "planted.jsonl", &events(counts), &LoadOptions::default());
    store.finish();
    store
}

fn run(store: &Store, q: &str, threads: usize, range: Option<(i64, i64)>) -> QueryResult {
    let opts = QueryOptions { threads, range, ..Default::default() };
    run_query(store, q, &opts, &Default::default()).unwrap_or_else(|d| panic!("{q}: {d:?}"))
}

fn table(r: &QueryResult) -> Vec<Vec<String>> {
    r.rows.iter().map(|row| row.iter().map(|v| v.as_text().into_owned()).collect()).collect()
}

#[test]
fn planted_patterns_give_their_signatures_and_counts() {
    let store = store(&[[70, 50, 30, 0]]);
    let got = table(&run(&store, r#"* | json "errorMessage" | logreduce field=errorMessage"#, 1, None));
    let want = [
        ["User * failed to login from *", "70", "5"],
        ["Connection to * timed out after * ms", "50", "5"],
        ["Token * expired at *", "30", "5"],
    ];
    assert_eq!(got, want.map(|r| r.map(String::from)).to_vec());
    // Over the whole compact JSON too: three signatures, the same counts.
    let got = table(&run(&store, "* | logreduce", 1, None));
    let counts: Vec<&str> = got.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(counts, ["70", "50", "30"], "{got:?}");
    assert!(got[0][0].contains(r#""errorMessage":"User * failed to login from *""#), "{}", got[0][0]);
}

/// Parts of the rows are reduced on several threads and merged in order: the same table.
#[test]
fn the_answer_does_not_depend_on_threads() {
    let store = store(&[[20_000, 15_000, 10_000, 5_000]]);
    for q in ["* | logreduce", "* | logreduce keys", r#"* | json "eventName" | logreduce values on eventName"#] {
        let one = table(&run(&store, q, 1, None));
        let four = table(&run(&store, q, 4, None));
        assert_eq!(one, four, "{q}");
    }
    let got = table(&run(&store, "* | logreduce", 4, None));
    assert_eq!(got.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(), ["20000", "15000", "10000", "5000"]);
}

#[test]
fn logcompare_reports_new_gone_changed_and_unchanged() {
    // Day 0 is the baseline, day 1 the target: logins the same (40, 40), timeouts only in the
    // baseline (25), token expiries tripled (10 -> 30), the quota error new (12).
    let store = store(&[[40, 25, 10, 0], [40, 0, 30, 12]]);
    let q = r#"* | logcompare timeshift -1d | fields - _deltaPercentage, _anomalyScore"#;
    let got = table(&run(&store, q, 2, Some((D0 + DAY, D0 + 2 * DAY))));
    let find = |needle: &str| -> Vec<String> {
        let rows: Vec<_> = got.iter().filter(|r| r[0].contains(needle)).collect();
        assert_eq!(rows.len(), 1, "one signature holds {needle}: {got:?}");
        rows[0][1..].to_vec()
    };
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(find("Quota exceeded for key * in *"), ["12", "0", "new", "1"]);
    assert_eq!(find("Connection to * timed out"), ["0", "25", "gone", "0"]);
    assert_eq!(find("Token * expired at *"), ["30", "10", "changed", "0"]);
    assert_eq!(find("User * failed to login"), ["40", "40", "unchanged", "0"]);
}

/// The default sample account's month: services keep their names (`ec2`, `s3` have digits), and
/// no signature varies in more words than a few, so each stays readable and its events similar.
#[test]
fn signatures_of_the_sample_account_stay_readable() {
    use trailscope_sample::{day_files, Options, Plan};
    let plan = Plan::new(Options::default()).unwrap();
    let opts = LoadOptions { category: "cloudtrail".into(), ..Default::default() };
    let mut store = Store::new();
    for f in (0..plan.days.len()).flat_map(|k| day_files(&plan, k)) {
        assert!(load_bytes(&mut store, &f.path, f.json.as_bytes(), &opts).error.is_none());
    }
    store.finish();
    let got = table(&run(&store, "* | logreduce", 2, None));
    let total: u64 = got.iter().map(|r| r[1].parse::<u64>().unwrap()).sum();
    assert_eq!(total as usize, store.len());
    for service in ["ec2.amazonaws.com", "s3.amazonaws.com"] {
        let quoted = format!(r#""eventSource":"{service}""#);
        assert!(got.iter().any(|r| r[0].contains(&quoted)), "no signature names {service}");
    }
    let starred = got.iter().filter(|r| r[0].contains(r#""eventSource":"*""#)).count();
    assert_eq!(starred, 0, "signatures with `*` for the service");
    // One row per signature, and each row's events are exactly its count.
    let mut want: Vec<Vec<String>> = got.iter().map(|r| r[..2].to_vec()).collect();
    want.sort();
    want.dedup_by(|a, b| a[0] == b[0]);
    assert_eq!(want.len(), got.len(), "a signature on two rows");
    let mut each = table(&run(&store, "* | logreduce noaggregate | count by _signature", 2, None));
    each.sort();
    assert_eq!(each, want);
}

/// `noaggregate` (and `values details`) give each row its cluster: counted by cluster, the rows
/// are exactly the counts the aggregating form gives, for every signature of every form.
#[test]
fn each_rows_cluster_adds_up_to_the_signatures_counts() {
    let store = store(&[[700, 500, 300, 120]]);
    let forms = [
        ("* | logreduce", "* | logreduce noaggregate | count by _signature", 4),
        ("* | logreduce keys", "* | logreduce keys noaggregate | count by _signature_id, _schema", 1),
        (
            r#"* | json "eventName", "errorCode" nodrop | logreduce values on eventName, errorCode"#,
            r#"* | json "eventName", "errorCode" nodrop | logreduce values details on eventName, errorCode | count by _cluster_id, _signature"#,
            2,
        ),
    ];
    for (agg, each, min) in forms {
        let mut want = table(&run(&store, agg, 2, None));
        let mut got = table(&run(&store, each, 2, None));
        // Both as (signature columns..., count), sorted; logreduce's relevance column dropped.
        for r in &mut want {
            if agg.ends_with("| logreduce") {
                r.pop();
            }
        }
        want.sort();
        got.sort();
        assert!(want.len() >= min, "{agg}: {want:?}");
        assert_eq!(got, want, "{each}");
    }
    // `details` with cluster ids keeps only those clusters' rows (ids compared without case).
    let q = r#"* | json "eventName", "errorCode" nodrop | logreduce values on eventName, errorCode"#;
    let clusters = table(&run(&store, q, 1, None));
    let (id, count) = (&clusters[1][0], &clusters[1][2]);
    let q = format!(
        r#"* | json "eventName", "errorCode" nodrop | logreduce values details on eventName, errorCode sh0rtc0de "{}" | count"#,
        id.to_uppercase()
    );
    assert_eq!(table(&run(&store, &q, 1, None)), [[count.clone()]]);
}
