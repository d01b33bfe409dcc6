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
  var meta = null, slugs = null, trad = {}, shards = {}, docs = {}, loading = {}, parsed = {};

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

  /* A posting: for each page, [page, [title, heading, body], positions]. */
  function posting(key) {
    if (parsed[key]) return parsed[key];
    var shard = shards[shardOf(key)] || {};
    var s = shard[key] || "", i = 0, out = [], doc = 0, pair = key.charAt(key.length - 1) === "#" && Array.from(key).length === 3;
    function num() {
      var n = 0, shift = 0, v;
      do { v = VALUE[s.charCodeAt(i++)]; n += (v & 31) * Math.pow(2, shift); shift += 5; } while (v & 32);
      return n;
    }
    while (i < s.length) {
      doc += num();
      var counts = [num(), num(), num()], positions = null;
      if (pair) {
        var total = counts[0] + counts[1] + counts[2], at = 0;
        positions = new Array(total);
        for (var k = 0; k < total; k++) { at += num(); positions[k] = at; }
      }
      out.push([doc, counts, positions]);
    }
    parsed[key] = out;
    return out;
  }

  /* The shard of a gram, as the index computes it. */
  function shardOf(key) {
    var cs = Array.from(key);
    var b = cs.length > 1 ? cs[1].codePointAt(0) : 0;
    var positions = cs.length === 3 ? 1000003 : 0;
    return (cs[0].codePointAt(0) * 65599 + b + positions) % meta.s;
  }
  /* A word's grams: itself when one or two characters (counts alone), else its pairs with
     their positions (the key and "#"). */
  function grams(word) {
    var cs = Array.from(word), out = [];
    if (cs.length <= 2) return [cs.join("")];
    for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1] + "#");
    return out;
  }
  function shardsOf(keys) {
    var need = {};
    keys.forEach(function (k) { need[shardOf(k)] = true; });
    return Object.keys(need).map(function (n) {
      return load("g/" + n + ".js").then(function () { return n; });
    });
  }

  /* The pages holding one folded word: page → [title, heading, body] occurrences. */
  function wordHits(word) {
    var hits = {};
    if (Array.from(word).length <= 2) {
      posting(word).forEach(function (p) { hits[p[0]] = p[1].slice(); });
      return hits;
    }
    var lists = grams(word).map(posting);
    var sets = lists.slice(1).map(function (list) {
      var m = {};
      list.forEach(function (p) { m[p[0]] = p; });
      return m;
    });
    lists[0].forEach(function (first) {
      var doc = first[0], others = [];
      for (var j = 0; j < sets.length; j++) {
        var p = sets[j][doc];
        if (!p) return;
        var set = {};
        p[2].forEach(function (at) { set[at] = true; });
        others.push(set);
      }
      var counts = [0, 0, 0], c = first[1];
      first[2].forEach(function (at, k) {
        for (var j = 0; j < others.length; j++) if (!others[j][at + j + 1]) return;
        counts[k < c[0] ? 0 : k < c[0] + c[1] ? 1 : 2]++;
      });
      if (counts[0] + counts[1] + counts[2] > 0) hits[doc] = counts;
    });
    return hits;
  }

  /* Every page holding all the words, best first: [{doc, counts, score}]. */
  function search(query) {
    var ws = words(query);
    if (!ws.length) return Promise.resolve([]);
    return load("meta.js").then(function () {
      ws = words(query);
      var keys = [];
      ws.forEach(function (w) { keys = keys.concat(grams(w)); });
      var latin = ws.some(function (w) { return /^[a-z0-9-]*[a-z][a-z0-9-]*$/.test(w); });
      var waits = shardsOf(keys);
      if (latin) waits.push(load("slugs.js"));
      return Promise.all(waits);
    }).then(function () {
      var total = null;
      ws.forEach(function (w) {
        var hits = wordHits(w);
        if (slugs && /^[a-z0-9-]*[a-z][a-z0-9-]*$/.test(w)) {
          Object.keys(slugs).forEach(function (slug) {
            if (slug.indexOf(w) >= 0) {
              var doc = slugs[slug], c = hits[doc] || [0, 0, 0];
              c[0] += 1;
              hits[doc] = c;
            }
          });
        }
        if (total === null) { total = hits; return; }
        var next = {};
        Object.keys(total).forEach(function (doc) {
          if (hits[doc]) {
            var a = total[doc], b = hits[doc];
            next[doc] = [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
          }
        });
        total = next;
      });
      var results = Object.keys(total).map(function (doc) {
        var c = total[doc], n = +doc;
        var county = meta.k.charAt(n) === "c" && c[0] > 0 ? 1 : 0;
        return { doc: n, counts: c, score: [county, c[0], c[1], c[2]] };
      });
      results.sort(function (a, b) {
        for (var i = 0; i < 4; i++) if (a.score[i] !== b.score[i]) return b.score[i] - a.score[i];
        return a.doc - b.doc;
      });
      return results;
    });
  }

  function doc(n) {
    return load("d/" + n + ".js").then(function () { return docs[n]; });
  }

  /* The snippet of a page's text around the first match, matches marked. */
  function snippet(text, ws) {
    var folded = fold(text), first = -1, len = 0;
    ws.forEach(function (w) {
      var at = folded.indexOf(w);
      if (at >= 0 && (first < 0 || at < first)) { first = at; len = w.length; }
    });
    var frag = document.createDocumentFragment();
    // A match beyond the text kept for snippets: the page's first lines stand for it.
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
      return Promise.all(slice.map(function (r) { return doc(r.doc); })).then(function (ds) {
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
      search(q).then(function (results) {
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
    },
    slugs: function (s) { slugs = s; },
    shard: function (n, g) { shards[n] = g; },
    doc: function (n, d) { docs[n] = d; },
    /* Every page for a query, best first: [{path, title, kind, counts}]. */
    query: function (q) {
      return search(q).then(function (results) {
        return Promise.all(results.map(function (r) {
          return doc(r.doc).then(function (d) {
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
