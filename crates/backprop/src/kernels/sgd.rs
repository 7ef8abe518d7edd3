//! Plain SGD's step, one weight at a time or two lanes at a time: the rule the optimizer
//! states ([`crate::training::optimizer`]) in the form [`crate::kernels::batch::BatchStep`]
//! applies inside the backward, each weight as soon as its gradient is made.

use crate::kernels::lanes::V2;

/// The weight penalty's gradient (the optimizer's regularization, as the kernels take it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Penalty {
    None,
    /// `λ·sign(w)`, 0 at w = 0.
    L1,
    /// `λ·w`.
    L2,
}

impl Penalty {
    /// The penalty's gradient at `w` with rate `rate`.
    #[inline]
    pub fn gradient(self, rate: f64, w: f64) -> f64 {
        match self {
            Penalty::None => 0.0,
            Penalty::L1 => {
                if w == 0.0 {
                    0.0
                } else {
                    rate * w.signum()
                }
            }
            Penalty::L2 => rate * w,
        }
    }
}

/// Plain SGD with its rates: no state, so a kernel can take the step itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdStep {
    pub lr: f64,
    pub penalty: Penalty,
    pub rate: f64,
}

impl SgdStep {
    /// `w − lr·(g + penalty′(w))`: the same operations in the same order as the optimizer's
    /// SGD, so the same bits.
    #[inline(always)]
    pub fn step(&self, w: f64, g: f64) -> f64 {
        w - self.lr * (g + self.penalty.gradient(self.rate, w))
    }

    /// The step for the biases, which take no penalty.
    pub fn unpenalized(&self) -> SgdStep {
        SgdStep {
            penalty: Penalty::None,
            rate: 0.0,
            ..*self
        }
    }

    /// [`SgdStep::step`] on two lanes: the same operations, so the same bits.
    #[inline(always)]
    pub fn step_lanes(&self, w: V2, g: V2) -> V2 {
        let lr = V2::splat(self.lr);
        match self.penalty {
            Penalty::None => w.sub(lr.mul(g.add(V2::splat(0.0)))),
            Penalty::L2 => w.sub(lr.mul(g.add(V2::splat(self.rate).mul(w)))),
            Penalty::L1 => {
                let ([w0, w1], [g0, g1]) = (w.lanes(), g.lanes());
                V2::new(self.step(w0, g0), self.step(w1, g1))
            }
        }
    }
}
