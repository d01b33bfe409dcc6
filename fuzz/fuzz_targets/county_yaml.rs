//! A county's YAML file, as bytes, through the whole model stage.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/suite/fuzz_targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| targets::load_county(bytes));
