//! A mutation fuzzer for queries: real queries mutated, and generated hostile ones (deep nesting,
//! long operator chains, odd unicode, unterminated strings), each parsed, planned and run over a
//! small store in a 512 KiB-stack thread (see tests/support/fuzz_query.rs). A query that panics is
//! written to tests/fixtures/fuzz/ as a regression case; one that overflows the stack aborts the
//! run, and the input is in tests/fixtures/fuzz/query-last.sumo.
//!
//! `cargo run --release --example fuzz_query -- [SECONDS] [SEED]`

#[path = "../tests/support/fuzz.rs"]
mod fuzz;
#[path = "../tests/support/fuzz_query.rs"]
mod fuzz_query;

use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(60);
    let seed: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let store = fuzz_query::store();
    let seeds = fuzz_query::seeds();
    let opts = fuzz_query::options();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = fuzz::Rng(seed);
    let (start, end) = (Instant::now(), Instant::now() + Duration::from_secs(seconds));
    let last = fuzz_query::regressions_dir().join("query-last.sumo");
    let (mut n, mut found, mut slowest) = (0u64, 0, (Duration::ZERO, String::new()));
    while Instant::now() < end {
        let q = fuzz_query::mutate(&mut rng, &seeds);
        // Kept until the query returns: if it overflows the stack, the input survives the abort.
        std::fs::write(&last, &q).unwrap();
        let t = Instant::now();
        if let Some(msg) = fuzz_query::run_one(&store, &q, &opts) {
            found += 1;
            let path = fuzz_query::regressions_dir().join(format!("query-seed{seed}-{n}.sumo"));
            std::fs::write(&path, &q).unwrap();
            println!("input {n}: panic: {msg} -> {}", path.display());
        }
        if t.elapsed() > slowest.0 {
            slowest = (t.elapsed(), q.clone());
        }
        n += 1;
    }
    std::fs::remove_file(&last).ok();
    println!(
        "{n} queries in {:.0?} ({:.0}/s) from {} seeds, seed {seed}: {found} panics, no stack overflow",
        start.elapsed(),
        n as f64 / start.elapsed().as_secs_f64(),
        seeds.len(),
    );
    let tail: String = slowest.1.chars().rev().take(300).collect::<Vec<_>>().into_iter().rev().collect();
    println!("slowest: {:.1?}, {} bytes, ending {tail:?}", slowest.0, slowest.1.len());
}
