//! The Affine kernels: `u = x·W + b` for layers up to 8 wide, with the row width a
//! compile-time constant so the loops unroll and vectorize (faster than gemm for these
//! sizes, and much faster in wasm, where gemm has only scalar kernels). Every sum is added in
//! the order of the plain loops, so the results are theirs to the bit (`tests/kernels.rs`).
//! Wider layers and unusual memory layouts take those plain loops. All write into buffers the
//! caller keeps between steps, so neither a training step nor a grid frame allocates.
//!
//! Training does not come here: [`crate::kernels::batch`] takes a whole mini-batch with its
//! lanes over the rows. The backward here serves the inspector, the gradient check and the
//! landscape's gradient, one loop for every width.
//!
//! The readable definitions these are checked against are
//! [`crate::layers::affine::forward`] and [`crate::layers::affine::backward`].

use ndarray::{Array1, Array2};

/// Calls `$f::<O>(args…)` for a width `O` of 1 to 8 (every layer here is at most 8 wide);
/// evaluates to false for other widths, which take the general loops.
macro_rules! with_width {
    ($o:expr, $f:ident, $($a:expr),*) => {
        match $o {
            1 => $f::<1>($($a),*),
            2 => $f::<2>($($a),*),
            3 => $f::<3>($($a),*),
            4 => $f::<4>($($a),*),
            5 => $f::<5>($($a),*),
            6 => $f::<6>($($a),*),
            7 => $f::<7>($($a),*),
            8 => $f::<8>($($a),*),
            _ => false,
        }
    };
}

/// `u_n = b + Σ_i x_ni·W_i` for rows of width `O` known at compile time: the row lives in a
/// `[f64; O]`, so the loops unroll and vectorize with no per-row loop overhead (what made the
/// general loops twice as slow in wasm). False if a slice has the wrong length.
fn forward_rows<const O: usize>(
    x: &[f64],
    k: usize,
    w: &[f64],
    b: &[f64],
    out: &mut [f64],
) -> bool {
    let Some(b) = b.first_chunk::<O>() else {
        return false;
    };
    if w.len() != k * O || x.len() / k != out.len() / O {
        return false;
    }
    for (xr, ur) in x.chunks_exact(k).zip(out.chunks_exact_mut(O)) {
        let mut acc = *b;
        for (&xi, wr) in xr.iter().zip(w.chunks_exact(O)) {
            for j in 0..O {
                acc[j] += xi * wr[j];
            }
        }
        ur.copy_from_slice(&acc);
    }
    true
}

/// The backward of [`forward_rows`], for any width (training takes
/// [`crate::kernels::batch`]; this serves the inspector and the landscape's gradient): `db += δ_n`, `dW_i += x_ni·δ_n` and, if `dx` is given,
/// `dx_ni = (δ_n·W_i) · f′(x_ni)` — `f′` from the layer's input, which is the output of the
/// activation below, given as `df`, the activation's derivative written with its output
/// (`|_| 1.0` gives plain `δ·Wᵀ`, as `× 1` is exact).
/// Every sum in the order of the plain sequential loops (rows in order from 0, each `dx` over
/// `j` from 0), so that the results are theirs to the bit. False if a slice has the wrong
/// length.
#[allow(clippy::too_many_arguments)]
fn backward_rows(
    x: &[f64],
    k: usize,
    o: usize,
    d: &[f64],
    w: &[f64],
    dw: &mut [f64],
    db: &mut [f64],
    mut dx: Option<&mut [f64]>,
    df: impl Fn(f64) -> f64 + Copy,
) -> bool {
    if k == 0
        || o == 0
        || db.len() != o
        || w.len() != k * o
        || dw.len() != k * o
        || x.len() / k != d.len() / o
        || dx.as_ref().is_some_and(|dx| dx.len() != x.len())
    {
        return false;
    }
    for (n, (xr, dr)) in x.chunks_exact(k).zip(d.chunks_exact(o)).enumerate() {
        for (b, &dj) in db.iter_mut().zip(dr) {
            *b += dj;
        }
        for (&xi, dwr) in xr.iter().zip(dw.chunks_exact_mut(o)) {
            for (g, &dj) in dwr.iter_mut().zip(dr) {
                *g += xi * dj;
            }
        }
        let Some(dxr) = dx
            .as_deref_mut()
            .and_then(|dx| dx.get_mut(n * k..(n + 1) * k))
        else {
            continue;
        };
        for ((&xi, wr), dxi) in xr.iter().zip(w.chunks_exact(o)).zip(dxr) {
            let mut s = 0.0;
            for (&dj, &wj) in dr.iter().zip(wr) {
                s += dj * wj;
            }
            *dxi = s * df(xi);
        }
    }
    true
}

/// Reshapes `a` to `dim` (zeros) unless it already has that shape.
fn fit(a: &mut Array2<f64>, dim: (usize, usize)) {
    if a.dim() != dim {
        *a = Array2::zeros(dim);
    }
}

/// `u = x·W + b` into `u`, reusing its memory when the shape already fits. Shapes: `x`
/// (batch × inputs), `w` (inputs × outputs), `b` (outputs), `u` (batch × outputs).
pub fn forward(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>, u: &mut Array2<f64>) {
    let (n, k, o) = (x.nrows(), w.nrows(), w.ncols());
    fit(u, (n, o));
    // Row by row, u_n = b + Σ_i x_ni·W_i, in the unrolled kernel of this width: no packing,
    // no call overhead, vectorized.
    if let (Some(xs), Some(ws), Some(bs), Some(out)) =
        (x.as_slice(), w.as_slice(), b.as_slice(), u.as_slice_mut())
    {
        if k > 0 && with_width!(o, forward_rows, xs, k, ws, bs, out) {
            return;
        }
    }
    // Wider layers or unusual layouts: the plain loops, in the same order.
    for n in 0..x.nrows() {
        for j in 0..o {
            let mut s = b[j];
            for i in 0..k {
                s += x[[n, i]] * w[[i, j]];
            }
            u[[n, j]] = s;
        }
    }
}

/// The backward of [`forward`] for `δ = ∂L/∂u` (batch × outputs): writes `dW = xᵀ·δ`,
/// `db = Σ_rows δ` and `dx = δ·Wᵀ` into buffers of the right shapes (`dw` like `w`, `db`
/// like `b`; `dx` is reshaped to (batch × inputs) if needed).
pub fn backward(
    x: &Array2<f64>,
    delta: &Array2<f64>,
    w: &Array2<f64>,
    dw: &mut Array2<f64>,
    db: &mut Array1<f64>,
    dx: &mut Array2<f64>,
) {
    backward_through(x, delta, w, dw, db, Some(dx), |_| 1.0);
}

/// [`backward`] with the activation below folded in, for training: `dx = (δ·Wᵀ) ⊙ f′(x)`
/// where `x`, this layer's input, is the output of the activation whose derivative written
/// with its output is `df` (`f′(z)`: for ReLU `1 if z > 0 else 0`, sigmoid `z(1 − z)`, as
/// [`crate::layers::activation::ActivationLayer::backward_inplace`] computes it, with the same
/// result to the bit), so `dx` is already the `δ` of the layer below. With `dx` `None` only
/// `dW` and `db` are computed (the first layer: nobody needs `∂L/∂input` in training).
pub fn backward_through(
    x: &Array2<f64>,
    delta: &Array2<f64>,
    w: &Array2<f64>,
    dw: &mut Array2<f64>,
    db: &mut Array1<f64>,
    mut dx: Option<&mut Array2<f64>>,
    df: impl Fn(f64) -> f64 + Copy,
) {
    let (k, o) = (w.nrows(), w.ncols());
    if let Some(dx) = dx.as_deref_mut() {
        fit(dx, (delta.nrows(), k));
    }
    if dw.dim() != w.dim() {
        *dw = Array2::zeros(w.raw_dim());
    }
    if db.len() != o {
        *db = Array1::zeros(o);
    }
    // The gradient buffers keep their shapes: no allocation per step.
    dw.fill(0.0);
    db.fill(0.0);
    if let (Some(xs), Some(d), Some(ws), Some(dws), Some(dbs)) = (
        x.as_slice(),
        delta.as_slice(),
        w.as_slice(),
        dw.as_slice_mut(),
        db.as_slice_mut(),
    ) {
        // `None` inside: no dx wanted; `None` outside: a dx that is not one slice.
        let dxs = match dx.as_deref_mut() {
            None => Some(None),
            Some(dx) => dx.as_slice_mut().map(Some),
        };
        if let Some(dxs) = dxs {
            if backward_rows(xs, k, o, d, ws, dws, dbs, dxs, df) {
                return;
            }
        }
    }
    // Wider layers or unusual layouts: the plain loops, in the same order.
    dw.fill(0.0);
    db.fill(0.0);
    for n in 0..delta.nrows() {
        for j in 0..o {
            db[j] += delta[[n, j]];
        }
        for i in 0..k {
            for j in 0..o {
                dw[[i, j]] += x[[n, i]] * delta[[n, j]];
            }
        }
        if let Some(dx) = dx.as_deref_mut() {
            for i in 0..k {
                let mut s = 0.0;
                for j in 0..o {
                    s += delta[[n, j]] * w[[i, j]];
                }
                dx[[n, i]] = s * df(x[[n, i]]);
            }
        }
    }
}
