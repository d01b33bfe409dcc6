//! Build script: records the commit qingfeng is built from, for `qingfeng --version`.
//!
//! It reads `git rev-parse --short HEAD` when the crate is its own git checkout (not a
//! folder inside some other repository), else `QINGFENG_COMMIT` from the environment, else
//! says `unknown`. It records no time, so that the same commit always builds the same bytes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=QINGFENG_COMMIT");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let from_git = own_checkout(&dir).and_then(|()| {
        // Rebuild when HEAD moves: HEAD itself, the branch it names, the packed refs.
        let mut watched = vec![git(&dir, &["rev-parse", "--git-path", "HEAD"])?];
        if let Some(branch) = git(&dir, &["symbolic-ref", "-q", "HEAD"]) {
            watched.extend(git(&dir, &["rev-parse", "--git-path", &branch]));
        }
        watched.extend(git(&dir, &["rev-parse", "--git-path", "packed-refs"]));
        for path in watched {
            let path = dir.join(path);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        git(&dir, &["rev-parse", "--short", "HEAD"])
    });
    let commit = from_git
        .or_else(|| std::env::var("QINGFENG_COMMIT").ok())
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=QINGFENG_COMMIT={commit}");
}

/// `Some` when `dir` is the top of a git work tree.
fn own_checkout(dir: &Path) -> Option<()> {
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    let same = std::fs::canonicalize(top).ok()? == std::fs::canonicalize(dir).ok()?;
    same.then_some(())
}

/// The trimmed output of a successful `git ARGS` run in `dir`.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
