//! The browser binding, and the only file that knows about wasm-bindgen: bytes in once per
//! file, one JSON string out per call; never a call across the boundary per event.

use crate::session::{field_paths, vocabulary, PageQuery, Session};
use wasm_bindgen::prelude::*;

/// The events loaded in one worker, and the lookups queries can use.
#[wasm_bindgen]
pub struct Engine {
    s: Session,
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine { s: Session::new() }
    }

    /// Adds one file's bytes (gzip, zip or plain); returns its load report as JSON. End the
    /// batch with `finish_loading`.
    pub fn load(&mut self, name: &str, bytes: Vec<u8>, category: &str) -> String {
        json(&self.s.load(name, bytes, category))
    }

    /// Loads the generated sample data set; returns the per-file reports as a JSON array.
    pub fn load_sample(&mut self, events: u32, category: &str) -> String {
        json(&self.s.load_sample(events as u64, category))
    }

    /// After a batch of files: sorts, drops duplicates (unless `keep_duplicates`), builds the
    /// hot columns; returns the summary of everything loaded as JSON.
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
        self.s.lookups.geo = Some(crate::geo::lazy_geo(city));
        self.s.lookups.asn = Some(crate::geo::lazy_asn(asn));
    }

    pub fn has_geo(&self) -> bool {
        self.s.lookups.geo.is_some()
    }

    /// Gives every loaded file this `_sourceCategory`.
    pub fn set_category(&mut self, category: &str) {
        self.s.store.set_category(category);
    }

    /// Number of events loaded.
    pub fn len(&self) -> usize {
        self.s.store.len()
    }

    pub fn clear(&mut self) {
        self.s.clear();
    }

    /// Runs a query; returns `{"ok": result}` or `{"error": diagnostic}` as JSON.
    pub fn query(&self, text: &str, options_json: &str) -> String {
        let q: PageQuery = serde_json::from_str(options_json).unwrap_or_default();
        let t0 = js_sys::Date::now();
        match self.s.query(text, &q, || js_sys::Date::now() - t0) {
            Ok(r) => json(&serde_json::json!({ "ok": r })),
            Err(d) => json(&serde_json::json!({ "error": d })),
        }
    }

    /// The raw JSON text of event `i` (for the page's expand and drill-down).
    pub fn raw(&self, i: usize) -> Option<String> {
        self.s.raw(i).map(str::to_string)
    }

    /// Operators, functions and aggregates, as JSON, for completion.
    pub fn vocabulary() -> String {
        json(&vocabulary())
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
