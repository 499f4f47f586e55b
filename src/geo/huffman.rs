//! Canonical Huffman codes: lengths from counts, an encoder, a table-driven decoder, and the
//! compact form in which a table stores its code lengths.

use super::bits::BitReader;
#[cfg(feature = "geo-write")]
use super::bits::BitWriter;

/// No code is longer than this (a read never needs more than the reader buffers).
pub const MAX_LEN: u32 = 24;

/// Code lengths (0 = symbol absent) for the given counts, at most [`MAX_LEN`] bits.
/// A table with a single present symbol gives it length 1 but codes it with no bits at all
/// (see [`Encoder::new`] and [`Decoder::new`]).
#[cfg(feature = "geo-write")]
pub fn lengths(counts: &[u64]) -> Vec<u8> {
    let mut scaled: Vec<u64> = counts.to_vec();
    loop {
        let l = plain_lengths(&scaled);
        if l.iter().all(|&x| x as u32 <= MAX_LEN) {
            return l;
        }
        // Too deep: flatten the distribution (rare; only huge skewed alphabets) and retry.
        for c in scaled.iter_mut().filter(|c| **c > 0) {
            *c = c.div_ceil(2);
        }
    }
}

#[cfg(feature = "geo-write")]
fn plain_lengths(counts: &[u64]) -> Vec<u8> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut out = vec![0u8; counts.len()];
    // Nodes: leaves are symbols, inner nodes point to children through `parent`.
    let mut parent: Vec<usize> = Vec::new();
    let mut heap = BinaryHeap::new();
    for (s, &c) in counts.iter().enumerate().filter(|(_, c)| **c > 0) {
        heap.push(Reverse((c, parent.len(), s)));
        parent.push(usize::MAX);
    }
    let leaves: Vec<usize> = counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(s, _)| s).collect();
    if leaves.len() == 1 {
        out[leaves[0]] = 1;
        return out;
    }
    while heap.len() > 1 {
        let Reverse((c1, n1, _)) = heap.pop().unwrap();
        let Reverse((c2, n2, _)) = heap.pop().unwrap();
        let n = parent.len();
        parent.push(usize::MAX);
        parent[n1] = n;
        parent[n2] = n;
        heap.push(Reverse((c1 + c2, n, usize::MAX)));
    }
    for (i, &s) in leaves.iter().enumerate() {
        let (mut d, mut n) = (0u8, i);
        while parent[n] != usize::MAX {
            n = parent[n];
            d = d.saturating_add(1);
        }
        out[s] = d;
    }
    out
}

/// Canonical codes: symbols ordered by (length, symbol).
fn canonical(lens: &[u8]) -> (Vec<u32>, [u32; MAX_LEN as usize + 2], [u32; MAX_LEN as usize + 2]) {
    let mut count = [0u32; MAX_LEN as usize + 2];
    for &l in lens.iter().filter(|&&l| l > 0) {
        count[l as usize] += 1;
    }
    let mut first = [0u32; MAX_LEN as usize + 2];
    let mut code = 0u32;
    for l in 1..=MAX_LEN as usize {
        code = (code + count[l - 1]) << 1;
        first[l] = code;
    }
    let mut order: Vec<u32> = (0..lens.len() as u32).filter(|&s| lens[s as usize] > 0).collect();
    order.sort_by_key(|&s| (lens[s as usize], s));
    (order, first, count)
}

fn single(lens: &[u8]) -> Option<u32> {
    let mut present = lens.iter().enumerate().filter(|(_, &l)| l > 0);
    match (present.next(), present.next()) {
        (Some((s, _)), None) => Some(s as u32),
        _ => None,
    }
}

/// The canonical code of every symbol as (code, length); length 0 for an absent symbol, and
/// for the only symbol of a single-symbol table (coded with no bits).
pub fn codes(lens: &[u8]) -> Vec<(u32, u8)> {
    let mut codes = vec![(0, 0); lens.len()];
    if single(lens).is_none() {
        let (order, mut next, _) = canonical(lens);
        for s in order {
            let l = lens[s as usize];
            codes[s as usize] = (next[l as usize], l);
            next[l as usize] += 1;
        }
    }
    codes
}

/// Writes symbols with a canonical code.
#[cfg(feature = "geo-write")]
pub struct Encoder {
    codes: Vec<(u32, u8)>,
}

#[cfg(feature = "geo-write")]
impl Encoder {
    pub fn new(lens: &[u8]) -> Encoder {
        Encoder { codes: codes(lens) }
    }

    pub fn put(&self, w: &mut BitWriter, sym: usize) {
        let (c, l) = self.codes[sym];
        w.put(c, l as u32);
    }
}

/// Decodes the codes longer than a lookup table of `fast_bits` covers (the table's owner
/// decodes the rest): canonical decoding by length, over those symbols only. `S` is what a
/// symbol decodes to (the symbol, or whatever its owner maps it to).
pub struct Long<S = u32> {
    fast_bits: u32,
    max_len: u32,
    first: [u32; MAX_LEN as usize + 2],
    /// Index into `syms` of each length's first symbol.
    base: [u32; MAX_LEN as usize + 2],
    /// One past the last code of each length, left-aligned to MAX_LEN bits.
    limit: [u32; MAX_LEN as usize + 2],
    syms: Vec<S>,
}

impl Long<u32> {
    pub fn new(lens: &[u8], fast_bits: u32) -> Long<u32> {
        Long::mapped(lens, fast_bits, Some).expect("every symbol maps")
    }
}

impl<S: Copy> Long<S> {
    /// Decodes symbol s to `f(s)`; `None` when `f` refuses a symbol.
    pub fn mapped(lens: &[u8], fast_bits: u32, f: impl Fn(u32) -> Option<S>) -> Option<Long<S>> {
        let (order, first, count) = canonical(lens);
        let mut base = [0u32; MAX_LEN as usize + 2];
        let mut limit = [0u32; MAX_LEN as usize + 2];
        let mut acc = 0;
        for l in 1..=MAX_LEN as usize {
            base[l] = acc;
            if l as u32 > fast_bits {
                acc += count[l];
            }
            limit[l] = (first[l] + count[l]) << (MAX_LEN as usize - l);
        }
        let syms = order.into_iter().filter(|&s| lens[s as usize] as u32 > fast_bits).map(f).collect::<Option<_>>()?;
        let max_len = lens.iter().copied().max().unwrap_or(0) as u32;
        Some(Long { fast_bits, max_len, first, base, limit, syms })
    }

    /// What the code at the top of `v` (the next MAX_LEN bits) decodes to, and its length,
    /// for a code known to be longer than `fast_bits`; `None` if the bits are no code.
    #[inline]
    pub fn decode(&self, v: u32) -> Option<(S, u32)> {
        for l in self.fast_bits + 1..=self.max_len {
            if v < self.limit[l as usize] {
                let rank =
                    self.base[l as usize].wrapping_add((v >> (MAX_LEN - l)).wrapping_sub(self.first[l as usize]));
                return self.syms.get(rank as usize).map(|&s| (s, l));
            }
        }
        None
    }

    /// [`Long::decode`] from a reader (after [`BitReader::ensure`]).
    pub fn get(&self, r: &mut BitReader) -> Option<S> {
        let (s, l) = self.decode(r.look(MAX_LEN))?;
        r.drop(l);
        Some(s)
    }

    /// Heap bytes held.
    pub fn memory(&self) -> usize {
        self.syms.capacity() * std::mem::size_of::<S>()
    }
}

/// Reads symbols: one table lookup for short codes, a walk over lengths for long ones.
pub struct Decoder {
    fast_bits: u32,
    /// `symbol << 5 | length`, or 0 when the code is longer than `fast_bits`.
    fast: Vec<u32>,
    long: Long,
    single: Option<u32>,
}

impl Decoder {
    /// `fast_bits` bounds the lookup table (2^fast_bits entries).
    pub fn new(lens: &[u8], fast_bits: u32) -> Decoder {
        let max_len = lens.iter().copied().max().unwrap_or(0) as u32;
        let fast_bits = fast_bits.min(max_len);
        let mut fast = vec![0u32; 1 << fast_bits];
        for (s, &(code, l)) in codes(lens).iter().enumerate() {
            let l = l as u32;
            if l > 0 && l <= fast_bits {
                let lo = (code << (fast_bits - l)) as usize;
                fast[lo..lo + (1 << (fast_bits - l))].fill((s as u32) << 5 | l);
            }
        }
        Decoder { fast_bits, fast, long: Long::new(lens, fast_bits), single: single(lens) }
    }

    #[inline(always)]
    pub fn get(&self, r: &mut BitReader) -> u32 {
        if let Some(s) = self.single {
            return s;
        }
        r.ensure();
        // With no table (fast_bits 0) every code takes the slow path.
        let e = if self.fast_bits == 0 { 0 } else { self.fast[r.look(self.fast_bits) as usize] };
        if e & 31 != 0 {
            r.drop(e & 31);
            return e >> 5;
        }
        // Not a code of this table: only a corrupt stream gets here; its caller's checks
        // (ranges tiling the space, ids in range) catch what follows.
        self.long.get(r).unwrap_or(0)
    }
}

/// Symbols of the code-length code: the lengths 0..=MAX_LEN, then runs of 2^k zeros.
const RUNS: u32 = 20;

/// Splits `lens` into length symbols and zero runs (greedy, longest power of two first).
#[cfg(feature = "geo-write")]
fn length_symbols(lens: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lens.len() {
        let zeros = lens[i..].iter().take_while(|&&l| l == 0).count();
        if zeros >= 2 {
            let k = (usize::BITS - 1 - zeros.leading_zeros()).min(RUNS - 1);
            out.push(MAX_LEN + 1 + k);
            i += 1 << k;
        } else {
            out.push(lens[i] as u32);
            i += 1;
        }
    }
    out
}

/// Stores code lengths: a code over the lengths and zero runs (each of its own lengths in 5
/// bits), then the symbols.
#[cfg(feature = "geo-write")]
pub fn write_lengths(w: &mut BitWriter, lens: &[u8]) {
    let syms = length_symbols(lens);
    let mut hist = vec![0u64; (MAX_LEN + 1 + RUNS) as usize];
    for &s in &syms {
        hist[s as usize] += 1;
    }
    let meta = lengths(&hist);
    for &m in &meta {
        w.put(m as u32, 5);
    }
    let enc = Encoder::new(&meta);
    for &s in &syms {
        enc.put(w, s as usize);
    }
}

/// True when lengths can be a prefix code (Kraft's inequality): decoders built from other
/// lengths would index past their tables.
pub fn fits(lens: &[u8]) -> bool {
    let total: u64 = lens.iter().filter(|&&l| l > 0).map(|&l| 1u64 << (MAX_LEN - (l as u32).min(MAX_LEN))).sum();
    lens.iter().all(|&l| l as u32 <= MAX_LEN) && total <= 1 << MAX_LEN
}

/// Reads `n` code lengths written by [`write_lengths`] (one table's, or several tables' in a
/// row: each caller checks its own with [`fits`]); `None` when the stored code is damaged.
pub fn read_lengths(r: &mut BitReader, n: usize) -> Option<Vec<u8>> {
    let meta: Vec<u8> = (0..MAX_LEN + 1 + RUNS).map(|_| r.get(5) as u8).collect();
    if !fits(&meta) {
        return None;
    }
    let dec = Decoder::new(&meta, 8);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let s = dec.get(r);
        if s <= MAX_LEN {
            out.push(s as u8);
        } else {
            let run = 1usize << (s - MAX_LEN - 1).min(RUNS - 1);
            out.resize((out.len() + run).min(n), 0);
        }
    }
    Some(out)
}
