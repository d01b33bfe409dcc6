// The images of a built site in Chromium: og:image resolves to a 1200×630 PNG, the share
// image loads (lazily) at its size, and every 下载图片 link leads to a PNG, both from disk
// (file://) and served under a subpath. Usage: node images.mjs SITE_DIR SERVE_ROOT SUBPATH
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { serveSite, launchChromium, checks } from "./harness.mjs";

const [site, serveRoot, subpath] = process.argv.slice(2);
const { check, failures } = checks();
const server = await serveSite(serveRoot);
const browser = await launchChromium();

/// Loads `url` as an image in the page: its natural size, or null.
async function imageSize(page, url) {
  return page.evaluate((src) => new Promise((ok) => {
    const img = new Image();
    img.onload = () => ok([img.naturalWidth, img.naturalHeight]);
    img.onerror = () => ok(null);
    img.src = src;
  }), url);
}

async function visit(label, home, county) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(home);
  const og = await page.getAttribute('meta[property="og:image"]', "content");
  check(og !== null, `${label}: the home page has og:image`);
  if (og !== null) {
    const size = await imageSize(page, new URL(og, page.url()).href);
    check(size && size[0] === 1200 && size[1] === 630, `${label}: og:image resolves to a 1200×630 PNG (${size})`);
  }
  check(await page.getAttribute('meta[name="twitter:card"]', "content") === "summary_large_image", `${label}: twitter:card`);
  const share = page.locator(".share img");
  await share.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector(".share img").complete);
  const shareSize = await share.evaluate((img) => [img.naturalWidth, img.getAttribute("width"), img.getAttribute("loading")]);
  check(shareSize[0] === 1080 && shareSize[1] === "1080" && shareSize[2] === "lazy", `${label}: the share image loads lazily at 1080 px (${shareSize})`);
  const links = await page.$$eval('a[download][href$=".png"]', (as) => as.map((a) => a.href));
  check(links.length >= 2, `${label}: the home page has 下载图片 links (${links.length})`);
  for (const href of links) {
    const size = await imageSize(page, href);
    check(size !== null && size[0] > 0, `${label}: ${href.split("/").slice(-2).join("/")} is a PNG`);
  }
  if (label === "served") {
    await page.locator(".chart-data summary").first().click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("a.chart-download").first().click(),
    ]);
    check(download.suggestedFilename().endsWith(".png"), `${label}: 下载图片 downloads a PNG (${download.suggestedFilename()})`);
  }
  await page.goto(county);
  const countyOg = await page.getAttribute('meta[property="og:image"]', "content");
  const countySize = countyOg && await imageSize(page, new URL(countyOg, page.url()).href);
  check(countySize && countySize[0] === 1200, `${label}: a county page's og:image resolves (${countyOg})`);
  await context.close();
}

try {
  await visit("file", pathToFileURL(join(site, "index.html")).href,
    pathToFileURL(join(site, "counties/baishui/index.html")).href);
  await visit("served", `${server.base}${subpath}/`, `${server.base}${subpath}/counties/baishui/`);
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error(`${failures.length} image checks failed`);
  process.exit(1);
}
console.log("all image checks passed");
