//! Zip archives: every entry loads as a file of its own; a broken entry does not stop the rest.

// Our own reader rather than a crate: only stored and deflate entries occur in practice, and
// owning the loop lets every size cap apply while inflating and every fault name its entry. An
// archive cut off before its central directory is read entry by entry from the local headers.

use super::limits::{inflate, over_cap};
use super::report::FileReport;
use super::{detect, load_one, progress::Tracker, Bytes};
use crate::store::Store;

const LOCAL: &[u8; 4] = b"PK\x03\x04";
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;

struct Entry {
    name: String,
    method: u16,
    flags: u16,
    crc: u32,
    csize: u64,
    usize: u64,
    offset: u64,
}

fn le(b: &[u8], i: usize, n: usize) -> Option<u64> {
    Some(b.get(i..i.checked_add(n)?)?.iter().rev().fold(0u64, |v, &x| v << 8 | x as u64))
}

/// Loads every entry of the archive `zip` as a member of `report`.
pub(crate) fn load(t: &Tracker, store: &mut Store, name: &str, zip: &[u8], depth: usize, report: &mut FileReport) {
    let limits = &t.opts.limits;
    report.shape = Some("zip".into());
    if depth >= limits.max_zip_depth {
        report.fail(format!("a zip inside {depth} zips: refused (LoadOptions.limits.max_zip_depth)"), None, None);
        return;
    }
    let entries = match central_directory(zip, limits.max_zip_entries) {
        Ok(e) => e,
        Err((why, at)) => {
            let e = local_headers(zip, limits.max_zip_entries);
            report.fail(format!("{why}; {} entries read from their local headers", e.len()), at, None);
            e
        }
    };
    let files: Vec<&Entry> = entries.iter().filter(|e| !e.name.ends_with('/')).collect();
    let overlaps = overlapping(zip, &files);
    let mut consumed = 0;
    for (k, e) in files.iter().enumerate() {
        if t.cancelled() {
            report.note("entries not read (the load was cancelled)", (files.len() - k) as u64);
            break;
        }
        let member = format!("{name}/{}", e.name);
        let m = match detect::skip_by_name(&member) {
            Some(why) => FileReport { skipped: Some(why.into()), ..FileReport::new(&member) },
            None if overlaps[k] => {
                let mut m = FileReport::new(&member);
                m.fail("its data overlaps another entry's (a zip bomb?): refused", Some(e.offset), None);
                m
            }
            None => match read_entry(t.cap(), zip, e) {
                Err(what) => {
                    let mut m = FileReport::new(&member);
                    m.fail(what, None, None);
                    m
                }
                Ok((data, damage)) => {
                    let len = data.len() as u64;
                    let mut m = load_one(t, store, &member, Bytes::Owned(data), depth + 1);
                    if let Some(what) = damage {
                        m.fail_first(what, Some(len));
                    }
                    m
                }
            },
        };
        report.members.push(m);
        consumed += e.csize;
        t.step(&member, 0, consumed);
    }
    report.sum_members();
}

/// The data of the entries whose name `wanted` accepts (the page's session takes lookup tables
/// out of an archive the event loader read), each whole or with why it cannot be read; the same
/// caps and checks as loading (overlapping entries refused, damage is an error).
pub fn read_entries(
    zip: &[u8],
    wanted: &dyn Fn(&str) -> bool,
    max_entries: usize,
    cap: (u64, &str),
) -> Vec<(String, Result<Vec<u8>, String>)> {
    let entries = central_directory(zip, max_entries).unwrap_or_else(|_| local_headers(zip, max_entries));
    let files: Vec<&Entry> = entries.iter().filter(|e| !e.name.ends_with('/')).collect();
    let overlaps = overlapping(zip, &files);
    let mut out = Vec::new();
    for (k, e) in files.iter().enumerate().filter(|(_, e)| wanted(&e.name)) {
        let data = if overlaps[k] {
            Err("its data overlaps another entry's (a zip bomb?): refused".to_string())
        } else {
            match read_entry(cap, zip, e) {
                Ok((data, None)) => Ok(data),
                Ok((_, Some(damage))) => Err(damage),
                Err(e) => Err(e),
            }
        };
        out.push((e.name.clone(), data));
    }
    out
}

/// Which entries share bytes with another: real archives never do, and overlapping entries are
/// how a small zip inflates to many gigabytes.
fn overlapping(zip: &[u8], files: &[&Entry]) -> Vec<bool> {
    let span = |e: &Entry| {
        let off = usize::try_from(e.offset).unwrap_or(usize::MAX);
        let n = le(zip, off.saturating_add(26), 2).unwrap_or(0) + le(zip, off.saturating_add(28), 2).unwrap_or(0);
        (e.offset, e.offset.saturating_add(30 + n).saturating_add(e.csize))
    };
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&k| files[k].offset);
    let mut out = vec![false; files.len()];
    let mut end_before = 0u64;
    for (i, &k) in order.iter().enumerate() {
        let (start, end) = span(files[k]);
        if i > 0 && start < end_before {
            out[k] = true;
        }
        end_before = end_before.max(end);
    }
    out
}

/// An entry's data, decompressed as far as it goes, with what is wrong with it if anything.
fn read_entry(cap: (u64, &str), zip: &[u8], e: &Entry) -> Result<(Vec<u8>, Option<String>), String> {
    if e.flags & 1 != 0 {
        return Err("the entry is encrypted: unpack the archive with its password first".into());
    }
    // Offsets come from the file: arithmetic saturates, slicing is checked.
    let off = usize::try_from(e.offset).unwrap_or(usize::MAX);
    if zip.get(off..off.saturating_add(4)) != Some(LOCAL) {
        return Err(format!("no local header at byte {off} where the directory says the entry is (damaged archive?)"));
    }
    let (n, x) = (le(zip, off + 26, 2).unwrap_or(0) as usize, le(zip, off + 28, 2).unwrap_or(0) as usize);
    let avail = zip.get(off + 30 + n + x..).unwrap_or(&[]);
    let raw = &avail[..avail.len().min(usize::try_from(e.csize).unwrap_or(usize::MAX))];
    let cut_off = (raw.len() as u64) < e.csize;
    let (cap, cap_name) = cap;
    let (data, mut damage) = match e.method {
        0 if raw.len() as u64 > cap => return Err(over_cap("is", cap, cap_name)),
        0 => (
            raw.to_vec(),
            cut_off
                .then(|| format!("the entry is cut off after {} of {} bytes (truncated archive?)", raw.len(), e.csize)),
        ),
        8 => {
            let inf = inflate(raw, cap, cap_name)?;
            (inf.data, inf.damage)
        }
        m => return Err(format!("compression method {m} is not supported (only stored and deflate): re-zip it")),
    };
    if damage.is_none() && flate2::Crc::new().tap(&data) != e.crc && e.crc != 0 {
        damage = Some("the entry's CRC-32 does not match its data (damaged archive)".into());
    }
    Ok((data, damage))
}

trait Tap {
    fn tap(self, data: &[u8]) -> u32;
}

impl Tap for flate2::Crc {
    fn tap(mut self, data: &[u8]) -> u32 {
        self.update(data);
        self.sum()
    }
}

/// The entries the central directory lists (zip64 included), or why it cannot be read.
fn central_directory(z: &[u8], max: usize) -> Result<Vec<Entry>, (String, Option<u64>)> {
    // The end record is in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
    let from = z.len().saturating_sub(22 + 65535);
    let end = (from..z.len().saturating_sub(21))
        .rev()
        .find(|&i| le(z, i, 4) == Some(END as u64))
        .ok_or(("the archive has no central directory (cut off?)".to_string(), None))?;
    let (mut count, mut cd) = (le(z, end + 10, 2).unwrap_or(0), le(z, end + 16, 4).unwrap_or(0));
    if count == 0xffff || cd == 0xffff_ffff {
        let z64 = end.checked_sub(20).filter(|&l| le(z, l, 4) == Some(0x0706_4b50)).and_then(|l| le(z, l + 8, 8));
        if let Some(z64) = z64.and_then(|o| usize::try_from(o).ok()).filter(|&o| le(z, o, 4) == Some(0x0606_4b50)) {
            (count, cd) = (le(z, z64 + 32, 8).unwrap_or(0), le(z, z64 + 48, 8).unwrap_or(0));
        }
    }
    if count > max as u64 {
        return Err((format!("{count} entries, over the cap of {max} (LoadOptions.limits.max_zip_entries)"), None));
    }
    let mut out = Vec::with_capacity((count as usize).min(1 << 16));
    let mut i = usize::try_from(cd).unwrap_or(usize::MAX);
    for _ in 0..count {
        let bad = || (format!("the central directory is damaged at byte {i}"), Some(i as u64));
        if le(z, i, 4) != Some(CENTRAL as u64) {
            return Err(bad());
        }
        let f = |at: usize, n: usize| le(z, i + at, n).ok_or_else(bad);
        let (n, x, c) = (f(28, 2)? as usize, f(30, 2)? as usize, f(32, 2)? as usize);
        let name = z.get(i + 46..i + 46 + n).ok_or_else(bad)?;
        let mut e = Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            flags: f(8, 2)? as u16,
            method: f(10, 2)? as u16,
            crc: f(16, 4)? as u32,
            csize: f(20, 4)?,
            usize: f(24, 4)?,
            offset: f(42, 4)?,
        };
        zip64_extra(z.get(i + 46 + n..i + 46 + n + x).unwrap_or(&[]), &mut e);
        out.push(e);
        i += 46 + n + x + c;
    }
    Ok(out)
}

/// Sizes and offset that did not fit 32 bits are in the zip64 extra field, in this order.
fn zip64_extra(mut extra: &[u8], e: &mut Entry) {
    while let (Some(id), Some(len)) = (le(extra, 0, 2), le(extra, 2, 2)) {
        let body = extra.get(4..4 + len as usize).unwrap_or(&[]);
        if id == 1 {
            let mut k = 0;
            for v in [&mut e.usize, &mut e.csize, &mut e.offset] {
                if *v == 0xffff_ffff {
                    *v = le(body, k, 8).unwrap_or(*v);
                    k += 8;
                }
            }
        }
        extra = extra.get(4 + len as usize..).unwrap_or(&[]);
    }
}

/// Entries found by walking local headers (an archive without its central directory).
fn local_headers(z: &[u8], max: usize) -> Vec<Entry> {
    let finder = memchr::memmem::Finder::new(LOCAL);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = finder.find(&z[i..]).map(|k| i + k) {
        let f = |at: usize, n: usize| le(z, p + at, n).unwrap_or(0);
        let (n, x) = (f(26, 2) as usize, f(28, 2) as usize);
        let start = (p + 30 + n + x).min(z.len());
        let (flags, mut csize) = (f(6, 2) as u16, f(18, 4));
        if flags & 8 != 0 || csize == 0 {
            // Sizes follow the data: take up to the next header (inflating stops at the end).
            csize = finder.find(&z[start..]).unwrap_or(z.len() - start) as u64;
        }
        let name = String::from_utf8_lossy(z.get(p + 30..start.min(p + 30 + n)).unwrap_or(&[])).into_owned();
        out.push(Entry { name, method: f(8, 2) as u16, flags, crc: 0, csize, usize: f(22, 4), offset: p as u64 });
        if out.len() >= max {
            break;
        }
        i = start + (csize as usize).min(z.len() - start).max(1).min(z.len() - start);
        if i >= z.len() {
            break;
        }
    }
    out
}
