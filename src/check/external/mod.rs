//! `qingfeng check --external`: asks every external `http://` and `https://` address of the
//! would-be output whether it is still there, and turns the answers into findings placed
//! where the link is written.
//!
//! Each address gets a `HEAD` request, then a `GET` (closed after the answer's head) when the
//! server refuses `HEAD` or errs. Redirects are followed, at most [`MAX_REDIRECTS`], and a
//! permanent one (301, 308) is a warning suggesting the new address. At most
//! [`MAX_CONNECTIONS`] requests run at once, [`PER_HOST`] to one host ([`pool`]); every
//! connect and read is bounded by a timeout. Answers are kept for a day ([`cache`]). Hosts
//! that could not be reached are summed up per host at the end.

pub mod address;
pub mod cache;
pub mod pool;
pub mod request;
pub mod tls;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::links::ExternalLink;
use super::{EXTERNAL_LINK, Problem, output_path, source_of};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{Diagnostic, line_col};
use crate::load::Sources;
use address::Address;
use cache::Cache;
use request::{Answer, Failure, Method};

/// Requests at once, in total.
pub const MAX_CONNECTIONS: usize = 8;
/// Requests at once to one host.
pub const PER_HOST: usize = 2;
/// Redirects followed from one link.
pub const MAX_REDIRECTS: usize = 10;
/// How long to wait for a connection, and then for each read or write.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How to check.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The connect and read timeout.
    pub timeout: Duration,
    /// Whether answers from the last day are taken from the cache (`--no-cache`: no).
    pub use_cache: bool,
    /// A PEM file of extra CA certificates to trust ([`tls::EXTRA_CA_VAR`]).
    pub extra_ca: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            timeout: DEFAULT_TIMEOUT,
            use_cache: true,
            extra_ca: None,
        }
    }
}

/// One redirect followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// The redirect's status: 301, 302, 303, 307 or 308.
    pub status: u16,
    /// Where it led.
    pub to: String,
}

/// What asking one address gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A final answer, after `hops`.
    Answered {
        /// The final status.
        status: u16,
        /// Its reason phrase.
        reason: String,
        /// The redirects followed.
        hops: Vec<Hop>,
    },
    /// No answer from `host` (at `address`, after `hops`).
    Unreachable {
        /// The host that did not answer.
        host: String,
        /// The address asked.
        address: String,
        /// Why.
        failure: Failure,
        /// The redirects followed before it.
        hops: Vec<Hop>,
    },
    /// Redirects that lead nowhere: a loop, too many, or to something not on the web.
    BadRedirect {
        /// Why.
        reason: String,
        /// The redirects followed.
        hops: Vec<Hop>,
    },
    /// The link is not a valid address.
    Invalid(String),
}

/// One external link's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The link as written.
    pub url: String,
    /// What asking it gave.
    pub outcome: Outcome,
    /// Whether the answer came from the cache.
    pub cached: bool,
}

/// Everything `--external` found, in the order of the links.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// One result per external link.
    pub checked: Vec<Checked>,
    /// Why answers could not be kept, if they could not.
    pub cache_problem: Option<crate::messages::Text>,
}

/// A host that could not be reached, with the links that lead there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreachableHost {
    /// The host.
    pub host: String,
    /// Why (the first failure's words).
    pub reason: String,
    /// The links, as written.
    pub links: Vec<String>,
}

impl Summary {
    /// How many answers came from the cache.
    pub fn from_cache(&self) -> usize {
        self.checked.iter().filter(|c| c.cached).count()
    }

    /// The hosts that did not answer, by host name, each with its links.
    pub fn unreachable_hosts(&self) -> Vec<UnreachableHost> {
        let mut hosts: BTreeMap<&str, UnreachableHost> = BTreeMap::new();
        for checked in &self.checked {
            if let Outcome::Unreachable { host, failure, .. } = &checked.outcome {
                hosts
                    .entry(host)
                    .or_insert_with(|| UnreachableHost {
                        host: host.clone(),
                        reason: failure.describe(),
                        links: Vec::new(),
                    })
                    .links
                    .push(checked.url.clone());
            }
        }
        hosts.into_values().collect()
    }

    /// The result of one link as JSON: `{"status", "final_url", "redirects", "cached"}` or
    /// `{"error", "host"}`.
    pub fn link_json(&self, url: &str) -> Value {
        let Some(checked) = self.checked.iter().find(|c| c.url == url) else {
            return Value::Null;
        };
        let hops_json = |hops: &[Hop]| {
            hops.iter()
                .map(|h| json!({"status": h.status, "to": h.to}))
                .collect::<Vec<_>>()
        };
        match &checked.outcome {
            Outcome::Answered { status, hops, .. } => json!({
                "status": status,
                "final_url": hops.last().map(|h| h.to.clone()),
                "redirects": hops_json(hops),
                "cached": checked.cached,
            }),
            Outcome::Unreachable {
                host,
                failure,
                hops,
                ..
            } => json!({
                "error": failure.describe(),
                "host": host,
                "redirects": hops_json(hops),
            }),
            Outcome::BadRedirect { reason, hops } => {
                json!({"error": reason, "redirects": hops_json(hops)})
            }
            Outcome::Invalid(reason) => json!({"error": reason}),
        }
    }
}

/// Asks every link in `links` (the site is `config`'s); `Err` when the settings are
/// unusable (an unreadable `QINGFENG_EXTRA_CA`).
pub fn check(
    links: &[ExternalLink],
    settings: &Settings,
    config: &Config,
) -> Result<Summary, String> {
    let tls = tls::client_config(settings.extra_ca.as_deref())?;
    let cache_dir = config.root.join(crate::cache::CACHE_DIR);
    // The cache must never be read as content or published with the output.
    let cache_allowed =
        !cache_dir.starts_with(&config.output_dir) && !cache_dir.starts_with(&config.content_dir);
    let mut cache = Cache::open(&config.root, cache::now());
    if !settings.use_cache || !cache_allowed {
        cache.clear();
    }
    let (mut outcomes, jobs) = known_and_to_ask(links, &cache);
    announce(&jobs);
    let limits = pool::Limits {
        total: MAX_CONNECTIONS,
        per_host: PER_HOST,
    };
    let asked = pool::run_all(jobs, limits, |address, slot| {
        let key = address.to_string();
        let outcome = follow(address, |a: &Address| {
            slot.move_to(&a.host);
            ask(a, &tls, settings.timeout)
        });
        (key, outcome)
    });
    for (key, outcome) in asked {
        if let Outcome::Answered {
            status,
            reason,
            hops,
        } = &outcome
        {
            cache.put(&key, *status, reason, hops);
        }
        outcomes.insert(key, (outcome, false));
    }
    let cache_problem = if cache_allowed {
        cache.save().err().map(|e| {
            let path = cache.path().display();
            crate::t!(
                "cannot keep the answers in {path}: {e}",
                "无法把访问结果保存到 {path}：{e}"
            )
        })
    } else {
        let dir = config.relative(&cache_dir);
        let dir = dir.display();
        Some(crate::t!(
            "answers are not kept: {dir} would be inside the content or output folder",
            "不保存访问结果：{dir} 会位于内容文件夹或输出文件夹之内"
        ))
    };
    Ok(Summary {
        checked: in_order(links, &outcomes),
        cache_problem,
    })
}

/// Each address's outcome, by its normal form, and whether it came from the cache.
type Outcomes = HashMap<String, (Outcome, bool)>;

/// What is known of `links` without asking (an address that cannot be parsed; an answer
/// the cache keeps), and the addresses to ask, each once, with their hosts.
fn known_and_to_ask(links: &[ExternalLink], cache: &Cache) -> (Outcomes, Vec<(String, Address)>) {
    let mut outcomes = Outcomes::new();
    let mut jobs: Vec<(String, Address)> = Vec::new();
    let mut queued = HashSet::new();
    for link in links {
        let address = match Address::parse(&link.url) {
            Ok(a) => a,
            Err(reason) => {
                outcomes.insert(link.url.clone(), (Outcome::Invalid(reason), false));
                continue;
            }
        };
        let key = address.to_string();
        if let Some(entry) = cache.get(&key) {
            let outcome = Outcome::Answered {
                status: entry.status,
                reason: entry.reason.clone(),
                hops: entry.hops.clone(),
            };
            outcomes.insert(key, (outcome, true));
        } else if queued.insert(key) {
            jobs.push((address.host.clone(), address));
        }
    }
    (outcomes, jobs)
}

/// Says how many addresses on how many hosts are about to be asked (nothing when none).
fn announce(jobs: &[(String, Address)]) {
    if jobs.is_empty() {
        return;
    }
    let hosts: HashSet<&str> = jobs.iter().map(|(h, _)| h.as_str()).collect();
    let (n, h) = (jobs.len(), hosts.len());
    let (es, s) = (
        if n == 1 { "" } else { "es" },
        if h == 1 { "" } else { "s" },
    );
    let line = crate::t!(
        "checking {n} external address{es} on {h} host{s} (at most {MAX_CONNECTIONS} at once, {PER_HOST} per host)…",
        "正在检查 {h} 个网站上的 {n} 个外部地址（同时最多 {MAX_CONNECTIONS} 个，每个网站 {PER_HOST} 个）……"
    );
    crate::errln!("{line}");
}

/// Every link with its address's outcome, in the links' order.
fn in_order(links: &[ExternalLink], outcomes: &Outcomes) -> Vec<Checked> {
    links
        .iter()
        .map(|link| {
            let key =
                Address::parse(&link.url).map_or_else(|_| link.url.clone(), |a| a.to_string());
            let (outcome, cached) = outcomes
                .get(&key)
                .cloned()
                .unwrap_or_else(|| (Outcome::Invalid("not asked".to_string()), false));
            Checked {
                url: link.url.clone(),
                outcome,
                cached,
            }
        })
        .collect()
}

/// `HEAD`, then `GET` when the server refuses `HEAD` (405, 501, or any error status: many
/// servers answer `HEAD` wrongly) or closes the connection on it.
fn ask(
    address: &Address,
    tls: &std::sync::Arc<rustls::ClientConfig>,
    timeout: Duration,
) -> Result<Answer, Failure> {
    match request::request(address, Method::Head, tls, timeout) {
        Ok(answer) if answer.status < 400 => Ok(answer),
        Ok(_) | Err(Failure::Closed) => request::request(address, Method::Get, tls, timeout),
        Err(failure) => Err(failure),
    }
}

/// Whether `status` is a redirect with a `Location` to follow.
fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Whether a redirect is permanent: the link should say where it leads.
fn is_permanent(status: u16) -> bool {
    matches!(status, 301 | 308)
}

/// Follows `start`'s redirects, asking each address with `ask`.
fn follow(start: Address, mut ask: impl FnMut(&Address) -> Result<Answer, Failure>) -> Outcome {
    let mut current = start;
    let mut hops = Vec::new();
    let mut seen = HashSet::from([current.to_string()]);
    loop {
        let answer = match ask(&current) {
            Ok(answer) => answer,
            Err(failure) => {
                return Outcome::Unreachable {
                    host: current.host.clone(),
                    address: current.to_string(),
                    failure,
                    hops,
                };
            }
        };
        let Some(location) = answer.location.filter(|_| is_redirect(answer.status)) else {
            return Outcome::Answered {
                status: answer.status,
                reason: answer.reason,
                hops,
            };
        };
        let next = match current.join(&location) {
            Ok(next) => next,
            Err(reason) => return Outcome::BadRedirect { reason, hops },
        };
        hops.push(Hop {
            status: answer.status,
            to: next.to_string(),
        });
        if !seen.insert(next.to_string()) {
            return Outcome::BadRedirect {
                reason: format!("its redirects go round in a loop back to `{next}`"),
                hops,
            };
        }
        if hops.len() > MAX_REDIRECTS {
            return Outcome::BadRedirect {
                reason: format!("it redirects more than {MAX_REDIRECTS} times"),
                hops,
            };
        }
        current = next;
    }
}

/// Where the link of a permanent redirect should lead: the address after the permanent
/// redirects that come first (a temporary one after them says "for now", not "moved").
/// The link's own `#fragment` is kept.
fn moved_to(url: &str, hops: &[Hop]) -> Option<String> {
    let last = hops.iter().take_while(|h| is_permanent(h.status)).last()?;
    let fragment = url.find('#').map(|i| &url[i..]).unwrap_or_default();
    if last.to.contains('#') {
        Some(last.to.clone())
    } else {
        Some(format!("{}{fragment}", last.to))
    }
}

/// The findings of `summary`: one warning per link that is broken, unreachable or moved.
pub(super) fn problems(
    summary: &Summary,
    links: &[ExternalLink],
    config: &Config,
    sources: &Sources,
) -> Vec<Problem> {
    let site_toml = std::fs::read_to_string(config.root.join(CONFIG_FILE)).unwrap_or_default();
    links
        .iter()
        .zip(&summary.checked)
        .filter_map(|(link, checked)| {
            let (message, help, suggestion) = worded(&link.url, &checked.outcome)?;
            let diagnostic = locate(link, config, sources, &site_toml, message)
                .help(help)
                .code(crate::messages::catalog::EXTERNAL_LINK);
            Some(Problem {
                rule: EXTERNAL_LINK,
                text: link.url.clone(),
                suggestion,
                diagnostic: framed(diagnostic, link),
                span: None,
            })
        })
        .collect()
}

/// What is wrong with the link `url`, given its outcome: the message, the help and (for
/// a link that moved) the address to link instead; `None` when nothing is.
fn worded(url: &str, outcome: &Outcome) -> Option<(String, String, Option<String>)> {
    let after = |hops: &[Hop]| match hops.last() {
        Some(last) => format!(" (after redirects to `{}`)", last.to),
        None => String::new(),
    };
    Some(match outcome {
        Outcome::Answered { status, hops, .. } if *status < 400 => {
            let new = moved_to(url, hops)?;
            (
                format!("external link `{url}` has moved permanently to `{new}`"),
                format!("link `{new}` instead: the old address may stop working"),
                Some(new),
            )
        }
        Outcome::Answered {
            status,
            reason,
            hops,
        } => {
            let help = match status {
                401 | 403 | 412 | 429 | 999 => {
                    "the server may refuse automated requests (many government sites do): open the link in a browser to be sure"
                }
                500.. => {
                    "the server has a problem: try again later, and open the link in a browser"
                }
                _ => "update or remove the link; open it in a browser to see what is there now",
            };
            (
                format!(
                    "external link `{url}` answered {status} {reason}{}",
                    after(hops)
                )
                .trim_end()
                .to_string(),
                help.to_string(),
                None,
            )
        }
        Outcome::Unreachable {
            host,
            failure,
            hops,
            ..
        } => (
            match failure {
                Failure::Tls(_) => format!(
                    "external link `{url}`: the secure connection to {host} failed: {}{}",
                    failure.describe(),
                    after(hops)
                ),
                _ => format!(
                    "external link `{url}`: {host} cannot be reached: {}{}",
                    failure.describe(),
                    after(hops)
                ),
            },
            failure.help(),
            None,
        ),
        Outcome::BadRedirect { reason, .. } => (
            format!("external link `{url}` leads nowhere: {reason}"),
            "open the link in a browser; update or remove it".to_string(),
            None,
        ),
        Outcome::Invalid(reason) => (
            format!("external link `{url}` is not a valid address: {reason}"),
            "correct the address".to_string(),
            None,
        ),
    })
}

/// `diagnostic` with how many pages have `link`, and its Chinese frame: the details are
/// the network's own words, in English, inside it.
fn framed(mut diagnostic: Diagnostic, link: &ExternalLink) -> Diagnostic {
    if link.pages.len() > 1 {
        diagnostic
            .message
            .push_str(&format!(" (on {} pages)", link.pages.len()));
    }
    let url = &link.url;
    let (en, help_en) = (
        &diagnostic.message,
        diagnostic.help.clone().unwrap_or_default(),
    );
    diagnostic.set_message_zh(Some(format!("外部链接 `{url}` 无法正常访问（{en}）")));
    diagnostic.set_help_zh(Some(format!(
        "请在浏览器中打开该链接确认；如已失效，请更新或删去（{help_en}）"
    )));
    diagnostic
}

/// A warning placed where the link is written: in the content file of the first page that
/// has it there, else in `site.toml` (whose text is `site_toml`), else in the output page
/// (the link then comes from the theme).
fn locate(
    link: &ExternalLink,
    config: &Config,
    sources: &Sources,
    site_toml: &str,
    message: String,
) -> Diagnostic {
    for page in &link.pages {
        if let Some(file) = source_of(page, sources)
            && let Some(at) = file.text.find(&link.url)
        {
            let (line, column) = line_col(&file.text, at);
            return Diagnostic::warning(file.rel.clone(), message).at(&file.text, line, column);
        }
    }
    if let Some(at) = site_toml.find(&link.url) {
        let (line, column) = line_col(site_toml, at);
        return Diagnostic::warning(CONFIG_FILE, message).at(site_toml, line, column);
    }
    let page = link.pages.first().cloned().unwrap_or_default();
    let mut d = Diagnostic::warning(output_path(config, &page), message);
    d.line = link.line;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, location: Option<&str>) -> Result<Answer, Failure> {
        Ok(Answer {
            status,
            reason: String::new(),
            location: location.map(str::to_string),
        })
    }

    #[test]
    fn redirects_are_followed_and_bounded() {
        let start = Address::parse("http://a.example/old").expect("url");
        let outcome = follow(start.clone(), |a| match a.to_string().as_str() {
            "http://a.example/old" => answer(301, Some("https://a.example/old")),
            "https://a.example/old" => answer(302, Some("/new")),
            _ => answer(200, None),
        });
        let Outcome::Answered { status, hops, .. } = outcome else {
            panic!("{outcome:?}");
        };
        assert_eq!(status, 200);
        assert_eq!(
            hops.iter()
                .map(|h| (h.status, h.to.as_str()))
                .collect::<Vec<_>>(),
            [
                (301, "https://a.example/old"),
                (302, "https://a.example/new")
            ]
        );
        assert_eq!(
            moved_to("http://a.example/old#part", &hops).as_deref(),
            Some("https://a.example/old#part")
        );

        let looping = follow(start.clone(), |a| {
            answer(302, Some(if a.target == "/old" { "/b" } else { "/old" }))
        });
        assert!(
            matches!(looping, Outcome::BadRedirect { ref reason, .. } if reason.contains("loop")),
            "{looping:?}"
        );
        let mut n = 0;
        let endless = follow(start, |_| {
            n += 1;
            answer(307, Some(&format!("/{n}")))
        });
        assert!(
            matches!(endless, Outcome::BadRedirect { ref hops, .. } if hops.len() == MAX_REDIRECTS + 1),
            "{endless:?}"
        );
    }

    #[test]
    fn only_leading_permanent_redirects_suggest_a_new_address() {
        let hop = |status, to: &str| Hop {
            status,
            to: to.to_string(),
        };
        assert_eq!(
            moved_to(
                "http://x/",
                &[hop(302, "http://x/a"), hop(301, "http://x/b")]
            ),
            None
        );
        assert_eq!(
            moved_to(
                "http://x/",
                &[
                    hop(308, "https://x/"),
                    hop(301, "https://y/"),
                    hop(302, "https://y/tmp")
                ]
            )
            .as_deref(),
            Some("https://y/")
        );
        assert_eq!(moved_to("http://x/", &[]), None);
    }
}
