//! The integration tests, one binary: each module runs the real `qingfeng` binary (or the
//! library) on small sites in temp dirs. One binary links the crate once, not fifteen times.

#![allow(unreachable_pub, missing_docs)]

mod common;
#[path = "../../benches/synth/mod.rs"]
mod synthetic;

mod audit;
mod browser_images;
mod browser_layout;
mod browser_livereload;
mod browser_ranking;
mod browser_search;
mod browser_switches;
mod build;
mod charts;
mod check;
mod check_corpus;
mod check_figures;
mod check_suppress;
mod cli;
mod column;
mod external;
mod fuzz;
mod fuzz_targets;
mod golden;
mod hardening;
mod image_cache;
mod images;
mod incremental;
mod kept_index;
mod kept_narratives;
mod kept_parses;
mod kept_texts;
mod keyboard;
mod markdown_conformance;
mod messages;
mod portability;
mod regions;
mod scale;
mod search;
mod second_city;
mod serve;
mod sheet;
mod synth;
mod theme;
