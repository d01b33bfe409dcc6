//! A small HTTP and HTTPS server on loopback addresses for the `--external` tests, with
//! certificates made at test time (rcgen): a test CA, and server certificates signed by it
//! (or self-signed, expired, or for another name). It logs every request, counts
//! simultaneous connections (in total and per address) and answers what a route says.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::ServerConfig;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// What the server answers to one request.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Never answer: hold the connection until the client gives up.
    pub silent: bool,
}

impl Reply {
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            location: None,
            delay: Duration::ZERO,
            silent: false,
        }
    }

    pub fn redirect(status: u16, to: &str) -> Reply {
        Reply {
            location: Some(to.to_string()),
            ..Reply::status(status)
        }
    }

    pub fn silent() -> Reply {
        Reply {
            silent: true,
            ..Reply::status(200)
        }
    }

    pub fn after(self, delay: Duration) -> Reply {
        Reply { delay, ..self }
    }
}

type Route = dyn Fn(&str, &str) -> Reply + Send + Sync;

#[derive(Default)]
struct Counts {
    now: usize,
    most: usize,
    per_ip: HashMap<IpAddr, (usize, usize)>,
}

/// A running server; stopped when dropped.
pub struct Server {
    /// The port of each address, in the order given.
    pub ports: Vec<u16>,
    /// `METHOD /path` of every request, in order, by address.
    log: Arc<Mutex<Vec<(IpAddr, String)>>>,
    counts: Arc<Mutex<Counts>>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Serves `route` on each of `ips` (each its own port), over TLS when `tls` is given.
    pub fn start(
        ips: &[Ipv4Addr],
        tls: Option<Arc<ServerConfig>>,
        route: impl Fn(&str, &str) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let route: Arc<Route> = Arc::new(route);
        let log = Arc::new(Mutex::new(Vec::new()));
        let counts = Arc::new(Mutex::new(Counts::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let mut ports = Vec::new();
        let mut threads = Vec::new();
        for ip in ips {
            let listener = TcpListener::bind((*ip, 0)).expect("bind a loopback address");
            listener.set_nonblocking(true).expect("nonblocking");
            ports.push(listener.local_addr().expect("addr").port());
            let (route, log, counts, stop, tls) = (
                Arc::clone(&route),
                Arc::clone(&log),
                Arc::clone(&counts),
                Arc::clone(&stop),
                tls.clone(),
            );
            threads.push(std::thread::spawn(move || {
                accept_loop(&listener, tls, &route, &log, &counts, &stop);
            }));
        }
        Server {
            ports,
            log,
            counts,
            stop,
            threads,
        }
    }

    /// The requests so far, as `METHOD /path`.
    pub fn requests(&self) -> Vec<String> {
        let log = self.log.lock().expect("log");
        log.iter().map(|(_, r)| r.clone()).collect()
    }

    /// The most connections open at once: in total, and to any one address.
    pub fn most_at_once(&self) -> (usize, usize) {
        let counts = self.counts.lock().expect("counts");
        let per_ip = counts.per_ip.values().map(|(_, most)| *most).max();
        (counts.most, per_ip.unwrap_or(0))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn accept_loop(
    listener: &TcpListener,
    tls: Option<Arc<ServerConfig>>,
    route: &Arc<Route>,
    log: &Arc<Mutex<Vec<(IpAddr, String)>>>,
    counts: &Arc<Mutex<Counts>>,
    stop: &Arc<AtomicBool>,
) {
    let mut handlers = Vec::new();
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let local = stream.local_addr().expect("local addr");
                let (route, log, counts, stop, tls) = (
                    Arc::clone(route),
                    Arc::clone(log),
                    Arc::clone(counts),
                    Arc::clone(stop),
                    tls.clone(),
                );
                handlers.push(std::thread::spawn(move || {
                    let mut open = Open::new(&counts, local.ip());
                    let _ = serve(stream, tls, &route, &log, &stop, local, &mut open);
                }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => break,
        }
    }
    for h in handlers {
        let _ = h.join();
    }
}

/// A connection counted as open from its accept until its answer starts (or it ends
/// without one). Once the answer starts, the client may take another connection to the
/// host at any moment: counting this one until its thread ends would count both.
struct Open<'a> {
    counts: &'a Mutex<Counts>,
    ip: IpAddr,
    open: bool,
}

impl<'a> Open<'a> {
    fn new(counts: &'a Mutex<Counts>, ip: IpAddr) -> Open<'a> {
        let mut c = counts.lock().expect("counts");
        c.now += 1;
        c.most = c.most.max(c.now);
        let (now, most) = c.per_ip.entry(ip).or_default();
        *now += 1;
        *most = (*most).max(*now);
        Open {
            counts,
            ip,
            open: true,
        }
    }

    fn close(&mut self) {
        if !std::mem::take(&mut self.open) {
            return;
        }
        let mut c = self.counts.lock().expect("counts");
        c.now -= 1;
        if let Some((now, _)) = c.per_ip.get_mut(&self.ip) {
            *now -= 1;
        }
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        self.close();
    }
}

fn serve(
    stream: TcpStream,
    tls: Option<Arc<ServerConfig>>,
    route: &Arc<Route>,
    log: &Mutex<Vec<(IpAddr, String)>>,
    stop: &AtomicBool,
    local: SocketAddr,
    open: &mut Open<'_>,
) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_millis(50)))?;
    match tls {
        Some(config) => {
            let connection =
                rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
            let mut tls = rustls::StreamOwned::new(connection, stream);
            answer(&mut tls, route, log, stop, local, open)?;
            tls.conn.send_close_notify();
            tls.flush()
        }
        None => {
            let mut stream = stream;
            answer(&mut stream, route, log, stop, local, open)
        }
    }
}

fn answer(
    stream: &mut (impl Read + Write),
    route: &Arc<Route>,
    log: &Mutex<Vec<(IpAddr, String)>>,
    stop: &AtomicBool,
    local: SocketAddr,
    open: &mut Open<'_>,
) -> std::io::Result<()> {
    // Read the request head; give up when the client goes away or the test ends.
    let mut got = Vec::new();
    let mut buf = [0u8; 2048];
    let mut waited = 0;
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                waited += 1;
                if stop.load(Ordering::SeqCst) || waited > 200 {
                    return Ok(());
                }
            }
            Err(e) => return Err(e),
        }
    }
    let head = String::from_utf8_lossy(&got).into_owned();
    let mut words = head.split_whitespace();
    let (method, path) = (
        words.next().unwrap_or_default().to_string(),
        words.next().unwrap_or_default().to_string(),
    );
    log.lock()
        .expect("log")
        .push((local.ip(), format!("{method} {path}")));
    let reply = route(&method, &path);
    if reply.silent {
        // Hold the connection until the client closes it, or the test ends.
        for _ in 0..400 {
            match stream.read(&mut buf) {
                Ok(0) => return Ok(()),
                Err(e)
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return Ok(());
                }
                _ => {}
            }
            if stop.load(Ordering::SeqCst) {
                return Ok(());
            }
        }
        return Ok(());
    }
    std::thread::sleep(reply.delay);
    let reason = match reply.status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Whatever",
    };
    let location = reply
        .location
        .map(|l| format!("Location: {l}\r\n"))
        .unwrap_or_default();
    let body = if method == "GET" { "body" } else { "" };
    open.close();
    write!(
        stream,
        "HTTP/1.1 {} {reason}\r\n{location}Content-Length: 4\r\nConnection: close\r\n\r\n{body}",
        reply.status
    )?;
    stream.flush()
}

/// A test CA and what it signs.
pub struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    pem: String,
}

impl TestCa {
    pub fn new() -> TestCa {
        let key = KeyPair::generate().expect("key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "qingfeng test CA (tests only)");
        let cert = params.self_signed(&key).expect("CA certificate");
        TestCa {
            pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// Writes the CA certificate (PEM) to `path`, for `QINGFENG_EXTRA_CA`.
    pub fn write_pem(&self, path: &Path) {
        std::fs::write(path, &self.pem).expect("write CA");
    }

    /// A server configuration with a certificate for `names`, signed by this CA; `expired`
    /// makes one that ran out in 2020.
    pub fn server(&self, names: &[&str], expired: bool) -> Arc<ServerConfig> {
        let key = KeyPair::generate().expect("key");
        let mut params =
            CertificateParams::new(names.iter().map(|n| (*n).to_string()).collect::<Vec<_>>())
                .expect("params");
        if expired {
            params.not_before = rcgen::date_time_ymd(2019, 1, 1);
            params.not_after = rcgen::date_time_ymd(2020, 1, 1);
        }
        let cert = params.signed_by(&key, &self.issuer).expect("sign");
        server_config(cert.der().clone(), &key)
    }
}

/// A server configuration with a self-signed certificate for `names`.
pub fn self_signed_server(names: &[&str]) -> Arc<ServerConfig> {
    let key = KeyPair::generate().expect("key");
    let params = CertificateParams::new(names.iter().map(|n| (*n).to_string()).collect::<Vec<_>>())
        .expect("params");
    let cert = params.self_signed(&key).expect("self-signed");
    server_config(cert.der().clone(), &key)
}

fn server_config(cert: CertificateDer<'static>, key: &KeyPair) -> Arc<ServerConfig> {
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("server config");
    Arc::new(config)
}
