//! Writes a range stream (the reader is [`super::ranges`]): runs the model over every range,
//! counts every symbol, builds the codes, then writes models, joint stream and escapes.

use super::addr::special_intervals;
use super::bits::{put_varint, BitWriter};
use super::huffman::{lengths, write_lengths, Encoder};
use super::model::*;
use super::ranges::{NONE, WHOLE_BITS};
use std::collections::HashMap;

/// What each part of a stream costs, in bits (for the generator's report).
#[derive(Debug, Default, Clone)]
pub struct Costs {
    /// Code tables, header, dictionary.
    pub models: u64,
    /// The block list (ranges per block).
    pub blocks: u64,
    /// How many blocks.
    pub n_blocks: u64,
    /// The joint event-and-length symbols.
    pub events: u64,
    /// Lengths not in the dictionary.
    pub explicit: u64,
    /// Ids that enter a palette: group and id codes.
    pub escapes: u64,
}

/// Where an escaped id with data is coded: in its region (true) or group, which one, and its
/// index there.
type Within = (bool, usize, u32);

/// One modelled range.
struct Coded {
    state: u32,
    event: u32,
    len: u128,
    /// For NEW: the group symbol and, for an id with data, (by region?, region or group,
    /// index in it).
    escape: Option<(u32, Option<Within>)>,
}

fn tz(x: u128, bits: u32) -> u32 {
    x.trailing_zeros().min(bits)
}

/// How an escape names its id: the group symbol (0: in the region of the previous range's
/// id; 1: elsewhere in its group; `2 + g`: in group g; `2 + groups`: no data), then for an id
/// with data its region (symbol 0) or group, and its place there.
fn group_symbol(groups: &[u32], regions: &[u32], cur: u32, id: u32) -> (u32, Option<Within>) {
    let n_groups = groups.len() as u32 - 1;
    if id == NONE {
        return (2 + n_groups, None);
    }
    let (g, r) = (group_of(groups, id), group_of(regions, id));
    if cur != NONE && group_of(regions, cur) == r {
        return (0, Some((true, r, id - regions[r])));
    }
    let same = cur != NONE && group_of(groups, cur) == g;
    (if same { 1 } else { 2 + g as u32 }, Some((false, g, id - groups[g])))
}

/// Lookup weight of each range: its share of the public addresses a lookup spread evenly
/// over the space can land on (IPv4: outside the /16s one range covers, which the reader
/// answers without a block).
fn weights(p: &Params, ranges: &[(u128, u32)]) -> Vec<f64> {
    let v6 = p.bits == 128;
    let holes = special_intervals(v6);
    let (mut out, mut start, mut h) = (Vec::with_capacity(ranges.len()), 0u128, 0);
    for &(len, _) in ranges {
        let last = start + (len - 1);
        let mut w = len as f64;
        // Special blocks only ever meet ranges with no data, which they cover or border.
        while h < holes.len() && holes[h].1 < start {
            h += 1;
        }
        let mut k = h;
        while k < holes.len() && holes[k].0 <= last {
            w -= (holes[k].1.min(last) - holes[k].0.max(start)) as f64 + 1.0;
            k += 1;
        }
        if !v6 {
            let whole = ((last + 1) >> WHOLE_BITS).saturating_sub(start.div_ceil(1 << WHOLE_BITS));
            w -= (whole << WHOLE_BITS) as f64;
        }
        out.push(w.max(0.0));
        start = start.wrapping_add(len);
    }
    let total: f64 = out.iter().sum();
    out.iter_mut().for_each(|w| *w /= total.max(1.0));
    out
}

/// Where blocks start: the cut that minimizes the expected number of ranges a lookup spread
/// evenly over the public space decodes, plus 2^-big per block (dynamic programming over
/// block ends; a block holds at most `block` ranges, unless alignment forbids a start).
fn blocks(p: &Params, ranges: &[(u128, u32)]) -> Vec<u64> {
    let w = weights(p, ranges);
    let n = ranges.len();
    let mut can = Vec::with_capacity(n);
    let mut start = 0u128;
    for &(len, _) in ranges {
        can.push(tz(start, p.bits) >= p.align);
        start = start.wrapping_add(len);
    }
    if let Some(first) = can.first_mut() {
        *first = true;
    }
    // 2^-big, built exactly (the cut must not depend on a platform's exp2).
    let cost = f64::from_bits((1023 - p.big.min(1022) as u64) << 52);
    let (mut best, mut from) = (vec![f64::INFINITY; n + 1], vec![0usize; n + 1]);
    best[0] = 0.0;
    for e in 1..=n {
        // Growing the block at its front moves every range in it one place later.
        let (mut c, mut sum) = (0.0, 0.0);
        for s in (0..e).rev() {
            sum += w[s];
            c += sum;
            if can[s] && best[s] + c + cost < best[e] {
                (best[e], from[e]) = (best[s] + c + cost, s);
            }
            if e - s >= p.block as usize && best[e].is_finite() {
                break;
            }
        }
    }
    let mut counts = Vec::new();
    let mut e = n;
    while e > 0 {
        counts.push((e - from[e]) as u64);
        e = from[e];
    }
    counts.reverse();
    counts
}

/// Runs the model: block boundaries (range counts), then per range its state and event.
fn model(p: &Params, ranges: &[(u128, u32)], groups: &[u32], regions: &[u32]) -> (Vec<u64>, Vec<Coded>) {
    let blocks = blocks(p, ranges);
    let mut opens = vec![false; ranges.len()];
    let mut at = 0;
    for &b in &blocks {
        opens[at] = true;
        at += b as usize;
    }
    let mut out = Vec::with_capacity(ranges.len());
    let (mut cur, mut prev) = (NONE, NONE);
    let mut palette: Vec<u32> = Vec::new();
    let (mut start, mut st) = (0u128, 0u32);
    for (i, &(len, id)) in ranges.iter().enumerate() {
        if opens[i] {
            palette = vec![cur, prev];
            st = block_state(p, tz(start, p.bits));
        }
        let mut escape = None;
        let event = if id == prev {
            BACK
        } else {
            match palette.iter().position(|&x| x == id).filter(|&k| (k as u32) < EVENTS - IDX) {
                Some(k) => IDX + k as u32,
                None => {
                    escape = Some(group_symbol(groups, regions, cur, id));
                    palette.push(id);
                    NEW
                }
            }
        };
        out.push(Coded { state: st, event, len, escape });
        st = next_state(p, st, event, tz(len, p.bits));
        (prev, cur) = (cur, id);
        start = start.wrapping_add(len);
    }
    (blocks, out)
}

/// The explicit code of a length: symbol and, for large multipliers, their bit count.
fn explicit(len: u128) -> (u32, Option<u32>) {
    let a = len.trailing_zeros();
    let m = len >> a;
    if m < 2 * (MULTS as u128 - 1) {
        (a * MULTS + (m as u32 - 1) / 2, None)
    } else {
        (a * MULTS + MULTS - 1, Some(128 - m.leading_zeros()))
    }
}

/// Encodes ranges `(length, id)` that tile the family's space; `groups` and `regions` (runs
/// of ids within groups) as in [`group_of`]. Returns the section bytes and what each part
/// cost.
pub fn write(p: &Params, ranges: &[(u128, u32)], groups: &[u32], regions: &[u32]) -> (Vec<u8>, Costs) {
    let n_ids = *groups.last().expect("groups end") as usize;
    assert_eq!(regions.last(), groups.last(), "regions cover the ids");
    let n_groups = groups.len() - 1;
    let (blocks, coded) = model(p, ranges, groups, regions);
    // The length dictionary: the most frequent lengths (that fit a varint multiplier).
    let mut freq: HashMap<u128, u64> = HashMap::new();
    for c in &coded {
        *freq.entry(c.len).or_default() += 1;
    }
    let mut values: Vec<(u64, u128)> =
        freq.into_iter().filter(|&(l, n)| n > 1 && (l >> l.trailing_zeros()) >> 64 == 0).map(|(l, n)| (n, l)).collect();
    values.sort_by(|a, b| b.cmp(a));
    values.truncate(p.values.min(EXPLICIT) as usize);
    let index: HashMap<u128, u32> = values.iter().enumerate().map(|(i, &(_, l))| (l, i as u32)).collect();
    let sym = |c: &Coded| (c.event << JOINT_SHIFT | index.get(&c.len).copied().unwrap_or(EXPLICIT)) as usize;

    let mut joint_n = vec![vec![0u64; JOINT_SYMBOLS]; states(p)];
    let mut explicit_n = vec![0u64; len_alphabet(p)];
    let mut group_n = vec![0u64; n_groups + 3];
    let (mut id_n, mut region_n) = (vec![0u64; n_ids], vec![0u64; n_ids]);
    for c in &coded {
        joint_n[c.state as usize][sym(c)] += 1;
        if !index.contains_key(&c.len) {
            explicit_n[explicit(c.len).0 as usize] += 1;
        }
        if let Some((gs, gi)) = c.escape {
            group_n[gs as usize] += 1;
            match gi {
                Some((true, r, k)) => region_n[regions[r] as usize + k as usize] += 1,
                Some((false, g, k)) => id_n[groups[g] as usize + k as usize] += 1,
                None => {}
            }
        }
    }
    let joint_l: Vec<Vec<u8>> = joint_n.iter().map(|c| lengths(c)).collect();
    let explicit_l = lengths(&explicit_n);
    let group_l = lengths(&group_n);
    // Each group and each region is its own code: lengths per slice.
    let slices = |runs: &[u32], n: &[u64]| -> Vec<u8> {
        runs.windows(2).flat_map(|g| lengths(&n[g[0] as usize..g[1] as usize])).collect()
    };
    let id_l = slices(groups, &id_n);
    let region_l = slices(regions, &region_n);

    let mut head = Vec::new();
    for v in [p.bits, p.block, p.big, p.align, p.lo, p.classes, p.values] {
        put_varint(&mut head, v as u64);
    }
    put_varint(&mut head, ranges.len() as u64);
    put_varint(&mut head, n_ids as u64);
    put_varint(&mut head, values.len() as u64);
    for &(_, l) in &values {
        put_varint(&mut head, l.trailing_zeros() as u64);
        put_varint(&mut head, (l >> l.trailing_zeros()) as u64);
    }
    put_varint(&mut head, blocks.len() as u64);
    let mut costs = Costs { n_blocks: blocks.len() as u64, ..Default::default() };
    // Block lengths: a code over 1..=254 ranges, 255 for longer ones (32 bits follow).
    let mut block_n = vec![0u64; 256];
    for &b in &blocks {
        block_n[b.min(255) as usize] += 1;
    }
    let block_l = lengths(&block_n);

    // Part one: the models, then the joint stream (what lookups decode); part two: escapes
    // (read once, while loading).
    let mut w = BitWriter::default();
    for l in &joint_l {
        write_lengths(&mut w, l);
    }
    write_lengths(&mut w, &explicit_l);
    write_lengths(&mut w, &group_l);
    write_lengths(&mut w, &id_l);
    write_lengths(&mut w, &region_l);
    write_lengths(&mut w, &block_l);
    costs.models = w.len() + head.len() as u64 * 8;
    let block_e = Encoder::new(&block_l);
    let before = w.len();
    for &b in &blocks {
        block_e.put(&mut w, b.min(255) as usize);
        if b >= 255 {
            w.put(u32::try_from(b).expect("blocks of fewer than 2^32 ranges"), 32);
        }
    }
    costs.blocks = w.len() - before;
    let joint_e: Vec<Encoder> = joint_l.iter().map(|l| Encoder::new(l)).collect();
    let explicit_e = Encoder::new(&explicit_l);
    let group_e = Encoder::new(&group_l);
    let encoders = |runs: &[u32], l: &[u8]| -> Vec<Encoder> {
        runs.windows(2).map(|g| Encoder::new(&l[g[0] as usize..g[1] as usize])).collect()
    };
    let (id_e, region_e) = (encoders(groups, &id_l), encoders(regions, &region_l));
    let mut esc = BitWriter::default();
    for c in &coded {
        let b0 = w.len();
        joint_e[c.state as usize].put(&mut w, sym(c));
        let b1 = w.len();
        if !index.contains_key(&c.len) {
            let (e, big) = explicit(c.len);
            explicit_e.put(&mut w, e as usize);
            if let Some(nb) = big {
                let m = c.len >> c.len.trailing_zeros();
                w.put(nb, 7);
                w.put_wide(m & !(1u128 << (nb - 1)), nb - 1);
            }
        }
        costs.events += b1 - b0;
        costs.explicit += w.len() - b1;
        if let Some((gs, gi)) = c.escape {
            group_e.put(&mut esc, gs as usize);
            match gi {
                Some((true, r, k)) => region_e[r].put(&mut esc, k as usize),
                Some((false, g, k)) => id_e[g].put(&mut esc, k as usize),
                None => {}
            }
        }
    }
    costs.escapes = esc.len();
    let one = w.finish();
    put_varint(&mut head, one.len() as u64);
    head.extend(one);
    head.extend(esc.finish());
    (head, costs)
}
