//! Element-wise activation layers. Each derivative is computed from the cached *output*
//! `z = f(u)`, as the article does for the sigmoid: no need to keep `u`.
//!
//! ```python
//! def sigmoid(x):   return 1 / (1 + np.exp(-x))
//! def d_sigmoid(y): return y * (1 - y)       # from the output y
//! def relu(x):      return np.maximum(0, x)
//! def d_relu(x):    return np.where(x > 0, 1, 0)
//! ```
//!
//! [`Activation::reference`] states each function as plainly as that; the layer computes it
//! with the vectorizing kernels of [`crate::kernels::elementwise`], which a test checks
//! against the reference.

use ndarray::Array2;

use crate::kernels::elementwise::{map_slice, relu, sigmoid, tanh};

/// The hidden-layer activation function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// `z = f(u)` as written in the article: `max(0, u)`, `1/(1 + e^−u)`, `tanh u`, `u`.
    /// The readable definition the kernels are checked against (for |u| ≤ 700; beyond, the
    /// sigmoid's `e^−u` overflows to ∞ here, which the kernel avoids).
    pub fn reference(self, u: f64) -> f64 {
        match self {
            Activation::Relu => u.max(0.0),
            Activation::Sigmoid => 1.0 / (1.0 + (-u).exp()),
            Activation::Tanh => u.tanh(),
            Activation::Linear => u,
        }
    }

    /// `z = f(u)` for one value, by the kernels (see [`Activation::reference`]). Sigmoid is
    /// written so that nothing can overflow: `sigmoid(−800)` is a tiny positive number.
    #[inline]
    pub fn apply(self, u: f64) -> f64 {
        match self {
            Activation::Relu => relu(u),
            Activation::Sigmoid => sigmoid(u),
            Activation::Tanh => tanh(u),
            Activation::Linear => u,
        }
    }

    /// `f′(u)` written with the output `z = f(u)`: ReLU `1 if z > 0 else 0`, sigmoid
    /// `z(1 − z)`, tanh `1 − z²`, linear `1`.
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

    /// Applies `f` to every element in place (one vectorized kernel loop per kind).
    pub fn apply_inplace(self, a: &mut Array2<f64>) {
        fn each(a: &mut Array2<f64>, f: impl Fn(f64) -> f64 + Copy) {
            match a.as_slice_mut() {
                Some(s) => map_slice(s, f),
                None => a.mapv_inplace(f),
            }
        }
        match self {
            Activation::Relu => each(a, relu),
            Activation::Sigmoid => each(a, sigmoid),
            Activation::Tanh => each(a, tanh),
            Activation::Linear => {}
        }
    }
}

crate::names::named_enum!(Activation, "activation", Relu => "relu", Tanh => "tanh", Sigmoid => "sigmoid", Linear => "linear");

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

    /// `z = f(u)`, keeping `z` for `backward` (its buffer is reused between calls).
    pub fn forward(&mut self, u: &Array2<f64>) -> &Array2<f64> {
        self.z.clone_from(u);
        self.kind.apply_inplace(&mut self.z);
        &self.z
    }

    /// `du = dz ⊙ f′(z)`: ReLU masks, sigmoid multiplies by `z(1 − z)`, tanh by `1 − z²`.
    pub fn backward(&self, mut dz: Array2<f64>) -> Array2<f64> {
        self.backward_inplace(&mut dz);
        dz
    }

    /// [`ActivationLayer::backward`] in place: `dz ← dz ⊙ f′(z)`.
    pub fn backward_inplace(&self, dz: &mut Array2<f64>) {
        let kind = self.kind;
        if kind == Activation::Linear {
            return;
        }
        match (dz.as_slice_mut(), self.z.as_slice()) {
            (Some(d), Some(z)) if d.len() == z.len() => {
                for (d, &z) in d.iter_mut().zip(z) {
                    *d *= kind.derivative_from_output(z);
                }
            }
            _ => dz.zip_mut_with(&self.z, |d, &z| *d *= kind.derivative_from_output(z)),
        }
    }
}
