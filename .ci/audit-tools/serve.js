// A static file server for the audit: node serve.js SITE_DIR; prints the port it listens on.
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const site = path.resolve(process.argv[2]);
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".xml": "application/xml", ".json": "application/json", ".csv": "text/csv; charset=utf-8",
  ".png": "image/png", ".txt": "text/plain; charset=utf-8" };
const server = http.createServer((req, res) => {
  let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (rel.endsWith("/")) rel += "index.html";
  const file = path.join(site, path.normalize(rel));
  if (!file.startsWith(site)) { res.writeHead(403); res.end(); return; }
  fs.readFile(file, (err, body) => {
    if (err) {
      fs.readFile(path.join(site, "404.html"), (e2, page) => {
        res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
        res.end(e2 ? "not found" : page);
      });
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream", "cache-control": "max-age=3600" });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
