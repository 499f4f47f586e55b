//! The events a query's keywords allow: found by one scan of the loaded text, then
//! remembered by the store, so the next query with the same keywords reads only those.

use crate::literal::Literal;
use crate::plan::matcher::Matcher;
use crate::store::Store;
use std::sync::Arc;

/// Below this many events a plain scan costs about as much as finding candidates.
pub const MIN_EVENTS: usize = 50_000;

/// Events (in order) that contain one of the scope's required keywords; `None` when the scope
/// requires none or the store is small.
pub fn candidates(matcher: &Matcher, store: &Store, threads: usize) -> Option<Arc<Vec<u32>>> {
    let mut words: Vec<String> = matcher.required()?.iter().map(|w| w.to_ascii_lowercase()).collect();
    if store.len() < MIN_EVENTS || words.iter().any(String::is_empty) {
        return None;
    }
    words.sort();
    words.dedup();
    Some(store.containing(&words.join("\u{0}"), || find(&words, store, threads)))
}

fn find(words: &[String], store: &Store, threads: usize) -> Vec<u32> {
    let lits: Vec<Literal> = words.iter().map(|w| Literal::new(w)).collect();
    let part = |r: std::ops::Range<usize>| -> Vec<u32> {
        r.filter(|&i| lits.iter().any(|l| l.is_match(store.raw(i).as_bytes()))).map(|i| i as u32).collect()
    };
    let n = store.len();
    if threads <= 1 || cfg!(target_arch = "wasm32") {
        return part(0..n);
    }
    let per = n.div_ceil(threads);
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads).map(|k| s.spawn(move || part(k * per..((k + 1) * per).min(n)))).collect();
        hs.into_iter().flat_map(|h| h.join().expect("search threads do not panic")).collect()
    })
}
