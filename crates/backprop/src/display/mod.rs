//! What draws: the pictures of a network, in `f32` where only a picture needs the values.
//! Training, the inspector and every printed number stay in `f64` elsewhere.
//!
//! | module | what it computes |
//! |---|---|
//! | [`net32`] | the `f32` copy of a network and its SIMD lanes: blocks of 4 points through every layer |
//! | [`grid`] | every neuron's value over a G×G grid (thumbnails, hidden space), one batched pass |
//! | [`boundary`] | the decision boundary at the canvas's resolution, tile by tile |
//!
//! This room sees a network only through [`Forward`], which `training::Network` implements:
//! arrows point down, so nothing here imports `training`.

use ndarray::Array2;

use crate::data::features::Feature;
use crate::layers::activation::Activation;
use crate::layers::affine::Affine;
use crate::layers::loss::Output;

pub mod boundary;
pub mod grid;
pub mod net32;

/// What a picture needs of a network: its shape, its parameters and an exact `f64` pass for
/// the cases the `f32` blocks do not fit.
pub trait Forward {
    /// The input features, in order.
    fn features(&self) -> &[Feature];
    /// The Affine layers, the output's last.
    fn layers(&self) -> &[Affine];
    /// The hidden layers' activation.
    fn activation(&self) -> Activation;
    /// The output layer.
    fn output(&self) -> Output;
    /// Whether every parameter is finite.
    fn is_finite(&self) -> bool;
    /// The width of the output layer.
    fn outputs(&self) -> usize {
        self.layers().last().map_or(0, |l| l.outputs())
    }
    /// Every layer's output for the feature rows `x` (the hidden layers' `z`, then `y`), into
    /// reused buffers.
    fn activations_into(&self, x: &Array2<f64>, out: &mut Vec<Array2<f64>>);
    /// The output `y` for the feature rows `x`.
    fn predict(&self, x: &Array2<f64>) -> Array2<f64>;
}
