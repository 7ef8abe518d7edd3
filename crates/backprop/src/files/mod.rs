//! The files the page and the CLI exchange: the JSON model file and the CSV data file.

pub mod csv;
pub mod model;
