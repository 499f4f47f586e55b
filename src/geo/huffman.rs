//! Canonical Huffman codes: lengths from counts, an encoder, a table-driven decoder, and the
//! compact form in which a table stores its code lengths.

use super::bits::{BitReader, BitWriter};

/// No code is longer than this (a read never needs more than the reader buffers).
pub const MAX_LEN: u32 = 24;

/// Code lengths (0 = symbol absent) for the given counts, at most [`MAX_LEN`] bits.
/// A table with a single present symbol gives it length 1 but codes it with no bits at all
/// (see [`Encoder::new`] and [`Decoder::new`]).
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

/// Writes symbols with a canonical code.
pub struct Encoder {
    codes: Vec<(u32, u8)>,
}

impl Encoder {
    pub fn new(lens: &[u8]) -> Encoder {
        let mut codes = vec![(0, 0); lens.len()];
        if single(lens).is_none() {
            let (order, mut next, _) = canonical(lens);
            for s in order {
                let l = lens[s as usize];
                codes[s as usize] = (next[l as usize], l);
                next[l as usize] += 1;
            }
        }
        Encoder { codes }
    }

    pub fn put(&self, w: &mut BitWriter, sym: usize) {
        let (c, l) = self.codes[sym];
        w.put(c, l as u32);
    }
}

/// Reads symbols: one table lookup for short codes, a walk over lengths for long ones.
pub struct Decoder {
    fast_bits: u32,
    /// `symbol << 5 | length`, or 0 when the code is longer than `fast_bits`.
    fast: Vec<u32>,
    /// Symbols by rank; a plain decoder keeps only those past `skipped` (the table decodes
    /// the shorter codes on its own).
    order: Vec<u32>,
    skipped: u32,
    first: [u32; MAX_LEN as usize + 2],
    /// Index into `order` of each length's first symbol.
    base: [u32; MAX_LEN as usize + 2],
    /// One past the last code of each length, left-aligned to MAX_LEN bits: the length of
    /// a code is the first whose limit exceeds the next MAX_LEN bits.
    limit: [u32; MAX_LEN as usize + 2],
    max_len: u32,
    single: Option<u32>,
    /// `get` returns the code's rank (index into `order`) rather than its symbol: a caller
    /// that may never need the symbol skips that memory access.
    ranked: bool,
}

impl Decoder {
    /// `fast_bits` bounds the lookup table (2^fast_bits entries).
    pub fn new(lens: &[u8], fast_bits: u32) -> Decoder {
        Decoder::build(lens, fast_bits, false)
    }

    /// A decoder whose `get` returns ranks; [`Decoder::symbol`] turns one into its symbol.
    pub fn ranked(lens: &[u8], fast_bits: u32) -> Decoder {
        Decoder::build(lens, fast_bits, true)
    }

    /// The symbol of a rank.
    #[inline]
    pub fn symbol(&self, rank: u32) -> u32 {
        self.order.get(rank as usize).copied().unwrap_or(0)
    }

    fn build(lens: &[u8], fast_bits: u32, ranked: bool) -> Decoder {
        let (order, first, count) = canonical(lens);
        let max_len = lens.iter().copied().max().unwrap_or(0) as u32;
        let fast_bits = fast_bits.min(max_len);
        let mut base = [0u32; MAX_LEN as usize + 2];
        let mut acc = 0;
        for l in 1..=MAX_LEN as usize {
            base[l] = acc;
            acc += count[l];
        }
        let mut limit = [0u32; MAX_LEN as usize + 2];
        for l in 1..=MAX_LEN as usize {
            limit[l] = (first[l] + count[l]) << (MAX_LEN as usize - l);
        }
        let mut fast = vec![0u32; 1 << fast_bits];
        let mut next = first;
        for (rank, &s) in order.iter().enumerate() {
            let l = lens[s as usize] as u32;
            let code = next[l as usize];
            next[l as usize] += 1;
            if l <= fast_bits {
                let lo = (code << (fast_bits - l)) as usize;
                let v = if ranked { rank as u32 } else { s };
                for e in &mut fast[lo..lo + (1 << (fast_bits - l))] {
                    *e = v << 5 | l;
                }
            }
        }
        let single = single(lens).map(|s| if ranked { 0 } else { s });
        let skipped = if ranked { 0 } else { base[fast_bits as usize + 1].min(order.len() as u32) };
        let order = order[skipped as usize..].to_vec();
        Decoder { fast_bits, fast, order, skipped, first, base, limit, max_len, single, ranked }
    }

    /// Heap bytes held.
    pub fn memory(&self) -> usize {
        self.fast.capacity() * 4 + self.order.capacity() * 4
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
        self.slow(r)
    }

    #[cold]
    fn slow(&self, r: &mut BitReader) -> u32 {
        let v = r.look(MAX_LEN);
        for l in (self.fast_bits + 1).max(1)..=self.max_len {
            if v < self.limit[l as usize] {
                let rank = self.base[l as usize] + (v >> (MAX_LEN - l)) - self.first[l as usize];
                r.drop(l);
                return if self.ranked { rank } else { self.order[(rank - self.skipped) as usize] };
            }
        }
        0 // not a code of this table: only a corrupt table gets here
    }
}

/// Symbols of the code-length code: the lengths 0..=MAX_LEN, then runs of 2^k zeros.
const RUNS: u32 = 20;

/// Splits `lens` into length symbols and zero runs (greedy, longest power of two first).
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

/// Reads `n` code lengths written by [`write_lengths`].
pub fn read_lengths(r: &mut BitReader, n: usize) -> Vec<u8> {
    let meta: Vec<u8> = (0..MAX_LEN + 1 + RUNS).map(|_| r.get(5) as u8).collect();
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
    out
}
