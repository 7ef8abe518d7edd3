//! The data: the built-in sets and hand-drawn points, the input features computed from a
//! point, and the grid of the input square the decision boundary is drawn from.

pub mod features;
pub mod grid;
pub mod sets;

pub use sets::{Dataset, DatasetKind, EXTENT, MAX_POINTS};
