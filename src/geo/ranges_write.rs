//! Writes a range stream (the reader is [`super::ranges`]): counts every symbol in a first
//! pass, builds the codes, then writes models and blocks.

use super::bits::{put_varint, BitWriter};
use super::huffman::{lengths, write_lengths, Encoder};
use super::ranges::*;
use std::collections::HashMap;

/// What each part of a stream costs, in bits (for the generator's report).
#[derive(Debug, Default, Clone)]
pub struct Costs {
    pub models: u64,
    /// The joint event-and-length symbols.
    pub events: u64,
    pub escapes: u64,
    /// Lengths not in the dictionary.
    pub explicit: u64,
}

/// One coded range.
struct Coded {
    table: usize,
    ev: u32,
    len: u128,
    group: Option<u32>,
    id_in_group: Option<(usize, u32)>,
}

/// Runs the model over the ranges (lengths and ids, tiling the space from address 0).
fn model(p: &Params, ranges: &[(u128, u32)], groups: &[u32]) -> Vec<Coded> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut mtf: Vec<u32> = Vec::new();
    let mut ctx = 2;
    let mut start = 0u128;
    let mut since = u64::MAX;
    for &(len, id) in ranges {
        if opens_block(p, since, start) {
            since = 0;
            mtf.truncate(p.carry as usize);
            ctx = 2;
        }
        since += 1;
        let (mut group, mut id_in_group) = (None, None);
        let ev = match mtf.iter().position(|&x| x == id) {
            Some(k) => {
                assert!(k > 0, "neighbouring ranges with one id must be merged");
                mtf.remove(k);
                k as u32
            }
            None if id == NONE => ev_none(p),
            None => {
                let g = group_of(groups, id);
                id_in_group = Some((g, id - groups[g]));
                match mtf.first() {
                    Some(&prev) if prev != NONE && group_of(groups, prev) == g => esc_same(p),
                    _ => {
                        group = Some(g as u32);
                        esc_other(p)
                    }
                }
            }
        };
        mtf.insert(0, id);
        mtf.truncate(p.mtf as usize);
        out.push(Coded { table: joint_table(p, ctx, start), ev, len, group, id_in_group });
        ctx = next_ctx(p, ev);
        start = start.wrapping_add(len);
    }
    out
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

/// Encodes ranges `(length, id)` that tile the family's space; `groups` as in
/// [`group_of`]. Returns the section bytes and what each part cost.
pub fn write(p: &Params, ranges: &[(u128, u32)], groups: &[u32]) -> (Vec<u8>, Costs) {
    let n_ids = *groups.last().expect("groups end") as usize;
    let coded = model(p, ranges, groups);
    // The length dictionary: the most frequent lengths (that fit a varint multiplier).
    let mut freq: HashMap<u128, u64> = HashMap::new();
    for c in &coded {
        *freq.entry(c.len).or_default() += 1;
    }
    let mut values: Vec<(u64, u128)> =
        freq.into_iter().filter(|&(l, n)| n > 1 && (l >> l.trailing_zeros()) >> 64 == 0).map(|(l, n)| (n, l)).collect();
    values.sort_by(|a, b| b.cmp(a));
    values.truncate(p.values.min(MAX_VALUES) as usize);
    let index: HashMap<u128, u32> = values.iter().enumerate().map(|(i, &(_, l))| (l, i as u32)).collect();
    let sym = |c: &Coded| c.ev << JOINT_SHIFT | index.get(&c.len).copied().unwrap_or(MAX_VALUES);

    let mut joint_n = vec![vec![0u64; ev_alphabet(p) << JOINT_SHIFT]; EV_CTX * p.lctx as usize];
    let mut explicit_n = vec![0u64; len_alphabet(p)];
    let mut group_n = vec![0u64; groups.len() - 1];
    let mut id_n = vec![0u64; n_ids];
    for c in &coded {
        joint_n[c.table][sym(c) as usize] += 1;
        if !index.contains_key(&c.len) {
            explicit_n[explicit(c.len).0 as usize] += 1;
        }
        if let Some(g) = c.group {
            group_n[g as usize] += 1;
        }
        if let Some((g, k)) = c.id_in_group {
            id_n[groups[g] as usize + k as usize] += 1;
        }
    }
    let joint_l: Vec<Vec<u8>> = joint_n.iter().map(|c| lengths(c)).collect();
    let explicit_l = lengths(&explicit_n);
    let group_l = lengths(&group_n);
    // Each group is its own code: lengths per group slice.
    let id_l: Vec<u8> = groups.windows(2).flat_map(|g| lengths(&id_n[g[0] as usize..g[1] as usize])).collect();

    let mut head = Vec::new();
    assert!(groups.len() <= MAX_GROUPS + 1, "at most {MAX_GROUPS} groups");
    assert!(groups.windows(2).all(|g| ((g[1] - g[0]) as usize) < MAX_GROUP_SIZE), "groups too large");
    for v in [p.bits, p.block, p.align, p.mtf, p.carry, p.lctx, p.lo, p.values] {
        put_varint(&mut head, v as u64);
    }
    put_varint(&mut head, ranges.len() as u64);
    put_varint(&mut head, n_ids as u64);
    put_varint(&mut head, values.len() as u64);
    for &(_, l) in &values {
        put_varint(&mut head, l.trailing_zeros() as u64);
        put_varint(&mut head, (l >> l.trailing_zeros()) as u64);
    }
    let mut w = BitWriter::default();
    for l in &joint_l {
        write_lengths(&mut w, l);
    }
    write_lengths(&mut w, &explicit_l);
    write_lengths(&mut w, &group_l);
    write_lengths(&mut w, &id_l);
    let mut costs = Costs { models: w.len() + head.len() as u64 * 8, ..Default::default() };
    let joint_e: Vec<Encoder> = joint_l.iter().map(|l| Encoder::new(l)).collect();
    let explicit_e = Encoder::new(&explicit_l);
    let group_e = Encoder::new(&group_l);
    let id_e: Vec<Encoder> = groups.windows(2).map(|g| Encoder::new(&id_l[g[0] as usize..g[1] as usize])).collect();
    for c in &coded {
        let b0 = w.len();
        joint_e[c.table].put(&mut w, sym(c) as usize);
        let b1 = w.len();
        if let Some(g) = c.group {
            group_e.put(&mut w, g as usize);
        }
        if let Some((g, k)) = c.id_in_group {
            id_e[g].put(&mut w, k as usize);
        }
        let b2 = w.len();
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
        costs.escapes += b2 - b1;
        costs.explicit += w.len() - b2;
    }
    head.extend(w.finish());
    (head, costs)
}
