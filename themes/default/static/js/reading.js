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
  function init() {
    var buttons = document.querySelectorAll("[data-qf-switch]");
    Array.prototype.forEach.call(buttons, function (button) {
      var name = button.getAttribute("data-qf-switch");
      var key = "qf-" + name;
      var on = read(key);
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
