//! Charts of leadership composition: figures in, SVG strings out (plotters, pure).
//!
//! Which chart shows which field is described in the theme's `charts.toml`; this module
//! reads that description, picks the fields out of the summary objects (the same JSON
//! objects as `data/summary.json`) and draws each chart.
