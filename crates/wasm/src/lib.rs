//! The browser binding, and the only file that knows about wasm-bindgen: bytes in once per
//! file, one JSON string out per call; never a call across the boundary per event.
// Only a wasm32 build has a browser to bind to; natively (`cargo build --workspace`) it is empty.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;
use trailscope::geo::{GeoTable, Lazy};
use trailscope::session::{
    field_paths, is_rule_file, needs_geo, scope_to, signature_query, substitute, vocabulary, CsvRequest, PageQuery,
    Session,
};
use wasm_bindgen::prelude::*;

#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The events loaded in one worker, and the lookups queries can use.
#[wasm_bindgen]
pub struct Engine {
    s: Session,
    /// Bytes the allocator was last given ahead of need and not yet used (see `make_room`).
    spare: usize,
    /// The city table, kept to open it ahead of the query that needs it (`warm_geo`).
    geo: Option<Arc<Lazy<GeoTable>>>,
    /// Why the last `sort_result` or `export_csv` answered nothing.
    kept_error: Option<String>,
}

/// Memory is taken from the browser at least this much at a time, and never more at once than
/// `GROW_MAX` ahead of need (a large file grows the heap as its data arrives).
const GROW_STEP: usize = 64 << 20;
const GROW_MAX: usize = 256 << 20;

/// About what loading a file will need: its bytes, and for gzip the size its trailer states
/// (mod 4 GiB). A guess only: the trailer of a cut-off or forged file says anything, so it is
/// believed only as far as deflate can expand (about 1032:1) and `GROW_MAX`.
fn room_for(bytes: &[u8]) -> usize {
    let gz = bytes.len() > 18 && bytes[0] == 0x1f && bytes[1] == 0x8b;
    let inflated = match bytes.len().checked_sub(4).filter(|_| gz) {
        Some(i) => u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize,
        None => bytes.len(),
    };
    inflated.min(bytes.len().saturating_mul(1032)).saturating_add(bytes.len()).min(GROW_MAX)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine { s: Session::new(), spare: 0, geo: None, kept_error: None }
    }

    /// Adds one file's bytes (gzip, zip or plain); returns its load report as JSON. End the
    /// batch with `finish_loading`. A CSV lookup table or a threat-intel file becomes a table
    /// for `lookup` (`Session::add_table`), its report's `table` saying which.
    pub fn load(&mut self, name: &str, bytes: Vec<u8>, category: &str) -> String {
        self.make_room(room_for(&bytes));
        json(&self.s.load(name, bytes, category))
    }

    /// Makes room for about `bytes` more: the allocator then takes memory from the browser in
    /// steps of 64 MiB instead of one small step per file, each of which costs milliseconds
    /// (measured: a third of the load time of 13,757 small files). Freed, the block stays with
    /// the allocator, which carves the next files out of it.
    fn make_room(&mut self, bytes: usize) {
        if bytes > self.spare {
            // A refused reservation is no fault: loading then takes memory as it goes, and
            // says so in the report if there is none.
            let step = bytes.max(GROW_STEP);
            let mut v = Vec::<u8>::new();
            self.spare = if v.try_reserve_exact(step).is_ok() { step } else { 0 };
        }
        self.spare = self.spare.saturating_sub(bytes);
    }

    /// The load report refusing a file of `len` bytes as JSON, or nothing if it may be loaded:
    /// asked before the bytes are copied into the engine's memory. A refused file counts in the
    /// batch's report.
    pub fn refuse(&mut self, name: &str, len: f64) -> Option<String> {
        self.s.refuse(name, len as u64).map(|r| json(&r))
    }

    /// A file of the batch the page could not read: counted in the batch's report as an error;
    /// returns its report as JSON.
    pub fn unreadable(&mut self, name: &str, error: &str) -> String {
        json(&self.s.unreadable(name, error))
    }

    /// Builds the hot columns of up to `max` events loaded since the last call (the worker
    /// calls it while it waits for files); returns how many it did, 0 when caught up.
    pub fn index_pending(&mut self, max: usize) -> usize {
        self.s.store.index_pending(max)
    }

    /// Loads the generated sample data set; returns the per-file reports as a JSON array.
    pub fn load_sample(&mut self, events: u32, category: &str) -> String {
        // The same files `trailscope generate` writes, loaded one by one as a drop of them would be.
        let mut reports = Vec::new();
        let opts = trailscope_sample::Options { events: u64::from(events), ..Default::default() };
        let _ =
            trailscope_sample::generate(opts, |f| reports.push(self.s.load(&f.path, f.json.into_bytes(), category)));
        json(&reports)
    }

    /// After a batch of files: sorts, drops duplicates (unless `keep_duplicates`), builds the
    /// hot columns; returns `{summary, report}` as JSON: the summary of everything loaded, and
    /// the batch's report (`files` to list, each with its `index`, and the `totals`).
    pub fn finish_loading(&mut self, keep_duplicates: bool) -> String {
        json(&self.s.finish_loading(keep_duplicates))
    }

    /// The summary of everything loaded, as JSON.
    pub fn summary(&self) -> String {
        json(&self.s.summary())
    }

    /// Hands the engine the bundled geo and ASN tables (the page fetches them only when a query
    /// or the map needs them); `geo://location` and `asn://default` give nulls until then.
    pub fn set_geo(&mut self, city: Vec<u8>, asn: Vec<u8>) {
        let geo = trailscope::geo::lazy_geo(city);
        self.geo = Some(geo.clone());
        self.s.lookups.geo = Some(geo);
        self.s.lookups.asn = Some(trailscope::geo::lazy_asn(asn));
    }

    /// Opens the city table now (half a second) rather than in the first query that looks an
    /// address up: the page calls it while a geo query is being typed.
    pub fn warm_geo(&self) {
        if let Some(g) = &self.geo {
            let _ = g.get();
        }
    }

    /// Gives every loaded file this `_sourceCategory`.
    pub fn set_category(&mut self, category: &str) {
        self.s.store.set_category(category);
    }

    /// Number of events loaded.
    #[allow(clippy::len_without_is_empty)] // the page asks for the count; an `is_empty` would go unused
    pub fn len(&self) -> usize {
        self.s.store.len()
    }

    pub fn clear(&mut self) {
        self.s.clear();
    }

    /// The bundled Sigma rules, the ones dropped with the logs and the ones `options_json` gives
    /// (`{"rules": [[name, text]], "expand": {...}}`) over the loaded events: `{alerts, summary,
    /// rules, license}` as JSON.
    /// `progress`, when given, is called with how far the run is (0 to 1) as it goes.
    pub fn detect(&self, options_json: &str, progress: Option<js_sys::Function>) -> String {
        let ask: trailscope::session::PageDetect = serde_json::from_str(options_json).unwrap_or_default();
        let mut tell = |f: f64| {
            if let Some(p) = &progress {
                let _ = p.call1(&JsValue::NULL, &JsValue::from_f64(f));
            }
        };
        self.s.detections_json(&ask, &mut tell)
    }

    /// The same run's alerts as `trailscope detect --format csv|json` writes them (`format`:
    /// `csv` or `json`); `None` for another format, and `kept_error` says why.
    pub fn detect_export(&mut self, options_json: &str, format: &str) -> Option<String> {
        let ask: trailscope::session::PageDetect = serde_json::from_str(options_json).unwrap_or_default();
        let answer = self.s.detections_export(&ask, format);
        self.kept(answer)
    }

    /// Runs a query; returns `{"ok": result}` or `{"error": diagnostic}` as JSON. A result
    /// carries each column's `kinds` and a `result_id`: the engine keeps its rows for
    /// `sort_result` and `export_csv`.
    pub fn query(&mut self, text: &str, options_json: &str) -> String {
        let q: PageQuery = serde_json::from_str(options_json).unwrap_or_default();
        let t0 = js_sys::Date::now();
        self.s.query_kept(
            text,
            &q,
            || js_sys::Date::now() - t0,
            |answer| match answer {
                Ok(r) => json(&serde_json::json!({ "ok": r })),
                Err(d) => json(&serde_json::json!({ "error": d })),
            },
        )
    }

    /// The row order (indexes into its rows) of kept result `result_id` sorted by `column`, as
    /// the page's table shows a click on its header; `None` when the engine no longer holds that
    /// result (or it has no such column), and `kept_error` says why.
    pub fn sort_result(&mut self, result_id: u32, column: usize, descending: bool) -> Option<Vec<u32>> {
        let answer = self.s.order(result_id, column, descending);
        self.kept(answer)
    }

    /// Kept result `result_id` as CSV (`query::csv`), with the options of `options_json`
    /// (`{crlf, times: "raw" | "utc" | "local", zone, offset_minutes}`, `session::CsvRequest`);
    /// `None` when the engine no longer holds that result, and `kept_error` says why.
    pub fn export_csv(&mut self, result_id: u32, options_json: &str) -> Option<String> {
        let answer = match serde_json::from_str::<CsvRequest>(options_json) {
            Ok(o) => self.s.export_csv(result_id, &o),
            Err(e) => Err(format!("the CSV options are not understood: {e}")),
        };
        self.kept(answer)
    }

    fn kept<T>(&mut self, answer: Result<T, String>) -> Option<T> {
        match answer {
            Ok(v) => {
                self.kept_error = None;
                Some(v)
            }
            Err(e) => {
                self.kept_error = Some(e);
                None
            }
        }
    }

    /// Why the last `sort_result`, `export_csv` or `detect_export` answered nothing.
    pub fn kept_error(&self) -> Option<String> {
        self.kept_error.clone()
    }

    /// What the engine does with a query (with the variables of `options_json`, as for `query`),
    /// stage by stage; returns `{"ok": explain}` or `{"error": diagnostic}` as JSON.
    pub fn explain(&self, text: &str, options_json: &str) -> String {
        let q: PageQuery = serde_json::from_str(options_json).unwrap_or_default();
        match self.s.explain(text, &q) {
            Ok(e) => json(&serde_json::json!({ "ok": e })),
            Err(d) => json(&serde_json::json!({ "error": d })),
        }
    }

    /// Whether the query (with the variables of `options_json`, as for `query`) looks addresses
    /// up in the geo or ASN tables: the worker fetches them before running it.
    pub fn needs_geo(&self, text: &str, options_json: &str) -> bool {
        let q: PageQuery = serde_json::from_str(options_json).unwrap_or_default();
        needs_geo(text, &q.vars)
    }

    /// The query with the template variables of `vars_json` (`{"name": "value"}`) written in.
    pub fn substitute(text: &str, vars_json: &str) -> String {
        let vars = serde_json::from_str(vars_json).unwrap_or_default();
        substitute(text, &vars)
    }

    /// Each query of `queries_json` (a JSON array of strings) with its leading `_sourceCategory`
    /// term set to `category` (dropped when empty), as a JSON array.
    pub fn scope_to(queries_json: &str, category: &str) -> String {
        let queries: Vec<String> = serde_json::from_str(queries_json).unwrap_or_default();
        json(&queries.iter().map(|q| scope_to(q, category)).collect::<Vec<_>>())
    }

    /// The query that finds the events of a `logreduce`/`logcompare` signature in `category`
    /// (none when empty): exactly them for a `logreduce` signature over the same events when
    /// `exact`, else a superset (`session::signature_query`).
    pub fn signature_query(signature: &str, category: &str, exact: bool) -> String {
        signature_query(signature, category, exact)
    }

    /// For each name of `names_json` (a JSON array of file names), whether the engine takes such a
    /// file as a Sigma rule (`session::is_rule_file`), as a JSON array of booleans.
    pub fn rule_files(names_json: &str) -> String {
        let names: Vec<String> = serde_json::from_str(names_json).unwrap_or_default();
        json(&names.iter().map(|n| is_rule_file(n)).collect::<Vec<_>>())
    }

    /// The raw JSON text of event `i` (for the page's expand and drill-down).
    pub fn raw(&self, i: usize) -> Option<String> {
        self.s.raw(i).map(str::to_string)
    }

    /// Operators, functions and aggregates, as JSON, for completion.
    pub fn vocabulary() -> String {
        json(&vocabulary())
    }

    /// A deliberate panic, which in wasm is a trap (`RuntimeError: unreachable`) that leaves
    /// this engine unusable, as any bug would. Only for the page's recovery tests: the worker
    /// calls it for a file or a query named exactly `__trailscope_trap__`, and only on a page
    /// opened with `?test-faults` (see www/src/engine/protocol.md). `&mut self`, as `load` is.
    pub fn trap_for_tests(&mut self) {
        panic!("a deliberate fault for tests")
    }

    /// Field paths seen in the first events, most frequent first, as a JSON array.
    pub fn fields(&self) -> String {
        json(&field_paths(&self.s.store, 500, 3))
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
