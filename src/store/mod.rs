//! The event store: every event's `_raw` in one text arena, its time, and where it came from.
//!
//! Memory stays near the input size: no JSON tree is kept per event, only offsets.

use std::ops::Range;

/// No `eventTime` (or one that does not parse): the event loads, with no time.
pub const NO_TIME: i64 = i64::MIN;

/// One event: a slice of the arena, its time in epoch ms, and its source file.
#[derive(Clone, Copy, Debug)]
pub struct Event {
    pub start: usize,
    pub len: u32,
    pub time: i64,
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

/// Events in Sumo Logic's raw order (newest first) once [`Store::finish`] has run.
#[derive(Default)]
pub struct Store {
    arena: String,
    events: Vec<Event>,
    sources: Vec<Source>,
    sorted: bool,
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    pub fn add_source(&mut self, source: Source) -> u32 {
        self.sources.push(source);
        (self.sources.len() - 1) as u32
    }

    /// Appends one event; `raw` must be the compact JSON text of the record.
    pub fn push(&mut self, raw: &str, time: i64, source: u32) {
        let start = self.arena.len();
        self.arena.push_str(raw);
        self.events.push(Event { start, len: raw.len() as u32, time, source });
        self.sorted = false;
    }

    /// Puts events newest first (stable, so records of equal time keep file order);
    /// events without a time go last.
    pub fn finish(&mut self) {
        if !self.sorted {
            self.events.sort_by(|a, b| b.time.cmp(&a.time));
            self.sorted = true;
        }
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
        &self.arena[e.start..e.start + e.len as usize]
    }

    pub fn source(&self, i: usize) -> &Source {
        &self.sources[self.events[i].source as usize]
    }

    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Bytes held: the arena plus the per-event index.
    pub fn memory_bytes(&self) -> usize {
        self.arena.capacity() + self.events.capacity() * std::mem::size_of::<Event>()
    }

    /// Earliest and latest event time (ms), if any event has one.
    pub fn time_span(&self) -> Option<Range<i64>> {
        let times = self.events.iter().map(|e| e.time).filter(|t| *t != NO_TIME);
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for t in times {
            lo = lo.min(t);
            hi = hi.max(t);
        }
        (lo <= hi).then(|| lo..hi)
    }

    /// Changes the `_sourceCategory` of every source (the CLI's `--category`).
    pub fn set_category(&mut self, category: &str) {
        for s in &mut self.sources {
            s.category = category.to_string();
        }
    }
}
