//! A training step's forward and backward passes over a whole mini-batch in one kernel, for
//! networks whose layers are at most [`MAX_WIDTH`] wide (every network of this playground).
//!
//! The batch is transposed so that the lanes run over its rows: a layer's values are stored
//! node by node, `a[node·P + n]` for row `n` of the batch padded to `P` (even) rows, and every
//! operation works on two rows at once (`f64x2` in wasm). A node's values over a chunk of up to
//! ten rows (the default mini-batch) stay in registers through the layer: the forward's
//! `b_j + Σ_i x_i·W_ij` (the activation then runs over the stored layer), the backward's
//! `Σ_j δ_j·W_ij` with the activation's derivative folded in, and each `dW_ij = Σ_n x_ni·δ_nj`
//! as one dot product over the batch. Plain SGD steps each weight as soon as its gradient is
//! made, after the `δ` below its layer (which uses the old weights).
//!
//! What it computes is the layers' training step ([`crate::layers::affine::Affine::forward`],
//! the activation, softmax or identity with its loss's `δ = (y − t)/N`, and
//! [`crate::kernels::affine::backward_through`]): the forward values and every `δ` are theirs
//! to the bit (the same sums in the same order, the same activations lane by lane); `dW` and
//! `db` add the rows in two interleaved halves, so their last bits may differ
//! (`tests/kernels.rs` checks them to 1e−12, and 100 steps of training with them).

use crate::kernels::lanes::{Consts, V2, activate_with, consts, derivative_with, exp_with};
use crate::kernels::sgd::SgdStep;
use crate::layers::activation::Activation;
use crate::layers::affine::Affine;
use crate::layers::loss::Output;

/// The widest layer (and the most features) the kernel takes.
pub const MAX_WIDTH: usize = 8;

/// The reused buffers of [`BatchStep::run`]: no allocation once the batch size is set.
#[derive(Clone, Debug, Default)]
pub struct BatchStep {
    /// `acts[0]`: the batch's features; `acts[l]`: hidden layer l's output `z`; node-major.
    acts: Vec<Vec<f64>>,
    /// The targets, node-major.
    targets: Vec<f64>,
    /// The `δ` of the layer being differentiated and of the one below it.
    deltas: [Vec<f64>; 2],
}

/// A chunk of rows: five pairs (the default mini-batch of 10 in one), so that two nodes' values
/// stay in registers (ten accumulators).
const CHUNK: usize = 10;

impl BatchStep {
    /// One training step's gradients: the rows `rows` of `x` (features) and `t` (targets,
    /// one-hot rows or values) through `layers` (hidden activation, then output: `kinds`), and
    /// every layer's `dw`, `db` written for the mean loss over the rows. With `sgd`, each
    /// weight takes that step as soon as its gradient is made (after the `δ` below its layer,
    /// which uses the old weights); otherwise the weights are left for the optimizer. Returns
    /// false (and changes nothing) if the kernel does not take this network or these shapes
    /// (1 to 7 layers, each 1 to
    /// [`MAX_WIDTH`] wide, chained, in standard layout); rows out of range make it return false
    /// too.
    pub fn run(
        &mut self,
        layers: &mut [Affine],
        kinds: (Activation, Output),
        x: &ndarray::Array2<f64>,
        t: &ndarray::Array2<f64>,
        rows: &[usize],
        sgd: Option<SgdStep>,
    ) -> bool {
        let (activation, output) = kinds;
        let (Some(xs), Some(ts)) = (x.as_slice(), t.as_slice()) else {
            return false;
        };
        let (f, c) = (x.ncols(), t.ncols());
        let n = rows.len();
        let count = layers.len();
        let (Some(first), Some(last)) = (layers.first(), layers.last()) else {
            return false;
        };
        if n == 0
            || count > MAX_LAYERS
            || first.inputs() != f
            || last.outputs() != c
            || rows.iter().any(|&r| r >= x.nrows() || r >= t.nrows())
        {
            return false;
        }
        let p = n.next_multiple_of(2);
        self.acts.resize_with(count, Vec::new);
        self.acts[0].resize(f * p, 0.0);
        self.targets.resize(c * p, 0.0);
        for d in &mut self.deltas {
            d.resize(MAX_WIDTH * p, 0.0);
        }
        // Gather the batch, transposed (node-major); the padding row is 0 (its δ is 0 too).
        // Rows were checked above.
        gather(xs, f, rows, &mut self.acts[0], p);
        gather(ts, c, rows, &mut self.targets, p);
        clear_padding(&mut self.acts[0], p, n);
        clear_padding(&mut self.targets, p, n);
        let pass = Pass {
            activation,
            output,
            count,
            n,
            p,
            sgd,
        };
        self.layers_from(0, layers, &pass)
    }

    /// Layer `l` (the first of `layers`) and every one after it: its forward, then (by
    /// recursion) the layers above it, the output's `δ` and their backward, then its own
    /// backward — forward on the way in, backward on the way out, each layer's slices taken
    /// once (no array of them to fill every step). False, with no layer changed, if a layer
    /// does not fit the kernel.
    fn layers_from(&mut self, l: usize, layers: &mut [Affine], pass: &Pass) -> bool {
        let Some((layer, above)) = layers.split_first_mut() else {
            return false;
        };
        let Some(mut params) = Params::of(layer) else {
            return false;
        };
        let p = pass.p;
        if self.acts[l].len() != params.k * p {
            return false;
        }
        if above.is_empty() {
            // The output layer: its logits into deltas[0], then its δ.
            if self.targets.len() != params.o * p {
                return false;
            }
            forward_layer(&params, &self.acts[l], &mut self.deltas[0], p, None);
            let c = params.o;
            output_delta(
                pass.output,
                &mut self.deltas[0],
                &self.targets,
                c,
                p,
                pass.n,
            );
        } else {
            let (done, next) = self.acts.split_at_mut(l + 1);
            next[0].resize(params.o * p, 0.0);
            forward_layer(&params, &done[l], &mut next[0], p, Some(pass.activation));
            clear_padding(&mut next[0], p, pass.n);
            if !self.layers_from(l + 1, above, pass) {
                return false;
            }
        }
        // This layer's δ: in deltas[0] for the output layer, alternating below it.
        let [a, b] = &mut self.deltas;
        let (upper, lower) = if (pass.count - 1 - l) % 2 == 0 {
            (a, b)
        } else {
            (b, a)
        };
        backward_layer(
            &mut params,
            (&self.acts[l], &upper[..]),
            (l > 0).then_some(&mut lower[..]),
            p,
            pass.activation,
            pass.sgd,
        );
        true
    }
}

/// What every layer of one [`BatchStep::run`] shares.
struct Pass {
    activation: Activation,
    output: Output,
    /// Layers in the network.
    count: usize,
    /// Rows in the batch, and padded to even.
    n: usize,
    p: usize,
    /// Plain SGD's step, applied in the kernel; none: the optimizer's, after.
    sgd: Option<SgdStep>,
}

/// The most layers the kernel takes (every network of this playground).
const MAX_LAYERS: usize = crate::task::MAX_HIDDEN_LAYERS + 1;

/// One layer's parameters and gradients as flat slices: `w`, `dw` row-major, `k` inputs ×
/// `o` outputs; `b`, `db` of `o`.
struct Params<'a> {
    k: usize,
    o: usize,
    w: &'a mut [f64],
    b: &'a mut [f64],
    dw: &'a mut [f64],
    db: &'a mut [f64],
}

impl<'a> Params<'a> {
    /// The layer's slices, if it is in standard layout, 1 to [`MAX_WIDTH`] wide each way and
    /// its arrays agree.
    fn of(layer: &'a mut Affine) -> Option<Params<'a>> {
        let (k, o) = (layer.inputs(), layer.outputs());
        let Affine { w, b, dw, db, .. } = layer;
        let p = Params {
            k,
            o,
            w: w.as_slice_mut()?,
            b: b.as_slice_mut()?,
            dw: dw.as_slice_mut()?,
            db: db.as_slice_mut()?,
        };
        let sizes = p.w.len() == k * o && p.dw.len() == k * o && p.b.len() == o && p.db.len() == o;
        (sizes && (1..=MAX_WIDTH).contains(&k) && (1..=MAX_WIDTH).contains(&o)).then_some(p)
    }
}

/// Rows `rows` of the row-major `src` (`width` values a row) into the node-major `dst`
/// (`dst[j·p + k]` = row `rows[k]`'s value `j`); rows out of range are skipped.
fn gather(src: &[f64], width: usize, rows: &[usize], dst: &mut [f64], p: usize) {
    if width == 2 {
        // Two features, or two classes' targets (the usual case): a row's pair at once.
        let (c0, c1) = dst.split_at_mut(p.min(dst.len()));
        for ((a, b), &r) in c0.iter_mut().zip(c1.iter_mut()).zip(rows) {
            if let Some(&[v0, v1]) = src.get(2 * r..2 * r + 2) {
                (*a, *b) = (v0, v1);
            }
        }
        return;
    }
    for (j, col) in dst.chunks_exact_mut(p).take(width).enumerate() {
        for (d, &r) in col.iter_mut().zip(rows) {
            if let Some(&v) = src.get(r * width + j) {
                *d = v;
            }
        }
    }
}

/// Sets the padding row (row `n` of `p = n + 1`) of every node to 0.
fn clear_padding(a: &mut [f64], p: usize, n: usize) {
    if p > n {
        a.iter_mut().skip(n).step_by(p).for_each(|v| *v = 0.0);
    }
}

/// `out[j] = f(b_j + Σ_i x[i]·W_ij)` for every node `j` (`f` the activation, none for the
/// output layer's logits): the sums in blocks of nodes × rows held in registers, at least
/// four independent sums at a time, then the activation over the whole layer.
#[inline(never)]
fn forward_layer(layer: &Params, x: &[f64], out: &mut [f64], p: usize, f: Option<Activation>) {
    let (k, o, b) = (layer.k, layer.o, &*layer.b);
    // The lanes' loads leave out bounds checks: the lengths are checked here, once (the
    // layer's own in [`Params::of`]).
    if x.len() < k * p || out.len() < o * p || p % 2 != 0 {
        return;
    }
    let l = Lin {
        w: &*layer.w,
        k,
        o,
        x,
        p,
        c: consts(),
    };
    let mut c0 = 0;
    while c0 + CHUNK <= p {
        // The usual layers' inputs (two features, eight neurons) as constants: the sums over
        // them are unrolled, with no loop to enter and leave for each block of nodes.
        match k {
            2 => l.inputs(2).chunk(b, out, c0),
            8 => l.inputs(8).chunk(b, out, c0),
            _ => l.chunk(b, out, c0),
        }
        c0 += CHUNK;
    }
    while c0 < p {
        let mut j = 0;
        while j + 4 <= o {
            l.affine::<4, 1>(b, j, out, c0);
            j += 4;
        }
        while j < o {
            l.affine::<1, 1>(b, j, out, c0);
            j += 1;
        }
        c0 += 2;
    }
    if let Some(f) = f {
        activate_all(f, &mut out[..o * p]);
    }
}

/// A layer's weights (`k` inputs × `o` outputs, row-major) and a node-major input `x` of `p`
/// rows.
#[derive(Clone, Copy)]
struct Lin<'a> {
    w: &'a [f64],
    k: usize,
    o: usize,
    x: &'a [f64],
    p: usize,
    /// The lane functions' constants.
    c: &'a Consts,
}

impl Lin<'_> {
    /// The same layer with `k` (its own) as a constant where this is inlined.
    #[inline(always)]
    fn inputs(&self, k: usize) -> Lin<'_> {
        Lin { k, ..*self }
    }

    /// The `δ` below for every input node over rows `c0..c0 + CHUNK`, two at a time.
    #[inline(always)]
    fn delta_chunk(&self, d: &[f64], below: &mut [f64], c0: usize, f: Activation) {
        let mut i = 0;
        while i + 2 <= self.k {
            self.delta::<2, { CHUNK / 2 }>(d, i, below, c0, f);
            i += 2;
        }
        if i < self.k {
            self.delta::<1, { CHUNK / 2 }>(d, i, below, c0, f);
        }
    }

    /// Every node over rows `c0..c0 + CHUNK`, two nodes at a time.
    #[inline(always)]
    fn chunk(&self, b: &[f64], out: &mut [f64], c0: usize) {
        let mut j = 0;
        while j + 2 <= self.o {
            self.affine::<2, { CHUNK / 2 }>(b, j, out, c0);
            j += 2;
        }
        if j < self.o {
            self.affine::<1, { CHUNK / 2 }>(b, j, out, c0);
        }
    }

    /// Nodes `j0..j0 + G`, rows `c0..c0 + 2·P`: `b_j + Σ_i x_i·W_ij`, the `i` in order.
    #[inline(always)]
    fn affine<const G: usize, const P: usize>(
        &self,
        b: &[f64],
        j0: usize,
        out: &mut [f64],
        c0: usize,
    ) {
        let (w, k, o, x, p) = (self.w, self.k, self.o, self.x, self.p);
        let mut acc = [[V2::splat(0.0); P]; G];
        for (g, a) in acc.iter_mut().enumerate() {
            *a = [V2::load_splat(b, j0 + g); P];
        }
        for i in 0..k {
            // The G weights first, then each pair of rows loaded once and used at once: the
            // values live at a time (G·P sums, G weights, a pair) fit the 16 vector registers.
            let ws: [V2; G] = std::array::from_fn(|g| V2::load_splat(w, i * o + j0 + g));
            for v in 0..P {
                let xv = V2::load(x, i * p + c0 + 2 * v);
                for (a, wij) in acc.iter_mut().zip(&ws) {
                    a[v] = a[v].add(xv.mul(*wij));
                }
            }
        }
        for (g, a) in acc.iter().enumerate() {
            for (v, a) in a.iter().enumerate() {
                a.store(out, (j0 + g) * p + c0 + 2 * v);
            }
        }
    }

    /// With `d` the layer's `δ` (node-major, `o` nodes): the `δ` below for nodes
    /// `i0..i0 + G`, rows `c0..c0 + 2·P`: `(Σ_j δ_j·W_ij) · f′(x_i)`, the `j` in order.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn delta<const G: usize, const P: usize>(
        &self,
        d: &[f64],
        i0: usize,
        below: &mut [f64],
        c0: usize,
        f: Activation,
    ) {
        let (w, o, x, p) = (self.w, self.o, self.x, self.p);
        let mut acc = [[V2::splat(0.0); P]; G];
        for j in 0..o {
            // As in [`Lin::affine`]: the weights, then each pair loaded once and used at once.
            let ws: [V2; G] = std::array::from_fn(|g| V2::load_splat(w, (i0 + g) * o + j));
            for v in 0..P {
                let dv = V2::load(d, j * p + c0 + 2 * v);
                for (a, wij) in acc.iter_mut().zip(&ws) {
                    a[v] = a[v].add(dv.mul(*wij));
                }
            }
        }
        for (g, a) in acc.iter().enumerate() {
            for (v, a) in a.iter().enumerate() {
                let at = (i0 + g) * p + c0 + 2 * v;
                a.mul(derivative_with(f, V2::load(x, at), self.c))
                    .store(below, at);
            }
        }
    }

    /// The `δ` below for every input node and row (see [`Lin::delta`]).
    #[inline(always)]
    fn deltas(&self, d: &[f64], below: &mut [f64], f: Activation) {
        let (k, p) = (self.k, self.p);
        let l = self;
        let mut c0 = 0;
        while c0 + CHUNK <= p {
            l.delta_chunk(d, below, c0, f);
            c0 += CHUNK;
        }
        while c0 < p {
            let mut i = 0;
            while i + 4 <= k {
                l.delta::<4, 1>(d, i, below, c0, f);
                i += 4;
            }
            while i < k {
                l.delta::<1, 1>(d, i, below, c0, f);
                i += 1;
            }
            c0 += 2;
        }
    }
}

/// `a = f(a)` over a layer's values, a pair at a time.
#[inline(never)]
fn activate_all(f: Activation, a: &mut [f64]) {
    let c = consts();
    for q in (0..a.len() & !1).step_by(2) {
        activate_with(f, V2::load(a, q), c).store(a, q);
    }
}

/// The output layer: `u` (the logits, node-major in `d`) becomes `δ = (y − t)/N`, `y` the
/// softmax of each row (or `u` itself), `N` the batch's rows; the padding row's `δ` is 0.
fn output_delta(output: Output, d: &mut [f64], t: &[f64], c: usize, p: usize, n: usize) {
    let nf = V2::splat(n as f64);
    let k = consts();
    for q in (0..p).step_by(2) {
        if output == Output::Softmax && c == 2 {
            // Two classes: the larger logit's e^(u − m) is e⁰ = 1 exactly, so one exp gives
            // both (the same values as the general loop below, to the bit; NaN stays NaN).
            let (u0, u1) = (V2::load(d, q), V2::load(d, p + q));
            let m = V2::splat(f64::NEG_INFINITY).max(u0).max(u1);
            let (a, b) = (u0.sub(m), u1.sub(m));
            let e = exp_with(a.min(b), k);
            let one = k.one();
            let e0 = a.sub(b).select_nonnegative(one, e);
            let e1 = b.sub(a).select_nonnegative(one, e);
            let inv = one.div(e0.add(e1));
            e0.mul(inv).store(d, q);
            e1.mul(inv).store(d, p + q);
        } else if output == Output::Softmax {
            let mut m = V2::splat(f64::NEG_INFINITY);
            for j in 0..c {
                m = m.max(V2::load(d, j * p + q));
            }
            let mut sum = V2::splat(0.0);
            for j in 0..c {
                let e = exp_with(V2::load(d, j * p + q).sub(m), k);
                sum = sum.add(e);
                e.store(d, j * p + q);
            }
            let inv = k.one().div(sum);
            for j in 0..c {
                V2::load(d, j * p + q).mul(inv).store(d, j * p + q);
            }
        }
        for j in 0..c {
            let y = V2::load(d, j * p + q);
            y.sub(V2::load(t, j * p + q)).div(nf).store(d, j * p + q);
        }
    }
    clear_padding(d, p, n);
}

/// One layer's backward: with `below`, the `δ` of the layer below,
/// `(Σ_j δ_j·W_ij) ⊙ f′(x_i)` (with the weights before the step); then `dw`, `db` from `δ`
/// (node-major in `d`) and the layer's input `x` (`xd` is `(x, d)`), each weight (and bias)
/// taking `sgd`'s step as soon as its gradient is made.
#[inline(never)]
fn backward_layer(
    layer: &mut Params,
    xd: (&[f64], &[f64]),
    below: Option<&mut [f64]>,
    p: usize,
    f: Activation,
    sgd: Option<SgdStep>,
) {
    let (x, d) = xd;
    let Params { k, o, w, b, dw, db } = layer;
    let (k, o) = (*k, *o);
    // The lanes' loads leave out bounds checks: the lengths are checked here, once (the
    // layer's own in [`Params::of`]).
    if x.len() < k * p
        || d.len() < o * p
        || below.as_ref().is_some_and(|b| b.len() < k * p)
        || p % 2 != 0
    {
        return;
    }
    if let Some(below) = below {
        let l = Lin {
            w,
            k,
            o,
            x,
            p,
            c: consts(),
        };
        l.deltas(d, below, f);
    }
    let g = Grads { x, d, p, o, sgd };
    g.all(k, (dw, w), (db, b));
}

/// A layer's gradients from its input `x` and its `δ` (node-major, `p` rows; `o` nodes), and
/// the step each parameter takes as soon as its gradient is made.
#[derive(Clone, Copy)]
struct Grads<'a> {
    x: &'a [f64],
    d: &'a [f64],
    p: usize,
    o: usize,
    sgd: Option<SgdStep>,
}

impl Grads<'_> {
    /// Every `dW` and `db` of a layer of `k` inputs (`(dw, w)`, `(db, b)`), each parameter
    /// stepped as soon as its gradient is made: for a two-node layer (the output of two
    /// classes) four input rows at a time, else two, each x and δ pair loaded once for eight
    /// sums.
    #[inline(always)]
    fn all(&self, k: usize, dw: (&mut [f64], &mut [f64]), db: (&mut [f64], &mut [f64])) {
        let ((dw, w), (db, b), o) = (dw, db, self.o);
        let mut i = 0;
        if o == 2 {
            while i + 4 <= k {
                self.weights::<4, 2>(i, 0, dw, w);
                i += 4;
            }
        }
        while i + 2 <= k {
            self.input_rows::<2>(i, dw, w);
            i += 2;
        }
        if i < k {
            self.input_rows::<1>(i, dw, w);
        }
        let mut j = 0;
        while j + 4 <= o {
            self.biases::<4>(j, db, b);
            j += 4;
        }
        if j + 2 <= o {
            self.biases::<2>(j, db, b);
            j += 2;
        }
        if j < o {
            self.biases::<1>(j, db, b);
        }
    }

    /// `dW_ij` for inputs `i0..i0 + I` and every node, `G` = 4, 2, 1 nodes at a time.
    #[inline(always)]
    fn input_rows<const I: usize>(&self, i0: usize, dw: &mut [f64], w: &mut [f64]) {
        let o = self.o;
        let mut j = 0;
        while j + 4 <= o {
            self.weights::<I, 4>(i0, j, dw, w);
            j += 4;
        }
        if j + 2 <= o {
            self.weights::<I, 2>(i0, j, dw, w);
            j += 2;
        }
        if j < o {
            self.weights::<I, 1>(i0, j, dw, w);
        }
    }

    /// `dW_ij = Σ_n x_ni·δ_nj` for inputs `i0..i0 + I` and nodes `j0..j0 + G`, written to `dw`
    /// (row-major, `o` wide), each a sum over the rows in two halves (even and odd rows),
    /// added at the end; then `W_ij` takes its step.
    #[inline(always)]
    fn weights<const I: usize, const G: usize>(
        &self,
        i0: usize,
        j0: usize,
        dw: &mut [f64],
        w: &mut [f64],
    ) {
        let (x, d, p, o) = (self.x, self.d, self.p, self.o);
        let mut acc = [[V2::splat(0.0); G]; I];
        for q in (0..p).step_by(2) {
            let ds: [V2; G] = std::array::from_fn(|g| V2::load(d, (j0 + g) * p + q));
            for (i, a) in acc.iter_mut().enumerate() {
                let xv = V2::load(x, (i0 + i) * p + q);
                for (a, dv) in a.iter_mut().zip(&ds) {
                    *a = a.add(xv.mul(*dv));
                }
            }
        }
        for (i, a) in acc.iter().enumerate() {
            let at = (i0 + i) * o + j0;
            self.store(a, at, dw, w, self.sgd);
        }
    }

    /// `db_j = Σ_n δ_nj` for nodes `j0..j0 + G`, in two halves as [`Grads::weights`] sums;
    /// then `b_j` takes its step (no penalty).
    #[inline(always)]
    fn biases<const G: usize>(&self, j0: usize, db: &mut [f64], b: &mut [f64]) {
        let (d, p) = (self.d, self.p);
        let mut acc = [V2::splat(0.0); G];
        for q in (0..p).step_by(2) {
            for (g, a) in acc.iter_mut().enumerate() {
                *a = a.add(V2::load(d, (j0 + g) * p + q));
            }
        }
        self.store(&acc, j0, db, b, self.sgd.map(|s| s.unpenalized()));
    }

    /// Writes the `G` sums `lo + hi` of `acc` to `grad[at..at + G]` (two at a time), and with
    /// `sgd` steps `param[at..at + G]` by them.
    #[inline(always)]
    fn store<const G: usize>(
        &self,
        acc: &[V2; G],
        at: usize,
        grad: &mut [f64],
        param: &mut [f64],
        sgd: Option<SgdStep>,
    ) {
        // (Pairs of sums: one node, or an even number of them.)
        const { assert!(G == 1 || G % 2 == 0) };
        // One check for the G values, not one each.
        let (Some(grad), Some(param)) = (grad.get_mut(at..at + G), param.get_mut(at..at + G))
        else {
            return;
        };
        if G == 1 {
            let [lo, hi] = acc[0].lanes();
            grad[0] = lo + hi;
            if let Some(s) = sgd {
                param[0] = s.step(param[0], grad[0]);
            }
            return;
        }
        for h in (0..G).step_by(2) {
            let sums = acc[h].sum_lanes_with(acc[h + 1]);
            sums.store(grad, h);
            if let Some(s) = sgd {
                s.step_lanes(V2::load(param, h), sums).store(param, h);
            }
        }
    }
}
