//! Hostile queries never crash the engine: each saved finding, every kind of deep nesting, and
//! a short mutation run of real queries (`cargo run --release --example fuzz_query -- SECONDS`
//! runs a long one). A panic fails the test; a stack overflow aborts the test binary.

mod support {
    pub mod fuzz;
    pub mod fuzz_query;
}
use support::fuzz::Rng;
use support::fuzz_query as fq;
use trailscope::QueryOptions;

#[test]
fn saved_query_findings_do_not_crash() {
    let store = fq::store();
    let mut n = 0;
    for e in std::fs::read_dir(fq::regressions_dir()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("query-") && name.ends_with(".sumo") {
            let q = std::fs::read_to_string(e.path()).unwrap();
            assert_eq!(fq::run_one(&store, &q, &fq::options()), None, "{name}");
            n += 1;
        }
    }
    eprintln!("{n} saved queries");
}

#[test]
fn nesting_five_thousand_deep_anywhere_is_a_diagnostic() {
    let store = fq::store();
    let opts = fq::options();
    let n = 5000;
    let positions: [fn(&str) -> String; 6] = [
        |e| format!("{e} | count"),
        |e| format!("* | where {e}"),
        |e| format!("* | if({e}, 1, 2) as x"),
        |e| format!("* | {e} as x"),
        |e| format!("* | count by eventName | where {e}"),
        |e| format!("* | sort by {e}"),
    ];
    for (open, close) in [
        ("(", ")"),
        ("!", ""),
        ("not ", ""),
        ("-", ""),
        ("abs(", ")"),
        ("x in (", ")"),
        ("true ? ", " : 1"),
        ("1 + ", ""),
        ("a or ", ""),
    ] {
        let e = format!("{}a{}", open.repeat(n), close.repeat(n));
        for (k, at) in positions.iter().enumerate() {
            let q = at(&e);
            // In the scope only `(`, `!` and `not` nest; the rest are thousands of keywords.
            if q.len() > 60_000 || (k == 0 && !matches!(open, "(" | "!" | "not ")) {
                continue;
            }
            assert_eq!(fq::run_one(&store, &q, &opts), None, "{open:?} in position {k}");
            let d = trailscope::run_query(&store, &q, &opts, &Default::default())
                .err()
                .unwrap_or_else(|| panic!("{open:?} in position {k} ran"));
            assert!(matches!(d.code, "E122" | "E120"), "{open:?} in position {k}: {} {}", d.code, d.message);
        }
    }
}

/// Recursion that follows the stages or the data rather than the trees: one level per `multi`
/// stage a row passes, one per `[*]` of a `json` path that the value nests.
#[test]
fn long_chains_of_stages_and_paths_run_in_a_small_stack() {
    let store = fq::store();
    let opts = fq::options();
    let multi = format!("* {}| count", "| parse regex \"(?<c>^.)\" multi ".repeat(1900));
    let brackets = format!("{}{}", "[".repeat(9000), "]".repeat(9000));
    let json = |stars: usize| {
        format!("* | \"{brackets}\" as x | json field=x \"{}\" as y nodrop | count by y", "[*]".repeat(stars))
    };
    for q in [multi, json(128), json(9000)] {
        assert!(q.len() <= 60_000, "{}", q.len());
        assert_eq!(fq::run_one(&store, &q, &opts), None);
    }
    let d = trailscope::run_query(&store, &json(129), &opts, &Default::default()).err().unwrap();
    assert!(d.code == "E153" && d.message.contains("more than 128 `[*]`"), "{}", d.message);
}

/// Nearly the deepest query of each kind that the cap allows (126 levels; leaves and the
/// comparison around `-1` count too).
fn deepest_allowed() -> Vec<(&'static str, String)> {
    let n = 126;
    let nest = |open: &str, close: &str| format!("{}true{}", open.repeat(n), close.repeat(n));
    vec![
        ("scope (", format!("{}a{} | count", "(".repeat(n), ")".repeat(n))),
        ("scope not", format!("{}a | count", "not ".repeat(n))),
        ("where (", format!("* | where {}", nest("(", ")"))),
        ("where not", format!("* | where {}", nest("not ", ""))),
        ("where -", format!("* | where {}1 < 0", "-".repeat(n))),
        ("where and-chain", format!("* | where {}", nest("true and ", ""))),
        ("expr +-chain", format!("* | {} as x", nest("1 + ", ""))),
        ("expr ?:", format!("* | {} as x", nest("true ? ", " : 1"))),
        ("expr calls", format!("* | {} as x", nest("abs(", ")"))),
        ("expr in", format!("* | where {}", nest("x in (", ")"))),
        ("if (", format!("* | if({}, 1, 2) as x", nest("(", ")").replacen('(', "", 1).replacen(')', "", 1))),
        ("sort by (", format!("* | sort by {}", nest("(", ")"))),
        ("1,900 multi", format!("* {}| count", "| parse regex \"(?<c>^.)\" multi ".repeat(1900))),
        (
            "json 128 [*]",
            format!(
                "* | \"{}{}\" as x | json field=x \"{}\" as y",
                "[".repeat(200),
                "]".repeat(200),
                "[*]".repeat(128)
            ),
        ),
    ]
}

#[test]
fn the_deepest_allowed_queries_run_in_a_small_stack() {
    let store = fq::store();
    for (what, q) in deepest_allowed() {
        let r = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(fq::STACK)
                .spawn_scoped(s, || {
                    trailscope::run_query(&store, &q, &QueryOptions::default(), &Default::default()).err()
                })
                .unwrap()
                .join()
                .unwrap()
        });
        assert!(r.as_ref().is_none_or(|d| d.code != "E122"), "{what}: {:?}", r.map(|d| d.message));
    }
}

/// The stack each deepest query needs, found by bisection in child processes (an overflow
/// aborts). `cargo test --release --test fuzz_query -- --ignored --nocapture stack_needs`
#[test]
#[ignore]
fn stack_needs() {
    if let Ok(k) = std::env::var("STACK_PROBE") {
        let (k, kib): (usize, usize) = (k.parse().unwrap(), std::env::var("STACK_KIB").unwrap().parse().unwrap());
        let q = deepest_allowed()[k].1.clone();
        let store = fq::store();
        std::thread::scope(|s| {
            let run = || trailscope::run_query(&store, &q, &QueryOptions::default(), &Default::default()).is_ok();
            std::thread::Builder::new().stack_size(kib << 10).spawn_scoped(s, run).unwrap().join().unwrap()
        });
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for (k, (what, _)) in deepest_allowed().iter().enumerate() {
        let (mut lo, mut hi) = (8usize, 8192usize);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let ok = std::process::Command::new(&exe)
                .args(["--ignored", "--exact", "stack_needs"])
                .env("STACK_PROBE", k.to_string())
                .env("STACK_KIB", mid.to_string())
                .output()
                .unwrap()
                .status
                .success();
            if ok {
                hi = mid
            } else {
                lo = mid + 1
            }
        }
        eprintln!("{what:16} needs {lo:5} KiB");
    }
}

#[test]
fn a_short_mutation_run_finds_nothing() {
    let store = fq::store();
    let seeds = fq::seeds();
    let opts = fq::options();
    let mut rng = Rng(9);
    let start = std::time::Instant::now();
    let mut n = 0;
    while n < 2000 && start.elapsed().as_secs() < 5 {
        let q = fq::mutate(&mut rng, &seeds);
        assert_eq!(fq::run_one(&store, &q, &opts), None, "mutation {n} of seed 9: {q:?}");
        n += 1;
    }
    eprintln!("{n} mutated queries in {:?}", start.elapsed());
}
