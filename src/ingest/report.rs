//! The load report: per file what was read, skipped and why, where it is damaged; and totals.

use serde::Serialize;
use std::collections::BTreeMap;

/// Earliest and latest `eventTime` (ISO 8601, UTC) of what was loaded, and the same in epoch ms.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeSpan {
    pub earliest: String,
    pub latest: String,
    pub earliest_ms: i64,
    pub latest_ms: i64,
}

impl TimeSpan {
    pub fn new(lo: i64, hi: i64) -> TimeSpan {
        TimeSpan { earliest: super::time::iso(lo), latest: super::time::iso(hi), earliest_ms: lo, latest_ms: hi }
    }

    /// The span covering both.
    pub fn merge(a: Option<&TimeSpan>, b: Option<&TimeSpan>) -> Option<TimeSpan> {
        match (a, b) {
            (Some(a), Some(b)) => Some(TimeSpan::new(a.earliest_ms.min(b.earliest_ms), a.latest_ms.max(b.latest_ms))),
            (x, y) => x.or(y).cloned(),
        }
    }
}

/// What happened to one file (or one zip entry; a zip's entries are its `members`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct FileReport {
    /// The path (a zip entry: `archive.zip/path/in/archive`).
    pub name: String,
    /// Bytes after decompression.
    pub bytes: u64,
    /// Events loaded from the file.
    pub records: u64,
    /// Records read but not loaded; `skip_reasons` says why, with a count per reason.
    pub records_skipped: u64,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skip_reasons: BTreeMap<String, u64>,
    /// Oddities of records that did load (e.g. no `eventTime`), with a count per kind.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, u64>,
    /// `records-object`, `array`, `json-lines`, `console-csv`, `zip`, `gzip:...` and so on.
    pub shape: Option<String>,
    /// Earliest and latest `eventTime` of the loaded records.
    pub time: Option<TimeSpan>,
    /// Why the whole file was skipped as not CloudTrail (digest, AWS Config, marker...): not an error.
    pub skipped: Option<String>,
    /// What is wrong and where; the records read before the damage are kept.
    pub error: Option<String>,
    /// Where the first damage is: byte offset in the decompressed text, and 1-based line.
    pub error_offset: Option<u64>,
    pub error_line: Option<u64>,
    /// The entries of a zip archive, each a report of its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<FileReport>,
    /// What the file became when it is a lookup table rather than events (the page's
    /// `Session::add_table`): "lookup table `admin_users`, 12 rows, columns a, b" or
    /// "3 indicators for sumo://threat/cs".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// What the file became when it is a Sigma rule dropped on the page (`Session::add_rule`):
    /// "Sigma rule `my_rule.yml`: Its Title".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl FileReport {
    pub fn new(name: &str) -> FileReport {
        FileReport { name: name.to_string(), ..Default::default() }
    }

    pub(crate) fn skip_records(&mut self, reason: String, n: u64) {
        if n > 0 {
            self.records_skipped += n;
            *self.skip_reasons.entry(reason).or_default() += n;
        }
    }

    pub(crate) fn note(&mut self, what: &str, n: u64) {
        if n > 0 {
            *self.notes.entry(what.to_string()).or_default() += n;
        }
    }

    /// Adds an error; the first one's position is kept, later messages are appended.
    pub(crate) fn fail(&mut self, what: impl Into<String>, offset: Option<u64>, line: Option<u64>) {
        let what = what.into();
        self.error = Some(match self.error.take() {
            Some(e) => format!("{e}; {what}"),
            None => what,
        });
        if self.error_offset.is_none() && self.error_line.is_none() {
            self.error_offset = offset;
            self.error_line = line;
        }
    }

    /// Puts `what` before any error already reported (the cause comes first: a damaged gzip
    /// stream before the truncated record it left), taking its position.
    pub(crate) fn fail_first(&mut self, what: String, offset: Option<u64>) {
        self.error = Some(match self.error.take() {
            Some(e) => format!("{what}; {e}"),
            None => what,
        });
        // The scan's position (where the records kept end) is the more precise one.
        if self.error_offset.is_none() {
            self.error_offset = offset;
        }
    }

    /// Sums a zip's members into the archive's own line (records, bytes, time span).
    pub(crate) fn sum_members(&mut self) {
        self.records = self.members.iter().map(|m| m.records).sum();
        self.records_skipped = self.members.iter().map(|m| m.records_skipped).sum();
        self.bytes = self.members.iter().map(|m| m.bytes).sum();
        self.time = self.members.iter().fold(None, |t, m| TimeSpan::merge(t.as_ref(), m.time.as_ref()));
    }
}

/// Totals over every file; a zip counts as its entries.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    /// Files read (zip entries included, archives themselves not).
    pub files: u64,
    pub records: u64,
    pub records_skipped: u64,
    /// Files skipped as not CloudTrail.
    pub skipped_files: u64,
    /// Files (or archives) with an error.
    pub errors: u64,
    /// Bytes after decompression.
    pub bytes: u64,
    pub time: Option<TimeSpan>,
}

/// What one load did: a report per file, in load order, and the totals.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LoadReport {
    pub files: Vec<FileReport>,
    pub totals: Totals,
    /// The progress callback asked to stop: what was loaded before stays loaded.
    pub cancelled: bool,
}

impl LoadReport {
    pub fn push(&mut self, f: FileReport) {
        add(&mut self.totals, &f);
        self.files.push(f);
    }

    /// Every file's report with zip entries in place of their archives (archives that could
    /// not be opened stay, with their error).
    pub fn leaves(&self) -> Vec<&FileReport> {
        fn walk<'a>(f: &'a FileReport, out: &mut Vec<&'a FileReport>) {
            if f.members.is_empty() {
                out.push(f);
            }
            f.members.iter().for_each(|m| walk(m, out));
        }
        let mut out = Vec::new();
        self.files.iter().for_each(|f| walk(f, &mut out));
        out
    }

    /// Whether any file, archive or entry has an error.
    pub fn has_errors(&self) -> bool {
        self.totals.errors > 0
    }
}

fn add(t: &mut Totals, f: &FileReport) {
    t.errors += u64::from(f.error.is_some());
    if f.members.is_empty() {
        t.files += 1;
        t.records += f.records;
        t.records_skipped += f.records_skipped;
        t.skipped_files += u64::from(f.skipped.is_some());
        t.bytes += f.bytes;
        t.time = TimeSpan::merge(t.time.as_ref(), f.time.as_ref());
    }
    f.members.iter().for_each(|m| add(t, m));
}
