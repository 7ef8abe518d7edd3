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
        /// `1` where `self > 0`, else 0.
        #[inline(always)]
        pub fn step(self) -> V2 {
            V2(v128_and(
                f64x2_splat(1.0),
                f64x2_gt(self.0, f64x2_splat(0.0)),
            ))
        }
        /// `self` with the sign of `s`.
        #[inline(always)]
        pub fn copysign(self, s: V2) -> V2 {
            V2(v128_bitselect(s.0, self.0, f64x2_splat(-0.0)))
        }
        /// The bits plus 1023, shifted left by 52 ([`super::super::elementwise`]'s `two_to`).
        #[inline(always)]
        pub fn two_to(self) -> V2 {
            V2(i64x2_shl(i64x2_add(self.0, i64x2_splat(1023)), 52))
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
        pub fn store(self, s: &mut [f64], i: usize) {
            s[i] = self.0[0];
            s[i + 1] = self.0[1];
        }
        #[inline(always)]
        pub fn lanes(self) -> [f64; 2] {
            self.0
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
        pub fn step(self) -> V2 {
            map(self, |a| if a > 0.0 { 1.0 } else { 0.0 })
        }
        #[inline(always)]
        pub fn copysign(self, s: V2) -> V2 {
            zip(self, s, f64::copysign)
        }
        #[inline(always)]
        pub fn two_to(self) -> V2 {
            map(self, |t| {
                f64::from_bits(t.to_bits().wrapping_add(1023) << 52)
            })
        }
    }
}

pub use imp::V2;

use crate::layers::activation::Activation;

/// 1.5·2⁵²: adding it rounds to an integer held in the low mantissa bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// `x = k·ln2 + r`, |r| ≤ ln2/2: returns `t` (whose low mantissa bits hold k) and `r`.
#[inline(always)]
fn reduce(x: V2) -> (V2, V2) {
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let s = V2::splat;
    let t = x.mul(s(std::f64::consts::LOG2_E)).add(s(SHIFT));
    let k = t.sub(s(SHIFT));
    (t, x.sub(k.mul(s(LN2_HI))).sub(k.mul(s(LN2_LO))))
}

/// [`crate::kernels::elementwise::tanh`] on two lanes.
#[inline(always)]
pub fn tanh(u: V2) -> V2 {
    let s = V2::splat;
    let a = u.abs().mul(s(2.0)).min(s(40.0));
    let (t, r) = reduce(a);
    let r2 = r.mul(r);
    let r4 = r2.mul(r2);
    let e = s(1.0).add(
        r2.mul(s(5.0 / 44.0))
            .add(r4.mul(s(1.0 / 792.0).add(r2.mul(s(1.0 / 665_280.0))))),
    );
    let ro = r
        .mul(s(0.5))
        .add(r.mul(r2.mul(s(1.0 / 66.0)).add(r4.mul(s(1.0 / 15_840.0)))));
    let p = t.two_to();
    let (sm, sp) = (p.sub(s(1.0)), p.add(s(1.0)));
    let num = sm.mul(e).add(sp.mul(ro));
    let den = sp.mul(e).add(sm.mul(ro));
    num.div(den).copysign(u)
}

/// [`crate::kernels::elementwise::exp`] on two lanes.
#[inline(always)]
pub fn exp(x: V2) -> V2 {
    let s = V2::splat;
    let x = x.max(s(-708.0)).min(s(709.0));
    let (t, r) = reduce(x);
    let c = |i: i32| s(1.0 / (1..=i).map(f64::from).product::<f64>());
    let r2 = r.mul(r);
    let r4 = r2.mul(r2);
    let r8 = r4.mul(r4);
    let b0 = s(1.0)
        .add(s(1.0).mul(r))
        .add(s(0.5).add(c(3).mul(r)).mul(r2));
    let b1 = c(4).add(c(5).mul(r)).add(c(6).add(c(7).mul(r)).mul(r2));
    let b2 = c(8).add(c(9).mul(r)).add(c(10).add(c(11).mul(r)).mul(r2));
    let p = b0.add(b1.mul(r4)).add(b2.add(c(12).mul(r4)).mul(r8));
    p.mul(t.two_to())
}

/// [`crate::kernels::elementwise::sigmoid`] on two lanes.
#[inline(always)]
pub fn sigmoid(u: V2) -> V2 {
    let e = exp(s_neg(u.abs()));
    u.select_nonnegative(V2::splat(1.0), e)
        .div(V2::splat(1.0).add(e))
}

#[inline(always)]
fn s_neg(v: V2) -> V2 {
    V2::splat(-0.0).sub(v)
}

/// `f(u)` on two lanes.
#[inline(always)]
pub fn activate(kind: Activation, u: V2) -> V2 {
    match kind {
        Activation::Tanh => tanh(u),
        Activation::Sigmoid => sigmoid(u),
        Activation::Relu => u.positive_or_zero(),
        Activation::Linear => u,
    }
}

/// `f′` written with the output `z` on two lanes
/// ([`Activation::derivative_from_output`]).
#[inline(always)]
pub fn derivative(kind: Activation, z: V2) -> V2 {
    match kind {
        Activation::Tanh => V2::splat(1.0).sub(z.mul(z)),
        Activation::Sigmoid => z.mul(V2::splat(1.0).sub(z)),
        Activation::Relu => z.step(),
        Activation::Linear => V2::splat(1.0),
    }
}
