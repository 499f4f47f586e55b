//! What the page's worker holds: loaded events, lookups, and answers shaped for a page.
//!
//! The wasm binding (src/wasm.rs) only turns these into JSON strings; everything here runs and
//! is tested natively.

mod fields;
mod messages;
mod query_text;
mod vocabulary;

pub use fields::field_paths;
pub use messages::{add_auto_fields, cap_messages, Histogram, AUTO_FIELDS};
pub use query_text::{needs_geo, quote_string, scope_to, substitute};
pub use vocabulary::{vocabulary, Vocabulary};

use crate::diag::render::to_json;
use crate::generate::{generate, Options};
use crate::ingest::report::{FileReport, TimeSpan};
use crate::ingest::{load_counted, LoadOptions};
use crate::lookup::Lookups;
use crate::store::Store;
use crate::{run_query, QueryOptions, QueryResult};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The events loaded in one page, and the lookups its queries can use.
#[derive(Default)]
pub struct Session {
    pub store: Store,
    pub lookups: Lookups,
    /// What the loaded files hold against the total-size cap (every file of the session counts).
    used: u64,
}

/// What the page asks of a query beyond its text.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct PageQuery {
    pub vars: HashMap<String, String>,
    pub now_ms: f64,
    /// `[start, end)` in epoch ms.
    pub range: Option<(f64, f64)>,
    pub tz_offset_minutes: i32,
    /// Most message rows sent back (the histogram still counts all); 0 means the default.
    pub max_messages: usize,
    /// Characters of `_raw` sent per message row (the page asks for the whole text on expand).
    pub raw_preview: usize,
}

/// A query's answer as the page draws it.
#[derive(Serialize, Debug)]
pub struct PageResult {
    #[serde(flatten)]
    pub result: QueryResult,
    /// Rows before capping (messages) or rows (aggregates).
    pub total: usize,
    /// Message counts over time, for the histogram above the messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub histogram: Option<Histogram>,
    /// Categories of what is loaded, so the page can offer to fix a `_sourceCategory` that
    /// matches nothing.
    pub categories: Vec<String>,
    pub elapsed_ms: f64,
    /// Columns the page added to messages from each event (name, JSON path): a filter on one
    /// extracts it first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub auto_fields: Vec<(&'static str, &'static str)>,
}

/// The state of what is loaded, after a batch of files.
#[derive(Serialize, Debug)]
pub struct Summary {
    pub events: usize,
    pub files: usize,
    pub duplicates_dropped: usize,
    /// Of those, copies whose text differed from the one kept.
    pub duplicates_differing: usize,
    /// What to tell about them (which copies differed, which were kept), if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates_note: Option<String>,
    pub categories: Vec<String>,
    pub time: Option<TimeSpan>,
    pub memory_bytes: usize,
}

const DEFAULT_MAX_MESSAGES: usize = 10_000;
const DEFAULT_RAW_PREVIEW: usize = 600;

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Adds one file (gzip, zip or plain); the batch ends with [`Session::finish_loading`],
    /// which sorts once rather than per file.
    pub fn load(&mut self, name: &str, bytes: Vec<u8>, category: &str) -> FileReport {
        let opts = LoadOptions { category: category.to_string(), ..Default::default() };
        load_counted(&mut self.store, name, bytes, &opts, &mut self.used)
    }

    /// The report refusing a file of `len` bytes before its bytes are handed over, if the caps
    /// cannot take it (on wasm32 the copy into the engine's memory could itself fail).
    pub fn refuse(&self, name: &str, len: u64) -> Option<FileReport> {
        let l = crate::ingest::Limits::default();
        let left = l.max_total_bytes.saturating_sub(self.used);
        let (cap, which) = if left < l.max_file_bytes {
            (left, "total size (LoadOptions.limits.max_total_bytes)")
        } else {
            (l.max_file_bytes, "per-file (LoadOptions.limits.max_file_bytes)")
        };
        (len > cap).then(|| {
            let mut r = FileReport::new(name);
            r.fail(crate::ingest::limits::over_cap("the file is", cap, which), None, None);
            r
        })
    }

    /// Loads the generated sample data set (the story of `trailscope generate`), one report per
    /// file like a drop of the same files would give.
    pub fn load_sample(&mut self, events: u64, category: &str) -> Vec<FileReport> {
        let mut reports = Vec::new();
        let opts = Options { events, ..Options::default() };
        let _ = generate(opts, |f| {
            let o = LoadOptions { category: category.to_string(), ..Default::default() };
            reports.push(load_counted(&mut self.store, &f.path, f.json.into_bytes(), &o, &mut self.used));
        });
        reports
    }

    /// Ends a batch: sorts, drops events another file already had (unless kept), builds the
    /// hot columns that make repeated queries fast.
    pub fn finish_loading(&mut self, keep_duplicates: bool) -> Summary {
        self.store.finish();
        let dups = if keep_duplicates { Default::default() } else { self.store.drop_duplicates() };
        self.store.index_hot(1);
        let mut s = self.summary();
        s.duplicates_dropped = dups.dropped;
        s.duplicates_differing = dups.differing;
        s.duplicates_note = dups.message();
        s
    }

    pub fn summary(&self) -> Summary {
        Summary {
            events: self.store.len(),
            files: self.store.sources().len(),
            duplicates_dropped: 0,
            duplicates_differing: 0,
            duplicates_note: None,
            categories: self.categories(),
            time: self.store.time_span().map(|r| TimeSpan::new(r.start, r.end)),
            memory_bytes: self.store.memory_bytes(),
        }
    }

    pub fn categories(&self) -> Vec<String> {
        let mut c: Vec<String> = self.store.sources().iter().map(|s| s.category.clone()).collect();
        c.sort();
        c.dedup();
        c
    }

    pub fn clear(&mut self) {
        self.store = Store::new();
        self.used = 0;
    }

    /// Runs a query: its result shaped for the page, or the diagnostic as JSON (with line,
    /// column and UTF-16 offsets for the editor).
    pub fn query(&self, text: &str, q: &PageQuery, elapsed: impl Fn() -> f64) -> Result<PageResult, serde_json::Value> {
        let opts = QueryOptions {
            vars: q.vars.clone(),
            now_ms: q.now_ms as i64,
            range: q.range.map(|(a, b)| (a as i64, b as i64)),
            tz_offset_minutes: q.tz_offset_minutes,
            threads: 1,
            ..Default::default()
        };
        let mut result = run_query(&self.store, text, &opts, &self.lookups).map_err(|d| to_json(&d, text))?;
        let total = result.rows.len();
        let mut auto_fields = Vec::new();
        let histogram = (!result.aggregated).then(|| {
            let max = if q.max_messages == 0 { DEFAULT_MAX_MESSAGES } else { q.max_messages };
            let preview = if q.raw_preview == 0 { DEFAULT_RAW_PREVIEW } else { q.raw_preview };
            let h = cap_messages(&mut result, max, preview, q.range.map(|(a, b)| (a as i64, b as i64)));
            auto_fields = add_auto_fields(&mut result, &self.store);
            h
        });
        Ok(PageResult { result, total, histogram, categories: self.categories(), elapsed_ms: elapsed(), auto_fields })
    }

    /// The raw JSON of event `i`.
    pub fn raw(&self, i: usize) -> Option<&str> {
        (i < self.store.len()).then(|| self.store.raw(i))
    }
}
