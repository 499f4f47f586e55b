//! Reads a range stream: address ranges that tile a family's space (IPv4 or IPv6), each with
//! an id or none. Loading decodes the stream once and lays it out for lookups: per block, the
//! joint codes as the file has them, followed by the block's palette as fixed-width ids, so a
//! lookup reads one block (one or two cache lines) and decodes only joint symbols.
//! Layout in FORMAT.md; [`super::ranges_write`] is the writer and shares the model.

use super::bits::{get_varint, BitReader, BitWriter};
use super::huffman::{codes, fits, read_lengths, Decoder, Long, MAX_LEN};
pub use super::model::*;

/// The id of a range with no data.
pub const NONE: u32 = u32::MAX;

/// Bits of a joint symbol's code a table lookup decodes at once.
const FAST: u32 = 10;
/// Fields of a fast-table entry: code length, event, length index, next state; `LONG` marks
/// a prefix of codes longer than `FAST`.
const E_EVENT: u32 = 5;
const E_LEN: u32 = 11;
const E_NEXT: u32 = 19;
const LONG: u32 = 1 << 31;
/// Bits of an explicit length's code a table lookup decodes at once.
const XFAST: u32 = 10;
/// Fields of an explicit-length entry: code length, exponent, odd multiplier (0: written
/// out, it follows); `LONG` marks a prefix of longer codes.
const X_EXP: u32 = 5;
const X_MULT: u32 = 13;
/// Zero bytes before the first block and after the last, so fixed-size reads near either end
/// stay inside the buffer.
const PAD: usize = 8;

/// A family's ranges, laid out for lookups.
pub struct RangeTable {
    p: Params,
    bits: u32,
    n: u64,
    /// Per state, 2^FAST entries (see `E_*`).
    fast: Vec<u32>,
    /// Per state, the codes longer than FAST, decoding to fast-table entries.
    long: Vec<Long<u32>>,
    /// The length dictionary (IPv4 reads the narrow copy), 256 entries so that an 8-bit
    /// index needs no bounds check.
    values: Box<[u128; 256]>,
    narrow: Box<[u64; 256]>,
    n_values: usize,
    /// The explicit length code: per XFAST-bit prefix an entry (see `X_*`), and the longer
    /// codes.
    xfast: Vec<u32>,
    xlong: Long,
    /// Blocks, back to back: joint codes, zero bits up to a byte, palette entries (the last
    /// first), and a header `base << 5 | width` in `head` bytes: entry k, w bits, is
    /// `id - base`, or all ones for no data.
    blocks: Vec<u8>,
    head: u32,
    /// Most ranges in a block (bounds a scan).
    most: u32,
    index: Index,
}

/// Where each block starts: its first address and its offset in `blocks`.
struct Index {
    /// IPv4: per block its first address (two 16-bit words) and the low 16 bits of its
    /// offset from its group's `base`, then an end entry: six bytes, one load per probe.
    narrow: Vec<[u16; 3]>,
    /// IPv6: per block the top 64 bits of its first address (the rest are zero) as 16-bit
    /// words, then the low 16 bits of its offset from its group's `base`; and an end entry.
    /// Ten bytes instead of twelve: IPv6 lookups mostly end at a block's first range.
    entries: Vec<u16>,
    /// Per group of 2^`group` blocks, the offset its blocks count from (groups are 64 blocks,
    /// or 1 if the blocks are too large for 16-bit offsets).
    base: Vec<u32>,
    group: u32,
    /// IPv6: every 64th block's key, a small table that narrows a search to 64 blocks.
    top: Vec<u64>,
    /// IPv4: per /16 the number of blocks that start before it, so a search looks at a
    /// handful of blocks; and the /16s one range covers whole.
    jump: Vec<u32>,
    whole: Whole,
}

const STRIDE: usize = 5;

impl Index {
    fn new(starts: &[u128], offs: &[u32], wide: bool) -> Index {
        let mut x = Index {
            narrow: Vec::new(),
            entries: Vec::new(),
            base: Vec::new(),
            group: 0,
            top: Vec::new(),
            jump: Vec::new(),
            whole: Whole::default(),
        };
        let fits = |g: u32| offs.iter().enumerate().all(|(b, &o)| o - offs[(b >> g) << g] <= u16::MAX as u32);
        x.group = if fits(6) { 6 } else { 0 };
        x.base = offs.iter().step_by(1 << x.group).copied().collect();
        if !wide {
            x.narrow = offs
                .iter()
                .enumerate()
                .map(|(b, &o)| {
                    let key = starts.get(b).map_or(u32::MAX, |&s| s as u32);
                    [(key >> 16) as u16, key as u16, (o - offs[(b >> x.group) << x.group]) as u16]
                })
                .collect();
            x.jump = (0..=1u128 << 16).map(|h| starts.partition_point(|&s| s < h << 16) as u32).collect();
            return x;
        }
        x.entries.reserve_exact(offs.len() * STRIDE);
        for (b, &o) in offs.iter().enumerate() {
            // The end entry's address is never read.
            let key = starts.get(b).map_or(u64::MAX, |&s| (s >> 64) as u64);
            x.entries.extend([(key >> 48) as u16, (key >> 32) as u16, (key >> 16) as u16, key as u16]);
            x.entries.push((o - offs[(b >> x.group) << x.group]) as u16);
        }
        x.top = starts.iter().step_by(64).map(|&s| (s >> 64) as u64).collect();
        x
    }

    /// Blocks, with the end entry.
    fn len(&self) -> usize {
        if self.narrow.is_empty() {
            self.entries.len() / STRIDE
        } else {
            self.narrow.len()
        }
    }

    /// The first address of block `b` (IPv6: its top 64 bits).
    #[inline(always)]
    fn key(&self, b: usize) -> u64 {
        if let Some(&[h, l, _]) = self.narrow.get(b) {
            return (h as u64) << 16 | l as u64;
        }
        match self.entries.get(b * STRIDE..b * STRIDE + 4) {
            Some(&[a, b, c, d]) => (a as u64) << 48 | (b as u64) << 32 | (c as u64) << 16 | d as u64,
            _ => u64::MAX,
        }
    }

    /// The byte offset of block `b`.
    #[inline(always)]
    fn offset(&self, b: usize) -> usize {
        let delta = match self.narrow.get(b) {
            Some(e) => e[2],
            None => self.entries[b * STRIDE + 4],
        };
        (self.base[b >> self.group] + delta as u32) as usize
    }

    /// The IPv4 block holding address `a`.
    #[inline(always)]
    fn search_narrow(&self, a: u32) -> usize {
        let h = (a >> 16) as usize;
        let (lo, hi) = (self.jump[h] as usize, self.jump[h + 1] as usize);
        let key = |e: &[u16; 3]| (e[0] as u32) << 16 | e[1] as u32;
        (lo + self.narrow[lo..hi].partition_point(|e| key(e) <= a)).saturating_sub(1)
    }

    /// The IPv6 block holding the addresses with top 64 bits `key`.
    #[inline(always)]
    fn search_wide(&self, key: u64) -> usize {
        let t = self.top.partition_point(|&k| k <= key).saturating_sub(1);
        let (mut lo, mut n) = (t * 64, (t * 64 + 64).min(self.len() - 1) - t * 64);
        // Branch-free halving: the same steps whatever the data.
        while n > 1 {
            let half = n / 2;
            if self.key(lo + half) <= key {
                lo += half;
            }
            n -= half;
        }
        lo
    }

    fn memory(&self) -> usize {
        self.narrow.capacity() * 6
            + self.entries.capacity() * 2
            + self.base.capacity() * 4
            + self.top.capacity() * 8
            + self.jump.capacity() * 4
            + self.whole.memory()
    }
}

/// The IPv4 /16s that lie within one range, answered without touching a block: a third of
/// the public space.
#[derive(Default)]
struct Whole {
    /// Per 64 /16s: which are whole, and how many whole ones come before.
    bits: Vec<(u64, u32)>,
    /// Their ids, in address order.
    ids: Vec<u32>,
}

impl Whole {
    fn memory(&self) -> usize {
        self.bits.capacity() * 16 + self.ids.capacity() * 4
    }

    #[inline(always)]
    fn get(&self, h: usize) -> Option<u32> {
        let &(w, before) = self.bits.get(h / 64)?;
        let below = w & ((1u64 << (h % 64)) - 1);
        (w >> (h % 64) & 1 != 0).then(|| self.ids[(before + below.count_ones()) as usize])
    }
}

/// Host bits of the prefixes `Whole` answers (IPv4 /16s).
pub const WHOLE_BITS: u32 = 16;
const WHOLE: u32 = WHOLE_BITS;

/// Address arithmetic of a family: IPv4 in a u64 (its space ends at 2^32), IPv6 in a u128.
trait Word: Copy + PartialOrd + std::ops::Sub<Output = Self> + std::ops::Add<Output = Self> {
    fn tz(self) -> u32;
    fn value(t: &RangeTable, i: usize) -> Self;
    fn wide(v: u128) -> Self;
}

impl Word for u64 {
    #[inline(always)]
    fn tz(self) -> u32 {
        self.trailing_zeros().min(32)
    }
    #[inline(always)]
    fn value(t: &RangeTable, i: usize) -> u64 {
        t.narrow[i & 255]
    }
    fn wide(v: u128) -> u64 {
        v as u64
    }
}

impl Word for u128 {
    #[inline(always)]
    fn tz(self) -> u32 {
        self.trailing_zeros()
    }
    #[inline(always)]
    fn value(t: &RangeTable, i: usize) -> u128 {
        t.values[i & 255]
    }
    fn wide(v: u128) -> u128 {
        v
    }
}

/// The decoding loop's bit reader, small enough to live in registers: the next bits
/// left-aligned in `buf` (`have` of them valid; the bits below are the stream's next ones
/// too), `pos` the next byte to load.
#[derive(Clone, Copy)]
struct Bits {
    buf: u64,
    have: u32,
    pos: usize,
}

impl Bits {
    fn at(data: &[u8], byte: usize) -> Bits {
        let mut b = Bits { buf: 0, have: 0, pos: byte };
        b.fill(data);
        b
    }

    /// Makes at least 32 bits valid (a code is at most 24), loading whole bytes.
    #[inline(always)]
    fn fill(&mut self, data: &[u8]) {
        if self.have < 32 {
            self.buf |= be64(data, self.pos) >> self.have;
            let take = (63 - self.have) >> 3;
            self.pos += take as usize;
            self.have += take << 3;
        }
    }

    /// The next `n` bits (1 to 32), after `fill`.
    #[inline(always)]
    fn look(&self, n: u32) -> u32 {
        (self.buf >> (64 - n)) as u32
    }

    #[inline(always)]
    fn drop(&mut self, n: u32) {
        self.buf <<= n;
        self.have -= n;
    }

    fn bit_pos(&self) -> usize {
        self.pos * 8 - self.have as usize
    }
}

/// Reads a big-endian u64 at `at`, zeros past the end.
#[inline(always)]
fn be64(b: &[u8], at: usize) -> u64 {
    match b.get(at..at + 8) {
        Some(x) => u64::from_be_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]),
        None => (0..8).fold(0, |w, i| w << 8 | b.get(at + i).copied().unwrap_or(0) as u64),
    }
}

/// The explicit length code's fast table (see `X_*`).
fn explicit_table(lens: &[u8]) -> Vec<u32> {
    let mut t = vec![LONG; 1 << XFAST];
    for (sym, &(code, l)) in codes(lens).iter().enumerate() {
        let (l, sym) = (l as u32, sym as u32);
        if lens[sym as usize] == 0 || l > XFAST {
            continue;
        }
        let (a, j) = (sym / MULTS, sym % MULTS);
        let m = if j < MULTS - 1 { 2 * j + 1 } else { 0 };
        let from = (code << (XFAST - l)) as usize;
        t[from..from + (1 << (XFAST - l))].fill(l | a << X_EXP | m << X_MULT);
    }
    t
}

/// Reads a big-endian u32 at `at`.
#[inline(always)]
fn be32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map_or(0, |x| u32::from_be_bytes([x[0], x[1], x[2], x[3]]))
}

impl RangeTable {
    /// Parses a stream section (`groups` and `regions` within them: the id runs the
    /// dictionary defines), decoding every range once. `None` when the section is malformed.
    pub fn parse(data: &[u8], groups: &[u32], regions: &[u32]) -> Option<RangeTable> {
        let mut at = 0;
        let mut v = || get_varint(data, &mut at).and_then(|x| u32::try_from(x).ok());
        let p = Params { bits: v()?, block: v()?, big: v()?, align: v()?, lo: v()?, classes: v()?, values: v()? };
        let wide = match p.bits {
            32 => false,
            128 if p.align >= 64 => true,
            _ => return None,
        };
        if p.align > p.bits || p.lo > p.bits || !(p.classes == 1 || p.classes == 3) {
            return None;
        }
        let n = get_varint(data, &mut at)?;
        let n_ids = get_varint(data, &mut at)?;
        let n_groups = groups.len().checked_sub(1)?;
        // Ids below 2^27 leave a block header (id and width) within 32 bits.
        if n_groups == 0 || groups.last().map(|&g| g as u64) != Some(n_ids) || n_ids >= 1 << 27 {
            return None;
        }
        let mut values = Vec::new();
        for _ in 0..get_varint(data, &mut at)?.min(EXPLICIT as u64) {
            let (a, m) = (get_varint(data, &mut at)? as u32, get_varint(data, &mut at)? as u128);
            if a >= p.bits || m == 0 || m.leading_zeros() < a || (p.bits == 32 && (m << a) > 1 << 32) {
                return None;
            }
            values.push(m << a);
        }
        let n_blocks = get_varint(data, &mut at)?;
        let one = get_varint(data, &mut at)? as usize;
        let joint_bytes = data.get(at..at.checked_add(one)?)?;
        let escape_bytes = &data[at + one..];
        let mut r = BitReader::at(joint_bytes, 0);
        let table = |r: &mut BitReader, n: usize| read_lengths(r, n).filter(|l| fits(l));
        let joint_l: Vec<Vec<u8>> = (0..states(&p)).map(|_| table(&mut r, JOINT_SYMBOLS)).collect::<Option<_>>()?;
        let explicit_l = table(&mut r, len_alphabet(&p))?;
        let group = Decoder::new(&table(&mut r, n_groups + 3)?, 8);
        // One code per group and one per region, their lengths in a row. Region codes are
        // small: short tables (they live only while loading).
        let mut per_run = |runs: &[u32], fast: u32| -> Option<Vec<Decoder>> {
            let l = read_lengths(&mut r, n_ids as usize)?;
            if runs.first() != Some(&0) || runs.last().map(|&x| x as u64) != Some(n_ids) {
                return None;
            }
            let slice = |g: &[u32]| l.get(g[0] as usize..g[1] as usize).filter(|l| fits(l));
            runs.windows(2).map(|g| Some(Decoder::new(slice(g)?, fast))).collect()
        };
        let ids = per_run(groups, 9)?;
        let by_region = per_run(regions, 6)?;
        let block = Decoder::new(&table(&mut r, 256)?, 8);
        let mut counts = Vec::new();
        let mut total = 0u64;
        for _ in 0..n_blocks.min(n) {
            let c = match block.get(&mut r) {
                255 => r.get(32),
                c => c,
            };
            if c == 0 || r.bit_pos() > joint_bytes.len() as u64 * 8 {
                return None;
            }
            total += c as u64;
            counts.push(c);
        }
        if total != n || counts.len() as u64 != n_blocks {
            return None;
        }
        let mut t = RangeTable {
            p,
            bits: p.bits,
            n,
            fast: Vec::new(),
            long: Vec::new(),
            narrow: Box::new(std::array::from_fn(|i| values.get(i).map_or(0, |&v| v as u64))),
            values: Box::new(std::array::from_fn(|i| values.get(i).copied().unwrap_or(0))),
            n_values: values.len(),
            xfast: explicit_table(&explicit_l),
            xlong: Long::new(&explicit_l, XFAST),
            blocks: vec![0; PAD],
            head: 0,
            most: counts.iter().copied().max().unwrap_or(0),
            index: Index::new(&[], &[0], wide),
        };
        t.fast = t.tables(&joint_l)?;
        t.long = (0..joint_l.len())
            .map(|st| Long::mapped(&joint_l[st], FAST, |sym| t.entry(st as u32, sym)))
            .collect::<Option<_>>()?;
        let bit = r.bit_pos() as usize;
        // Per id its region and group (while loading only): escapes name them for every id.
        let run_of = |runs: &[u32]| -> Option<Vec<u16>> {
            let mut v = Vec::with_capacity(n_ids as usize);
            for (k, w) in runs.windows(2).enumerate() {
                v.extend(std::iter::repeat_n(u16::try_from(k).ok()?, (w[1] - w[0]) as usize));
            }
            Some(v)
        };
        let (group_of_id, region_of_id) = (run_of(groups)?, run_of(regions)?);
        let esc = Escapes {
            r: BitReader::at(escape_bytes, 0),
            group,
            ids,
            by_region,
            groups,
            regions,
            group_of_id,
            region_of_id,
        };
        t.load(joint_bytes, bit, esc, &counts, wide, n_ids)?;
        Some(t)
    }

    /// The fast tables of every state; `None` if a code names a length the dictionary lacks.
    fn tables(&self, joint_l: &[Vec<u8>]) -> Option<Vec<u32>> {
        let mut fast = vec![LONG; joint_l.len() << FAST];
        for (s, lens) in joint_l.iter().enumerate() {
            for (sym, &(code, l)) in codes(lens).iter().enumerate() {
                let (l, present) = (l as u32, lens[sym] > 0);
                if !present || l > FAST {
                    continue;
                }
                let e = self.entry(s as u32, sym as u32)? | l;
                let from = (s << FAST) + (code << (FAST - l)) as usize;
                fast[from..from + (1 << (FAST - l))].fill(e);
            }
        }
        Some(fast)
    }

    /// A fast-table entry without its code length.
    fn entry(&self, st: u32, sym: u32) -> Option<u32> {
        let (e, li) = (sym >> JOINT_SHIFT, sym & EXPLICIT);
        let next = if li == EXPLICIT {
            0
        } else {
            let v = self.values[..self.n_values].get(li as usize)?;
            next_state(&self.p, st, e, v.trailing_zeros().min(self.bits))
        };
        Some(e << E_EVENT | li << E_LEN | next << E_NEXT)
    }

    /// Decodes every block of the joint stream (and the escapes as they come), checks that
    /// the ranges tile the whole address space, and lays the blocks out.
    fn load(
        &mut self,
        joint: &[u8],
        bit: usize,
        mut esc: Escapes,
        counts: &[u32],
        wide: bool,
        n_ids: u64,
    ) -> Option<()> {
        let id_bits = 64 - n_ids.max(1).leading_zeros();
        self.head = (id_bits + 5).div_ceil(8);
        let mut b = Bits::at(joint, bit / 8);
        b.drop(bit as u32 % 8);
        let (mut starts, mut offs) = (Vec::new(), Vec::new());
        let (mut cur, mut prev) = (NONE, NONE);
        let mut start = 0u128;
        let mut done = false;
        let mut palette: Vec<u32> = Vec::new();
        let last = if wide { u128::MAX } else { u32::MAX as u128 };
        let mut whole: Vec<(u32, u32)> = Vec::new();
        for &count in counts {
            if done || (wide && start as u64 != 0) {
                return None;
            }
            starts.push(start);
            offs.push(u32::try_from(self.blocks.len()).ok()?);
            palette.clear();
            palette.extend([cur, prev]);
            let (mut k_cur, mut k_prev) = (0u32, 1u32);
            let mut st = block_state(&self.p, start.trailing_zeros().min(self.bits));
            let b0 = b.bit_pos();
            for _ in 0..count {
                // Past the end only zeros are read: a count that overstates the ranges is damage.
                if b.bit_pos() > joint.len() * 8 || done {
                    return None;
                }
                let (e, len, next) = self.step::<u128>(joint, &mut b, st)?;
                st = next;
                let k = match e {
                    NEW => {
                        palette.push(esc.next(cur)?);
                        palette.len() as u32 - 1
                    }
                    BACK => k_prev,
                    _ if e - IDX < palette.len() as u32 => e - IDX,
                    _ => return None,
                };
                (k_prev, k_cur) = (k_cur, k);
                if len - 1 > last - start {
                    return None;
                }
                done = len - 1 == last - start;
                if !wide && len >> WHOLE != 0 {
                    let id = palette[k as usize];
                    whole.extend((start.div_ceil(1 << WHOLE)..(start + len) >> WHOLE).map(|h| (h as u32, id)));
                }
                start = start.wrapping_add(len);
                (prev, cur) = (cur, palette[k as usize]);
            }
            if palette.iter().any(|&id| id != NONE && id as u64 >= n_ids) {
                return None;
            }
            self.put_block(joint, b0, b.bit_pos(), &palette);
        }
        if !done {
            return None;
        }
        offs.push(u32::try_from(self.blocks.len()).ok()?);
        self.blocks.extend([0; PAD]);
        self.blocks.shrink_to_fit();
        self.index = Index::new(&starts, &offs, wide);
        if !wide {
            let w = &mut self.index.whole;
            w.ids = whole.iter().map(|x| x.1).collect();
            w.bits = vec![(0, 0); 1 << (32 - WHOLE - 6)];
            for &(h, _) in &whole {
                w.bits[h as usize / 64].0 |= 1 << (h % 64);
            }
            let mut before = 0;
            for e in &mut w.bits {
                e.1 = before;
                before += e.0.count_ones();
            }
        }
        Some(())
    }

    /// Appends a block: the joint bits `b0..b1` of `joint`, then its palette and header.
    fn put_block(&mut self, joint: &[u8], b0: usize, b1: usize, palette: &[u32]) {
        let mut w = BitWriter::default();
        let mut r = BitReader::at(joint, b0 as u64);
        let mut left = b1 - b0;
        while left > 0 {
            let take = left.min(32) as u32;
            w.put(r.get(take), take);
            left -= take as usize;
        }
        let real = || palette.iter().copied().filter(|&id| id != NONE);
        let base = real().min().unwrap_or(0);
        let span = real().max().unwrap_or(0) - base;
        // All ones stands for no data, so the width holds one more value than the span.
        let width = 32 - (span + 1).leading_zeros();
        let pad = (8 - (w.len() + palette.len() as u64 * width as u64) % 8) % 8;
        w.put(0, pad as u32);
        for &id in palette.iter().rev() {
            w.put(if id == NONE { (1 << width) - 1 } else { id - base }, width);
        }
        w.put(base << 5 | width, self.head * 8);
        self.blocks.extend(w.finish());
    }

    /// Decodes one range: its event, length and the state after it. `None` on a code that
    /// names nothing or an impossible length.
    #[inline(always)]
    fn step<W: Word>(&self, data: &[u8], b: &mut Bits, st: u32) -> Option<(u32, W, u32)> {
        b.fill(data);
        let mut e = self.fast.get((st as usize) << FAST | b.look(FAST) as usize).copied().unwrap_or(LONG);
        if e & LONG != 0 {
            e = self.long_entry(st, b.look(MAX_LEN))?;
        }
        b.drop(e & 31);
        let ev = (e >> E_EVENT) & (EVENTS - 1);
        let li = (e >> E_LEN) & EXPLICIT;
        if li == EXPLICIT {
            let (len, a) = self.explicit_len(data, b)?;
            return Some((ev, W::wide(len), next_state(&self.p, st, ev, a)));
        }
        Some((ev, W::value(self, li as usize), e >> E_NEXT))
    }

    /// The entry (with its code length) of a code longer than the fast table's.
    #[cold]
    fn long_entry(&self, st: u32, v: u32) -> Option<u32> {
        let (e, l) = self.long.get(st as usize)?.decode(v)?;
        Some(e | l)
    }

    /// A length not in the dictionary, and its trailing zero bits.
    #[inline(always)]
    fn explicit_len(&self, data: &[u8], b: &mut Bits) -> Option<(u128, u32)> {
        b.fill(data);
        let x = self.xfast[b.look(XFAST) as usize];
        if x & LONG == 0 {
            b.drop(x & 31);
            let a = (x >> X_EXP) & 0xff;
            let mut m = (x >> X_MULT) as u128;
            if m == 0 {
                // A written-out multiplier: its bit count, then the bits below its top one.
                // Long ranges have them, so lookups spread over the space meet them often.
                b.fill(data);
                let nb = b.look(7);
                if nb == 0 || nb > 25 {
                    let (len, after) = self.large_multiplier(data, *b, a)?;
                    *b = after;
                    return Some((len, a));
                }
                b.drop(7);
                m = (1u128 << (nb - 1)) | (b.look(nb) >> 1) as u128;
                b.drop(nb - 1);
            }
            return (a < self.bits && m.leading_zeros() >= a).then_some((m << a, a));
        }
        let (len, a, after) = self.explicit_slow(data, *b)?;
        *b = after;
        Some((len, a))
    }

    /// A multiplier of more than 25 bits (IPv6 only), and the length.
    #[cold]
    fn large_multiplier(&self, data: &[u8], mut b: Bits, a: u32) -> Option<(u128, Bits)> {
        let nb = b.look(7);
        b.drop(7);
        if nb == 0 || nb > 128 {
            return None;
        }
        let mut m = 1u128;
        let mut left = nb - 1;
        while left > 0 {
            let take = left.min(16);
            b.fill(data);
            m = m << take | b.look(take) as u128;
            b.drop(take);
            left -= take;
        }
        (a < self.bits && m.leading_zeros() >= a).then_some((m << a, b))
    }

    /// An explicit length with a long code (rare).
    #[cold]
    fn explicit_slow(&self, data: &[u8], mut b: Bits) -> Option<(u128, u32, Bits)> {
        let (sym, l) = self.xlong.decode(b.look(MAX_LEN))?;
        b.drop(l);
        let (a, j) = (sym / MULTS, sym % MULTS);
        if j < MULTS - 1 {
            let m = 2 * j as u128 + 1;
            return (a < self.bits && m.leading_zeros() >= a).then_some((m << a, a, b));
        }
        b.fill(data);
        let (len, b) = self.large_multiplier(data, b, a)?;
        Some((len, a, b))
    }

    /// Scans the block at byte `off` (starting at address `start`) for address `a`; returns
    /// its palette entry, or None if the block ends first (never, for blocks `load` wrote).
    #[inline(always)]
    fn scan<W: Word>(&self, off: usize, mut start: W, a: W) -> Option<u32> {
        let data = &self.blocks[..];
        let mut b = Bits::at(data, off);
        let mut st = block_state(&self.p, start.tz());
        let (mut cur, mut prev, mut n) = (0u32, 1u32, CARRY);
        for _ in 0..self.most {
            let (e, len, next) = self.step::<W>(data, &mut b, st)?;
            st = next;
            // Without branches on the event (it is unpredictable): a NEW takes the next
            // palette entry, BACK the one before, IDX + k entry k.
            let named = if e == NEW { n } else { e.wrapping_sub(IDX) };
            n += (e == NEW) as u32;
            (prev, cur) = (cur, if e == BACK { prev } else { named });
            if a - start < len {
                return Some(cur);
            }
            start = start + len;
        }
        None
    }

    /// Palette entry `k` of the block ending at byte `end` (given its header word).
    #[inline(always)]
    fn entry_id(&self, end: usize, header: u32, k: u32) -> u32 {
        let width = header & 31;
        let base = header >> 5;
        let bit = (end - self.head as usize) * 8 - (k as usize + 1) * width as usize;
        let v = (be32(&self.blocks, bit / 8) << (bit % 8)) >> (32 - width);
        if v == (1 << width) - 1 {
            NONE
        } else {
            base + v
        }
    }

    /// The block header (read before the scan, so the block's last cache line loads while
    /// the first is decoded).
    #[inline(always)]
    fn header(&self, end: usize) -> u32 {
        be32(&self.blocks, end - 4) & (u32::MAX >> (32 - self.head * 8))
    }

    /// The id of the range holding address `a` (IPv4 in the low 32 bits); NONE when none.
    pub fn find(&self, a: u128) -> u32 {
        if self.bits == 32 {
            self.find_narrow(a as u32)
        } else {
            self.find_wide(a)
        }
    }

    // One function per family: each keeps only its own decoding loop (a smaller hot path).
    #[inline(never)]
    fn find_narrow(&self, a: u32) -> u32 {
        let x = &self.index;
        if let Some(id) = x.whole.get((a >> WHOLE) as usize) {
            return id;
        }
        let b = x.search_narrow(a);
        let (off, end) = (x.offset(b), x.offset(b + 1));
        let header = self.header(end);
        self.scan::<u64>(off, x.key(b), a as u64).map_or(NONE, |k| self.entry_id(end, header, k))
    }

    #[inline(never)]
    fn find_wide(&self, a: u128) -> u32 {
        let x = &self.index;
        let b = x.search_wide((a >> 64) as u64);
        let (off, end) = (x.offset(b), x.offset(b + 1));
        let header = self.header(end);
        self.scan::<u128>(off, (x.key(b) as u128) << 64, a).map_or(NONE, |k| self.entry_id(end, header, k))
    }

    /// Heap bytes held by the laid-out blocks.
    pub fn block_bytes(&self) -> usize {
        self.blocks.capacity()
    }

    /// Heap bytes by part: blocks (joint codes, palettes, headers), index (with the whole-/16
    /// table), decoding tables.
    pub fn memory_parts(&self) -> [(&'static str, usize); 3] {
        [
            ("blocks", self.block_bytes()),
            ("index", self.index.memory()),
            ("tables", self.memory() - self.index.memory()),
        ]
    }

    /// Heap bytes held besides the blocks: index, decoding tables, dictionary.
    pub fn memory(&self) -> usize {
        self.index.memory()
            + self.fast.capacity() * 4
            + self.long.iter().map(Long::memory).sum::<usize>()
            + self.long.capacity() * std::mem::size_of::<Long<u32>>()
            + self.xfast.capacity() * 4
            + self.xlong.memory()
            + 256 * (16 + 8)
    }

    /// Ranges in the stream.
    pub fn len(&self) -> u64 {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Every range in order as (start, length, id): for tests and tools, not lookups.
    pub fn ranges(&self) -> Vec<(u128, u128, u32)> {
        let mut out = Vec::with_capacity(self.n as usize);
        let x = &self.index;
        let shift = if self.bits == 32 { 0 } else { 64 };
        let blocks: Vec<(u128, usize, usize)> =
            (0..x.len() - 1).map(|b| ((x.key(b) as u128) << shift, x.offset(b), x.offset(b + 1))).collect();
        for (i, &(mut start, off, end)) in blocks.iter().enumerate() {
            // A block ends where the next begins (the last, at the end of the space).
            let stop = blocks.get(i + 1).map(|b| b.0);
            let header = self.header(end);
            let mut b = Bits::at(&self.blocks, off);
            let mut st = block_state(&self.p, start.trailing_zeros().min(self.bits));
            let (mut cur, mut prev, mut n) = (0u32, 1u32, CARRY);
            loop {
                let Some((e, len, next)) = self.step::<u128>(&self.blocks, &mut b, st) else { return out };
                st = next;
                let named = if e == NEW { n } else { e.wrapping_sub(IDX) };
                n += (e == NEW) as u32;
                (prev, cur) = (cur, if e == BACK { prev } else { named });
                out.push((start, len, self.entry_id(end, header, cur)));
                start = start.wrapping_add(len);
                let last = if self.bits == 32 { start == 1 << 32 } else { start == 0 };
                if Some(start) == stop || (stop.is_none() && last) {
                    break;
                }
            }
        }
        out
    }
}

/// The escape stream, read while loading: the ids that enter palettes.
struct Escapes<'a> {
    r: BitReader<'a>,
    group: Decoder,
    ids: Vec<Decoder>,
    by_region: Vec<Decoder>,
    groups: &'a [u32],
    regions: &'a [u32],
    group_of_id: Vec<u16>,
    region_of_id: Vec<u16>,
}

impl Escapes<'_> {
    /// The next escaped id (`cur`: the previous range's id, whose region symbol 0 names and
    /// whose group symbol 1 names).
    fn next(&mut self, cur: u32) -> Option<u32> {
        let n_groups = self.ids.len();
        let (runs, codes, g) = match self.group.get(&mut self.r) as usize {
            0 if cur != NONE => (self.regions, &self.by_region, *self.region_of_id.get(cur as usize)? as usize),
            1 if cur != NONE => (self.groups, &self.ids, *self.group_of_id.get(cur as usize)? as usize),
            s if (2..2 + n_groups).contains(&s) => (self.groups, &self.ids, s - 2),
            s if s == n_groups + 2 => return Some(NONE),
            _ => return None,
        };
        let id = runs[g] + codes.get(g)?.get(&mut self.r);
        (id < runs[g + 1]).then_some(id)
    }
}
