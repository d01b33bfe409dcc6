//! The test builder: a site in a temp dir, built by the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate's folder.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site copied into a temporary folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn success(self) -> Run {
        assert_eq!(self.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn failure(self, code: i32) -> Run {
        assert_eq!(self.code, code, "expected exit {code}\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

impl TestSite {
    /// A copy of `tests/fixtures/NAME`, with the repo's themes when it has none.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(&manifest_dir().join("tests/fixtures").join(name), dir.path());
        if !dir.path().join("themes").exists() {
            copy_tree(&manifest_dir().join("themes"), &dir.path().join("themes"));
        }
        TestSite { dir }
    }

    /// A copy of the example site at the repo's root.
    pub fn example() -> TestSite {
        let dir = tempfile::tempdir().expect("tempdir");
        for part in ["content", "themes"] {
            copy_tree(&manifest_dir().join(part), &dir.path().join(part));
        }
        std::fs::copy(manifest_dir().join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file of the site.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
        self
    }

    /// Replaces `from` by `to` in a file, which must contain it.
    #[track_caller]
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} lacks {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs `qingfeng --root SITE ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `qingfeng --root SITE ARGS…` with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_qingfeng"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env_remove("CI_TEST_NOTHING")
            .env_remove("QINGFENG_TODAY")
            .envs(vars.iter().copied())
            .output()
            .expect("run qingfeng");
        Run::from(out)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// Every file under a folder of the site, with its bytes.
    pub fn snapshot(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        let base = self.path(rel);
        let mut files = BTreeMap::new();
        if !base.exists() {
            return files;
        }
        for entry in walkdir::WalkDir::new(&base) {
            let entry = entry.expect("walk");
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&base).expect("prefix").to_string_lossy().into_owned();
                files.insert(rel, std::fs::read(entry.path()).expect("read"));
            }
        }
        files
    }
}
