//! Looking inside: one sample's every value and gradient (the article's printout), the same
//! sample opened into primitive nodes, and the gradient check of backprop against central
//! differences.

pub mod gradcheck;
pub mod landscape;
pub mod primitives;
pub mod trace;
