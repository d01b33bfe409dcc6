// Measures search on a built site in headless Chromium, for `cargo bench --bench search`:
// for each query, the bytes the browser fetches (the search script, the index's files and
// the texts of the results shown) and the time from the keystroke to the results on the
// search page, with the CPU slowed four times (Chrome's mid-range phone profile). Prints
// one JSON line per query; asserts nothing. QF_TRACE=1 also prints when each of the index's
// files was asked for and arrived, in ms from the keystroke.
//
// Usage: node search-bench.mjs SITE QUERY...
import { join } from "node:path";
import { serveSite, launchChromium } from "./harness.mjs";

const [site, ...queries] = process.argv.slice(2);
const served = await serveSite(site);
const browser = await launchChromium();
try {
  for (const q of queries) {
    // A fresh context each time: nothing cached from the previous query.
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    let bytes = 0, before = 0, typed = false;
    const files = [];
    page.on("response", async (r) => {
      if (!r.url().includes("/search/") || r.url().endsWith(".html")) return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      if (!typed) { before += body.length; return; }
      bytes += body.length;
      files.push(r.url().replace(served.base, ""));
    });
    // The search page fetches the script and the index's first file before any keystroke.
    await page.goto(`${served.base}search/index.html`, { waitUntil: "networkidle" });
    typed = true;
    const input = page.locator("#qf-search-page");
    await input.focus();
    // Timed in the page: from the input event of the keystroke to the moment the first
    // results (or the word that there are none) are in the document.
    // Awaited in the page (a promise the observer settles), not polled: polling from
    // outside would run the harness's own scripts on the page's thread while it searches.
    await page.evaluate(() => {
      let settle;
      window.qfBench = { start: null, end: null, done: new Promise((ok) => { settle = ok; }) };
      const box = document.getElementById("qf-search-page");
      const panel = document.querySelector("[data-qf-results]");
      box.addEventListener("input", () => { if (window.qfBench.start === null) window.qfBench.start = performance.now(); }, { capture: true });
      new MutationObserver(() => {
        if (window.qfBench.end === null && (panel.querySelector("li") || /没有找到/.test(panel.textContent))) {
          window.qfBench.end = performance.now();
          settle();
        }
      }).observe(panel, { subtree: true, childList: true, characterData: true });
    });
    // Typed as an input method commits it: the whole word at once.
    await page.keyboard.insertText(q);
    await page.evaluate(() => window.qfBench.done);
    const { start, end } = await page.evaluate(() => ({ start: window.qfBench.start, end: window.qfBench.end }));
    const found = await page.evaluate(() => document.querySelector('[role="status"]').textContent);
    if (process.env.QF_FILES) console.log(files.join(" "));
    if (process.env.QF_TRACE) {
      const trace = await page.evaluate((t0) => performance.getEntriesByType("resource")
        .filter((r) => r.startTime >= t0 - 1)
        .map((r) => `${r.name.replace(/^.*\/search\//, "")} ${Math.round(r.startTime - t0)}-${Math.round(r.responseEnd - t0)}`), start);
      console.log(trace.join("  "));
    }
    console.log(JSON.stringify({ query: q, ms: Math.round(end - start), bytes_after_keystroke: bytes,
      bytes_before: before, files: files.length, found }));
    await context.close();
  }
} finally {
  await browser.close();
  served.close();
}
