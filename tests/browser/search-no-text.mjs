// Search on a site whose pages hold no searchable text (its theme marks an empty region),
// driven by tests/suite/browser_search.rs: the index then has no character at all, and every
// query must still settle, a Latin word finding the pages whose slug holds it.
//
// Usage: node search-no-text.mjs SITE CASES_JSON
//   SITE        a built site's folder (served from its parent, so under a subpath)
//   CASES_JSON  a JSON list of [query, [the paths of the pages it must find]]
import { basename, dirname } from "node:path";
import { serveSite, launchChromium, checks } from "./harness.mjs";

const [site, casesJson] = process.argv.slice(2);
const cases = JSON.parse(casesJson);
const { check, failures } = checks();

const served = await serveSite(dirname(site));
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${served.base}${basename(site)}/search/`);
  await page.waitForFunction(() => window.qfSearch);
  for (const [q, want] of cases) {
    const got = await page.evaluate(
      (q) => window.qfSearch.query(q).then((r) => r.map((x) => x.path), (e) => `rejected: ${e.message}`),
      q,
    );
    const same = Array.isArray(got) && got.length === want.length && want.every((p) => got.includes(p));
    check(same, `「${q}」 finds ${JSON.stringify(want)} (got ${JSON.stringify(got)})`);
  }
  // The search page's own box, as a reader types: an answer, not a failure.
  await page.fill("#qf-search-page", cases[0][0]);
  const status = await page
    .waitForFunction(() => document.querySelector(".search-status")?.textContent.trim() || null)
    .then((h) => h.jsonValue());
  check(/^(找到|没有找到)/.test(status), `the search page answers 「${cases[0][0]}」 (「${status}」)`);
  check(errors.length === 0, "no script errors" + (errors.length ? `: ${errors.slice(0, 3).join("; ")}` : ""));
} finally {
  await browser.close();
  served.close();
}
if (failures.length) {
  console.log(`${failures.length} search-without-text checks failed`);
  process.exit(1);
}
console.log("all search-without-text checks passed");
