//! The layers of the article: Affine (`u = x·W + b`), the activations, and the output layers
//! fused with their losses (Softmax-with-Loss, MSE). Each states its formulas readably and
//! calls [`crate::kernels`] for speed.

pub mod activation;
pub mod affine;
pub mod loss;
