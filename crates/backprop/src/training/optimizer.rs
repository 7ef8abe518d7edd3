//! Gradient-descent update rules and weight penalties. The learning rate is an argument of
//! every step, so it can change between steps without touching the optimizer's state.

use ndarray::{Array, Dimension};

use crate::kernels::sgd::{Penalty, SgdStep};
use crate::layers::affine::Affine;

/// The update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// `W ← W − η·dW`, the article's rule.
    Sgd,
    /// `v ← μ·v − η·dW; W ← W + v` with μ = 0.9.
    Momentum,
    /// Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e−8 and bias correction.
    Adam,
}

/// A penalty on the weights (not the biases), added to the loss's gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Regularization {
    None,
    /// `λ·Σ|w|`, gradient `λ·sign(w)` (0 at w = 0).
    L1,
    /// `λ·½Σw²`, gradient `λ·w`.
    L2,
}

use crate::names::named_enum;

named_enum!(OptimizerKind, "optimizer", Sgd => "sgd", Momentum => "momentum", Adam => "adam");
named_enum!(Regularization, "regularization", None => "none", L1 => "l1", L2 => "l2");

impl Regularization {
    /// The penalty's value for a set of weights.
    pub fn penalty<'a>(self, rate: f64, weights: impl IntoIterator<Item = &'a f64>) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 => rate * weights.into_iter().map(|w| w.abs()).sum::<f64>(),
            Regularization::L2 => 0.5 * rate * weights.into_iter().map(|w| w * w).sum::<f64>(),
        }
    }

    /// The penalty as the kernels take it (its gradient's one statement).
    pub fn penalty_kind(self) -> Penalty {
        match self {
            Regularization::None => Penalty::None,
            Regularization::L1 => Penalty::L1,
            Regularization::L2 => Penalty::L2,
        }
    }

    #[inline]
    fn gradient(self, rate: f64, w: f64) -> f64 {
        self.penalty_kind().gradient(rate, w)
    }
}

const MOMENTUM: f64 = 0.9;
const BETA1: f64 = 0.9;
const BETA2: f64 = 0.999;
const EPSILON: f64 = 1e-8;

/// Per-parameter state: first moment (velocity) and second moment, one pair per layer.
#[derive(Clone, Debug)]
struct Moments<A> {
    m: A,
    v: A,
}

/// An update rule with its state. Its state follows the network's shapes: if they change, the
/// state starts over.
#[derive(Clone, Debug)]
pub struct Optimizer {
    kind: OptimizerKind,
    weights: Vec<Moments<ndarray::Array2<f64>>>,
    biases: Vec<Moments<ndarray::Array1<f64>>>,
    /// β₁ᵗ and β₂ᵗ after t steps, kept by multiplication (a `powi` per step cost more than the
    /// update itself in wasm, and LLVM computes it even for SGD).
    beta_powers: (f64, f64),
}

impl Optimizer {
    pub fn new(kind: OptimizerKind) -> Self {
        Optimizer {
            kind,
            weights: Vec::new(),
            biases: Vec::new(),
            beta_powers: (1.0, 1.0),
        }
    }

    pub fn kind(&self) -> OptimizerKind {
        self.kind
    }

    /// Clears the moments (e.g. after weights were set by hand).
    pub fn reset(&mut self) {
        *self = Optimizer::new(self.kind);
    }

    fn fit_state(&mut self, layers: &[Affine]) {
        let fits = self.weights.len() == layers.len()
            && layers
                .iter()
                .zip(&self.weights)
                .all(|(l, s)| s.m.raw_dim() == l.w.raw_dim());
        if !fits {
            self.weights = layers
                .iter()
                .map(|l| Moments {
                    m: Array::zeros(l.w.raw_dim()),
                    v: Array::zeros(l.w.raw_dim()),
                })
                .collect();
            self.biases = layers
                .iter()
                .map(|l| Moments {
                    m: Array::zeros(l.b.raw_dim()),
                    v: Array::zeros(l.b.raw_dim()),
                })
                .collect();
            self.beta_powers = (1.0, 1.0);
        }
    }

    /// The update as an [`SgdStep`] a kernel can apply itself, when the rule is plain SGD.
    pub fn plain_sgd(&self, lr: f64, reg: Regularization, rate: f64) -> Option<SgdStep> {
        (self.kind == OptimizerKind::Sgd).then_some(SgdStep {
            lr,
            penalty: reg.penalty_kind(),
            rate,
        })
    }

    /// One update of every layer from its stored `dw`, `db`, with learning rate `lr` and the
    /// weight penalty `reg` at `rate`.
    pub fn step(&mut self, layers: &mut [Affine], lr: f64, reg: Regularization, rate: f64) {
        self.fit_state(layers);
        let (p1, p2) = self.beta_powers;
        self.beta_powers = (p1 * BETA1, p2 * BETA2);
        let rule = Rule {
            kind: self.kind,
            lr,
            c1: 1.0 - p1 * BETA1,
            c2: 1.0 - p2 * BETA2,
        };
        for ((layer, ws), bs) in layers
            .iter_mut()
            .zip(&mut self.weights)
            .zip(&mut self.biases)
        {
            rule.apply(&mut layer.w, &layer.dw, ws, reg, rate);
            rule.apply(&mut layer.b, &layer.db, bs, Regularization::None, 0.0);
        }
    }
}

struct Rule {
    kind: OptimizerKind,
    lr: f64,
    /// Adam's bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ.
    c1: f64,
    c2: f64,
}

impl Rule {
    /// One update of the parameters `p` from their gradients `g` and the moments `s` (all of
    /// one shape, in standard layout, as the layers keep them), element by element.
    fn apply<D: Dimension>(
        &self,
        p: &mut Array<f64, D>,
        g: &Array<f64, D>,
        s: &mut Moments<Array<f64, D>>,
        reg: Regularization,
        rate: f64,
    ) {
        match (
            p.as_slice_mut(),
            g.as_slice(),
            s.m.as_slice_mut(),
            s.v.as_slice_mut(),
        ) {
            (Some(p), Some(g), Some(m), Some(v)) if p.len() == g.len() => {
                self.apply_slices(p, g, m, v, reg, rate)
            }
            // (Not reached: the layers and the moments are made in standard layout.)
            _ => {
                let moments = s.m.iter_mut().zip(s.v.iter_mut());
                for ((p, &g), (m, v)) in p.iter_mut().zip(g.iter()).zip(moments) {
                    self.apply_slices(
                        std::slice::from_mut(p),
                        &[g],
                        std::slice::from_mut(m),
                        std::slice::from_mut(v),
                        reg,
                        rate,
                    );
                }
            }
        }
    }

    /// [`Rule::apply`] on flat slices: one loop for every shape (no per-shape iterator code).
    fn apply_slices(
        &self,
        p: &mut [f64],
        g: &[f64],
        m: &mut [f64],
        v: &mut [f64],
        reg: Regularization,
        rate: f64,
    ) {
        let lr = self.lr;
        let penalty = |w: f64| reg.gradient(rate, w);
        match self.kind {
            OptimizerKind::Sgd => {
                for (p, &g) in p.iter_mut().zip(g) {
                    *p -= lr * (g + penalty(*p));
                }
            }
            OptimizerKind::Momentum => {
                for ((p, &g), v) in p.iter_mut().zip(g).zip(m) {
                    *v = MOMENTUM * *v - lr * (g + penalty(*p));
                    *p += *v;
                }
            }
            OptimizerKind::Adam => {
                let (c1, c2) = (self.c1, self.c2);
                for (((p, &g), m), v) in p.iter_mut().zip(g).zip(m).zip(v) {
                    let g = g + penalty(*p);
                    *m = BETA1 * *m + (1.0 - BETA1) * g;
                    *v = BETA2 * *v + (1.0 - BETA2) * g * g;
                    *p -= lr * (*m / c1) / ((*v / c2).sqrt() + EPSILON);
                }
            }
        }
    }
}
