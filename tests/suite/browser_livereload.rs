//! Live reload in real headless Chromium: a county page open in the browser follows edits
//! of its YAML, shows a broken file's error over itself, and drops it once fixed. The
//! browser is driven by `tests/browser/livereload.mjs` (playwright-core); this side runs
//! the server and edits the files when the script asks.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::common::{TestSite, browser, manifest_dir};

const COUNTY: &str = "content/counties/yaodu.yaml";

/// The Node script, killed when dropped.
struct Script {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Script {
    fn start(args: &[&str]) -> Script {
        let mut child = Command::new("node")
            .arg(manifest_dir().join("tests/browser/livereload.mjs"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start node");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Script {
            child,
            stdin,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line starting with `prefix`; fails on `FAIL`, an exit or a timeout.
    #[track_caller]
    fn expect(&mut self, prefix: &str) -> String {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    assert!(
                        !line.starts_with("FAIL"),
                        "browser: {line}\nall: {:?}",
                        self.seen
                    );
                    if line.starts_with(prefix) {
                        return line;
                    }
                }
                Err(e) => panic!(
                    "no {prefix:?} from the browser script ({e}); saw {:?}",
                    self.seen
                ),
            }
        }
    }

    fn answer(&mut self) {
        writeln!(self.stdin, "ok").expect("answer the script");
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn an_open_page_follows_edits_errors_and_fixes() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = site.serve(&[]);
    let url = format!("{}/counties/yaodu/", server.url);
    let mut script = Script::start(&[&url, "47.1岁", "47.3岁", COUNTY]);

    script.expect("READY edit");
    site.edit(COUNTY, "  average: 47.1", "  average: 47.3");
    script.answer();

    script.expect("READY break");
    site.edit(COUNTY, "members: 34", "members: [34");
    script.answer();
    let overlay = script.expect("OVERLAY");
    assert!(overlay.contains(COUNTY), "{overlay}");

    script.expect("READY fix");
    site.edit(COUNTY, "members: [34", "members: 34");
    script.answer();
    script.expect("DONE");
    assert!(
        !site.path("public").exists(),
        "serve wrote the output folder"
    );
}
