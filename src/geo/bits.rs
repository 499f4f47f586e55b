//! Bit-level reading and writing (most significant bit first), and LEB128 varints.

/// Appends bits to a byte vector.
#[derive(Default)]
pub struct BitWriter {
    pub bytes: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// Writes the low `n` bits of `v` (`n` ≤ 32).
    pub fn put(&mut self, v: u32, n: u32) {
        debug_assert!(n <= 32 && (n == 32 || v >> n == 0));
        self.acc = (self.acc << n) | v as u64;
        self.n += n;
        while self.n >= 8 {
            self.n -= 8;
            self.bytes.push((self.acc >> self.n) as u8);
        }
    }

    /// Writes the low `n` bits of a wide value (`n` ≤ 128), in 32-bit pieces.
    #[cfg(feature = "geo-write")]
    pub fn put_wide(&mut self, v: u128, n: u32) {
        let mut left = n;
        while left > 0 {
            let take = left.min(32);
            left -= take;
            self.put(((v >> left) as u32) & mask(take), take);
        }
    }

    /// Bits written so far.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u64 {
        self.bytes.len() as u64 * 8 + self.n as u64
    }

    /// Pads the last byte with zeros and returns the bytes.
    pub fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.bytes.push((self.acc << (8 - self.n)) as u8);
        }
        self.bytes
    }
}

#[cfg(feature = "geo-write")]
fn mask(n: u32) -> u32 {
    if n >= 32 {
        u32::MAX
    } else {
        (1u32 << n) - 1
    }
}

/// Reads bits from a byte slice. Reading past the end yields zero bits (the decoder's
/// callers check counts, so a truncated table gives wrong answers, never a panic).
#[derive(Clone)]
pub struct BitReader<'a> {
    data: &'a [u8],
    /// Next byte to load into `buf`.
    pos: usize,
    /// Bits not yet consumed, left-aligned.
    buf: u64,
    have: u32,
}

impl<'a> BitReader<'a> {
    pub fn at(data: &'a [u8], bit: u64) -> BitReader<'a> {
        let mut r = BitReader { data, pos: (bit / 8) as usize, buf: 0, have: 0 };
        r.refill();
        r.skip((bit % 8) as u32);
        r
    }

    /// Position in bits from the start of the slice.
    pub fn bit_pos(&self) -> u64 {
        self.pos as u64 * 8 - self.have as u64
    }

    /// Ensures at least 56 bits are buffered (zeros past the end).
    #[inline]
    fn refill(&mut self) {
        if self.have >= 56 {
            return;
        }
        if let Some(b) = self.data.get(self.pos..self.pos + 8) {
            // Whole-word load: take as many bytes as fit.
            let word = u64::from_be_bytes(b.try_into().unwrap_or([0; 8]));
            // Take whole bytes only, so the bits below the buffered ones stay zero.
            let take = (64 - self.have) / 8;
            self.buf |= (word >> self.have) & Self::top(self.have + take * 8);
            self.pos += take as usize;
            self.have += take * 8;
        } else {
            while self.have <= 56 {
                let b = self.data.get(self.pos).copied().unwrap_or(0);
                self.buf |= (b as u64) << (56 - self.have);
                self.pos += 1;
                self.have += 8;
            }
        }
    }

    /// A mask of the top `n` bits (n ≤ 64).
    #[inline]
    fn top(n: u32) -> u64 {
        if n >= 64 {
            u64::MAX
        } else {
            !(u64::MAX >> n)
        }
    }

    /// Makes sure at least 32 bits are buffered (a code is at most 24): after this, `look`
    /// and `drop` need no refill check.
    #[inline(always)]
    pub fn ensure(&mut self) {
        if self.have < 32 {
            self.refill();
        }
    }

    /// The next `n` bits (1 ≤ `n` ≤ 32) from the buffer, after [`BitReader::ensure`].
    #[inline(always)]
    pub fn look(&self, n: u32) -> u32 {
        (self.buf >> (64 - n)) as u32
    }

    /// Consumes `n` buffered bits, after [`BitReader::ensure`].
    #[inline(always)]
    pub fn drop(&mut self, n: u32) {
        self.buf <<= n;
        self.have -= n;
    }

    /// The next `n` bits (`n` ≤ 32) without consuming them.
    #[inline]
    pub fn peek(&mut self, n: u32) -> u32 {
        self.refill();
        if n == 0 {
            0
        } else {
            (self.buf >> (64 - n)) as u32
        }
    }

    #[inline]
    pub fn skip(&mut self, n: u32) {
        self.refill();
        self.buf = if n >= 64 { 0 } else { self.buf << n };
        self.have -= n;
    }

    /// Reads `n` bits (`n` ≤ 32).
    #[inline]
    pub fn get(&mut self, n: u32) -> u32 {
        let v = self.peek(n);
        self.skip(n);
        v
    }
}

/// Appends `v` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*pos`, advancing it; `None` when truncated or too long.
pub fn get_varint(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *data.get(*pos)?;
        *pos += 1;
        v |= ((b & 0x7f) as u64) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}
