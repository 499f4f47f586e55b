//! Progress and cancellation of one load, and the running total the total-size cap checks.

use super::LoadOptions;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// What is done so far. Bytes are input bytes (as on disk); a zip's entries move `bytes_done`
/// within the archive.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Progress {
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// The file (or zip entry) just finished.
    pub name: String,
}

#[cfg(not(target_arch = "wasm32"))]
type Callback = dyn Fn(&Progress) -> bool + Send + Sync;
// The browser has one thread, and its callbacks (JS functions) are neither Send nor Sync.
#[cfg(target_arch = "wasm32")]
type Callback = dyn Fn(&Progress) -> bool;

/// Called after each file and each zip entry; returning `false` cancels the load between
/// files, keeping what is loaded. Natively it may be called from several loading threads.
#[derive(Clone)]
pub struct OnProgress(pub Arc<Callback>);

impl OnProgress {
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new(f: impl Fn(&Progress) -> bool + Send + Sync + 'static) -> OnProgress {
        OnProgress(Arc::new(f))
    }

    #[cfg(target_arch = "wasm32")]
    pub fn new(f: impl Fn(&Progress) -> bool + 'static) -> OnProgress {
        OnProgress(Arc::new(f))
    }
}

impl std::fmt::Debug for OnProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnProgress(..)")
    }
}

/// The state one load call shares between its threads.
pub struct Tracker<'a> {
    pub opts: &'a LoadOptions,
    /// Decompressed bytes taken so far, against `opts.limits.max_total_bytes`.
    used: AtomicU64,
    files_done: AtomicU64,
    bytes_done: AtomicU64,
    files_total: u64,
    bytes_total: u64,
    cancelled: AtomicBool,
}

impl<'a> Tracker<'a> {
    /// `used`: decompressed bytes already loaded by earlier calls (incremental loading).
    pub fn new(opts: &'a LoadOptions, files_total: u64, bytes_total: u64, used: u64) -> Tracker<'a> {
        Tracker {
            opts,
            used: AtomicU64::new(used),
            files_done: AtomicU64::new(0),
            bytes_done: AtomicU64::new(0),
            files_total,
            bytes_total,
            cancelled: AtomicBool::new(false),
        }
    }

    /// What is held against the total cap now, earlier loads included.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    pub fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// The most a file may decompress to now, and the name of the cap that sets it.
    pub fn cap(&self) -> (u64, &'static str) {
        let l = &self.opts.limits;
        let left = l.max_total_bytes.saturating_sub(self.used.load(Ordering::Relaxed));
        if left < l.max_file_bytes {
            (left, "total size (LoadOptions.limits.max_total_bytes)")
        } else {
            (l.max_file_bytes, "per-file (LoadOptions.limits.max_file_bytes)")
        }
    }

    /// Counts `n` decompressed bytes against the total; `Err` with the message if that would
    /// exceed it (nothing is counted then).
    pub fn take(&self, n: u64) -> Result<(), String> {
        let (cap, name) = self.cap();
        if n > cap {
            return Err(super::limits::over_cap("is", cap, name));
        }
        self.used.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    /// A file is done (`files` 1) or an entry of an archive (`files` 0, `bytes` its
    /// compressed size, shown but not added: the archive adds its whole size when done).
    pub fn step(&self, name: &str, files: u64, bytes: u64) {
        let (files_done, bytes_done) = if files > 0 {
            (
                self.files_done.fetch_add(files, Ordering::Relaxed) + files,
                self.bytes_done.fetch_add(bytes, Ordering::Relaxed) + bytes,
            )
        } else {
            (self.files_done.load(Ordering::Relaxed), self.bytes_done.load(Ordering::Relaxed) + bytes)
        };
        if let Some(cb) = &self.opts.progress {
            let p = Progress {
                files_done,
                files_total: self.files_total,
                bytes_done,
                bytes_total: self.bytes_total,
                name: name.to_string(),
            };
            if !(cb.0)(&p) {
                self.cancelled.store(true, Ordering::Relaxed);
            }
        }
    }
}
