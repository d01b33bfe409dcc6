// The full ranking's table in headless Chromium: sorted by the keyboard alone, column by
// column, with aria-sort following; without JavaScript, in rank order.
// Usage: node tests/browser/ranking.mjs SITE_DIR PAGE   (PAGE from the site's top; exit 1 on any failure)
import { checks, launchChromium, serveSite } from "./harness.mjs";

const [site, path] = process.argv.slice(2);
if (!site || !path) {
  console.error("usage: node ranking.mjs SITE_DIR PAGE");
  process.exit(2);
}
const server = await serveSite(site);
const { check, failures } = checks();
const browser = await launchChromium();

/// The cells of one column, top to bottom.
const column = (page, i) => page.$$eval("table[data-qf-sort] tbody tr",
  (rows, i) => rows.map((r) => r.cells[i].textContent.trim()), i);
// The places a ranking shows: its row's number, or the place of the row above when both
// show the same value (counties sharing a place), from the value column (2).
const places = (values) => {
  const out = [];
  values.forEach((v, i) => out.push(i > 0 && v === values[i - 1] ? out[i - 1] : String(i + 1)));
  return out;
};
const same = (xs, ys) => xs.length === ys.length && xs.every((x, i) => x === ys[i]);
const ascending = (xs, cmp) => xs.every((x, i) => i === 0 || cmp(xs[i - 1], x) <= 0);
const byNumber = (a, b) => parseFloat(a) - parseFloat(b);

try {
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(server.base + path);
  const ranks = await column(plain, 0);
  const placed = places(await column(plain, 2));
  check(ranks.length > 40 && same(ranks, placed), `without JS the ${ranks.length} rows are in rank order, equal values sharing a place`);
  check((await plain.locator("thead button").count()) === 0, "without JS the headers are plain text");
  await noJs.close();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(server.base + path);
  await page.waitForSelector("thead th button");
  const headers = await page.locator("thead th").count();
  check(headers >= 3, `every column header is a button (${headers})`);

  // Tab to the header of the value column (the third) and press it with the keyboard.
  const tabTo = async (label) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      const at = await page.evaluate(() => document.activeElement && document.activeElement.closest("thead th") ? document.activeElement.textContent.trim() : "");
      if (at === label) return true;
    }
    return false;
  };
  const valueHeader = (await page.locator("thead th").nth(2).textContent()).trim();
  check(await tabTo(valueHeader), `Tab reaches the header “${valueHeader}”`);
  await page.keyboard.press("Enter");
  let values = await column(page, 2);
  check(ascending(values, byNumber), "Enter sorts the values from the least");
  check((await page.locator("thead th").nth(2).getAttribute("aria-sort")) === "ascending", "aria-sort=ascending on the value column");
  check((await page.locator("thead th").nth(0).getAttribute("aria-sort")) === null, "the rank column no longer claims the order");
  await page.keyboard.press("Space");
  values = await column(page, 2);
  check(ascending([...values].reverse(), byNumber), "Space sorts them from the greatest");
  check((await page.locator("thead th").nth(2).getAttribute("aria-sort")) === "descending", "aria-sort=descending");

  // Back to rank order through the first column.
  await page.keyboard.down("Shift");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.up("Shift");
  await page.keyboard.press("Enter");
  const back = await column(page, 0);
  check(same(back, ranks), "the rank column sorts back into rank order, counties sharing a place as before");
  const status = (await page.locator("#qf-sort-status").textContent()).trim();
  check(status.startsWith("已按名次"), `the status line says how the table is sorted (“${status}”)`);
  await context.close();
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.log(`${failures.length} ranking check(s) failed`);
  process.exit(1);
}
console.log("all ranking checks passed");
