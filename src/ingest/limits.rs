//! Caps against hostile input, and decompression that keeps what it read before damage.

use flate2::bufread::{DeflateDecoder, MultiGzDecoder};
use serde::Serialize;
use std::io::Read;

/// Every cap loading applies. Exceeding one is reported with the cap's name, never a crash.
#[derive(Clone, Debug, Serialize)]
pub struct Limits {
    /// Decompressed bytes of one file or zip entry (a file larger than this is refused).
    pub max_file_bytes: u64,
    /// Decompressed bytes of everything one load call (or one `LoadReport`) holds.
    pub max_total_bytes: u64,
    /// Bytes of one record as written. CloudTrail caps events at 256 KB (1 MB for event data
    /// stores set to `Large`); pretty-printing and LookupEvents escaping can about double
    /// that, so 2 MiB refuses nothing AWS writes while bounding what one event can cost.
    pub max_record_bytes: u64,
    /// Nesting of objects and arrays in one record (real CloudTrail: about 11).
    pub max_depth: usize,
    /// Entries in one zip archive (each becomes a report line).
    pub max_zip_entries: usize,
    /// Zips inside zips: deeper ones are refused (a zip quine would never end otherwise).
    pub max_zip_depth: usize,
}

/// Per-file decompressed cap by default.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: MAX_FILE_BYTES,
            // A wasm32 page has at most 4 GiB of memory, and the store needs some room besides.
            max_total_bytes: if cfg!(target_arch = "wasm32") { 3 << 30 } else { 16 << 30 },
            max_record_bytes: 2 << 20,
            max_depth: crate::json::scan::MAX_DEPTH,
            max_zip_entries: 1_000_000,
            max_zip_depth: 4,
        }
    }
}

/// Decompressed data, complete or up to the damage.
pub struct Inflated {
    pub data: Vec<u8>,
    /// What went wrong after `data.len()` bytes (the data before it is good).
    pub damage: Option<String>,
}

/// Why nothing of a file is loaded.
pub fn over_cap(what: &str, cap: u64, which: &str) -> String {
    format!("{what} more than {} MiB (the {which} cap): refused, nothing loaded from it", cap >> 20)
}

/// Gunzips `bytes` (all members), stopping at `cap`: `Err` when over the cap (a bomb), else
/// what could be read and, if the stream is damaged or cut off, what and where.
pub fn gunzip(bytes: &[u8], cap: u64, cap_name: &str) -> Result<Inflated, String> {
    // The trailer holds the size (mod 4 GiB) of the last member: allocate once.
    let hint = bytes.len().checked_sub(4).map_or(0, |i| u32::from_le_bytes(bytes[i..].try_into().unwrap_or([0; 4])));
    decode(|| MultiGzDecoder::new(bytes), bytes.len(), hint as u64, cap, cap_name, "gzip")
}

/// Inflates a raw deflate stream (a zip entry) the same way.
pub fn inflate(bytes: &[u8], size_hint: u64, cap: u64, cap_name: &str) -> Result<Inflated, String> {
    decode(|| DeflateDecoder::new(bytes), bytes.len(), size_hint, cap, cap_name, "deflate")
}

/// Any decoder over a byte slice: `get_ref` tells how much input it used.
trait Decoder<'a>: Read {
    fn rest(&self) -> usize;
}

impl<'a> Decoder<'a> for MultiGzDecoder<&'a [u8]> {
    fn rest(&self) -> usize {
        self.get_ref().len()
    }
}

impl<'a> Decoder<'a> for DeflateDecoder<&'a [u8]> {
    fn rest(&self) -> usize {
        self.get_ref().len()
    }
}

fn decode<'a, D: Decoder<'a>>(
    mk: impl Fn() -> D,
    len: usize,
    hint: u64,
    cap: u64,
    cap_name: &str,
    kind: &str,
) -> Result<Inflated, String> {
    let mut dec = mk();
    let mut data = Vec::with_capacity(hint.min(cap).min(256 << 20) as usize);
    // On an error, read_to_end keeps what earlier reads returned, but the output of the read
    // that failed is lost: for damage other than a cut-off end, decode again in small steps.
    let mut err = (&mut dec).take(cap + 1).read_to_end(&mut data).err();
    if err.as_ref().is_some_and(|e| e.kind() != std::io::ErrorKind::UnexpectedEof) {
        let mut again = mk();
        let mut small = Vec::with_capacity(data.capacity());
        let mut buf = [0u8; 512];
        let e = loop {
            match again.read(&mut buf) {
                Ok(0) => break None,
                Ok(n) if (small.len() + n) as u64 > cap => break None,
                Ok(n) => small.extend_from_slice(&buf[..n]),
                Err(e) => break Some(e),
            }
        };
        if small.len() > data.len() {
            (data, err, dec) = (small, e.or(err), again);
        }
    }
    finish(data, err, cap, cap_name, kind, len - dec.rest(), len)
}

fn finish(
    data: Vec<u8>,
    err: Option<std::io::Error>,
    cap: u64,
    cap_name: &str,
    kind: &str,
    used: usize,
    len: usize,
) -> Result<Inflated, String> {
    if data.len() as u64 > cap {
        return Err(over_cap("decompresses to", cap, cap_name) + " (a decompression bomb?)");
    }
    let damage = err.map(|e| {
        let what = if e.kind() == std::io::ErrorKind::UnexpectedEof {
            "ends early (truncated file?)".to_string()
        } else {
            format!("is damaged ({e})")
        };
        format!("the {kind} data {what} after {} decompressed bytes (compressed byte {used} of {len})", data.len())
    });
    Ok(Inflated { data, damage })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn truncated_gzip_keeps_the_start() {
        let text: Vec<u8> = (0..20000u32).flat_map(|i| format!("line {i}\n").into_bytes()).collect();
        let z = gz(&text);
        let cut = &z[..z.len() / 2];
        let got = gunzip(cut, 1 << 30, "test").unwrap();
        assert!(!got.data.is_empty() && text.starts_with(&got.data));
        assert!(got.damage.unwrap().contains("ends early"));
        assert_eq!(gunzip(&z, 1 << 30, "test").unwrap().data, text);
    }

    #[test]
    fn corrupt_deflate_keeps_what_decoded_before() {
        let text: Vec<u8> = (0..2000u32).flat_map(|i| format!("{{\"n\":{i}}}\n").into_bytes()).collect();
        let mut z = gz(&text);
        let mid = z.len() / 2;
        z[mid..mid + 40].iter_mut().for_each(|b| *b ^= 0x5a);
        let got = gunzip(&z, 1 << 30, "test").unwrap();
        assert!(got.damage.is_some());
        assert!(got.data.len() > text.len() / 4, "{} of {}", got.data.len(), text.len());
    }

    #[test]
    fn bombs_stop_at_the_cap() {
        let z = gz(&vec![0u8; 3 << 20]);
        assert!(z.len() < 10_000);
        let e = gunzip(&z, 1 << 20, "LoadOptions.limits.max_file_bytes").err().unwrap();
        assert!(e.contains("more than 1 MiB") && e.contains("max_file_bytes"), "{e}");
    }
}
