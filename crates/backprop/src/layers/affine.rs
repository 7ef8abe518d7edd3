//! The Affine layer: `u = x·W + b`, exactly the article's `np.dot(x, W1) + b1`.

use ndarray::{Array1, Array2, Axis};

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

/// The backward of [`forward_rows`]: `db += δ_n`, `dW_i += x_ni·δ_n`, `dx_ni = δ_n·W_i`.
#[allow(clippy::too_many_arguments)]
fn backward_rows<const O: usize>(
    x: &[f64],
    k: usize,
    d: &[f64],
    w: &[f64],
    dw: &mut [f64],
    db: &mut [f64],
    dx: &mut [f64],
) -> bool {
    let Some(db) = db.first_chunk_mut::<O>() else {
        return false;
    };
    if w.len() != k * O || dw.len() != k * O || x.len() / k != d.len() / O || dx.len() != x.len() {
        return false;
    }
    for ((xr, dr), dxr) in x
        .chunks_exact(k)
        .zip(d.chunks_exact(O))
        .zip(dx.chunks_exact_mut(k))
    {
        let Some(dr) = dr.first_chunk::<O>() else {
            return false;
        };
        for j in 0..O {
            db[j] += dr[j];
        }
        for ((&xi, dwr), (wr, dxi)) in xr
            .iter()
            .zip(dw.chunks_exact_mut(O))
            .zip(w.chunks_exact(O).zip(dxr.iter_mut()))
        {
            let mut s = 0.0;
            for j in 0..O {
                dwr[j] += xi * dr[j];
                s += dr[j] * wr[j];
            }
            *dxi = s;
        }
    }
    true
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

    /// `u = x·W + b` into `u`, reusing its memory when the shape already fits: neither a
    /// training step nor a grid frame allocates (fresh 640 KB grid buffers every frame cost
    /// more in page faults than the product itself).
    pub fn apply_into(&self, x: &Array2<f64>, u: &mut Array2<f64>) {
        let (n, k, o) = (x.nrows(), self.inputs(), self.outputs());
        if u.dim() != (n, o) {
            *u = Array2::zeros((n, o));
        }
        // Row by row, u_n = b + Σ_i x_ni·W_i, in the unrolled kernel of this width: no packing,
        // no call overhead, vectorized — faster than gemm here for mini-batches and the grid
        // alike (much faster in wasm, where gemm has only scalar kernels).
        if let (Some(xs), Some(w), Some(b), Some(out)) = (
            x.as_slice(),
            self.w.as_slice(),
            self.b.as_slice(),
            u.as_slice_mut(),
        ) {
            if k > 0 && with_width!(o, forward_rows, xs, k, w, b, out) {
                return;
            }
        }
        // Wider layers (none here) or unusual layouts: gemm, then b row by row.
        ndarray::linalg::general_mat_mul(1.0, x, &self.w, 0.0, u);
        *u += &self.b;
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
        let (k, o) = (self.inputs(), self.outputs());
        let n = delta.nrows();
        if dx.dim() != (n, k) {
            *dx = Array2::zeros((n, k));
        }
        // The gradient buffers keep their shapes: no allocation per step.
        self.dw.fill(0.0);
        self.db.fill(0.0);
        if let (Some(x), Some(d), Some(w), Some(dxs), Some(dw), Some(db)) = (
            self.x.as_slice(),
            delta.as_slice(),
            self.w.as_slice(),
            dx.as_slice_mut(),
            self.dw.as_slice_mut(),
            self.db.as_slice_mut(),
        ) {
            if k > 0 && with_width!(o, backward_rows, x, k, d, w, dw, db, dxs) {
                return;
            }
        }
        self.dw = self.x.t().dot(delta);
        self.db = delta.sum_axis(Axis(0));
        ndarray::linalg::general_mat_mul(1.0, delta, &self.w.t(), 0.0, dx);
    }
}
