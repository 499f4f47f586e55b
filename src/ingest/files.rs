//! Files and directories from disk (native only), shared out among threads in name order.

use super::progress::Tracker;
use super::report::{FileReport, LoadReport};
use super::{detect, load_one, Bytes, LoadOptions};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Loads a file or a directory (recursively, in name order) into `store`, adding to `report`
/// (whose bytes count against the total-size cap).
pub fn load_path(store: &mut Store, path: &Path, opts: &LoadOptions, report: &mut LoadReport) {
    let mut files = Vec::new();
    list_files(path, &mut files, report);
    let total = files.iter().map(|(_, n)| n).sum();
    let t = Tracker::new(opts, files.len() as u64, total, report.totals.bytes);
    for (f, n) in &files {
        if t.cancelled() {
            break;
        }
        report.push(load_disk_file(&t, store, f, *n));
    }
    report.cancelled |= t.cancelled();
}

/// Loads files and directories on `opts.threads` threads: small files are shared out between
/// threads (in name order, so the result does not depend on timing); one large file is split.
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> (Store, LoadReport) {
    let mut files = Vec::new();
    let mut report = LoadReport::default();
    for p in paths {
        list_files(p, &mut files, &mut report);
    }
    let mut store = Store::new();
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    if opts.threads < 2 || files.len() < 2 {
        let t = Tracker::new(opts, files.len() as u64, total, 0);
        for (f, n) in &files {
            if t.cancelled() {
                break;
            }
            report.push(load_disk_file(&t, &mut store, f, *n));
        }
        report.cancelled = t.cancelled();
        store.finish();
        return (store, report);
    }
    // Contiguous groups of about equal size, one per thread.
    let mut groups: Vec<Vec<&(PathBuf, u64)>> = vec![Vec::new(); opts.threads];
    let mut acc = 0u64;
    for f in &files {
        let g = ((acc * opts.threads as u64) / total.max(1)).min(opts.threads as u64 - 1) as usize;
        groups[g].push(f);
        acc += f.1;
    }
    let one = LoadOptions { threads: 1, ..opts.clone() };
    let t = Tracker::new(&one, files.len() as u64, total, 0);
    let parts: Vec<(Store, LoadReport)> = std::thread::scope(|s| {
        let hs: Vec<_> = groups
            .iter()
            .map(|g| {
                let t = &t;
                s.spawn(move || {
                    let (mut st, mut rep) = (Store::new(), LoadReport::default());
                    for (f, n) in g.iter().copied() {
                        if t.cancelled() {
                            break;
                        }
                        rep.push(load_disk_file(t, &mut st, f, *n));
                    }
                    (st, rep)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("loader threads do not panic")).collect()
    });
    for (st, rep) in parts {
        store.append(st);
        rep.files.into_iter().for_each(|f| report.push(f));
    }
    report.cancelled = t.cancelled();
    store.finish();
    (store, report)
}

/// One file from disk, then tells the progress callback.
fn load_disk_file(t: &Tracker, store: &mut Store, path: &Path, len: u64) -> FileReport {
    let name = path.display().to_string();
    let max = t.opts.limits.max_file_bytes;
    let r = if let Some(why) = detect::skip_by_name(&name) {
        FileReport { skipped: Some(why.into()), ..FileReport::new(&name) }
    } else if len > max && !name.to_ascii_lowercase().ends_with(".zip") {
        let mut r = FileReport::new(&name);
        r.fail(super::limits::over_cap("the file is", max, "per-file (LoadOptions.limits.max_file_bytes)"), None, None);
        r
    } else if let Some(r) = load_streaming(t, store, path, &name) {
        r
    } else {
        match read_file(path, t.opts.threads) {
            Ok(bytes) => load_one(t, store, &name, Bytes::Owned(bytes), 0),
            Err(e) => {
                let mut r = FileReport::new(&name);
                r.fail(format!("cannot read the file: {e}"), None, None);
                r
            }
        }
    };
    t.step(&name, 1, len);
    r
}

/// A large plain JSON-lines file under a keyword prefilter: read in blocks, keeping only the
/// lines with a keyword. `None` when that does not apply (the caller reads the whole file).
fn load_streaming(t: &Tracker, store: &mut Store, path: &Path, name: &str) -> Option<FileReport> {
    let opts = t.opts;
    let p = opts.prefilter.as_ref()?;
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut magic = [0u8; 2];
    if len < (64 << 20) || std::os::unix::fs::FileExt::read_at(&file, &mut magic, 0).ok()? < 2 || magic == [0x1f, 0x8b]
    {
        return None;
    }
    let lines = super::stream::matching_lines(&file, len, p, opts.threads).ok()??;
    // The kept lines go through the same reader as every file; if they do not read cleanly
    // (the file is not one record per line after all), the caller reads the whole file.
    let mut kept = Vec::new();
    for line in lines {
        kept.extend_from_slice(&line);
        kept.push(b'\n');
    }
    let mut report = FileReport::new(name);
    let mut scratch = Store::new();
    super::json_file::load_text(t, &mut scratch, name, kept, &mut report);
    if report.error.is_some() {
        return None;
    }
    store.append(scratch);
    report.bytes = len;
    Some(report)
}

/// Reads a file; a large one with several threads (copying from the page cache is the
/// slowest part of reading, and it divides).
fn read_file(path: &Path, threads: usize) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len() as usize;
    if threads < 2 || len < (64 << 20) {
        return std::fs::read(path);
    }
    let mut buf = vec![0u8; len];
    let per = len.div_ceil(threads);
    std::thread::scope(|s| {
        let hs: Vec<_> = buf
            .chunks_mut(per)
            .enumerate()
            .map(|(k, part)| {
                let file = &file;
                s.spawn(move || file.read_exact_at(part, (k * per) as u64))
            })
            .collect();
        hs.into_iter().try_for_each(|h| h.join().expect("reader threads do not panic"))
    })?;
    Ok(buf)
}

/// Every file under `path`, in name order, with its size; unreadable directories are reported.
fn list_files(path: &Path, out: &mut Vec<(PathBuf, u64)>, report: &mut LoadReport) {
    list_files_once(path, out, report, &mut std::collections::HashSet::new());
}

/// Each directory is listed once, so a symbolic link to a parent cannot loop.
fn list_files_once(
    path: &Path,
    out: &mut Vec<(PathBuf, u64)>,
    report: &mut LoadReport,
    seen: &mut std::collections::HashSet<PathBuf>,
) {
    if path.is_dir() {
        if !seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())) {
            return;
        }
        match std::fs::read_dir(path) {
            Ok(rd) => {
                let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
                entries.sort();
                for e in entries {
                    list_files_once(&e, out, report, seen);
                }
            }
            Err(e) => {
                let mut r = FileReport::new(&path.display().to_string());
                r.fail(format!("cannot read the directory: {e}"), None, None);
                report.push(r);
            }
        }
    } else {
        match std::fs::metadata(path) {
            // Pipes, devices and sockets are not files of logs: reading a FIFO would wait
            // forever and /dev/zero never ends (its size says 0).
            Ok(m) if !m.is_file() => {
                let mut r = FileReport::new(&path.display().to_string());
                r.skipped = Some("not a regular file (a pipe, device or socket): not read".into());
                report.push(r);
            }
            m => out.push((path.to_path_buf(), m.map_or(0, |m| m.len()))),
        }
    }
}
