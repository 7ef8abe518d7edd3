//! One batched forward pass over a G×G grid of the input square: the decision boundary and
//! every neuron's thumbnail come from this single call, never one call per point.

use ndarray::Array2;

use crate::data::features::{Feature, transform};
use crate::data::sets::EXTENT;
use crate::display::Forward;
use crate::display::net32::{LANES, Lanes, Net32};
use crate::task::MAX_HIDDEN_LAYERS;

/// The most Affine layers a network has (hidden layers and the output's).
const MAX_LAYERS: usize = MAX_HIDDEN_LAYERS + 1;

/// The most cells per side a grid may have.
pub const MAX_GRID: usize = 512;

/// The centre of every cell of a `size`×`size` grid over [−EXTENT, EXTENT]², row by row from
/// the top (x2 = +EXTENT) down, each row from left (x1 = −EXTENT) to right — the order of
/// pixels in an image.
pub fn grid_points(size: usize) -> Vec<[f64; 2]> {
    grid_rows(size, 0, size)
}

/// Rows `r0..r1` of [`grid_points`].
pub(crate) fn grid_rows(size: usize, r0: usize, r1: usize) -> Vec<[f64; 2]> {
    let step = 2.0 * EXTENT / size as f64;
    (r0 * size..r1 * size)
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
    /// The input features (G² × features), exact.
    pub features: &'a Array2<f64>,
    /// Each hidden layer's activations `z` (G² × neurons), to display precision.
    pub hidden: &'a [Array2<f64>],
    /// The output `y` (G² × outputs): class probabilities or the regression value, to
    /// display precision.
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

/// Every neuron's value over a G×G grid, for pictures: the thumbnails of the hidden neurons
/// and the hidden-space view. Keeps the grid's features and every layer's output buffer
/// between frames, so a frame costs only the network pass and allocates nothing.
///
/// The pass runs in `f32` through [`Net32::forward_block_rows`], four cells per `f32x4`
/// (the display kernel that also draws the boundary), and each value is widened to `f64` as
/// it is stored, so the page reads the same (G² × width) `f64` matrices as before. Display
/// precision: within 1e−5 of the exact `f64` pass, relative to max(1, |value|) (`tests/
/// display.rs`; a colour step of the page's palette is 1/127.5). The features are exact;
/// training, the inspector and every printed number use the `f64` network. A network the
/// blocks do not fit, or one whose `f32` pass overflows where the `f64` one does not, takes
/// the exact `f64` pass ([`Forward::activations_into`]).
#[derive(Clone, Debug)]
pub struct Grid {
    size: usize,
    features: Vec<Feature>,
    x: Array2<f64>,
    /// The features in blocks of [`LANES`] cells: block b, feature f at `x32[b·F + f]`.
    x32: Vec<Lanes>,
    outs: Vec<Array2<f64>>,
    net: Net32,
    empty: Array2<f64>,
}

/// Reshapes `a` to `dim` (zeros) unless it already has that shape.
fn fit(a: &mut Array2<f64>, dim: (usize, usize)) {
    if a.dim() != dim {
        *a = Array2::zeros(dim);
    }
}

impl Grid {
    /// A grid of `size`×`size` cells (clamped to 1..=[`MAX_GRID`]) for these features.
    pub fn new(size: usize, features: &[Feature]) -> Grid {
        let size = size.clamp(1, MAX_GRID);
        let mut g = Grid {
            size,
            features: features.to_vec(),
            x: Array2::zeros((0, 0)),
            x32: Vec::new(),
            outs: Vec::new(),
            net: Net32::default(),
            empty: Array2::zeros((0, 0)),
        };
        g.build_features();
        g
    }

    pub fn size(&self) -> usize {
        self.size
    }

    fn build_features(&mut self) {
        self.x = transform(&self.features, &grid_points(self.size));
        let f = self.x.ncols();
        self.x32 = vec![[0.0; LANES]; self.x.nrows().div_ceil(LANES) * f];
        for (i, row) in self.x.rows().into_iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                self.x32[i / LANES * f + j][i % LANES] = v as f32;
            }
        }
    }

    /// One batched pass of `network` over the grid. If the network's features differ from
    /// the grid's, the features are rebuilt first.
    pub fn evaluate(&mut self, network: &impl Forward) -> GridEval<'_> {
        if network.features() != self.features.as_slice() {
            self.features = network.features().to_vec();
            self.build_features();
        }
        // A diverged network's values are not finite in `f64` either: no second pass for it.
        let done = self.net.set(network)
            && self
                .pass_f32()
                .is_some_and(|finite| finite || !network.is_finite());
        if !done {
            network.activations_into(&self.x, &mut self.outs);
        }
        // A network always has a layer, so `outs` is never empty; `empty` only avoids a panic path.
        let (output, hidden) = self.outs.split_last().unwrap_or((&self.empty, &[]));
        GridEval {
            size: self.size,
            features: &self.x,
            hidden,
            output,
        }
    }

    /// The `f32` pass into the `f64` buffers: whether every output is finite (if not, `f32`
    /// may have overflowed where `f64` does not), `None` if it could not run (more layers
    /// than a network has, or no features).
    fn pass_f32(&mut self) -> Option<bool> {
        let n = self.size * self.size;
        let layers = self.net.layers.len();
        let f = self.features.len();
        if !(1..=MAX_LAYERS).contains(&layers) || f == 0 {
            return None;
        }
        self.outs.truncate(layers);
        self.outs.resize_with(layers, || Array2::zeros((0, 0)));
        let mut outs: [&mut [f64]; MAX_LAYERS] = Default::default();
        for ((o, a), l) in outs.iter_mut().zip(&mut self.outs).zip(&self.net.layers) {
            fit(a, (n, l.outputs));
            *o = a.as_slice_mut()?;
        }
        for (b, xb) in self.x32.chunks_exact(f).enumerate() {
            let c0 = b * LANES;
            let cells = (n - c0).min(LANES);
            self.net
                .forward_block_rows(xb, &mut outs[..layers], c0, cells);
        }
        // Without a short cut, so that the check runs in vector lanes (an early exit made it
        // a scalar loop over every cell: a tenth of the grid's time).
        let bad = outs[layers - 1]
            .iter()
            .fold(false, |bad, v| bad | !v.is_finite());
        Some(!bad)
    }
}
