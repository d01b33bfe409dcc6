//! The Traditional→Simplified lookup of the `traditional-char` rule, kept under this name
//! for callers in `check`; the table itself lives in [`crate::cjk::simplified`], shared
//! with search.

pub use crate::cjk::simplified::{simplified, simplified_in_context};
