//! Element-wise activation layers. Each derivative is computed from the cached *output*
//! `z = f(u)`, as the article does for the sigmoid: no need to keep `u`.

use ndarray::Array2;
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

use crate::error::{Error, Result};

/// The hidden-layer activation function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `max(0, u)`. The derivative is `1` where `z > 0`, else `0` (the article's `d_relu`).
    Relu,
    /// `1 / (1 + e^−u)`. The derivative is `z(1 − z)`.
    Sigmoid,
    /// `tanh u`. The derivative is `1 − z²`.
    Tanh,
    /// The identity `u`. The derivative is `1`.
    Linear,
}

impl Activation {
    /// Every activation, in the order the page lists them.
    pub const ALL: [Activation; 4] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Linear,
    ];

    /// The name used in model files, URLs and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Linear => "linear",
        }
    }

    /// `z = f(u)` for one value. Sigmoid is written so that neither branch can overflow:
    /// `sigmoid(−800)` is a tiny positive number, not `NaN`.
    #[inline]
    pub fn apply(self, u: f64) -> f64 {
        match self {
            Activation::Relu => u.max(0.0),
            Activation::Sigmoid => {
                if u >= 0.0 {
                    1.0 / (1.0 + (-u).exp())
                } else {
                    let e = u.exp();
                    e / (1.0 + e)
                }
            }
            Activation::Tanh => u.tanh(),
            Activation::Linear => u,
        }
    }

    /// `f′(u)` written with the output `z = f(u)`.
    #[inline]
    pub fn derivative_from_output(self, z: f64) -> f64 {
        match self {
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => z * (1.0 - z),
            Activation::Tanh => 1.0 - z * z,
            Activation::Linear => 1.0,
        }
    }

    /// Applies `f` to every element in place.
    pub fn apply_inplace(self, a: &mut Array2<f64>) {
        if self != Activation::Linear {
            a.mapv_inplace(|u| self.apply(u));
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Activation {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown activation {s:?} (expected relu, tanh, sigmoid or linear)"
                ))
            })
    }
}

/// An activation as a layer: `forward` caches the output `z`, `backward(dz)` returns
/// `du = dz ⊙ f′(u)` with `f′` computed from `z`. Shapes: (batch × neurons) in and out.
#[derive(Clone, Debug)]
pub struct ActivationLayer {
    pub kind: Activation,
    /// The cached output of the last `forward`.
    pub z: Array2<f64>,
}

impl ActivationLayer {
    pub fn new(kind: Activation) -> Self {
        ActivationLayer {
            kind,
            z: Array2::zeros((0, 0)),
        }
    }

    /// `z = f(u)`, keeping `z` for `backward`.
    pub fn forward(&mut self, mut u: Array2<f64>) -> &Array2<f64> {
        self.kind.apply_inplace(&mut u);
        self.z = u;
        &self.z
    }

    /// `du = dz ⊙ f′(z)`: ReLU masks, sigmoid multiplies by `z(1 − z)`, tanh by `1 − z²`.
    pub fn backward(&self, mut dz: Array2<f64>) -> Array2<f64> {
        let kind = self.kind;
        if kind != Activation::Linear {
            dz.zip_mut_with(&self.z, |d, &z| *d *= kind.derivative_from_output(z));
        }
        dz
    }
}
