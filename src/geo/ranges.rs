//! Reads a range stream: address ranges that cover a whole family (IPv4 or IPv6), each with
//! an id or none, coded in blocks; a load-time pass indexes the blocks for lookups.
//! The layout is in FORMAT.md; [`super::ranges_write`] is the writer.

use super::bits::{get_varint, BitReader};
use super::huffman::{read_lengths, Decoder};

/// The id of a range with no data.
pub const NONE: u32 = u32::MAX;
/// An unused slot of the recent-ids list (NONE is a real entry there: a gap recurs too).
const EMPTY: u32 = u32::MAX - 1;
/// Contexts of the length code (the start's alignment, see [`len_ctx`]).
pub const LEN_CTX: usize = 16;
/// Contexts of the event code (what the previous range's event was).
pub const EV_CTX: usize = 3;
/// Explicit length symbols per exponent: odd multipliers 1, 3, ..., 15, then "larger".
pub const MULTS: u32 = 9;
/// Most lengths a stream's dictionary holds.
pub const MAX_VALUES: usize = 1023;

/// Stream parameters, stored in its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Address width: 32 or 128.
    pub bits: u32,
    /// Ranges per block (the unit of random access).
    pub block: u32,
    /// Recent ids an event can name by rank (move-to-front list length).
    pub mtf: u32,
    /// Recent ids carried from one block into the next.
    pub carry: u32,
    /// Alignment (trailing zero bits of a start) that maps to length context 0.
    pub lo: u32,
}

/// Event symbols: `0..mtf` name a recent id by rank; then these.
pub fn esc_same(p: &Params) -> u32 {
    p.mtf
}
pub fn esc_other(p: &Params) -> u32 {
    p.mtf + 1
}
pub fn ev_none(p: &Params) -> u32 {
    p.mtf + 2
}
pub fn ev_alphabet(p: &Params) -> usize {
    p.mtf as usize + 3
}
/// The event context that follows event `s`: after an escape, after a return to the
/// previous id (rank 1), anything else.
pub fn next_ctx(p: &Params, s: u32) -> usize {
    if s == esc_same(p) || s == esc_other(p) {
        0
    } else if s == 1 {
        1
    } else {
        2
    }
}
/// Symbols of the explicit length code (a length not in the dictionary).
pub fn len_alphabet(p: &Params) -> usize {
    (p.bits as usize + 1) * MULTS as usize
}
/// The joint code's table for an event context and a length context.
pub fn joint_table(ev_ctx: usize, len_ctx: usize) -> usize {
    ev_ctx * LEN_CTX + len_ctx
}
/// Length context: how aligned the range's start is.
pub fn len_ctx(p: &Params, start: u128) -> usize {
    let tz = start.trailing_zeros().min(p.bits);
    (tz.saturating_sub(p.lo) as usize).min(LEN_CTX - 1)
}

/// The group (a contiguous run of ids) that holds `id`; `groups` are the runs' starts plus
/// the end.
pub fn group_of(groups: &[u32], id: u32) -> usize {
    groups.partition_point(|&g| g <= id) - 1
}

/// A decoded stream, ready for lookups.
pub struct RangeTable {
    p: Params,
    n: u64,
    /// Per (event context, length context): one symbol for the event and the length,
    /// `event * (values.len() + 1) + length index` (the last index: explicit length).
    joint: Vec<Decoder>,
    values: Vec<u128>,
    explicit: Decoder,
    group: Decoder,
    ids: Vec<Decoder>,
    groups: Vec<u32>,
    /// Per block: first address, bit position, carried ids (`carry` each).
    starts: Starts,
    pos: Vec<u32>,
    carried: Vec<u32>,
}

/// Block starts, narrow for IPv4 (a quarter of the memory, faster search).
enum Starts {
    Narrow(Vec<u32>),
    Wide(Vec<u128>),
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
        let mut v = || get_varint(data, &mut at);
        let p = Params { bits: v()? as u32, block: v()? as u32, mtf: v()? as u32, carry: v()? as u32, lo: v()? as u32 };
        let n = v()?;
        let n_ids = v()? as usize;
        if !(p.bits == 32 || p.bits == 128) || p.block == 0 || !(2..=29).contains(&p.mtf) || p.carry > p.mtf {
            return None;
        }
        if groups.last().copied() != Some(n_ids as u32) {
            return None;
        }
        let mut values = Vec::new();
        for _ in 0..v()? {
            let (a, m) = (v()? as u32, v()? as u128);
            if a >= p.bits.max(1) || m == 0 || m.leading_zeros() < a {
                return None;
            }
            values.push(m << a);
        }
        let mut r = BitReader::at(data, at as u64 * 8);
        let joint_n = ev_alphabet(&p) * (values.len() + 1);
        let joint = (0..EV_CTX * LEN_CTX).map(|_| Decoder::new(&read_lengths(&mut r, joint_n), 11)).collect();
        let explicit = Decoder::new(&read_lengths(&mut r, len_alphabet(&p)), 8);
        let group = Decoder::new(&read_lengths(&mut r, groups.len() - 1), 10);
        let id_lens = read_lengths(&mut r, n_ids);
        let ids = groups.windows(2).map(|g| Decoder::new(&id_lens[g[0] as usize..g[1] as usize], 11)).collect();
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

    /// Decodes every range once, noting where each block starts and what it inherits; checks
    /// that the ranges tile the family's whole address space.
    fn index(&mut self, data: &[u8], bit: u64) -> Option<()> {
        let mut c = Cursor { r: BitReader::at(data, bit), mtf: [EMPTY; 32], m: 0, ctx: 2, start: 0 };
        let mut starts = Vec::new();
        let last = if self.p.bits == 32 { u32::MAX as u128 } else { u128::MAX };
        let mut done = false;
        for i in 0..self.n {
            if done {
                return None;
            }
            if i % self.p.block as u64 == 0 {
                c.m = c.m.min(self.p.carry as usize);
                c.ctx = 2;
                starts.push(c.start);
                self.pos.push(u32::try_from(c.r.bit_pos()).ok()?);
                self.carried.extend((0..self.p.carry as usize).map(|k| if k < c.m { c.mtf[k] } else { EMPTY }));
            }
            let (len, _) = self.step(&mut c)?;
            if len == 0 || len - 1 > last - c.start {
                return None;
            }
            done = len - 1 == last - c.start;
            c.start = c.start.wrapping_add(len);
        }
        if !done {
            return None;
        }
        self.pos.shrink_to_fit();
        self.carried.shrink_to_fit();
        self.starts = if self.p.bits == 32 {
            Starts::Narrow(starts.iter().map(|&s| s as u32).collect())
        } else {
            Starts::Wide(starts)
        };
        Some(())
    }

    /// A cursor at the start of block `b`, with the ids it inherits.
    fn cursor<'a>(&self, data: &'a [u8], b: usize) -> Cursor<'a> {
        let start = match &self.starts {
            Starts::Narrow(s) => s[b] as u128,
            Starts::Wide(s) => s[b],
        };
        let carry = self.p.carry as usize;
        let held = &self.carried[b * carry..(b + 1) * carry];
        let mut c = Cursor { r: BitReader::at(data, self.pos[b] as u64), mtf: [EMPTY; 32], m: 0, ctx: 2, start };
        c.m = held.iter().take_while(|&&x| x != EMPTY).count();
        c.mtf[..c.m].copy_from_slice(&held[..c.m]);
        c
    }

    /// Decodes one range: its length and id (NONE for no data).
    #[inline]
    fn step(&self, c: &mut Cursor) -> Option<(u128, u32)> {
        let p = &self.p;
        let d = self.values.len() as u32 + 1;
        let sym = self.joint[joint_table(c.ctx, len_ctx(p, c.start))].get(&mut c.r);
        let (s, l) = (sym / d, sym % d);
        let id = if s < p.mtf {
            let k = s as usize;
            if k >= c.m {
                return None;
            }
            let id = c.mtf[k];
            c.mtf.copy_within(0..k, 1);
            id
        } else {
            let id = if s == ev_none(p) {
                NONE
            } else {
                let g = if s == esc_same(p) {
                    if c.m == 0 || c.mtf[0] == NONE {
                        return None;
                    }
                    group_of(&self.groups, c.mtf[0])
                } else {
                    self.group.get(&mut c.r) as usize
                };
                self.groups.get(g)? + self.ids.get(g)?.get(&mut c.r)
            };
            c.m = (c.m + 1).min(p.mtf as usize);
            c.mtf.copy_within(0..c.m - 1, 1);
            id
        };
        c.mtf[0] = id;
        c.ctx = next_ctx(p, s);
        if l + 1 < d {
            return Some((self.values[l as usize], id));
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
        Some((m << a, id))
    }

    /// The id of the range holding address `a` (IPv4 in the low 32 bits); NONE when none.
    pub fn find(&self, data: &[u8], a: u128) -> u32 {
        let b = match &self.starts {
            Starts::Narrow(s) => s.partition_point(|&x| x as u128 <= a),
            Starts::Wide(s) => s.partition_point(|&x| x <= a),
        };
        if b == 0 {
            return NONE;
        }
        let mut c = self.cursor(data, b - 1);
        for _ in 0..self.p.block {
            let Some((len, id)) = self.step(&mut c) else { return NONE };
            if a - c.start < len {
                return id;
            }
            c.start = c.start.wrapping_add(len);
        }
        NONE
    }

    /// Heap bytes held (decoders and block index; not the stream's bytes).
    pub fn memory(&self) -> usize {
        let dec: usize = self.joint.iter().chain(&self.ids).map(Decoder::memory).sum();
        let starts = match &self.starts {
            Starts::Narrow(s) => s.capacity() * 4,
            Starts::Wide(s) => s.capacity() * 16,
        };
        dec + self.explicit.memory() + self.group.memory() + starts + self.pos.capacity() * 4 + self.carried.capacity() * 4
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
        for b in 0..self.pos.len() {
            let mut c = self.cursor(data, b);
            let here = (self.n - b as u64 * self.p.block as u64).min(self.p.block as u64);
            for _ in 0..here {
                let Some((len, id)) = self.step(&mut c) else { return out };
                out.push((c.start, len, id));
                c.start = c.start.wrapping_add(len);
            }
        }
        out
    }
}
