//! The demo's random numbers: a seed always yields the same portfolio, so demo databases,
//! screenshots and benchmarks can be compared run to run.

/// SplitMix64: tiny, fast, deterministic for a seed — all the demo needs.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    pub(super) fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Latin hypercube sampling in blocks of twenty accounts: within every block each coordinate
/// falls once into each twentieth of [0, 1) (in shuffled order, independently per coordinate), so
/// that a demo of 40 accounts has the portfolio's mix of fates, tiers and moods rather than a
/// lucky or unlucky draw.
#[derive(Default)]
pub(super) struct Spread(Vec<[f64; 3]>);

impl Spread {
    const BLOCK: usize = 20;

    /// The next account's point.
    pub(super) fn next(&mut self, rng: &mut Rng) -> [f64; 3] {
        if self.0.is_empty() {
            let mut strata = [[0usize; Self::BLOCK]; 3];
            for column in &mut strata {
                for (i, s) in column.iter_mut().enumerate() {
                    *s = i;
                }
                for i in (1..Self::BLOCK).rev() {
                    column.swap(i, rng.below(i as u64 + 1) as usize);
                }
            }
            let mut unit = || (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            let n = Self::BLOCK as f64;
            self.0 = (0..Self::BLOCK)
                .map(|j| {
                    [
                        (strata[0][j] as f64 + unit()) / n,
                        (strata[1][j] as f64 + unit()) / n,
                        (strata[2][j] as f64 + unit()) / n,
                    ]
                })
                .collect();
        }
        self.0.pop().unwrap_or([0.5; 3])
    }
}
