// Measures search on a built site in headless Chromium, for `cargo bench --bench search`:
// for each query, the bytes the browser fetches (the search script, the index's files and
// the texts of the results shown) and the time from the keystroke to the results on the
// search page, with the CPU slowed four times (Chrome's mid-range phone profile). Prints
// one JSON line per query; asserts nothing.
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
    await page.goto(`${served.base}search/index.html`, { waitUntil: "load" });
    let bytes = 0;
    const files = [];
    page.on("response", async (r) => {
      if (!r.url().includes("/search/")) return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      bytes += body.length;
      files.push(r.url().replace(served.base, ""));
    });
    const input = page.locator("#qf-search-page");
    await input.focus();
    // Typed as an input method commits it: the whole word at once.
    const start = await page.evaluate(() => performance.now());
    await page.keyboard.insertText(q);
    await page.waitForFunction(() => document.querySelector(".search-results li") !== null
      || /没有找到/.test(document.querySelector('[role="status"]').textContent), null, { polling: "raf", timeout: 60000 });
    const end = await page.evaluate(() => performance.now());
    const found = await page.evaluate(() => document.querySelector('[role="status"]').textContent);
    // The script itself was fetched with the page, before the keystroke.
    const script = await page.evaluate(() => fetch("search.js").then((r) => r.arrayBuffer()).then((b) => b.byteLength));
    console.log(JSON.stringify({ query: q, ms: Math.round(end - start), bytes_after_keystroke: bytes,
      script_bytes: script, files: files.length, found }));
    await context.close();
  }
} finally {
  await browser.close();
  served.close();
}
