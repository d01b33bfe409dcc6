// Search in headless Chromium, driven by tests/suite/browser_search.rs.
//
// Usage: node search.mjs SITE QUERIES_JSON ABSENT_JSON [SCRIPT_TITLE]
//   SITE          a built site's folder (served from its parent, so under a subpath)
//   QUERIES_JSON  a JSON list of queries; each must find at least one page
//   ABSENT_JSON   a JSON list of queries no page holds
//   SCRIPT_TITLE  (optional) a page title holding markup, to be shown as text
//
// For every query, the pages the search returns must be exactly the pages whose main text
// contains every word of it, as this script reads that text from the built HTML with the
// browser's own innerText (every <details> open; what the theme marks data-search="skip",
// SVG drawings and scripts left out), folded here (full-width as half-width, Latin in lower
// case; Traditional queries are compared with their Simplified twins). Latin words also
// match county and region pages by slug. Then the search page and the header box are used
// with the keyboard, the page is opened from file://, and a title with markup is checked.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, dirname, basename } from "node:path";
import { pathToFileURL } from "node:url";
import { serveSite, launchChromium, checks } from "./harness.mjs";

const [site, queriesJson, absentJson, scriptTitle] = process.argv.slice(2);
const queries = JSON.parse(queriesJson);
const absent = JSON.parse(absentJson);
const { check, failures } = checks();
// Traditional forms used in the queries, for the expected sets only.
const TRADITIONAL = { "換": "换", "屆": "届", "縣": "县", "幹": "干" };
const simplify = (s) => [...s].map((c) => TRADITIONAL[c] ?? c).join("");

function fold(s) {
  let out = "";
  for (const ch of s.replace(/[\u2060\u200b\ufeff\u00ad]/g, "")) {
    let c = ch.codePointAt(0);
    if (c === 0x3000) { out += " "; continue; }
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    let f = String.fromCodePoint(c);
    if (c >= 65 && c <= 90) f = f.toLowerCase();
    out += f;
  }
  return out;
}
// A query of Latin words only: it also matches slugs, which count as a title hit.
const LATIN_ONLY = /^[\sa-zA-Z0-9-]+$/;
const words = (q) => simplify(fold(q)).split(/\s+/).filter(Boolean);

async function pages(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const rel = relative(site, join(entry.parentPath ?? entry.path, entry.name)).split("\\").join("/");
    // Not searched: the 404, the search page, and the full rankings of a region with many
    // children (their names and figures are the county pages' and lists' own; README).
    if (rel === "404.html" || rel.startsWith("search/") || /(^|\/)ranking\//.test(rel)) continue;
    out.push(rel);
  }
  return out.sort();
}

const served = await serveSite(dirname(site));
const sub = `${served.base}${basename(site)}/`;
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  // No script error on any page (the search script's rehearsal included, run once the
  // index's first file is in).
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The text of every page, as the reader sees it.
  const texts = {}, titles = {};
  for (const rel of await pages(site)) {
    await page.goto(sub + rel);
    // The title field: the <h1>, and what the theme marks data-search="title".
    titles[rel] = await page.evaluate(() => Array.from(document.querySelectorAll('main h1, main [data-search="title"]'), (e) => e.innerText).join("\n"));
    texts[rel] = await page.evaluate(() => {
      document.querySelectorAll("details").forEach((d) => { d.open = true; });
      const main = document.querySelector('[data-search="body"]') || document.querySelector("main");
      if (!main) return "";
      main.querySelectorAll('[data-search="skip"], svg, script, style, template').forEach((e) => {
        e.style.setProperty("display", "none", "important");
      });
      return main.innerText;
    });
  }
  const all = Object.keys(texts);
  check(all.length > 3, `read the text of ${all.length} pages`);
  const folded = Object.fromEntries(all.map((p) => [p, simplify(fold(texts[p]))]));
  const expected = (q) => all.filter((p) => words(q).every((w) => {
    if (folded[p].includes(w)) return true;
    const slug = /^(?:counties|regions)\/([^/]+)\/index\.html$/.exec(p);
    return /^[a-z0-9-]*[a-z][a-z0-9-]*$/.test(w) && slug !== null && slug[1].includes(w);
  }));

  // Every query, through the search page's API, under a subpath over http.
  await page.goto(`${sub}search/index.html`);
  await page.waitForFunction(() => window.qfSearch !== undefined);
  // The rehearsal's made-up index (private-use characters) is gone once it is over: its
  // words find nothing, and a real word is found as before (below).
  await page.evaluate(() => window.qfSearch.rehearsed());
  const madeUp = await page.evaluate(() => Promise.all(["\ue000\ue001\ue002", "\ue003", "\ue000\ue001"]
    .map((q) => window.qfSearch.query(q).then((r) => r.length))));
  check(madeUp.every((n) => n === 0), `the rehearsal leaves nothing behind (${madeUp.join(", ")} pages found)`);
  let partial = 0;
  for (const q of queries) {
    const want = expected(q);
    const got = await page.evaluate((q) => window.qfSearch.query(q).then((r) => r.map((x) => x.path)), q);
    const missing = want.filter((p) => !got.includes(p));
    const extra = got.filter((p) => !want.includes(p));
    check(want.length > 0, `「${q}」 occurs on the site (${want.length} of ${all.length} pages)`);
    check(missing.length === 0 && extra.length === 0 && got.length === new Set(got).size,
      `「${q}」 finds exactly those ${want.length} pages` +
      (missing.length ? `; missing ${missing.join(", ")}` : "") + (extra.length ? `; extra ${extra.join(", ")}` : ""));
    if (want.length > 0 && want.length < all.length) partial += 1;
  }
  check(partial >= queries.length / 2, `most queries find some pages but not all (${partial} of ${queries.length})`);

  // Snippets: each result's snippet shows the words where the page's own text kept in the
  // index (its page file) holds them, beyond its title (the <h1> and what the theme marks
  // as title, `titles`), with some of the text around them;
  // otherwise (a page found by its slug or title, or by text beyond what is kept) the start
  // of its body text, never bare punctuation.
  const kept = {};
  for (const name of await readdir(join(site, "search/p"))) {
    const src = await readFile(join(site, "search/p", name), "utf8");
    new Function("qfSearch", src)({ pages: (_, list) => list.forEach((p) => { kept[p[0]] = p; }) });
  }
  let badSnippets = [];
  for (const q of queries) {
    const ws = words(q);
    const got = await page.evaluate((q) => window.qfSearch.query(q), q);
    for (const r of got) {
      const s = simplify(fold(r.snippet ?? "")).replace(/…/g, "");
      const title = (titles[r.path] ?? "").split("\n").map((t) => t.trim());
      const own = (kept[r.path]?.[3] ?? []).filter((t) => t !== r.title && !title.includes(t.trim())).map((t) => simplify(fold(t)));
      const held = ws.some((w) => own.some((t) => t.includes(w)));
      const has = ws.some((w) => s.includes(w));
      if (!/[\p{L}\p{N}]/u.test(s)) badSnippets.push(`${q} on ${r.path}: bare 「${r.snippet}」`);
      else if (held && !has) badSnippets.push(`${q} on ${r.path}: 「${r.snippet}」 lacks the words`);
      else if (has && ws.every((w) => s.trim() === w)) badSnippets.push(`${q} on ${r.path}: only the word, 「${r.snippet}」`);
      else if (!has && s.length < 8) badSnippets.push(`${q} on ${r.path}: too short a first line, 「${r.snippet}」`);
    }
  }
  check(badSnippets.length === 0, "snippets show the words with their context, or the page's first line" +
    (badSnippets.length ? ` (${badSnippets.length}): ${badSnippets.slice(0, 6).join("; ")}` : ""));

  // Ranking: county pages with the words in their title first, then more occurrences in
  // the title, then in the headings, then in the body; a result's title count is how often
  // its words occur in the page's title (its <h1> and what is marked as title), read here.
  const occurrences = (text, w) => {
    let n = 0;
    for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) n += 1;
    return n;
  };
  let unordered = [], miscounted = [];
  for (const q of queries) {
    const got = await page.evaluate((q) => window.qfSearch.query(q), q);
    const key = (r) => [r.kind === "县" && r.counts[0] > 0 ? 1 : 0, ...r.counts];
    for (let i = 1; i < got.length; i++) {
      const a = key(got[i - 1]), b = key(got[i]);
      const k = a.findIndex((x, j) => x !== b[j]);
      if (k >= 0 && a[k] < b[k]) { unordered.push(`${q}: ${got[i - 1].path} before ${got[i].path}`); break; }
    }
    for (const r of got) {
      const want = words(q).reduce((n, w) => n + occurrences(simplify(fold(titles[r.path] ?? "")), w), 0);
      if (!LATIN_ONLY.test(fold(q)) && r.counts[0] !== want) miscounted.push(`${q} on ${r.path}: ${r.counts[0]}, not ${want}`);
    }
  }
  check(unordered.length === 0, "results are ranked by title, then headings, then body" + (unordered.length ? `: ${unordered.slice(0, 3).join("; ")}` : ""));
  check(miscounted.length === 0, "a result's title count is its words' occurrences in its title" + (miscounted.length ? `: ${miscounted.slice(0, 3).join("; ")}` : ""));

  // Queries taken from the pages themselves, 1 to 6 characters at spread-out places, and
  // near misses: three characters whose two pairs are both on one page but never together
  // (found only if the pairs' positions are not checked).
  const taken = new Set(), near = new Set();
  all.forEach((p, i) => {
    const t = [...folded[p]];
    for (let at = (i * 7) % 13; at < t.length && taken.size < 40 * (i + 1); at += 89) {
      const q = t.slice(at, at + 1 + ((at + i) % 6)).join("");
      if (!/\s/.test(q)) taken.add(q);
    }
    const pairs = new Set();
    for (let k = 0; k + 1 < t.length; k++) if (!/\s/.test(t[k] + t[k + 1])) pairs.add(t[k] + t[k + 1]);
    const byFirst = {};
    pairs.forEach((ab) => { (byFirst[[...ab][0]] ??= []).push(ab); });
    for (const ab of pairs) {
      if (near.size >= 3 * (i + 1)) break;
      for (const bc of byFirst[[...ab][1]] ?? []) {
        const q = ab + [...bc][1];
        if (expected(q).length === 0) { near.add(q); break; }
      }
    }
  });
  let wrong = [];
  for (const q of taken) {
    const want = expected(q);
    const got = await page.evaluate((q) => window.qfSearch.query(q).then((r) => r.map((x) => x.path)), q);
    if (want.length !== got.length || want.some((p) => !got.includes(p))) wrong.push(q);
  }
  check(taken.size > 20 && wrong.length === 0, `${taken.size} queries taken from the pages find exactly their pages` + (wrong.length ? `; wrong: ${wrong.join(" ")}` : ""));
  wrong = [];
  for (const q of near) {
    const n = await page.evaluate((q) => window.qfSearch.query(q).then((r) => r.length), q);
    if (n !== 0) wrong.push(q);
  }
  check(near.size > 5 && wrong.length === 0, `${near.size} near misses find nothing` + (wrong.length ? `; found: ${wrong.join(" ")}` : ""));
  for (const q of absent.concat(["这个词不在网站上"])) {
    check(expected(q).length === 0, `「${q}」 is on no page`);
    const n = await page.evaluate((q) => window.qfSearch.query(q).then((r) => r.length), q);
    check(n === 0, `「${q}」 finds nothing (${n})`);
  }

  // A county's name: its county page comes first.
  const county = all.find((p) => p.startsWith("counties/") && p !== "counties/index.html");
  const name = await (async () => {
    await page.goto(sub + county);
    return page.evaluate(() => document.querySelector('[data-search="title"]')?.textContent ?? "");
  })();
  await page.goto(`${sub}search/index.html`);
  await page.waitForFunction(() => window.qfSearch !== undefined);
  if (name) {
    const first = await page.evaluate((q) => window.qfSearch.query(q).then((r) => r[0]), name);
    check(first && first.path === county && first.kind === "县", `「${name}」 lists its county page first (got ${first?.path})`);
  }

  // The search page with the keyboard: results announced, marked, reachable with arrows.
  const q0 = queries[0];
  await page.getByLabel("搜索本栏目的全部页面").fill(q0);
  await page.waitForSelector(".search-page-results li");
  check(await page.evaluate(() => location.search.includes("q=")), "the address has the query once the first result is shown");
  // Results come in one by one, the list marked busy until the screen is whole.
  await page.waitForSelector('.search-page-results ol[aria-busy="false"] li');
  const status = await page.textContent('.search-page-results [role="status"]');
  check(/找到\d+个/.test(status ?? ""), `the search page announces the results: ${status}`);
  const live = await page.getAttribute('.search-page-results [role="status"]', "aria-live");
  check(live === "polite", "the status is a polite live region");
  const marks = await page.$$eval(".search-results mark", (ms) => ms.map((m) => m.textContent));
  check(marks.length > 0 && marks.every((m) => words(q0).includes(simplify(fold(m)))), `matches are marked (${marks.slice(0, 3).join("、")})`);
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement?.className);
  check(focused === "search-title", "ArrowDown moves from the box to the first result");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  check(await page.evaluate(() => document.activeElement?.id === "qf-search-page"), "ArrowUp leads back to the box");
  check(page.url().includes("?q="), "the query is kept in the address");

  // The header box on another page: a panel of results, arrows, Esc closes it.
  await page.goto(sub + "index.html");
  await page.getByLabel("搜索本栏目").fill(q0);
  await page.waitForSelector('.search-panel ol[aria-busy="false"] li');
  check(await page.isVisible(".search-panel"), "the header box shows its results");
  await page.keyboard.press("ArrowDown");
  check(await page.evaluate(() => document.activeElement?.closest(".search-panel") !== null), "ArrowDown enters the header's results");
  await page.keyboard.press("Escape");
  check(await page.isHidden(".search-panel"), "Esc closes the header's results");
  check(await page.evaluate(() => document.activeElement?.id === "qf-search-box"), "Esc returns to the box");
  const link = await page.$eval(".search-panel li a", (a) => a.href).catch(() => "");
  check(link.startsWith(sub), `result links stay under the subpath (${link})`);

  // Without JavaScript the box is not offered.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(sub + "index.html");
  check(await plain.isHidden(".site-search"), "without JavaScript the header box is hidden");
  await plain.goto(`${sub}search/index.html`);
  check((await plain.textContent("main")).includes("需要浏览器启用 JavaScript"), "without JavaScript the search page explains why");
  await noJs.close();

  // From disk.
  const fileUrl = pathToFileURL(join(site, "search/index.html")).href + "?q=" + encodeURIComponent(q0);
  await page.goto(fileUrl);
  await page.waitForSelector(".search-page-results li", { timeout: 10000 }).catch(() => {});
  const fromDisk = await page.evaluate(() => window.qfSearch.query(document.getElementById("qf-search-page").value).then((r) => r.length)).catch(() => -1);
  check(fromDisk === expected(q0).length, `from file:// the search finds the same ${fromDisk} pages`);

  if (scriptTitle) {
    await page.goto(`${sub}search/index.html?q=${encodeURIComponent(scriptTitle)}`);
    await page.waitForSelector(".search-page-results li");
    const shown = await page.$$eval(".search-results .search-title", (as) => as.map((a) => a.textContent));
    check(shown.includes(scriptTitle), `a title with markup is shown as text (${shown[0]})`);
    check(await page.$$eval(".search-page-results script, .search-page-results b", (s) => s.length) === 0,
      "no markup from page text or query is inserted");
  }
  check(errors.length === 0, "no script errors" + (errors.length ? `: ${errors.slice(0, 3).join("; ")}` : ""));
} finally {
  await browser.close();
  served.close();
}
if (failures.length) {
  console.log(`${failures.length} search checks failed`);
  process.exit(1);
}
console.log("all search checks passed");
