// Live reload in a real headless Chromium, driven by tests/browser_livereload.rs.
//
// Usage: node livereload.mjs PAGE_URL BEFORE AFTER FILE
//   PAGE_URL  a page of a running `qingfeng serve`
//   BEFORE    text on the page before the edit;  AFTER  text after it
//   FILE      the file the Rust side breaks, as the overlay should name it
//
// Protocol on stdout/stdin, one line each: the script prints `READY edit`, `READY break`,
// `READY fix` and waits for a line on stdin after each (the Rust side changes the file,
// then answers); it prints `DONE` at the end, or `FAIL <reason>` and exits 1.
// The page is never reloaded by hand: every change must arrive by itself.

import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const [url, before, after, file] = process.argv.slice(2);
const WAIT = 20_000;
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function step(name) {
  console.log(`READY ${name}`);
  const { done } = await lines.next();
  if (done) throw new Error(`stdin closed before ${name}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
let code = 0;
try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  // A reload may be under way at any moment (that is the point of the test): between two
  // documents there is no body, and an evaluation can lose its context. Read defensively
  // and poll until the page settles.
  const text = () => page.evaluate(() => document.body?.innerText ?? "");
  const settled = async (what, ok) => {
    const end = Date.now() + WAIT;
    let last = "";
    while (Date.now() < end) {
      try {
        last = await page.evaluate(() =>
          document.readyState === "complete" && !document.querySelector("[role=alert]")
            ? document.body?.innerText ?? ""
            : "",
        );
        if (ok(last)) return;
      } catch (e) {
        last = `(${String(e?.message ?? e).split("\n")[0]})`;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what}; the page shows: ${last.slice(0, 200)}`);
  };
  if (!(await text()).includes(before)) throw new Error(`the page lacks ${before}`);
  // The reload stream must be open before the edit, or the edit would be seen only on load.
  // The injected script marks the page once the server has said hello.
  await page.waitForSelector("html[data-qingfeng-live=connected]", { state: "attached", timeout: WAIT });

  await step("edit");
  await page.waitForFunction((t) => (document.body?.innerText ?? "").includes(t), after, { timeout: WAIT });

  await step("break");
  const alert = page.getByRole("alert");
  await alert.waitFor({ state: "visible", timeout: WAIT });
  const message = await alert.innerText();
  const where = new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ":\\d+");
  if (!where.test(message)) throw new Error(`the overlay does not name ${file}:LINE: ${message}`);
  console.log(`OVERLAY ${JSON.stringify(message)}`);
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });
  // The last good page stays under the overlay.
  if (!(await text()).includes(after)) throw new Error("the last good page is gone");

  await step("fix");
  await alert.waitFor({ state: "detached", timeout: WAIT });
  await settled(`after the fix the page lacks ${after}`, (t) => t.includes(after));
  if (pageErrors.length) throw new Error(`script errors on the page: ${pageErrors.join("; ")}`);
  console.log("DONE");
} catch (e) {
  console.log(`FAIL ${String(e?.message ?? e).split("\n")[0]}`);
  console.error(e);
  code = 1;
} finally {
  await browser.close();
}
process.exit(code);
