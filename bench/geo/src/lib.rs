//! The geo benchmark's workload, shared by the native runner and the wasm build: random
//! public addresses (fixed seed), looked up one by one.

use trailscope::geo::addr::{self, Addr};
use trailscope::geo::GeoTable;
use trailscope::lookup::IpTable;

/// A small fixed-seed generator (xorshift64*), so both builds look up the same addresses.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// `n` random public IPv4 addresses, or IPv6 ones in 2000::/4 (where the allocations are).
pub fn addresses(n: usize, v6: bool, seed: u64) -> Vec<Addr> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let a = if v6 {
            Addr::V6(((rng.next() as u128) << 64 | rng.next() as u128) >> 4 | 2u128 << 124)
        } else {
            Addr::V4(rng.next() as u32)
        };
        if !addr::is_special(a) {
            out.push(a);
        }
    }
    out
}

/// `n` addresses drawn range by range: a random range with data, then a random address in
/// it (where the ranges are small and many, as in populated networks, rather than spread
/// over the space).
pub fn range_addresses(t: &GeoTable, n: usize, v6: bool, seed: u64) -> Vec<Addr> {
    let ranges: Vec<(u128, u128)> = t.ranges(v6).into_iter().filter(|r| r.2 != u32::MAX).map(|r| (r.0, r.1)).collect();
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let (start, len) = ranges[(rng.next() % ranges.len() as u64) as usize];
            let a = start + ((rng.next() as u128) << 64 | rng.next() as u128) % len;
            if v6 {
                Addr::V6(a)
            } else {
                Addr::V4(a as u32)
            }
        })
        .collect()
}

/// A log-like workload: `n` lookups of 2,000 distinct addresses, a few of them very often
/// (as the source addresses of a CloudTrail trail are).
pub fn repeated(distinct: &[Addr], n: usize, seed: u64) -> Vec<Addr> {
    let mut rng = Rng::new(seed);
    let k = distinct.len().min(2000) as u64;
    (0..n).map(|_| distinct[((rng.next() % k) * (rng.next() % k) / k) as usize]).collect()
}

/// Looks every address up (address to location); returns how many had one.
pub fn locate_all(t: &GeoTable, addrs: &[Addr]) -> usize {
    addrs.iter().filter(|&&a| t.locate_addr(a).is_some()).count()
}

/// The whole `lookup` path as a query runs it: text in, the seven Sumo Logic fields out.
pub fn lookup_all(t: &GeoTable, texts: &[String]) -> usize {
    let cols = [0, 1, 3, 4, 5, 6, 8];
    texts.iter().filter(|s| t.lookup(s, &cols).is_some()).count()
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// The table and a workload, held by JS between timed calls.
    #[wasm_bindgen]
    pub struct GeoBench {
        table: trailscope::geo::GeoTable,
        v4: Vec<trailscope::geo::addr::Addr>,
        v6: Vec<trailscope::geo::addr::Addr>,
        texts: Vec<String>,
        logs: Vec<trailscope::geo::addr::Addr>,
        r4: Vec<trailscope::geo::addr::Addr>,
        r6: Vec<trailscope::geo::addr::Addr>,
    }

    #[wasm_bindgen]
    impl GeoBench {
        /// Parses and indexes the table (time this call for the load cost).
        #[wasm_bindgen(constructor)]
        pub fn new(bytes: Vec<u8>) -> GeoBench {
            let table = trailscope::geo::GeoTable::from_bytes(bytes).expect("table");
            let (v4, v6, texts, logs, r4, r6) = Default::default();
            GeoBench { table, v4, v6, texts, logs, r4, r6 }
        }
        pub fn prepare(&mut self, n: usize) {
            self.v4 = super::addresses(n, false, 42);
            self.v6 = super::addresses(n, true, 43);
            self.texts = self.v4.iter().map(|&a| trailscope::geo::addr::to_string(a)).collect();
            self.logs = super::repeated(&self.v4, n, 44);
            self.r4 = super::range_addresses(&self.table, n, false, 45);
            self.r6 = super::range_addresses(&self.table, n, true, 46);
        }
        /// Addresses drawn range by range.
        pub fn locate_ranges_v4(&self) -> usize {
            super::locate_all(&self.table, &self.r4)
        }
        pub fn locate_ranges_v6(&self) -> usize {
            super::locate_all(&self.table, &self.r6)
        }
        /// Random addresses, each block decoded (the cache bypassed).
        pub fn locate_v4_cold(&self) -> usize {
            self.v4.iter().filter(|&&a| self.table.id_of(a).is_some()).count()
        }
        pub fn locate_logs(&self) -> usize {
            super::locate_all(&self.table, &self.logs)
        }
        pub fn locate_v4(&self) -> usize {
            super::locate_all(&self.table, &self.v4)
        }
        pub fn locate_v6(&self) -> usize {
            super::locate_all(&self.table, &self.v6)
        }
        pub fn lookup_text(&self) -> usize {
            super::lookup_all(&self.table, &self.texts)
        }
        pub fn memory(&self) -> Vec<usize> {
            let (a, b) = self.table.memory();
            vec![a, b]
        }
    }
}
