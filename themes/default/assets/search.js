//# allFunctionsCalledOnLoad
/* search.js: the search page (tim-kiem/) of congbo's default theme.
 *
 * Reads the index congbo writes at build time (tim-kiem/chi-muc/; the
 * format is described in congbo's generator/search_index.h): for each
 * word of the query one small word bucket, which also holds the pairs the
 * word begins ("cai cach": two words next to each other) and those it
 * ends whose first word is common ("huyen ..."); a pair of a common word
 * and a heavy one is in a pair bucket.  Then the documents' titles and
 * snippets, only for the results shown: those of the first three,
 * written as soon as they are in, then those of the rest of the page.
 * No other request, no library.
 *
 * Matching: every word of the query must be in a document, accents and
 * case aside ("hoi nghi" finds "Hội nghị").  Ranking, highest first: a
 * word typed with its accents found with exactly those accents (so
 * "đường" ranks above "dương"), words in the title, the query's
 * consecutive words found next to each other ("cải cách"), then the
 * newer article. */
(function () {
  "use strict";
  var box = document.getElementById("ket-qua-tim-kiem");
  var input = document.getElementById("q-trang-tim-kiem");
  var form = input && input.form;
  if (!box || !form || !window.fetch || !window.TextEncoder) return;

  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var WORD_MAX = 48;          /* bytes: longer words are not indexed */
  var QUERY_WORDS = 16;       /* at most this many words are used */
  var PAGE = 10;              /* results shown at a time */
  var FIRST = 3;              /* of which written first, as soon as they can be: a phone's first screen */
  var W_EXACT = 16, W_TITLE = 8, W_EXACT_TITLE = 4, W_PAIR = 6, W_PAIR_TITLE = 6;

  var base = box.getAttribute("data-index");
  var root = box.getAttribute("data-root");
  var statusEl = box.querySelector(".search-status");
  var list = box.querySelector(".search-list");
  var more = box.querySelector(".search-more");
  var enc = new TextEncoder(), dec = new TextDecoder();
  var manifest = null, manifestLoad = null, files = new Map(), common = new Set(), heavy = new Set();
  var current = null;         /* {words, hits, shown} of the last search */
  var generation = 0;

  function lower(s) { return s.normalize("NFKC").toLowerCase(); }
  function fold(s) {
    return s.normalize("NFKD").toLowerCase().replace(/\p{M}/gu, "").replace(/đ/g, "d");
  }

  /* The query's words: {text: accented lowercase, key: folded, accented}. */
  function queryWords(q) {
    var out = [];
    (q.match(WORD) || []).forEach(function (w) {
      var text = lower(w);
      if (enc.encode(text).length > WORD_MAX || out.length >= QUERY_WORDS) return;
      var key = fold(text);
      out.push({text: text, key: key, accented: text !== key});
    });
    return out;
  }

  function hash(s) {           /* FNV-1a, 32 bits, of the UTF-8 bytes */
    var b = enc.encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h >>> 0;
  }

  /* A file of the index, fetched once (again after a failure, or when the
   * search that asked for it with signal gave it up). */
  function load(path, json, signal) {
    var url = base + path + "?v=" + manifest.id;
    if (!files.has(url)) {
      var got = fetch(url, signal ? {signal: signal} : {}).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return json ? r.json() : r.arrayBuffer();
      });
      files.set(url, got);
      got.catch(function () { if (files.get(url) === got) files.delete(url); });
    }
    return files.get(url);
  }

  function loadManifest() {    /* once; again after a failure */
    if (!manifestLoad) {
      manifestLoad = fetch(base + "index.json", {cache: "no-cache"}).then(function (r) {
        if (!r.ok) throw new Error("index.json: " + r.status);
        return r.json();
      }).then(function (m) {
        manifest = m;
        common = new Set(m.common || []);
        heavy = new Set(m.heavy || []);
        return m;
      }, function (e) {
        manifestLoad = null;
        throw e;
      });
    }
    return manifestLoad;
  }

  /* ---- reading a bucket ---- */

  function Reader(buf) { this.b = new Uint8Array(buf); this.p = 0; }
  Reader.prototype.varint = function () {
    var x = 0, mul = 1, byte;
    do {
      byte = this.b[this.p++];
      x += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80);
    return x;
  };
  Reader.prototype.text = function () {
    var n = this.varint(), s = dec.decode(this.b.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  };
  /* A list as it is stored: {bits} (a bitmap's bytes, not copied) or
   * {ids} (the documents of a gap list). */
  Reader.prototype.list = function () {
    var head = this.varint(), n = Math.floor(head / 2);
    if (head & 1) {           /* a bitmap, up to the list's last document */
      var bytes = this.varint(), bits = this.b.subarray(this.p, this.p + bytes);
      this.p += bytes;
      return {bits: bits};
    }
    var ids = new Uint32Array(n);
    for (var j = 0, d = -1; j < n; j++) { d += this.varint() + 1; ids[j] = d; }
    return {ids: ids};
  };
  /* Moves to the body of the entry whose key is key (UTF-8 bytes); false
   * when the bucket has none.  Other entries are skipped, not read. */
  Reader.prototype.find = function (key) {
    for (var n = this.varint(); n > 0; n--) {
      var len = this.varint(), at = this.p, same = len === key.length;
      for (var i = 0; same && i < len; i++) same = this.b[at + i] === key[i];
      this.p = at + len;
      var body = this.varint();
      if (same) return true;
      this.p += body;
    }
    return false;
  };

  function wordEntry(buf, key) {
    var r = new Reader(buf), forms = [];
    if (!r.find(enc.encode(key))) return null;
    for (var v = r.varint(); v > 0; v--) forms.push({text: r.text(), all: r.list(), title: r.list()});
    return forms;
  }

  function pairEntry(buf, key) {
    var r = new Reader(buf);
    return r.find(enc.encode(key)) ? {all: r.list(), title: r.list()} : null;
  }

  function bucketName(key, count) { return (hash(key) & (count - 1)).toString(16); }

  function fetchWord(key) {
    return load("w/" + bucketName(key, manifest.words) + ".bin").then(function (buf) {
      return wordEntry(buf, key);
    });
  }

  /* A pair "a b" lies in a word bucket the query fetches anyway: a's, or
   * if a is common b's; if b is heavy as well, in a pair bucket. */
  function fetchPair(key, signal) {
    var space = key.indexOf(" "), a = key.slice(0, space), b = key.slice(space + 1);
    var apart = common.has(a) && heavy.has(b);
    var path = apart ? "p/" + bucketName(key, manifest.pairs) : "w/" + bucketName(common.has(a) ? b : a, manifest.words);
    return load(path + ".bin", false, apart ? signal : null).then(function (buf) {
      return pairEntry(buf, key);
    });
  }

  /* ---- ranking ---- */

  /* Sets of documents: document d is bit d & 7 of byte d >> 3, as in a
   * bucket's bitmaps; a whole number of 32-bit words, joined four bytes at
   * a time where the machine is little-endian (everywhere, in practice). */
  var LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  var aligned = new Uint8Array(0);

  function set(n) { return new Uint8Array(((n >> 5) + 1) * 4); }

  /* Adds list's documents to set s (a new set of n documents if null). */
  function join(s, list, n) {
    var i, b = list.bits;
    if (!s) {
      s = set(n);
      if (b) {
        s.set(b);
        return s;
      }
    }
    if (!b) {
      for (i = 0; i < list.ids.length; i++) s[list.ids[i] >> 3] |= 1 << (list.ids[i] & 7);
    } else if (!LITTLE) {
      for (i = 0; i < b.length; i++) s[i] |= b[i];
    } else {                  /* the bitmap copied where 32-bit words can read it */
      var w = (b.length + 3) >> 2;
      if (aligned.length < s.length) aligned = new Uint8Array(s.length);
      aligned.set(b);
      aligned.fill(0, b.length, w * 4);
      var to = new Uint32Array(s.buffer, s.byteOffset, w), from = new Uint32Array(aligned.buffer, 0, w);
      for (i = 0; i < w; i++) to[i] |= from[i];
    }
    return s;
  }

  /* Keeps in set s only the documents of set t. */
  function meet(s, t) {
    var a = new Uint32Array(s.buffer, s.byteOffset, s.length >> 2);
    var b = new Uint32Array(t.buffer, t.byteOffset, t.length >> 2);
    for (var i = 0; i < a.length; i++) a[i] &= b[i];
  }

  /* Adds weight to score[d] for each document d of both found and s: only
   * their common bits are visited, a byte at a time. */
  function weigh(score, found, s, weight) {
    for (var i = 0; i < found.length; i++) {
      for (var m = found[i] & s[i]; m; m &= m - 1) score[i << 3 | 31 - Math.clz32(m & -m)] += weight;
    }
  }

  var ID_SPAN = 16777216;     /* 2^24: documents a sort key can tell apart */

  /* The documents holding every word: {found} (their set), {hits} (them,
   * ascending) and {score} (by document, without the pairs'): for each
   * word, the documents of its lists as sets (those of the forms typed
   * with their accents apart). */
  function candidates(words, keys, forms) {
    var n = manifest.docs, sets = [], weights = [], hits = [], found = null, c, i, d;
    keys.forEach(function (key, k) {
      var typed = words.filter(function (w) { return w.key === key && w.accented; })
                       .map(function (w) { return w.text; });
      var any = null, title = null, exact = null, exactTitle = null;
      forms[k].forEach(function (f) {
        any = join(any, f.all, n);
        title = join(title, f.title, n);
        if (typed.indexOf(f.text) >= 0) {
          exact = join(exact, f.all, n);
          exactTitle = join(exactTitle, f.title, n);
        }
      });
      if (!any) any = set(n);
      if (!found) found = any;
      else meet(found, any);
      sets.push(title);
      weights.push(W_TITLE);
      if (exact) {
        sets.push(exact, exactTitle);
        weights.push(W_EXACT, W_EXACT_TITLE);
      }
    });
    for (i = 0; i < found.length; i++) {
      for (c = found[i], d = i << 3; c; c >>= 1, d++) if (c & 1) hits.push(d);
    }
    var score = new Float64Array(found.length * 8);
    for (i = 0; i < sets.length; i++) weigh(score, found, sets[i], weights[i]);
    return {found: found, hits: hits, score: score};
  }

  /* The documents holding every word, best first. */
  function rank(found, pairs) {
    var n = manifest.docs, hits = found.hits.slice(), score = found.score.slice(), i;
    pairs.forEach(function (p) {
      if (!p) return;
      weigh(score, found.found, join(null, p.all, n), W_PAIR);
      weigh(score, found.found, join(null, p.title, n), W_PAIR_TITLE);
    });
    if (n > ID_SPAN) {
      hits.sort(function (a, b) { return score[b] - score[a] || b - a; });
      return hits;
    }
    /* highest score first, then the newer (higher) document: one number
     * per hit, sorted natively, with no comparator to call */
    var keyed = new Float64Array(hits.length);
    for (i = 0; i < hits.length; i++) keyed[i] = score[hits[i]] * ID_SPAN + hits[i];
    keyed.sort();
    for (i = 0; i < hits.length; i++) hits[i] = keyed[hits.length - 1 - i] % ID_SPAN;
    return hits;
  }

  function chunkOf(d) { return Math.floor(d / manifest.chunk); }

  function search(q) {
    var words = queryWords(q), gen = ++generation, started = performance.now();
    var keys = [];
    words.forEach(function (w) { if (keys.indexOf(w.key) < 0) keys.push(w.key); });
    keys = keys.slice(0, 31);
    if (!keys.length) {
      show(q, words, [], started);
      return Promise.resolve();
    }
    /* the requests first, before the page is touched (at once when the
     * manifest is in): the words' buckets, then the pairs' */
    var ranking = 0, stop = window.AbortController ? new AbortController() : null;
    var start = function (f) { return manifest ? new Promise(function (ok) { ok(f()); }) : loadManifest().then(f); };
    var wordsIn = start(function () { return Promise.all(keys.map(fetchWord)); });
    var pairsIn = start(function () {
      var pairKeys = [];
      for (var i = 0; i + 1 < words.length; i++) pairKeys.push(words[i].key + " " + words[i + 1].key);
      return Promise.all(pairKeys.map(function (key) { return fetchPair(key, stop && stop.signal); }));
    });
    pairsIn.catch(function () {});   /* a failure is reported below */
    box.setAttribute("data-state", "busy");
    return wordsIn.then(function (forms) {
      if (gen !== generation) return;
      if (forms.some(function (f) { return !f; })) return show(q, words, [], started, gen);
      var t = performance.now(), found = candidates(words, keys, forms);
      if (found.hits.length < 2) {   /* no order to settle: no need of the pairs */
        if (stop) stop.abort();
        box.setAttribute("data-rank-ms", (performance.now() - t).toFixed(1));
        return show(q, words, found.hits, started, gen);
      }
      ranking = performance.now() - t;
      return pairsIn.then(function (pairs) {
        if (gen !== generation) return;
        var t = performance.now(), hits = rank(found, pairs);
        box.setAttribute("data-rank-ms", (ranking + performance.now() - t).toFixed(1));
        return show(q, words, hits, started, gen);
      });
    }).catch(function (e) {
      if (gen !== generation) return;
      box.hidden = false;
      statusEl.textContent = "Không tải được chỉ mục tìm kiếm (" + e.message + "). Hãy thử lại sau.";
      box.setAttribute("data-state", "error");
    });
  }

  /* ---- showing ---- */

  var ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"};
  function esc(s) { return s.replace(/[&<>"]/g, function (c) { return ESC[c]; }); }

  /* text as HTML, the words whose folded form is in keys inside <mark>. */
  function highlighted(text, keys) {
    var out = "", last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (keys.indexOf(fold(lower(m[0]))) < 0) continue;
      out += esc(text.slice(last, m.index)) + "<mark>" + esc(m[0]) + "</mark>";
      last = m.index + m[0].length;
    }
    return out + esc(text.slice(last));
  }

  /* One result as HTML. */
  function item(doc, keys) {
    var html = '<li class="search-hit"><h2 class="search-title"><a href="' + esc(root + doc[0]) + '">' +
      highlighted(doc[1], keys) + "</a></h2>";
    if (doc[2] || doc[4]) {
      html += '<p class="search-meta">';
      if (doc[2]) html += '<time datetime="' + esc(doc[3]) + '">' + esc(doc[2]) + "</time>";
      if (doc[2] && doc[4]) html += " · ";
      if (doc[4]) html += esc(doc[4]);
      html += "</p>";
    }
    if (doc[5]) html += '<p class="search-snippet">' + highlighted(doc[5], keys) + "</p>";
    return html + "</li>";
  }

  /* The hits from..to of c as HTML, once their documents' chunks are in
   * (each fetched once, in the order of the hits). */
  function pageHtml(c, from, to) {
    var ids = c.hits.slice(from, to);
    return Promise.all(ids.map(function (d) { return load("d/" + chunkOf(d) + ".json", true); }))
      .then(function (got) {
        return ids.map(function (d, i) { return item(got[i][d % manifest.chunk], c.keys); }).join("");
      });
  }

  /* Appends the next PAGE hits of current to the list. */
  function showMore() {
    var c = current, end = Math.min(c.hits.length, c.shown + PAGE);
    return pageHtml(c, c.shown, end).then(function (html) {
      if (c !== current) return;
      list.insertAdjacentHTML("beforeend", html);
      c.shown = end;
      more.hidden = c.shown >= c.hits.length;
    });
  }

  /* 12345 -> "12.345", as vi-VN writes it (toLocaleString loads the
   * locale's data on first use: tens of milliseconds). */
  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+$)/g, "."); }

  /* The results of a search: the status and the first FIRST results
   * written at once, as soon as their documents are in (data-first-ms),
   * then the rest of the first page (data-ms, data-state "done").  The
   * rest's documents are asked for only then: this browser answers a few
   * requests at a time, and the first screen waits for no other file. */
  function show(q, words, hits, started, gen) {
    var keys = words.map(function (w) { return w.key; });
    var c = {keys: keys, hits: hits, shown: 0};
    var shown = q.trim() === "" ? "" : "“" + q.trim() + "”";
    var status = !keys.length ? "Hãy gõ một từ cần tìm."
      : hits.length ? "Tìm thấy " + thousands(hits.length) + " kết quả cho " + shown + "."
      : "Không tìm thấy kết quả nào cho " + shown + ". Hãy thử từ khác, hoặc ít từ hơn.";
    var end = Math.min(hits.length, PAGE), first = Math.min(end, FIRST);
    var stale = function () { return gen !== undefined && gen !== generation; };
    return pageHtml(c, 0, first).then(function (html) {
      if (stale()) return;
      current = c;
      list.innerHTML = html;
      c.shown = first;
      statusEl.textContent = status;
      more.hidden = true;
      box.hidden = false;
      box.setAttribute("data-first-ms", (performance.now() - started).toFixed(1));
      return pageHtml(c, first, end).then(function (html) {
        if (stale() || c !== current) return;
        if (html) list.insertAdjacentHTML("beforeend", html);
        c.shown = end;
        more.hidden = c.shown >= hits.length;
        box.setAttribute("data-ms", (performance.now() - started).toFixed(1));
        box.setAttribute("data-state", "done");
      });
    });
  }

  /* ---- the warm-up ---- */

  /* A made-up bucket: word "a" (forms "a", its documents a bitmap of n,
   * and "á", a gap list) and pair "a b", as generator/search_index.h
   * describes them. */
  function madeUpBucket(n) {
    var varint = function (out, x) {
      for (; x > 127; x = Math.floor(x / 128)) out.push(x & 127 | 128);
      out.push(x);
      return out;
    };
    var text = function (out, s) {
      var b = enc.encode(s);
      varint(out, b.length);
      b.forEach(function (x) { out.push(x); });
      return out;
    };
    var bitmap = function (out) {
      varint(varint(out, n << 1 | 1), (n + 7) >> 3);
      for (var i = 0; i < (n + 7) >> 3; i++) out.push(i * 37 & 255);
      return out;
    };
    var gaps = function (out, step) {
      varint(out, Math.ceil(n / step) << 1);
      for (var d = 0; d < n; d += step) varint(out, d ? step - 1 : 0);
      return out;
    };
    var word = gaps(bitmap(text(varint([], 2), "a")), 3);
    word = gaps(gaps(text(word, "á"), 5), 7);
    var pair = gaps(bitmap([]), 11), bytes = varint([], 2);
    [["a", word], ["a b", pair]].forEach(function (item) {
      bytes = varint(text(bytes, item[0]), item[1].length).concat(item[1]);
    });
    return new Uint8Array(bytes).buffer;
  }

  /* The first query's code, run on made-up data while the page waits for
   * its reader: V8 makes a function fast only once it has run, and the
   * first query, run cold, took about 20 ms longer (tests/bench/RESULTS.md).
   * The regular expressions are compiled on the way (V8 compiles one on its
   * first use, several milliseconds for those of Unicode classes).  One
   * step a task, so that typing is not held up; none once a search has
   * begun.  Then done(the steps' milliseconds). */
  function warm(done) {
    var bucket, words, forms, keys = ["a", "b"], spent = 0;
    var round = function () {
      rank(candidates(words.slice(1), keys, forms), [pairEntry(bucket, "a b")]);
    };
    var steps = [function () {
      bucket = madeUpBucket(manifest.docs);
      words = queryWords("Tìm á b");
      forms = [wordEntry(bucket, "a"), wordEntry(bucket, "a")];
    }, round, round, round, function () {
      item(["", "Tìm kiếm", "", "", "", "Tìm á b"], words.map(function (w) { return w.key; }));
    }];
    (function next(i) {
      if (i === steps.length || generation) return done(spent);
      var t = performance.now();
      steps[i]();
      spent += performance.now() - t;
      setTimeout(next, 0, i + 1);
    })(0);
  }

  function fromLocation() {
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    if (q.trim()) search(q);
    else {
      box.hidden = true;
      current = null;
    }
  }

  /* The query goes into the address (?q=) once its results are written,
   * unless another search or a move in the history came meanwhile: a
   * same-document navigation costs this browser tens of milliseconds (the
   * history entry, the icon fetched again) that the results need not wait
   * for (tests/bench/RESULTS.md). */
  var pendingAddress = null;
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value, url = new URL(location.href);
    url.searchParams.set("q", q);
    var address = pendingAddress = url.pathname + url.search;
    var push = function () {
      if (pendingAddress !== address) return;
      pendingAddress = null;
      history.pushState(null, "", address);
    };
    search(q).then(push, push);
  });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore().then(function () {
      var next = list.children[first];
      if (next) next.querySelector("a").focus();   /* keyboard users go on from there */
    });
  });
  window.addEventListener("popstate", function () {
    pendingAddress = null;
    fromLocation();
  });
  /* the manifest at once; then, unless a search has begun, the warm-up:
   * ready for the first query (data-ready says so) */
  loadManifest().then(function () {
    if (generation) return box.setAttribute("data-ready", "");
    warm(function (ms) {
      box.setAttribute("data-warm-ms", ms.toFixed(1));
      box.setAttribute("data-ready", "");
    });
  }, function () {});
  fromLocation();
})();
