//! `asn://default`: autonomous system number and organization per address range.

use super::addr::{self, Addr};
use super::bits::get_varint;
use super::file;
use super::places::front;
use super::table::Families;
use crate::lookup::IpTable;
use crate::value::Value;
use std::borrow::Cow;

/// The AS dictionary: numbers ascending, each with its organization.
pub struct Asns {
    pub numbers: Vec<u32>,
    org_end: Vec<u32>,
    orgs: String,
}

impl Asns {
    pub fn parse(data: &[u8]) -> Option<Asns> {
        let mut at = 0;
        let n = get_varint(data, &mut at)?;
        let mut a = Asns { numbers: Vec::new(), org_end: Vec::new(), orgs: String::new() };
        let (mut number, mut org) = (0u64, String::new());
        for _ in 0..n {
            number += get_varint(data, &mut at)?;
            a.numbers.push(u32::try_from(number).ok()?);
            org = front(data, &mut at, &org)?;
            a.orgs.push_str(&org);
            a.org_end.push(a.orgs.len() as u32);
        }
        a.numbers.shrink_to_fit();
        a.org_end.shrink_to_fit();
        a.orgs.shrink_to_fit();
        (at == data.len()).then_some(a)
    }

    /// Entry `id`: number and organization.
    pub fn get(&self, id: u32) -> Option<(u32, &str)> {
        let i = id as usize;
        let from = if i == 0 { 0 } else { self.org_end[i - 1] as usize };
        Some((*self.numbers.get(i)?, &self.orgs[from..self.org_end[i] as usize]))
    }
}

/// Encodes (number, organization) pairs sorted by number, distinct numbers.
#[cfg(feature = "geo-write")]
pub fn write_asns(entries: &[(u32, String)]) -> Vec<u8> {
    assert!(entries.windows(2).all(|w| w[0].0 < w[1].0), "AS numbers sorted and distinct");
    let mut out = Vec::new();
    use super::bits::put_varint;
    put_varint(&mut out, entries.len() as u64);
    let (mut prev, mut prev_org) = (0u32, "");
    for (n, org) in entries {
        put_varint(&mut out, (n - prev) as u64);
        super::places_write::put_front(&mut out, prev_org, org);
        (prev, prev_org) = (*n, org);
    }
    out
}

/// The AS table (IPv4 and IPv6).
pub struct AsnTable {
    meta: Vec<(String, String)>,
    asns: Asns,
    ranges: Families,
}

impl AsnTable {
    pub fn from_bytes(bytes: impl Into<Cow<'static, [u8]>>) -> Result<AsnTable, String> {
        let bytes = bytes.into();
        let c = file::parse(&bytes)?;
        if c.get("kind") != Some("asn") {
            return Err("not an ASN table".into());
        }
        let asns = Asns::parse(&bytes[c.section("asns")?]).ok_or("section `asns` is malformed")?;
        let groups = [0, asns.numbers.len() as u32];
        let ranges = Families::parse(&bytes, &c, &groups, &groups)?;
        Ok(AsnTable { meta: c.meta, asns, ranges })
    }

    pub fn meta(&self) -> &[(String, String)] {
        &self.meta
    }

    pub fn asns(&self) -> &Asns {
        &self.asns
    }

    pub fn ranges(&self, v6: bool) -> Vec<(u128, u128, u32)> {
        self.ranges.ranges(v6)
    }

    /// Memory the lookup holds, as [`super::GeoTable::memory`] counts it.
    pub fn memory(&self) -> (usize, usize) {
        let dict = self.asns.numbers.capacity() * 4 + self.asns.org_end.capacity() * 4 + self.asns.orgs.capacity();
        (self.ranges.stream_bytes(), self.ranges.memory() + dict)
    }

    /// AS number and organization of a public address.
    pub fn locate(&self, ip: &str) -> Option<(u32, &str)> {
        self.locate_addr(addr::public(ip)?)
    }

    pub fn locate_addr(&self, a: Addr) -> Option<(u32, &str)> {
        if addr::is_special(a) {
            return None;
        }
        self.asns.get(self.ranges.find(a)?)
    }
}

impl IpTable for AsnTable {
    fn lookup(&self, ip: &str, columns: &[usize]) -> Option<Vec<Value>> {
        let (n, org) = self.locate(ip)?;
        // Indices into ASN_COLUMNS: asn, organization; the source has neither registering nor
        // carrier organizations.
        Some(
            columns
                .iter()
                .map(|&c| match c {
                    0 => Value::Num(n as f64),
                    1 if !org.is_empty() => Value::str(org),
                    _ => Value::Null,
                })
                .collect(),
        )
    }
}
