//! Native geo benchmark: load time, memory, lookups per second (random public addresses).

use std::time::Instant;
use trailscope::geo::{addr, GeoTable};
use trailscope_geo_bench::{addresses, locate_all, lookup_all};

fn main() {
    let path = std::env::args().nth(1).unwrap_or("../../data/geo/city.tsgeo".into());
    let n: usize = std::env::args().nth(2).map_or(2_000_000, |s| s.parse().expect("count"));
    let bytes = std::fs::read(&path).expect("table file");
    let t0 = Instant::now();
    let table = GeoTable::from_bytes(bytes).expect("table");
    println!("load and index: {:.0?}", t0.elapsed());
    let (streams, rest) = table.memory();
    println!("memory: streams {:.2} MB + indexes, decoders, dictionary {:.2} MB = {:.2} MB",
        streams as f64 / 1e6, rest as f64 / 1e6, (streams + rest) as f64 / 1e6);
    let v4 = addresses(n, false, 42);
    let v6 = addresses(n, true, 43);
    let texts: Vec<String> = v4.iter().map(|&a| addr::to_string(a)).collect();
    let t = Instant::now();
    let ids: usize = v4.iter().filter_map(|&a| table.id_of(a)).count();
    println!("id only IPv4: {:.2} M/s ({ids})", n as f64 / t.elapsed().as_secs_f64() / 1e6);
    let t = Instant::now();
    let mut s = 0usize;
    for i in 0..n { if let Some(p) = table.places().get((i * 7919 % table.places().len()) as u32) { s += p.city.len(); } }
    println!("places.get only: {:.2} M/s ({s})", n as f64 / t.elapsed().as_secs_f64() / 1e6);
    for round in 0..2 {
        let t = Instant::now();
        let hits = locate_all(&table, &v4);
        let s4 = n as f64 / t.elapsed().as_secs_f64();
        let t = Instant::now();
        let hits6 = locate_all(&table, &v6);
        let s6 = n as f64 / t.elapsed().as_secs_f64();
        let t = Instant::now();
        let hitt = lookup_all(&table, &texts);
        let st = n as f64 / t.elapsed().as_secs_f64();
        println!("round {round}: IPv4 {:.2} M/s ({hits} found), IPv6 {:.2} M/s ({hits6} found), text lookup with fields {:.2} M/s ({hitt})",
            s4 / 1e6, s6 / 1e6, st / 1e6);
    }
}
