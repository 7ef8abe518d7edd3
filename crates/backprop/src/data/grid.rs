//! One batched forward pass over a G×G grid of the input square: the decision boundary and
//! every neuron's thumbnail come from this single call, never one call per point.

use ndarray::Array2;

use crate::data::features::{Feature, transform};
use crate::data::sets::EXTENT;
use crate::kernels::display::{LANES, Lanes, Layer32, MAX_WIDTH, Net32};
use crate::training::network::Network;

/// The most cells per side a grid may have.
pub const MAX_GRID: usize = 512;

/// The centre of every cell of a `size`×`size` grid over [−EXTENT, EXTENT]², row by row from
/// the top (x2 = +EXTENT) down, each row from left (x1 = −EXTENT) to right — the order of
/// pixels in an image.
pub fn grid_points(size: usize) -> Vec<[f64; 2]> {
    let step = 2.0 * EXTENT / size as f64;
    (0..size * size)
        .map(|i| {
            let (r, c) = (i / size, i % size);
            [
                -EXTENT + (c as f64 + 0.5) * step,
                EXTENT - (r as f64 + 0.5) * step,
            ]
        })
        .collect()
}

/// Every node's value at every grid cell, borrowed from the [`Grid`] that computed it. Each
/// matrix is (G² × nodes), rows in [`grid_points`] order.
#[derive(Clone, Copy, Debug)]
pub struct GridEval<'a> {
    pub size: usize,
    /// The input features (G² × features).
    pub features: &'a Array2<f64>,
    /// Each hidden layer's activations `z` (G² × neurons).
    pub hidden: &'a [Array2<f64>],
    /// The output `y` (G² × outputs): class probabilities or the regression value.
    pub output: &'a Array2<f64>,
}

impl GridEval<'_> {
    /// Every node's matrix in order: features, hidden layers, output.
    pub fn layers(&self) -> impl Iterator<Item = &Array2<f64>> {
        std::iter::once(self.features)
            .chain(self.hidden)
            .chain(std::iter::once(self.output))
    }
}

/// Keeps the grid's feature matrix and every layer's output buffer between frames, so a frame
/// costs only the network pass and allocates nothing.
#[derive(Clone, Debug)]
pub struct Grid {
    size: usize,
    features: Vec<Feature>,
    x: Array2<f64>,
    outs: Vec<Array2<f64>>,
    empty: Array2<f64>,
}

impl Grid {
    /// A grid of `size`×`size` cells (clamped to 1..=[`MAX_GRID`]) for these features.
    pub fn new(size: usize, features: &[Feature]) -> Grid {
        let size = size.clamp(1, MAX_GRID);
        Grid {
            size,
            features: features.to_vec(),
            x: transform(features, &grid_points(size)),
            outs: Vec::new(),
            empty: Array2::zeros((0, 0)),
        }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// One batched pass of `network` over the grid. If the network's features differ from
    /// the grid's, the feature matrix is rebuilt first.
    pub fn evaluate(&mut self, network: &Network) -> GridEval<'_> {
        if network.features() != self.features.as_slice() {
            self.features = network.features().to_vec();
            self.x = transform(&self.features, &grid_points(self.size));
        }
        network.activations_into(&self.x, &mut self.outs);
        // A network always has a layer, so `outs` is never empty; `empty` only avoids a panic path.
        let (output, hidden) = self.outs.split_last().unwrap_or((&self.empty, &[]));
        GridEval {
            size: self.size,
            features: &self.x,
            hidden,
            output,
        }
    }
}

/// The most cells per side of a [`DisplayGrid`] (a boundary canvas at 3× device pixels).
pub const MAX_DISPLAY: usize = 1200;

/// The network's output over a `size`×`size` grid in `f32`, for the picture of the decision
/// boundary at the canvas's full resolution (every node's `f64` values come from [`Grid`]).
/// Keeps the features (one [`Lanes`] per feature per block of points) and the output buffer
/// between frames; a frame converts the weights to `f32` and runs
/// [`Net32::forward_block`] block by block. Agrees with [`Grid::evaluate`]'s output to about
/// 1e−6 (`tests/display.rs`).
#[derive(Clone, Debug)]
pub struct DisplayGrid {
    size: usize,
    features: Vec<Feature>,
    /// Block-major: block b's feature f is `x[b·F + f]`.
    x: Vec<Lanes>,
    /// (size² × outputs), row-major, like the output matrix of [`Grid`].
    out: Vec<f32>,
    net: Net32,
}

impl DisplayGrid {
    /// A grid of `size`×`size` cells (clamped to 1..=[`MAX_DISPLAY`]).
    pub fn new(size: usize) -> DisplayGrid {
        DisplayGrid {
            size: size.clamp(1, MAX_DISPLAY),
            features: Vec::new(),
            x: Vec::new(),
            out: Vec::new(),
            net: Net32 {
                layers: Vec::new(),
                activation: crate::Activation::Linear,
                output: crate::Output::Linear,
            },
        }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// The features of every cell in blocks of [`LANES`] (the last block padded with zeros).
    fn build_features(&mut self) {
        let n = self.size * self.size;
        let f = self.features.len();
        let m = transform(&self.features, &grid_points(self.size));
        let blocks = n.div_ceil(LANES);
        self.x = vec![[0.0; LANES]; blocks * f];
        for (i, row) in m.rows().into_iter().enumerate() {
            let (b, p) = (i / LANES, i % LANES);
            for (j, &v) in row.iter().enumerate() {
                self.x[b * f + j][p] = v as f32;
            }
        }
    }

    /// The output of `network` at every cell: (size² × outputs) row-major, rows in
    /// [`grid_points`] order — class probabilities or the regression value, in `f32`.
    /// Networks wider than the kernel's blocks (none in this playground) take the `f64` path.
    pub fn evaluate(&mut self, network: &Network) -> &[f32] {
        if network.features() != self.features.as_slice() || self.x.is_empty() {
            self.features = network.features().to_vec();
            self.build_features();
        }
        self.net.activation = network.activation();
        self.net.output = network.output();
        let layers = network.layers();
        self.net.layers.resize_with(layers.len(), Layer32::default);
        for (l32, l) in self.net.layers.iter_mut().zip(layers) {
            l32.set(l.w.nrows(), l.w.iter().copied(), l.b.iter().copied());
        }
        let n = self.size * self.size;
        let k = network.outputs();
        self.out.resize(n * k, 0.0);
        let f = self.features.len();
        if self.net.fits() && f <= MAX_WIDTH && f > 0 {
            for (b, (x, out)) in self
                .x
                .chunks_exact(f)
                .zip(self.out.chunks_mut(LANES * k))
                .enumerate()
            {
                let y = self.net.forward_block(x);
                let rows = (n - b * LANES).min(LANES);
                for p in 0..rows {
                    for (j, o) in out[p * k..(p + 1) * k].iter_mut().enumerate() {
                        *o = y[j][p];
                    }
                }
            }
        } else {
            let y = network.predict(&transform(&self.features, &grid_points(self.size)));
            for (o, &v) in self.out.iter_mut().zip(y.iter()) {
                *o = v as f32;
            }
        }
        &self.out
    }
}
