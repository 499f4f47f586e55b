//! The range stream's model, shared by reader and writer: parameters, symbols, contexts,
//! where blocks start, and id groups.

/// Contexts of the event part (what the previous range's event was).
pub const EV_CTX: usize = 3;
/// Explicit length symbols per exponent: odd multipliers 1, 3, ..., 15, then "larger".
pub const MULTS: u32 = 9;
/// A joint symbol is `event << 8 | length index`; index 255 means an explicit length, so a
/// dictionary holds at most 255 lengths (and decoding needs no division).
pub const JOINT_SHIFT: u32 = 8;
pub const MAX_VALUES: u32 = (1 << JOINT_SHIFT) - 1;
pub const MAX_GROUPS: usize = 512;
/// Limits that let a recent-list entry pack a group and a rank in 30 bits.
pub const MAX_GROUP_SIZE: usize = 1 << 21;

/// Stream parameters, stored in its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Address width: 32 or 128.
    pub bits: u32,
    /// Ranges per block, at least (the unit of random access).
    pub block: u32,
    /// A block starts only at a range whose start has this many trailing zero bits (64 for
    /// IPv6, so block starts index as 64-bit keys).
    pub align: u32,
    /// Recent ids an event can name by rank (move-to-front list length).
    pub mtf: u32,
    /// Recent ids carried from one block into the next.
    pub carry: u32,
    /// Length contexts, and the start alignment that maps to the first.
    pub lctx: u32,
    pub lo: u32,
    /// Most lengths the stream's dictionary may hold.
    pub values: u32,
}

pub fn esc_same(p: &Params) -> u32 {
    p.mtf
}
pub fn esc_other(p: &Params) -> u32 {
    p.mtf + 1
}
pub fn ev_none(p: &Params) -> u32 {
    p.mtf + 2
}
/// Event symbols: `1..mtf` name a recent id by rank; then the three above.
pub fn ev_alphabet(p: &Params) -> usize {
    p.mtf as usize + 3
}
/// The event context after event `s`: after an escape, after a return to the id before
/// (rank 1), anything else.
pub fn next_ctx(p: &Params, s: u32) -> usize {
    match s {
        _ if s == esc_same(p) || s == esc_other(p) => 0,
        1 => 1,
        _ => 2,
    }
}
/// Symbols of the explicit length code (a length not in the dictionary).
pub fn len_alphabet(p: &Params) -> usize {
    (p.bits as usize + 1) * MULTS as usize
}
/// The joint code's table: event context by length context (how aligned the start is).
pub fn joint_table(p: &Params, ev_ctx: usize, start: u128) -> usize {
    let tz = start.trailing_zeros().min(p.bits);
    ev_ctx * p.lctx as usize + (tz.saturating_sub(p.lo) as usize).min(p.lctx as usize - 1)
}
/// Whether range `since` ranges after the last block start, at `start`, opens a block.
pub fn opens_block(p: &Params, since: u64, start: u128) -> bool {
    since >= p.block as u64 && start.trailing_zeros() >= p.align
}
/// The group (a contiguous run of ids) holding `id`; `groups`: run starts, then the end.
pub fn group_of(groups: &[u32], id: u32) -> usize {
    groups.partition_point(|&g| g <= id) - 1
}
