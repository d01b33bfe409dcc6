//! The test builder: a site in a temp dir, built by the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod browser;

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

/// `qingfeng --root ROOT build`, for a site made in a test's own folder (by `init`).
pub fn build_at(root: &Path) -> Run {
    let out = qingfeng()
        .arg("--root")
        .arg(root)
        .arg("build")
        .output()
        .expect("build");
    Run::from(out)
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
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn failure(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_lacks(&self, needle: &str) {
        assert!(
            !self.stderr.contains(needle),
            "stderr has {needle:?}:\n{}",
            self.stderr
        );
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
        copy_tree(
            &manifest_dir().join("tests/fixtures").join(name),
            dir.path(),
        );
        if !dir.path().join("themes").exists() {
            copy_tree(&manifest_dir().join("themes"), &dir.path().join("themes"));
        }
        TestSite { dir }
    }

    /// The benchmark's synthetic site of `n` counties, with the repo's themes.
    pub fn synthetic(n: usize) -> TestSite {
        let dir = tempfile::tempdir().expect("tempdir");
        crate::synthetic::write_site(dir.path(), n).expect("synthetic site");
        copy_tree(&manifest_dir().join("themes"), &dir.path().join("themes"));
        TestSite { dir }
    }

    /// A copy of the example site at the repo's root.
    pub fn example() -> TestSite {
        let dir = tempfile::tempdir().expect("tempdir");
        for part in ["content", "themes"] {
            copy_tree(&manifest_dir().join(part), &dir.path().join(part));
        }
        std::fs::copy(
            manifest_dir().join("site.toml"),
            dir.path().join("site.toml"),
        )
        .expect("site.toml");
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
        let text =
            std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"));
        assert!(text.contains(from), "{rel} lacks {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// A file of the site as a reader sees its text: the invisible word joiners that keep
    /// numbers with their units (U+2060) are left out; `read_bytes` has them.
    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel))
            .unwrap_or_else(|e| panic!("read {rel}: {e}"))
            .replace('\u{2060}', "")
    }

    /// Runs `qingfeng --root SITE ARGS…` in the site's folder (relative paths are the site's).
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `qingfeng --root SITE ARGS…` with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let out = qingfeng()
            .arg("--root")
            .arg(self.root())
            .args(args)
            .current_dir(self.root())
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

    /// Every file under a folder of the site, with its bytes (but the writer's stamps).
    pub fn snapshot(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        let base = self.path(rel);
        let mut files = BTreeMap::new();
        if !base.exists() {
            return files;
        }
        for entry in walkdir::WalkDir::new(&base) {
            let entry = entry.expect("walk");
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&base)
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned();
                // The writer's stamps record the files' times: not what a build publishes.
                if rel == qingfeng::write::STAMPS {
                    continue;
                }
                files.insert(rel, std::fs::read(entry.path()).expect("read"));
            }
        }
        files
    }
}

/// The `qingfeng` binary as a command, with the locale variables set so that messages are
/// in English on every machine (a test that wants Chinese sets `LANG` or `--lang`).
pub fn qingfeng() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_qingfeng"));
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    command
}

/// How long a test waits for the server to say or do something before failing.
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// A running `qingfeng serve --port 0`, killed when dropped.
pub struct Served {
    child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
    lines: std::sync::mpsc::Receiver<String>,
    /// Every line printed so far, stdout and stderr, for failure messages.
    pub log: std::cell::RefCell<Vec<String>>,
}

impl TestSite {
    /// Starts `qingfeng --root SITE serve --port 0 ARGS…` and waits for its URL.
    pub fn serve(&self, args: &[&str]) -> Served {
        self.serve_with(qingfeng(), args)
    }

    /// [`TestSite::serve`] with SIGINT ignored, as a shell script starts a job in the
    /// background: `sh` ignores it, then runs qingfeng in its place (same process).
    #[cfg(unix)]
    pub fn serve_in_background_of_a_script(&self, args: &[&str]) -> Served {
        let mut command = Command::new("sh");
        command
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C");
        command.args([
            "-c",
            "trap '' INT; exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_qingfeng"),
        ]);
        self.serve_with(command, args)
    }

    /// Starts `COMMAND --root SITE serve --port 0 ARGS…` and waits for its URL.
    fn serve_with(&self, mut command: Command, args: &[&str]) -> Served {
        use std::io::BufRead;
        let mut child = command
            .arg("--root")
            .arg(self.root())
            .args(["serve", "--port", "0"])
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start qingfeng serve");
        let (tx, lines) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        for (prefix, pipe) in [
            ("", Box::new(stdout) as Box<dyn std::io::Read + Send>),
            ("stderr: ", Box::new(stderr)),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                    if tx.send(format!("{prefix}{line}")).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut served = Served {
            child,
            addr: String::new(),
            url: String::new(),
            lines,
            log: Default::default(),
        };
        // `serving SITE at URL` or `正在预览 SITE，网址 URL`.
        let line = served.wait_for_line(" http://");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("url")
            .trim_end_matches('/');
        served.url = url.to_string();
        served.addr = url.trim_start_matches("http://").to_string();
        served
    }
}

impl Served {
    /// Waits for a printed line containing `needle` (on stdout, or on stderr with the
    /// prefix `stderr: `), skipping earlier lines, and returns it.
    #[track_caller]
    pub fn wait_for_line(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.log.borrow_mut().push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(e) => panic!(
                    "no line with {needle:?} ({e}); output:\n{}",
                    self.log.borrow().join("\n")
                ),
            }
        }
    }

    /// Sends `raw` as the whole request and reads the whole response (the server closes
    /// the connection when asked by `Connection: close`).
    #[track_caller]
    pub fn request(&self, raw: &[u8]) -> HttpResponse {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        stream.write_all(raw).expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read response");
        HttpResponse::parse(&bytes)
    }

    /// `METHOD path` with `Connection: close`.
    #[track_caller]
    pub fn fetch(&self, method: &str, path: &str) -> HttpResponse {
        let raw = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        self.request(raw.as_bytes())
    }

    /// `GET path`.
    #[track_caller]
    pub fn get(&self, path: &str) -> HttpResponse {
        self.fetch("GET", path)
    }

    /// Opens the reload event stream.
    #[track_caller]
    pub fn events(&self) -> EventStream {
        use std::io::{BufRead, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        let raw = format!(
            "GET /__qingfeng/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        );
        stream.write_all(raw.as_bytes()).expect("send");
        let mut reader = std::io::BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read head");
            if line.trim_end().is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        EventStream { reader }
    }

    /// The process id, e.g. to send it a signal.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to end by itself; its exit status.
    #[track_caller]
    pub fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "serve did not stop within {WAIT:?}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The reload events of one page.
pub struct EventStream {
    reader: std::io::BufReader<std::net::TcpStream>,
}

impl EventStream {
    /// The next event's name and data, skipping comments and `retry:` lines.
    #[track_caller]
    pub fn next(&mut self) -> (String, String) {
        let deadline = std::time::Instant::now() + WAIT;
        self.next_before(deadline)
            .unwrap_or_else(|| panic!("no event within {WAIT:?}"))
    }

    /// The next event before `deadline`, or none. The server's keep-alive comments reset
    /// the socket's read timeout, so the deadline is checked after every line.
    #[track_caller]
    fn next_before(&mut self, deadline: std::time::Instant) -> Option<(String, String)> {
        use std::io::BufRead;
        let (mut name, mut data) = (String::new(), String::new());
        while std::time::Instant::now() < deadline {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("read event (timed out?)");
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() {
                    return Some((name, data));
                }
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            }
        }
        None
    }

    /// Skips events until one called `name`; its data.
    #[track_caller]
    pub fn wait_for(&mut self, name: &str) -> String {
        let mut seen = Vec::new();
        let deadline = std::time::Instant::now() + WAIT;
        while let Some((n, data)) = self.next_before(deadline) {
            if n == name {
                return data;
            }
            seen.push(format!("{n}: {data}"));
        }
        panic!("no {name} event within {WAIT:?}; saw {seen:?}");
    }
}

/// A response read off the wire.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    fn parse(bytes: &[u8]) -> HttpResponse {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of head");
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().expect("status line");
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        HttpResponse {
            status,
            headers,
            body: bytes[split + 4..].to_vec(),
        }
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Builds once, breaks the site with `break_it`, builds again: exit 1, the messages, no
/// panic, and the previous output byte for byte.
#[track_caller]
pub fn assert_rejected(break_it: impl FnOnce(&TestSite), needles: &[&str]) -> Run {
    let site = TestSite::fixture("minimal");
    site.build().success();
    let before = site.snapshot("public");
    break_it(&site);
    let mut run = site.build().failure(1);
    for n in needles {
        run = run.stderr_has(n);
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        site.snapshot("public") == before,
        "the previous output changed"
    );
    run
}
