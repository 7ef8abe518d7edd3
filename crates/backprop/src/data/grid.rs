//! One batched forward pass over a G×G grid of the input square: the decision boundary and
//! every neuron's thumbnail come from this single call, never one call per point.

use ndarray::Array2;

use crate::data::features::{Feature, transform};
use crate::data::sets::EXTENT;
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
