//! qingfeng (清风): a static report-site generator for data-driven news columns.
//!
//! The build is a pipeline, one module a stage:
//! config → load → model → (markdown, chart) → render → write.

pub mod chart;
pub mod check;
