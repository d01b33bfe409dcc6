//! Web addresses as the checker asks them: scheme, host, port and request target. Chinese
//! host names (`中国政府网.政务`) are put in their ASCII form (punycode, RFC 3492), non-ASCII
//! paths are percent-encoded, and a redirect's `Location` is resolved against the address it
//! came from (RFC 3986, section 5).

use std::fmt;

/// An `http://` or `https://` address, ready for a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    /// `https`: the request goes over TLS.
    pub tls: bool,
    /// Lowercase ASCII; an IPv6 address in brackets.
    pub host: String,
    /// The port, 80 or 443 unless the address names one.
    pub port: u16,
    /// The path and query, starting with `/`, percent-encoded; no fragment.
    pub target: String,
}

impl Address {
    /// Parses `http://…`, `https://…` or `//…` (taken as `https://`). The fragment is
    /// dropped: it never reaches the server.
    pub fn parse(url: &str) -> Result<Address, String> {
        let url = url.trim();
        let (tls, rest) = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
            (false, rest)
        } else if let Some(rest) = url.strip_prefix("//") {
            (true, rest)
        } else {
            return Err("not an http:// or https:// address".to_string());
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let (authority, target) = match rest.find(['/', '?', '\\']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let authority = authority.rsplit('@').next().unwrap_or_default();
        let default_port = if tls { 443 } else { 80 };
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            let (ip, after) = inner
                .split_once(']')
                .ok_or("the IPv6 address has no closing `]`")?;
            let port = match after.strip_prefix(':') {
                Some(p) => parse_port(p)?,
                None if after.is_empty() => default_port,
                None => return Err(format!("`{after}` after the IPv6 address")),
            };
            (format!("[{}]", ip.to_ascii_lowercase()), port)
        } else {
            let (name, port) = match authority.rsplit_once(':') {
                Some((h, "")) => (h, default_port),
                Some((h, p)) => (h, parse_port(p)?),
                None => (authority, default_port),
            };
            (ascii_host(name)?, port)
        };
        if host.is_empty() || host == "[]" {
            return Err("the address has no host".to_string());
        }
        let target = match target {
            "" => "/".to_string(),
            t if t.starts_with('?') => format!("/{}", encode_target(t)),
            t => encode_target(&t.replace('\\', "/")),
        };
        Ok(Address {
            tls,
            host,
            port,
            target,
        })
    }

    /// The host as the resolver and TLS want it: without IPv6 brackets.
    pub fn bare_host(&self) -> &str {
        self.host.trim_start_matches('[').trim_end_matches(']')
    }

    /// `host` or `host:port` when the port is not the scheme's own: the `Host` header.
    pub fn authority(&self) -> String {
        let default_port = if self.tls { 443 } else { 80 };
        if self.port == default_port {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// Resolves a redirect's `Location` against this address.
    pub fn join(&self, location: &str) -> Result<Address, String> {
        let location = location.trim();
        if strip_prefix_ignore_case(location, "http://").is_some()
            || strip_prefix_ignore_case(location, "https://").is_some()
        {
            return Address::parse(location);
        }
        let scheme_end = location.find(':');
        if scheme_end.is_some_and(|i| location.find(['/', '?', '#']).is_none_or(|j| i < j)) {
            return Err(format!("it redirects to `{location}`, not a web address"));
        }
        let scheme = if self.tls { "https:" } else { "http:" };
        if location.starts_with("//") {
            return Address::parse(&format!("{scheme}{location}"));
        }
        let location = location.split('#').next().unwrap_or_default();
        let (own_path, _) = split_query(&self.target);
        let target = if location.is_empty() {
            self.target.clone()
        } else if location.starts_with('?') {
            format!("{own_path}{location}")
        } else {
            let (path, query) = split_query(location);
            let merged = if path.starts_with('/') {
                path.to_string()
            } else {
                let folder = &own_path[..own_path.rfind('/').map_or(0, |i| i + 1)];
                format!("{folder}{path}")
            };
            format!("{}{query}", remove_dot_segments(&merged))
        };
        Ok(Address {
            target: encode_target(&target),
            ..self.clone()
        })
    }
}

impl fmt::Display for Address {
    /// The address as a link would write it: `https://host[:port]/target`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.tls { "https" } else { "http" };
        write!(f, "{scheme}://{}{}", self.authority(), self.target)
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.get(..prefix.len())
        .filter(|p| p.eq_ignore_ascii_case(prefix))
        .and_then(|_| s.get(prefix.len()..))
}

fn parse_port(p: &str) -> Result<u16, String> {
    p.parse().map_err(|_| format!("`{p}` is not a port number"))
}

fn split_query(target: &str) -> (&str, &str) {
    match target.find('?') {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    }
}

/// RFC 3986, 5.2.4: `/a/b/../c/./d` → `/a/c/d`.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

/// Percent-encodes what may not travel in a request line: non-ASCII bytes (a Chinese file
/// name), spaces, controls and `"<>\^`{|}`. Escapes already there are kept.
fn encode_target(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for &byte in target.as_bytes() {
        if byte <= b' ' || byte >= 0x7f || b"\"<>\\^`{|}".contains(&byte) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

/// The host in lowercase ASCII: each non-ASCII label as `xn--` punycode. Ideographic full
/// stops (`。`, `．`, `｡`) separate labels, as IDNA maps them.
fn ascii_host(name: &str) -> Result<String, String> {
    let mut labels = Vec::new();
    for label in name.split(['.', '。', '．', '｡']) {
        let label = label.to_lowercase();
        if label.is_ascii() {
            labels.push(label);
        } else {
            let encoded =
                punycode(&label).ok_or_else(|| format!("cannot encode the host `{name}`"))?;
            labels.push(format!("xn--{encoded}"));
        }
    }
    let host = labels.join(".");
    if let Some(bad) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(format!("`{name}` is not a host name (it holds `{bad}`)"));
    }
    Ok(host)
}

/// RFC 3492's encoder for one label (without the `xn--`); `None` on overflow.
fn punycode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;

    fn adapt(delta: u32, points: u32, first: bool) -> u32 {
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }
    fn digit(d: u32) -> char {
        // 0..=25 → a..z, 26..=35 → 0..9
        let d = u8::try_from(d).unwrap_or(0);
        char::from(if d < 26 { b'a' + d } else { b'0' + d - 26 })
    }

    let points: Vec<u32> = label.chars().map(u32::from).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(out.len()).ok()?;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    let total = u32::try_from(points.len()).ok()?;
    while handled < total {
        let m = points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &points {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(url: &str, expected: &str) {
        let got = Address::parse(url).map(|a| a.to_string());
        assert_eq!(got.as_deref(), Ok(expected), "{url}");
    }

    #[test]
    fn addresses_are_parsed() {
        case("http://www.12380.gov.cn", "http://www.12380.gov.cn/");
        case(
            "https://beian.miit.gov.cn/#/Integrated",
            "https://beian.miit.gov.cn/",
        );
        case(
            "HTTPS://Example.ORG:443/a/B?c=1#x",
            "https://example.org/a/B?c=1",
        );
        case("http://example.org:8080?q", "http://example.org:8080/?q");
        case("//cdn.example.org/a.png", "https://cdn.example.org/a.png");
        case("http://user@[::1]:81/", "http://[::1]:81/");
        case("https://[::1]/x", "https://[::1]/x");
        case(
            "https://example.org/文件 1.pdf",
            "https://example.org/%E6%96%87%E4%BB%B6%201.pdf",
        );
        case("https://example.org/a%20b", "https://example.org/a%20b");
        case(
            "http://中国政府网。政务/",
            "http://xn--fiqs8sirgfmhq98a.xn--zfr164b/",
        );
        for bad in [
            "http://:80/",
            "https:///path",
            "ftp://example.org/",
            "http://example.org:99999/",
            "http://exa mple.org/",
            "http://[::1/",
        ] {
            assert!(Address::parse(bad).is_err(), "{bad}");
        }
        let a = Address::parse("https://[::1]:8443/").expect("parse");
        assert_eq!((a.bare_host(), a.port, a.tls), ("::1", 8443, true));
    }

    #[test]
    fn punycode_matches_rfc_3492() {
        for (label, expected) in [
            ("中国", "fiqs8s"),
            ("中國", "fiqz9s"),
            ("公司", "55qx5d"),
            ("bücher", "bcher-kva"),
            ("münchen", "mnchen-3ya"),
            ("政务", "zfr164b"),
        ] {
            assert_eq!(punycode(label).as_deref(), Some(expected), "{label}");
        }
    }

    #[test]
    fn locations_are_resolved() {
        let base = Address::parse("https://example.org:8443/a/b/c?x=1").expect("parse");
        let join = |loc: &str| base.join(loc).map(|a| a.to_string());
        assert_eq!(join("d").as_deref(), Ok("https://example.org:8443/a/b/d"));
        assert_eq!(
            join("../d?y").as_deref(),
            Ok("https://example.org:8443/a/d?y")
        );
        assert_eq!(join("/").as_deref(), Ok("https://example.org:8443/"));
        assert_eq!(
            join("/x/./y/../z").as_deref(),
            Ok("https://example.org:8443/x/z")
        );
        assert_eq!(
            join("?q=2").as_deref(),
            Ok("https://example.org:8443/a/b/c?q=2")
        );
        assert_eq!(join("//other.org/p").as_deref(), Ok("https://other.org/p"));
        assert_eq!(join("http://other.org").as_deref(), Ok("http://other.org/"));
        assert_eq!(
            join("../../../../up").as_deref(),
            Ok("https://example.org:8443/up")
        );
        assert_eq!(
            join("新闻/").as_deref(),
            Ok("https://example.org:8443/a/b/%E6%96%B0%E9%97%BB/")
        );
        assert!(join("mailto:x@example.org").is_err());
    }
}
