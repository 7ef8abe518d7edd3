//! The display kernel: a network's output over many points in `f32`, for pictures only (the
//! decision boundary at the canvas's full resolution). Training, the inspector and every
//! number the page prints stay in `f64`; this path is checked against the exact `f64` grid
//! (`tests/display.rs`) to display precision.
//!
//! Points go through the whole network in blocks of [`LANES`]: lane = point, so every
//! multiply-add and every activation is one `f32x4` (wasm simd128, SSE natively) operation
//! for four points, and a block's activations (at most 8 × 8 values) never leave the
//! registers and L1 between layers. The activations are branch-free approximations accurate
//! to better than 1e−6, far below a pixel's 1/255:
//! [`tanh`] is a [9/6] rational fitted for `f32`, [`exp`] Cephes' degree-5 polynomial with
//! `2^k` from its bits; sigmoid is `(1 + tanh(u/2))/2`.

use crate::display::Forward;
use crate::layers::activation::Activation;
use crate::layers::loss::Output;

/// Points per block: one `f32x4` per value.
pub const LANES: usize = 4;
const _: () = assert!(LANES == 4, "one V per block");

/// A block's values: one `[f32; LANES]` per node.
pub type Lanes = [f32; LANES];

/// The widest layer a block holds (every layer of this playground is at most 8 wide, and at
/// most 7 features come in).
pub const MAX_WIDTH: usize = 8;

/// One affine layer in `f32`: `w` is (inputs × outputs) row-major, as in the core, each
/// weight repeated in every lane (a vector load, not a load and a shuffle, per multiply-add).
#[derive(Clone, Debug, Default)]
pub struct Layer32 {
    pub inputs: usize,
    pub outputs: usize,
    pub w: Vec<Lanes>,
    pub b: Vec<f32>,
}

impl Layer32 {
    /// Sets the layer from the core's `f64` weights (inputs × outputs, row-major) and biases.
    pub fn set(
        &mut self,
        inputs: usize,
        w: impl Iterator<Item = f64>,
        b: impl Iterator<Item = f64>,
    ) {
        self.inputs = inputs;
        self.w.clear();
        self.w.extend(w.map(|v| [v as f32; LANES]));
        self.b.clear();
        self.b.extend(b.map(|v| v as f32));
        self.outputs = self.b.len();
    }
}

/// A network's weights in `f32` and how it activates: what [`Net32::forward_block`] needs.
#[derive(Clone, Debug)]
pub struct Net32 {
    pub layers: Vec<Layer32>,
    pub activation: Activation,
    pub output: Output,
}

impl Default for Net32 {
    /// No layers (set them with [`Net32::set`]).
    fn default() -> Net32 {
        Net32 {
            layers: Vec::new(),
            activation: Activation::Linear,
            output: Output::Linear,
        }
    }
}

/// Four `f32` lanes: wasm's `v128` (simd128), or an array that LLVM vectorizes natively.
/// The kernel is written once on this type; its accumulators are values, so they stay in
/// registers across a layer's multiply-adds.
mod v {
    #[cfg(target_arch = "wasm32")]
    mod imp {
        use core::arch::wasm32::*;

        #[derive(Clone, Copy)]
        pub struct V(v128);

        impl V {
            #[inline(always)]
            pub fn splat(x: f32) -> V {
                V(f32x4_splat(x))
            }
            #[inline(always)]
            pub fn load(a: &[f32; 4]) -> V {
                V(f32x4(a[0], a[1], a[2], a[3]))
            }
            #[inline(always)]
            pub fn get(self) -> [f32; 4] {
                [
                    f32x4_extract_lane::<0>(self.0),
                    f32x4_extract_lane::<1>(self.0),
                    f32x4_extract_lane::<2>(self.0),
                    f32x4_extract_lane::<3>(self.0),
                ]
            }
            #[inline(always)]
            pub fn add(self, o: V) -> V {
                V(f32x4_add(self.0, o.0))
            }
            #[inline(always)]
            pub fn sub(self, o: V) -> V {
                V(f32x4_sub(self.0, o.0))
            }
            #[inline(always)]
            pub fn mul(self, o: V) -> V {
                V(f32x4_mul(self.0, o.0))
            }
            #[inline(always)]
            pub fn div(self, o: V) -> V {
                V(f32x4_div(self.0, o.0))
            }
            /// `o < self ? o : self` (NaN in self stays).
            #[inline(always)]
            pub fn min(self, o: V) -> V {
                V(f32x4_pmin(self.0, o.0))
            }
            /// `self < o ? o : self` (NaN in self stays).
            #[inline(always)]
            pub fn max(self, o: V) -> V {
                V(f32x4_pmax(self.0, o.0))
            }
            /// Adds `a` to every lane's bits, then shifts them left by 23.
            #[inline(always)]
            pub fn bits_add_shl23(self, a: i32) -> V {
                V(i32x4_shl(i32x4_add(self.0, i32x4_splat(a)), 23))
            }
            /// Writes the four lanes to `s`.
            #[inline(always)]
            pub fn store(self, s: &mut [f32; 4]) {
                // SAFETY: `s` is 16 writable bytes; v128_store needs no alignment.
                unsafe { v128_store(s.as_mut_ptr().cast::<v128>(), self.0) }
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod imp {
        #[derive(Clone, Copy)]
        pub struct V([f32; 4]);

        #[inline(always)]
        fn map(a: [f32; 4], b: [f32; 4], f: impl Fn(f32, f32) -> f32) -> V {
            V([f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])])
        }

        impl V {
            #[inline(always)]
            pub fn splat(x: f32) -> V {
                V([x; 4])
            }
            #[inline(always)]
            pub fn load(a: &[f32; 4]) -> V {
                V(*a)
            }
            #[inline(always)]
            pub fn get(self) -> [f32; 4] {
                self.0
            }
            #[inline(always)]
            pub fn add(self, o: V) -> V {
                map(self.0, o.0, |a, b| a + b)
            }
            #[inline(always)]
            pub fn sub(self, o: V) -> V {
                map(self.0, o.0, |a, b| a - b)
            }
            #[inline(always)]
            pub fn mul(self, o: V) -> V {
                map(self.0, o.0, |a, b| a * b)
            }
            #[inline(always)]
            pub fn div(self, o: V) -> V {
                map(self.0, o.0, |a, b| a / b)
            }
            #[inline(always)]
            pub fn min(self, o: V) -> V {
                map(self.0, o.0, |a, b| if b < a { b } else { a })
            }
            #[inline(always)]
            pub fn max(self, o: V) -> V {
                map(self.0, o.0, |a, b| if a < b { b } else { a })
            }
            #[inline(always)]
            pub fn bits_add_shl23(self, a: i32) -> V {
                let f =
                    |x: f32| f32::from_bits(((x.to_bits() as i32).wrapping_add(a) << 23) as u32);
                V(self.0.map(f))
            }
            #[inline(always)]
            pub fn store(self, s: &mut [f32; 4]) {
                *s = self.0;
            }
        }
    }

    pub use imp::V;
}

use v::V;

/// `tanh u` to within 5e−7 absolute, four lanes: a [9/6] rational, `u·P(u²)/Q(u²)` with
/// `P(0) = Q(0) = 1` (so `tanh u = u` exactly where that is true in `f32`), its coefficients
/// fitted to the least maximum error on |u| ≤ 7.905, where f32 tanh is already ±1
/// (iteratively reweighted least squares: `docs/fit-tanh-f32.py`). One division, no branches:
/// two multiply-adds (four operations) fewer than a [13/6] (Eigen's) for about the same error
/// in `f32` (4.7e−7 against 3.9e−7). NaN stays NaN.
#[inline(always)]
fn tanh_v(u: V) -> V {
    const CLAMP: f32 = 7.905_311;
    let s = V::splat;
    let x = u.min(s(CLAMP)).max(s(-CLAMP));
    let x2 = x.mul(x);
    let mut p = x2.mul(s(-6.248_465e-9)).add(s(7.220_557e-6));
    p = x2.mul(p).add(s(2.704_050_6e-3));
    p = x2.mul(p).add(s(1.271_980_1e-1));
    p = x2.mul(p).add(s(1.0));
    p = p.mul(x);
    let mut q = x2.mul(s(1.977_315e-4)).add(s(2.288_275e-2));
    q = x2.mul(q).add(s(4.605_299_5e-1));
    q = x2.mul(q).add(s(1.0));
    p.div(q)
}

/// `e^x` for x ≤ 0 (softmax after subtracting the row's maximum) to a few ulp, four lanes:
/// `x = k·ln2 + r`, Cephes' degree-5 polynomial for `e^r`, `2^k` from its bits; x below −87
/// gives about 1e−38.
#[inline(always)]
fn exp_v(x: V) -> V {
    let s = V::splat;
    let x = x.max(s(-87.0)).min(s(0.0));
    // 1.5·2²³: adding it rounds to an integer held in the low mantissa bits.
    const SHIFT: f32 = 12_582_912.0;
    let t = x.mul(s(std::f32::consts::LOG2_E)).add(s(SHIFT));
    let k = t.sub(s(SHIFT));
    let r = x.sub(k.mul(s(0.693_359_4))).sub(k.mul(s(-2.121_944_4e-4)));
    let r2 = r.mul(r);
    let mut p = s(1.987_569_1e-4).mul(r).add(s(1.398_199_9e-3));
    p = p.mul(r).add(s(8.333_452e-3));
    p = p.mul(r).add(s(4.166_579_6e-2));
    p = p.mul(r).add(s(1.666_666_5e-1));
    p = p.mul(r).add(s(5e-1));
    let e = p.mul(r2).add(r).add(s(1.0));
    // t's low mantissa bits hold 2²² + k: adding 127 − 2²² and shifting puts k + 127 in the
    // exponent (the bits above shift out).
    e.mul(t.bits_add_shl23(127 - (1 << 22)))
}

/// `tanh u` in `f32` (the kernel's approximation, one lane).
pub fn tanh(u: f32) -> f32 {
    tanh_v(V::splat(u)).get()[0]
}

/// `e^x` for x ≤ 0 in `f32` (the kernel's approximation, one lane).
pub fn exp(x: f32) -> f32 {
    exp_v(V::splat(x)).get()[0]
}

#[inline(always)]
fn activate(a: Activation, v: &mut [V]) {
    match a {
        Activation::Tanh => v.iter_mut().for_each(|u| *u = tanh_v(*u)),
        Activation::Sigmoid => v
            .iter_mut()
            .for_each(|u| *u = V::splat(0.5).add(V::splat(0.5).mul(tanh_v(V::splat(0.5).mul(*u))))),
        Activation::Relu => v.iter_mut().for_each(|u| *u = u.max(V::splat(0.0))),
        Activation::Linear => {}
    }
}

/// [`activate`], not inlined.
#[inline(never)]
fn activate_out_of_line(a: Activation, v: &mut [V]) {
    activate(a, v)
}

/// Softmax across the block's `k` outputs, lane by lane, the maximum subtracted first.
#[inline(always)]
fn softmax(v: &mut [V]) {
    if let [a, b] = v {
        // Two classes: σ(u₁ − u₀) and its complement, as 1/2 ± tanh((u₁ − u₀)/2)/2 — one
        // rational, no exp (within 3e−7 of the softmax).
        let half = V::splat(0.5);
        let t = half.mul(tanh_v(half.mul(b.sub(*a))));
        *a = half.sub(t);
        *b = half.add(t);
        return;
    }
    let Some(&first) = v.first() else {
        return;
    };
    let m = v.iter().fold(first, |m, &r| m.max(r));
    let mut sum = V::splat(0.0);
    for r in v.iter_mut() {
        *r = exp_v(r.sub(m));
        sum = sum.add(*r);
    }
    let inv = V::splat(1.0).div(sum);
    v.iter_mut().for_each(|r| *r = r.mul(inv));
}

/// `s[at..at + 4]` as lanes (zeros if out of range: the callers check lengths first).
#[inline(always)]
fn load4(s: &[f32], at: usize) -> V {
    match s.get(at..at + LANES).map(<&[f32; LANES]>::try_from) {
        Some(Ok(a)) => V::load(a),
        _ => V::splat(0.0),
    }
}

/// Writes the lanes to `s[at..at + 4]` (nothing if out of range).
#[inline(always)]
fn store4(s: &mut [f32], at: usize, v: V) {
    if let Some(Ok(d)) = s.get_mut(at..at + LANES).map(<&mut [f32; LANES]>::try_from) {
        v.store(d);
    }
}

/// One layer's multiply-adds over a whole grid, four cells at a time: `x` the layer's input
/// plane and `out` its output plane, node-major with `cells` values a node (the activation or
/// softmax follows over the plane: [`finish_plane`]). The block loop runs inside the layer.
#[inline(never)]
fn layer_plane<const O: usize>(x: &[f32], l: &Layer32, out: &mut [f32], cells: usize) {
    let k = l.inputs;
    if x.len() < k * cells || out.len() < O * cells || l.w.len() < k * O || l.b.len() < O {
        return;
    }
    let full = cells / LANES * LANES;
    for c0 in (0..full).step_by(LANES) {
        let mut acc: [V; O] = std::array::from_fn(|j| V::splat(l.b[j]));
        for (i, wr) in l.w.chunks_exact(O).take(k).enumerate() {
            let xi = load4(x, i * cells + c0);
            for j in 0..O {
                acc[j] = acc[j].add(xi.mul(V::load(&wr[j])));
            }
        }
        for (j, a) in acc.iter().enumerate() {
            store4(out, j * cells + c0, *a);
        }
    }
    if full < cells {
        // The last, partial block: the same loop over four-cell copies.
        let points = cells - full;
        let mut xt = [0.0f32; MAX_WIDTH * LANES];
        for (i, t) in xt.chunks_exact_mut(LANES).take(k).enumerate() {
            t[..points].copy_from_slice(&x[i * cells + full..(i + 1) * cells]);
        }
        let mut ot = [0.0f32; MAX_WIDTH * LANES];
        layer_plane::<O>(&xt, l, &mut ot, LANES);
        for (j, t) in ot.chunks_exact(LANES).take(O).enumerate() {
            out[j * cells + full..(j + 1) * cells].copy_from_slice(&t[..points]);
        }
    }
}

/// [`layer_plane`] for a layer of any width up to 8: its weights and biases padded with zeros
/// to eight outputs, the eight-wide loop into a scratch plane, the layer's own nodes copied out.
/// (Two allocations a frame for such a layer; a loop over the width without them made the
/// default network's grid a quarter slower.)
#[inline(never)]
fn layer_plane_padded(x: &[f32], l: &Layer32, out: &mut [f32], cells: usize) {
    let (k, o) = (l.inputs, l.outputs);
    let mut wide = Layer32 {
        inputs: k,
        outputs: MAX_WIDTH,
        w: vec![[0.0; LANES]; k * MAX_WIDTH],
        b: vec![0.0; MAX_WIDTH],
    };
    for (row, src) in wide
        .w
        .chunks_exact_mut(MAX_WIDTH)
        .zip(l.w.chunks_exact(o.max(1)))
    {
        row[..o].copy_from_slice(src);
    }
    wide.b[..o].copy_from_slice(&l.b[..o]);
    let mut scratch = vec![0.0f32; MAX_WIDTH * cells];
    layer_plane::<MAX_WIDTH>(x, &wide, &mut scratch, cells);
    if let Some(out) = out.get_mut(..o * cells) {
        out.copy_from_slice(&scratch[..o * cells]);
    }
}

/// A layer's plane after its multiply-adds (`width` nodes, `cells` values a node): the
/// hidden activation `act`, or for the output (`act` none) its softmax across the nodes.
#[inline(never)]
fn finish_plane(
    act: Option<Activation>,
    output: Output,
    v: &mut [f32],
    width: usize,
    cells: usize,
) {
    match act {
        Some(a) => {
            let mut chunks = v.chunks_exact_mut(LANES);
            for c in &mut chunks {
                if let Ok(c) = <&mut [f32; LANES]>::try_from(c) {
                    let u = V::load(c);
                    let y = if a == Activation::Tanh {
                        tanh_v(u)
                    } else {
                        let mut t = [u];
                        activate_out_of_line(a, &mut t);
                        t[0]
                    };
                    y.store(c);
                }
            }
            let rest = chunks.into_remainder();
            let n = rest.len();
            let mut t = [0.0f32; LANES];
            t[..n].copy_from_slice(rest);
            let mut u = [V::load(&t)];
            activate_out_of_line(a, &mut u);
            rest.copy_from_slice(&u[0].get()[..n]);
        }
        None if output == Output::Softmax && width > 1 => {
            let mut c0 = 0;
            while c0 < cells {
                let points = (cells - c0).min(LANES);
                let mut u = [V::splat(0.0); MAX_WIDTH];
                for (j, u) in u.iter_mut().enumerate().take(width) {
                    let at = j * cells + c0;
                    let mut t = [0.0f32; LANES];
                    if let Some(s) = v.get(at..at + points) {
                        t[..points].copy_from_slice(s);
                    }
                    *u = V::load(&t);
                }
                softmax(&mut u[..width]);
                for (j, u) in u.iter().enumerate().take(width) {
                    let at = j * cells + c0;
                    if points == LANES {
                        store4(v, at, *u);
                    } else if let Some(d) = v.get_mut(at..at + points) {
                        d.copy_from_slice(&u.get()[..points]);
                    }
                }
                c0 += LANES;
            }
        }
        None => {}
    }
}

/// One layer for a block: `acc_j = b_j + Σ_i x_i·W_ij`, then the hidden activation or the
/// output's softmax. The width `O` is known at compile time, so the `j` loop unrolls into `O`
/// independent `f32x4` multiply-add chains held in registers.
#[inline(never)]
fn layer<const O: usize>(
    x: &[V],
    l: &Layer32,
    act: Option<Activation>,
    output: Output,
    out: &mut [V; MAX_WIDTH],
) {
    let mut acc = [V::splat(0.0); O];
    for (a, &bj) in acc.iter_mut().zip(&l.b) {
        *a = V::splat(bj);
    }
    for (&xi, wr) in x.iter().zip(l.w.chunks_exact(O)) {
        for j in 0..O {
            acc[j] = acc[j].add(xi.mul(V::load(&wr[j])));
        }
    }
    match act {
        // Tanh, the default, in registers; the others through one shared copy of their code
        // (the wasm module is smaller by the other activations inlined eight times over).
        Some(Activation::Tanh) => acc.iter_mut().for_each(|u| *u = tanh_v(*u)),
        // (On `out`, so that `acc` never has its address taken and stays in registers.)
        Some(a) => {
            out[..O].copy_from_slice(&acc);
            return activate_out_of_line(a, &mut out[..O]);
        }
        None if output == Output::Softmax => softmax(&mut acc),
        None => {}
    }
    out[..O].copy_from_slice(&acc);
}

/// [`layer`] for any width up to [`MAX_WIDTH`], its sums in `out` (not unrolled).
#[inline(never)]
fn layer_any(
    x: &[V],
    l: &Layer32,
    act: Option<Activation>,
    output: Output,
    out: &mut [V; MAX_WIDTH],
) {
    let o = l.outputs.clamp(1, MAX_WIDTH);
    for (a, &bj) in out.iter_mut().zip(&l.b) {
        *a = V::splat(bj);
    }
    for (&xi, wr) in x.iter().zip(l.w.chunks_exact(o)) {
        for (a, w) in out.iter_mut().zip(wr) {
            *a = a.add(xi.mul(V::load(w)));
        }
    }
    match act {
        Some(a) => activate(a, &mut out[..o]),
        None if output == Output::Softmax => softmax(&mut out[..o]),
        None => {}
    }
}

impl Net32 {
    /// Whether every layer fits a block (at most [`MAX_WIDTH`] wide, shapes consistent).
    pub fn fits(&self) -> bool {
        self.layers.iter().all(|l| {
            (1..=MAX_WIDTH).contains(&l.outputs)
                && (1..=MAX_WIDTH).contains(&l.inputs)
                && l.w.len() == l.inputs * l.outputs
                && l.b.len() == l.outputs
        }) && self.layers.windows(2).all(|p| p[0].outputs == p[1].inputs)
    }

    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, |l| l.outputs)
    }

    /// Sets the weights (in `f32`), the activation and the output from `network`; returns
    /// [`Net32::fits`] and whether the network's features fit a block.
    pub fn set(&mut self, network: &impl Forward) -> bool {
        self.activation = network.activation();
        self.output = network.output();
        let layers = network.layers();
        self.layers.resize_with(layers.len(), Layer32::default);
        for (l32, l) in self.layers.iter_mut().zip(layers) {
            l32.set(l.w.nrows(), l.w.iter().copied(), l.b.iter().copied());
        }
        let f = network.features().len();
        self.fits() && (1..=MAX_WIDTH).contains(&f)
    }

    /// The network's output for one block of points: `x` holds each input feature's lanes;
    /// returns the output layer's lanes (the first [`Net32::outputs`] rows of the result).
    /// Requires [`Net32::fits`].
    #[inline]
    pub fn forward_block(&self, x: &[Lanes]) -> [Lanes; MAX_WIDTH] {
        self.pass(x).map(V::get)
    }

    /// Every layer over every cell of a grid, layer by layer: `input` holds the features
    /// (node-major, `cells` values a feature), `outs[l]` receives layer `l`'s values (0 is the
    /// first hidden layer, the last is the output; node-major, `cells` values a node).
    /// Requires [`Net32::fits`]; a plane too short is left alone.
    pub fn forward_planes(&self, input: &[f32], outs: &mut [&mut [f32]], cells: usize) {
        let n = self.layers.len();
        for (l, layer) in self.layers.iter().enumerate() {
            let (done, rest) = outs.split_at_mut(l);
            let x: &[f32] = match done.last() {
                Some(x) => x,
                None => input,
            };
            let Some(out) = rest.first_mut() else {
                return;
            };
            let act = (l + 1 < n).then_some(self.activation);
            // The common widths unrolled; the others through the eight-wide loop on weights
            // padded with zeros (a smaller wasm module).
            match layer.outputs {
                2 => layer_plane::<2>(x, layer, out, cells),
                8 => layer_plane::<8>(x, layer, out, cells),
                _ => layer_plane_padded(x, layer, out, cells),
            }
            let width = layer.outputs;
            if let Some(v) = out.get_mut(..width * cells) {
                finish_plane(act, self.output, v, width, cells);
            }
        }
    }

    /// Layers `from..to` for one block (the values entering layer `from` in `x`), with the
    /// output layer's softmax left out: the logits. Requires [`Net32::fits`].
    #[inline(never)]
    pub fn forward_range(&self, x: &[Lanes], from: usize, to: usize) -> [Lanes; MAX_WIDTH] {
        self.pass_range(x, from..to, Output::Linear).map(V::get)
    }

    /// Runs a block through every layer; returns the last layer's buffer.
    #[inline(always)]
    fn pass(&self, x: &[Lanes]) -> [V; MAX_WIDTH] {
        self.pass_range(x, 0..self.layers.len(), self.output)
    }

    /// [`Net32::pass`] over the layers `layers` (`x` enters the first of them), the output
    /// layer (if among them) as `output` says.
    #[inline(always)]
    fn pass_range(
        &self,
        x: &[Lanes],
        layers: std::ops::Range<usize>,
        output: Output,
    ) -> [V; MAX_WIDTH] {
        // Two buffers, each layer reading one and writing the other: nothing is copied. (Filled
        // from a value the compiler cannot see, so that it stores it rather than calling
        // `memory.fill` once per block, which V8 makes a call out of wasm.)
        let zero = V::splat(std::hint::black_box(0.0));
        let mut bufs = [[zero; MAX_WIDTH]; 2];
        let mut width = x.len().min(MAX_WIDTH);
        for (v, x) in bufs[0].iter_mut().zip(x) {
            *v = V::load(x);
        }
        let n = self.layers.len();
        let mut k = 0;
        for (i, l) in self
            .layers
            .iter()
            .enumerate()
            .take(layers.end)
            .skip(layers.start)
        {
            let act = (i + 1 < n).then_some(self.activation);
            let (a, b) = bufs.split_at_mut(1);
            let (src, dst) = if k % 2 == 0 {
                (&a[0], &mut b[0])
            } else {
                (&b[0], &mut a[0])
            };
            k += 1;
            let x = &src[..width.min(l.inputs)];
            // The widths of the benchmarked networks unrolled (eight neurons, two classes); the
            // others through one loop (a smaller wasm module).
            match l.outputs {
                2 => layer::<2>(x, l, act, output, dst),
                8 => layer::<8>(x, l, act, output, dst),
                _ => layer_any(x, l, act, output, dst),
            }
            width = l.outputs.min(MAX_WIDTH);
        }
        bufs[k % 2]
    }
}

/// The maximum `m` and `Σ_j e^{u_j − m}` over the first `k` rows of a block, lane by lane,
/// in `f32`: `ln Σ_j e^{u_j} = m + ln(sum)`, the sum in [1, k].
pub fn max_sum_exp(u: &[Lanes], k: usize) -> (Lanes, Lanes) {
    let Some(first) = u.first() else {
        return ([f32::NEG_INFINITY; LANES], [1.0; LANES]);
    };
    let mut m = V::load(first);
    for r in u.iter().take(k) {
        m = m.max(V::load(r));
    }
    let mut sum = V::splat(0.0);
    for r in u.iter().take(k) {
        sum = sum.add(exp_v(V::load(r).sub(m)));
    }
    (m.get(), sum.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanh_and_exp_to_display_precision() {
        let mut worst = (0.0f64, 0.0f64);
        let mut x = -30.0f64;
        while x < 30.0 {
            worst.0 = worst.0.max((tanh(x as f32) as f64 - x.tanh()).abs());
            if x <= 0.0 {
                let e = x.exp();
                worst.1 = worst.1.max((exp(x as f32) as f64 - e).abs() / e.max(1e-30));
            }
            x += 0.001_37;
        }
        assert!(worst.0 < 5e-7, "tanh worst absolute error {}", worst.0);
        assert!(worst.1 < 2e-6, "exp worst relative error {}", worst.1);
        assert_eq!(tanh(0.0), 0.0);
        assert_eq!(tanh(f32::INFINITY), tanh(7.905_311));
        assert!(tanh(f32::NAN).is_nan());
        assert_eq!(exp(0.0), 1.0);
        assert!(exp(-1e9) >= 0.0 && exp(-1e9) < 1e-37);
    }
}
