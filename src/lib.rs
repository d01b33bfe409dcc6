//! qingfeng (清风): a static report-site generator for data-driven news columns.
//!
//! The build is a pipeline, one module a stage:
//! config → load → model → (markdown, chart) → render → write.

pub mod build;
pub mod cache;
pub mod chart;
pub mod check;
pub mod cjk;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod encoding;
pub mod feed;
pub mod gzip;
pub mod html_text;
pub mod image;
pub mod load;
pub mod markdown;
pub mod memo;
pub mod messages;
pub mod model;
pub mod platform;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sheet;
pub mod theme_default;
pub mod url;
pub mod write;
