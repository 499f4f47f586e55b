//! The query fuzzer's engine, shared by `examples/fuzz_query.rs` (long runs) and
//! `tests/fuzz_query.rs` (saved findings and a short run in every test run).
//!
//! Inputs are real queries (every `tests/queries/**/*.sumo` case and the Sumo Logic app queries
//! in `tests/fixtures/queries/sumo-apps.jsonl`) mutated at random, and generated hostile ones:
//! deep nesting in every position (scope, `where`, `if`, `expr`), long operator chains, odd
//! unicode, unterminated strings and comments. Each goes through template substitution, parsing,
//! planning and execution over a small store, in a thread with a small stack as in a wasm page.
//! A panic is caught and reported; a stack overflow aborts the whole process, which shows up in
//! the run as a crash (it must never happen).
#![allow(dead_code)]

use super::fuzz::Rng;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use trailscope::exec::limits::Limits;
use trailscope::ingest::{load_path, LoadOptions, LoadReport};
use trailscope::store::Store;
use trailscope::{run_query, QueryOptions};

/// The stack each query runs on. Release builds (the long run, the CLI, the wasm page) get
/// 512 KiB, half of wasm's default; unoptimised test builds spend about six times more stack
/// per call (measured with `stack_needs` in tests/fuzz_query.rs), so they get 3 MiB.
pub const STACK: usize = if cfg!(debug_assertions) { 3 << 20 } else { 512 << 10 };

/// Small caps, so that a mutation that multiplies rows ends quickly with its diagnostic.
pub fn options() -> QueryOptions {
    let mut vars = HashMap::new();
    vars.insert("user".to_string(), "alice".to_string());
    vars.insert("deep".to_string(), "(".repeat(3000));
    QueryOptions {
        vars,
        now_ms: 1_700_000_000_000,
        limits: Limits { rows: 20_000, groups: 20_000, multi_rows: 50_000 },
        ..Default::default()
    }
}

/// A few dozen real events of several shapes.
pub fn store() -> Store {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut store = Store::new();
    let mut report = LoadReport::default();
    for p in ["cloudtrail/plaso", "cloudtrail/stratus-red-team", "synthetic/mixed.json"] {
        load_path(&mut store, &root.join(p), &LoadOptions::default(), &mut report);
    }
    store.finish();
    store
}

/// Runs one query in a small-stack thread; returns the panic message if anything panicked.
pub fn run_one(store: &Store, query: &str, opts: &QueryOptions) -> Option<String> {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(s, || {
                let r = catch_unwind(AssertUnwindSafe(|| {
                    let _ = run_query(store, query, opts, &Default::default());
                }));
                r.err().map(|e| {
                    e.downcast_ref::<String>()
                        .cloned()
                        .or(e.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default()
                })
            })
            .expect("spawn")
            .join()
            .unwrap_or_else(|_| Some("the query thread died".into()))
    })
}

/// The real queries mutations start from.
pub fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut dirs = vec![root.join("tests/queries")];
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "sumo") {
                files.push(p);
            }
        }
    }
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        if text.len() < 4000 {
            out.push(text);
        }
    }
    let apps = std::fs::read_to_string(root.join("tests/fixtures/queries/sumo-apps.jsonl")).unwrap();
    for line in apps.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        out.push(v["query"].as_str().unwrap().to_string());
    }
    out
}

/// Pieces that open a level of nesting, with what closes it (if anything).
const OPENERS: &[(&str, &str)] = &[
    ("(", ")"),
    ("!", ""),
    ("not ", ""),
    ("-", ""),
    ("abs(", ")"),
    ("x in (", ")"),
    ("true ? ", " : 1"),
    ("1 + ", ""),
    ("a or ", ""),
    ("if(true, ", ", 1)"),
    ("concat(", ", \"x\")"),
    ("[", "]"),
    ("{", "}"),
];

/// Tokens worth inserting: syntax, keywords, odd unicode, unterminated things.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "(", ")", "!", "not ", "-", "|", "\"", "\\", "?", ":", ",", "=", "*", "//", "/*", "*/", "/",
    " multi", " nodrop", " in (", " matches ", " as ", " by ", "{{user}}", "{{deep}}", "{{", "}}",
    "é", "\u{202e}", "\u{200d}", "\u{301}", "𝕏", "\u{0}", "\u{feff}", "İ", "ß", "\u{10ffff}", "\r",
    "\n", "\t", "1e308", "-0", "NaN", "999999999999999999999", "0x", "_count", "_raw", "(?<c>.)",
    "\"(?<c>.)\"", "/(?<c>.)/", "geo://location", "[subquery:", "{{{", "}}}", "[*]", "[0]",
];

/// Stages for long chains.
const STAGES: &[&str] = &[
    "| where true ",
    "| parse regex \"(?<c>.)\" multi ",
    "| parse regex field=c \"(?<d>.)\" multi ",
    "| json auto ",
    "| fields _raw ",
    "| sort by _raw ",
    "| count by _raw ",
    "| count ",
    "| 1 as x ",
    "| top 10 _raw ",
    "| transpose row _raw column _raw ",
    "| fillmissing values(\"a\", \"b\") in _raw ",
    "| dedup by _raw ",
    "| total _count ",
    "| limit 1 ",
    "| timeslice 1m ",
];

/// A query: a real one mutated, or a generated hostile one.
pub fn mutate(rng: &mut Rng, seeds: &[String]) -> String {
    let mut q: Vec<char> = if rng.below(8) == 0 {
        generated(rng).chars().collect()
    } else {
        seeds[rng.below(seeds.len())].chars().collect()
    };
    for _ in 0..1 + rng.below(3) {
        let len = q.len();
        let at = rng.below(len + 1);
        match rng.below(9) {
            0 | 1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                q.splice(at..at, t.chars());
            }
            2 => {
                let end = (at + rng.below(40)).min(len);
                q.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(60)).min(len);
                let piece: Vec<char> = q[at..end].to_vec();
                let to = rng.below(q.len() + 1);
                q.splice(to..to, piece);
            }
            4 => {
                let other: Vec<char> = seeds[rng.below(seeds.len())].chars().collect();
                q.truncate(at);
                q.extend(&other[rng.below(other.len() + 1).min(other.len())..]);
            }
            5 => {
                let (open, close) = OPENERS[rng.below(OPENERS.len())];
                let n = depth(rng);
                let closed = rng.below(2) == 0;
                let mut piece = open.repeat(n);
                piece.push('x');
                if closed {
                    piece.push_str(&close.repeat(n));
                }
                q.splice(at..at, piece.chars());
            }
            6 => {
                for _ in 0..1 + rng.below(200) {
                    q.extend(STAGES[rng.below(STAGES.len())].chars());
                }
            }
            7 => q.truncate(at),
            _ => {
                // Flip one character to a random code point.
                if at < len {
                    q[at] = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}');
                }
            }
        }
    }
    q.into_iter().collect()
}

/// Nesting depths around the cap matter most, and far past it.
fn depth(rng: &mut Rng) -> usize {
    match rng.below(3) {
        0 => 120 + rng.below(20),
        1 => rng.below(300),
        _ => rng.below(8000),
    }
}

/// A hostile query built from nothing: deep nesting in one position of a plausible query.
pub fn generated(rng: &mut Rng) -> String {
    let (open, close) = OPENERS[rng.below(OPENERS.len())];
    let n = depth(rng);
    let inner = format!("{}true{}", open.repeat(n), close.repeat(n));
    match rng.below(8) {
        6 => {
            let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
            format!("* | \"{arrays}\" as x | json field=x \"{}\" as y nodrop | count by y", "[*]".repeat(depth(rng)))
        }
        7 => format!("* {}| count", "| parse regex \"(?<c>^.)\" multi ".repeat(rng.below(2500))),
        0 => format!("{}ConsoleLogin{} | count", open.repeat(n), close.repeat(n)),
        1 => format!("* | where {inner}"),
        2 => format!("* | if({inner}, 1, 2) as x | count by x"),
        3 => format!("* | {inner} as x | sort by x"),
        4 => format!("* | json \"eventName\" | count by eventName | where {inner}"),
        _ => format!("* | sort by {inner}"),
    }
}

/// Where queries that once crashed are kept, one file each.
pub fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}
