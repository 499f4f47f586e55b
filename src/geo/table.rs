//! `geo://location`: the city table behind the [`IpTable`] trait.

use super::addr::{self, Addr};
use super::cache::IdCache;
use super::file;
use super::places::{Place, Places};
use super::ranges::{RangeTable, NONE};
use crate::exec::value::Value;
use crate::lookup::IpTable;
use std::borrow::Cow;
use std::ops::Range;

/// The IPv4 and IPv6 range streams of one file, each with its own bytes: borrowed from a
/// static table, or copied out of an owned one (so the rest of the file can be freed).
pub struct Families {
    v4: (Cow<'static, [u8]>, RangeTable),
    v6: (Cow<'static, [u8]>, RangeTable),
    cache: IdCache,
}

/// The bytes of one section, borrowed when the file is static.
#[allow(clippy::ptr_arg)] // a Cow, not a slice: borrowed and owned files differ here
pub fn section(bytes: &Cow<'static, [u8]>, r: Range<usize>) -> Cow<'static, [u8]> {
    match bytes {
        Cow::Borrowed(b) => Cow::Borrowed(&b[r]),
        Cow::Owned(v) => Cow::Owned(v[r].to_vec()),
    }
}

impl Families {
    #[allow(clippy::ptr_arg)] // as `section`
    pub fn parse(bytes: &Cow<'static, [u8]>, c: &file::Container, groups: &[u32]) -> Result<Families, String> {
        let one = |name: &str| -> Result<(Cow<'static, [u8]>, RangeTable), String> {
            let data = section(bytes, c.section(name)?);
            let t = RangeTable::parse(&data, groups).ok_or(format!("section `{name}` is malformed"))?;
            Ok((data, t))
        };
        Ok(Families { v4: one("v4")?, v6: one("v6")?, cache: IdCache::default() })
    }

    /// The id for an address, if the table has one.
    pub fn find(&self, a: Addr) -> Option<u32> {
        let id = match a {
            Addr::V4(v) => self.cache.get(v).unwrap_or_else(|| {
                let id = self.v4.1.find(&self.v4.0, v as u128);
                self.cache.put(v, id);
                id
            }),
            Addr::V6(v) => self.v6.1.find(&self.v6.0, v),
        };
        Some(id).filter(|&id| id != NONE)
    }

    /// The id for an address, decoding its block even if it was looked up before.
    pub fn find_uncached(&self, a: Addr) -> Option<u32> {
        let id = match a {
            Addr::V4(v) => self.v4.1.find(&self.v4.0, v as u128),
            Addr::V6(v) => self.v6.1.find(&self.v6.0, v),
        };
        Some(id).filter(|&id| id != NONE)
    }

    /// Every range of a family (`v6` false: IPv4) as (start, length, id).
    pub fn ranges(&self, v6: bool) -> Vec<(u128, u128, u32)> {
        let (data, t) = if v6 { &self.v6 } else { &self.v4 };
        t.ranges(data)
    }

    /// Bytes the indexes, decoders and cache hold (not the streams).
    pub fn memory(&self) -> usize {
        self.v4.1.memory() + self.v6.1.memory() + std::mem::size_of::<IdCache>() + 4096 * 8
    }

    /// Bytes of the streams themselves.
    pub fn stream_bytes(&self) -> usize {
        self.v4.0.len() + self.v6.0.len()
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
        let ranges = Families::parse(&bytes, &c, &places.country_start)?;
        Ok(GeoTable { meta: c.meta, places, ranges })
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

    /// Memory the lookup holds, in bytes: the range streams (in the program's image when the
    /// table is static), and everything else (block indexes, decoders, decoded dictionary).
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
