//! An article's file: its front matter split off and read as YAML.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/suite/fuzz_targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = qingfeng::load::text::decode(bytes) {
        targets::split(&text);
    }
});
