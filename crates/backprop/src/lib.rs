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
//! use backprop::{article, trace};
//!
//! // W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], b1 = [0.1, 0.2, 0.3],
//! // W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], b2 = [0.1, 0.2]: see `backprop::article`.
//! let net = article::network().unwrap();
//! let tr = trace(&net, article::X, article::LABEL); // x = (5, 1), label 1 = one-hot t = (0, 1)
//! let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(a, b)| (a - b).abs() < 1e-9);
//! assert!(close(&tr.layers[0].u, &[0.8, 2.1, 3.4]));            // u1 = x·W1 + b1
//! assert!(close(&tr.layers[1].u, &[1.62, 3.61]));               // u2 = z1·W2 + b2
//! assert!(close(&tr.y, &[0.12025686246775079, 0.8797431375322493])); // y = softmax(u2)
//! assert!((tr.loss - 0.12812530328571797).abs() < 1e-12);        // L = −ln y₁
//! assert!(close(&tr.layers[1].delta, &[0.12025686246775079, -0.12025686246775069])); // δ2 = y − t
//! assert!(close(&tr.layers[0].db, &[-0.0360770587403252; 3]));   // db1 = δ2·W2ᵀ ⊙ relu′
//! ```
//!
//! ## The rooms
//!
//! * [`layers`] — Affine, the activations, the output layers with their losses: the article's
//!   formulas, stated readably.
//! * [`kernels`] — the same operations computed fast (unrolled, vectorized), each checked
//!   against its readable reference.
//! * [`training`] — the network, the optimizers, epochs of mini-batches, and the `Session`.
//! * [`data`] — data sets and input features.
//! * [`display`] — what draws: the `f32` network copy, the all-neuron grid, the tiled
//!   boundary.
//! * [`files`] — the JSON model file and the CSV data file.
//! * [`inspect`] — one sample's trace and the gradient check.
//! * [`article`] — the article's worked example, defined once.
//! * [`catalog`](mod@catalog) — every limit, range and default a front end shows.
//! * the ground floor: [`task`] (what a network learns, the bounds), [`error`], [`rng`].

pub mod article;
pub mod catalog;
pub mod data;
pub mod display;
pub mod error;
pub mod files;
pub mod inspect;
pub mod kernels;
pub mod layers;
pub mod lesson;
mod names;
pub mod rng;
pub mod task;
pub mod training;

pub use catalog::{Catalog, catalog};
pub use data::features::Feature;
pub use data::sets::{Dataset, DatasetKind};
pub use display::grid::{Grid, GridEval, Plane};
pub use error::{Error, Result};
pub use files::model::ModelFile;
pub use inspect::gradcheck::{GradCheck, gradient_check};
pub use inspect::trace::{Trace, trace};
pub use layers::activation::{Activation, ActivationLayer};
pub use layers::affine::Affine;
pub use layers::loss::{LossLayer, Output};
pub use rng::{Rng64, Stream, rng_for};
pub use task::Task;
pub use training::config::{Config, Hyper};
pub use training::network::{Network, NetworkSpec, ParamId};
pub use training::optimizer::{OptimizerKind, Regularization};
pub use training::session::{EpochMetrics, Session};
pub use training::train::{Metrics, Samples, Trainer, evaluate};
