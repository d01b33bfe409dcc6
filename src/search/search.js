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
  var VALUE = new Int8Array(128);
  for (var d = 0; d < 64; d++) VALUE[DIGITS.charCodeAt(d)] = d;
  var meta = null, slugs = null, trad = {}, foldable = /[A-Z\u3000\uff01-\uff5e]/g, shards = {}, pages = {}, shared = {}, carried = {}, carriedRuns = {}, carriedKeys = {}, loading = {}, parsed = new Map();
  var uniqueStart = [], shardKeys = [], pageFirsts = [], sharedFirsts = [];

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
    return s.replace(foldable, foldUnit);
  }
  function words(query) {
    return fold(query.replace(/[\u2060\u200b\ufeff\u00ad]/g, ""))
      .split(/[\s\u0085]+/).filter(function (w) { return w.length > 0; });
  }

  /* How many numbers the `page`th page takes for its `count` unique segments (as the index
     numbers them): `count` and up to 15 more, to the next number that the page's offset
     (a hash of its run of 64 pages) makes a multiple of 16. */
  function slots(page, count) {
    var offset = Math.imul(page >>> 6, 0x9E3779B1) >>> 28;
    return count + (16 - (count + offset) % 16) % 16;
  }
  /* Every number of s, in order (see `index.rs` for the digits), in a typed array. */
  function numbers(s) {
    var out = new Int32Array(s.length), k = 0, n = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var v = VALUE[s.charCodeAt(i)];
      n += (v & 31) * mul;
      if (v & 32) mul *= 32;
      else { out[k++] = n; n = 0; mul = 1; }
    }
    return out.subarray(0, k);
  }
  /* The first index of a sorted list whose value is above x. */
  function after(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] <= x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function firsts(s) {
    var ns = numbers(s), at = 0;
    for (var i = 0; i < ns.length; i++) { at += ns[i]; ns[i] = at; }
    return ns;
  }

  /* A gram's shard (its segments and counts, and a pair's positions after a "."): the last
     whose first key is not after it, named by that key's code points; none when the index
     has no grams (no page holds a character: slugs alone can match). */
  function shardOf(key) {
    if (!shardKeys.length) return null;
    var cs = Array.from(key), a = cs[0].codePointAt(0), b = cs.length > 1 ? cs[1].codePointAt(0) : 0;
    var keys = shardKeys, lo = 0, hi = keys.length / 2;
    while (lo < hi) {
      var mid = (lo + hi) >> 1, ka = keys[2 * mid], kb = keys[2 * mid + 1];
      if (ka < a || (ka === a && kb <= b)) lo = mid + 1; else hi = mid;
    }
    var n = Math.max(0, lo - 1);
    return keys[2 * n] + "-" + keys[2 * n + 1];
  }
  /* The postings shards of the grams `gs`. */
  function shardFiles(gs) {
    return shardKeys.length ? gs.map(function (g) { return "g/" + shardOf(g[0]) + ".js"; }) : [];
  }
  /* A gram's posting: its segments (ascending) and, for each, its count; once asked for
     with `positions`, a pair's positions too: those of the k-th segment are
     `pos[start[k]] .. pos[start[k + 1] - 1]`, ascending. Parsed once. */
  function posting(key, positions) {
    var out = parsed.get(key);
    if (!out) parsed.set(key, (out = decodePosting((shards[shardOf(key)] || {})[key] || "")));
    if (positions && !out.pos) decodePositions(out, out.rest);
    return out;
  }
  function decodePosting(entry) {
    var dot = entry.indexOf("."), s = dot < 0 ? entry : entry.slice(0, dot);
    var ns = numbers(s), m = ns.length >> 1;
    var segs = new Int32Array(m), counts = new Int32Array(m), seg = 0;
    for (var i = 0; i < m; i++) { seg += ns[2 * i]; segs[i] = seg; counts[i] = ns[2 * i + 1]; }
    return { segs: segs, counts: counts, pos: null, start: null, carried: false, rest: dot < 0 ? "" : entry.slice(dot + 1) };
  }
  function decodePositions(out, s) {
    var hs = numbers(s);
    var start = new Int32Array(out.counts.length + 1), pos = new Int32Array(hs.length), j = 0;
    for (var k = 0; k < out.counts.length; k++) {
      start[k] = j;
      var at = 0;
      for (var c = 0; c < out.counts[k]; c++, j++) { at += hs[j] || 0; pos[j] = at; }
    }
    start[out.counts.length] = j;
    out.pos = pos;
    out.start = start;
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
  /* A gram whose shared segments are spread over many shared files has their runs of
     pages in a file of its own (`c/`, listed in `meta.js`), in the order of its posting: a
     word holding that gram loads it with the postings, and the runs, kept by segment in
     `carried`, spare it those shared files (a longer word's shared segments are among its
     pairs' each, so one carried pair spares it a round of files). */
  function carriedFile(key) {
    var cs = Array.from(key);
    return "c/" + cs[0].codePointAt(0) + "-" + (cs.length > 1 ? cs[1].codePointAt(0) : 0) + ".js";
  }
  function carry(key, p) {
    var runs = carriedRuns[key];
    if (!runs || p.carried) return;
    for (var i = 0, r = 0; i < p.segs.length; i++) if (p.segs[i] >= meta.U) carried[p.segs[i]] = runs[r++];
    p.carried = true;
  }
  function carriedGram(gs) {
    for (var i = 0; i < gs.length; i++) if (carriedKeys[gs[i][0]]) return gs[i][0];
    return null;
  }
  /* The longer words whose carried pair's runs were asked for, with that pair. */
  var viaPair = {};
  /* The segments holding a word, ascending, and its occurrences in each. */
  function wordSegments(word) {
    var gs = grams(word);
    if (gs.length === 1) {
      var p = posting(gs[0][0]);
      carry(gs[0][0], p);
      return p;
    }
    if (viaPair[word]) carry(viaPair[word], posting(viaPair[word]));
    return intersect(gs, gs.map(function (g) { return posting(g[0], true); }));
  }
  /* The segments where the pairs `gs` (with their postings `lists`, positions read) stand
     at their distances, and how often. */
  function intersect(gs, lists) {
    // The shortest list leads; the others are walked along it.
    var lead = 0;
    for (var l = 1; l < lists.length; l++) if (lists[l].segs.length < lists[lead].segs.length) lead = l;
    var at = new Int32Array(lists.length), rows = new Int32Array(lists.length), segs = [], counts = [];
    var first = lists[0], lsegs = lists[lead].segs;
    for (var j = 0; j < lsegs.length; j++) {
      var seg = lsegs[j], o, found = true;
      for (o = 0; o < lists.length; o++) {
        var ss = lists[o].segs, k = at[o];
        while (k < ss.length && ss[k] < seg) k++;
        at[o] = k;
        if (k >= ss.length || ss[k] !== seg) { found = false; break; }
        rows[o] = k;
      }
      if (!found) continue;
      // Each place of the first pair where every other pair stands at its distance.
      var count = 0, k0 = rows[0];
      for (var p = first.start[k0]; p < first.start[k0 + 1]; p++) {
        var begin = first.pos[p], all = true;
        for (o = 1; o < lists.length && all; o++) {
          var L = lists[o], want = begin + gs[o][1], q = L.start[rows[o]], end = L.start[rows[o] + 1];
          while (q < end && L.pos[q] < want) q++;
          all = q < end && L.pos[q] === want;
        }
        if (all) count++;
      }
      if (count) { segs.push(seg); counts.push(count); }
    }
    return { segs: segs, counts: counts };
  }
  /* One word's pages, in arrays over all pages: occurrences in the title, headings and
     body (`c[3 × page + field]`), the segment a snippet is cut from (`seg`) and its field
     (`f`, −1 for a page without a hit); `docs` lists the pages hit, in the order found. */
  function Hits(n) {
    this.c = new Int32Array(3 * n);
    this.seg = new Int32Array(n);
    this.f = new Int8Array(n).fill(-1);
    this.docs = [];
  }
  Hits.prototype.add = function (page, field, n, seg) {
    var f = this.f[page];
    if (f < 0) { this.docs.push(page); this.f[page] = field; this.seg[page] = seg; }
    // The snippet comes from the body if it can, else the headings, else the title.
    else if (field > f || (field === f && seg < this.seg[page])) { this.seg[page] = seg; this.f[page] = field; }
    this.c[3 * page + field] += n;
  };
  /* Adds the pages of a shared segment's runs (`runs`: see `index.rs`) to `h`, each with
     `n` times its count there, and `seg` for its snippet. */
  function addRuns(h, runs, n, seg) {
    var ns = numbers(runs), c = h.c, f = h.f, segs = h.seg, docs = h.docs, last = 0;
    for (var i = 0; i < ns.length;) {
      var b = ns[i++], code = ns[i++], len = b & 1 ? ns[i++] : 0, page = last + (b >> 1);
      var field = code % 3, add = n * (((code / 3) | 0) + 1);
      for (var p = page; p <= page + len; p++) {
        // As `Hits.add`, inline: a common word's shared segments reach every page.
        var old = f[p];
        if (old < 0) { docs.push(p); f[p] = field; segs[p] = seg; }
        else if (field > old || (field === old && seg < segs[p])) { segs[p] = seg; f[p] = field; }
        c[3 * p + field] += add;
      }
      last = page + len;
    }
  }
  var LATIN = /^[a-z0-9-]*[a-z][a-z0-9-]*$/;
  /* A word's pages: those of its own segments at once (each segment's number says its
     page and field); `finish` adds those of its shared segments (their files loaded) and
     of the county and region slugs holding it. Kept across keystrokes. */
  var wordCache = new Map();
  function wordHits(word) {
    var w = wordCache.get(word);
    if (w) return w;
    var segs = wordSegments(word), h = new Hits(meta.n), shared = [], k = 0;
    for (var i = 0; i < segs.segs.length; i++) {
      var seg = segs.segs[i];
      if (seg >= meta.U) { shared.push(seg, segs.counts[i]); continue; }
      while (uniqueStart[k + 1] <= seg) k++;
      var page = (k / 3) | 0;
      h.add(page, k - 3 * page, segs.counts[i], seg);
    }
    w = { word: word, hits: h, shared: shared, done: false };
    wordCache.set(word, w);
    return w;
  }
  function finish(w) {
    if (w.done) return w.hits;
    var h = w.hits, groups = new Map();
    // Segments on the same pages (a templated sentence and its neighbours) are added once:
    // their counts summed, the first one's snippet (as adding each in turn would keep).
    for (var i = 0; i < w.shared.length; i += 2) {
      var seg = w.shared[i], runs = carried[seg] || shared[seg][1], g = groups.get(runs);
      if (g) { g.n += w.shared[i + 1]; if (seg < g.seg) g.seg = seg; }
      else groups.set(runs, { n: w.shared[i + 1], seg: seg });
    }
    groups.forEach(function (g, runs) { addRuns(h, runs, g.n, g.seg); });
    if (LATIN.test(w.word)) {
      Object.keys(slugs || {}).forEach(function (slug) {
        if (slug.indexOf(w.word) < 0) return;
        // A page, or the pages (a county's and a region's) of one slug.
        [].concat(slugs[slug]).forEach(function (doc) {
          if (h.f[doc] < 0) { h.docs.push(doc); h.f[doc] = 0; h.seg[doc] = -1; }
          h.c[3 * doc] += 1;
        });
      });
    }
    w.done = true;
    return h;
  }
  function sharedFile(seg) { return Math.max(0, after(sharedFirsts, seg) - 1); }
  function pageFile(n) { return "p/" + pageFirsts[Math.max(0, after(pageFirsts, n) - 1)] + ".js"; }
  /* For a word of several pairs, asks for the shared files of the shared segments that hold
     all its pairs as soon as their postings are in, while their positions are still to be
     read: those segments nearly always hold the word, and the files then come in while
     the page's thread checks it. (A file asked for here that the word does not need is
     only a few kilobytes more.) */
  function prefetchShared(ws) {
    ws.forEach(function (w) {
      if (wordCache.has(w)) return;
      var gs = grams(w);
      if (gs.length < 2 || viaPair[w]) return;
      Promise.all(shardFiles(gs).map(function (f) { return load(f); })).then(function () {
        sharedFilesOf(gs).forEach(function (path) { load(path).catch(function () { /* reported when needed */ }); });
      }, function () { /* reported by the search */ });
    });
  }
  /* The shared files of the shared segments that hold all the pairs `gs` (their postings
     in) and whose runs were not carried. */
  function sharedFilesOf(gs) {
    var lists = gs.map(function (g) { return posting(g[0]).segs; }), lead = lists[0], need = {};
    for (var l = 1; l < lists.length; l++) if (lists[l].length < lead.length) lead = lists[l];
    for (var i = after(lead, meta.U - 1); i < lead.length; i++) {
      var seg = lead[i];
      if (carried[seg] || !lists.every(function (list) { var k = after(list, seg) - 1; return k >= 0 && list[k] === seg; })) continue;
      need["s/" + sharedFile(seg) + ".js"] = true;
    }
    return Object.keys(need);
  }
  /* The files of the first round: the words' postings shards (a pair's positions with
     them), a one-gram word's carried runs, and a longer word's carried pair's
     runs while the round stays within the six files a browser fetches at once over
     HTTP/1.1 (beyond them the runs would cost a round of their own). Marks the words whose
     carried pair comes, for `wordSegments`. */
  var ROUND_FILES = 6;
  function needShards(ws) {
    var need = {}, pairs = [];
    ws.forEach(function (w) {
      if (wordCache.has(w)) return;
      var gs = grams(w), key = carriedGram(gs);
      if (key && gs.length === 1) need[carriedFile(key)] = true;
      else if (key) pairs.push([w, key]);
      // (A longer word's pairs must stand at the right distances: their shards hold their
      // positions too.)
      shardFiles(gs).forEach(function (f) { need[f] = true; });
    });
    var fresh = function () { return Object.keys(need).filter(function (f) { return !loading[f]; }).length; };
    pairs.forEach(function (p) {
      if (need[carriedFile(p[1])] || loading[carriedFile(p[1])] || fresh() < ROUND_FILES) {
        need[carriedFile(p[1])] = true;
        viaPair[p[0]] = p[1];
      }
    });
    return Object.keys(need).map(load);
  }

  /* Every page holding all the words' hits (`hs`, one a word), best first:
     [{doc, c0, c1, c2, seg}] (the counts in the title, headings and body). Ordered by one number a page: whether it is a county page with
     the words in its title, then its title's, headings' and body's counts (each capped
     far above what a page holds), then its number; sorted natively. */
  var SPAN = 262144, TOP = 34359738367;
  function rank(hs) {
    var lead = hs[0], i, d;
    for (i = 1; i < hs.length; i++) if (hs[i].docs.length < lead.docs.length) lead = hs[i];
    var docs = lead.docs;
    if (hs.length > 1) {
      docs = docs.filter(function (d) {
        for (var i = 0; i < hs.length; i++) if (hs[i].f[d] < 0) return false;
        return true;
      });
    }
    var m = docs.length, c = new Int32Array(3 * m), order = new Float64Array(m), where = new Int32Array(meta.n);
    for (var j = 0; j < m; j++) {
      d = docs[j];
      var c0 = 0, c1 = 0, c2 = 0;
      for (i = 0; i < hs.length; i++) { c0 += hs[i].c[3 * d]; c1 += hs[i].c[3 * d + 1]; c2 += hs[i].c[3 * d + 2]; }
      c[3 * j] = c0; c[3 * j + 1] = c1; c[3 * j + 2] = c2;
      var county = meta.k.charCodeAt(d) === 99 && c0 > 0 ? 1 : 0;
      // 1 + 6 + 12 + 16 bits of score, and the page: within a double's 53.
      var score = ((county * 64 + Math.min(c0, 63)) * 4096 + Math.min(c1, 4095)) * 65536 + Math.min(c2, 65535);
      where[d] = j;
      order[j] = meta.n <= SPAN ? (TOP - score) * SPAN + d : TOP - score;
    }
    var sorted = docs;
    if (meta.n <= SPAN) order.sort();
    else {
      // Beyond 2^18 pages a page's number no longer fits beside its score: compared apart.
      sorted = docs.slice().sort(function (a, b) { return (order[where[a]] - order[where[b]]) || (a - b); });
    }
    var out = [];
    for (var r = 0; r < m; r++) {
      var seg = -1;
      d = meta.n <= SPAN ? order[r] % SPAN : sorted[r];
      var at = where[d];
      for (i = 0; i < hs.length && seg < 0; i++) seg = hs[i].seg[d];
      out.push({ doc: d, c0: c[3 * at], c1: c[3 * at + 1], c2: c[3 * at + 2], seg: seg });
    }
    return out;
  }

  /* The first search of a page would run its code cold (interpreted, many times slower
     than once the engine has compiled it), on a phone slower than the fetches of its
     files: once the index's first file is in, while the reader has yet to type, the
     search runs a few times on a made-up index as large as the site's, of private-use
     characters no page holds, through the same functions a search calls; that index is
     then taken out again. The search the reader types finds the code compiled. */
  var rehearsed = false;
  function digitsOf(n) {
    var s = "";
    for (;;) {
      var group = n % 32;
      n = Math.floor(n / 32);
      if (!n) return s + DIGITS[group];
      s += DIGITS[group | 32];
    }
  }
  /* Each run a task of its own, so that a keystroke is not kept waiting for them all;
     none once a search has begun. */
  var REHEARSALS = 4, searched = false, rehearsalOver, rehearsalDone = new Promise(function (ok) { rehearsalOver = ok; });
  function rehearse() {
    if (rehearsed || !meta) return;
    rehearsed = true;
    var round = 0;
    (function next() {
      if (searched || !meta.n) return rehearsalOver();
      try {
        rehearseOnce();
      } catch (e) {
        rehearsalOver();
        throw e;
      }
      if (++round < REHEARSALS) setTimeout(next, 0);
      else rehearsalOver();
    })();
  }
  function rehearseOnce() {
    var A = "\ue000", B = "\ue001", C = "\ue002", D = "\ue003", long = A + B + C, ws = [long, D];
    // Unique segments over the site's, each with its neighbour (two hits on a page).
    var n = meta.n, m = Math.min(1024, n, meta.U), segs = [], i;
    for (i = 0; i < m; i++) {
      var at = Math.floor((i * meta.U) / m);
      segs.push(at);
      if (at + 1 < Math.floor(((i + 1) * meta.U) / m)) segs.push(at + 1);
    }
    // A few shared segments, each on runs of ten pages over the site's pages.
    var runs = [], page = 0, last = 0, sharedSegs = [], saved = [];
    for (; page + 10 < n; page = last + 1) {
      runs.push(digitsOf(((page - last) << 1) | 1), digitsOf(2), digitsOf(9));
      last = page + 9;
    }
    for (i = 0; i < 8; i++) {
      var seg = meta.U + i;
      segs.push(seg);
      sharedSegs.push(seg);
      saved.push(shared[seg]);
      shared[seg] = ["县级领导班子换届" + long + "，" + D + "。", runs.join("")];
    }
    // AB and BC in every segment but BC missing from every third; D in every other.
    var added = [];
    [[A + B, 0, 0], [B + C, 1, 3], [D, 0, 2]].forEach(function (k) {
      var g = [], h = [], prev = 0;
      segs.forEach(function (seg, j) {
        if (k[2] && j % k[2] === 0) return;
        g.push(digitsOf(seg - prev), digitsOf(2));
        h.push(digitsOf(k[1] + (j % 7)), digitsOf(5));
        prev = seg;
      });
      var key = k[0], at = shardOf(key), made = !shards[at];
      if (made) shards[at] = {};
      shards[at][key] = g.join("") + (key.length > 1 ? "." + h.join("") : "");
      added.push([at, key, made]);
    });
    try {
      sharedFilesOf(grams(long));
      var ranked = rank(ws.map(wordHits).map(finish));
      var texts = [];
      for (i = 0; i < uniqueStart[3] - uniqueStart[0] + 8; i++) texts.push(i % 3 ? "领导班子" + long : "换届，" + D + "。");
      var best = ranked.length ? ranked[0] : { doc: 0, seg: -1 };
      snippet(context(texts, best.doc, best.seg, ws), ws);
      snippet(context(texts, 0, sharedSegs[0], ws), ws);
    } finally {
      // Taken out again, last added first: nothing of the made-up index stays.
      added.reverse().forEach(function (a) {
        if (a[2]) delete shards[a[0]];
        else delete shards[a[0]][a[1]];
      });
      [A + B, B + C, D].forEach(function (key) { parsed.delete(key); });
      ws.forEach(function (w) { wordCache.delete(w); });
      sharedSegs.forEach(function (seg, j) {
        if (saved[j]) shared[seg] = saved[j];
        else delete shared[seg];
      });
    }
  }

  /* Every page holding all the words, best first. The postings come in one round (all
     shards at once, with a one-gram word's carried runs), the files of the shared segments
     found whose runs were not carried in the next (a longer word's asked for early, see
     `prefetchShared`). (Fetching the
     page files of the best results found among the pages' own segments alongside them
     did not make the first result come sooner: ranking twice and the extra files cost the
     page's thread more than the round they could spare, and the final order often wants
     other files.) */
  function search(query) {
    searched = true;
    var ws = words(query);
    if (!ws.length) return Promise.resolve([]);
    return load("meta.js").then(function () {
      ws = words(query);
      var waits = needShards(ws);
      if (ws.some(function (w) { return LATIN.test(w); })) waits.push(load("slugs.js"));
      prefetchShared(ws);
      return Promise.all(waits);
    }).then(function () {
      var found = ws.map(wordHits), need = {};
      found.forEach(function (w) {
        if (w.done) return;
        for (var i = 0; i < w.shared.length; i += 2) {
          if (!carried[w.shared[i]]) need["s/" + sharedFile(w.shared[i]) + ".js"] = true;
        }
      });
      var waits = Object.keys(need).map(load);
      return Promise.all(waits).then(function () {
        return rank(found.map(finish));
      });
    });
  }

  /* A page's address, title, kind and the text a snippet is cut from: the kept segment
     (or the shared one found) holding the most of the words `ws`, in the body if it can,
     else the headings, joined with its neighbours in the page's kept text; for a page
     whose kept text beyond its title holds none of them (found by its slug or its title,
     or a match beyond the text kept of a long page), its first line of body text. */
  var CONTEXT_BEFORE = 30, CONTEXT_AFTER = 90, CONTEXT_SHORT = 16;
  function doc(n, seg, ws) {
    var waits = [load(pageFile(n))];
    if (seg >= meta.U) waits.push(load("s/" + sharedFile(seg) + ".js"));
    return Promise.all(waits).then(function () {
      var p = pages[n];
      if (!p) return null;
      return { u: p[0], t: p[1], k: p[2], x: context(p[3], n, seg, ws || []) };
    });
  }
  function context(texts, n, seg, ws) {
    var first = uniqueStart[3 * n], headAt = uniqueStart[3 * n + 1] - first, bodyAt = uniqueStart[3 * n + 2] - first;
    var fieldOf = function (i) { return i >= bodyAt ? 2 : i >= headAt ? 1 : 0; };
    var found = function (text) {
      var folded = fold(text), k = 0;
      ws.forEach(function (w) { if (folded.indexOf(w) >= 0) k++; });
      return k;
    };
    // The best kept segment: most words, then body before headings, then a sentence before
    // a short one (a table cell, a label), then the first.
    var best = -1, bestWords = 0, bestRank = 0, lead = false;
    for (var i = headAt; i < texts.length; i++) {
      var k = found(texts[i]);
      if (!k) continue;
      var rank = 2 * fieldOf(i) + (Array.from(texts[i]).length >= CONTEXT_SHORT ? 1 : 0);
      if (k > bestWords || (k === bestWords && rank > bestRank)) { best = i; bestWords = k; bestRank = rank; }
    }
    // A shared segment found holds the words in a sentence of its own; a short one (a
    // label repeated on every county page) is told apart from the page's first line.
    var prefix = "";
    if (seg >= meta.U && shared[seg]) {
      var text = shared[seg][0], k0 = found(text);
      if (k0 > 0 && (k0 > bestWords || (k0 === bestWords && Array.from(text).length >= CONTEXT_SHORT))) {
        if (Array.from(text).length >= CONTEXT_SHORT) return text;
        prefix = text + " … ";
        best = -1;
      }
    }
    if (best < 0) {
      // The first line of body text: a sentence, or else the longest body segment, or else
      // the first segment that is more than punctuation.
      for (i = bodyAt; i < texts.length && best < 0; i++) {
        if (/[。；！？]/.test(texts[i]) || Array.from(texts[i]).length >= 24) best = i;
      }
      if (best < 0) {
        for (i = bodyAt; i < texts.length; i++) if (best < 0 || texts[i].length > texts[best].length) best = i;
        if (best >= 0 && !/[\p{L}\p{N}]/u.test(texts[best])) best = -1;
      }
      for (i = 0; i < texts.length && best < 0; i++) if (/[\p{L}\p{N}]/u.test(texts[i])) best = i;
      if (best < 0) return prefix.slice(0, -3);
      lead = true;
    }
    // Its neighbours in the same field: a few before a short one (a table cell, a label;
    // none before a sentence or a first line), and after it up to a line's length.
    var field = fieldOf(best), lo = best, hi = best + 1, before = 0, after = texts[best].length;
    if (Array.from(texts[best]).length >= CONTEXT_SHORT) lead = true;
    while (!lead && lo > 0 && fieldOf(lo - 1) === field && before + texts[lo - 1].length < CONTEXT_BEFORE) before += texts[--lo].length + 1;
    while (hi < texts.length && fieldOf(hi) === field && after < CONTEXT_AFTER) after += texts[hi++].length + 1;
    // A short one alone (the last heading, beside a long one): the segments beside it in
    // the kept text, whatever their field or length.
    if (!lead && hi - lo === 1) {
      if (lo > 0) lo--;
      if (hi < texts.length) hi++;
    }
    return prefix + texts.slice(lo, hi).join(" ");
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
    function item(d) {
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
      return li;
    }
    /* The next screen of results, each shown as soon as it and those before it have
       their files: the first does not wait for the last. `firstShown`, if given, runs
       once the first is in the list; the list is marked busy (`aria-busy`) until the
       whole screen is in. `firstDoc`, if given, is the first one's text, already asked for. */
    function showMore(firstShown, firstDoc) {
      var slice = current.slice(shown, shown + step), mine = seq;
      list.setAttribute("aria-busy", "true");
      shown += slice.length;
      var shownAll = shown >= current.length;
      // The first result's files are asked for alone, the others once it is shown: each
      // file costs the page's thread work that would otherwise delay the first.
      var first = firstDoc || (slice.length ? doc(slice[0].doc, slice[0].seg, currentWords) : Promise.resolve(null));
      var done = first.then(function (d) {
        if (mine === seq && d) list.appendChild(item(d));
        if (firstShown) firstShown();
      });
      var rest = done.then(function () {
        return slice.slice(1).map(function (r) { return doc(r.doc, r.seg, currentWords); });
      });
      slice.slice(1).forEach(function (r, i) {
        done = done.then(function () { return rest; }).then(function (all) { return all[i]; }).then(function (d) {
          if (mine === seq && d) list.appendChild(item(d));
        });
      });
      return done.then(function () {
        if (mine !== seq) return;
        list.setAttribute("aria-busy", "false");
        if (more) more.hidden = shownAll;
        if (!page && !shownAll) {
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
      // The address keeps the query once its first result is shown: changing it costs
      // the page work (the browser looks at its icon again) that the first result needs.
      function keep() {
        if (page && mine === seq) {
          try { history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname); } catch (e) { /* file:// may refuse */ }
        }
      }
      if (!words(q).length) {
        list.textContent = "";
        status.textContent = "";
        if (more) more.hidden = true;
        list.setAttribute("aria-busy", "false");
        close();
        keep();
        return;
      }
      var ws = words(q), firstDoc = null;
      search(q).then(function (results) {
        // The first result's files before the list changes: the page is then drawn once,
        // with it, not first with the count alone.
        firstDoc = results.length ? doc(results[0].doc, results[0].seg, ws) : Promise.resolve(null);
        return firstDoc.then(function () { return results; });
      }).then(function (results) {
        if (mine !== seq) return;
        current = results;
        currentWords = ws;
        shown = 0;
        list.textContent = "";
        panel.hidden = false;
        status.textContent = results.length
          ? "找到" + results.length + "个包含“" + q.trim() + "”的页面"
          : "没有找到包含“" + q.trim() + "”的页面";
        return showMore(keep, firstDoc);
      }).catch(function (e) {
        keep();
        if (mine !== seq) return;
        list.setAttribute("aria-busy", "false");
        panel.hidden = false;
        status.textContent = e.message;
      });
    }
    input.addEventListener("input", run);
    // The index's first file is fetched as soon as a search is likely, not at the keystroke.
    var warm = function () {
      load("meta.js").then(function () { setTimeout(rehearse, 0); }, function () { /* reported when searching */ });
    };
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
      var units = "";
      for (var i = 0; i + 1 < m.t.length; i += 2) {
        trad[m.t[i]] = m.t[i + 1];
        units += "\\u" + ("000" + m.t.charCodeAt(i).toString(16)).slice(-4);
      }
      foldable = new RegExp("[A-Z\\u3000\\uff01-\\uff5e" + units + "]", "g");
      var counts = numbers(m.u), at = 0;
      uniqueStart = new Int32Array(counts.length + 1);
      // A page's unique segments take its slots' numbers; the unused ones end its body.
      for (var k = 0, first = 0; k < counts.length; k++) {
        if (k % 3 == 0) first = at;
        uniqueStart[k] = at;
        at += counts[k];
        if (k % 3 == 2) at = first + slots((k / 3) | 0, at - first);
      }
      uniqueStart[counts.length] = at;
      shardKeys = m.g;
      pageFirsts = firsts(m.p);
      sharedFirsts = firsts(m.s);
      carriedKeys = {};
      (m.c || []).forEach(function (key) { carriedKeys[key] = true; });
    },
    slugs: function (s) { slugs = s; },
    shard: function (name, g) { shards[name] = g; },
    pages: function (first, list) { for (var i = 0; i < list.length; i++) pages[first + i] = list[i]; },
    shared: function (first, list) { for (var i = 0; i < list.length; i++) shared[first + i] = list[i]; },
    carried: function (key, runs) { carriedRuns[key] = runs.split(","); },
    /* Settles once the rehearsal is over (or was cut short by a search). */
    rehearsed: function () { return rehearsalDone; },
    /* Every page for a query, best first: [{path, title, kind, counts, snippet}] (the
       snippet as the results show it, as text). */
    query: function (q) {
      return search(q).then(function (results) {
        var ws = words(q);
        return Promise.all(results.map(function (r) {
          return doc(r.doc, r.seg, ws).then(function (d) {
            return { path: d.u, title: d.t, kind: d.k, counts: [r.c0, r.c1, r.c2], snippet: snippet(d.x, ws).textContent };
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
