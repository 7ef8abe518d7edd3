//! Output layers fused with their loss: Softmax-with-Loss for classification, mean squared
//! error on a linear output for regression. Both take the last Affine's output `u` (the
//! **logits** for softmax — never probabilities) and both have the same backward form,
//! `∂L/∂u = (y − t) / N`, which is why the article calls the pair a "beautiful" result.
//!
//! [`softmax`], [`softmax_with_loss`] and [`backward`] state the formulas plainly; the layer
//! computes them with the fused kernels of [`crate::kernels::softmax`], which a test checks
//! against these.

use ndarray::{Array2, Axis};

use crate::kernels;

/// What the last layer does with its logits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    /// Softmax over k ≥ 2 classes, cross-entropy loss against one-hot targets.
    Softmax,
    /// The identity, mean squared error loss (regression).
    Linear,
}

impl Output {
    /// The mean loss of outputs `y` (probabilities for softmax, values for linear: the
    /// network's prediction) against targets `t`.
    pub fn loss_of(self, y: &Array2<f64>, t: &Array2<f64>) -> f64 {
        let n = y.nrows().max(1) as f64;
        match self {
            // −Σ t·ln y, with ln clamped so that a probability of exactly 0 gives a large,
            // finite loss rather than ∞ (the fused forward below never needs the clamp).
            Output::Softmax => {
                -y.iter()
                    .zip(t)
                    .map(|(&y, &t)| {
                        if t == 0.0 {
                            0.0
                        } else {
                            t * y.max(1e-300).ln()
                        }
                    })
                    .sum::<f64>()
                    / n
            }
            Output::Linear => {
                y.iter()
                    .zip(t)
                    .map(|(&y, &t)| 0.5 * (y - t).powi(2))
                    .sum::<f64>()
                    / n
            }
        }
    }
}

crate::names::named_enum!(Output, "output", Softmax => "softmax", Linear => "linear");

/// `y = softmax(u)` row by row for **logits** `u` (batch × classes):
/// `y_k = e^{u_k − m} / Σ_j e^{u_j − m}` with `m = max_j u_j` subtracted first, so that `exp`
/// never overflows: logits (1000, 0) give (1, e^−1000) = (1, 0), not NaN.
pub fn softmax(u: Array2<f64>) -> Array2<f64> {
    let mut y = u;
    for mut row in y.rows_mut() {
        let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - m).exp());
        let sum = row.sum();
        row /= sum;
    }
    y
}

/// Softmax-with-Loss on **logits** `u` against targets `t` (both batch × classes): returns
/// `y = softmax(u)` and `L = −(1/N) Σ_n Σ_k t_nk ln y_nk`, with `ln y_k` computed as
/// `u_k − logsumexp(u)` so that it stays finite for any finite logits (the article's Python
/// adds 1e−7 inside the log instead).
pub fn softmax_with_loss(u: &Array2<f64>, t: &Array2<f64>) -> (Array2<f64>, f64) {
    let n = u.nrows().max(1) as f64;
    let mut total = 0.0;
    for (row, trow) in u.rows().into_iter().zip(t.rows()) {
        let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let logsumexp = m + row.mapv(|v| (v - m).exp()).sum().ln();
        total += trow
            .iter()
            .zip(&row)
            .map(|(&t, &u)| t * (logsumexp - u))
            .sum::<f64>();
    }
    (softmax(u.clone()), total / n)
}

/// The backward of Softmax-with-Loss and of MSE alike: `∂L/∂u = (y − t) / N`.
pub fn backward(y: &Array2<f64>, t: &Array2<f64>) -> Array2<f64> {
    let n = y.nrows().max(1) as f64;
    (y - t) / n
}

/// The output layer and its loss as one layer, as in the article.
///
/// * Softmax-with-Loss: `y = softmax(u)`, `L = −(1/N) Σ_n Σ_k t_nk ln y_nk`, computed as
///   `ln y_k = u_k − logsumexp(u)` so it stays finite for any finite logits.
/// * MSE: `y = u`, `L = (1/N) Σ_n ½‖y_n − t_n‖²`.
///
/// Backward for both: `∂L/∂u = (y − t) / N` (batch × outputs).
#[derive(Clone, Debug)]
pub struct LossLayer {
    pub output: Output,
    /// `y` of the last forward.
    pub y: Array2<f64>,
    /// `t` of the last forward.
    pub t: Array2<f64>,
}

impl LossLayer {
    pub fn new(output: Output) -> Self {
        LossLayer {
            output,
            y: Array2::zeros((0, 0)),
            t: Array2::zeros((0, 0)),
        }
    }

    /// Takes the logits `u` and targets `t` (both batch × outputs); returns the mean loss and
    /// keeps `y`, `t` for backward. Targets are one-hot rows for softmax.
    pub fn forward(&mut self, u: &Array2<f64>, t: &Array2<f64>) -> f64 {
        let loss = match self.output {
            Output::Softmax => kernels::softmax::softmax_with_loss(u, t, &mut self.y),
            Output::Linear => {
                self.y.clone_from(u);
                Output::Linear.loss_of(&self.y, t)
            }
        };
        self.t.clone_from(t);
        loss
    }

    /// The forward pass without the loss's value: `y` and `t` kept for backward.
    pub fn forward_output(&mut self, u: &Array2<f64>, t: &Array2<f64>) {
        self.y.clone_from(u);
        if self.output == Output::Softmax {
            kernels::softmax::softmax_rows(&mut self.y);
        }
        self.t.clone_from(t);
    }

    /// `∂L/∂u = (y − t) / N` (see [`backward`]).
    pub fn backward(&self) -> Array2<f64> {
        let mut d = Array2::zeros((0, 0));
        self.backward_into(&mut d);
        d
    }

    /// [`LossLayer::backward`] into a buffer reused when its shape fits.
    pub fn backward_into(&self, d: &mut Array2<f64>) {
        kernels::softmax::delta(&self.y, &self.t, d);
    }
}

/// The index of the largest value in each row (the predicted class).
pub fn argmax_rows(y: &Array2<f64>) -> Vec<usize> {
    y.axis_iter(Axis(0))
        .map(|row| {
            let mut best = 0;
            for (i, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = i;
                }
            }
            best
        })
        .collect()
}
