//! Native geo benchmark: load time, memory, lookups per second (random public addresses,
//! addresses drawn range by range, and a log-like workload of repeated addresses).
//! `ONLY_V4=1` times the IPv4 decoder alone (for profiling).

use std::time::Instant;
use trailscope::geo::{addr, GeoTable};
use trailscope_geo_bench::{addresses, locate_all, lookup_all, range_addresses, repeated};

/// CPU time of this thread in seconds (Linux): rates that other processes on a busy machine
/// distort less than wall time.
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// Runs `f`; returns millions of lookups per second by wall time and by CPU time, and its result.
fn rate(n: usize, f: impl FnOnce() -> usize) -> (f64, f64, usize) {
    let (t, c) = (Instant::now(), cpu());
    let r = f();
    (n as f64 / t.elapsed().as_secs_f64() / 1e6, n as f64 / (cpu() - c) / 1e6, r)
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or("../../data/geo/city.tsgeo".into());
    let n: usize = std::env::args().nth(2).map_or(1_000_000, |s| s.parse().expect("count"));
    let bytes = std::fs::read(&path).expect("table file");
    let t0 = Instant::now();
    let table = GeoTable::from_bytes(bytes).expect("table");
    println!("load and index: {:.0?}", t0.elapsed());
    let (streams, rest) = table.memory();
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "memory: streams {:.2} MB + indexes, decoders, dictionary {:.2} MB = {:.2} MB",
        mb(streams),
        mb(rest),
        mb(streams + rest)
    );
    let v4 = addresses(n, false, 42);
    let v6 = addresses(n, true, 43);
    let texts: Vec<String> = v4.iter().map(|&a| addr::to_string(a)).collect();
    let logs = repeated(&v4, n, 44);
    let (w, c, ids) = rate(n, || v4.iter().filter_map(|&a| table.id_of(a)).count());
    println!("IPv4 address to location id, every block decoded: {w:.2} M/s wall, {c:.2} M/s CPU ({ids})");
    if std::env::var("ONLY_V4").is_ok() {
        for _ in 0..5 {
            rate(n, || v4.iter().filter_map(|&a| table.id_of(a)).count());
        }
        return;
    }
    let r4 = range_addresses(&table, n, false, 45);
    let r6 = range_addresses(&table, n, true, 46);
    for round in 0..2 {
        let (w4, c4, h4) = rate(n, || locate_all(&table, &v4));
        let (w6, c6, h6) = rate(n, || locate_all(&table, &v6));
        let (wt, ct, ht) = rate(n, || lookup_all(&table, &texts));
        let (wl, cl, hl) = rate(n, || locate_all(&table, &logs));
        println!(
            "round {round}: IPv4 {w4:.2} M/s wall {c4:.2} CPU ({h4} found); IPv6 {w6:.2} wall {c6:.2} CPU ({h6}); \
             text to seven fields {wt:.2} wall {ct:.2} CPU ({ht}); log-like (2,000 addresses) {wl:.2} wall {cl:.2} CPU ({hl})"
        );
        let (wr4, cr4, hr4) = rate(n, || locate_all(&table, &r4));
        let (wr6, cr6, hr6) = rate(n, || locate_all(&table, &r6));
        println!(
            "round {round}: range by range: IPv4 {wr4:.2} M/s wall {cr4:.2} CPU ({hr4}); IPv6 {wr6:.2} wall {cr6:.2} CPU ({hr6})"
        );
    }
}
