//! The preview server's HTTP/1.1: reading a request within bounds, resolving its path
//! against the site in memory, and writing the response. Resolving is a pure function.

use std::collections::HashMap;
use std::io::{self, BufRead, Read, Write};
use std::sync::Arc;

use crate::render::{Encoding, OutputFile};
use crate::url::percent_decode;

use super::reload;

/// The longest request head (request line and headers) accepted, in bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most header lines accepted.
const MAX_HEADERS: usize = 100;
/// The path of the reload event stream.
pub const EVENTS_PATH: &str = "/__qingfeng/events";

/// One built site, held in memory, by '/'-separated path relative to the site's root.
/// Pages may be held gzipped (see [`Encoding`]): they are sent so to a client that accepts
/// gzip, and decompressed for any other.
#[derive(Debug, Default)]
pub struct SiteMap {
    files: HashMap<String, (Arc<[u8]>, Encoding)>,
    /// The build's number, counted from 1; 0 when no build has succeeded yet.
    pub version: u64,
}

impl SiteMap {
    /// The files of a build, numbered `version`.
    pub fn new(files: Vec<OutputFile>, version: u64) -> SiteMap {
        SiteMap {
            files: files
                .into_iter()
                .map(|f| (f.path, (f.bytes, f.encoding)))
                .collect(),
            version,
        }
    }

    /// The same site with every text file of at least [`PACK_FROM`] bytes held gzipped: each
    /// gzipped afresh unless `packed` holds it, by its path and a hash of its bytes, from
    /// the previous site. `packed` is left holding this site's.
    pub fn packed(&self, packed: &mut Packed) -> SiteMap {
        let mut kept = HashMap::new();
        let files = self
            .files
            .iter()
            .map(|(path, (bytes, encoding))| {
                if *encoding != Encoding::Identity
                    || bytes.len() < PACK_FROM
                    || !compressible(content_type(path))
                {
                    return (path.clone(), (Arc::clone(bytes), *encoding));
                }
                let hash = crate::memo::key(&[bytes]);
                let gz = match packed.0.get(path) {
                    Some((h, gz)) if *h == hash => Arc::clone(gz),
                    _ => crate::gzip::compress(bytes).into(),
                };
                kept.insert(path.clone(), (hash, Arc::clone(&gz)));
                (path.clone(), (gz, Encoding::Gzip))
            })
            .collect();
        packed.0 = kept;
        SiteMap {
            files,
            version: self.version,
        }
    }

    /// Whether the site has been built at all.
    pub fn is_built(&self) -> bool {
        self.version > 0
    }

    /// A file's bytes, as held, and how they are encoded.
    pub fn get(&self, path: &str) -> Option<(&Arc<[u8]>, Encoding)> {
        self.files.get(path).map(|(b, e)| (b, *e))
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The smallest file [`SiteMap::packed`] gzips: below it, gzip's header and the
/// allocation save little.
pub const PACK_FROM: usize = 1024;

/// The files a [`SiteMap::packed`] gzipped, by path, with a hash of their bytes: kept from
/// one build to the next, so that a file that did not change is not gzipped again.
#[derive(Debug, Default)]
pub struct Packed(HashMap<String, (u64, Arc<[u8]>)>);

/// Whether a file of this Content-Type is text that gzip shrinks (not an image already
/// compressed, a font or an archive).
fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || matches!(
            content_type,
            "application/json"
                | "application/xml"
                | "application/atom+xml"
                | "image/svg+xml"
                | "application/manifest+json"
        )
}

/// The methods the server knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// HEAD: GET without the body.
    Head,
    /// Anything else, refused with 405.
    Other,
}

/// A request's head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The request target as sent, e.g. `/counties/yaodu/?x=1`.
    pub target: String,
    /// Whether the client wants the connection kept open afterwards.
    pub keep_alive: bool,
    /// Whether a body follows (which this server never reads): the connection must close.
    pub has_body: bool,
    /// Whether the client takes a gzipped body (`Accept-Encoding: gzip`).
    pub gzip: bool,
}

/// Why a request could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The connection closed or went idle before a request started: close quietly.
    Closed,
    /// The request is malformed: answer 400 and close.
    Malformed,
    /// The head is longer than [`MAX_HEAD`] or has too many headers: answer 431 and close.
    TooLarge,
    /// The connection failed or timed out mid-request.
    Io(io::Error),
}

/// Reads one request head from `reader`, reading at most [`MAX_HEAD`] bytes.
pub fn read_request(reader: &mut impl BufRead) -> Result<Request, ReadError> {
    let mut limited = reader.take(MAX_HEAD as u64);
    let mut line = Vec::new();
    // Skip the empty lines some clients send between requests.
    loop {
        line.clear();
        let n = limited
            .read_until(b'\n', &mut line)
            .map_err(|e| match e.kind() {
                io::ErrorKind::WouldBlock
                | io::ErrorKind::TimedOut
                | io::ErrorKind::ConnectionReset => ReadError::Closed,
                _ => ReadError::Io(e),
            })?;
        if n == 0 {
            return Err(if limited.limit() == 0 {
                ReadError::TooLarge
            } else {
                ReadError::Closed
            });
        }
        if !trim_eol(&line).is_empty() {
            break;
        }
    }
    let request_line =
        String::from_utf8(trim_eol(&line).to_vec()).map_err(|_| ReadError::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed);
    };
    if !version.starts_with("HTTP/1.") || target.is_empty() {
        return Err(ReadError::Malformed);
    }
    let mut keep_alive = version != "HTTP/1.0";
    let mut has_body = false;
    let mut gzip = false;
    let mut headers = 0;
    loop {
        line.clear();
        let n = limited
            .read_until(b'\n', &mut line)
            .map_err(ReadError::Io)?;
        if n == 0 || !line.ends_with(b"\n") {
            return Err(if limited.limit() == 0 {
                ReadError::TooLarge
            } else {
                ReadError::Malformed
            });
        }
        let header = trim_eol(&line);
        if header.is_empty() {
            break;
        }
        headers += 1;
        if headers > MAX_HEADERS {
            return Err(ReadError::TooLarge);
        }
        let header = std::str::from_utf8(header).map_err(|_| ReadError::Malformed)?;
        let (name, value) = header.split_once(':').ok_or(ReadError::Malformed)?;
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "connection" => {
                let v = value.to_ascii_lowercase();
                if v.contains("close") {
                    keep_alive = false;
                } else if v.contains("keep-alive") {
                    keep_alive = true;
                }
            }
            "content-length" => has_body |= value != "0",
            "transfer-encoding" => has_body = true,
            "accept-encoding" => gzip = accepts_gzip(value),
            _ => {}
        }
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => Method::Other,
    };
    Ok(Request {
        method,
        target: target.to_string(),
        keep_alive: keep_alive && !has_body,
        has_body,
        gzip,
    })
}

/// Whether an `Accept-Encoding` value accepts gzip: `gzip` (or `x-gzip`, or `*`) listed
/// without `q=0`.
pub fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        let refused = parts.any(|p| {
            p.to_ascii_lowercase()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        matches!(name.as_str(), "gzip" | "x-gzip" | "*") && !refused
    })
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A response, ready to write.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers besides the ones every response gets.
    pub headers: Vec<(&'static str, String)>,
    /// The body (sent for GET, only measured for HEAD).
    pub body: Arc<[u8]>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: impl Into<Arc<[u8]>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    /// A plain-text response.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", text.as_bytes())
    }

    /// The value of a header, if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Writes the response; the body only when `with_body`.
    pub fn write_to(
        &self,
        out: &mut impl Write,
        with_body: bool,
        keep_alive: bool,
    ) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        head.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
        head.push_str(if keep_alive {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        out.write_all(head.as_bytes())?;
        if with_body {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// The reason phrase of the status codes this server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Answers `method` on `target` from `site`; HTML gets the reload script, for `version`.
/// A file held gzipped is sent so when the client accepts it (`gzip`), else decompressed;
/// an HTML page is always decompressed, to take the script, and sent as it was published.
pub fn resolve(site: &SiteMap, method: Method, target: &str, gzip: bool) -> Response {
    if method == Method::Other {
        let mut r = Response::text(
            405,
            "405 method not allowed: this preview server answers GET and HEAD only\n",
        );
        r.headers.push(("Allow", "GET, HEAD".into()));
        return r;
    }
    let raw_path = target.split(['?', '#']).next().unwrap_or_default();
    let query = target.get(raw_path.len()..).unwrap_or_default();
    let Some(segments) = decode_path(raw_path) else {
        return Response::text(
            400,
            "400 bad request: the path is not a file of this site\n",
        );
    };
    if !site.is_built() {
        return not_built(site.version);
    }
    let key = segments.join("/");
    let (key, is_folder) = if key.is_empty() || raw_path.ends_with('/') {
        (
            format!("{key}{}index.html", if key.is_empty() { "" } else { "/" }),
            true,
        )
    } else {
        (key, false)
    };
    if let Some(file) = site.get(&key) {
        return file_response(200, &key, file, site.version, gzip);
    }
    if !is_folder && site.get(&format!("{key}/index.html")).is_some() {
        let mut r = Response::text(301, "301 moved permanently\n");
        r.headers.push(("Location", format!("{raw_path}/{query}")));
        return r;
    }
    match site.get("404.html") {
        Some(file) => file_response(404, "404.html", file, site.version, gzip),
        None => Response::text(404, "404 not found\n"),
    }
}

fn file_response(
    status: u16,
    path: &str,
    (bytes, encoding): (&Arc<[u8]>, Encoding),
    version: u64,
    gzip: bool,
) -> Response {
    let content_type = content_type(path);
    let html = content_type.starts_with("text/html");
    let mut r = match encoding {
        Encoding::Gzip if gzip && !html => {
            let mut r = Response::new(status, content_type, Arc::clone(bytes));
            r.headers.push(("Content-Encoding", "gzip".into()));
            r
        }
        Encoding::Identity if !html => Response::new(status, content_type, Arc::clone(bytes)),
        _ => match encoding.published(bytes) {
            Some(plain) if html => {
                Response::new(status, content_type, reload::inject(&plain, version))
            }
            Some(plain) => Response::new(status, content_type, plain.into_owned()),
            // An image-cache entry gone since the build (the cache was removed by hand).
            None => Response::text(
                404,
                "404 not found: the image cache was emptied since the build; restart qingfeng serve\n",
            ),
        },
    };
    if encoding == Encoding::Gzip && !html {
        // A cache between must not give the gzipped body to a client that did not ask.
        r.headers.push(("Vary", "Accept-Encoding".into()));
    }
    r
}

/// The page served for every path while no build has succeeded: the reload script shows
/// the error over it, and reloads it once a build succeeds.
fn not_built(version: u64) -> Response {
    let page = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>qingfeng serve: 构建失败</title></head>\n\
                <body><main><h1>站点尚未构建成功</h1><p>The site has not been built yet: fix the error shown in the terminal; this page reloads by itself.</p></main></body></html>\n";
    Response::new(
        503,
        "text/html; charset=utf-8",
        reload::inject(page.as_bytes(), version),
    )
}

/// Splits a request path into its decoded segments, or `None` when it could name anything
/// outside the site: `..` or `.` segments (also percent-encoded), encoded slashes,
/// backslashes, NUL and other control characters, empty segments (`//`), invalid UTF-8.
pub fn decode_path(raw_path: &str) -> Option<Vec<String>> {
    let rest = raw_path.strip_prefix('/')?;
    if raw_path.contains('\\') {
        return None;
    }
    let parts: Vec<&str> = rest.split('/').collect();
    let last = parts.len() - 1;
    let mut segments = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            if i == last {
                break;
            }
            return None;
        }
        let segment = percent_decode(part)?;
        if segment == "."
            || segment == ".."
            || segment.contains(['/', '\\', ':'])
            || segment.chars().any(char::is_control)
        {
            return None;
        }
        segments.push(segment);
    }
    Some(segments)
}

/// The Content-Type of a file, by its name.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "atom.xml" {
        return "application/atom+xml";
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteMap {
        let file = |path: &str, text: &str| OutputFile::new(path, text.as_bytes());
        SiteMap::new(
            vec![
                file("index.html", "<html><body>home</body></html>"),
                file("404.html", "<html><body>missing</body></html>"),
                file(
                    "counties/yaodu/index.html",
                    "<html><body>尧都</body></html>",
                ),
                file("css/site.css", "body{}"),
                file("atom.xml", "<feed/>"),
                file("数据/说明.txt", "说明"),
            ],
            3,
        )
    }

    #[track_caller]
    fn case(target: &str, status: u16, content_type: Option<&str>) -> Response {
        let r = resolve(&site(), Method::Get, target, false);
        assert_eq!(r.status, status, "{target}");
        if let Some(ct) = content_type {
            assert_eq!(r.header("Content-Type"), Some(ct), "{target}");
        }
        r
    }

    #[test]
    fn files_folders_and_types() {
        case("/", 200, Some("text/html; charset=utf-8"));
        case("/index.html", 200, None);
        case("/counties/yaodu/", 200, None);
        case("/counties/yaodu/?q=1", 200, None);
        case("/css/site.css", 200, Some("text/css; charset=utf-8"));
        case("/atom.xml", 200, Some("application/atom+xml"));
        let r = case(
            "/%E6%95%B0%E6%8D%AE/%E8%AF%B4%E6%98%8E.txt",
            200,
            Some("text/plain; charset=utf-8"),
        );
        assert_eq!(&*r.body, "说明".as_bytes());
        case("/数据/说明.txt", 200, None);
    }

    #[test]
    fn folders_without_a_slash_redirect() {
        let r = case("/counties/yaodu", 301, None);
        assert_eq!(r.header("Location"), Some("/counties/yaodu/"));
        let r = case("/counties/yaodu?x=1", 301, None);
        assert_eq!(r.header("Location"), Some("/counties/yaodu/?x=1"));
    }

    #[test]
    fn missing_files_get_the_404_page() {
        let r = case("/nothing", 404, Some("text/html; charset=utf-8"));
        assert!(String::from_utf8_lossy(&r.body).contains("missing"));
        case("/counties/", 404, None);
    }

    #[test]
    fn paths_out_of_the_site_are_refused() {
        for target in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/..%2fsite.toml",
            "/css/..%5c..%5csite.toml",
            "/css\\..\\site.toml",
            "//etc/passwd",
            "/%00",
            "/a%00b",
            "/%ff",
            "/%zz",
            "/%e6",
            "/./index.html",
            "/C:/x",
            "site.toml",
            "http://evil/",
        ] {
            let r = resolve(&site(), Method::Get, target, false);
            assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        }
    }

    #[test]
    fn only_get_and_head() {
        let r = resolve(&site(), Method::Other, "/", false);
        assert_eq!(r.status, 405);
        assert_eq!(r.header("Allow"), Some("GET, HEAD"));
        assert_eq!(resolve(&site(), Method::Head, "/", false).status, 200);
    }

    #[test]
    fn html_gets_the_script_before_body_end_and_other_files_do_not() {
        let r = case("/", 200, None);
        let html = String::from_utf8_lossy(&r.body);
        assert!(html.contains(EVENTS_PATH), "{html}");
        assert!(html.ends_with("</script>\n</body></html>"), "{html}");
        let r = case("/css/site.css", 200, None);
        assert_eq!(&*r.body, b"body{}");
    }

    #[test]
    fn an_unbuilt_site_answers_every_path_with_the_error_page() {
        let r = resolve(&SiteMap::default(), Method::Get, "/counties/yaodu/", false);
        assert_eq!(r.status, 503);
        assert!(String::from_utf8_lossy(&r.body).contains(EVENTS_PATH));
    }

    /// The example's files, with the county page and the data held gzipped, as `serve`
    /// holds county pages.
    fn gzipped_site() -> SiteMap {
        let files = vec![
            OutputFile::new("index.html", "<html><body>home</body></html>".as_bytes()),
            OutputFile::new(
                "counties/yaodu/index.html",
                "<html><body>尧都</body></html>".as_bytes(),
            )
            .gzipped(),
            OutputFile::new("data/summary.json", "{\"县\": \"尧都\"}".as_bytes()).gzipped(),
            OutputFile::new("404.html", "<html><body>missing</body></html>".as_bytes()).gzipped(),
        ];
        SiteMap::new(files, 3)
    }

    #[test]
    fn a_gzipped_file_is_sent_gzipped_only_to_a_client_that_accepts_it() {
        let site = gzipped_site();
        let plain = resolve(&site, Method::Get, "/data/summary.json", false);
        assert_eq!(plain.status, 200);
        assert_eq!(&*plain.body, "{\"县\": \"尧都\"}".as_bytes());
        assert_eq!(plain.header("Content-Encoding"), None);
        assert_eq!(plain.header("Vary"), Some("Accept-Encoding"));
        let packed = resolve(&site, Method::Get, "/data/summary.json", true);
        assert_eq!(packed.header("Content-Encoding"), Some("gzip"));
        assert_eq!(packed.header("Vary"), Some("Accept-Encoding"));
        assert_ne!(packed.body, plain.body);
        assert_eq!(
            crate::gzip::decompress(&packed.body).as_deref(),
            Some(&*plain.body)
        );
        assert_eq!(packed.header("Content-Type"), plain.header("Content-Type"));
    }

    #[test]
    fn a_gzipped_page_gets_the_script_as_a_plain_one_does() {
        let plain = resolve(&site(), Method::Get, "/counties/yaodu/", false);
        for gzip in [false, true] {
            let r = resolve(&gzipped_site(), Method::Get, "/counties/yaodu/", gzip);
            assert_eq!(r.status, 200);
            assert_eq!(r.header("Content-Encoding"), None, "gzip {gzip}");
            assert_eq!(r.body, plain.body, "gzip {gzip}");
            let missing = resolve(&gzipped_site(), Method::Get, "/nothing", gzip);
            assert_eq!(missing.status, 404);
            assert!(String::from_utf8_lossy(&missing.body).contains(EVENTS_PATH));
        }
    }

    #[test]
    fn packing_gzips_large_text_files_once_and_serves_the_same_bytes() {
        let long = "<html><body>".to_string() + &"<p>清风</p>".repeat(300) + "</body></html>";
        let json = "[".to_string() + &"1,".repeat(2000) + "0]";
        let png = [&b"\x89PNG\r\n\x1a\n"[..], &[7; 4000]].concat();
        let build = |json: &str| {
            SiteMap::new(
                vec![
                    OutputFile::new("index.html", long.as_bytes()),
                    OutputFile::new("data/a.json", json.as_bytes()),
                    OutputFile::new("images/a.png", png.clone()),
                    OutputFile::new("css/site.css", "body{}".as_bytes()),
                ],
                1,
            )
        };
        let plain = build(&json);
        let mut kept = Packed::default();
        let packed = plain.packed(&mut kept);
        let encoding = |site: &SiteMap, path: &str| site.get(path).map(|(_, e)| e);
        assert_eq!(encoding(&packed, "index.html"), Some(Encoding::Gzip));
        assert_eq!(encoding(&packed, "data/a.json"), Some(Encoding::Gzip));
        assert_eq!(encoding(&packed, "images/a.png"), Some(Encoding::Identity));
        assert_eq!(encoding(&packed, "css/site.css"), Some(Encoding::Identity));
        for path in ["/", "/data/a.json", "/images/a.png", "/css/site.css"] {
            let before = resolve(&plain, Method::Get, path, false);
            let after = resolve(&packed, Method::Get, path, false);
            assert_eq!(after.body, before.body, "{path}");
        }
        // A file that did not change is not gzipped again; one that did is.
        let again = build(&json).packed(&mut kept);
        let bytes = |site: &SiteMap, path: &str| site.get(path).map(|(b, _)| Arc::clone(b));
        let (a, b) = (bytes(&packed, "data/a.json"), bytes(&again, "data/a.json"));
        assert!(Arc::ptr_eq(&a.expect("a"), &b.expect("b")));
        let changed = build(&json.replace("1,", "2,")).packed(&mut kept);
        let served = resolve(&changed, Method::Get, "/data/a.json", false);
        assert_eq!(&*served.body, json.replace("1,", "2,").as_bytes());
    }

    #[track_caller]
    fn accepts(value: &str, expected: bool) {
        assert_eq!(accepts_gzip(value), expected, "{value}");
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        accepts("gzip", true);
        accepts("gzip, deflate, br, zstd", true);
        accepts("br;q=1.0, GZIP;q=0.5", true);
        accepts("x-gzip", true);
        accepts("*", true);
        accepts("identity", false);
        accepts("br, deflate", false);
        accepts("gzip;q=0", false);
        accepts("gzip; q=0.000", false);
        accepts("", false);
        let r = read("GET / HTTP/1.1\r\nAccept-Encoding: gzip, br\r\n\r\n").expect("valid");
        assert!(r.gzip);
        let r = read("GET / HTTP/1.1\r\nHost: x\r\n\r\n").expect("valid");
        assert!(!r.gzip);
    }

    #[track_caller]
    fn read(raw: &str) -> Result<Request, ReadError> {
        read_request(&mut io::Cursor::new(raw.as_bytes().to_vec()))
    }

    #[test]
    fn requests_are_read_within_bounds() {
        let r = read("GET /a%20b HTTP/1.1\r\nHost: x\r\n\r\n").expect("valid");
        assert_eq!(
            (r.method, r.target.as_str(), r.keep_alive),
            (Method::Get, "/a%20b", true)
        );
        let r = read("HEAD / HTTP/1.0\r\n\r\n").expect("valid");
        assert_eq!((r.method, r.keep_alive), (Method::Head, false));
        let r = read("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").expect("valid");
        assert_eq!(
            (r.method, r.has_body, r.keep_alive),
            (Method::Other, true, false)
        );
        assert!(matches!(read(""), Err(ReadError::Closed)));
        assert!(matches!(read("GET /\r\n\r\n"), Err(ReadError::Malformed)));
        assert!(matches!(
            read("GET / HTTP/1.1\r\nno colon\r\n\r\n"),
            Err(ReadError::Malformed)
        ));
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(read(&huge), Err(ReadError::TooLarge)));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        assert!(matches!(read(&many), Err(ReadError::TooLarge)));
    }
}
