//! Seeding, weighted choice and index permutations.
//!
//! Every random stream is derived from the user's seed and a fixed domain tag, so the tree,
//! each person and each identity draw are independent and can be regenerated alone.

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// ChaCha8: portable (same output on every platform) and cheap to re-key per person.
pub(crate) type PRng = ChaCha8Rng;

/// Domain tags; changing one changes every value drawn from that stream.
pub(crate) const DOMAIN_TREE: u64 = 0x7472_6565;
pub(crate) const DOMAIN_PERSON: u64 = 0x7065_7273;
pub(crate) const DOMAIN_CORE: u64 = 0x636f_7265;
pub(crate) const DOMAIN_IDS: u64 = 0x6964_7321;

/// SplitMix64 finaliser: turns structured inputs (seed, index) into well-spread bits.
pub(crate) const fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 256-bit ChaCha key for one domain of one seed.
pub(crate) fn key(seed: u64, domain: u64) -> [u8; 32] {
    let mut k = [0u8; 32];
    let mut s = seed ^ mix64(domain);
    for chunk in k.chunks_exact_mut(8) {
        s = mix64(s);
        chunk.copy_from_slice(&s.to_le_bytes());
    }
    k
}

/// The stream numbered `stream` under `key`: ChaCha streams are independent by design, so
/// person `i` uses stream `i` without any risk of overlapping person `i + 1`.
pub(crate) fn stream(key: &[u8; 32], stream: u64) -> PRng {
    let mut r = PRng::from_seed(*key);
    r.set_stream(stream);
    r
}

/// A static table of values with integer weights; the total is computed at compile time so
/// a draw costs one random number and a short scan.
pub(crate) struct Weighted<T: 'static> {
    items: &'static [(T, u32)],
    total: u32,
}

impl<T: 'static> Weighted<T> {
    pub(crate) const fn new(items: &'static [(T, u32)]) -> Self {
        let mut total = 0;
        let mut i = 0;
        while i < items.len() {
            total += items[i].1;
            i += 1;
        }
        assert!(total > 0, "weights must not all be zero");
        Self { items, total }
    }

    pub(crate) fn pick<R: Rng + ?Sized>(&self, rng: &mut R) -> &'static T {
        let mut x = rng.random_range(0..self.total);
        for (v, w) in self.items {
            if x < *w {
                return v;
            }
            x -= w;
        }
        &self.items[self.items.len() - 1].0
    }
}

/// Uniform choice from a static slice.
pub(crate) fn one<R: Rng + ?Sized, T: Copy>(rng: &mut R, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// True with probability `per_mille / 1000`; integer so results do not depend on float
/// rounding.
pub(crate) fn pm<R: Rng + ?Sized>(rng: &mut R, per_mille: u32) -> bool {
    rng.random_range(0..1000u32) < per_mille
}

/// A bijection on `0..side*side` (a four-round Feistel network over the two base-`side`
/// digits). Used to turn sequential indices into unique, random-looking serial numbers.
pub(crate) fn permute(x: u64, side: u64, k: u64) -> u64 {
    debug_assert!(x < side * side);
    let (mut l, mut r) = (x / side, x % side);
    for round in 0..4u64 {
        let f = mix64(k ^ (r << 8) ^ round) % side;
        (l, r) = (r, (l + f) % side);
    }
    l * side + r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_a_bijection() {
        let mut seen = vec![false; 10_000];
        for x in 0..10_000 {
            let y = permute(x, 100, 42) as usize;
            assert!(!seen[y]);
            seen[y] = true;
        }
    }
}
