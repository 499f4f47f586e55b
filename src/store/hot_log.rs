//! Hot columns built while files still arrive (the page's worker does it while it waits for
//! reads), kept in step with the events through sorting and dropping duplicates.

use super::hot::{record_values, HotColumns, HOT_PATHS, MISSING, NULL};
use crate::json::scan::to_value;
use rustc_hash::FxHashMap as HashMap;

/// Codes of events `0..done` in the store's current order, and the maps that extend them.
pub struct HotLog {
    pub cols: HotColumns,
    maps: Vec<HashMap<String, u32>>,
    pub done: usize,
}

impl HotLog {
    pub fn new() -> HotLog {
        let n = HOT_PATHS.len();
        HotLog {
            cols: HotColumns { codes: vec![Vec::new(); n], dicts: vec![Vec::new(); n] },
            maps: vec![HashMap::default(); n],
            done: 0,
        }
    }

    /// Adds the codes of the next event.
    pub fn push(&mut self, raw: &str) {
        let mut row = [MISSING; HOT_PATHS.len()];
        let (maps, dicts) = (&mut self.maps, &mut self.cols.dicts);
        record_values(raw, &mut |col, text| {
            if row[col] != MISSING {
                return; // the first occurrence of a key wins, as in `json`
            }
            row[col] = if text == "null" {
                NULL
            } else if let Some(&c) = maps[col].get(text) {
                c
            } else {
                dicts[col].push(to_value(text));
                let c = dicts[col].len() as u32 + 1;
                maps[col].insert(text.to_string(), c);
                c
            };
        });
        for (col, code) in row.iter().enumerate() {
            self.cols.codes[col].push(*code);
        }
        self.done += 1;
    }

    /// Reorders the codes as the events were: `order[k]` is the old index of new event `k`.
    pub fn permute(&mut self, order: &[u32]) {
        for codes in &mut self.cols.codes {
            *codes = order.iter().map(|&i| codes[i as usize]).collect();
        }
    }

    /// Keeps the codes of kept events.
    pub fn retain(&mut self, keep: &[bool]) {
        for codes in &mut self.cols.codes {
            let mut k = keep.iter();
            codes.retain(|_| *k.next().unwrap_or(&true));
        }
        self.done = self.cols.codes[0].len();
    }
}

impl Default for HotLog {
    fn default() -> Self {
        HotLog::new()
    }
}
