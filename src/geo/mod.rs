//! Offline IP geolocation: compact bundled tables behind `geo://location` and `asn://default`.
//!
//! A table file (format in `FORMAT.md`, generator in `tools/geo`) holds a dictionary
//! (locations or AS numbers) and, per address family, a stream of ranges that tile the
//! address space, entropy-coded in blocks. Loading decodes it once into a lookup layout
//! (each block's codes next to the ids it names); a lookup finds its block, decodes a few
//! codes and reads one id, or, for an IPv4 /16 one range covers, reads the id from a table.

pub mod addr;
pub mod asn;
mod bits;
mod cache;
pub mod country;
pub mod file;
mod huffman;
mod model;
pub mod places;
// The writers: only tools/geo, which regenerates data/geo/, builds them (feature `geo-write`).
#[cfg(feature = "geo-write")]
pub mod places_write;
pub mod ranges;
#[cfg(feature = "geo-write")]
pub mod ranges_write;
pub mod table;
#[cfg(feature = "geo-write")]
pub mod write;

pub use asn::AsnTable;
pub use table::GeoTable;

use crate::lookup::{IpTable, Lookups};
use crate::value::Value;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// A table parsed on first use, so queries without a lookup never pay for loading it.
pub struct Lazy<T> {
    bytes: Cow<'static, [u8]>,
    parse: fn(Cow<'static, [u8]>) -> Result<T, String>,
    cell: OnceLock<Result<T, String>>,
}

impl<T> Lazy<T> {
    pub fn get(&self) -> Result<&T, &str> {
        self.cell.get_or_init(|| (self.parse)(self.bytes.clone())).as_ref().map_err(String::as_str)
    }
}

impl<T: IpTable> IpTable for Lazy<T> {
    fn lookup(&self, ip: &str, columns: &[usize]) -> Option<Vec<Value>> {
        self.get().ok()?.lookup(ip, columns)
    }
}

/// A lazily parsed city table over `bytes` (borrowed when static, as the CLI's bundled copy).
pub fn lazy_geo(bytes: impl Into<Cow<'static, [u8]>>) -> Arc<Lazy<GeoTable>> {
    Arc::new(Lazy { bytes: bytes.into(), parse: |b| GeoTable::from_bytes(b), cell: OnceLock::new() })
}

/// A lazily parsed ASN table over `bytes`.
pub fn lazy_asn(bytes: impl Into<Cow<'static, [u8]>>) -> Arc<Lazy<AsnTable>> {
    Arc::new(Lazy { bytes: bytes.into(), parse: |b| AsnTable::from_bytes(b), cell: OnceLock::new() })
}

/// Sets `geo://location` and `asn://default` to the given table files (parsed on first use).
pub fn install(lookups: &mut Lookups, geo: &'static [u8], asn: &'static [u8]) {
    lookups.geo = Some(lazy_geo(geo));
    lookups.asn = Some(lazy_asn(asn));
}
