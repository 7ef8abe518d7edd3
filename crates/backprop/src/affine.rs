//! The Affine layer: `u = x·W + b`, exactly the article's `np.dot(x, W1) + b1`.

use ndarray::{Array1, Array2, Axis};

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
        x.dot(&self.w) + &self.b
    }

    /// `u = x·W + b`, keeping `x` for `backward`.
    pub fn forward(&mut self, x: &Array2<f64>) -> Array2<f64> {
        self.x.clone_from(x);
        self.apply(x)
    }

    /// Stores `dW = xᵀ·δ` and `db = Σ_rows δ`; returns `dx = δ·Wᵀ`.
    pub fn backward(&mut self, delta: &Array2<f64>) -> Array2<f64> {
        self.dw = self.x.t().dot(delta);
        self.db = delta.sum_axis(Axis(0));
        delta.dot(&self.w.t())
    }
}
