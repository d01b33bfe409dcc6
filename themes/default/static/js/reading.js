// 阅读辅助：大字与高对比两个开关。页面不靠本脚本也能完整阅读；
// 脚本只负责显示开关按钮、切换 <html> 上的类名，并把选择记在 localStorage 里。
(function () {
  "use strict";
  var root = document.documentElement;
  function read(key) {
    try { return localStorage.getItem(key) === "1"; } catch (e) { return false; }
  }
  function save(key, on) {
    try { localStorage.setItem(key, on ? "1" : "0"); } catch (e) { /* 隐私模式下不记忆 */ }
  }
  function apply(name, on) {
    root.classList.toggle("qf-" + name, on);
  }
  function followAnchorMap() {
    var map = document.getElementById("qf-anchor-map");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!map || !id || document.getElementById(id)) { return; }
    var target;
    try { target = JSON.parse(map.textContent)[id]; } catch (e) { return; }
    var el = target && document.getElementById(target);
    if (el) {
      history.replaceState(null, "", "#" + target);
      el.scrollIntoView();
    }
  }
  function init() {
    var buttons = document.querySelectorAll("[data-qf-switch]");
    Array.prototype.forEach.call(buttons, function (button) {
      var name = button.getAttribute("data-qf-switch");
      var key = "qf-" + name;
      // The head's script already applied the remembered choice (or ?qf=large,contrast).
      var on = root.classList.contains("qf-" + name) || read(key);
      apply(name, on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.hidden = false;
      button.addEventListener("click", function () {
        var next = button.getAttribute("aria-pressed") !== "true";
        apply(name, next);
        button.setAttribute("aria-pressed", next ? "true" : "false");
        save(key, next);
      });
    });
    // 旧的按位置编号的问答链接（#q1、#q2……）转到对应问题的固定锚点。
    followAnchorMap();
    window.addEventListener("hashchange", followAnchorMap);
    // 打印时展开图表数据表。
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details.chart-data:not([open])"), function (d) {
        d.setAttribute("open", "");
        d.setAttribute("data-qf-print-open", "");
      });
    });
    window.addEventListener("afterprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details[data-qf-print-open]"), function (d) {
        d.removeAttribute("open");
        d.removeAttribute("data-qf-print-open");
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
