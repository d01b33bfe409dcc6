//! A narrative's Markdown, with figure references, rendered.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/suite/fuzz_targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|text: &str| targets::render(text));
