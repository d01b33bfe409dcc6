// node axe.js URL...: axe-core (WCAG 2.1 A and AA, best practices) on each page in headless
// Chromium; prints each page's violations; exit 1 if there is any.
const { chromium } = require("playwright-core");
const { AxeBuilder } = require("@axe-core/playwright");

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const context = await browser.newContext();
  let total = 0;
  // Every page in the default look, and with the larger-text and high-contrast switches on
  // (the theme reads ?qf=large,contrast as if the reader had pressed them).
  const urls = process.argv.slice(2).flatMap((u) => [u, `${u}${u.includes("?") ? "&" : "?"}qf=large,contrast`]);
  for (const url of urls) {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    // The search page with a query: checked once its results are shown.
    if (/[?&]q=/.test(url)) await page.waitForSelector(".search-results li", { timeout: 10000 }).catch(() => {});
    const res = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze();
    console.log(`${url}: ${res.violations.length} violation(s)`);
    for (const v of res.violations) {
      console.log(`  [${v.impact}] ${v.id}: ${v.help}`);
      for (const n of v.nodes.slice(0, 5)) console.log(`      ${n.target.join(" ")}  ${n.html.slice(0, 120)}`);
    }
    total += res.violations.length;
    await page.close();
  }
  await browser.close();
  console.log(`axe: ${total} violation(s) on ${process.argv.length - 2} page(s), each in both modes`);
  process.exit(total ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
