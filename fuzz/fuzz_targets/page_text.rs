//! Any text in a page, read back by the search's page reader and indexed.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/suite/fuzz_targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|text: &str| targets::read_page(text));
