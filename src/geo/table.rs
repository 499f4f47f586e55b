//! `geo://location`: the city table behind the [`IpTable`] trait.

use super::addr::{self, Addr};
use super::cache::IdCache;
use super::file;
use super::places::{Place, Places};
use super::ranges::{RangeTable, NONE};
use crate::lookup::IpTable;
use crate::value::Value;
use std::borrow::Cow;

/// The IPv4 and IPv6 ranges of one file, laid out for lookups (the file's bytes are not kept).
pub struct Families {
    v4: RangeTable,
    v6: RangeTable,
    cache: IdCache,
}

impl Families {
    pub fn parse(bytes: &[u8], c: &file::Container, groups: &[u32], regions: &[u32]) -> Result<Families, String> {
        let one = |name: &str| -> Result<RangeTable, String> {
            RangeTable::parse(&bytes[c.section(name)?], groups, regions).ok_or(format!("section `{name}` is malformed"))
        };
        Ok(Families { v4: one("v4")?, v6: one("v6")?, cache: IdCache::default() })
    }

    /// The id for an address, if the table has one.
    pub fn find(&self, a: Addr) -> Option<u32> {
        let id = match a {
            Addr::V4(v) => self.cache.get(v).unwrap_or_else(|| {
                let id = self.v4.find(v as u128);
                self.cache.put(v, id);
                id
            }),
            Addr::V6(v) => self.v6.find(v),
        };
        Some(id).filter(|&id| id != NONE)
    }

    /// The id for an address, decoding its block even if it was looked up before.
    pub fn find_uncached(&self, a: Addr) -> Option<u32> {
        let id = match a {
            Addr::V4(v) => self.v4.find(v as u128),
            Addr::V6(v) => self.v6.find(v),
        };
        Some(id).filter(|&id| id != NONE)
    }

    /// Heap bytes by part, per family.
    pub fn memory_parts(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for (f, t) in [("IPv4", &self.v4), ("IPv6", &self.v6)] {
            out.extend(t.memory_parts().iter().map(|&(part, b)| (format!("{f} {part}"), b)));
        }
        out.push(("cache".to_string(), std::mem::size_of::<IdCache>() + 4096 * 8));
        out
    }

    /// Every range of a family (`v6` false: IPv4) as (start, length, id).
    pub fn ranges(&self, v6: bool) -> Vec<(u128, u128, u32)> {
        if v6 { &self.v6 } else { &self.v4 }.ranges()
    }

    /// Bytes the indexes, decoders and cache hold (not the blocks).
    pub fn memory(&self) -> usize {
        self.v4.memory() + self.v6.memory() + std::mem::size_of::<IdCache>() + 4096 * 8
    }

    /// Bytes of the laid-out blocks.
    pub fn stream_bytes(&self) -> usize {
        self.v4.block_bytes() + self.v6.block_bytes()
    }
}

/// The city-level table (DB-IP Lite city, IPv4 and IPv6).
pub struct GeoTable {
    meta: Vec<(String, String)>,
    places: Places,
    ranges: Families,
}

impl GeoTable {
    /// Parses a table file (the bundled one, or bytes the page fetched) and indexes it.
    pub fn from_bytes(bytes: impl Into<Cow<'static, [u8]>>) -> Result<GeoTable, String> {
        let bytes = bytes.into();
        let c = file::parse(&bytes)?;
        if c.get("kind") != Some("city") {
            return Err("not a city table".into());
        }
        let places = Places::parse(&bytes[c.section("places")?]).ok_or("section `places` is malformed")?;
        let ranges = Families::parse(&bytes, &c, &places.country_start, places.region_starts())?;
        Ok(GeoTable { meta: c.meta, places, ranges })
    }

    /// Heap bytes by part: the ranges' (per family) and the dictionary's.
    pub fn memory_parts(&self) -> Vec<(String, usize)> {
        let mut out = self.ranges.memory_parts();
        out.push(("places".to_string(), self.places.memory()));
        out
    }

    /// Header fields: source, version, date, license, attribution.
    pub fn meta(&self) -> &[(String, String)] {
        &self.meta
    }

    pub fn places(&self) -> &Places {
        &self.places
    }

    pub fn ranges(&self, v6: bool) -> Vec<(u128, u128, u32)> {
        self.ranges.ranges(v6)
    }

    /// Memory the lookup holds, in bytes: the ranges' blocks, and everything else (block
    /// indexes, decoding tables, the decoded dictionary).
    pub fn memory(&self) -> (usize, usize) {
        (self.ranges.stream_bytes(), self.ranges.memory() + self.places.memory())
    }

    /// The location of an address in text; `None` for anything that is not a public address
    /// with data.
    pub fn locate(&self, ip: &str) -> Option<Place<'_>> {
        self.locate_addr(addr::public(ip)?)
    }

    /// The location id of an address (no special-block check, no cache): for tests and
    /// benchmarks.
    pub fn id_of(&self, a: Addr) -> Option<u32> {
        self.ranges.find_uncached(a)
    }

    pub fn locate_addr(&self, a: Addr) -> Option<Place<'_>> {
        if addr::is_special(a) {
            return None;
        }
        self.places.get(self.ranges.find(a)?)
    }
}

fn text(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::str(s)
    }
}

impl IpTable for GeoTable {
    fn lookup(&self, ip: &str, columns: &[usize]) -> Option<Vec<Value>> {
        let p = self.locate(ip)?;
        // Indices into GEO_COLUMNS; DB-IP Lite has no postal codes, continents or confidences.
        Some(
            columns
                .iter()
                .map(|&c| match c {
                    0 => Value::Num(p.lat),
                    1 => Value::Num(p.lon),
                    3 => text(p.country),
                    4 => super::country::name(p.country).map_or(Value::Null, Value::str),
                    5 => text(p.region),
                    6 => text(p.city),
                    _ => Value::Null,
                })
                .collect(),
        )
    }
}
