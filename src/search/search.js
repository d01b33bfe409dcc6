/* qingfeng search (written by `qingfeng build` beside its index): finds every page whose
   text contains the words, exactly, as Ctrl+F would. The index is loaded as scripts, shard
   by shard, so that it works from any host, subpath or file://. Page text and queries are
   only ever inserted as text. */
(function () {
  "use strict";
  if (window.qfSearch) return;
  var script = document.currentScript;
  var base = script ? script.src.replace(/[^\/]*$/, "") : "search/";
  var root = base.replace(/search\/$/, "");
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = [];
  for (var d = 0; d < 64; d++) VALUE[DIGITS.charCodeAt(d)] = d;
  var meta = null, slugs = null, trad = {}, shards = { g: {}, h: {} }, pages = {}, shared = {}, loading = {}, parsed = {};
  var uniqueStart = [], shardKeys = { g: [], h: [] }, pageFirsts = [], sharedFirsts = [];

  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + path;
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () {
          delete loading[path];
          reject(new Error("搜索索引文件无法加载：" + path));
        };
        document.head.appendChild(s);
      });
    }
    return loading[path];
  }

  /* Folding, as the index folds: full-width as half-width, Latin in lower case,
     Traditional as Simplified; one UTF-16 unit to one. */
  function foldUnit(c) {
    var code = c.charCodeAt(0);
    if (code === 0x3000) return " ";
    if (code >= 0xff01 && code <= 0xff5e) { code -= 0xfee0; c = String.fromCharCode(code); }
    if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
    return trad[c] || c;
  }
  function fold(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) out += foldUnit(s[i]);
    return out;
  }
  function words(query) {
    return fold(query.replace(/[\u2060\u200b\ufeff\u00ad]/g, ""))
      .split(/[\s\u0085]+/).filter(function (w) { return w.length > 0; });
  }

  /* A reader of the index's numbers in s. */
  function reader(s) {
    var i = 0;
    return {
      more: function () { return i < s.length; },
      num: function () {
        var n = 0, mul = 1, v;
        do { v = VALUE[s.charCodeAt(i++)]; n += (v & 31) * mul; mul *= 32; } while (v & 32);
        return n;
      }
    };
  }
  /* The first index of a sorted list whose value is above x. */
  function after(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] <= x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function firsts(s) {
    var r = reader(s), out = [], at = 0;
    while (r.more()) { at += r.num(); out.push(at); }
    return out;
  }

  /* A gram's shard in `dir` (g: segments and counts, h: pairs' positions): the last whose
     first key is not after it. */
  function shardOf(key, dir) {
    var cs = Array.from(key), a = cs[0].codePointAt(0), b = cs.length > 1 ? cs[1].codePointAt(0) : 0;
    var keys = shardKeys[dir], lo = 0, hi = keys.length / 2;
    while (lo < hi) {
      var mid = (lo + hi) >> 1, ka = keys[2 * mid], kb = keys[2 * mid + 1];
      if (ka < a || (ka === a && kb <= b)) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  }
  /* A gram's posting: segments and, for each, its count (and, once asked for with
     `positions`, a pair's positions in each). */
  function posting(key, positions) {
    var out = parsed[key];
    if (!out) {
      var r = reader((shards.g[shardOf(key, "g")] || {})[key] || ""), seg = 0;
      out = parsed[key] = { segs: [], counts: [], positions: null };
      while (r.more()) {
        seg += r.num();
        out.segs.push(seg);
        out.counts.push(r.num());
      }
    }
    if (positions && !out.positions) {
      var h = reader((shards.h[shardOf(key, "h")] || {})[key] || "");
      out.positions = out.counts.map(function (n) {
        var at = 0, ps = new Array(n);
        for (var k = 0; k < n; k++) { at += h.num(); ps[k] = at; }
        return ps;
      });
    }
    return out;
  }
  /* A word's grams: itself when one or two characters; else pairs at every other
     position and the last pair, which together cover it: [key, offset]. */
  function grams(word) {
    var cs = Array.from(word), out = [];
    if (cs.length <= 2) return [[cs.join(""), 0]];
    for (var i = 0; i + 1 < cs.length; i += 2) out.push([cs[i] + cs[i + 1], i]);
    if (cs.length % 2 === 1) out.push([cs[cs.length - 2] + cs[cs.length - 1], cs.length - 2]);
    return out;
  }
  /* The segments holding a word: {segment: occurrences}. */
  function wordSegments(word) {
    var gs = grams(word);
    if (gs.length === 1) {
      var p = posting(gs[0][0]), hits = {};
      for (var i = 0; i < p.segs.length; i++) hits[p.segs[i]] = p.counts[i];
      return hits;
    }
    var lists = gs.map(function (g) { return posting(g[0], true); });
    // The shortest list leads; the others are walked along it.
    var order = lists.map(function (l, i) { return i; }).sort(function (a, b) { return lists[a].segs.length - lists[b].segs.length; });
    var lead = lists[order[0]], at = lists.map(function () { return 0; }), out = {};
    for (var j = 0; j < lead.segs.length; j++) {
      var seg = lead.segs[j], found = true, rows = [];
      for (var o = 0; o < lists.length; o++) {
        var l = lists[o], k = at[o];
        while (k < l.segs.length && l.segs[k] < seg) k++;
        at[o] = k;
        if (k >= l.segs.length || l.segs[k] !== seg) { found = false; break; }
        rows[o] = l.positions[k];
      }
      if (!found) continue;
      var sets = rows.map(function (ps) { var m = {}; ps.forEach(function (p) { m[p] = true; }); return m; });
      var count = 0;
      rows[0].forEach(function (start) {
        for (var o = 1; o < gs.length; o++) if (!sets[o][start + gs[o][1]]) return;
        count++;
      });
      if (count) out[seg] = count;
    }
    return out;
  }
  /* The page and field of a unique segment. */
  function ownerOf(seg) {
    var k = after(uniqueStart, seg) - 1, page = (k / 3) | 0;
    return [page, k - 3 * page];
  }
  function sharedFile(seg) { return Math.max(0, after(sharedFirsts, seg) - 1); }
  /* A shared segment's pages: [[page, field, count]]. */
  function sharedPages(seg) {
    var entry = shared[seg], r = reader(entry[1]), out = [], last = 0;
    while (r.more()) {
      var a = r.num(), code = r.num(), len = a & 1 ? r.num() : 0, page = last + Math.floor(a / 2);
      for (var k = 0; k <= len; k++) out.push([page + k, code % 3, Math.floor(code / 3) + 1]);
      last = page + len;
    }
    return out;
  }
  /* The pages holding one folded word: page → {c: [title, heading, body] occurrences,
     s: the segment a snippet is cut from}. Its shared segments' files must be loaded. */
  function add(hits, page, field, n, seg) {
    var h = hits[page] || (hits[page] = { c: [0, 0, 0], s: seg, f: field });
    h.c[field] += n;
    // The snippet comes from the body if it can, else the headings, else the title.
    if (field > h.f || (field === h.f && seg < h.s)) { h.s = seg; h.f = field; }
  }
  function wordPages(segs, uniqueOnly) {
    var hits = {};
    Object.keys(segs).forEach(function (key) {
      var seg = +key, n = segs[key];
      if (seg < meta.U) { var o = ownerOf(seg); add(hits, o[0], o[1], n, seg); }
      else if (!uniqueOnly) sharedPages(seg).forEach(function (p) { add(hits, p[0], p[1], n * p[2], seg); });
    });
    return hits;
  }
  function pageFile(n) { return "p/" + Math.max(0, after(pageFirsts, n) - 1) + ".js"; }
  function needShards(ws) {
    var need = {};
    ws.forEach(function (w) {
      var gs = grams(w);
      gs.forEach(function (g) {
        need["g/" + shardOf(g[0], "g") + ".js"] = true;
        // A longer word's pairs must stand at the right distances: their positions too.
        if (gs.length > 1 && shardKeys.h.length) need["h/" + shardOf(g[0], "h") + ".js"] = true;
      });
    });
    return Object.keys(need).map(load);
  }
  var LATIN = /^[a-z0-9-]*[a-z][a-z0-9-]*$/;

  /* Every page holding all the words' hits, best first: [{doc, counts, score, seg}]. */
  function rank(ws, all) {
    var total = null;
    ws.forEach(function (w, i) {
      var hits = all[i];
      if (slugs && LATIN.test(w)) {
        Object.keys(slugs).forEach(function (slug) {
          if (slug.indexOf(w) >= 0) {
            var doc = slugs[slug], h = hits[doc] || (hits[doc] = { c: [0, 0, 0], s: -1, f: 0 });
            h.c[0] += 1;
          }
        });
      }
      if (total === null) { total = hits; return; }
      var next = {};
      Object.keys(total).forEach(function (doc) {
        if (hits[doc]) {
          var a = total[doc], b = hits[doc];
          next[doc] = { c: [a.c[0] + b.c[0], a.c[1] + b.c[1], a.c[2] + b.c[2]], s: a.s >= 0 ? a.s : b.s, f: a.f };
        }
      });
      total = next;
    });
    var results = Object.keys(total).map(function (doc) {
      var c = total[doc].c, n = +doc;
      var county = meta.k.charAt(n) === "c" && c[0] > 0 ? 1 : 0;
      return { doc: n, counts: c, seg: total[doc].s, score: [county, c[0], c[1], c[2]] };
    });
    results.sort(function (a, b) {
      for (var i = 0; i < 4; i++) if (a.score[i] !== b.score[i]) return b.score[i] - a.score[i];
      return a.doc - b.doc;
    });
    return results;
  }

  /* Every page holding all the words, best first. The postings come in one round (all
     shards at once); the files of the shared segments found come in the next, and with
     them, the page files of the best results found so far among the pages' own segments
     (`first` of them), so that the first screen rarely waits for a third. */
  function search(query, first) {
    var ws = words(query);
    if (!ws.length) return Promise.resolve([]);
    return load("meta.js").then(function () {
      ws = words(query);
      var waits = needShards(ws);
      if (ws.some(function (w) { return LATIN.test(w); })) waits.push(load("slugs.js"));
      return Promise.all(waits);
    }).then(function () {
      var segs = ws.map(wordSegments), need = {};
      segs.forEach(function (ss) {
        Object.keys(ss).forEach(function (s) { if (+s >= meta.U) need["s/" + sharedFile(+s) + ".js"] = true; });
      });
      var waits = Object.keys(need).map(load);
      if (first) {
        var early = rank(ws, segs.map(function (ss) { return wordPages(ss, true); })), files = {};
        early.slice(0, first).forEach(function (r) { files[pageFile(r.doc)] = true; });
        // Not waited for: only fetched early.
        Object.keys(files).forEach(function (f) { load(f).catch(function () { /* reported when shown */ }); });
      }
      return Promise.all(waits).then(function () {
        return rank(ws, segs.map(function (ss) { return wordPages(ss, false); }));
      });
    });
  }

  /* A page's address, title, kind and the text a snippet is cut from. */
  function doc(n, seg) {
    var waits = [load(pageFile(n))];
    if (seg >= meta.U) waits.push(load("s/" + sharedFile(seg) + ".js"));
    return Promise.all(waits).then(function () {
      var p = pages[n];
      if (!p) return null;
      var text = "";
      if (seg >= meta.U) text = shared[seg][0];
      else if (seg >= 0) text = p[3][seg - uniqueStart[3 * n]];
      // A page found by its slug alone, or a match beyond the text kept of a long page:
      // its first line of body text stands for it.
      if (text === undefined || seg < 0) text = p[3][uniqueStart[3 * n + 2] - uniqueStart[3 * n]] || p[3][0] || "";
      return { u: p[0], t: p[1], k: p[2], x: text };
    });
  }

  /* The snippet of a page's text around the first match, matches marked. */
  function snippet(text, ws) {
    var folded = fold(text), first = -1, len = 0;
    ws.forEach(function (w) {
      var at = folded.indexOf(w);
      if (at >= 0 && (first < 0 || at < first)) { first = at; len = w.length; }
    });
    var frag = document.createDocumentFragment();
    // No match in the text (a page found by its slug): its start stands for it.
    if (first < 0) first = Math.max(0, text.indexOf("\n") + 1);
    var lineStart = text.lastIndexOf("\n", first - 1) + 1;
    var lineEnd = text.indexOf("\n", first + len);
    if (lineEnd < 0) lineEnd = text.length;
    var start = Math.max(lineStart, first - 24), end = Math.min(lineEnd, first + len + 56);
    if (start > lineStart) frag.appendChild(document.createTextNode("…"));
    var marks = [];
    ws.forEach(function (w) {
      var at = folded.indexOf(w, start);
      while (at >= 0 && at < end) {
        marks.push([at, Math.min(end, at + w.length)]);
        at = folded.indexOf(w, at + w.length);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var at = start;
    marks.forEach(function (m) {
      if (m[0] < at) return;
      if (m[0] > at) frag.appendChild(document.createTextNode(text.slice(at, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      frag.appendChild(mark);
      at = m[1];
    });
    if (end > at) frag.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < lineEnd) frag.appendChild(document.createTextNode("…"));
    return frag;
  }

  /* One search box: the header's (results in a panel) or the search page's. */
  function attach(form) {
    var input = form.querySelector("input[type=search]");
    var page = form.getAttribute("data-qf-search") === "page";
    var panel = page ? document.querySelector("[data-qf-results]") : form.querySelector(".search-panel");
    if (!input || !panel) return;
    var status = panel.querySelector("[role=status]");
    var list = panel.querySelector("ol");
    var more = panel.querySelector("[data-qf-more]");
    var step = page ? 10 : 5, seq = 0, shown = 0, current = [], currentWords = [];

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    function close() {
      if (!page) panel.hidden = true;
    }
    function showMore() {
      var slice = current.slice(shown, shown + step), mine = seq;
      shown += slice.length;
      return Promise.all(slice.map(function (r) { return doc(r.doc, r.seg); })).then(function (ds) {
        if (mine !== seq) return;
        ds.forEach(function (d) {
          if (!d) return;
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = root + d.u;
          a.className = "search-title";
          a.textContent = d.t;
          var kind = document.createElement("span");
          kind.className = "search-kind";
          kind.textContent = d.k;
          var p = document.createElement("p");
          p.className = "search-snippet";
          p.appendChild(snippet(d.x, currentWords));
          li.appendChild(a);
          li.appendChild(document.createTextNode(" "));
          li.appendChild(kind);
          li.appendChild(p);
          list.appendChild(li);
        });
        if (more) more.hidden = shown >= current.length;
        if (!page && current.length > shown) {
          var li = document.createElement("li");
          var all = document.createElement("a");
          all.href = base + "index.html?q=" + encodeURIComponent(input.value);
          all.textContent = "查看全部" + current.length + "个结果";
          li.appendChild(all);
          list.appendChild(li);
        }
      });
    }
    function run() {
      var q = input.value, mine = ++seq;
      if (page) {
        try { history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname); } catch (e) { /* file:// may refuse */ }
      }
      if (!words(q).length) {
        list.textContent = "";
        status.textContent = "";
        if (more) more.hidden = true;
        close();
        return;
      }
      search(q, step).then(function (results) {
        if (mine !== seq) return;
        current = results;
        currentWords = words(q);
        shown = 0;
        list.textContent = "";
        panel.hidden = false;
        status.textContent = results.length
          ? "找到" + results.length + "个包含“" + q.trim() + "”的页面"
          : "没有找到包含“" + q.trim() + "”的页面";
        return showMore();
      }).catch(function (e) {
        if (mine !== seq) return;
        panel.hidden = false;
        status.textContent = e.message;
      });
    }
    input.addEventListener("input", run);
    // The index's first file is fetched as soon as a search is likely, not at the keystroke.
    var warm = function () { load("meta.js").catch(function () { /* reported when searching */ }); };
    if (page) warm();
    else input.addEventListener("focus", warm);
    if (more) more.addEventListener("click", function () { showMore(); });
    form.addEventListener("keydown", function (e) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!all.length) return;
        e.preventDefault();
        var next = e.key === "ArrowDown" ? at + 1 : at - 1;
        if (at < 0) next = e.key === "ArrowDown" ? 0 : all.length - 1;
        if (next < 0 || next >= all.length) input.focus();
        else all[next].focus();
      } else if (e.key === "Escape") {
        if (!page && !panel.hidden) { e.preventDefault(); close(); input.focus(); }
        else if (document.activeElement === input && input.value) { input.value = ""; run(); }
      }
    });
    if (page) {
      panel.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown" || e.key === "ArrowUp" || e.key === "Escape") {
          var all = links(), at = all.indexOf(document.activeElement);
          e.preventDefault();
          if (e.key === "Escape") { input.focus(); return; }
          var next = e.key === "ArrowDown" ? at + 1 : at - 1;
          if (next < 0) input.focus();
          else if (next < all.length) all[next].focus();
        }
      });
      var q = /[?&]q=([^&#]*)/.exec(location.search);
      if (q) {
        try { input.value = decodeURIComponent(q[1].replace(/\+/g, " ")); } catch (e) { input.value = ""; }
        run();
      }
    } else {
      document.addEventListener("click", function (e) {
        if (!form.contains(e.target)) close();
      });
      input.addEventListener("click", function () { if (list.firstChild) panel.hidden = false; });
    }
  }

  window.qfSearch = {
    meta: function (m) {
      meta = m;
      trad = {};
      for (var i = 0; i + 1 < m.t.length; i += 2) trad[m.t[i]] = m.t[i + 1];
      var r = reader(m.u), at = 0;
      uniqueStart = [];
      while (r.more()) { uniqueStart.push(at); at += r.num(); }
      uniqueStart.push(at);
      shardKeys = { g: m.g, h: m.h };
      pageFirsts = firsts(m.p);
      sharedFirsts = firsts(m.s);
    },
    slugs: function (s) { slugs = s; },
    shard: function (dir, n, g) { shards[dir][n] = g; },
    pages: function (first, list) { for (var i = 0; i < list.length; i++) pages[first + i] = list[i]; },
    shared: function (first, list) { for (var i = 0; i < list.length; i++) shared[first + i] = list[i]; },
    /* Every page for a query, best first: [{path, title, kind, counts}]. */
    query: function (q) {
      return search(q).then(function (results) {
        return Promise.all(results.map(function (r) {
          return doc(r.doc, -1).then(function (d) {
            return { path: d.u, title: d.t, kind: d.k, counts: r.counts };
          });
        }));
      });
    }
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-qf-search]"), attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
