//! The files the page and the CLI exchange: the JSON model file and the CSV data file, and
//! the one rule for reading a file's bytes as text.

pub mod csv;
pub mod model;
pub mod text;
