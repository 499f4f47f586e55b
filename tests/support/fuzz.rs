//! The mutation fuzzer's engine, shared by `examples/fuzz_ingest.rs` (long runs) and
//! `tests/fuzz.rs` (regression cases and a short run in every test run).
#![allow(dead_code)]

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use trailscope::session::{PageDetect, PageQuery, Session};

/// A good file loaded after each hostile one.
const AFTER: &str = r#"{"Records":[{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"After","eventID":"after-1"}]}"#;

/// splitmix64: small, fast, and reproducible from a seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const QUERIES: &[&str] = &[
    r#"* | json "eventName", "userIdentity.arn" nodrop | count by eventName"#,
    r#""ConsoleLogin" | parse "\"userName\":\"*\"" as u nodrop | json "sourceIPAddress" nodrop | count by u, sourceIPAddress"#,
    r#"* | json auto | parse regex "(?<k>[a-z]+)\":" multi | count by k | sort by _count | limit 5"#,
];

pub fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut d = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let len = d.len().max(1);
        match rng.below(8) {
            0 => {
                let i = rng.below(len);
                if i < d.len() {
                    d[i] ^= 1 << rng.below(8);
                }
            }
            1 => d.truncate(rng.below(len)),
            2 => {
                let (a, b) = (rng.below(len), rng.below(len));
                let (a, b) = (a.min(b).min(d.len()), a.max(b).min(d.len()));
                let piece = d[a..b].to_vec();
                let at = rng.below(d.len() + 1);
                d.splice(at..at, piece);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let cut = rng.below(d.len() + 1);
                d.truncate(cut);
                d.extend_from_slice(&other[rng.below(other.len().max(1)).min(other.len())..]);
            }
            4 => {
                let depth = rng.below(5000);
                let at = rng.below(d.len() + 1);
                let nest: Vec<u8> = std::iter::repeat_n(if rng.below(2) == 0 { b'[' } else { b'{' }, depth).collect();
                d.splice(at..at, nest);
            }
            5 => {
                let bytes = [b'"', b'\\', b',', b':', b'}', b']', 0xff, 0xc3, b'\n', 0];
                let at = rng.below(d.len() + 1);
                d.insert(at, bytes[rng.below(bytes.len())]);
            }
            6 => {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                gz.write_all(&d).unwrap();
                d = gz.finish().unwrap();
                if rng.below(2) == 0 {
                    let cut = rng.below(d.len().max(1));
                    d.truncate(cut);
                }
            }
            _ => d.retain(|_| rng.below(50) != 0),
        }
    }
    d
}

/// Loads and queries one input; returns the panic message if anything panics.
pub fn run_one(data: &[u8]) -> Option<String> {
    let r = catch_unwind(AssertUnwindSafe(|| {
        // Through the page worker's entry point: Session::load takes the bytes as the wasm
        // Engine does, then a second file goes in after it (nothing loaded before may be lost).
        let mut s = Session::new();
        s.load("fuzz.json", data.to_vec(), "cloudtrail");
        s.load("after.json", AFTER.as_bytes().to_vec(), "cloudtrail");
        s.finish_loading(false);
        assert!(!s.store.is_empty(), "the file loaded after the hostile one is kept");
        for q in QUERIES {
            let _ = s.query(q, &PageQuery::default(), || 0.0);
        }
        // The Detections view's run: every rule and baseline over what the hostile file left.
        let d = s.detections(&PageDetect::default());
        assert!(d["alerts"].is_array(), "detections answer: {d}");
    }));
    r.err().map(|e| {
        e.downcast_ref::<String>().cloned().or(e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
    })
}

/// The real files mutations start from (small ones, of every shape).
pub fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cloudtrail");
    let mut seeds = Vec::new();
    for dir in [
        "invictus-ir-aws-dataset",
        "stratus-red-team",
        "traildiscover",
        "plaso",
        "trailscraper-fixtures",
        "aws-cloudtrail-processing-library",
    ] {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(root.join(dir)).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        paths.sort();
        for p in paths {
            let data = std::fs::read(p).unwrap();
            if data.len() < 200_000 {
                seeds.push(data);
            }
        }
    }
    seeds
}

/// Where inputs that once panicked are kept.
pub fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}
