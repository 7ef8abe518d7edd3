//! Randomness: one seeded PCG (the same algorithm on wasm32 and x86_64), split into streams
//! so that each use of the seed (data, split, initial weights, shuffling) is independent —
//! changing the batch size does not change the data.

use rand::SeedableRng;

/// The seeded RNG used everywhere: PCG with 128-bit state, the same algorithm on every target.
pub type Rng64 = rand_pcg::Pcg64Mcg;

/// The RNG streams derived from one seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    Data = 1,
    Split = 2,
    Init = 3,
    Shuffle = 4,
}

/// A seeded RNG with a fixed algorithm (PCG), the same on wasm32 and 64-bit hosts.
pub fn rng_for(seed: u32, stream: Stream) -> Rng64 {
    Rng64::seed_from_u64(((seed as u64) << 8) | stream as u64)
}
