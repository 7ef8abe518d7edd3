//! # backprop — backpropagation from scratch
//!
//! The layers of the article this project grew from (Affine, ReLU, Sigmoid, Tanh,
//! Softmax-with-Loss, MSE), the chain rule as `backward` methods, gradient descent, and
//! everything a playground needs around them: data sets, features, training, a batched grid
//! evaluation, one-sample traces and gradient checks. Pure Rust, `f64`, row-major batches,
//! `W` of shape (inputs × outputs) so that `u = x·W + b` exactly as the article's
//! `np.dot(x, W1) + b1`.
//!
//! ## The article's 2-3-2 example
//!
//! Input x = (5, 1), target t = (0, 1), ReLU hidden layer, softmax output:
//!
//! ```
//! use backprop::{Activation, Affine, Feature, Network, Output, trace};
//! use ndarray::array;
//!
//! let layers = vec![
//!     Affine::new(array![[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], array![0.1, 0.2, 0.3]),
//!     Affine::new(array![[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], array![0.1, 0.2]),
//! ];
//! let net = Network::from_layers(vec![Feature::X1, Feature::X2], layers,
//!                                Activation::Relu, Output::Softmax).unwrap();
//! let tr = trace(&net, [5.0, 1.0], 1.0); // label 1 = one-hot t = (0, 1)
//! let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(a, b)| (a - b).abs() < 1e-9);
//! assert!(close(&tr.layers[0].u, &[0.8, 2.1, 3.4]));            // u1 = x·W1 + b1
//! assert!(close(&tr.layers[1].u, &[1.62, 3.61]));               // u2 = z1·W2 + b2
//! assert!(close(&tr.y, &[0.12025686246775079, 0.8797431375322493])); // y = softmax(u2)
//! assert!((tr.loss - 0.12812530328571797).abs() < 1e-12);        // L = −ln y₁
//! assert!(close(&tr.layers[1].delta, &[0.12025686246775079, -0.12025686246775069])); // δ2 = y − t
//! assert!(close(&tr.layers[0].db, &[-0.0360770587403252; 3]));   // db1 = δ2·W2ᵀ ⊙ relu′
//! ```

pub mod activation;
pub mod affine;
pub mod data;
pub mod error;
pub mod features;
pub mod gradcheck;
pub mod grid;
pub mod loss;
pub mod model;
mod names;
pub mod network;
pub mod optimizer;
pub mod session;
pub mod trace;
pub mod train;

pub use activation::{Activation, ActivationLayer};
pub use affine::Affine;
pub use data::{Dataset, DatasetKind};
pub use error::{Error, Result};
pub use features::Feature;
pub use gradcheck::{GradCheck, gradient_check};
pub use grid::{Grid, GridEval};
pub use loss::{LossLayer, Output};
pub use model::ModelFile;
pub use network::{Network, NetworkSpec, ParamId, Task};
pub use optimizer::{OptimizerKind, Regularization};
pub use session::{Config, EpochMetrics, Session};
pub use trace::{Trace, trace};
pub use train::{Hyper, Metrics, Samples, Trainer, evaluate};

/// The seeded RNG used everywhere: PCG with 128-bit state, the same algorithm on every target.
pub type Rng64 = rand_pcg::Pcg64Mcg;
