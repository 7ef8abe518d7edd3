//! Looking inside: one sample's every value and gradient (the article's printout), and the
//! gradient check of backprop against central differences.

pub mod gradcheck;
pub mod primitives;
pub mod trace;
