//! Live reload: the Server-Sent Events clients, what they are sent, and the small script
//! that listens, injected into HTML responses in serve mode only (never into `build` output).

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, PoisonError};

use serde_json::json;

use crate::diagnostic::{Diagnostic, Error};

/// What the open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Sent first on every stream: the version being served, so that a page built before
    /// the latest build reloads at once.
    Hello {
        /// The version served.
        version: u64,
    },
    /// A build succeeded: reload the page.
    Reload {
        /// The new version.
        version: u64,
    },
    /// A build failed: show the error over the page. The data is JSON.
    BuildError(String),
}

impl Event {
    /// The event as an SSE message.
    pub fn to_sse(&self) -> String {
        let (name, data) = match self {
            Event::Hello { version } => ("hello", json!({ "version": version }).to_string()),
            Event::Reload { version } => ("reload", json!({ "version": version }).to_string()),
            Event::BuildError(json) => ("build-error", json.clone()),
        };
        format!("event: {name}\ndata: {data}\n\n")
    }
}

/// The error of a failed build as JSON for the overlay: a summary and each diagnostic's
/// file, line, column, message and help.
pub fn error_json(error: &Error) -> String {
    let lang = crate::messages::lang();
    let whole = |path: &std::path::Path| {
        Diagnostic::error(path.to_path_buf(), error.message(lang)).code(error.code())
    };
    let diagnostics: Vec<Diagnostic> = match error {
        Error::Content(ds) => ds.0.iter().filter(|d| d.is_error()).cloned().collect(),
        Error::Io { path, .. } => vec![whole(path)],
        Error::Usage(..) | Error::Output(_) => vec![whole(std::path::Path::new(""))],
    };
    // In the language chosen for messages, with the code, as the terminal shows them.
    let diagnostics: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut v = json!(d);
            // As the terminal shows it: `content\counties\anze.yaml` on Windows.
            v["file"] = json!(crate::platform::display_path(&d.file));
            v["source_line"] = json!(d.source_line);
            v["label"] = json!(d.label(lang));
            v["message"] = json!(d.message_in(lang));
            v["help"] = json!(d.help_in(lang));
            v
        })
        .collect();
    let summary = match diagnostics.len() {
        1 => "构建失败：1 个错误 (build failed: 1 error)".to_string(),
        n => format!("构建失败：{n} 个错误 (build failed: {n} errors)"),
    };
    json!({ "summary": summary, "diagnostics": diagnostics }).to_string()
}

/// The open event streams and the state a new one starts from.
#[derive(Debug, Default)]
pub struct Reloader {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    clients: Vec<Sender<Event>>,
    version: u64,
    error: Option<String>,
}

impl Reloader {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new client: its first events are the hello and the current error, if any.
    pub fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = mpsc::channel();
        let mut state = self.state();
        let _ = tx.send(Event::Hello {
            version: state.version,
        });
        if let Some(e) = &state.error {
            let _ = tx.send(Event::BuildError(e.clone()));
        }
        state.clients.push(tx);
        rx
    }

    /// A build succeeded as `version`: every page reloads.
    pub fn built(&self, version: u64) {
        let mut state = self.state();
        state.version = version;
        state.error = None;
        broadcast(&mut state, &Event::Reload { version });
    }

    /// A build failed: every page shows `error_json`.
    pub fn failed(&self, error_json: String) {
        let mut state = self.state();
        state.error = Some(error_json.clone());
        broadcast(&mut state, &Event::BuildError(error_json));
    }

    /// The number of open streams.
    pub fn clients(&self) -> usize {
        self.state().clients.len()
    }
}

/// Sends to every client, dropping those whose stream has ended.
fn broadcast(state: &mut State, event: &Event) {
    state.clients.retain(|c| c.send(event.clone()).is_ok());
}

/// The listening script. `__QINGFENG_VERSION__` is replaced by the version served.
///
/// It reloads on `reload`, and on `hello` when the server serves a newer version than the
/// page's (and marks `<html data-qingfeng-live="connected">`, for tests). On `build-error`
/// it draws an overlay (`role="alert"`, with a close button) listing each diagnostic's
/// file, line, message, source line and help, built with text nodes only.
pub const SCRIPT: &str = r#"<script>
/* qingfeng serve: live reload (injected by the preview server, never in built files) */
(function () {
  "use strict";
  var version = __QINGFENG_VERSION__;
  if (!window.EventSource) { return; }
  var source = new EventSource("/__qingfeng/events");
  var ID = "qingfeng-error-overlay";
  function clearOverlay() {
    var old = document.getElementById(ID);
    if (old) { old.parentNode.removeChild(old); }
  }
  function el(tag, text, css) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (css) { e.style.cssText = css; }
    return e;
  }
  function showError(data) {
    clearOverlay();
    var box = el("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.92);color:#fff;font:15px/1.6 system-ui,sans-serif;padding:2rem;");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-live", "assertive");
    var panel = el("div", "", "max-width:60rem;margin:0 auto;background:#2b0d0d;border:2px solid #e55;" +
      "border-radius:6px;padding:1.2rem 1.5rem;");
    var close = el("button", "关闭 (close)", "float:right;font:inherit;color:#fff;background:#5a1f1f;" +
      "border:1px solid #e55;border-radius:4px;padding:.2rem .7rem;cursor:pointer;");
    close.type = "button";
    close.addEventListener("click", clearOverlay);
    panel.appendChild(close);
    panel.appendChild(el("h2", data.summary || "构建失败 (build failed)", "margin:0 0 .8rem;color:#ffb3b3;font-size:1.3rem;"));
    var list = el("ol", "", "margin:0;padding-left:1.2rem;");
    (data.diagnostics || []).forEach(function (d) {
      var item = el("li", "", "margin:.6rem 0;");
      var where = d.file || "";
      if (d.line) { where += ":" + d.line + (d.column ? ":" + d.column : ""); }
      if (where) { item.appendChild(el("code", where, "display:block;color:#ffd27f;font:14px/1.5 ui-monospace,monospace;")); }
      item.appendChild(el("div", (d.label ? d.label + " " : "") + d.message, "white-space:pre-wrap;"));
      if (d.source_line) {
        item.appendChild(el("pre", d.line + " | " + d.source_line, "margin:.3rem 0;padding:.3rem .5rem;" +
          "background:#1a0707;color:#eee;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;"));
      }
      if (d.help) { item.appendChild(el("div", "提示 (help)：" + d.help, "color:#cfc;")); }
      list.appendChild(item);
    });
    panel.appendChild(list);
    panel.appendChild(el("p", "修改文件后页面会自动更新。Fix the file: this page updates by itself.", "margin:.8rem 0 0;color:#ccc;"));
    box.appendChild(panel);
    document.body.appendChild(box);
  }
  source.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    document.documentElement.setAttribute("data-qingfeng-live", "connected");
    clearOverlay();
    if (d.version !== version) { location.reload(); }
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("build-error", function (e) { showError(JSON.parse(e.data)); });
})();
</script>
"#;

/// `html` with the reload script for `version` put before its last `</body>` (or at the
/// end when it has none).
pub fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let script = SCRIPT.replace("__QINGFENG_VERSION__", &version.to_string());
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject(b"<html><BODY>x</BODY></html>", 7)).expect("utf-8");
        assert!(out.starts_with("<html><BODY>x<script>"), "{out}");
        assert!(out.ends_with("</script>\n</BODY></html>"), "{out}");
        assert!(out.contains("var version = 7;"));
        let out = String::from_utf8(inject(b"fragment", 1)).expect("utf-8");
        assert!(out.starts_with("fragment<script>"));
    }

    #[test]
    fn new_clients_hear_the_version_and_the_current_error() {
        let r = Reloader::default();
        r.built(2);
        let rx = r.subscribe();
        assert_eq!(rx.try_recv().ok(), Some(Event::Hello { version: 2 }));
        assert!(rx.try_recv().is_err());
        r.failed("{}".into());
        assert_eq!(rx.try_recv().ok(), Some(Event::BuildError("{}".into())));
        let late = r.subscribe();
        assert_eq!(late.try_recv().ok(), Some(Event::Hello { version: 2 }));
        assert_eq!(late.try_recv().ok(), Some(Event::BuildError("{}".into())));
        drop(late);
        r.built(3);
        assert_eq!(rx.try_recv().ok(), Some(Event::Reload { version: 3 }));
        assert_eq!(r.clients(), 1, "the closed stream is dropped");
    }

    #[test]
    fn errors_carry_file_line_and_message() {
        let src = "a: 1\nb: [\n";
        let d = Diagnostic::error("content/counties/alpha.yaml", "did not find expected node")
            .at(src, 2, 4);
        let json = error_json(&Error::Content(Diagnostics(vec![d])));
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        let d = &v["diagnostics"][0];
        assert_eq!(d["file"], "content/counties/alpha.yaml");
        assert_eq!(d["line"], 2);
        assert_eq!(d["column"], 4);
        assert_eq!(d["message"], "did not find expected node");
        assert_eq!(d["source_line"], "b: [");
        assert!(
            Event::BuildError(json)
                .to_sse()
                .starts_with("event: build-error\ndata: {")
        );
    }
}
