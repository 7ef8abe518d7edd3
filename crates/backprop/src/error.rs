//! One error type for everything the core can reject. Every variant carries a message that
//! names the place (a field path, a line number) so a user can fix their input.

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A network spec or hyper-parameter outside its allowed range.
    #[error("{0}")]
    Invalid(String),
    /// A model file that does not describe a valid network; `path` names the field
    /// (e.g. `layers[1].weights`).
    #[error("{path}: {message}")]
    Model { path: String, message: String },
    /// A CSV data file with a bad line (1-based, the header is line 1).
    #[error("line {line}: {message}")]
    Data { line: usize, message: String },
    /// Arrays whose shapes do not fit together.
    #[error("shape mismatch: {0}")]
    Shape(String),
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn invalid<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Invalid(message.into()))
}

/// A number for a message: as Rust writes it, but from 1e16 on in exponent form (1e308, not
/// its 309 digits).
pub(crate) fn shown(v: f64) -> String {
    if v.abs() >= 1e16 {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}
