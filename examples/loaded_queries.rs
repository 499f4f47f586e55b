//! Loads CloudTrail once, then times queries over the loaded store (what the page does):
//! `cargo run --release --example loaded_queries -- PATH 'QUERY' ['QUERY'...]`.

use std::time::Instant;
use trailscope::ingest::{load_paths, LoadOptions};
use trailscope::{run_query, QueryOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, queries) = args.split_first().expect("usage: loaded_queries PATH QUERY...");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let t = Instant::now();
    let opts = LoadOptions { category: "cm-core/cloudtrail".into(), threads, ..Default::default() };
    let (mut store, report) = load_paths(&[path.into()], &opts);
    let loaded = t.elapsed();
    let dropped = store.drop_duplicates_on(threads).dropped;
    let deduped = t.elapsed();
    store.index_hot(threads);
    println!(
        "load {:.2} s, duplicates {:.2} s ({dropped} dropped), hot columns {:.2} s: {} events, {} files, {:.0} MB held",
        loaded.as_secs_f64(),
        (deduped - loaded).as_secs_f64(),
        (t.elapsed() - deduped).as_secs_f64(),
        store.len(),
        report.files.len(),
        store.memory_bytes() as f64 / 1e6
    );
    let qopts = QueryOptions { threads, ..Default::default() };
    for q in queries {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let r = run_query(&store, q, &qopts, &Default::default()).expect("query runs");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            rows = r.rows.len();
        }
        times.sort_by(f64::total_cmp);
        println!("{:>8.1} ms (best of 3), {rows} rows: {q}", times[0]);
    }
}
