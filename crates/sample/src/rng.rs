//! A seeded random source and the identifier formats AWS uses (UUIDs, key ids, request ids).

use rand_xoshiro::rand_core::{Rng as _, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Deterministic randomness: the same seed and stream give the same values on every platform
/// (xoshiro256++ and integer arithmetic only, so wasm and native agree byte for byte).
pub struct Rng(Xoshiro256PlusPlus);

/// Upper-case letters and digits 2-7: the alphabet of IAM unique ids and access key ids.
pub const IAM_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Letters and digits: the random tail of CloudTrail log file names.
pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Upper-case letters and digits: S3 request ids.
pub const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX: &[u8] = b"0123456789abcdef";

impl Rng {
    /// A stream of its own for every (seed, purpose, index): a day's events do not depend on
    /// how many events other days drew, so days can be generated in any order, in parallel.
    pub fn new(seed: u64, stream: &[u64]) -> Rng {
        let mut h = splitmix(seed ^ 0x5452_4149_4c53_434f);
        for s in stream {
            h = splitmix(h ^ splitmix(*s));
        }
        Rng(Xoshiro256PlusPlus::seed_from_u64(h))
    }

    pub fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (`n > 0`), without modulo bias (Lemire's multiply-shift).
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        loop {
            let m = (self.u64() as u128) * (n as u128);
            let low = m as u64;
            if low >= n || low >= n.wrapping_neg() % n {
                return (m >> 64) as u64;
            }
        }
    }

    /// Uniform in `lo..hi` (`hi > lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo) as u64) as i64
    }

    /// Uniform in `[0, 1)`, from the top 53 bits.
    pub fn f64(&mut self) -> f64 {
        (self.u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// Roughly normal (sum of four uniforms): smooth enough for start times, and cheap.
    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let s: f64 = (0..4).map(|_| self.f64()).sum::<f64>() - 2.0;
        mean + s * sd * 1.732
    }

    /// Appends `n` characters drawn from `alphabet`.
    pub fn chars(&mut self, alphabet: &[u8], n: usize, out: &mut String) {
        for _ in 0..n {
            out.push(alphabet[self.below(alphabet.len() as u64) as usize] as char);
        }
    }

    pub fn string(&mut self, alphabet: &[u8], n: usize) -> String {
        let mut s = String::with_capacity(n);
        self.chars(alphabet, n, &mut s);
        s
    }

    /// Appends a version-4 UUID, as CloudTrail's eventID and most services' requestID.
    pub fn uuid(&mut self, out: &mut String) {
        let (a, b) = (self.u64(), self.u64());
        let bytes: Vec<u8> = a.to_be_bytes().into_iter().chain(b.to_be_bytes()).collect();
        for (i, byte) in bytes.iter().enumerate() {
            let byte = match i {
                6 => (byte & 0x0f) | 0x40,
                8 => (byte & 0x3f) | 0x80,
                _ => *byte,
            };
            if matches!(i, 4 | 6 | 8 | 10) {
                out.push('-');
            }
            out.push(HEX[(byte >> 4) as usize] as char);
            out.push(HEX[(byte & 15) as usize] as char);
        }
    }

    /// Appends `n` lower-case hex digits.
    pub fn hex(&mut self, n: usize, out: &mut String) {
        self.chars(HEX, n, out)
    }

    /// Appends base64 text of `n` characters (session tokens, S3's x-amz-id-2).
    pub fn base64(&mut self, n: usize, out: &mut String) {
        self.chars(BASE64, n, out)
    }
}

/// Picks an index with probability proportional to its weight, by binary search over the
/// running sums (built once, sampled many times).
#[derive(Clone, Debug)]
pub struct Weighted(Vec<f64>);

impl Weighted {
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Weighted {
        let mut sum = 0.0;
        Weighted(
            weights
                .into_iter()
                .map(|w| {
                    sum += w.max(0.0);
                    sum
                })
                .collect(),
        )
    }

    pub fn total(&self) -> f64 {
        self.0.last().copied().unwrap_or(0.0)
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.f64() * self.total();
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

/// SplitMix64's finalizer: spreads nearby seeds (0, 1, 2...) into unrelated states.
pub fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(7, &[1, 2]).u64()).collect();
        assert!(a.iter().all(|x| *x == a[0]));
        assert_ne!(Rng::new(7, &[1, 2]).u64(), Rng::new(7, &[2, 1]).u64());
    }

    #[test]
    fn uuid_shape() {
        let mut s = String::new();
        Rng::new(1, &[]).uuid(&mut s);
        assert_eq!(s.len(), 36);
        assert_eq!(&s[14..15], "4");
        assert!(s.split('-').map(str::len).eq([8, 4, 4, 4, 12]));
    }

    #[test]
    fn weighted_respects_zero_weights() {
        let w = Weighted::new([0.0, 1.0, 0.0]);
        let mut r = Rng::new(3, &[]);
        assert!((0..100).all(|_| w.sample(&mut r) == 1));
    }
}
