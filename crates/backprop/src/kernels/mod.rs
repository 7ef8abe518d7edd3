//! The fast paths of the layers' operations.
