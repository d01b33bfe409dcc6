//! One HTTP/1.1 request, over TCP or TLS, reading the answer's head only: the status and the
//! `Location` of a redirect. A `GET` is closed after its head, so no page is downloaded.
//! Every step is bounded: the connect, each read and write, and the whole answer.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs as _};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned};

use super::address::Address;
use super::tls::TlsProblem;

/// The largest answer head read; more is not HTTP as servers send it.
const MAX_HEAD: usize = 32 * 1024;

/// The `User-Agent`: browser-like, since many government sites refuse unknown clients, and
/// saying who asks.
const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (compatible; qingfeng-check/",
    env!("CARGO_PKG_VERSION"),
    ")"
);

/// The request methods the checker uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The head only.
    Head,
    /// The page; the checker stops reading after the head.
    Get,
}

/// A server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The reason phrase, e.g. `Not Found`.
    pub reason: String,
    /// The `Location` header, if any.
    pub location: Option<String>,
}

/// Why there was no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The host name has no address.
    Resolve(String),
    /// Nothing listens on the port.
    Refused,
    /// No connection, or no answer, within the time allowed.
    Timeout(Duration),
    /// The TLS handshake failed.
    Tls(TlsProblem),
    /// The connection was closed, or reset, before a whole answer head.
    Closed,
    /// The answer is not HTTP.
    NotHttp,
    /// Another network error.
    Io(String),
}

impl Failure {
    /// The failure in one phrase.
    pub fn describe(&self) -> String {
        match self {
            Failure::Resolve(detail) => format!("the host name cannot be resolved ({detail})"),
            Failure::Refused => "the connection was refused".to_string(),
            Failure::Timeout(t) => format!("no answer within {}", seconds(*t)),
            Failure::Tls(problem) => problem.describe(),
            Failure::Closed => "the server closed the connection without answering".to_string(),
            Failure::NotHttp => "the answer is not HTTP".to_string(),
            Failure::Io(detail) => detail.clone(),
        }
    }

    /// What the editor can do about it.
    pub fn help(&self) -> String {
        match self {
            Failure::Tls(problem) => problem.help(),
            Failure::Timeout(_) => {
                "the host may be down, slow or blocking requests from abroad; try again later, \
                 or allow more time with `--timeout SECONDS`"
                    .to_string()
            }
            Failure::Resolve(_) => {
                "check the host name for typos; a site that was closed down loses its name"
                    .to_string()
            }
            _ => {
                "open the address in a browser; update or remove the link if it is gone".to_string()
            }
        }
    }
}

/// `0.5 s`, `10 s`.
pub fn seconds(t: Duration) -> String {
    let s = t.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// Sends `method` for `address` and reads the answer's head. `timeout` bounds the connect
/// and each read and write; the whole head must come within three times that.
pub fn request(
    address: &Address,
    method: Method,
    tls: &Arc<ClientConfig>,
    timeout: Duration,
) -> Result<Answer, Failure> {
    let tcp = connect(address, timeout)?;
    tcp.set_read_timeout(Some(timeout))
        .and_then(|()| tcp.set_write_timeout(Some(timeout)))
        .map_err(|e| Failure::Io(e.to_string()))?;
    let head = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {USER_AGENT}\r\nAccept: text/html,*/*;q=0.8\r\nAccept-Language: zh-CN,zh;q=0.9\r\nConnection: close\r\n\r\n",
        match method {
            Method::Head => "HEAD",
            Method::Get => "GET",
        },
        address.target,
        address.authority(),
    );
    let deadline = Instant::now() + timeout * 3;
    if address.tls {
        let name = ServerName::try_from(address.bare_host().to_string())
            .map_err(|e| Failure::Io(format!("`{}` is not a host name: {e}", address.host)))?;
        let connection = ClientConnection::new(Arc::clone(tls), name)
            .map_err(|e| Failure::Tls(TlsProblem::of(&e)))?;
        exchange(StreamOwned::new(connection, tcp), &head, deadline, timeout)
    } else {
        exchange(tcp, &head, deadline, timeout)
    }
}

fn connect(address: &Address, timeout: Duration) -> Result<TcpStream, Failure> {
    // The system's resolver has no timeout of its own: it is asked on a thread of its own,
    // left to finish by itself when it takes too long.
    let (tx, rx) = std::sync::mpsc::channel();
    let name = (address.bare_host().to_string(), address.port);
    std::thread::spawn(move || {
        let _ = tx.send(
            name.to_socket_addrs()
                .map(Iterator::collect::<Vec<SocketAddr>>),
        );
    });
    let addrs = match rx.recv_timeout(timeout) {
        Ok(resolved) => resolved.map_err(|e| Failure::Resolve(e.to_string()))?,
        Err(_) => {
            return Err(Failure::Resolve(format!(
                "no answer from the name server within {}",
                seconds(timeout)
            )));
        }
    };
    // All of a host's addresses share the one timeout: four dead addresses cost one wait.
    let deadline = Instant::now() + timeout;
    let mut last = Failure::Resolve("no address".to_string());
    for addr in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::Timeout(timeout));
        }
        match TcpStream::connect_timeout(&addr, left) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = io_failure(&e, timeout),
        }
    }
    Err(last)
}

/// Writes the request and reads up to the end of the answer's head.
fn exchange(
    mut stream: impl Read + Write,
    head: &str,
    deadline: Instant,
    timeout: Duration,
) -> Result<Answer, Failure> {
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.flush())
        .map_err(|e| io_failure(&e, timeout))?;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(answer) = parse_head(&got)? {
            return Ok(answer);
        }
        if got.len() > MAX_HEAD {
            return Err(Failure::NotHttp);
        }
        if Instant::now() > deadline {
            return Err(Failure::Timeout(timeout));
        }
        match stream.read(&mut buf) {
            Ok(0) if got.is_empty() => return Err(Failure::Closed),
            Ok(0) => {
                return parse_head(&[got.as_slice(), b"\r\n\r\n"].concat())?.ok_or(Failure::Closed);
            }
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_failure(&e, timeout)),
        }
    }
}

/// The first final (not `1xx`) answer head in `bytes`: `Ok(None)` while it is incomplete.
fn parse_head(bytes: &[u8]) -> Result<Option<Answer>, Failure> {
    let mut rest = bytes;
    loop {
        let Some(end) = find_head_end(rest) else {
            // An answer that does not start like HTTP will not become HTTP.
            if rest.len() >= 5 && !rest.starts_with(b"HTTP/") {
                return Err(Failure::NotHttp);
            }
            return Ok(None);
        };
        let text = String::from_utf8_lossy(&rest[..end]);
        let mut lines = text.lines();
        let status_line = lines.next().unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        if !parts.next().is_some_and(|v| v.starts_with("HTTP/")) {
            return Err(Failure::NotHttp);
        }
        let status: u16 = parts
            .next()
            .and_then(|s| s.parse().ok())
            .filter(|s| (100..1000).contains(s))
            .ok_or(Failure::NotHttp)?;
        if (100..200).contains(&status) {
            rest = &rest[end..];
            continue;
        }
        let location = lines.find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("location")
                .then(|| value.trim().to_string())
        });
        return Ok(Some(Answer {
            status,
            reason: parts.next().unwrap_or_default().trim().to_string(),
            location,
        }));
    }
}

/// The end of the first head (past its blank line), accepting bare `\n` line ends.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn io_failure(e: &io::Error, timeout: Duration) -> Failure {
    if let Some(tls) = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        return Failure::Tls(TlsProblem::of(tls));
    }
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Failure::Timeout(timeout),
        io::ErrorKind::ConnectionRefused => Failure::Refused,
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::UnexpectedEof
        | io::ErrorKind::BrokenPipe => Failure::Closed,
        _ => Failure::Io(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_heads_are_read() {
        let answer = |bytes: &[u8]| parse_head(bytes);
        assert_eq!(
            answer(b"HTTP/1.1 301 Moved Permanently\r\nlocation:  /new \r\nServer: x\r\n\r\nbody"),
            Ok(Some(Answer {
                status: 301,
                reason: "Moved Permanently".into(),
                location: Some("/new".into())
            }))
        );
        assert_eq!(
            answer(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 404 Not Found\n\n"),
            Ok(Some(Answer {
                status: 404,
                reason: "Not Found".into(),
                location: None
            }))
        );
        assert_eq!(answer(b"HTTP/1.1 200 OK\r\nServer"), Ok(None));
        assert_eq!(answer(b"SSH-2.0-OpenSSH\r\n"), Err(Failure::NotHttp));
        assert_eq!(answer(b"HTTP/1.1 abc\r\n\r\n"), Err(Failure::NotHttp));
    }

    /// A plain-HTTP server on the loopback interface answering once: no other host is
    /// contacted. The TLS paths are tested through the binary (tests/suite/external.rs).
    #[test]
    fn a_head_request_on_loopback() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().expect("accept");
            let mut buf = [0u8; 1024];
            let n = s.read(&mut buf).expect("read");
            s.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                .expect("write");
            String::from_utf8_lossy(&buf[..n]).into_owned()
        });
        let address = Address::parse(&format!("http://127.0.0.1:{port}/gone?x=1")).expect("url");
        let tls = super::super::tls::client_config(None).expect("tls");
        let got = request(&address, Method::Head, &tls, Duration::from_secs(5));
        assert_eq!(got.map(|a| a.status), Ok(404));
        let request = server.join().expect("server");
        assert!(
            request.starts_with("HEAD /gone?x=1 HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(
            request.contains(&format!("Host: 127.0.0.1:{port}\r\n")),
            "{request}"
        );
    }
}
