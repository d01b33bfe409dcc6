//! `qingfeng check --external`: asks each external `http://` address whether it is still
//! there, with a `HEAD` request (a `GET` when `HEAD` is refused) over `std::net` and a short
//! timeout. `https://` addresses are not fetched: that needs TLS, and qingfeng carries no TLS
//! library; they are listed for a person to open instead.

use std::io::{Read as _, Write as _};
use std::net::{TcpStream, ToSocketAddrs as _};
use std::time::Duration;

/// How long to wait for a connection, and then for each read or write.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// What asking an address gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server answered with this status (redirects count as answers).
    Status(u16),
    /// An `https://` (or `//`) address: not fetched.
    Unsupported,
    /// No answer: the reason.
    Failed(String),
}

/// An `http://` address split for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HttpUrl {
    host: String,
    port: u16,
    /// The path and query, at least `/`.
    target: String,
}

fn parse_http(url: &str) -> Option<HttpUrl> {
    let rest = url
        .get(..7)
        .filter(|s| s.eq_ignore_ascii_case("http://"))
        .and_then(|_| url.get(7..))?;
    let rest = rest.split('#').next().unwrap_or_default();
    let (authority, target) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, String::new()),
    };
    let target = if target.starts_with('?') || target.is_empty() {
        format!("/{target}")
    } else {
        target
    };
    let authority = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let (h, after) = inner.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if after.is_empty() => 80,
            None => return None,
        };
        (format!("[{h}]"), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p.parse().ok()?),
            None => (authority.to_string(), 80),
        }
    };
    if host.is_empty() || host == "[]" || target.contains([' ', '\r', '\n']) {
        return None;
    }
    Some(HttpUrl { host, port, target })
}

/// Asks `url` for its status. Only `http://` is fetched; see the module's doc.
pub fn fetch(url: &str, timeout: Duration) -> Fetched {
    if !url
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
    {
        return Fetched::Unsupported;
    }
    let Some(parsed) = parse_http(url) else {
        return Fetched::Failed("not a valid http address".to_string());
    };
    match request(&parsed, "HEAD", timeout) {
        Ok(405 | 501) => match request(&parsed, "GET", timeout) {
            Ok(status) => Fetched::Status(status),
            Err(e) => Fetched::Failed(e),
        },
        Ok(status) => Fetched::Status(status),
        Err(e) => Fetched::Failed(e),
    }
}

fn request(url: &HttpUrl, method: &str, timeout: Duration) -> Result<u16, String> {
    let addrs = (
        url.host.trim_start_matches('[').trim_end_matches(']'),
        url.port,
    )
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {}: {e}", url.host))?;
    let mut last = format!("{} has no address", url.host);
    for addr in addrs {
        let mut stream = match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => s,
            Err(e) => {
                last = format!("cannot connect to {addr}: {e}");
                continue;
            }
        };
        stream
            .set_read_timeout(Some(timeout))
            .map_err(|e| e.to_string())?;
        stream
            .set_write_timeout(Some(timeout))
            .map_err(|e| e.to_string())?;
        let host = if url.port == 80 {
            url.host.clone()
        } else {
            format!("{}:{}", url.host, url.port)
        };
        let head = format!(
            "{method} {} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: qingfeng-check\r\nAccept: */*\r\nConnection: close\r\n\r\n",
            url.target
        );
        stream
            .write_all(head.as_bytes())
            .map_err(|e| format!("cannot send the request: {e}"))?;
        let mut buf = [0u8; 512];
        let mut got = Vec::new();
        while !got.contains(&b'\n') && got.len() < 4096 {
            let n = stream
                .read(&mut buf)
                .map_err(|e| format!("no answer: {e}"))?;
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        return status_of(&got).ok_or_else(|| "the answer is not HTTP".to_string());
    }
    Err(last)
}

/// The status code of an HTTP status line, e.g. `HTTP/1.1 404 Not Found`.
fn status_of(answer: &[u8]) -> Option<u16> {
    let line = answer.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split_whitespace();
    parts.next().filter(|v| v.starts_with("HTTP/"))?;
    parts.next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_addresses_are_split() {
        let u = |host: &str, port, target: &str| {
            Some(HttpUrl {
                host: host.into(),
                port,
                target: target.into(),
            })
        };
        assert_eq!(
            parse_http("http://www.12380.gov.cn"),
            u("www.12380.gov.cn", 80, "/")
        );
        assert_eq!(
            parse_http("http://example.org:8080/a/b?c=1#x"),
            u("example.org", 8080, "/a/b?c=1")
        );
        assert_eq!(
            parse_http("HTTP://example.org?q"),
            u("example.org", 80, "/?q")
        );
        assert_eq!(parse_http("http://[::1]:81/"), u("[::1]", 81, "/"));
        assert_eq!(parse_http("http://[::1]/x"), u("[::1]", 80, "/x"));
        assert_eq!(parse_http("http://:80/"), None);
        assert_eq!(parse_http("https://example.org/"), None);
    }

    #[test]
    fn status_lines_are_read() {
        assert_eq!(
            status_of(b"HTTP/1.1 404 Not Found\r\nServer: x\r\n"),
            Some(404)
        );
        assert_eq!(status_of(b"HTTP/1.0 200 OK\r\n"), Some(200));
        assert_eq!(status_of(b"SSH-2.0-OpenSSH\r\n"), None);
    }

    #[test]
    fn https_is_not_fetched() {
        assert_eq!(
            fetch("https://beian.miit.gov.cn/", TIMEOUT),
            Fetched::Unsupported
        );
        assert_eq!(
            fetch("//cdn.example.org/a.png", TIMEOUT),
            Fetched::Unsupported
        );
    }

    /// A server on the loopback interface of this machine, answering once: no other host
    /// is contacted.
    #[test]
    fn head_request_on_loopback() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().expect("accept");
            let mut buf = [0u8; 1024];
            let n = s.read(&mut buf).expect("read");
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            s.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                .expect("write");
            request
        });
        let got = fetch(&format!("http://127.0.0.1:{port}/gone?x=1"), TIMEOUT);
        assert_eq!(got, Fetched::Status(404));
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
