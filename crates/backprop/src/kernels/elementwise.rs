//! Element-wise kernels: `exp`, `tanh`, `sigmoid` and `relu` written without branches or
//! library calls so that loops over batches vectorize, and [`map_slice`], which runs such a
//! loop in the widest vector unit the CPU has. The readable definitions they are checked
//! against are [`crate::layers::activation::Activation::reference`] and `f64::exp`.

/// `tanh u` to within a few ulp (`tests/batch_kernel.rs`: at most 4 over millions of points,
/// tiny to huge, against the standard library's), with no branch and one division, so that
/// loops over batches vectorize.
///
/// With `a = 2|u| = k·ln2 + r`, |r| ≤ ln2/2, and `t = tanh(r/2) = r·O(r²)/E(r²)` from the
/// [6/6] Padé approximant of `e^r` (`P(r) = E + r·O`, error < 1e−18): `tanh |u| =
/// tanh(k·ln2/2 + r/2) = ((2^k − 1)·E + (2^k + 1)·rO) / ((2^k + 1)·E + (2^k − 1)·rO)`, the
/// addition theorem with `tanh(k·ln2/2) = (2^k − 1)/(2^k + 1)`. Halving numerator and
/// denominator, with `m = (2^k − 1)/2` and `A = m·(E + rO)`, that is `(A + rO)/(A + E)`: three
/// operations fewer. `m = 2^(k−1) − ½` is exact for k ≤ 53 (0 for k = 0, where the quotient is
/// `rO/E`, accurate relative to the tiniest u; above 53 tanh is within an ulp of 1 and its
/// rounding is invisible); for larger k nothing cancels much (`rO` is
/// computed as `r/2 + r·(…)`, its first term exact). Exactly ±1 for |u| ≥ 20; ±0 and NaN stay.
///
/// It is computed on the halves `|u| = a/2` and `h = r/2`, the Padé terms' constants scaled
/// by powers of two: the same values without the two halvings. One `ln 2` suffices: `k·ln 2`'s
/// rounding moves `h` by under an ulp of `|u|`, and where k is large tanh is flat.
#[inline]
pub fn tanh(u: f64) -> f64 {
    let a = u.abs();
    let a = if a > 20.0 { 20.0 } else { a }; // tanh(20) is 1 in f64; NaN passes through
    let t = a * TWO_LOG2E + SHIFT;
    let k = t - SHIFT;
    let h = a - k * HALF_LN2;
    let h2 = h * h;
    let h4 = h2 * h2;
    let [e2, e4, e6, o2, o4] = TANH_PADE;
    let e = 1.0 + (h2 * e2 + h4 * (e4 + h2 * e6));
    let ro = h + h * (h2 * o2 + h4 * o4);
    // m = (2^k − 1)/2 = 2^(k−1) − ½: t's bits with 1022 added to k, less a half.
    let m = f64::from_bits(t.to_bits().wrapping_add(1022) << 52) - 0.5;
    let a = m * (e + ro);
    ((a + ro) / (a + e)).copysign(u)
}

/// `2·log₂e` and `ln2/2` (exact scalings of the nearest doubles of log₂e and ln 2).
pub(crate) const TWO_LOG2E: f64 = 2.0 * std::f64::consts::LOG2_E;
pub(crate) const HALF_LN2: f64 = 0.5 * std::f64::consts::LN_2;

/// The [6/6] Padé terms of `e^r` in `h = r/2`: `E = 1 + e2·h² + e4·h⁴ + e6·h⁶` and
/// `r·O/2 = h + h·(o2·h² + o4·h⁴)` — the coefficients 5/44, 1/792, 1/665280 (even) and
/// 1/66, 1/15840 (odd) times 4, 16, 64 and 8, 32.
pub(crate) const TANH_PADE: [f64; 5] = [
    4.0 * (5.0 / 44.0),
    16.0 * (1.0 / 792.0),
    64.0 * (1.0 / 665_280.0),
    8.0 * (1.0 / 66.0),
    32.0 * (1.0 / 15_840.0),
];

/// `x = k·ln2 + r` with |r| ≤ ln2/2; returns `t` (whose low mantissa bits hold k, see
/// [`two_to`]) and `r`. Valid for |x| ≤ 709.
#[inline]
fn reduce(x: f64) -> (f64, f64) {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    // ln 2 split so that k·LN2_HI is exact for |k| < 2¹¹ (fdlibm's constants).
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let t = x * LOG2E + SHIFT;
    let k = t - SHIFT;
    (t, (x - k * LN2_HI) - k * LN2_LO)
}

/// 1.5·2⁵²: adding it rounds to an integer held in the low mantissa bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// `2^k` for the `t` of [`reduce`]: the low bits of t's mantissa are 2⁵¹ + k, so adding 1023
/// and shifting puts k + 1023 in the exponent field.
#[inline]
fn two_to(t: f64) -> f64 {
    f64::from_bits(t.to_bits().wrapping_add(1023) << 52)
}

/// `max(0, u)` as a comparison: `f64::max` must ignore NaN, which wasm can only do by calling
/// a function per element; this vectorizes (and also gives 0 for NaN).
#[inline]
pub fn relu(u: f64) -> f64 {
    if u > 0.0 { u } else { 0.0 }
}

/// `σ(u) = 1/(1 + e^−u)` written with `e = e^{−|u|} ∈ (0, 1]` so nothing overflows:
/// `1/(1 + e)` for u ≥ 0, `e/(1 + e)` otherwise. Branch-free, so batches vectorize.
#[inline]
pub fn sigmoid(u: f64) -> f64 {
    let e = exp(-u.abs());
    let num = if u >= 0.0 { 1.0 } else { e };
    num / (1.0 + e)
}

/// `e^x` to within 3 ulp (relative error < 6e−16), without branches or table look-ups so that loops over
/// batches vectorize (libm's `exp` is a call per element; this is 3–4× faster on a grid).
///
/// `x` is clamped to [−708, 709]: `e^x` is then a normal number, and anything further out is
/// already 0 or ∞ for the activations and the softmax that use it. NaN stays NaN.
/// Range reduction `x = k·ln2 + r`, |r| ≤ ln2/2, then a degree-12 Taylor polynomial for `e^r`
/// (truncation r¹³/13! < 2e−16) and `2^k` built from its bits.
#[inline]
pub fn exp(x: f64) -> f64 {
    let x = x.clamp(-708.0, 709.0);
    let (t, r) = reduce(x);
    // Σ rⁱ/i! for i ≤ 12 by Estrin's scheme: a shallow dependency chain, so consecutive
    // elements overlap in the pipeline (Horner's 12-deep chain made this latency-bound).
    const C: [f64; 13] = [
        1.0,
        1.0,
        0.5,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
        1.0 / 479_001_600.0,
    ];
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let b0 = (C[0] + C[1] * r) + (C[2] + C[3] * r) * r2;
    let b1 = (C[4] + C[5] * r) + (C[6] + C[7] * r) * r2;
    let b2 = (C[8] + C[9] * r) + (C[10] + C[11] * r) * r2;
    let p = (b0 + b1 * r4) + (b2 + C[12] * r4) * r8;
    p * two_to(t)
}

/// `s[i] = f(s[i])`. On x86-64 the same loop is also compiled for AVX-512 (8 lanes) and AVX2
/// (4 lanes) and chosen at run time (as matrixmultiply does for gemm). Every operation in
/// `f` is IEEE-exact and Rust never fuses `a·b + c`, so both paths give bit-identical results.
#[inline]
pub fn map_slice(s: &mut [f64], f: impl Fn(f64) -> f64 + Copy) {
    #[cfg(target_arch = "x86_64")]
    if s.len() >= 64 {
        #[target_feature(enable = "avx512f")]
        fn avx512(s: &mut [f64], f: impl Fn(f64) -> f64 + Copy) {
            s.iter_mut().for_each(|v| *v = f(*v));
        }
        #[target_feature(enable = "avx2")]
        fn avx2(s: &mut [f64], f: impl Fn(f64) -> f64 + Copy) {
            s.iter_mut().for_each(|v| *v = f(*v));
        }
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has just been checked for AVX-512F.
            unsafe { avx512(s, f) };
            return;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has just been checked for AVX2.
            unsafe { avx2(s, f) };
            return;
        }
    }
    s.iter_mut().for_each(|v| *v = f(*v));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_std_to_about_one_ulp() {
        let mut worst = 0.0f64;
        let mut x = -700.0;
        while x < 700.0 {
            let rel = ((exp(x) - x.exp()) / x.exp()).abs();
            worst = worst.max(rel);
            x += 0.01234;
        }
        assert!(worst < 6e-16, "worst relative error {worst}"); // under 3 ulp
        assert_eq!(exp(0.0), 1.0);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(-1e9), exp(-708.0));
        assert!(exp(1e9).is_finite());
    }

    #[test]
    fn tanh_and_sigmoid_match_std_absolutely() {
        let mut x = -40.0;
        while x < 40.0 {
            assert!((tanh(x) - x.tanh()).abs() < 6e-16, "tanh({x})"); // 4 ulp below 1
            let s = 1.0 / (1.0 + (-x).exp());
            assert!((sigmoid(x) - s).abs() < 3e-16, "sigmoid({x})");
            x += 0.00731;
        }
        for u in [1e-300, 1e-10, 1e-5, 0.01, 0.17, 0.1733, 0.35] {
            let rel = ((tanh(u) - u.tanh()) / u.tanh()).abs();
            assert!(rel < 1e-15, "tanh({u}) relative error {rel}");
        }
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(tanh(20.0), 1.0);
        assert_eq!(tanh(-1e300), -1.0);
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
        assert_eq!(
            sigmoid(f64::NEG_INFINITY),
            exp(-708.0) / (1.0 + exp(-708.0))
        );
        assert_eq!(tanh(0.0), 0.0);
    }
}
