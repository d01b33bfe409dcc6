// Measures search on a built site in headless Chromium, for `cargo bench --bench search`:
// for each query, the bytes the browser fetches (the search script, the index's files and
// the texts of the results shown) and the time from the keystroke to the results on the
// search page, with the CPU slowed four times (Chrome's mid-range phone profile). Prints
// one JSON line per query; asserts nothing. Each query is typed QF_RUNS times (default 5),
// each time in a fresh browser context, the queries taking turns: the line gives the median
// time and every run's (single runs move by tens of milliseconds on a busy machine).
// QF_TRACE=1 also prints when each of the index's files was asked for and arrived, in ms
// from the keystroke (first run).
//
// Usage: node search-bench.mjs SITE QUERY...
import { join } from "node:path";
import { serveSite, launchChromium } from "./harness.mjs";

const [site, ...queries] = process.argv.slice(2);
const served = await serveSite(site);
const browser = await launchChromium();

/// One search: the time to its first result, its bytes and files, what it found.
async function once(q, trace) {
  // A fresh context each time: nothing cached from the previous query.
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  // The search page fetches the script and the index's first file before any keystroke.
  await page.goto(`${served.base}search/index.html`, { waitUntil: "networkidle" });
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
  // The bytes, counted once the first screen of results has its files (not as they come:
  // asking the browser for each body while it searches took time from the search).
  await page.waitForTimeout(400);
  const { bytes, before, files } = await page.evaluate((t0) => {
    const index = performance.getEntriesByType("resource")
      .filter((r) => r.name.includes("/search/") && !r.name.endsWith(".html"));
    const sum = (list) => list.reduce((n, r) => n + r.encodedBodySize, 0);
    const after = index.filter((r) => r.startTime >= t0);
    return { bytes: sum(after), before: sum(index.filter((r) => r.startTime < t0)),
      files: after.map((r) => r.name.replace(/^.*\/search\//, "")) };
  }, start);
  if (trace && process.env.QF_FILES) console.log(files.join(" "));
  if (trace && process.env.QF_TRACE) {
    const trace = await page.evaluate((t0) => performance.getEntriesByType("resource")
      .filter((r) => r.startTime >= t0 - 1)
      .map((r) => `${r.name.replace(/^.*\/search\//, "")} ${Math.round(r.startTime - t0)}-${Math.round(r.responseEnd - t0)}`), start);
    console.log(trace.join("  "));
  }
  await context.close();
  return { ms: end - start, bytes, before, files: files.length, found };
}

const runs = Math.max(1, Number(process.env.QF_RUNS || 5));
try {
  const all = queries.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < queries.length; k++) all[k].push(await once(queries[k], r === 0));
  }
  queries.forEach((q, k) => {
    const ms = all[k].map((x) => Math.round(x.ms));
    const sorted = [...ms].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : Math.round((sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
    const first = all[k][0];
    console.log(JSON.stringify({ query: q, ms: median, runs: ms, bytes_after_keystroke: first.bytes,
      bytes_before: first.before, files: first.files, found: first.found }));
  });
} finally {
  await browser.close();
  served.close();
}
