//! One batched forward pass over a G×G grid of the input square: the decision boundary and
//! every neuron's thumbnail come from this single call, never one call per point.

use ndarray::Array2;

use crate::data::features::{Feature, transform};
use crate::data::sets::EXTENT;
use crate::display::Forward;
use crate::display::net32::Net32;
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

/// The largest `f32`, as `f64`.
const F32_MAX: f64 = f32::MAX as f64;

/// One layer's values over the grid, for pictures: `width` nodes, node-major — node `j`'s
/// value at cell `i` (in [`grid_points`] order) is `values[j·cells + i]`, each node's picture
/// one contiguous run of `f32`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plane {
    pub width: usize,
    pub values: Vec<f32>,
}

impl Plane {
    /// Node `j`'s values over the grid's cells (empty if there is no node `j`).
    pub fn node(&self, j: usize) -> &[f32] {
        let cells = self.values.len() / self.width.max(1);
        self.values.get(j * cells..(j + 1) * cells).unwrap_or(&[])
    }

    /// Sets the plane from a row-major (cells × width) `f64` matrix, each value rounded to
    /// `f32` (beyond its range, the largest `f32` of that sign: a picture saturates there).
    fn set_from(&mut self, m: &Array2<f64>) {
        let (cells, width) = m.dim();
        self.width = width;
        self.values.clear();
        self.values.resize(cells * width, 0.0);
        for (i, row) in m.rows().into_iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                self.values[j * cells + i] = v.clamp(-F32_MAX, F32_MAX) as f32;
            }
        }
    }
}

/// Every node's value at every grid cell, borrowed from the [`Grid`] that computed it: one
/// [`Plane`] per layer — the input features, each hidden layer's activations `z`, the output
/// `y` (class probabilities or the regression value) — all in `f32`, to display precision.
#[derive(Clone, Copy, Debug)]
pub struct GridEval<'a> {
    pub size: usize,
    /// Features, hidden layers, output.
    pub layers: &'a [Plane],
}

impl<'a> GridEval<'a> {
    /// The input features (their `f32` roundings).
    pub fn features(&self) -> &'a Plane {
        &self.layers[0]
    }

    /// The hidden layers' activations.
    pub fn hidden(&self) -> &'a [Plane] {
        &self.layers[1..self.layers.len() - 1]
    }

    /// The output layer's values.
    pub fn output(&self) -> &'a Plane {
        &self.layers[self.layers.len() - 1]
    }
}

/// Every neuron's value over a G×G grid, for pictures: the thumbnails of the hidden neurons
/// and the hidden-space view. Keeps the grid's features and every layer's plane between
/// frames, so a frame costs only the network pass and allocates nothing.
///
/// The pass runs in `f32` through [`Net32::forward_planes`], layer by layer over the whole
/// grid, four cells per `f32x4` (the display kernel that also draws the boundary), each
/// block's values of a node stored as they come out of the kernel: one vector store, no
/// widening, no transposition (the page only draws these). Display precision: within 1e−5
/// of the exact `f64` pass, relative to max(1, |value|) (`tests/display.rs`; a colour step
/// of the page's palette is 1/127.5).
/// Training, the inspector and every printed number use the `f64` network. A network the
/// blocks do not fit, or one whose `f32` pass overflows where the `f64` one does not, takes
/// the exact `f64` pass ([`Forward::activations_into`]), rounded to `f32` as it is stored.
#[derive(Clone, Debug)]
pub struct Grid {
    size: usize,
    features: Vec<Feature>,
    /// The features, exact (the `f64` pass's input).
    x: Array2<f64>,
    /// Features, hidden layers, output.
    planes: Vec<Plane>,
    net: Net32,
    /// The `f64` pass's layers, when it is taken.
    exact: Vec<Array2<f64>>,
}

impl Grid {
    /// A grid of `size`×`size` cells (clamped to 1..=[`MAX_GRID`]) for these features.
    pub fn new(size: usize, features: &[Feature]) -> Grid {
        let size = size.clamp(1, MAX_GRID);
        let mut g = Grid {
            size,
            features: features.to_vec(),
            x: Array2::zeros((0, 0)),
            planes: vec![Plane::default()],
            net: Net32::default(),
            exact: Vec::new(),
        };
        g.build_features();
        g
    }

    pub fn size(&self) -> usize {
        self.size
    }

    fn build_features(&mut self) {
        self.x = transform(&self.features, &grid_points(self.size));
        self.planes.truncate(1);
        self.planes.resize_with(1, Plane::default);
        self.planes[0].set_from(&self.x);
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
            network.activations_into(&self.x, &mut self.exact);
            self.planes
                .resize_with(self.exact.len() + 1, Plane::default);
            for (plane, m) in self.planes[1..].iter_mut().zip(&self.exact) {
                plane.set_from(m);
            }
        }
        GridEval {
            size: self.size,
            layers: &self.planes,
        }
    }

    /// The `f32` pass into the planes: whether every output is finite (if not, `f32` may have
    /// overflowed where `f64` does not), `None` if it could not run (more layers than a
    /// network has, or no features).
    fn pass_f32(&mut self) -> Option<bool> {
        let n = self.size * self.size;
        let layers = self.net.layers.len();
        let f = self.features.len();
        if !(1..=MAX_LAYERS).contains(&layers) || f == 0 {
            return None;
        }
        self.planes.resize_with(layers + 1, Plane::default);
        let (features, rest) = self.planes.split_at_mut(1);
        let mut planes: [&mut [f32]; MAX_LAYERS] = Default::default();
        for ((out, plane), l) in planes.iter_mut().zip(rest).zip(&self.net.layers) {
            plane.width = l.outputs;
            plane.values.resize(n * l.outputs, 0.0);
            *out = &mut plane.values;
        }
        self.net
            .forward_planes(&features[0].values, &mut planes[..layers], n);
        // Without a short cut, so that the check runs in vector lanes (an early exit made it
        // a scalar loop over every cell: a tenth of the grid's time).
        let bad = planes[layers - 1]
            .iter()
            .fold(false, |bad, v| bad | !v.is_finite());
        Some(!bad)
    }
}
