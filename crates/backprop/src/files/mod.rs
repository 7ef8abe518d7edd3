//! The files the page and the CLI exchange: the JSON model file and the CSV data file, and
//! the one rule for reading a file's bytes as text; and the network with its training as a
//! NumPy script.

pub mod csv;
pub mod model;
pub mod python;
pub mod text;
