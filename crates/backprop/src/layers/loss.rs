//! Output layers fused with their loss: Softmax-with-Loss for classification, mean squared
//! error on a linear output for regression. Both take the last Affine's output `u` (the
//! **logits** for softmax — never probabilities) and both have the same backward form,
//! `∂L/∂u = (y − t) / N`, which is why the article calls the pair a "beautiful" result.

use ndarray::{Array2, Axis};
use serde::{Deserialize, Serialize};

/// What the last layer does with its logits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Output {
    /// Softmax over k ≥ 2 classes, cross-entropy loss against one-hot targets.
    Softmax,
    /// The identity, mean squared error loss (regression).
    Linear,
}

impl Output {
    /// The mean loss of outputs `y` (already through [`Output::apply`]) against targets `t`.
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

/// The largest value (−∞ for none). A plain comparison, not `f64::max`, which wasm has to
/// call as a function to honour its NaN rule; a NaN logit makes the row NaN either way.
#[inline]
fn row_max<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values.fold(f64::NEG_INFINITY, |m, &v| if v > m { v } else { m })
}

/// Row-wise softmax of **logits** (batch × classes), with the row maximum subtracted first so
/// that `exp` never overflows: logits (1000, 0) give (1, e^−1000) = (1, 0), not NaN.
pub fn softmax(mut u: Array2<f64>) -> Array2<f64> {
    softmax_inplace(&mut u);
    u
}

/// [`softmax`] in place.
pub fn softmax_inplace(u: &mut Array2<f64>) {
    let k = u.ncols().max(1);
    if let Some(s) = u.as_slice_mut() {
        // Three passes so that the middle one, all the exps, is one vectorized loop.
        for row in s.chunks_exact_mut(k) {
            let max = row_max(row.iter());
            row.iter_mut().for_each(|v| *v -= max);
        }
        crate::layers::activation::map_slice(s, crate::layers::activation::exp);
        for row in s.chunks_exact_mut(k) {
            let inv = 1.0 / row.iter().sum::<f64>();
            row.iter_mut().for_each(|v| *v *= inv);
        }
        return;
    }
    for mut row in u.rows_mut() {
        let max = row_max(row.iter());
        row.mapv_inplace(|v| crate::layers::activation::exp(v - max));
        let inv = 1.0 / row.sum();
        row.mapv_inplace(|v| v * inv);
    }
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
        let n = u.nrows().max(1) as f64;
        let loss = match self.output {
            Output::Softmax
                if u.is_standard_layout() && t.is_standard_layout() && u.dim() == t.dim() =>
            {
                // One pass per row: s = u − max, y = e^s / Σe^s, and
                // −Σ t·ln y = Σ t·(ln Σe^s − s) = (Σt)·ln Σe^s − Σ t·s — one ln per row.
                self.y.clone_from(u);
                let k = u.ncols().max(1);
                let mut total = 0.0;
                if let (Some(y), Some(ts)) = (self.y.as_slice_mut(), t.as_slice()) {
                    for (yr, tr) in y.chunks_exact_mut(k).zip(ts.chunks_exact(k)) {
                        let max = row_max(yr.iter());
                        yr.iter_mut().for_each(|v| *v -= max);
                        let ts_dot: f64 = yr.iter().zip(tr).map(|(s, t)| t * s).sum();
                        let t_sum: f64 = tr.iter().sum();
                        let mut sum = 0.0;
                        for v in yr.iter_mut() {
                            *v = crate::layers::activation::exp(*v);
                            sum += *v;
                        }
                        total += t_sum * sum.ln() - ts_dot;
                        let inv = 1.0 / sum;
                        yr.iter_mut().for_each(|v| *v *= inv);
                    }
                }
                total / n
            }
            Output::Softmax => {
                // ln y_k = u_k − (max + ln Σ e^{u_j − max})
                let mut total = 0.0;
                for (row, trow) in u.rows().into_iter().zip(t.rows()) {
                    let max = row_max(row.iter());
                    let lse = max + row.iter().map(|&v| (v - max).exp()).sum::<f64>().ln();
                    total += row
                        .iter()
                        .zip(trow)
                        .map(|(&u, &t)| t * (lse - u))
                        .sum::<f64>();
                }
                self.y.clone_from(u);
                softmax_inplace(&mut self.y);
                total / n
            }
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
            softmax_inplace(&mut self.y);
        }
        self.t.clone_from(t);
    }

    /// `∂L/∂u = (y − t) / N`.
    pub fn backward(&self) -> Array2<f64> {
        let mut d = Array2::zeros((0, 0));
        self.backward_into(&mut d);
        d
    }

    /// [`LossLayer::backward`] into a buffer reused when its shape fits.
    pub fn backward_into(&self, d: &mut Array2<f64>) {
        let n = self.y.nrows().max(1) as f64;
        if d.dim() != self.y.dim() {
            *d = Array2::zeros(self.y.raw_dim());
        }
        ndarray::Zip::from(d)
            .and(&self.y)
            .and(&self.t)
            .for_each(|d, &y, &t| *d = (y - t) / n);
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
