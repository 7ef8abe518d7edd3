//! The softmax kernels: row-wise softmax of logits with all the exponentials in one
//! vectorized loop, Softmax-with-Loss fused into one pass per row (one logarithm per row, no
//! separate log-softmax), and the shared backward `(y − t)/N` into a reused buffer.
//!
//! The readable definitions these are checked against are
//! [`crate::layers::loss::softmax`], [`crate::layers::loss::softmax_with_loss`] and
//! [`crate::layers::loss::backward`].

use ndarray::Array2;

use crate::kernels::elementwise::{exp, map_slice};

/// The largest value (−∞ for none). A plain comparison, not `f64::max`, which wasm has to
/// call as a function to honour its NaN rule; a NaN logit makes the row NaN either way.
#[inline]
fn row_max<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values.fold(f64::NEG_INFINITY, |m, &v| if v > m { v } else { m })
}

/// Row-wise softmax of **logits** (batch × classes) in place, the row maximum subtracted
/// first so that `exp` never overflows.
pub fn softmax_rows(u: &mut Array2<f64>) {
    let k = u.ncols().max(1);
    if let Some(s) = u.as_slice_mut() {
        // Three passes so that the middle one, all the exps, is one vectorized loop.
        for row in s.chunks_exact_mut(k) {
            let max = row_max(row.iter());
            row.iter_mut().for_each(|v| *v -= max);
        }
        map_slice(s, exp);
        for row in s.chunks_exact_mut(k) {
            let inv = 1.0 / row.iter().sum::<f64>();
            row.iter_mut().for_each(|v| *v *= inv);
        }
        return;
    }
    for mut row in u.rows_mut() {
        let max = row_max(row.iter());
        row.mapv_inplace(|v| exp(v - max));
        let inv = 1.0 / row.sum();
        row.mapv_inplace(|v| v * inv);
    }
}

/// Softmax-with-Loss on **logits** `u` against targets `t` (both batch × classes): writes
/// `y = softmax(u)` into `y` and returns the mean loss `−(1/N) Σ t·ln y`, finite for any
/// finite logits.
pub fn softmax_with_loss(u: &Array2<f64>, t: &Array2<f64>, y: &mut Array2<f64>) -> f64 {
    let n = u.nrows().max(1) as f64;
    y.clone_from(u);
    let k = u.ncols().max(1);
    if let (true, Some(ys), Some(ts)) = (u.dim() == t.dim(), y.as_slice_mut(), t.as_slice()) {
        // One pass per row: s = u − max, y = e^s / Σe^s, and
        // −Σ t·ln y = Σ t·(ln Σe^s − s) = (Σt)·ln Σe^s − Σ t·s — one ln per row.
        let mut total = 0.0;
        for (yr, tr) in ys.chunks_exact_mut(k).zip(ts.chunks_exact(k)) {
            let max = row_max(yr.iter());
            yr.iter_mut().for_each(|v| *v -= max);
            let ts_dot: f64 = yr.iter().zip(tr).map(|(s, t)| t * s).sum();
            let t_sum: f64 = tr.iter().sum();
            let mut sum = 0.0;
            for v in yr.iter_mut() {
                *v = exp(*v);
                sum += *v;
            }
            total += t_sum * sum.ln() - ts_dot;
            let inv = 1.0 / sum;
            yr.iter_mut().for_each(|v| *v *= inv);
        }
        return total / n;
    }
    // Unusual layouts: ln y_k = u_k − (max + ln Σ e^{u_j − max}).
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
    softmax_rows(y);
    total / n
}

/// `d = (y − t)/N` (batch × outputs) into a buffer reused when its shape fits: the backward
/// of Softmax-with-Loss and of MSE alike.
pub fn delta(y: &Array2<f64>, t: &Array2<f64>, d: &mut Array2<f64>) {
    let n = y.nrows().max(1) as f64;
    if d.dim() != y.dim() {
        *d = Array2::zeros(y.raw_dim());
    }
    ndarray::Zip::from(d)
        .and(y)
        .and(t)
        .for_each(|d, &y, &t| *d = (y - t) / n);
}
