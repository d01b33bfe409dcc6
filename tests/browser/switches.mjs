// The 大字 and 高对比 switches in headless Chromium, driven by the keyboard only.
// Usage: node tests/browser/switches.mjs SITE_DIR   (a built site; exit 1 on any failure)
import { checks, launchChromium, serveSite } from "./harness.mjs";

const site = process.argv[2];
if (!site) {
  console.error("usage: node switches.mjs SITE_DIR");
  process.exit(2);
}
const server = await serveSite(site);
const base = server.base;

const { check, failures } = checks();

const browser = await launchChromium();
try {
  // Without JavaScript the page reads fully and the switches are not offered.
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const plain = await noJs.newPage();
  await plain.goto(base + "counties/index.html");
  check(!(await plain.locator("[data-qf-switch]").first().isVisible()), "without JS the switches are hidden");
  check((await plain.locator("main h1").count()) === 1, "without JS the page still has its content");
  await noJs.close();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(base);
  const bodyStyle = () => page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return { size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight), color: s.color, background: s.backgroundColor };
  });
  const before = await bodyStyle();
  check(before.size >= 18, `body text is at least 18px on a phone (${before.size}px)`);
  check(before.line / before.size >= 1.5, `line height is at least 1.5 (${(before.line / before.size).toFixed(2)})`);

  // Reach a switch with Tab alone, then press it.
  const tabTo = async (name) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const at = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute("data-qf-switch"));
      if (at === name) return true;
    }
    return false;
  };
  const pressed = (name) => page.getAttribute(`[data-qf-switch="${name}"]`, "aria-pressed");

  check(await page.locator('[data-qf-switch="large"]').isVisible(), "with JS the 大字 switch is shown");
  check(await tabTo("large"), "Tab reaches the 大字 switch");
  await page.keyboard.press("Enter");
  const large = await bodyStyle();
  check(large.size > before.size, `大字 makes the text larger (${before.size}px → ${large.size}px)`);
  check((await pressed("large")) === "true", "大字 reports aria-pressed=true");

  await page.keyboard.press("Escape");
  check(await tabTo("contrast"), "Tab reaches the 高对比 switch");
  await page.keyboard.press("Space");
  const contrast = await bodyStyle();
  const hasClass = await page.evaluate(() => document.documentElement.classList.contains("qf-contrast"));
  check(hasClass, "高对比 sets the qf-contrast class");
  check(contrast.color === "rgb(0, 0, 0)" && contrast.background === "rgb(255, 255, 255)",
    `高对比 gives black text on white (${contrast.color} on ${contrast.background})`);
  check((await pressed("contrast")) === "true", "高对比 reports aria-pressed=true");

  await page.reload();
  const again = await bodyStyle();
  check(again.size === large.size, `大字 is remembered after a reload (${again.size}px)`);
  check(await page.evaluate(() => document.documentElement.classList.contains("qf-contrast")), "高对比 is remembered after a reload");
  check((await pressed("large")) === "true" && (await pressed("contrast")) === "true", "the switches show their remembered state");

  // Another page of the site shares the setting; switching off is remembered too.
  await page.goto(base + "counties/index.html");
  check((await bodyStyle()).size === large.size, "the setting applies on other pages");
  check(await tabTo("large"), "Tab reaches the 大字 switch on another page");
  await page.keyboard.press("Enter");
  await page.reload();
  check((await bodyStyle()).size === before.size, "switching 大字 off is remembered");
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log("all switch checks passed");
