//! What the page's worker holds: loaded events, lookups, and answers shaped for a page.
//!
//! The wasm binding (src/wasm.rs) only turns these into JSON strings; everything here runs and
//! is tested natively.

mod detections;
mod fields;
mod kept;
mod messages;
mod query_text;
mod rules;
mod tables;
mod vocabulary;

pub use detections::PageDetect;
pub use fields::field_paths;
pub use kept::Kept;
pub use messages::{add_auto_fields, cap_messages, Histogram, AUTO_FIELDS};
pub use query_text::{needs_geo, quote_string, scope_to, signature_query, substitute};
pub use rules::is_rule_file;
pub use tables::{dropped, table_name, Dropped};
pub use vocabulary::{vocabulary, Vocabulary};

use crate::diag::render::to_json;
use crate::ingest::report::{FileReport, LoadReport, TimeSpan, Totals};
use crate::ingest::{load_counted, LoadOptions};
use crate::lookup::Lookups;
use crate::query::csv::{write_csv, CsvOptions, Times};
use crate::query::explain::{explain, Explain};
use crate::query::kinds::{column_kinds, Kind};
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
    /// The batch being loaded: every file's report, and the totals, as `trailscope ingest` adds them.
    batch: LoadReport,
    /// Results the page may ask to sort or export (`Session::query_kept`, `Session::order`,
    /// `Session::export_csv`).
    kept: Kept,
    /// The indicators of every threat-intel file dropped, for `sumo://threat/cs` (`add_table`).
    threat: Vec<crate::lookup::threat::Indicator>,
    /// The Sigma rule files dropped (name, text), run with the bundled ones (`add_rule`).
    rules: Vec<(String, String)>,
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

/// How the page asks for a CSV (`exportCsv`): line ends, and time columns `raw`, in `utc`, or in
/// `local` time: the browser's `zone` (a tz database name) when the engine knows it, else the
/// fixed `offset_minutes` (east positive).
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct CsvRequest {
    pub crlf: bool,
    pub times: CsvTimes,
    pub zone: Option<String>,
    pub offset_minutes: i32,
}

#[derive(Deserialize, Default, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum CsvTimes {
    #[default]
    Raw,
    Utc,
    Local,
}

impl CsvRequest {
    pub fn options(&self) -> CsvOptions {
        let times = match self.times {
            CsvTimes::Raw => Times::Raw,
            CsvTimes::Utc => Times::Utc,
            CsvTimes::Local => Times::local(self.zone.as_deref(), self.offset_minutes),
        };
        CsvOptions { crlf: self.crlf, times }
    }
}

/// A query's answer as the page draws it.
#[derive(Serialize, Debug)]
pub struct PageResult {
    #[serde(flatten)]
    pub result: QueryResult,
    /// Rows before capping (messages) or rows (aggregates).
    pub total: usize,
    /// Each column's kind (`number`, `time`, `text`, `empty`; `query::kinds`), which the page's
    /// table and charts draw by.
    pub kinds: Vec<Kind>,
    /// The id under which the engine keeps the result for sorting and CSV export
    /// (`Session::order`, `Session::export_csv`); every answer of `query_kept` has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_id: Option<u32>,
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

/// A batch's answer: the state of everything loaded, and what this batch did.
#[derive(Serialize, Debug)]
pub struct Loaded {
    pub summary: Summary,
    pub report: BatchReport,
}

/// What one batch of files did, for a page: the totals over every file of the batch (added as
/// `trailscope ingest` adds them), and the files to list.
#[derive(Serialize, Debug)]
pub struct BatchReport {
    /// Every file that needs attention (an error, a skip, skipped records), and the first
    /// [`LISTED_FILES`] of the others: a page lists no more. Each with its `index` in the batch.
    pub files: Vec<ListedFile>,
    pub totals: Totals,
}

/// A file's report and its place in the batch.
#[derive(Serialize, Debug)]
pub struct ListedFile {
    pub index: usize,
    #[serde(flatten)]
    pub report: FileReport,
}

/// Files without trouble a batch's report lists.
pub const LISTED_FILES: usize = 2000;

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
    /// which sorts once rather than per file. A CSV lookup table or a threat-intel file becomes
    /// a table queries can use instead ([`Session::add_table`]), its report saying so.
    pub fn load(&mut self, name: &str, bytes: Vec<u8>, category: &str) -> FileReport {
        if let Some(r) = self.add_rule(name, &bytes).or_else(|| self.add_table(name, &bytes)) {
            self.batch.push(r.clone());
            return r;
        }
        let mut tables = self.tables_in_zip(name, &bytes);
        tables.extend(self.rules_in_zip(name, &bytes));
        let opts = LoadOptions { category: category.to_string(), ..Default::default() };
        let mut r = load_counted(&mut self.store, name, bytes, &opts, &mut self.used);
        if !tables.is_empty() {
            // The event loader skipped these entries as CSVs that are not Event history, or
            // as files that are not CloudTrail (rules).
            for m in r.members.iter_mut() {
                if let Some(t) = tables.iter().find(|t| t.name == m.name) {
                    *m = t.clone();
                }
            }
            r.sum_members();
        }
        self.batch.push(r.clone());
        r
    }

    /// A file of the batch that could not be read (the browser failed to hand its bytes over):
    /// it counts in the batch's totals as a file with an error.
    pub fn unreadable(&mut self, name: &str, error: &str) -> FileReport {
        let mut r = FileReport::new(name);
        r.fail(format!("could not read the file: {error}"), None, None);
        self.batch.push(r.clone());
        r
    }

    /// The report refusing a file of `len` bytes before its bytes are handed over, if the caps
    /// cannot take it (on wasm32 the copy into the engine's memory could itself fail); a refused
    /// file counts in the batch as a file with an error.
    pub fn refuse(&mut self, name: &str, len: u64) -> Option<FileReport> {
        let l = crate::ingest::Limits::default();
        let left = l.max_total_bytes.saturating_sub(self.used);
        let (cap, which) = if left < l.max_file_bytes {
            (left, "total size (LoadOptions.limits.max_total_bytes)")
        } else {
            (l.max_file_bytes, "per-file (LoadOptions.limits.max_file_bytes)")
        };
        let r = (len > cap).then(|| {
            let mut r = FileReport::new(name);
            r.fail(crate::ingest::limits::over_cap("the file is", cap, which), None, None);
            r
        })?;
        self.batch.push(r.clone());
        Some(r)
    }

    /// Ends a batch: sorts, drops events another file already had (unless kept), builds the
    /// hot columns that make repeated queries fast; answers the summary of everything loaded
    /// and the batch's report.
    pub fn finish_loading(&mut self, keep_duplicates: bool) -> Loaded {
        self.store.finish();
        let dups = if keep_duplicates { Default::default() } else { self.store.drop_duplicates() };
        self.store.index_hot(1);
        let mut s = self.summary();
        s.duplicates_dropped = dups.dropped;
        s.duplicates_differing = dups.differing;
        s.duplicates_note = dups.message();
        Loaded { summary: s, report: batch_report(std::mem::take(&mut self.batch)) }
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
        self.batch = LoadReport::default();
        self.kept.clear();
        self.clear_tables();
        self.rules.clear();
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
        let kinds = column_kinds(&result.columns, &result.rows);
        let categories = self.categories();
        Ok(PageResult {
            result,
            total,
            kinds,
            result_id: None,
            histogram,
            categories,
            elapsed_ms: elapsed(),
            auto_fields,
        })
    }

    /// Runs a query as [`Session::query`] does, hands the answer to `write` (the binding turns it
    /// into JSON), then keeps the result's columns and rows (messages too: as capped for the
    /// page), without copying them, under the `result_id` the answer carries, for
    /// [`Session::order`] and [`Session::export_csv`].
    pub fn query_kept<T>(
        &mut self,
        text: &str,
        q: &PageQuery,
        elapsed: impl Fn() -> f64,
        write: impl FnOnce(&Result<PageResult, serde_json::Value>) -> T,
    ) -> T {
        let mut answer = self.query(text, q, elapsed);
        if let Ok(r) = answer.as_mut() {
            r.result_id = Some(self.kept.next_id());
        }
        let out = write(&answer);
        if let Ok(PageResult { result_id: Some(id), result, .. }) = answer {
            self.kept.keep(id, result.columns, result.rows);
        }
        out
    }

    /// The order of kept result `id`'s rows by column `column` (indexes into its rows), as the
    /// page's table shows a click on that column's header: `query::order`.
    pub fn order(&self, id: u32, column: usize, descending: bool) -> Result<Vec<u32>, String> {
        self.kept.order(id, column, descending)
    }

    /// Kept result `id` as CSV (`query::csv`), its rows in the order its answer had them, or why
    /// there is none.
    pub fn export_csv(&self, id: u32, o: &CsvRequest) -> Result<String, String> {
        let r = self.kept.get(id)?;
        Ok(write_csv(&r.columns, &r.rows, o.options()))
    }

    /// What the engine does with a query, stage by stage, over what is loaded (`query::explain`),
    /// or the diagnostic as JSON, as for [`Session::query`].
    pub fn explain(&self, text: &str, q: &PageQuery) -> Result<Explain, serde_json::Value> {
        explain(&self.store, text, &q.vars, &self.lookups).map_err(|d| to_json(&d, text))
    }

    /// The raw JSON of event `i`.
    pub fn raw(&self, i: usize) -> Option<&str> {
        (i < self.store.len()).then(|| self.store.raw(i))
    }
}

/// Whether a file's report asks for attention: an error, a skip, skipped records (a zip's entries too).
/// A table the file became is listed too, however many files the batch has.
fn needs_attention(r: &FileReport) -> bool {
    r.table.is_some()
        || r.error.is_some()
        || r.skipped.is_some()
        || r.records_skipped > 0
        || r.members.iter().any(needs_attention)
}

fn batch_report(batch: LoadReport) -> BatchReport {
    let mut others = LISTED_FILES;
    let files = batch
        .files
        .into_iter()
        .enumerate()
        .filter(|(_, r)| {
            needs_attention(r) || {
                let listed = others > 0;
                others = others.saturating_sub(1);
                listed
            }
        })
        .map(|(index, report)| ListedFile { index, report })
        .collect();
    BatchReport { files, totals: batch.totals }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// Every file under `dir` in name order, as `trailscope ingest` lists a folder.
    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for e in entries {
            if e.is_dir() {
                files(&e, out)
            } else {
                out.push(e)
            }
        }
    }

    /// The batch's totals, as the page gets them, for the files under `dir` dropped on it, and
    /// how many of the files became lookup tables or Sigma rules.
    fn page_totals(dir: &Path) -> (serde_json::Value, u64) {
        let mut s = Session::new();
        let mut list = Vec::new();
        files(dir, &mut list);
        let mut tables = 0;
        for f in &list {
            let r = s.load(&f.display().to_string(), std::fs::read(f).unwrap(), "cloudtrail");
            tables += u64::from(r.table.is_some() || r.rule.is_some());
        }
        let loaded = s.finish_loading(true);
        (serde_json::to_value(&loaded.report.totals).unwrap(), tables)
    }

    #[test]
    fn a_batchs_totals_are_those_of_trailscope_ingest() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for (dir, tables) in [("bad", 0), ("zip", 0), ("cloudtrail", 5)] {
            let dir = root.join(dir);
            let opts = LoadOptions { category: "cloudtrail".into(), ..Default::default() };
            let (_, mut cli) = crate::ingest::load_paths(std::slice::from_ref(&dir), &opts);
            // CSVs that are not Event history downloads are skipped by `ingest`, and are lookup
            // tables on the page (the blog's expected-q*.csv). The OTRF data set's metadata
            // `.yaml` is skipped by both: it is no Sigma rule.
            cli.totals.skipped_files -= tables;
            let page = page_totals(&dir);
            assert_eq!(page, (serde_json::to_value(&cli.totals).unwrap(), tables), "{}", dir.display());
        }
    }

    #[test]
    fn a_zip_with_a_damaged_index_counts_as_an_error() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
        let mut s = Session::new();
        let zip = dir.join("truncated.zip");
        let r = s.load("truncated.zip", std::fs::read(&zip).unwrap(), "cloudtrail");
        assert!(r.error.is_some() && !r.members.is_empty(), "{r:?}");
        let loaded = s.finish_loading(false);
        assert_eq!(loaded.report.totals.errors, 1 + r.members.iter().filter(|m| m.error.is_some()).count() as u64);
        assert_eq!(loaded.report.totals.files, r.members.len() as u64, "entries count as files, the archive not");
    }

    #[test]
    fn the_batch_counts_refused_and_unreadable_files_and_ends_with_finish() {
        let mut s = Session::new();
        s.load("a.json", br#"{"Records":[{"eventID":"1","eventTime":"2024-01-01T00:00:00Z"}]}"#.to_vec(), "c");
        assert!(s.refuse("huge.json", u64::MAX).is_some());
        assert!(s.refuse("small.json", 10).is_none());
        s.unreadable("gone.json", "NotFoundError");
        let first = s.finish_loading(false);
        let t = &first.report.totals;
        assert_eq!((t.files, t.records, t.errors), (3, 1, 2));
        let listed: Vec<(usize, &str)> = first.report.files.iter().map(|f| (f.index, f.report.name.as_str())).collect();
        assert_eq!(listed, [(0, "a.json"), (1, "huge.json"), (2, "gone.json")]);
        assert!(first.report.files[2].report.error.as_deref().unwrap().contains("NotFoundError"));
        // The next batch starts empty; what is loaded stays.
        let next = s.finish_loading(false);
        assert_eq!(next.report.totals.files, 0);
        assert_eq!(next.summary.events, 1);
    }

    #[test]
    fn a_category_that_matches_nothing_is_warning_w001_naming_it() {
        let mut s = Session::new();
        s.load(
            "a.json",
            br#"{"Records":[{"eventName":"X","eventTime":"2024-01-01T00:00:00Z"}]}"#.to_vec(),
            "cloudtrail",
        );
        s.finish_loading(false);
        let r = s.query("_sourceCategory = Labs/AWS/CloudTrail* | count", &PageQuery::default(), || 0.0).unwrap();
        let w = &r.result.warnings[0];
        assert_eq!((w.code, w.rows, w.subject.as_deref()), ("W001", 0, Some("Labs/AWS/CloudTrail*")));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["warnings"][0]["code"], "W001");
        assert_eq!(json["warnings"][0]["subject"], "Labs/AWS/CloudTrail*");
        let r = s
            .query(
                "_sourceCategory = cloud* | json \"eventName\" | where abs(eventName) > 0",
                &PageQuery::default(),
                || 0.0,
            )
            .unwrap();
        let codes: Vec<_> = r.result.warnings.iter().map(|w| (w.code, w.rows)).collect();
        assert_eq!(codes, [("W101", 1)], "a function's warning, with its rows");
    }

    /// The page's sample (generated by the sample crate, a dev-dependency), loaded file by file.
    fn load_sample(s: &mut Session, events: u64) {
        let opts = trailscope_sample::Options { events, ..Default::default() };
        trailscope_sample::generate(opts, |f| drop(s.load(&f.path, f.json.into_bytes(), "cloudtrail"))).unwrap();
    }

    #[test]
    fn an_aggregate_answer_carries_kinds_and_an_id_to_sort_it_by() {
        let mut s = Session::new();
        load_sample(&mut s, 2000);
        s.finish_loading(false);
        let q = "* | json \"eventName\" | count by eventName | sort by eventName asc";
        let (id, rows, json) = s.query_kept(
            q,
            &PageQuery::default(),
            || 0.0,
            |r| {
                let r = r.as_ref().unwrap();
                (r.result_id.unwrap(), r.result.rows.clone(), serde_json::to_value(r).unwrap())
            },
        );
        assert_eq!(json["kinds"], serde_json::json!(["text", "number"]));
        assert_eq!(json["result_id"], id);
        // By count, descending: the engine's order over the rows the page was sent.
        let order = s.order(id, 1, true).unwrap();
        let counts: Vec<f64> = order.iter().map(|&i| rows[i as usize][1].as_num().unwrap()).collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
        assert_eq!(s.order(id, 0, false).unwrap(), (0..rows.len() as u32).collect::<Vec<_>>());
        // Messages are kept too, as capped for the page (`max_messages` rows, `_raw` cut): the
        // CSV is of the rows the page shows. An error is no result.
        let q = PageQuery { max_messages: 3, raw_preview: 20, ..Default::default() };
        let (mid, text) = s.query_kept(
            "* | limit 5",
            &q,
            || 0.0,
            |r| {
                let r = r.as_ref().unwrap();
                assert_eq!(r.kinds.first(), Some(&Kind::Time));
                (r.result_id.unwrap(), crate::query::csv::to_csv(&r.result))
            },
        );
        assert_eq!(s.export_csv(mid, &CsvRequest::default()).unwrap(), text);
        assert_eq!(text.lines().count(), 4, "{text}");
        let utc: CsvRequest = serde_json::from_str(r#"{"crlf": true, "times": "utc"}"#).unwrap();
        let page = s.export_csv(mid, &utc).unwrap();
        assert!(page.starts_with("_messagetime,") && page.split("\r\n").nth(1).unwrap().starts_with("20"), "{page}");
        let local: CsvRequest =
            serde_json::from_str(r#"{"times": "local", "zone": "Asia/Kolkata", "offset_minutes": 0}"#).unwrap();
        assert_eq!(local.options().times, Times::Zone(chrono_tz::Asia::Kolkata));
        // The aggregate result is still held beside it.
        assert_eq!(s.export_csv(id, &CsvRequest::default()).unwrap().lines().count(), rows.len() + 1);
        s.query_kept("* | nope", &PageQuery::default(), || 0.0, |r| assert!(r.is_err()));
        assert!(s.export_csv(mid + 2, &utc).unwrap_err().contains("run the query again"));
        s.clear();
        assert!(s.order(id, 0, false).is_err() && s.export_csv(mid, &utc).is_err());
    }

    #[test]
    fn explain_sees_what_is_loaded_and_answers_errors_as_diagnostics() {
        let mut s = Session::new();
        load_sample(&mut s, 500);
        s.finish_loading(false);
        let e = s.explain("* | json \"eventName\" | count by eventName", &PageQuery::default()).unwrap();
        assert_eq!(e.events, s.store.len());
        assert!(e.stages[1].hot_columns && e.stages[2].hot_count);
        let d = s.explain("* | nope", &PageQuery::default()).unwrap_err();
        assert!(d["code"].as_str().unwrap().starts_with('E'), "{d}");
    }

    #[test]
    fn the_report_lists_every_troubled_file_and_the_first_others() {
        let mut s = Session::new();
        let ok = br#"{"Records":[{"eventTime":"2024-01-01T00:00:00Z"}]}"#;
        for i in 0..LISTED_FILES + 10 {
            s.load(&format!("{i}.json"), ok.to_vec(), "c");
        }
        s.load("bad.json", b"{\"Records\":[{".to_vec(), "c");
        let r = s.finish_loading(true).report;
        assert_eq!(r.files.len(), LISTED_FILES + 1);
        assert_eq!(r.files.last().unwrap().index, LISTED_FILES + 10);
        assert_eq!(r.totals.files, LISTED_FILES as u64 + 11);
    }
}
