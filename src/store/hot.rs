//! Hot fields: the values of a dozen fields nearly every query reads (eventName, errorCode,
//! userAgent, the user ...), extracted once per event into dictionary-coded columns, so that
//! `json "eventName"` over a loaded store is an array read instead of a JSON scan.

use crate::json::scan::{for_each_member, to_value};
use crate::value::Value;
use rustc_hash::FxHashMap as HashMap;

/// The paths indexed, as `json` writes them. Top-level keys, and keys of `userIdentity`.
pub const HOT_PATHS: &[&str] = &[
    "eventName",
    "eventSource",
    "errorCode",
    "errorMessage",
    "userAgent",
    "sourceIPAddress",
    "awsRegion",
    "recipientAccountId",
    "eventType",
    "userIdentity.type",
    "userIdentity.arn",
    "userIdentity.userName",
    "userIdentity.principalId",
    "userIdentity.accountId",
];

/// Code for "the event has no such field"; 1 is JSON `null`; dictionary entries start at 2.
pub const MISSING: u32 = 0;
pub(super) const NULL: u32 = 1;

/// One column per hot path: a code per event, and the dictionary of values.
#[derive(Default)]
pub struct HotColumns {
    pub(super) codes: Vec<Vec<u32>>,
    pub(super) dicts: Vec<Vec<Value>>,
}

impl HotColumns {
    /// The index of `path` among the hot paths, if it is one.
    pub fn column_of(path: &str) -> Option<usize> {
        HOT_PATHS.iter().position(|p| *p == path)
    }

    /// The value of hot column `col` for event `ev`: `None` when the event lacks the field
    /// (exactly what `json` would find by scanning the event).
    pub fn get(&self, col: usize, ev: usize) -> Option<Value> {
        match self.codes[col][ev] {
            MISSING => None,
            NULL => Some(Value::Null),
            c => Some(self.dicts[col][c as usize - 2].clone()),
        }
    }

    /// The code of hot column `col` for event `ev` ([`MISSING`], 1 for JSON null, or a value).
    pub fn code(&self, col: usize, ev: usize) -> u32 {
        self.codes[col][ev]
    }

    /// How many codes column `col` has (missing, null, and its dictionary).
    pub fn codes_len(&self, col: usize) -> usize {
        self.dicts[col].len() + 2
    }

    /// The value a code stands for (null for missing and JSON null).
    pub fn value(&self, col: usize, code: u32) -> Value {
        if code < 2 {
            Value::Null
        } else {
            self.dicts[col][code as usize - 2].clone()
        }
    }

    /// Builds the columns for `raws` (events in store order) on `threads` threads.
    pub fn build(raws: &[&str], threads: usize) -> HotColumns {
        if threads < 2 || raws.len() < 50_000 {
            return part(raws);
        }
        let per = raws.len().div_ceil(threads);
        let parts: Vec<HotColumns> = std::thread::scope(|s| {
            let hs: Vec<_> = raws.chunks(per).map(|c| s.spawn(move || part(c))).collect();
            hs.into_iter().map(|h| h.join().expect("index threads do not panic")).collect()
        });
        let mut all = HotColumns {
            codes: vec![Vec::with_capacity(raws.len()); HOT_PATHS.len()],
            dicts: vec![Vec::new(); HOT_PATHS.len()],
        };
        let mut maps: Vec<HashMap<Value, u32>> = vec![HashMap::default(); HOT_PATHS.len()];
        for p in parts {
            for (col, map) in maps.iter_mut().enumerate() {
                // Re-code this part's dictionary into the merged one.
                let remap: Vec<u32> = p.dicts[col].iter().map(|v| intern(map, &mut all.dicts[col], v)).collect();
                all.codes[col].extend(p.codes[col].iter().map(|&c| if c < 2 { c } else { remap[c as usize - 2] }));
            }
        }
        all
    }

    pub fn memory_bytes(&self) -> usize {
        self.codes.iter().map(|c| c.capacity() * 4).sum::<usize>()
            + self.dicts.iter().map(|d| d.len() * 48).sum::<usize>()
    }
}

fn intern(map: &mut HashMap<Value, u32>, dict: &mut Vec<Value>, v: &Value) -> u32 {
    if let Some(&c) = map.get(v) {
        return c;
    }
    dict.push(v.clone());
    let c = dict.len() as u32 + 1;
    map.insert(v.clone(), c);
    c
}

fn part(raws: &[&str]) -> HotColumns {
    let n = HOT_PATHS.len();
    let mut cols = HotColumns { codes: vec![Vec::with_capacity(raws.len()); n], dicts: vec![Vec::new(); n] };
    // Interning by the value's text as written: no allocation for values seen before.
    let mut maps: Vec<HashMap<&str, u32>> = vec![HashMap::default(); n];
    let mut row = vec![MISSING; n];
    for raw in raws {
        row.fill(MISSING);
        record_values(raw, &mut |col, text| set(&mut row[col], &mut maps[col], &mut cols.dicts[col], text));
        for (col, code) in row.iter().enumerate() {
            cols.codes[col].push(*code);
        }
    }
    cols
}

/// Calls `f(column, value text)` for each hot key of one record, in the record's order.
pub fn record_values<'a>(raw: &'a str, f: &mut dyn FnMut(usize, &'a str)) {
    let b = raw.as_bytes();
    for_each_member(b, 0, &mut |key, (s, e)| {
        if key == b"userIdentity" {
            for_each_member(b, s, &mut |k, (s2, e2)| {
                if let Some(col) = column(true, k) {
                    f(col, &raw[s2..e2]);
                }
            });
        } else if let Some(col) = column(false, key) {
            f(col, &raw[s..e]);
        }
    });
}

/// The hot column of a top-level key, or of a key inside `userIdentity`.
fn column(in_user: bool, key: &[u8]) -> Option<usize> {
    let start = if in_user { USER_START } else { 0 };
    let end = if in_user { HOT_PATHS.len() } else { USER_START };
    HOT_PATHS[start..end].iter().position(|p| p.as_bytes()[if in_user { 13 } else { 0 }..] == *key).map(|i| i + start)
}

/// Where the `userIdentity.` paths start in [`HOT_PATHS`].
const USER_START: usize = 9;

fn set<'a>(code: &mut u32, map: &mut HashMap<&'a str, u32>, dict: &mut Vec<Value>, raw: &'a str) {
    if *code != MISSING {
        return; // the first occurrence of a key wins, as in `json`
    }
    *code = if raw == "null" {
        NULL
    } else if let Some(&c) = map.get(raw) {
        c
    } else {
        dict.push(to_value(raw));
        let c = dict.len() as u32 + 1;
        map.insert(raw, c);
        c
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{extract, parse_path};

    #[test]
    fn columns_agree_with_json_extraction() {
        let raws = [
            r#"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:x"},"eventName":"GetUser","errorCode":null}"#,
            r#"{"eventName":"ConsoleLogin","userAgent":"Mozilla \"5\"","sourceIPAddress":"1.2.3.4","userIdentity":{"type":"Root"}}"#,
            r#"{"eventName":"GetUser","recipientAccountId":123}"#,
        ];
        let hot = HotColumns::build(&raws, 1);
        for (ev, raw) in raws.iter().enumerate() {
            for (col, path) in HOT_PATHS.iter().enumerate() {
                assert_eq!(hot.get(col, ev), extract(raw, &parse_path(path).unwrap()), "{path} of event {ev}");
            }
        }
    }
}
