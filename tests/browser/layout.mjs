// Readers on every screen and on paper, in headless Chromium: text sizes on a phone in both
// modes, no sideways scrolling, tap targets, wide screens used, numbers kept with their units,
// stable question links, print, and screenshots for review.
// Usage: node tests/browser/layout.mjs SITE_DIR SHOTS_DIR   (exit 1 on any failure)
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { checks, launchChromium, serveSite } from "./harness.mjs";

const [site, shots] = process.argv.slice(2);
if (!site || !shots) {
  console.error("usage: node layout.mjs SITE_DIR SHOTS_DIR");
  process.exit(2);
}
const server = await serveSite(site);
const base = server.base;

const { check, failures } = checks();

const counties = (await readdir(join(site, "counties"), { withFileTypes: true }))
  .filter((d) => d.isDirectory()).map((d) => d.name).sort();
const articles = (await readdir(join(site, "articles"), { withFileTypes: true }))
  .filter((d) => d.isDirectory()).map((d) => d.name).sort();
const pages = {
  home: "index.html",
  county: `counties/${counties[0]}/index.html`,
  article: `articles/${articles.includes("overview") ? "overview" : articles[0]}/index.html`,
  qa: "qa/index.html",
  discipline: "discipline/index.html",
  list: "counties/index.html",
  articles: "articles/index.html",
};

const browser = await launchChromium();

// Every visible text, with its rendered size: HTML text by its element's font size, SVG text
// by its font size times the SVG's scale on screen.
const measureText = (CHART_TEXT) => {
  const visible = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden" || parseFloat(s.opacity) === 0) return false;
      if (e.classList && e.classList.contains("visually-hidden")) return false;
    }
    return el.getClientRects().length > 0;
  };
  const small = [];
  let count = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || !visible(el)) continue;
    if (el instanceof SVGElement && !CHART_TEXT) continue;
    if (el.closest("title, desc")) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const ctm = el.getScreenCTM();
      if (ctm) size *= Math.hypot(ctm.a, ctm.b);
    }
    count += 1;
    small.push({ size: Math.round(size * 10) / 10, text: node.textContent.trim().slice(0, 20), tag: el.tagName.toLowerCase(), cls: el.getAttribute("class") || "" });
  }
  return { count, sizes: small };
};

async function textSizes(mode, min) {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  if (mode === "large") {
    await context.addInitScript(() => { try { localStorage.setItem("qf-large", "1"); } catch (e) {} });
  }
  const page = await context.newPage();
  for (const [name, path] of Object.entries(pages)) {
    await page.goto(base + path);
    const { count, sizes } = await page.evaluate(measureText, true);
    const below = sizes.filter((s) => s.size < min - 0.05);
    const shown = below.slice(0, 5).map((s) => `${s.tag}.${s.cls} "${s.text}" ${s.size}px`).join("; ");
    check(count > 0 && below.length === 0, `${mode}: every text of ${name} is at least ${min}px at 375px (${count} texts; ${below.length} smaller${shown ? ": " + shown : ""})`);
  }
  await context.close();
}

await textSizes("normal", 16);
await textSizes("large", 18);

// No sideways scrolling from 320px up; tap targets at least 44×44.
{
  const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
  const page = await context.newPage();
  for (const [name, path] of Object.entries(pages)) {
    await page.goto(base + path);
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    check(scroll <= client, `${name} does not scroll sideways at 320px (${scroll} ≤ ${client})`);
    const split = await page.evaluate(() => Array.from(document.querySelectorAll(".nb"))
      .filter((e) => e.getClientRects().length > 1).map((e) => e.textContent));
    check(split.length === 0, `${name}: numbers stay with their units at 320px${split.length ? " (" + split.slice(0, 3).join(", ") + ")" : ""}`);
  }
  await context.close();
}
{
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  for (const [name, path] of Object.entries(pages)) {
    await page.goto(base + path);
    const small = await page.evaluate(() => Array.from(document.querySelectorAll(
      "button, summary, nav a, .pager a, .county-grid a, .toc a, .article-list a, .chart-data a"))
      .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden")
      .map((e) => ({ r: e.getBoundingClientRect(), t: e.textContent.trim().slice(0, 12) }))
      .filter(({ r }) => r.width < 43.5 || r.height < 43.5)
      .map(({ r, t }) => `"${t}" ${Math.round(r.width)}×${Math.round(r.height)}`));
    check(small.length === 0, `${name}: tap targets are at least 44×44px${small.length ? " (" + small.slice(0, 4).join(", ") + ")" : ""}`);
  }
  await context.close();
}

// Wide screens: cards in one row, charts side by side, a home page half as tall as before.
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base);
  const layout = await page.evaluate(() => {
    const tops = (sel) => Array.from(document.querySelectorAll(sel)).map((e) => Math.round(e.getBoundingClientRect().top));
    const lefts = (sel) => Array.from(document.querySelectorAll(sel)).map((e) => Math.round(e.getBoundingClientRect().left));
    return { cards: tops(".card"), chartTops: tops("#main .chart"), chartLefts: lefts("#main .chart"), height: document.documentElement.scrollHeight };
  });
  const firstRow = layout.cards.filter((t) => t === layout.cards[0]).length;
  check(firstRow >= 4, `at 1280px the cards sit four or more to a row (${firstRow})`);
  const sideBySide = layout.chartTops.some((t, i) => i > 0 && t === layout.chartTops[i - 1] && layout.chartLefts[i] !== layout.chartLefts[i - 1]);
  check(sideBySide, "at 1280px charts sit side by side");
  check(layout.height <= 3550, `the home page at 1280px is at most 3550px tall (${layout.height}), half of its 7,100 before`);
  await context.close();
}

// Old positional question links lead to the question that stood there.
{
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  await page.goto(base + "qa/index.html#q2");
  await page.waitForFunction(() => location.hash !== "#q2", null, { timeout: 5000 }).catch(() => {});
  const hash = await page.evaluate(() => location.hash);
  const second = await page.evaluate(() => document.querySelectorAll(".qa-item h2")[1]?.id);
  check(second && hash === "#" + second, `#q2 leads to the second question (${hash})`);
  await context.close();
}

// Print: a county page on at most 2 A4 pages, the home page on at most 4.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const [name, path, most] of [["county", pages.county, 2], ["home", pages.home, 4]]) {
    await page.goto(base + path);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: false });
    const count = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    check(count >= 1 && count <= most, `${name} prints on at most ${most} A4 pages (${count})`);
  }
  await context.close();
}

// Print, at an A4 page's width: no table is cut at the edge of its box (paper does not
// scroll), and the search form is not printed.
{
  const context = await browser.newContext({ viewport: { width: 718, height: 1000 } });
  const page = await context.newPage();
  for (const path of [pages.county, pages.home]) {
    await page.goto(base + path);
    await page.emulateMedia({ media: "print" });
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll(".table-wrap")]
        .filter((w) => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1)
        .map((w) => `${w.querySelector("caption, th")?.textContent.trim()} (${w.scrollWidth} > ${w.clientWidth})`));
    check(cut.length === 0, `${path}: printed tables fit their boxes (${cut.join("; ") || "all fit"})`);
    const search = await page.evaluate(() => [...document.querySelectorAll(".site-search")].some((f) => f.offsetParent !== null));
    check(!search, `${path}: the search form is not printed`);
  }
  await context.close();
}

// A printed article shows where its external links lead.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  let shown = null;
  for (const name of articles) {
    await page.goto(base + `articles/${name}/index.html`);
    await page.emulateMedia({ media: "print" });
    shown = await page.evaluate(() => {
      const a = document.querySelector('.prose a[href^="http"]');
      return a ? { href: a.getAttribute("href"), after: getComputedStyle(a, "::after").content } : null;
    });
    if (shown) break;
  }
  check(shown !== null && shown.after.includes(shown.href), `a printed article shows its external links' addresses (${shown ? shown.after : "no external link"})`);
  await context.close();
}

// Screenshots for review (CI keeps them under target/).
await mkdir(shots, { recursive: true });
for (const width of [375, 768, 1280, 1920]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  for (const name of ["home", "county", "article", "qa"]) {
    await page.goto(base + pages[name]);
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
  }
  await context.close();
}

await browser.close();
server.close();
if (failures.length) {
  console.log(`${failures.length} layout check(s) failed`);
  process.exit(1);
}
console.log("all layout checks passed");
