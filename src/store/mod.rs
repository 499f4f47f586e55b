//! The event store: every event's `_raw` as a slice of a text chunk, its time, and its source.
//!
//! Memory stays near the input size: a compact file's text becomes a chunk as it is (no copy),
//! and events are 24-byte index entries into it. Only records that had to be minified (or
//! unwrapped) are copied, into chunks the store owns. No JSON tree is kept per event.

pub mod found;
pub mod hot;
mod hot_log;

use hot::HotColumns;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::Arc;

/// No `eventTime` (or one that does not parse): the event loads, with no time.
pub const NO_TIME: i64 = i64::MIN;

/// Owned chunks are sealed at this size, so appending never copies much.
const OWN_CHUNK: usize = 32 << 20;

/// One event: `len` bytes at `start` of chunk `chunk`, its time in epoch ms, and its source.
#[derive(Clone, Copy, Debug)]
pub struct Event {
    pub time: i64,
    pub chunk: u32,
    pub start: u32,
    pub len: u32,
    pub source: u32,
}

/// Where events came from: `_sourceName` (the path), `_sourceCategory`, and what the S3 key tells.
#[derive(Clone, Debug, Default)]
pub struct Source {
    pub name: String,
    pub category: String,
    pub host: String,
    pub account: Option<String>,
    pub region: Option<String>,
}

/// The record's `eventID`. CloudTrail writes it near the end, so the search runs backwards;
/// a quoted key cannot occur inside a string value (its quotes would be escaped).
fn event_id(raw: &str) -> Option<&str> {
    static FINDER: std::sync::OnceLock<memchr::memmem::FinderRev<'static>> = std::sync::OnceLock::new();
    let finder = FINDER.get_or_init(|| memchr::memmem::FinderRev::new(b"\"eventID\":\""));
    let at = finder.rfind(raw.as_bytes())? + 11;
    raw[at..].find('"').map(|end| &raw[at..at + end])
}

/// Events in Sumo Logic's raw order (newest first) once [`Store::finish`] has run.
#[derive(Default)]
pub struct Store {
    chunks: Vec<Arc<String>>,
    /// The owned chunk being filled with minified records.
    open: String,
    events: Vec<Event>,
    sources: Vec<Source>,
    sorted: bool,
    /// Hot-field columns, in event order; dropped whenever events change.
    hot: Option<HotColumns>,
    /// Events containing a query's keywords, by keywords; dropped whenever events change.
    found: found::Found,
    /// Hot columns built ahead, event by event ([`Store::index_pending`]); follows the events
    /// through sorting and dropping, and becomes `hot` in [`Store::index_hot`].
    hot_log: Option<hot_log::HotLog>,
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    pub fn add_source(&mut self, source: Source) -> u32 {
        self.sources.push(source);
        (self.sources.len() - 1) as u32
    }

    /// Adds a file's text as a chunk; events can then point into it with [`Store::push_slice`].
    pub fn add_chunk(&mut self, text: Arc<String>) -> u32 {
        // The open chunk's events expect it at the next index: seal it before adding another.
        self.seal();
        self.chunks.push(text);
        (self.chunks.len() - 1) as u32
    }

    /// An event that is a slice of chunk `chunk` (already compact JSON): no copy.
    pub fn push_slice(&mut self, chunk: u32, range: Range<usize>, time: i64, source: u32) {
        self.events.push(Event { time, chunk, start: range.start as u32, len: range.len() as u32, source });
        self.sorted = false;
        self.changed();
    }

    /// An event whose text the store must own (minified or unwrapped records).
    pub fn push_owned(&mut self, raw: &str, time: i64, source: u32) {
        if self.open.len() + raw.len() > OWN_CHUNK && !self.open.is_empty() {
            self.seal();
        }
        if self.open.capacity() == 0 {
            self.open.reserve(OWN_CHUNK.min(raw.len().max(1 << 16)));
        }
        let start = self.open.len();
        self.open.push_str(raw);
        // The open chunk's index is the one it will get when sealed.
        let chunk = self.chunks.len() as u32;
        self.events.push(Event { time, chunk, start: start as u32, len: raw.len() as u32, source });
        self.sorted = false;
        self.changed();
    }

    /// Forgets everything derived from the events.
    fn changed(&mut self) {
        self.hot = None;
        self.found.clear();
    }

    /// Events (in order) whose text contains one of `keywords`, found by `find` on first use
    /// and remembered until the events change.
    pub fn containing(&self, keywords: &str, find: impl FnOnce() -> Vec<u32>) -> Arc<Vec<u32>> {
        self.found.get_or(keywords, find)
    }

    fn seal(&mut self) {
        if !self.open.is_empty() {
            let mut done = std::mem::take(&mut self.open);
            done.shrink_to_fit();
            self.chunks.push(Arc::new(done));
        }
    }

    /// Seals owned text and puts events newest first (stable, so records of equal time keep
    /// file order); events without a time go last.
    pub fn finish(&mut self) {
        if !self.sorted {
            if self.hot_log.is_some() {
                self.index_pending(usize::MAX);
                let mut order: Vec<u32> = (0..self.events.len() as u32).collect();
                order.sort_by(|&a, &b| self.events[b as usize].time.cmp(&self.events[a as usize].time));
                self.events = order.iter().map(|&i| self.events[i as usize]).collect();
                if let Some(log) = &mut self.hot_log {
                    log.permute(&order);
                }
            } else {
                self.events.sort_by_key(|e| std::cmp::Reverse(e.time));
            }
            self.sorted = true;
            self.changed();
        }
        self.seal();
    }

    /// Builds the hot columns of up to `max` events not yet indexed, in load order (the page
    /// does this while it waits for files, so little is left for [`Store::index_hot`]);
    /// returns how many it indexed.
    pub fn index_pending(&mut self, max: usize) -> usize {
        let log = self.hot_log.get_or_insert_with(hot_log::HotLog::new);
        let (from, to) = (log.done, self.events.len().min(log.done.saturating_add(max)));
        let mut log = self.hot_log.take().expect("just set");
        for i in from..to {
            log.push(self.raw(i));
        }
        self.hot_log = Some(log);
        to - from
    }

    /// Moves every event of `other` into this store (parallel loading builds one per thread).
    pub fn append(&mut self, mut other: Store) {
        self.seal();
        other.seal();
        let (c0, s0) = (self.chunks.len() as u32, self.sources.len() as u32);
        self.chunks.append(&mut other.chunks);
        self.sources.append(&mut other.sources);
        self.events.extend(other.events.into_iter().map(|mut e| {
            e.chunk += c0;
            e.source += s0;
            e
        }));
        self.sorted = false;
        self.changed();
    }

    /// Extracts the hot fields of every event into columns (after [`Store::finish`]).
    pub fn index_hot(&mut self, threads: usize) {
        self.finish();
        if self.hot_log.as_ref().is_some_and(|l| l.done == self.events.len()) {
            // Built ahead: it leaves the log (a later batch starts a new one).
            self.hot = self.hot_log.take().map(|l| l.cols);
            return;
        }
        self.hot_log = None;
        let raws: Vec<&str> = (0..self.len()).map(|i| self.raw(i)).collect();
        let hot = HotColumns::build(&raws, threads);
        self.hot = Some(hot);
    }

    /// The hot-field columns, if built and still valid.
    pub fn hot(&self) -> Option<&HotColumns> {
        self.hot.as_ref()
    }

    /// Drops later copies of an event whose `eventID` already came from another file (the same
    /// event delivered under two trails' prefixes, or a console download overlapping S3 files);
    /// events without an `eventID` are all kept. Returns how many were dropped.
    pub fn drop_duplicates(&mut self) -> Duplicates {
        self.drop_duplicates_on(1)
    }

    /// [`Store::drop_duplicates`], finding the ids on `threads` threads. Of two copies, the one
    /// from the file whose name sorts first is kept, whatever order the files loaded in; copies
    /// whose text differs are counted and named (the same id with other content is not a
    /// second delivery a user can ignore).
    pub fn drop_duplicates_on(&mut self, threads: usize) -> Duplicates {
        let before = self.events.len();
        let mut out = Duplicates::default();
        if self.sources.len() < 2 {
            return out; // duplicates are deliveries of one event in two files
        }
        let this = &*self;
        // Each event's id hashed in parallel; the sequential pass then only compares numbers,
        // and confirms a repeated hash with the ids themselves (a collision is never merged).
        let hash = |i: usize| event_id(this.raw(i)).map(|id| rustc_hash::FxBuildHasher.hash_one(id));
        let hashes: Vec<Option<u64>> = if threads < 2 || before < 50_000 {
            (0..before).map(hash).collect()
        } else {
            let per = before.div_ceil(threads);
            std::thread::scope(|s| {
                let hs: Vec<_> = (0..threads)
                    .map(|k| s.spawn(move || (k * per..((k + 1) * per).min(before)).map(hash).collect::<Vec<_>>()))
                    .collect();
                hs.into_iter().flat_map(|h| h.join().expect("id threads do not panic")).collect()
            })
        };
        let mut first: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
        let mut keep = vec![true; before];
        for (i, h) in hashes.iter().enumerate() {
            let Some(h) = h else { continue };
            match first.entry(*h) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i as u32);
                }
                std::collections::hash_map::Entry::Occupied(mut o) => {
                    let j = *o.get() as usize;
                    // Same id from another file: a second delivery. Within one file a repeated id
                    // is the file's own business (test data reuses ids), so both stay.
                    let (sj, si) = (this.events[j].source, this.events[i].source);
                    if sj == si || event_id(this.raw(j)) != event_id(this.raw(i)) {
                        continue;
                    }
                    let (name_j, name_i) = (&this.sources[sj as usize].name, &this.sources[si as usize].name);
                    let (kept, dropped) = if name_i < name_j { (i, j) } else { (j, i) };
                    keep[dropped] = false;
                    o.insert(kept as u32);
                    if this.raw(i) != this.raw(j) {
                        out.differing += 1;
                        if out.examples.len() < 3 {
                            out.examples.push(format!(
                                "eventID {}: kept the copy in {}, dropped the one in {}",
                                event_id(this.raw(kept)).unwrap_or_default(),
                                this.sources[this.events[kept].source as usize].name,
                                this.sources[this.events[dropped].source as usize].name
                            ));
                        }
                    }
                }
            }
        }
        let mut k = keep.iter();
        self.events.retain(|_| *k.next().unwrap_or(&true));
        if self.events.len() != before {
            match &mut self.hot_log {
                Some(log) if log.done == before => log.retain(&keep),
                _ => self.hot_log = None,
            }
            self.changed();
        }
        out.dropped = before - self.events.len();
        out
    }

    /// Keeps only events whose time is in `[from, to)` (events without a time go too); returns
    /// how many were dropped. For a time range given at load time.
    pub fn retain_range(&mut self, from: i64, to: i64) -> usize {
        let before = self.events.len();
        self.events.retain(|e| e.time != NO_TIME && e.time >= from && e.time < to);
        if self.events.len() != before {
            self.hot_log = None;
            self.changed();
        }
        before - self.events.len()
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn event(&self, i: usize) -> &Event {
        &self.events[i]
    }

    pub fn raw(&self, i: usize) -> &str {
        let e = &self.events[i];
        let start = e.start as usize;
        let text = match self.chunks.get(e.chunk as usize) {
            Some(c) => c.as_str(),
            None => self.open.as_str(), // before finish(): the open chunk
        };
        &text[start..start + e.len as usize]
    }

    pub fn source(&self, i: usize) -> &Source {
        &self.sources[self.events[i].source as usize]
    }

    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Bytes held: the chunks plus the per-event index.
    pub fn memory_bytes(&self) -> usize {
        self.chunks.iter().map(|c| c.capacity()).sum::<usize>()
            + self.open.capacity()
            + self.events.capacity() * std::mem::size_of::<Event>()
    }

    /// Earliest and latest event time (ms), if any event has one.
    pub fn time_span(&self) -> Option<Range<i64>> {
        let times = self.events.iter().map(|e| e.time).filter(|t| *t != NO_TIME);
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for t in times {
            lo = lo.min(t);
            hi = hi.max(t);
        }
        (lo <= hi).then_some(lo..hi)
    }

    /// Changes the `_sourceCategory` of every source (the CLI's `--category`).
    pub fn set_category(&mut self, category: &str) {
        for s in &mut self.sources {
            s.category = category.to_string();
        }
    }
}

/// What dropping duplicate events did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Duplicates {
    /// Copies dropped (same `eventID`, another file).
    pub dropped: usize,
    /// Of those, copies whose text differed from the one kept.
    pub differing: usize,
    /// A few of the differing ones: the id, the file kept and the file dropped.
    pub examples: Vec<String>,
}

impl Duplicates {
    /// What a user should be told, if anything.
    pub fn message(&self) -> Option<String> {
        if self.dropped == 0 {
            return None;
        }
        let mut m = format!("{} duplicate events (same eventID, another file) dropped", self.dropped);
        if self.differing > 0 {
            m += &format!(
                "; {} of them differed from the copy kept (the copy in the file whose name sorts first is kept): {}",
                self.differing,
                self.examples.join("; ")
            );
        }
        Some(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_owned_and_appended_stores_read_back() {
        let mut a = Store::new();
        let src = a.add_source(Source::default());
        let c = a.add_chunk(Arc::new("xx{\"a\":1}yy".to_string()));
        a.push_slice(c, 2..9, 2, src);
        a.push_owned("{\"b\":2}", 1, src);
        a.push_owned("{\"d\":4}", 0, src);
        let c2 = a.add_chunk(Arc::new("{\"e\":5}".to_string()));
        a.push_slice(c2, 0..7, -1, src);
        let mut b = Store::new();
        let s2 = b.add_source(Source { name: "b".into(), ..Default::default() });
        b.push_owned("{\"c\":3}", 3, s2);
        a.append(b);
        a.finish();
        let raws: Vec<&str> = (0..a.len()).map(|i| a.raw(i)).collect();
        assert_eq!(raws, ["{\"c\":3}", "{\"a\":1}", "{\"b\":2}", "{\"d\":4}", "{\"e\":5}"], "newest first");
        assert_eq!(a.source(0).name, "b");
    }

    #[test]
    fn a_time_range_keeps_what_falls_inside() {
        let mut s = Store::new();
        let src = s.add_source(Source::default());
        for (t, raw) in [(5, "{\"a\":5}"), (10, "{\"a\":10}"), (NO_TIME, "{}"), (20, "{\"a\":20}")] {
            s.push_owned(raw, t, src);
        }
        s.finish();
        assert_eq!(s.retain_range(5, 20), 2);
        assert_eq!((0..s.len()).map(|i| s.raw(i)).collect::<Vec<_>>(), ["{\"a\":10}", "{\"a\":5}"]);
    }

    #[test]
    fn duplicates_by_event_id_keep_the_first() {
        let mut s = Store::new();
        let (one, two) = (s.add_source(Source::default()), s.add_source(Source::default()));
        s.push_owned(r#"{"eventID":"a","n":1}"#, 1, one);
        s.push_owned(r#"{"eventID":"b"}"#, 2, one);
        s.push_owned(r#"{"eventID":"a","n":2}"#, 3, two);
        s.push_owned(r#"{"eventID":"b","again":"same file"}"#, 4, one);
        s.push_owned(r#"{"x":1}"#, 5, two);
        s.push_owned(r#"{"x":1}"#, 6, two);
        s.finish();
        assert_eq!(s.drop_duplicates().dropped, 1, "only the second delivery of a, from another file");
        let raws: Vec<&str> = (0..s.len()).map(|i| s.raw(i)).collect();
        assert_eq!(
            raws,
            [
                r#"{"x":1}"#,
                r#"{"x":1}"#,
                r#"{"eventID":"b","again":"same file"}"#,
                r#"{"eventID":"a","n":2}"#,
                r#"{"eventID":"b"}"#
            ]
        );
    }

    #[test]
    fn of_two_differing_copies_the_first_file_by_name_is_kept_and_named() {
        for order in [["b.json", "a.json"], ["a.json", "b.json"]] {
            let mut s = Store::new();
            let ids: Vec<u32> =
                order.iter().map(|n| s.add_source(Source { name: n.to_string(), ..Default::default() })).collect();
            for (k, src) in ids.iter().enumerate() {
                let raw = format!(r#"{{"eventID":"x","from":"{}"}}"#, order[k]);
                s.push_owned(&raw, 10 + k as i64, *src);
            }
            s.finish();
            let d = s.drop_duplicates();
            assert_eq!((d.dropped, d.differing), (1, 1));
            assert_eq!(s.raw(0), r#"{"eventID":"x","from":"a.json"}"#, "whatever order they loaded in");
            assert!(d.message().unwrap().contains("kept the copy in a.json, dropped the one in b.json"));
        }
    }
}
