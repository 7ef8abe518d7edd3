//! Two `f64` lanes: wasm's `v128` as `f64x2` (simd128), or a pair that LLVM vectorizes
//! natively, and the activations of [`crate::kernels::elementwise`] written on them. Every
//! operation is an IEEE one with no fused multiply-add, in the order of the scalar
//! functions, so each lane gives the scalar function's result to the bit
//! (`tests/batch_kernel.rs`).

// The lanes' `add`, `mul`, … are plain methods, as in the display's `f32` lanes: written out
// they read as the scalar formulas they mirror.
#![allow(clippy::should_implement_trait)]

#[cfg(target_arch = "wasm32")]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct V2(v128);

    impl V2 {
        #[inline(always)]
        pub fn splat(x: f64) -> V2 {
            V2(f64x2_splat(x))
        }
        /// `s[i..i + 2]`; the caller guarantees `i + 2 ≤ s.len()`.
        #[inline(always)]
        pub fn load(s: &[f64], i: usize) -> V2 {
            debug_assert!(i + 2 <= s.len());
            // SAFETY: i + 2 ≤ s.len() (every caller walks whole pairs of a padded buffer);
            // v128_load needs no alignment.
            V2(unsafe { v128_load(s.as_ptr().add(i).cast::<v128>()) })
        }
        /// `s[i]` in both lanes, as one load (`v128.load64_splat`: no shuffle); the caller
        /// guarantees `i < s.len()`.
        #[inline(always)]
        pub fn load_splat(s: &[f64], i: usize) -> V2 {
            debug_assert!(i < s.len());
            // SAFETY: i < s.len() (the kernels check their slices' lengths on entry).
            V2(unsafe { v128_load64_splat(s.as_ptr().add(i).cast::<u64>()) })
        }
        /// A constant pair, loaded (V8 builds a `v128.const` from two general registers and a
        /// shuffle at every use; a load is one instruction).
        #[inline(always)]
        pub fn pair(p: &[f64; 2]) -> V2 {
            // SAFETY: `p` is 16 readable bytes; v128_load needs no alignment.
            V2(unsafe { v128_load(p.as_ptr().cast::<v128>()) })
        }
        /// Writes `s[i..i + 2]`; the caller guarantees `i + 2 ≤ s.len()`.
        #[inline(always)]
        pub fn store(self, s: &mut [f64], i: usize) {
            debug_assert!(i + 2 <= s.len());
            // SAFETY: as in `load`.
            unsafe { v128_store(s.as_mut_ptr().add(i).cast::<v128>(), self.0) }
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            [
                f64x2_extract_lane::<0>(self.0),
                f64x2_extract_lane::<1>(self.0),
            ]
        }
        #[inline(always)]
        pub fn new(lo: f64, hi: f64) -> V2 {
            V2(f64x2(lo, hi))
        }
        /// `[self.lo + self.hi, o.lo + o.hi]`: two pairs' sums at once (two shuffles and one
        /// add, not four extractions and two adds).
        #[inline(always)]
        pub fn sum_lanes_with(self, o: V2) -> V2 {
            V2(f64x2_add(
                i64x2_shuffle::<0, 2>(self.0, o.0),
                i64x2_shuffle::<1, 3>(self.0, o.0),
            ))
        }
        #[inline(always)]
        pub fn add(self, o: V2) -> V2 {
            V2(f64x2_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub(self, o: V2) -> V2 {
            V2(f64x2_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: V2) -> V2 {
            V2(f64x2_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: V2) -> V2 {
            V2(f64x2_div(self.0, o.0))
        }
        #[inline(always)]
        pub fn abs(self) -> V2 {
            V2(f64x2_abs(self.0))
        }
        /// `o < self ? o : self` (a NaN in self stays).
        #[inline(always)]
        pub fn min(self, o: V2) -> V2 {
            V2(f64x2_pmin(self.0, o.0))
        }
        /// `self < o ? o : self` (a NaN in self stays).
        #[inline(always)]
        pub fn max(self, o: V2) -> V2 {
            V2(f64x2_pmax(self.0, o.0))
        }
        /// `self` where `self > 0`, else +0.
        #[inline(always)]
        pub fn positive_or_zero(self) -> V2 {
            V2(v128_and(self.0, f64x2_gt(self.0, f64x2_splat(0.0))))
        }
        /// `a` where `self ≥ 0` (NaN: no), else `b`.
        #[inline(always)]
        pub fn select_nonnegative(self, a: V2, b: V2) -> V2 {
            V2(v128_bitselect(a.0, b.0, f64x2_ge(self.0, f64x2_splat(0.0))))
        }
        /// `a` where `self < limit` (NaN: no), else `b`.
        #[inline(always)]
        pub fn select_below(self, limit: f64, a: V2, b: V2) -> V2 {
            V2(v128_bitselect(
                a.0,
                b.0,
                f64x2_lt(self.0, f64x2_splat(limit)),
            ))
        }
        /// `one` where `self > 0`, else 0.
        #[inline(always)]
        pub fn step(self, one: V2) -> V2 {
            V2(v128_and(one.0, f64x2_gt(self.0, f64x2_splat(0.0))))
        }
        /// `self` with the sign of `s` (`sign`: −0.0 in both lanes).
        #[inline(always)]
        pub fn copysign(self, s: V2, sign: V2) -> V2 {
            V2(v128_bitselect(s.0, self.0, sign.0))
        }
        /// The bits plus `bias`'s (1023), shifted left by 52 ([`super::super::elementwise`]'s
        /// `two_to`).
        #[inline(always)]
        pub fn two_to(self, bias: V2) -> V2 {
            V2(i64x2_shl(i64x2_add(self.0, bias.0), 52))
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct V2([f64; 2]);

    #[inline(always)]
    fn map(a: V2, f: impl Fn(f64) -> f64) -> V2 {
        V2([f(a.0[0]), f(a.0[1])])
    }
    #[inline(always)]
    fn zip(a: V2, b: V2, f: impl Fn(f64, f64) -> f64) -> V2 {
        V2([f(a.0[0], b.0[0]), f(a.0[1], b.0[1])])
    }

    impl V2 {
        #[inline(always)]
        pub fn splat(x: f64) -> V2 {
            V2([x; 2])
        }
        #[inline(always)]
        pub fn load(s: &[f64], i: usize) -> V2 {
            V2([s[i], s[i + 1]])
        }
        #[inline(always)]
        pub fn load_splat(s: &[f64], i: usize) -> V2 {
            V2([s[i]; 2])
        }
        #[inline(always)]
        pub fn pair(p: &[f64; 2]) -> V2 {
            V2(*p)
        }
        #[inline(always)]
        pub fn store(self, s: &mut [f64], i: usize) {
            s[i] = self.0[0];
            s[i + 1] = self.0[1];
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            self.0
        }
        #[inline(always)]
        pub fn new(lo: f64, hi: f64) -> V2 {
            V2([lo, hi])
        }
        #[inline(always)]
        pub fn sum_lanes_with(self, o: V2) -> V2 {
            V2([self.0[0] + self.0[1], o.0[0] + o.0[1]])
        }
        #[inline(always)]
        pub fn add(self, o: V2) -> V2 {
            zip(self, o, |a, b| a + b)
        }
        #[inline(always)]
        pub fn sub(self, o: V2) -> V2 {
            zip(self, o, |a, b| a - b)
        }
        #[inline(always)]
        pub fn mul(self, o: V2) -> V2 {
            zip(self, o, |a, b| a * b)
        }
        #[inline(always)]
        pub fn div(self, o: V2) -> V2 {
            zip(self, o, |a, b| a / b)
        }
        #[inline(always)]
        pub fn abs(self) -> V2 {
            map(self, f64::abs)
        }
        #[inline(always)]
        pub fn min(self, o: V2) -> V2 {
            zip(self, o, |a, b| if b < a { b } else { a })
        }
        #[inline(always)]
        pub fn max(self, o: V2) -> V2 {
            zip(self, o, |a, b| if a < b { b } else { a })
        }
        #[inline(always)]
        pub fn positive_or_zero(self) -> V2 {
            map(self, |a| if a > 0.0 { a } else { 0.0 })
        }
        #[inline(always)]
        pub fn select_nonnegative(self, a: V2, b: V2) -> V2 {
            V2([0, 1].map(|i| if self.0[i] >= 0.0 { a.0[i] } else { b.0[i] }))
        }
        #[inline(always)]
        pub fn select_below(self, limit: f64, a: V2, b: V2) -> V2 {
            V2([0, 1].map(|i| if self.0[i] < limit { a.0[i] } else { b.0[i] }))
        }
        #[inline(always)]
        pub fn step(self, one: V2) -> V2 {
            V2([0, 1].map(|i| if self.0[i] > 0.0 { one.0[i] } else { 0.0 }))
        }
        #[inline(always)]
        pub fn copysign(self, s: V2, _sign: V2) -> V2 {
            zip(self, s, f64::copysign)
        }
        #[inline(always)]
        pub fn two_to(self, bias: V2) -> V2 {
            V2([0, 1].map(|i| {
                f64::from_bits(self.0[i].to_bits().wrapping_add(bias.0[i].to_bits()) << 52)
            }))
        }
    }
}

pub use imp::V2;

use crate::kernels::elementwise;
use crate::layers::activation::Activation;

/// Every constant of the lane functions, each in both lanes. In wasm they are loaded from this
/// table through a pointer the compiler cannot see into ([`consts`]): V8 builds a constant
/// vector from general registers with a shuffle at every use (three instructions, two of them
/// on the shuffle port), a load is one.
#[repr(C, align(16))]
pub struct Consts {
    one: [f64; 2],
    half: [f64; 2],
    sign: [f64; 2],
    bias: [f64; 2],
    /// 1022: `two_to` with it gives `2^(k−1)`.
    bias_half: [f64; 2],
    tanh_max: [f64; 2],
    log2e: [f64; 2],
    shift: [f64; 2],
    ln2_hi: [f64; 2],
    ln2_lo: [f64; 2],
    two_log2e: [f64; 2],
    half_ln2: [f64; 2],
    /// The tanh's even and odd Padé terms ([`crate::kernels::elementwise`]'s `TANH_PADE`).
    e2: [f64; 2],
    e4: [f64; 2],
    e6: [f64; 2],
    o2: [f64; 2],
    o4: [f64; 2],
    exp_lo: [f64; 2],
    exp_hi: [f64; 2],
    /// `1/i!` for i = 3..=12.
    inv_fact: [[f64; 2]; 10],
}

const fn both(x: f64) -> [f64; 2] {
    [x, x]
}

const fn inv_facts() -> [[f64; 2]; 10] {
    let mut out = [[0.0; 2]; 10];
    let mut f = 2.0;
    let mut i = 3;
    while i <= 12 {
        f *= i as f64;
        out[i - 3] = both(1.0 / f);
        i += 1;
    }
    out
}

static CONSTS: Consts = Consts {
    one: both(1.0),
    half: both(0.5),
    sign: both(-0.0),
    bias: both(f64::from_bits(1023)),
    bias_half: both(f64::from_bits(1022)),
    tanh_max: both(20.0),
    log2e: both(std::f64::consts::LOG2_E),
    shift: both(SHIFT),
    ln2_hi: both(f64::from_bits(0x3fe6_2e42_fee0_0000)),
    ln2_lo: both(f64::from_bits(0x3dea_39ef_3579_3c76)),
    two_log2e: both(elementwise::TWO_LOG2E),
    half_ln2: both(elementwise::HALF_LN2),
    e2: both(elementwise::TANH_PADE[0]),
    e4: both(elementwise::TANH_PADE[1]),
    e6: both(elementwise::TANH_PADE[2]),
    o2: both(elementwise::TANH_PADE[3]),
    o4: both(elementwise::TANH_PADE[4]),
    exp_lo: both(-708.0),
    exp_hi: both(709.0),
    inv_fact: inv_facts(),
};

/// The table of constants, through a pointer the compiler treats as unknown (so each use is
/// a load, not a rebuilt constant). Fetch it once per kernel call.
#[inline(always)]
pub fn consts() -> &'static Consts {
    std::hint::black_box(&CONSTS)
}

impl Consts {
    #[inline(always)]
    pub fn one(&self) -> V2 {
        V2::pair(&self.one)
    }
}

/// 1.5·2⁵²: adding it rounds to an integer held in the low mantissa bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// `x = k·ln2 + r`, |r| ≤ ln2/2: returns `t` (whose low mantissa bits hold k) and `r`.
#[inline(always)]
fn reduce(x: V2, c: &Consts) -> (V2, V2) {
    let shift = V2::pair(&c.shift);
    let t = x.mul(V2::pair(&c.log2e)).add(shift);
    let k = t.sub(shift);
    (
        t,
        x.sub(k.mul(V2::pair(&c.ln2_hi)))
            .sub(k.mul(V2::pair(&c.ln2_lo))),
    )
}

/// [`crate::kernels::elementwise::tanh`] on two lanes.
#[inline(always)]
pub fn tanh(u: V2) -> V2 {
    tanh_with(u, consts())
}

/// [`tanh`] with the table of constants at hand.
#[inline(always)]
pub fn tanh_with(u: V2, c: &Consts) -> V2 {
    let k = V2::pair;
    let a = u.abs().min(k(&c.tanh_max));
    let shift = k(&c.shift);
    let t = a.mul(k(&c.two_log2e)).add(shift);
    let h = a.sub(t.sub(shift).mul(k(&c.half_ln2)));
    let h2 = h.mul(h);
    let h4 = h2.mul(h2);
    let one = k(&c.one);
    let e = one.add(h2.mul(k(&c.e2)).add(h4.mul(k(&c.e4).add(h2.mul(k(&c.e6))))));
    let ro = h.add(h.mul(h2.mul(k(&c.o2)).add(h4.mul(k(&c.o4)))));
    let m = t.two_to(k(&c.bias_half)).sub(k(&c.half));
    let a = m.mul(e.add(ro));
    a.add(ro).div(a.add(e)).copysign(u, k(&c.sign))
}

/// [`crate::kernels::elementwise::exp`] on two lanes.
#[inline(always)]
pub fn exp(x: V2) -> V2 {
    exp_with(x, consts())
}

/// [`exp`] with the table of constants at hand.
#[inline(always)]
pub fn exp_with(x: V2, c: &Consts) -> V2 {
    let k = V2::pair;
    let x = x.max(k(&c.exp_lo)).min(k(&c.exp_hi));
    let (t, r) = reduce(x, c);
    let f = |i: usize| k(&c.inv_fact[i - 3]);
    let one = k(&c.one);
    let r2 = r.mul(r);
    let r4 = r2.mul(r2);
    let r8 = r4.mul(r4);
    let b0 = one.add(one.mul(r)).add(k(&c.half).add(f(3).mul(r)).mul(r2));
    let b1 = f(4).add(f(5).mul(r)).add(f(6).add(f(7).mul(r)).mul(r2));
    let b2 = f(8).add(f(9).mul(r)).add(f(10).add(f(11).mul(r)).mul(r2));
    let p = b0.add(b1.mul(r4)).add(b2.add(f(12).mul(r4)).mul(r8));
    p.mul(t.two_to(k(&c.bias)))
}

/// [`crate::kernels::elementwise::sigmoid`] on two lanes.
#[inline(always)]
pub fn sigmoid(u: V2) -> V2 {
    sigmoid_with(u, consts())
}

/// [`sigmoid`] with the table of constants at hand.
#[inline(always)]
pub fn sigmoid_with(u: V2, c: &Consts) -> V2 {
    let e = exp_with(V2::pair(&c.sign).sub(u.abs()), c);
    let one = c.one();
    u.select_nonnegative(one, e).div(one.add(e))
}

/// `f(u)` on two lanes.
#[inline(always)]
pub fn activate(kind: Activation, u: V2) -> V2 {
    activate_with(kind, u, consts())
}

/// [`activate`] with the table of constants at hand.
#[inline(always)]
pub fn activate_with(kind: Activation, u: V2, c: &Consts) -> V2 {
    match kind {
        Activation::Tanh => tanh_with(u, c),
        Activation::Sigmoid => sigmoid_with(u, c),
        Activation::Relu => u.positive_or_zero(),
        Activation::Linear => u,
    }
}

/// `f′` written with the output `z` on two lanes
/// ([`Activation::derivative_from_output`]).
#[inline(always)]
pub fn derivative(kind: Activation, z: V2) -> V2 {
    derivative_with(kind, z, consts())
}

/// [`derivative`] with the table of constants at hand.
#[inline(always)]
pub fn derivative_with(kind: Activation, z: V2, c: &Consts) -> V2 {
    let one = c.one();
    match kind {
        Activation::Tanh => one.sub(z.mul(z)),
        Activation::Sigmoid => z.mul(one.sub(z)),
        Activation::Relu => z.step(one),
        Activation::Linear => one,
    }
}
