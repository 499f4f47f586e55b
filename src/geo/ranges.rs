//! Reads a range stream: address ranges that tile a family's space (IPv4 or IPv6), each with
//! an id or none, coded in blocks; a load-time pass indexes the blocks for lookups.
//! Layout in FORMAT.md; [`super::ranges_write`] is the writer and shares the model below.

use super::bits::{get_varint, BitReader};
use super::huffman::{read_lengths, Decoder};
pub use super::model::*;

/// The id of a range with no data.
pub const NONE: u32 = u32::MAX;
/// An unused slot of the recent-ids list (NONE is a real entry there: gaps recur too).
const EMPTY: u32 = u32::MAX - 1;
/// Recent-list entries are not ids but (group << 21 | rank of the id's code in the group):
/// a lookup resolves only the one entry it returns, and an escape to "the previous range's
/// group" reads the group off the entry.
const RANK_BITS: u32 = 21;
/// A decoded stream, ready for lookups.
pub struct RangeTable {
    p: Params,
    n: u64,
    /// Per (event context, length context): one symbol for the event and the length.
    joint: Vec<Decoder>,
    values: Vec<u128>,
    explicit: Decoder,
    group: Decoder,
    /// Per group, ranked (see [`RANK_BITS`]).
    ids: Vec<Decoder>,
    groups: Vec<u32>,
    /// Per block: first address (IPv6: its top 64 bits), bit position, carried entries.
    starts: Starts,
    pos: Vec<u32>,
    carried: Vec<u32>,
}

enum Starts {
    /// IPv4: block starts, and per /16 the number of blocks that start before it (so a
    /// search looks at a handful of blocks, not all).
    Narrow(Vec<u32>, Vec<u32>),
    Wide(Vec<u64>),
}

/// Decoding state at some range.
struct Cursor<'a> {
    r: BitReader<'a>,
    mtf: [u32; 32],
    m: usize,
    ctx: usize,
    start: u128,
}

impl RangeTable {
    /// Parses a stream section (`groups`: the id runs the dictionary defines) and indexes it
    /// with one pass over every range. `None` when the section is malformed.
    pub fn parse(data: &[u8], groups: &[u32]) -> Option<RangeTable> {
        let mut at = 0;
        let mut v = || get_varint(data, &mut at).and_then(|x| u32::try_from(x).ok());
        let p =
            Params { bits: v()?, block: v()?, align: v()?, mtf: v()?, carry: v()?, lctx: v()?, lo: v()?, values: v()? };
        let n = get_varint(data, &mut at)?;
        let n_ids = get_varint(data, &mut at)? as usize;
        let ok_align = if p.bits == 32 { p.align <= 32 } else { p.bits == 128 && (64..=128).contains(&p.align) };
        if !ok_align || p.block == 0 || !(2..=29).contains(&p.mtf) || p.carry > p.mtf || p.lctx == 0 || p.lctx > 64 {
            return None;
        }
        if groups.last().copied() != Some(n_ids as u32) || groups.len() > MAX_GROUPS + 1 || groups.len() < 2 {
            return None;
        }
        let mut values = Vec::new();
        for _ in 0..get_varint(data, &mut at)?.min(p.values.min(MAX_VALUES) as u64) {
            let (a, m) = (get_varint(data, &mut at)? as u32, get_varint(data, &mut at)? as u128);
            if a >= p.bits || m == 0 || m.leading_zeros() < a {
                return None;
            }
            values.push(m << a);
        }
        let mut r = BitReader::at(data, at as u64 * 8);
        let joint_n = ev_alphabet(&p) << JOINT_SHIFT;
        let joint = (0..EV_CTX * p.lctx as usize).map(|_| Decoder::new(&read_lengths(&mut r, joint_n), 10)).collect();
        let explicit = Decoder::new(&read_lengths(&mut r, len_alphabet(&p)), 8);
        let group = Decoder::new(&read_lengths(&mut r, groups.len() - 1), 8);
        let id_lens = read_lengths(&mut r, n_ids);
        if groups.windows(2).any(|g| g[1] < g[0] || (g[1] - g[0]) as usize > MAX_GROUP_SIZE) {
            return None;
        }
        let ids = groups.windows(2).map(|g| Decoder::ranked(&id_lens[g[0] as usize..g[1] as usize], 9)).collect();
        let mut t = RangeTable {
            p,
            n,
            joint,
            values,
            explicit,
            group,
            ids,
            groups: groups.to_vec(),
            starts: Starts::Wide(Vec::new()),
            pos: Vec::new(),
            carried: Vec::new(),
        };
        t.index(data, r.bit_pos())?;
        Some(t)
    }

    /// Decodes every range once, noting where each block starts and what it inherits.
    fn index(&mut self, data: &[u8], bit: u64) -> Option<()> {
        let (mut narrow, mut wide, mut pos, mut carried) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        self.walk(data, bit, |c, opens, _| {
            if opens {
                if self.p.bits == 32 {
                    narrow.push(c.start as u32);
                } else {
                    wide.push((c.start >> 64) as u64);
                }
                pos.push(u32::try_from(c.r.bit_pos()).ok()?);
                carried.extend_from_slice(&c.mtf[..self.p.carry as usize]);
            }
            Some(())
        })?;
        narrow.shrink_to_fit();
        wide.shrink_to_fit();
        self.starts = if self.p.bits == 32 {
            let jump = (0..=1u64 << 16).map(|h| narrow.partition_point(|&s| (s as u64) < h << 16) as u32).collect();
            Starts::Narrow(narrow, jump)
        } else {
            Starts::Wide(wide)
        };
        (self.pos, self.carried) = (pos, carried);
        self.pos.shrink_to_fit();
        self.carried.shrink_to_fit();
        Some(())
    }

    /// Decodes every range in order, calling `f` before each (with whether it opens a block)
    /// and after it (with its length); checks that the ranges tile the whole address space.
    fn walk(&self, data: &[u8], bit: u64, mut f: impl FnMut(&Cursor, bool, Option<u128>) -> Option<()>) -> Option<()> {
        let mut c = Cursor { r: BitReader::at(data, bit), mtf: [EMPTY; 32], m: 0, ctx: 2, start: 0 };
        let last = if self.p.bits == 32 { u32::MAX as u128 } else { u128::MAX };
        let (mut since, mut done) = (u64::MAX, false);
        for _ in 0..self.n {
            // Past the end only zeros are read: a count that overstates the ranges is damage.
            if done || c.r.bit_pos() > data.len() as u64 * 8 {
                return None;
            }
            let opens = opens_block(&self.p, since, c.start);
            if opens {
                since = 0;
                c.m = c.m.min(self.p.carry as usize);
                c.mtf[c.m..].fill(EMPTY);
                c.ctx = 2;
            }
            f(&c, opens, None)?;
            since += 1;
            let len = self.step(&mut c)?;
            if len == 0 || len - 1 > last - c.start {
                return None;
            }
            f(&c, false, Some(len))?;
            done = len - 1 == last - c.start;
            c.start = c.start.wrapping_add(len);
        }
        done.then_some(())
    }

    /// A cursor at the start of block `b`, with the ids it inherits.
    fn cursor<'a>(&self, data: &'a [u8], b: usize) -> Cursor<'a> {
        let start = match &self.starts {
            Starts::Narrow(s, _) => s[b] as u128,
            Starts::Wide(s) => (s[b] as u128) << 64,
        };
        let carry = self.p.carry as usize;
        let held = &self.carried[b * carry..(b + 1) * carry];
        let mut c = Cursor { r: BitReader::at(data, self.pos[b] as u64), mtf: [EMPTY; 32], m: 0, ctx: 2, start };
        c.m = held.iter().take_while(|&&x| x != EMPTY).count();
        c.mtf[..c.m].copy_from_slice(&held[..c.m]);
        c
    }

    /// The id of a recent-list entry.
    #[inline]
    fn resolve(&self, e: u32) -> u32 {
        if e >= EMPTY {
            return e;
        }
        let g = (e >> RANK_BITS) as usize;
        self.groups[g] + self.ids[g].symbol(e & ((1 << RANK_BITS) - 1))
    }

    /// Decodes one range: its length, with its entry at the front of the recent list.
    /// `None` on malformed input.
    #[inline]
    fn step(&self, c: &mut Cursor) -> Option<u128> {
        let p = &self.p;
        let sym = self.joint[joint_table(p, c.ctx, c.start)].get(&mut c.r);
        let (s, l) = (sym >> JOINT_SHIFT, sym & MAX_VALUES);
        if s < p.mtf {
            let k = s as usize;
            if k >= c.m || k == 0 {
                return None;
            }
            let e = c.mtf[k];
            // A short shift by hand: cheaper than a memmove call for a few entries.
            for j in (1..=k).rev() {
                c.mtf[j] = c.mtf[j - 1];
            }
            c.mtf[0] = e;
        } else {
            let e = if s == ev_none(p) {
                NONE
            } else {
                let g = if s == esc_same(p) {
                    match c.mtf[0] {
                        e if c.m == 0 || e >= EMPTY => return None,
                        e => (e >> RANK_BITS) as usize,
                    }
                } else {
                    self.group.get(&mut c.r) as usize
                };
                (g as u32) << RANK_BITS | self.ids.get(g)?.get(&mut c.r)
            };
            c.m = (c.m + 1).min(p.mtf as usize);
            for j in (1..c.m).rev() {
                c.mtf[j] = c.mtf[j - 1];
            }
            c.mtf[0] = e;
        }
        c.ctx = next_ctx(p, s);
        if l < MAX_VALUES {
            return self.values.get(l as usize).copied();
        }
        let e = self.explicit.get(&mut c.r);
        let (a, j) = (e / MULTS, e % MULTS);
        let m = if j < MULTS - 1 {
            2 * j as u128 + 1
        } else {
            let nb = c.r.get(7);
            if nb == 0 || nb > 128 {
                return None;
            }
            (1u128 << (nb - 1)) | c.r.get_wide(nb - 1)
        };
        if a >= 128 || m.leading_zeros() < a {
            return None;
        }
        Some(m << a)
    }

    /// The id of the range holding address `a` (IPv4 in the low 32 bits); NONE when none.
    pub fn find(&self, data: &[u8], a: u128) -> u32 {
        let b = match &self.starts {
            Starts::Narrow(s, jump) => {
                let h = (a >> 16) as usize & 0xffff;
                let (lo, hi) = (jump[h] as usize, jump[h + 1] as usize);
                lo + s[lo..hi].partition_point(|&x| x as u128 <= a)
            }
            Starts::Wide(s) => s.partition_point(|&x| x as u128 <= a >> 64),
        };
        if b == 0 {
            return NONE;
        }
        let mut c = self.cursor(data, b - 1);
        loop {
            let Some(len) = self.step(&mut c) else { return NONE };
            if a - c.start < len {
                return self.resolve(c.mtf[0]);
            }
            c.start = c.start.wrapping_add(len);
        }
    }

    /// Heap bytes held (decoders and block index; not the stream's bytes).
    pub fn memory(&self) -> usize {
        let dec: usize = self.joint.iter().chain(&self.ids).map(Decoder::memory).sum();
        let starts = match &self.starts {
            Starts::Narrow(s, j) => (s.capacity() + j.capacity()) * 4,
            Starts::Wide(s) => s.capacity() * 8,
        };
        dec + self.explicit.memory()
            + self.group.memory()
            + starts
            + (self.pos.capacity() + self.carried.capacity()) * 4
    }

    /// Ranges in the stream.
    pub fn len(&self) -> u64 {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Every range in order as (start, length, id): for tests and tools, not lookups.
    pub fn ranges(&self, data: &[u8]) -> Vec<(u128, u128, u32)> {
        let mut out = Vec::with_capacity(self.n as usize);
        let Some(&bit) = self.pos.first() else { return out };
        self.walk(data, bit as u64, |c, _, len| {
            if let Some(len) = len {
                out.push((c.start, len, self.resolve(c.mtf[0])));
            }
            Some(())
        });
        out
    }
}
