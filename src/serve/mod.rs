//! `qingfeng serve`: build the site into memory, serve it over HTTP, watch its sources,
//! rebuild, and make every open page reload.
//!
//! Nothing is written to disk: the built files live in a [`http::SiteMap`] swapped whole
//! after each successful build. A failed build keeps the last good site and sends its error
//! to the pages, which show it over themselves.
//!
//! Ctrl-C: serve keeps no state that outlives it (no files written, no temporary files, no
//! locks), so stopping is only returning. Ctrl-C, SIGINT, SIGTERM and SIGHUP (and on
//! Windows Ctrl-Break and closing the console) are caught through `ctrlc`, which stops it
//! even where SIGINT was ignored, as it is for a job a script starts in the background;
//! [`run`] then returns [`STOPPED`].

pub mod http;
pub mod reload;
pub mod watch;

use std::io::{self, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use crate::build::build_site_cached;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Error, Result};
use crate::memo::BuildMemo;
use crate::messages::catalog as codes;

use http::{Method, ReadError, Response, SiteMap};
use reload::Reloader;
use watch::Watcher;

/// How long a connection may sit idle between requests, or a request take to arrive.
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a write to a client may block.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle event stream gets a comment line, to notice closed pages.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The most connections served at once; more are answered 503.
const MAX_CONNECTIONS: usize = 256;

/// The exit code of a serve stopped by Ctrl-C or a termination signal (128 + SIGINT, as
/// shells report a program ended by Ctrl-C).
pub const STOPPED: i32 = 130;

/// What `qingfeng serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder.
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Print each build's stage times.
    pub verbose: bool,
}

/// The state shared by the connections and the rebuild loop.
#[derive(Debug, Default)]
struct Server {
    site: RwLock<Arc<SiteMap>>,
    reloader: Reloader,
    connections: AtomicUsize,
}

impl Server {
    fn site(&self) -> Arc<SiteMap> {
        Arc::clone(&self.site.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn set_site(&self, site: SiteMap) {
        *self.site.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(site);
    }

    /// Serves `site` instead of the one served, if that is still the build it was packed
    /// from (no newer build was served meanwhile).
    fn replace_site(&self, site: SiteMap) {
        let mut served = self.site.write().unwrap_or_else(PoisonError::into_inner);
        if served.version == site.version {
            *served = Arc::new(site);
        }
    }
}

/// Builds, serves and rebuilds until Ctrl-C or a termination signal; then returns
/// [`STOPPED`].
pub fn run(options: &Options) -> Result<i32> {
    let root = std::path::absolute(&options.root).map_err(|e| Error::read(&options.root, e))?;
    if !root.join(CONFIG_FILE).is_file() {
        // Not a site at all: say so as `build` does, rather than serve an error page.
        Config::load(&root, None)?;
    }
    let listener = listen(SocketAddr::new(options.bind, options.port))?;
    let addr = listener.local_addr().map_err(|e| {
        Error::usage(
            codes::CANNOT_LISTEN,
            crate::t!("cannot listen: {e}", "无法监听：{e}"),
        )
    })?;
    if !options.bind.is_loopback() {
        let (bind, code) = (options.bind, codes::SERVE_PUBLIC);
        let frame = crate::messages::frame(crate::messages::lang());
        let (warning, colon) = (frame.warning, frame.colon);
        let line = crate::t!(
            "{warning}[{code}]{colon}listening on {bind}: anyone who can reach this machine can read the preview",
            "{warning}[{code}]{colon}正在监听 {bind}：能访问本机的任何人都能看到预览"
        );
        crate::errln!("{line}");
    }
    let stop = stop_signal()?;
    let server = Arc::new(Server::default());
    // The baseline is taken before the first build, so that an edit made during it counts.
    let mut watcher = Watcher::new(&root);
    let mut cache = BuildMemo::default();
    cache.know_stamps(watcher.stamps());
    let mut builder = Rebuilder {
        server: Arc::clone(&server),
        root: root.clone(),
        verbose: options.verbose,
        version: 0,
        warnings: Vec::new(),
        cache,
        packed: http::Packed::default(),
    };
    builder.rebuild(&crate::t!("built", "已构建"));

    let accepting = Arc::clone(&server);
    spawn("accept", move || accept(&listener, &accepting))?;
    let url = format!("http://{addr}/");
    let shown = crate::platform::display_path(&root);
    let line = crate::t!(
        "serving {shown} at {url} (Ctrl-C to stop)",
        "正在预览 {shown}，网址 {url} （按 Ctrl-C 停止）"
    );
    crate::outln!("{line}");
    if options.open {
        open_browser(&url);
    }
    spawn("rebuild", move || {
        loop {
            let changes = watcher.wait(watch::POLL_INTERVAL);
            builder.cache.know_stamps(watcher.stamps());
            let what = watch::describe(&changes);
            builder.rebuild(&crate::t!("{what}; rebuilt", "{what}；已重新构建"));
        }
    })?;
    // The other threads end with the process.
    let _ = stop.recv();
    crate::outln!("{}", crate::messages::Text::both("stopped", "已停止"));
    Ok(STOPPED)
}

/// A channel that receives once Ctrl-C is pressed or a termination signal arrives.
fn stop_signal() -> Result<std::sync::mpsc::Receiver<()>> {
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| {
        Error::usage(
            codes::SERVE_FAILED,
            crate::t!("cannot watch for Ctrl-C: {e}", "无法响应 Ctrl-C：{e}"),
        )
    })?;
    Ok(rx)
}

/// Starts a named thread.
fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<()> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map(drop)
        .map_err(|e| {
            Error::usage(
                codes::SERVE_FAILED,
                crate::t!(
                    "cannot start the {name} thread: {e}",
                    "无法启动 {name} 线程：{e}"
                ),
            )
        })
}

/// Rebuilds the site into the server, numbering each good build.
struct Rebuilder {
    server: Arc<Server>,
    root: PathBuf,
    verbose: bool,
    /// The number of the last good build, 0 before the first.
    version: u64,
    /// The warnings last printed, so that an unchanged list is not printed again.
    warnings: Vec<String>,
    /// What the last build computed, reused where nothing changed.
    cache: BuildMemo,
    /// The files the last site served held gzipped, by their bytes' hash.
    packed: http::Packed,
}

impl Rebuilder {
    /// Builds the site; on success serves it as the next version and reloads the pages, on
    /// failure prints the error and shows it on the pages. `done` starts the line printed.
    fn rebuild(&mut self, done: &crate::messages::Text) {
        let start = Instant::now();
        let cache = &mut self.cache;
        let result = Config::load(&self.root, None)
            .and_then(|config| build_site_cached(&config.for_serve(), cache));
        let elapsed = start.elapsed();
        match result {
            Ok(built) => {
                let warnings: Vec<String> =
                    built.warnings.0.iter().map(ToString::to_string).collect();
                if warnings != self.warnings {
                    warnings.iter().for_each(|w| crate::errln!("{w}"));
                    self.warnings = warnings;
                }
                if self.verbose {
                    for (stage, t) in &built.timings {
                        crate::errln!("  {stage:<24} {:>8.2} ms", t.as_secs_f64() * 1000.0);
                    }
                }
                self.version += 1;
                let (pages, files, reused) = (built.pages, built.files.len(), built.reused_pages);
                self.server
                    .set_site(SiteMap::new(built.files, self.version));
                self.server.reloader.built(self.version);
                let ms = elapsed.as_millis();
                let tail = match self.warnings.len() {
                    0 => crate::messages::Text::both("", ""),
                    1 => crate::messages::Text::both(", 1 warning", "，1 个警告"),
                    n => crate::t!(", {n} warnings", "，{n} 个警告"),
                };
                let line = crate::t!(
                    "{done} in {ms} ms ({pages} pages, {reused} reused, {files} files{tail})",
                    "{done}，用时 {ms} 毫秒（{pages} 个页面，沿用 {reused} 个，{files} 个文件{tail}）"
                );
                crate::outln!("{line}");
                // Served as built first, so that the pages reload at once; then with its
                // text files gzipped, which the pages never see (a fifth of the memory).
                let packed = self.server.site().packed(&mut self.packed);
                self.server.replace_site(packed);
            }
            Err(e) => {
                crate::errln!("{e}");
                // Print the warnings again once the build is good.
                self.warnings.clear();
                self.server.reloader.failed(reload::error_json(&e));
                let ms = elapsed.as_millis();
                let line = if self.version == 0 {
                    crate::t!(
                        "build failed in {ms} ms; no site to serve yet; open pages show the error",
                        "构建失败，用时 {ms} 毫秒；暂无可预览的网站；已打开的页面会显示错误"
                    )
                } else {
                    crate::t!(
                        "build failed in {ms} ms; still serving the last good site; open pages show the error",
                        "构建失败，用时 {ms} 毫秒；仍在预览上一次成功构建的网站；已打开的页面会显示错误"
                    )
                };
                crate::errln!("{line}");
            }
        }
    }
}

fn listen(addr: SocketAddr) -> Result<TcpListener> {
    TcpListener::bind(addr).map_err(|e| {
        Error::usage(
            codes::CANNOT_LISTEN,
            match e.kind() {
                io::ErrorKind::AddrInUse => crate::t!(
                    "cannot listen on {addr}: the port is already in use (another `qingfeng serve`?); pass --port N for another port, or --port 0 for any free one",
                    "无法监听 {addr}：端口已被占用（是否已有一个 `qingfeng serve` 在运行？）；可加 --port N 换一个端口，或 --port 0 自动选择空闲端口"
                ),
                _ => crate::t!("cannot listen on {addr}: {e}", "无法监听 {addr}：{e}"),
            },
        )
    })
}

/// Accepts connections, each handled in its own thread.
fn accept(listener: &TcpListener, server: &Arc<Server>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of file descriptors, usually: let some connections close.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if server.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            server.connections.fetch_sub(1, Ordering::SeqCst);
            let _ = Response::text(503, "503 too many connections\n").write_to(
                &mut stream,
                true,
                false,
            );
            continue;
        }
        let serving = Arc::clone(server);
        let spawned = std::thread::Builder::new()
            .name("connection".into())
            .spawn(move || {
                let _ = handle(stream, &serving);
                serving.connections.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            server.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Serves the requests of one connection until it closes, idles or asks for events.
fn handle(mut stream: TcpStream, server: &Server) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let request = match http::read_request(&mut reader) {
            Ok(r) => r,
            Err(ReadError::Closed | ReadError::Io(_)) => return Ok(()),
            Err(ReadError::Malformed) => {
                Response::text(400, "400 bad request\n").write_to(&mut stream, true, false)?;
                return linger(&stream, reader);
            }
            Err(ReadError::TooLarge) => {
                Response::text(431, "431 request header too large\n").write_to(
                    &mut stream,
                    true,
                    false,
                )?;
                return linger(&stream, reader);
            }
        };
        let path = request.target.split('?').next().unwrap_or_default();
        if request.method == Method::Get && path == http::EVENTS_PATH {
            return stream_events(&mut stream, &server.reloader);
        }
        let site = server.site();
        let response = http::resolve(&site, request.method, &request.target, request.gzip);
        response.write_to(
            &mut stream,
            request.method == Method::Get,
            request.keep_alive,
        )?;
        if request.has_body {
            return linger(&stream, reader);
        }
        if !request.keep_alive {
            return Ok(());
        }
    }
}

/// Closes a connection whose client may still be sending (a body, or an oversized head):
/// ends the writing side, then reads and drops a bounded amount, so that the response
/// is not lost to a reset.
fn linger(stream: &TcpStream, reader: BufReader<TcpStream>) -> io::Result<()> {
    stream.shutdown(std::net::Shutdown::Write)?;
    stream.set_read_timeout(Some(Duration::from_secs(1)))?;
    io::copy(&mut reader.take(1024 * 1024), &mut io::sink())?;
    Ok(())
}

/// Streams reload events to one page until it goes.
fn stream_events(stream: &mut TcpStream, reloader: &Reloader) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
          Cache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n",
    )?;
    stream.flush()?;
    let events = reloader.subscribe();
    loop {
        let message = match events.recv_timeout(KEEP_ALIVE) {
            Ok(event) => event.to_sse(),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        stream.write_all(message.as_bytes())?;
        stream.flush()?;
    }
}

/// Opens `url` in the default browser, warning when that fails.
fn open_browser(url: &str) {
    let (program, args) = crate::platform::browser_command(crate::platform::Os::current(), url);
    let spawned = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reap the opener when it exits, so that it leaves no zombie behind.
        Ok(mut child) => drop(std::thread::Builder::new().spawn(move || child.wait())),
        Err(e) => {
            let code = codes::NO_BROWSER;
            let frame = crate::messages::frame(crate::messages::lang());
            let (warning, colon) = (frame.warning, frame.colon);
            let line = crate::t!(
                "{warning}[{code}]{colon}cannot open a browser ({e}); open {url} yourself",
                "{warning}[{code}]{colon}无法打开浏览器（{e}）；请手动打开 {url}"
            );
            crate::errln!("{line}");
        }
    }
}
