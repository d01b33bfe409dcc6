//! Golden output: the example site and the `minimal` fixture build to exactly the files
//! recorded in `tests/golden/*.manifest` (path, size and a 64-bit FNV-1a hash a line).
//!
//! Refactoring must not change a byte of the output. When a change is meant to alter the
//! output, rerun with `QINGFENG_BLESS=1 cargo test --test suite golden` and commit the manifests
//! with the change, so that the diff shows which files moved.

use std::fmt::Write as _;

use crate::common::{TestSite, manifest_dir};

/// FNV-1a, 64 bits: stable across Rust releases (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn manifest(site: &TestSite) -> String {
    let mut out = String::new();
    for (path, bytes) in site.snapshot("public") {
        let path = path.replace('\\', "/");
        if path.starts_with(".qingfeng") {
            continue;
        }
        let _ = writeln!(out, "{path}\t{}\t{:016x}", bytes.len(), fnv1a(&bytes));
    }
    out
}

#[track_caller]
fn case(name: &str, site: &TestSite) {
    site.build().success();
    let got = manifest(site);
    let file = manifest_dir()
        .join("tests/golden")
        .join(format!("{name}.manifest"));
    if std::env::var_os("QINGFENG_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, &got).expect("write manifest");
        return;
    }
    let want = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run QINGFENG_BLESS=1 cargo test --test suite golden",
            file.display()
        )
    });
    if got != want {
        let differ: Vec<&str> = got
            .lines()
            .filter(|l| !want.lines().any(|w| w == *l))
            .chain(want.lines().filter(|w| !got.lines().any(|l| l == *w)))
            .collect();
        panic!(
            "the output of {name} changed ({} lines differ):\n{}",
            differ.len(),
            differ.join("\n")
        );
    }
}

#[test]
fn example_output_is_unchanged() {
    case("example", &TestSite::example());
}

#[test]
fn minimal_output_is_unchanged() {
    case("minimal", &TestSite::fixture("minimal"));
}

#[test]
fn minimal_without_base_url_output_is_unchanged() {
    let site = TestSite::fixture("minimal");
    site.edit("site.toml", "base_url = \"https://example.org/sub/\"\n", "");
    case("minimal-no-base-url", &site);
}
