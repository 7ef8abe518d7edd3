//! The data: the built-in sets and hand-drawn points, the input features computed from a
//! point, and the input square ([`EXTENT`]).

pub mod features;
pub mod sets;

pub use sets::{Dataset, DatasetKind, EXTENT, MAX_POINTS};
