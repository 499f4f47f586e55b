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

/// Per-file decompressed cap by default. On wasm32 a `Vec` tops out below 2 GiB and the whole
/// heap at 4 GiB, so a file there may be at most 1 GiB.
pub const MAX_FILE_BYTES: u64 = if cfg!(target_arch = "wasm32") { 1 << 30 } else { 2 << 30 };

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: MAX_FILE_BYTES,
            // A wasm32 page has at most 4 GiB of memory; the store and one file being loaded
            // (its bytes, its text, its records) need room besides what is loaded.
            max_total_bytes: if cfg!(target_arch = "wasm32") { 2 << 30 } else { 16 << 30 },
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
    // The trailer's size (ISIZE) is not trusted: a truncated or forged file says anything there.
    decode(|| MultiGzDecoder::new(bytes), bytes.len(), cap, cap_name, "gzip")
}

/// Inflates a raw deflate stream (a zip entry) the same way (the size the archive states is
/// not trusted either).
pub fn inflate(bytes: &[u8], cap: u64, cap_name: &str) -> Result<Inflated, String> {
    decode(|| DeflateDecoder::new(bytes), bytes.len(), cap, cap_name, "deflate")
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

/// Bytes decoded per read; after damage other than a cut-off end, the stream is decoded again
/// in reads of `SMALL_STEP`, since the output of the read that failed is lost.
const STEP: usize = 64 << 10;
const SMALL_STEP: usize = 512;

fn decode<'a, D: Decoder<'a>>(
    mk: impl Fn() -> D,
    len: usize,
    cap: u64,
    cap_name: &str,
    kind: &str,
) -> Result<Inflated, String> {
    let (mut data, mut err, mut used) = read_capped(mk(), len, cap, cap_name, STEP)?;
    if err.as_ref().is_some_and(|e| e.kind() != std::io::ErrorKind::UnexpectedEof) {
        let (again, e, u) = read_capped(mk(), len, cap, cap_name, SMALL_STEP)?;
        if again.len() > data.len() {
            (data, err, used) = (again, e, u);
        }
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

/// Reads `dec` to its end or first error, `step` bytes at a time, never past `cap`. Memory
/// grows only as data arrives, and a refused allocation is an error, not an abort: on wasm32
/// an allocation that fails is a trap that would lose everything the engine holds.
fn read_capped<'a, D: Decoder<'a>>(
    mut dec: D,
    len: usize,
    cap: u64,
    cap_name: &str,
    step: usize,
) -> Result<(Vec<u8>, Option<std::io::Error>, usize), String> {
    let mut data: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; step];
    let err = loop {
        match dec.read(&mut buf) {
            Ok(0) => break None,
            Ok(n) => {
                if (data.len() + n) as u64 > cap {
                    return Err(over_cap("decompresses to", cap, cap_name) + " (a decompression bomb?)");
                }
                if data.capacity() - data.len() < n {
                    let room = (cap as usize).saturating_sub(data.len());
                    let want = data.len().max(1 << 20).min(room).max(n);
                    if data.try_reserve_exact(want).is_err() && data.try_reserve_exact(n).is_err() {
                        return Err(format!(
                            "decompresses to more than this engine could get memory for ({} MiB read): refused, nothing loaded from it",
                            data.len() >> 20
                        ));
                    }
                }
                data.extend_from_slice(&buf[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => break Some(e),
        }
    };
    Ok((data, err, len - dec.rest()))
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
