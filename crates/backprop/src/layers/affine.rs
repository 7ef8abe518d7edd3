//! The Affine layer: `u = x·W + b`, exactly the article's `np.dot(x, W1) + b1`.
//!
//! ```python
//! u = np.dot(x, W) + b                  # forward
//! dx = np.dot(delta, W.T)               # backward
//! dW = np.dot(x.T, delta)
//! db = np.sum(delta, axis=0)
//! ```
//!
//! [`forward`] and [`backward`] state exactly that; the layer computes it with the unrolled
//! kernels of [`crate::kernels::affine`], which a test checks against these two.

use ndarray::{Array1, Array2, Axis};

use crate::kernels;

/// `u = x·W + b`. Shapes: `x` (batch × inputs), `W` (inputs × outputs), `b` (outputs).
pub fn forward(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    x.dot(w) + b
}

/// What the backward of `u = x·W + b` gives for `δ = ∂L/∂u`.
#[derive(Clone, Debug, PartialEq)]
pub struct Gradients {
    /// `dx = δ·Wᵀ` (batch × inputs): what flows on to the layer below.
    pub dx: Array2<f64>,
    /// `dW = xᵀ·δ` (inputs × outputs).
    pub dw: Array2<f64>,
    /// `db = Σ_rows δ` (outputs).
    pub db: Array1<f64>,
}

/// `dx = δ·Wᵀ`, `dW = xᵀ·δ`, `db = Σ_rows δ`.
pub fn backward(x: &Array2<f64>, w: &Array2<f64>, delta: &Array2<f64>) -> Gradients {
    Gradients {
        dx: delta.dot(&w.t()),
        dw: x.t().dot(delta),
        db: delta.sum_axis(Axis(0)),
    }
}

/// A fully connected layer. Shapes: `x` is (batch × inputs), `W` is (inputs × outputs),
/// `b` is (outputs), `u` is (batch × outputs).
///
/// Backward, for `δ = ∂L/∂u` of shape (batch × outputs):
/// `dx = δ·Wᵀ` (batch × inputs), `dW = xᵀ·δ` (inputs × outputs), `db = Σ_rows δ` (outputs).
#[derive(Clone, Debug, PartialEq)]
pub struct Affine {
    pub w: Array2<f64>,
    pub b: Array1<f64>,
    /// `∂L/∂W` from the last `backward`.
    pub dw: Array2<f64>,
    /// `∂L/∂b` from the last `backward`.
    pub db: Array1<f64>,
    /// The input of the last `forward`, kept for `dW = xᵀ·δ`.
    x: Array2<f64>,
}

impl Affine {
    /// A layer with the given weights (inputs × outputs) and bias (outputs).
    /// The caller guarantees `w.ncols() == b.len()`.
    pub fn new(w: Array2<f64>, b: Array1<f64>) -> Self {
        debug_assert_eq!(w.ncols(), b.len());
        let dw = Array2::zeros(w.raw_dim());
        let db = Array1::zeros(b.raw_dim());
        Affine {
            w,
            b,
            dw,
            db,
            x: Array2::zeros((0, 0)),
        }
    }

    pub fn inputs(&self) -> usize {
        self.w.nrows()
    }

    pub fn outputs(&self) -> usize {
        self.w.ncols()
    }

    /// `u = x·W + b` without keeping anything (inference).
    pub fn apply(&self, x: &Array2<f64>) -> Array2<f64> {
        let mut u = Array2::zeros((0, 0));
        self.apply_into(x, &mut u);
        u
    }

    /// [`Affine::apply`] into `u`, reusing its memory when the shape already fits (fresh
    /// 640 KB grid buffers every frame cost more in page faults than the product itself).
    pub fn apply_into(&self, x: &Array2<f64>, u: &mut Array2<f64>) {
        kernels::affine::forward(x, &self.w, &self.b, u);
    }

    /// `u = x·W + b`, keeping `x` for `backward`.
    pub fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        let mut u = Array2::zeros((0, 0));
        self.forward_into(x, &mut u);
        u
    }

    /// [`Affine::forward`] into `u`, reusing its memory.
    pub fn forward_into(&mut self, x: &Array2<f64>, u: &mut Array2<f64>) {
        self.x.clone_from(x);
        self.apply_into(x, u);
    }

    /// Stores `dW = xᵀ·δ` and `db = Σ_rows δ`; returns `dx = δ·Wᵀ`.
    pub fn backward(&mut self, delta: &Array2<f64>) -> Array2<f64> {
        let mut dx = Array2::zeros((0, 0));
        self.backward_into(delta, &mut dx);
        dx
    }

    /// [`Affine::backward`] writing `dx` into a buffer that is reused when its shape fits.
    pub fn backward_into(&mut self, delta: &Array2<f64>, dx: &mut Array2<f64>) {
        kernels::affine::backward(&self.x, delta, &self.w, &mut self.dw, &mut self.db, dx);
    }

    /// Training's backward: stores `dW`, `db` and, with `dx`, writes `(δ·Wᵀ) ⊙ f′(x)` there —
    /// the `δ` of the layer below, whose `act` output is this layer's input `x` — in one pass
    /// (see [`kernels::affine::backward_through`]); without `dx` (the first layer) skips it.
    pub fn backward_through(
        &mut self,
        delta: &Array2<f64>,
        dx: Option<&mut Array2<f64>>,
        act: crate::Activation,
    ) {
        kernels::affine::backward_through(
            &self.x,
            delta,
            &self.w,
            &mut self.dw,
            &mut self.db,
            dx,
            |z| act.derivative_from_output(z),
        );
    }
}
