//! The network and its training: what defines a run (config and hyper-parameters), the
//! network built from layers, the optimizers, epochs of mini-batches, and the `Session` that
//! runs a whole playground.

pub mod config;
pub mod network;
pub mod optimizer;
pub mod session;
pub mod train;
