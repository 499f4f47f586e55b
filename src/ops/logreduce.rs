//! LogReduce and LogCompare, offline: text clustered into signatures without building a JSON
//! tree per event and without comparing every line with every signature.
//!
//! How a signature is found (`logreduce`, `logcompare`):
//! 1. The text is cut into words (runs of letters, digits, non-ASCII bytes and `_ . - / @ +`,
//!    and `:` between two letters or digits, so `10:20:30`, `a.b.c`, `10.0.0.1` and
//!    `2024-03-10T08:15:00Z` are one word each) and the separators between them.
//! 2. A word of 32 bytes or more, or with a digit in it, is variable (numbers, IDs, IPs,
//!    timestamps, hex, account IDs, access keys, regions) and becomes `*`, unless each of its
//!    runs of letters and digits that holds a digit is a short name with a number
//!    (`ec2.amazonaws.com`, `s3`, `route53`, `t2.micro` stay). Quoted text is not masked as a
//!    whole: in CloudTrail's JSON every value is quoted, and `eventName` must stay readable.
//! 3. The masked text is the first-level key: events with the same masked text are one group
//!    (a hash map lookup per event, in parallel over parts of the rows, merged in order).
//! 4. Groups whose masked texts have the same separators and the same number of words and
//!    differ in one word are merged, transitively, and the words that differ within a merged
//!    cluster become `*`. Candidates are found by hashing each group with one word left out
//!    (a rolling hash, so each group costs its length, not its length squared), only among
//!    groups with the same skeleton (separators and word count); every merge is checked word
//!    by word, so a hash collision cannot merge two groups. A cluster varies in at most
//!    `MAX_VARYING` word positions: two clusters whose union would vary in more stay apart, so
//!    a chain of one-word differences cannot turn a whole event into `*`s.
//!
//! The result is deterministic: groups are numbered in row order, clusters take their first
//! group's place, and rows are sorted by count (largest first), ties in order of appearance.

use crate::exec::cx::Cx;
use crate::exec::row::{Reader, Row};
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;
use crate::value::Value;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{Hash, Hasher};

/// Rows per thread below which one thread is quicker.
const MIN_PARALLEL_ROWS: usize = 20_000;

/// The word positions a merged cluster may vary in (see the module's step 4).
const MAX_VARYING: usize = 3;

/// What becomes one group's key.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Signatures of the text (`logreduce`, `logcompare`).
    Text,
    /// The set of keys a JSON or key-value text holds (`logreduce keys`).
    Keys { keyvalue: bool, maxdepth: usize },
    /// The values of fields (`logreduce values on a, b`): below `threshold` a value is `*`.
    Values { on: Vec<(FieldId, String)>, threshold: f64 },
}

/// `logreduce` in its three forms.
pub struct LogReduce {
    pub mode: Mode,
    /// The text reduced (`_raw` unless `field=`); unused by `values`.
    pub field: FieldId,
    /// `by` fields: signatures are found within each combination of their values.
    pub by: Vec<(FieldId, String)>,
    pub limit: Option<usize>,
    /// `criteria=leastcommon`: smallest counts first.
    pub least: bool,
    /// `noaggregate`: each row that has the text, with its signature and its id, in place of
    /// the counted signatures.
    pub noaggregate: bool,
    /// With `noaggregate`: only the rows of these cluster ids (lower case), when any.
    pub only: Vec<String>,
    /// Output columns: `_signature` (or `_schema`), `_count`, `_relevance` (or the id column).
    pub outs: Outs,
}

/// The output slots.
pub struct Outs {
    pub id: (FieldId, String),
    pub signature: (FieldId, String),
    pub count: FieldId,
    pub relevance: FieldId,
}

/// One first-level group.
struct Group {
    /// The by-values, rendered, then `\u{1e}`, then the masked text.
    key: Box<str>,
    by: Vec<Value>,
    /// Count in the target (or only) window, and in the baseline window.
    counts: [u64; 2],
    /// The first row it was seen in (target rows first, then baseline rows).
    first: usize,
}

#[derive(Default)]
struct Groups {
    index: HashMap<Box<str>, usize>,
    groups: Vec<Group>,
}

impl Groups {
    fn add(&mut self, key: &str, by: impl FnOnce() -> Vec<Value>, window: usize, n: u64, first: usize) {
        match self.index.get(key) {
            Some(&i) => self.groups[i].counts[window] += n,
            None => {
                let key: Box<str> = key.into();
                let mut counts = [0, 0];
                counts[window] = n;
                self.index.insert(key.clone(), self.groups.len());
                self.groups.push(Group { key, by: by(), counts, first });
            }
        }
    }

    /// Folds a later part in.
    fn merge(&mut self, other: Groups) {
        for g in other.groups {
            match self.index.get(&g.key) {
                Some(&i) => {
                    self.groups[i].counts[0] += g.counts[0];
                    self.groups[i].counts[1] += g.counts[1];
                }
                None => {
                    self.index.insert(g.key.clone(), self.groups.len());
                    self.groups.push(g);
                }
            }
        }
    }
}

const KEY_SEP: char = '\u{1e}';

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80 || matches!(b, b'_' | b'.' | b'-' | b'/' | b'@' | b'+')
}

/// The pieces of `s`: (start, end, is a word), words and separators alternating.
fn pieces(s: &str, out: &mut Vec<(u32, u32, bool)>) {
    out.clear();
    out.extend(runs(s.as_bytes()).map(|(a, b, w)| (a as u32, b as u32, w)));
}

/// The runs of word and separator bytes of `b`, in order: (start, end, is a word).
fn runs(b: &[u8]) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= b.len() {
            return None;
        }
        let start = i;
        let word = in_word(b, i);
        while i < b.len() && in_word(b, i) == word {
            i += 1;
        }
        Some((start, i, word))
    })
}

fn in_word(b: &[u8], i: usize) -> bool {
    is_word(b[i])
        || (b[i] == b':'
            && i > 0
            && i + 1 < b.len()
            && b[i - 1].is_ascii_alphanumeric()
            && b[i + 1].is_ascii_alphanumeric())
}

/// Whether a word is variable (see the module's rules).
fn variable(w: &[u8]) -> bool {
    w.len() >= 32
        || w.split(|b| !b.is_ascii_alphanumeric()).any(|seg| seg.iter().any(u8::is_ascii_digit) && !name_like(seg))
}

/// A run of letters and digits that names something rather than counts or identifies it:
/// one to six letters, then one or two digits (`ec2`, `s3`, `route53`, `t2`, `v4`).
fn name_like(seg: &[u8]) -> bool {
    let letters = seg.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = seg.len() - letters;
    (1..=6).contains(&letters) && (1..=2).contains(&digits) && seg[letters..].iter().all(u8::is_ascii_digit)
}

/// Appends `text` with its variable words written `*`.
pub fn mask(text: &str, out: &mut String) {
    for (start, end, word) in runs(text.as_bytes()) {
        let piece = &text[start..end];
        if word && variable(piece.as_bytes()) {
            out.push('*');
        } else {
            out.push_str(piece);
        }
    }
}

/// The keyword text that finds a text signature's events: the signature with each run of `*`
/// written once and the `*`s at its ends dropped, to be quoted as one keyword. A quoted keyword
/// with `*` in it is a case-insensitive wildcard over `_raw` (`plan::matcher`): the literal
/// pieces must appear in the signature's order, and each `*` matches any text. Every event of
/// the signature matches it (its text is the signature with words in the `*`s), so it finds a
/// superset: a `*` can match more than one word, or text with a fixed word in it that belongs
/// to another signature. Control characters (newlines, tabs) become `*` too, so the keyword
/// stays one line. Empty when the signature has no literal text but white space.
pub fn signature_keyword(signature: &str) -> String {
    let mut out = String::with_capacity(signature.len());
    for c in signature.chars() {
        let c = if c.is_control() { '*' } else { c };
        if c == '*' && out.ends_with('*') {
            continue;
        }
        out.push(c);
    }
    if out.chars().all(|c| c == '*' || c.is_whitespace()) {
        return String::new();
    }
    out.trim_matches('*').to_string()
}

/// The set of keys of a JSON object (dotted paths, `[*]` for arrays, at most `maxdepth`
/// objects deep), sorted, as a JSON array; `None` if `text` is not a JSON object. Walks the
/// bytes once; no value is built.
pub fn json_keys(text: &str, maxdepth: usize) -> Option<String> {
    let b = text.as_bytes();
    let mut i = b.iter().position(|c| !c.is_ascii_whitespace())?;
    if b[i] != b'{' {
        return None;
    }
    // Per open container: (is an object, path length before it, object depth).
    let mut stack: Vec<(bool, usize, usize)> = Vec::new();
    let mut path = String::new();
    let mut keys: Vec<String> = Vec::new();
    let mut expect_key = false;
    while i < b.len() {
        match b[i] {
            b'{' => {
                let depth = stack.iter().filter(|s| s.0).count() + 1;
                stack.push((true, path.len(), depth));
                expect_key = true;
                i += 1;
            }
            b'[' => {
                let len = path.len();
                let depth = stack.last().map_or(0, |s| s.2);
                path.push_str("[*]");
                stack.push((false, len, depth));
                i += 1;
            }
            b'}' | b']' => {
                let (_, len, _) = stack.pop()?;
                path.truncate(len);
                if stack.is_empty() {
                    break;
                }
                i += 1;
            }
            b',' => {
                expect_key = stack.last().is_some_and(|s| s.0);
                i += 1;
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                if j >= b.len() {
                    return None;
                }
                if expect_key {
                    let &(_, base, depth) = stack.last()?;
                    path.truncate(base);
                    if depth <= maxdepth {
                        let mut k = path.clone();
                        if !k.is_empty() {
                            k.push('.');
                        }
                        k.push_str(&text[start..j]);
                        keys.push(k);
                    }
                    // The key's value (if an object) hangs under `path.key`.
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&text[start..j]);
                    expect_key = false;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    if !stack.is_empty() {
        return None;
    }
    keys.sort_unstable();
    keys.dedup();
    Some(serde_json::to_string(&keys).expect("strings serialise"))
}

/// The keys of `key=value`, `key: value`, `key=>value`, `key->value` pairs, sorted, as a JSON
/// array; `None` if there is none.
pub fn kv_keys(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut keys = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !(b[i].is_ascii_alphanumeric() || b[i] == b'_') || (i > 0 && is_key_byte(b[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_key_byte(b[i]) {
            i += 1;
        }
        let mut key = &text[start..i];
        if key.len() > 1 && key.ends_with('-') && b.get(i) == Some(&b'>') {
            // `key->value`: the `-` belongs to the arrow.
            key = &key[..key.len() - 1];
            if !key.bytes().all(|c| c.is_ascii_digit()) {
                keys.push(key.to_string());
            }
            continue;
        }
        let mut j = i;
        if b.get(j) == Some(&b'"') && start > 0 && b[start - 1] == b'"' {
            j += 1;
        }
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        let delim = matches!(b.get(j), Some(b'=' | b':')) || text[j..].starts_with("->");
        if delim && !key.bytes().all(|c| c.is_ascii_digit()) {
            keys.push(key.to_string());
        }
    }
    if keys.is_empty() {
        return None;
    }
    keys.sort_unstable();
    keys.dedup();
    Some(serde_json::to_string(&keys).expect("strings serialise"))
}

fn is_key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')
}

/// A stable 64-bit hash (FNV-1a), as 16 hex digits: the same on every platform and run.
pub fn stable_id(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl LogReduce {
    /// The first-level groups of `rows` (window 0) and `baseline` (window 1).
    fn groups(&self, rows: &[Row], baseline: &[Row], cx: &Cx) -> Groups {
        let reader = cx.env.reader;
        let mut all = Groups::default();
        let threads = if cfg!(target_arch = "wasm32") { 1 } else { cx.threads.max(1) };
        if let Mode::Values { on, threshold } = &self.mode {
            let frequent = frequent_values(on, *threshold, rows, baseline, &reader);
            for (w, part) in [rows, baseline].into_iter().enumerate() {
                let offset = if w == 0 { 0 } else { rows.len() };
                for (k, row) in part.iter().enumerate() {
                    let key = self.values_key(on, &frequent, row, &reader);
                    all.add(&key, || self.by_values(row, &reader), w, 1, offset + k);
                }
            }
            return all;
        }
        for (w, part) in [rows, baseline].into_iter().enumerate() {
            let offset = if w == 0 { 0 } else { rows.len() };
            let n = threads.min(part.len() / MIN_PARALLEL_ROWS).max(1);
            if n == 1 {
                all.merge(self.part(part, w, offset, &reader));
                continue;
            }
            let per = part.len().div_ceil(n);
            let parts: Vec<Groups> = std::thread::scope(|s| {
                let hs: Vec<_> = part
                    .chunks(per)
                    .enumerate()
                    .map(|(k, chunk)| s.spawn(move || self.part(chunk, w, offset + k * per, &reader)))
                    .collect();
                hs.into_iter().map(|h| h.join().expect("logreduce threads do not panic")).collect()
            });
            for p in parts {
                all.merge(p);
            }
        }
        all
    }

    /// The groups of one contiguous part of the rows.
    fn part(&self, rows: &[Row], window: usize, offset: usize, reader: &Reader) -> Groups {
        let mut g = Groups::default();
        let mut key = String::new();
        for (k, row) in rows.iter().enumerate() {
            if self.key(row, reader, &mut key) {
                g.add(&key, || self.by_values(row, reader), window, 1, offset + k);
            }
        }
        g
    }

    /// Writes a row's first-level key (text and keys forms) into `key`; false when the row has
    /// no text to reduce.
    fn key(&self, row: &Row, reader: &Reader, key: &mut String) -> bool {
        let Some(text) = reader.text(row, self.field) else { return false };
        key.clear();
        self.by_prefix(row, reader, key);
        match &self.mode {
            Mode::Text => mask(&text, key),
            Mode::Keys { keyvalue, maxdepth } => {
                let schema = if *keyvalue { kv_keys(&text) } else { json_keys(&text, *maxdepth) };
                key.push_str(schema.as_deref().unwrap_or("unknown"));
            }
            Mode::Values { .. } => unreachable!("values are keyed by values_key"),
        }
        true
    }

    fn by_values(&self, row: &Row, reader: &Reader) -> Vec<Value> {
        self.by.iter().map(|(id, _)| reader.get(row, *id)).collect()
    }

    fn by_prefix(&self, row: &Row, reader: &Reader, key: &mut String) {
        for (id, _) in &self.by {
            let v = reader.get(row, *id);
            // Null and "" differ in the key: `\u{1f}` marks a value.
            if !v.is_null() {
                key.push('\u{1f}');
                key.push_str(&v.as_text());
            }
            key.push('\u{1d}');
        }
        key.push(KEY_SEP);
    }

    fn values_key(
        &self,
        on: &[(FieldId, String)],
        frequent: &[Option<HashSet<String>>],
        row: &Row,
        reader: &Reader,
    ) -> String {
        let mut key = String::new();
        self.by_prefix(row, reader, &mut key);
        // A JSON object in the order the fields are listed.
        key.push('{');
        for (k, ((id, name), keep)) in on.iter().zip(frequent).enumerate() {
            let v = reader.get(row, *id);
            let shown = match (&v, keep) {
                (Value::Null, _) => serde_json::Value::Null,
                (v, Some(keep)) if !keep.contains(v.as_text().as_ref()) => "*".into(),
                (Value::Num(n), _) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into),
                (Value::Bool(b), _) => (*b).into(),
                (v, _) => v.as_text().into_owned().into(),
            };
            if k > 0 {
                key.push(',');
            }
            key.push_str(&serde_json::Value::String(name.clone()).to_string());
            key.push(':');
            key.push_str(&shown.to_string());
        }
        key.push('}');
        key
    }

    /// Runs `logreduce` over a table.
    pub fn reduce(&self, t: Table, cx: &Cx) -> Table {
        let mut groups = self.groups(&t.rows, &[], cx);
        let index = std::mem::take(&mut groups.index);
        let (clusters, of_group) = match self.mode {
            Mode::Text => cluster(groups.groups),
            _ => {
                let n = groups.groups.len();
                (
                    groups.groups.into_iter().map(|g| Cluster { sig: g.key.clone(), group: g }).collect(),
                    (0..n).collect(),
                )
            }
        };
        if self.noaggregate {
            return self.each_row(t, &clusters, &index, &of_group, cx);
        }
        self.table(clusters, cx)
    }

    /// `noaggregate`: the rows that have the text, each with its cluster's id and signature.
    fn each_row(
        &self,
        mut t: Table,
        clusters: &[Cluster],
        index: &HashMap<Box<str>, usize>,
        of_group: &[usize],
        cx: &Cx,
    ) -> Table {
        let reader = cx.env.reader;
        let o = &self.outs;
        let shown: Vec<(Value, Value)> = clusters
            .iter()
            .map(|c| {
                let text = signature_text(&c.sig);
                let id = if text == "unknown" { "0000000000000000".to_string() } else { stable_id(text) };
                (Value::str(&id), Value::str(text))
            })
            .collect();
        let frequent = match &self.mode {
            Mode::Values { on, threshold } => frequent_values(on, *threshold, &t.rows, &[], &reader),
            _ => Vec::new(),
        };
        let mut key = String::new();
        t.rows.retain_mut(|row| {
            let found = match &self.mode {
                Mode::Values { on, .. } => {
                    key = self.values_key(on, &frequent, row, &reader);
                    true
                }
                _ => self.key(row, &reader, &mut key),
            };
            let Some(&g) = index.get(key.as_str()).filter(|_| found) else { return false };
            let (id, sig) = &shown[of_group[g]];
            if !self.only.is_empty() && !self.only.iter().any(|o| *o == id.as_text()) {
                return false;
            }
            row.set(o.id.0, id.clone());
            row.set(o.signature.0, sig.clone());
            true
        });
        for (id, name) in [&o.id, &o.signature] {
            if !t.cols.iter().any(|c| c.id == *id) {
                t.cols.push(Col { id: *id, name: name.clone() });
            }
        }
        t
    }

    fn table(&self, mut clusters: Vec<Cluster>, cx: &Cx) -> Table {
        if self.least {
            clusters.sort_by(|a, b| a.group.counts[0].cmp(&b.group.counts[0]).then(a.group.first.cmp(&b.group.first)));
        } else {
            clusters.sort_by(|a, b| b.group.counts[0].cmp(&a.group.counts[0]).then(a.group.first.cmp(&b.group.first)));
        }
        if let Some(n) = self.limit {
            clusters.truncate(n);
        }
        let nfields = cx.env.reader.fields.len();
        let mut cols: Vec<Col> = self.by.iter().map(|(id, n)| Col { id: *id, name: n.clone() }).collect();
        let o = &self.outs;
        let with_id = !matches!(self.mode, Mode::Text);
        if with_id {
            cols.push(Col { id: o.id.0, name: o.id.1.clone() });
        }
        cols.push(Col { id: o.signature.0, name: o.signature.1.clone() });
        cols.push(Col { id: o.count, name: "_count".into() });
        if !with_id {
            cols.push(Col { id: o.relevance, name: "_relevance".into() });
        }
        let rows = clusters
            .into_iter()
            .map(|c| {
                let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
                for ((id, _), v) in self.by.iter().zip(c.group.by) {
                    row.vals[*id] = v;
                }
                let text = signature_text(&c.sig);
                if with_id {
                    let id = if text == "unknown" { "0000000000000000".to_string() } else { stable_id(text) };
                    row.vals[o.id.0] = Value::str(&id);
                } else {
                    // No promote/demote feedback offline: Sumo's neutral relevance.
                    row.vals[o.relevance] = Value::Num(5.0);
                }
                row.vals[o.signature.0] = Value::str(text);
                row.vals[o.count] = Value::Num(c.group.counts[0] as f64);
                row
            })
            .collect();
        Table { cols, rows, aggregated: true }
    }
}

/// For `values`: per field, the values at or above the threshold share of all rows (`None`:
/// no threshold, every value is shown).
fn frequent_values(
    on: &[(FieldId, String)],
    threshold: f64,
    rows: &[Row],
    baseline: &[Row],
    reader: &Reader,
) -> Vec<Option<HashSet<String>>> {
    if threshold <= 0.0 {
        return vec![None; on.len()];
    }
    let total = (rows.len() + baseline.len()) as f64;
    on.iter()
        .map(|(id, _)| {
            let mut counts: HashMap<String, u64> = HashMap::default();
            for row in rows.iter().chain(baseline) {
                let v = reader.get(row, *id);
                if !v.is_null() {
                    *counts.entry(v.as_text().into_owned()).or_default() += 1;
                }
            }
            Some(counts.into_iter().filter(|(_, c)| *c as f64 / total >= threshold).map(|(v, _)| v).collect())
        })
        .collect()
}

/// The masked text of a key (after the by-values).
fn signature_text(key: &str) -> &str {
    key.split_once(KEY_SEP).map_or(key, |(_, s)| s)
}

/// A cluster: its signature key and its summed group (first appearance, counts, by-values).
struct Cluster {
    sig: Box<str>,
    group: Group,
}

fn word_hash(s: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    s.hash(&mut h);
    // FxHash is weak in its low bits; mix (splitmix64's finaliser).
    let mut z = h.finish();
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Merges groups that differ in one word (see the module's step 4); also each group's cluster.
fn cluster(groups: Vec<Group>) -> (Vec<Cluster>, Vec<usize>) {
    const P: u64 = 0x9e37_79b9_7f4a_7c15;
    let star = word_hash("*");
    let n = groups.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut varying: Vec<Vec<u32>> = vec![Vec::new(); n];
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // Pieces and word hashes of every group, and skeletons (separators, word count, by-values).
    let mut all_pieces: Vec<Vec<(u32, u32, bool)>> = Vec::with_capacity(n);
    let mut skeletons: HashMap<u64, Vec<usize>> = HashMap::default();
    let mut skeleton_order: Vec<u64> = Vec::new();
    let mut buf = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let (by, text) = g.key.split_once(KEY_SEP).unwrap_or(("", &g.key));
        pieces(text, &mut buf);
        let mut h = word_hash(by);
        for &(s, e, word) in &buf {
            h = h.wrapping_mul(P).wrapping_add(if word { 1 } else { word_hash(&text[s as usize..e as usize]) });
        }
        let list = skeletons.entry(h).or_insert_with(|| {
            skeleton_order.push(h);
            Vec::new()
        });
        list.push(i);
        all_pieces.push(buf.clone());
    }
    let text_of = |i: usize| -> &str { groups[i].key.split_once(KEY_SEP).map_or(&*groups[i].key, |(_, s)| s) };
    let mut one_out: HashMap<(u64, u32), usize> = HashMap::default();
    for sk in skeleton_order {
        let members = &skeletons[&sk];
        if members.len() < 2 {
            continue;
        }
        one_out.clear();
        for &i in members {
            let text = text_of(i);
            let ps = &all_pieces[i];
            let hs: Vec<u64> = ps.iter().map(|&(s, e, _)| word_hash(&text[s as usize..e as usize])).collect();
            // h = sum hs[j] * P^(len-1-j)
            let mut pow = vec![1u64; ps.len()];
            for j in (0..ps.len().saturating_sub(1)).rev() {
                pow[j] = pow[j + 1].wrapping_mul(P);
            }
            let full = hs.iter().zip(&pow).fold(0u64, |a, (h, p)| a.wrapping_add(h.wrapping_mul(*p)));
            for (j, &(_, _, word)) in ps.iter().enumerate() {
                if !word {
                    continue;
                }
                let k = full.wrapping_sub(hs[j].wrapping_mul(pow[j])).wrapping_add(star.wrapping_mul(pow[j]));
                match one_out.get(&(k, j as u32)) {
                    None => {
                        one_out.insert((k, j as u32), i);
                    }
                    Some(&o) => {
                        if differ_only_at(text_of(o), &all_pieces[o], text, ps, j) {
                            let (a, b) = (root(&mut parent, o), root(&mut parent, i));
                            if a == b {
                                continue;
                            }
                            // Members of a differ from o only where a varies, members of b
                            // from i where b varies, and o from i at j: the union varies there.
                            let mut both: Vec<u32> = varying[a].iter().chain(&varying[b]).copied().collect();
                            both.push(j as u32);
                            both.sort_unstable();
                            both.dedup();
                            if both.len() > MAX_VARYING {
                                continue;
                            }
                            let (lo, hi) = (a.min(b), a.max(b));
                            parent[hi] = lo;
                            varying[lo] = both;
                        }
                    }
                }
            }
        }
    }
    // Each cluster: its words that differ among members become `*`.
    let mut members: HashMap<usize, Vec<usize>> = HashMap::default();
    for i in 0..n {
        let r = root(&mut parent, i);
        members.entry(r).or_default().push(i);
    }
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    let mut out = Vec::new();
    let mut of_group = vec![0; n];
    for i in 0..n {
        let Some(list) = members.get(&i) else { continue };
        for &m in list {
            of_group[m] = out.len();
        }
        let first = slots[i].as_ref().expect("a root is its own first member");
        let (by, text) = first.key.split_once(KEY_SEP).unwrap_or(("", &first.key));
        let sig: Box<str> = if list.len() == 1 {
            first.key.clone()
        } else {
            let ps = &all_pieces[i];
            let mut s = String::with_capacity(first.key.len());
            s.push_str(by);
            s.push(KEY_SEP);
            for (j, &(a, b, word)) in ps.iter().enumerate() {
                let w = &text[a as usize..b as usize];
                let same = list.iter().all(|&m| {
                    let mt = slots[m].as_ref().map(|g| signature_text(&g.key)).unwrap_or("");
                    let (ma, mb, _) = all_pieces[m][j];
                    &mt[ma as usize..mb as usize] == w
                });
                s.push_str(if word && !same { "*" } else { w });
            }
            s.into()
        };
        let mut sum = slots[i].take().expect("taken once");
        for &m in &list[1..] {
            let g = slots[m].take().expect("each group is in one cluster");
            sum.counts[0] += g.counts[0];
            sum.counts[1] += g.counts[1];
        }
        out.push(Cluster { sig, group: sum });
    }
    same_signatures_as_one(out, of_group)
}

/// Clusters kept apart (by the cap on varying words) can end with the same signature: one
/// signature is one row, so they become one cluster, in the first one's place.
fn same_signatures_as_one(clusters: Vec<Cluster>, mut of_group: Vec<usize>) -> (Vec<Cluster>, Vec<usize>) {
    let mut at: HashMap<Box<str>, usize> = HashMap::default();
    let mut moved = Vec::with_capacity(clusters.len());
    let mut out: Vec<Cluster> = Vec::with_capacity(clusters.len());
    for c in clusters {
        match at.get(&c.sig) {
            Some(&k) => {
                out[k].group.counts[0] += c.group.counts[0];
                out[k].group.counts[1] += c.group.counts[1];
                moved.push(k);
            }
            None => {
                at.insert(c.sig.clone(), out.len());
                moved.push(out.len());
                out.push(c);
            }
        }
    }
    for g in &mut of_group {
        *g = moved[*g];
    }
    (out, of_group)
}

fn differ_only_at(ta: &str, pa: &[(u32, u32, bool)], tb: &str, pb: &[(u32, u32, bool)], at: usize) -> bool {
    pa.len() == pb.len()
        && pa.iter().zip(pb).enumerate().all(|(j, (&(a0, a1, wa), &(b0, b1, wb)))| {
            wa == wb && (j == at || ta[a0 as usize..a1 as usize] == tb[b0 as usize..b1 as usize])
        })
}

/// `logcompare timeshift -1d`: signatures of the target rows against the baseline rows.
pub struct LogCompare {
    pub reduce: LogReduce,
    /// When the baseline's events are.
    pub window: Window,
    /// `baseline(query)`: the query whose rows are the baseline, a `plan::Plan` (this layer is
    /// below plans, so it is held opaque; the driver, which runs plans, opens it). `None`: the
    /// stages before `logcompare` are run again over the baseline window.
    pub baseline: Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
    pub baseline_count: FieldId,
    pub status: FieldId,
    pub delta: FieldId,
    pub score: FieldId,
    pub is_new: FieldId,
}

/// When a `logcompare`'s baseline is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Window {
    /// `timeshift -1d`: the query's range, this long before.
    Shift(i64),
    /// `start_time T [end_time T]`: from `start` (epoch ms) to `end`, or for as long as the
    /// query's range when no end is given; `local` times are in the query's time zone.
    Between { start: i64, end: Option<i64>, local: bool },
}

impl Window {
    /// The baseline's range, given the query's range and its offset from UTC in minutes.
    pub fn range(&self, (lo, hi): (i64, i64), tz_minutes: i32) -> (i64, i64) {
        match *self {
            Window::Shift(ms) => (lo.saturating_sub(ms), hi.saturating_sub(ms)),
            Window::Between { start, end, local } => {
                let shift = if local { i64::from(tz_minutes) * 60_000 } else { 0 };
                let start = start - shift;
                (start, end.map_or(start.saturating_add(hi.saturating_sub(lo)), |e| e - shift))
            }
        }
    }

    /// How far before the query's range the baseline may reach (`Plan::lookback_ms`): an
    /// absolute window may be anywhere.
    pub fn lookback_ms(&self) -> i64 {
        match *self {
            Window::Shift(ms) => ms,
            Window::Between { .. } => i64::MAX / 4,
        }
    }
}

/// `changed` when one window's count is at least this many times the other's.
pub const CHANGED_RATIO: f64 = 1.5;

impl LogCompare {
    /// Reduces both windows together (one set of signatures), then compares their counts.
    pub fn compare(&self, target: Table, baseline: Table, cx: &Cx) -> Table {
        let groups = self.reduce.groups(&target.rows, &baseline.rows, cx);
        let (clusters, _) = cluster(groups.groups);
        let (tt, bt) = clusters.iter().fold((0u64, 0u64), |(a, b), c| (a + c.group.counts[0], b + c.group.counts[1]));
        let s = clusters.len() as f64;
        let mut scored: Vec<(f64, Cluster)> = clusters
            .into_iter()
            .map(|c| {
                let (t, b) = (c.group.counts[0] as f64, c.group.counts[1] as f64);
                // Symmetric Kullback-Leibler term of this signature, shares smoothed by half a count.
                let p = (t + 0.5) / (tt as f64 + 0.5 * s);
                let q = (b + 0.5) / (bt as f64 + 0.5 * s);
                (round((p - q) * (p / q).ln(), 6), c)
            })
            .collect();
        scored.sort_by(|(sa, a), (sb, b)| {
            sb.total_cmp(sa)
                .then(b.group.counts[0].cmp(&a.group.counts[0]))
                .then(b.group.counts[1].cmp(&a.group.counts[1]))
                .then(a.group.first.cmp(&b.group.first))
        });
        let nfields = cx.env.reader.fields.len();
        let o = &self.reduce.outs;
        let mut cols: Vec<Col> = self.reduce.by.iter().map(|(id, n)| Col { id: *id, name: n.clone() }).collect();
        for (id, name) in [
            (o.signature.0, "_signature"),
            (o.count, "_count"),
            (self.baseline_count, "_baseline_count"),
            (self.status, "_status"),
            (self.delta, "_deltaPercentage"),
            (self.score, "_anomalyScore"),
            (self.is_new, "_isNew"),
        ] {
            cols.push(Col { id, name: name.into() });
        }
        let rows = scored
            .into_iter()
            .map(|(score, c)| {
                let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
                for ((id, _), v) in self.reduce.by.iter().zip(c.group.by) {
                    row.vals[*id] = v;
                }
                let [t, b] = c.group.counts;
                let status = match (t, b) {
                    (_, 0) => "new",
                    (0, _) => "gone",
                    (t, b) if (t as f64) >= CHANGED_RATIO * b as f64 || (b as f64) >= CHANGED_RATIO * t as f64 => {
                        "changed"
                    }
                    _ => "unchanged",
                };
                let delta = if b == 0 || tt == 0 {
                    Value::Null
                } else {
                    let (tp, bp) = (t as f64 / tt as f64, b as f64 / bt as f64);
                    Value::Num(round((tp - bp) / bp * 100.0, 2))
                };
                row.vals[o.signature.0] = Value::str(signature_text(&c.sig));
                row.vals[o.count] = Value::Num(t as f64);
                row.vals[self.baseline_count] = Value::Num(b as f64);
                row.vals[self.status] = Value::str(status);
                row.vals[self.delta] = delta;
                row.vals[self.score] = Value::Num(score);
                row.vals[self.is_new] = Value::Num(if b == 0 { 1.0 } else { 0.0 });
                row
            })
            .collect();
        Table { cols, rows, aggregated: true }
    }
}

fn round(x: f64, places: i32) -> f64 {
    let m = 10f64.powi(places);
    let r = (x * m).round() / m;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

impl super::TableOp for LogReduce {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, crate::diag::Diagnostic> {
        Ok(self.reduce(t, cx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(s: &str) -> String {
        let mut o = String::new();
        mask(s, &mut o);
        o
    }

    #[test]
    fn variable_words_become_wildcards() {
        assert_eq!(masked("user 42 from 10.0.0.1 at 2024-03-10T08:15:00Z failed"), "user * from * at * failed");
        assert_eq!(
            masked(r#"{"eventName":"GetObject","eventID":"a1b2c3"}"#),
            r#"{"eventName":"GetObject","eventID":"*"}"#
        );
        assert_eq!(masked("arn:aws:iam::123456789012:user/alice"), "arn:aws:iam::*");
        assert_eq!(masked("id=deadbeefdeadbeefdeadbeefdeadbeefcafe ok"), "id=* ok");
        // Names with a number in them stay; regions, keys and instance IDs do not.
        assert_eq!(
            masked(r#""eventSource":"ec2.amazonaws.com","awsRegion":"us-east-1","x":"route53""#),
            r#""eventSource":"ec2.amazonaws.com","awsRegion":"*","x":"route53""#
        );
        assert_eq!(masked("s3 t2.micro ASIAEQVSCWBAISWNCB3E i-0abc12de log4j"), "s3 t2.micro * * *");
    }

    #[test]
    fn a_signatures_keyword_keeps_its_literal_text_in_order() {
        assert_eq!(signature_keyword("user * from * at * failed"), "user * from * at * failed");
        assert_eq!(signature_keyword("* * login *"), " * login ");
        assert_eq!(signature_keyword("a\n*\tb"), "a*b");
        assert_eq!(signature_keyword("* *"), "");
    }

    #[test]
    fn keys_of_json_and_key_values() {
        let j = r#"{"a":1,"b":{"c":"x","d":[{"e":2}]},"f":"{\"g\":1}"}"#;
        assert_eq!(json_keys(j, 5).unwrap(), r#"["a","b","b.c","b.d","b.d[*].e","f"]"#);
        assert_eq!(json_keys(j, 1).unwrap(), r#"["a","b","f"]"#);
        assert_eq!(json_keys("plain text", 5), None);
        assert_eq!(kv_keys("user=alice ip: 10.0.0.1 x->y 12=3").unwrap(), r#"["ip","user","x"]"#);
        assert_eq!(kv_keys("no pairs here"), None);
    }

    #[test]
    fn one_word_apart_merge() {
        let g = |k: &str, c: u64, first: usize| Group {
            key: format!("{KEY_SEP}{k}").into(),
            by: vec![],
            counts: [c, 0],
            first,
        };
        let (out, _) = cluster(vec![
            g("open file alpha ok", 2, 0),
            g("open file beta ok", 3, 1),
            g("close file alpha", 1, 2),
            g("open door alpha bad", 1, 3),
        ]);
        let sigs: Vec<(&str, u64)> = out.iter().map(|c| (signature_text(&c.sig), c.group.counts[0])).collect();
        assert_eq!(sigs, [("open file * ok", 5), ("close file alpha", 1), ("open door alpha bad", 1)]);
    }

    /// One group of count 1 per text, in order.
    fn one_each(texts: &[&str]) -> Vec<Group> {
        let group = |(i, k): (usize, &&str)| Group {
            key: format!("{KEY_SEP}{k}").into(),
            by: vec![],
            counts: [1, 0],
            first: i,
        };
        texts.iter().enumerate().map(group).collect()
    }

    /// A chain of one-word differences across five positions: without a cap it is one cluster
    /// of `* * * * *`; with it, no cluster varies in more than `MAX_VARYING` positions.
    #[test]
    fn a_chain_of_merges_stops_at_the_cap() {
        let words = ["a b c d e", "x b c d e", "x y c d e", "x y z d e", "x y z w e", "x y z w v"];
        let (out, of_group) = cluster(one_each(&words));
        assert_eq!(of_group, [0, 0, 0, 0, 1, 1]);
        let sigs: Vec<&str> = out.iter().map(|c| signature_text(&c.sig)).collect();
        assert_eq!(sigs, ["* * * d e", "x y z w *"]);
        assert!(sigs.iter().all(|s| s.matches('*').count() <= MAX_VARYING));
        assert_eq!(out.iter().map(|c| c.group.counts[0]).sum::<u64>(), 6);
    }

    /// Two chains with no one-word link between them that end as the same text (`* * * d`)
    /// are one signature, as a count by signature would be.
    #[test]
    fn clusters_with_the_same_signature_are_one() {
        let words = ["a b c d", "x b c d", "x y c d", "x y z d", "p q r d", "p q s d", "p t s d", "u t s d", "k l m n"];
        let (out, of_group) = cluster(one_each(&words));
        let sigs: Vec<(&str, u64)> = out.iter().map(|c| (signature_text(&c.sig), c.group.counts[0])).collect();
        assert_eq!(sigs, [("* * * d", 8), ("k l m n", 1)]);
        assert_eq!(of_group, [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    }
}
