//! A small lock-free cache of IPv4 lookups: queries look the same few addresses up again and
//! again (one per event), and a hit skips decoding a block.

use std::sync::atomic::{AtomicU64, Ordering};

const SLOTS: usize = 4096;

/// Direct-mapped: slot = hash of the address; an entry is `address << 32 | id`, one atomic
/// word, so a reader never sees half of another thread's write. 0 means empty (0.0.0.0 is
/// special and never looked up).
pub struct IdCache {
    slots: Vec<AtomicU64>,
}

impl Default for IdCache {
    fn default() -> Self {
        IdCache { slots: (0..SLOTS).map(|_| AtomicU64::new(0)).collect() }
    }
}

impl IdCache {
    fn slot(&self, a: u32) -> &AtomicU64 {
        &self.slots[(a.wrapping_mul(0x9e37_79b1) >> 20) as usize % SLOTS]
    }

    pub fn get(&self, a: u32) -> Option<u32> {
        let e = self.slot(a).load(Ordering::Relaxed);
        (e != 0 && (e >> 32) as u32 == a).then_some(e as u32)
    }

    pub fn put(&self, a: u32, id: u32) {
        if a != 0 {
            self.slot(a).store((a as u64) << 32 | id as u64, Ordering::Relaxed);
        }
    }
}
