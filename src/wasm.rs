//! The browser binding, and the only file that knows about wasm-bindgen: bytes in once per
//! file, one JSON string out per call; never a call across the boundary per event.

use crate::diag::render::to_json;
use crate::ingest::{load_bytes, LoadOptions};
use crate::lookup::Lookups;
use crate::store::Store;
use crate::{run_query, QueryOptions};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// The events loaded in one worker, and the lookups queries can use.
#[wasm_bindgen]
pub struct Engine {
    store: Store,
    lookups: Lookups,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct JsQueryOptions {
    vars: HashMap<String, String>,
    now_ms: f64,
    range: Option<(f64, f64)>,
    tz_offset_minutes: i32,
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine { store: Store::new(), lookups: Lookups::default() }
    }

    /// Adds one file's bytes (gzip or plain); returns its load report as JSON.
    pub fn load(&mut self, name: &str, bytes: &[u8], category: &str) -> String {
        let report = load_bytes(
            &mut self.store,
            name,
            bytes,
            &LoadOptions { category: category.to_string(), ..Default::default() },
        );
        self.store.finish();
        serde_json::to_string(&report).unwrap_or_default()
    }

    /// After a batch of files: drops duplicate events (unless `keep_duplicates`) and builds the
    /// hot-field columns that make repeated queries fast. Returns how many duplicates went.
    pub fn finish_loading(&mut self, keep_duplicates: bool) -> usize {
        self.store.finish();
        let dropped = if keep_duplicates { 0 } else { self.store.drop_duplicates() };
        self.store.index_hot(1);
        dropped
    }

    /// Hands the engine the bundled geo and ASN tables (fetched by the page only when a query
    /// or the map needs them); `geo://location` and `asn://default` give nulls until then.
    pub fn set_geo(&mut self, city: Vec<u8>, asn: Vec<u8>) {
        self.lookups.geo = Some(crate::geo::lazy_geo(city));
        self.lookups.asn = Some(crate::geo::lazy_asn(asn));
    }

    /// Number of events loaded.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    pub fn clear(&mut self) {
        self.store = Store::new();
    }

    /// Runs a query; returns `{"ok": result}` or `{"error": diagnostic}` as JSON.
    pub fn query(&self, text: &str, options_json: &str) -> String {
        let o: JsQueryOptions = serde_json::from_str(options_json).unwrap_or_default();
        let opts = QueryOptions {
            vars: o.vars,
            now_ms: o.now_ms as i64,
            range: o.range.map(|(a, b)| (a as i64, b as i64)),
            tz_offset_minutes: o.tz_offset_minutes,
            threads: 1,
        };
        let out = match run_query(&self.store, text, &opts, &self.lookups) {
            Ok(r) => serde_json::json!({ "ok": r }),
            Err(d) => serde_json::json!({ "error": to_json(&d, text) }),
        };
        out.to_string()
    }

    /// The raw JSON text of event `i` (for the page's expand and drill-down).
    pub fn raw(&self, i: usize) -> Option<String> {
        (i < self.store.len()).then(|| self.store.raw(i).to_string())
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}
