//! The range stream's model, shared by reader and writer: parameters, events, and the
//! decoding state that picks each range's code.

/// Events, the id part of a range's symbol. A block keeps a *palette*: the ids it carries in
/// from the block before (the last two ranges' ids), then every id it introduces, in order of
/// first use. An event names the range's id as one of them.
///
/// An id the palette does not hold yet: it comes from the escape stream and joins the palette.
pub const NEW: u32 = 0;
/// The id of the range before the previous one (the commonest pattern: A B A).
pub const BACK: u32 = 1;
/// `IDX + k`: palette entry k.
pub const IDX: u32 = 2;
/// Event alphabet size; palette entries past `EVENTS - IDX` are named by a second NEW.
pub const EVENTS: u32 = 64;
/// Palette entries a block starts with (carried from the block before).
pub const CARRY: u32 = 2;

/// A joint symbol is `event << 8 | length index`; index 255 means an explicit length follows,
/// so a dictionary holds at most 255 lengths.
pub const JOINT_SHIFT: u32 = 8;
pub const EXPLICIT: u32 = (1 << JOINT_SHIFT) - 1;
pub const JOINT_SYMBOLS: usize = (EVENTS as usize) << JOINT_SHIFT;
/// Explicit length symbols per exponent: odd multipliers 1, 3, ..., 15, then "larger".
pub const MULTS: u32 = 9;

/// Alignment contexts: how many trailing zero bits the range's start has, from `lo - 1`
/// ("fewer") to `lo + 15` ("as many or more").
pub const ALIGNS: u32 = 17;

/// Stream parameters, stored in its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Address width: 32 or 128.
    pub bits: u32,
    /// Ranges per block, at most (the unit of random access). The writer's choice only: the
    /// stream lists each block's length.
    pub block: u32,
    /// What a block costs in the writer's choice of block starts, as 2^-big ranges a lookup
    /// decodes (lookups spread evenly over the space land in long ranges most: blocks that
    /// start with them save most). Writer only.
    pub big: u32,
    /// A block starts only where the start has this many trailing zero bits (64 for IPv6, so
    /// block starts index as 64-bit keys).
    pub align: u32,
    /// Trailing zero bits of the first alignment context.
    pub lo: u32,
    /// Event classes that select a code with the alignment: 3 (after NEW, after BACK,
    /// anything else and a block start) or 1 (none: fewer, smaller tables for lookups).
    pub classes: u32,
    /// Most lengths the stream's dictionary may hold.
    pub values: u32,
}

/// Decoding states: class by alignment; each has its own code.
pub fn states(p: &Params) -> usize {
    (p.classes * ALIGNS) as usize
}

/// The event class after event `e`.
#[inline]
pub fn class(p: &Params, e: u32) -> u32 {
    match e {
        _ if p.classes == 1 => 0,
        NEW => 0,
        BACK => 1,
        _ => 2,
    }
}

/// The alignment context of a start with `tz` trailing zero bits.
#[inline]
pub fn align_ctx(tz: u32, lo: u32) -> u32 {
    (tz + 1).saturating_sub(lo).min(ALIGNS - 1)
}

/// The next range's alignment context from this one's and its length's trailing zeros. Not
/// the exact count (a sum of two numbers with as many trailing zeros has more, by an amount
/// the symbol does not tell), but a function of the symbols alone: so a decoder's table can
/// hold the next state, and the start address never enters the decoding loop's critical path.
#[inline]
pub fn align_next(ctx: u32, len_tz: u32, lo: u32) -> u32 {
    let t = align_ctx(len_tz, lo);
    if ctx != t {
        ctx.min(t)
    } else {
        (ctx + 1).min(ALIGNS - 1)
    }
}

#[inline]
pub fn state(class: u32, align: u32) -> u32 {
    class * ALIGNS + align
}

/// The state after a range with event `e` and a length of `len_tz` trailing zeros.
#[inline]
pub fn next_state(p: &Params, st: u32, e: u32, len_tz: u32) -> u32 {
    state(class(p, e), align_next(st % ALIGNS, len_tz, p.lo))
}

/// The state at a block start.
#[inline]
pub fn block_state(p: &Params, start_tz: u32) -> u32 {
    state(p.classes - 1, align_ctx(start_tz, p.lo))
}

/// Symbols of the explicit length code (a length not in the dictionary).
pub fn len_alphabet(p: &Params) -> usize {
    (p.bits as usize + 1) * MULTS as usize
}

/// The group (a contiguous run of ids) holding `id`; `groups`: run starts, then the end.
pub fn group_of(groups: &[u32], id: u32) -> usize {
    groups.partition_point(|&g| g <= id) - 1
}
