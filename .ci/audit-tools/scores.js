// node scores.js MIN REPORT.json...: prints each Lighthouse report's four scores; exit 1 if any is under MIN.
const fs = require("node:fs");
const min = Number(process.argv[2]);
let bad = 0;
for (const file of process.argv.slice(3)) {
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  const scores = ["performance", "accessibility", "best-practices", "seo"].map((k) => {
    const score = report.categories[k] ? report.categories[k].score : null;
    if (score === null || score < min) bad += 1;
    return `${k} ${score === null ? "n/a" : score.toFixed(2)}`;
  });
  console.log(`lighthouse ${report.finalDisplayedUrl || report.requestedUrl}: ${scores.join(", ")}`);
}
process.exit(bad ? 1 : 0);
