//! The fast paths, apart from the math: the same operations the layers state readably,
//! computed so that they vectorize, unroll and never allocate in a training step or a grid
//! frame. Each kernel is checked against its readable reference (`tests/kernels.rs`, widths
//! 1 to 9, random inputs, 1e−12 relative), so the references are exercised, not dead.
//!
//! | kernel | what it computes | its reference |
//! |---|---|---|
//! | [`affine::forward`] | `u = x·W + b`, rows in `f64x2` pairs (1, 2 or 4 pairs), same bits as the plain loops | [`crate::layers::affine::forward`] |
//! | [`affine::backward`] | `dx = δ·Wᵀ`, `dW = xᵀ·δ`, `db = Σδ`; [`affine::backward_through`] folds the activation below into `dx` or skips it (training) | [`crate::layers::affine::backward`] |
//! | [`elementwise`] | branch-free `exp`, Padé `tanh`, `sigmoid`, `relu`; AVX2/AVX-512 dispatch | [`crate::layers::activation::Activation::reference`] |
//! | [`softmax::softmax_rows`] | row-wise softmax, one vectorized `exp` loop | [`crate::layers::loss::softmax`] |
//! | [`softmax::softmax_with_loss`] | softmax and cross-entropy fused, one `ln` per row | [`crate::layers::loss::softmax_with_loss`] |
//! | [`softmax::delta`] | `(y − t)/N` into a reused buffer | [`crate::layers::loss::backward`] |
//! | [`batch::BatchStep`] | a training step's forward and backward over a whole mini-batch, lanes over its rows, every node's values in registers through a layer | the layers' own steps (above) |
//! | [`lanes`] | `f64x2` lanes and `tanh`, `exp`, `sigmoid` on them, lane by lane the scalar kernels' bits | [`elementwise`] |
//! | [`sgd::SgdStep`] | plain SGD's step on one weight or two lanes, applied inside [`batch::BatchStep`] | the optimizer's SGD ([`crate::training::optimizer::Optimizer::step`]) |
//! | [`rows::gather`] | a mini-batch's rows, fixed-width copies | `select(Axis(0), rows)` |

pub mod affine;
pub mod batch;
pub mod elementwise;
pub mod lanes;
pub mod rows;
pub mod sgd;
pub mod softmax;
