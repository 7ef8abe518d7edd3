//! The network and its training: the network built from layers, the optimizers, epochs of
//! mini-batches, and the `Session` that runs a whole playground.

pub mod network;
pub mod optimizer;
pub mod session;
pub mod train;
