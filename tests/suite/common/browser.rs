//! The browser tests' shared set-up: whether headless Chromium, Node and playwright-core
//! are here (skip loudly, or fail under `CI=true`), and running a `tests/browser/` script.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use super::manifest_dir;

/// Whether the browser tests can run: `/usr/bin/chromium` and `tests/browser/node_modules`
/// exist. When they don't, prints a loud SKIPPED line and returns false, or panics when
/// `CI=true`, where a skipped browser test would hide a missing install step.
pub fn available() -> bool {
    let chromium = Path::new("/usr/bin/chromium");
    let modules = manifest_dir().join("tests/browser/node_modules/playwright-core");
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!chromium.exists()).then_some("/usr/bin/chromium"),
        (!modules.exists()).then_some("tests/browser/node_modules/playwright-core"),
        (!node).then_some("node"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "SKIPPED: browser test: missing {}: install chromium (apt-get install -y chromium nodejs npm) and run npm ci --prefix tests/browser",
        missing.join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message} (CI=true: browser tests must run)");
    }
    // Straight to stderr: `eprintln!` would be captured, and hidden, by the test harness.
    let bar = "!".repeat(78);
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("\n{bar}\n{message}\n{bar}\n").as_bytes(),
    );
    false
}

/// A script of `tests/browser/` run by Node, its arguments added one by one.
pub struct Script {
    name: String,
    command: Command,
}

impl Script {
    /// `tests/browser/<name>`, not yet run.
    pub fn new(name: &str) -> Script {
        let mut command = Command::new("node");
        command.arg(manifest_dir().join("tests/browser").join(name));
        Script {
            name: name.to_string(),
            command,
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Script {
        self.command.arg(arg);
        self
    }

    /// Runs the script; fails with its output unless it exits 0 and prints
    /// `all <checks> checks passed`.
    #[track_caller]
    pub fn passes(mut self, checks: &str) {
        let out = self.command.output().expect("run node");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = &self.name;
        assert!(
            out.status.success(),
            "{name} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        let passed = format!("all {checks} checks passed");
        assert!(stdout.contains(&passed), "{name}: no {passed:?}\n{stdout}");
    }
}
