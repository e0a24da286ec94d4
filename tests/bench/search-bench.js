// search-bench.js SITE QUERIES: congbo's search page against Pagefind on the
// same built site (SITE holds congbo's tim-kiem/ and Pagefind's pagefind/),
// in Debian's Chromium driven by playwright-core (run by search.sh).
//
// For each query of QUERIES (tests/search/queries.tsv), each tool in a fresh
// browser context (an empty cache): the page is loaded (congbo's search page;
// for Pagefind a page that imports pagefind.js and runs init()), then the
// query runs and the top 3 results are read.  Measured: the bytes of the
// search's files fetched for it, gzip-compressed (level 6, as a server would
// send them), apart from the one-time scripts; the time from the query to
// the top 3 results (after load: congbo's first three written, which its
// page does before the rest of the first ten, also timed; Pagefind's first
// three results' data loaded); the rank of the URL the reader means.
// "After load" is once the page says it is ready (data-ready): congbo's
// page has then fetched its manifest and run its code once on made-up
// data (the warm-up, timed apart: data-warm-ms); Pagefind has run init().
// Prints Markdown tables.
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");
const zlib = require("zlib");
const { spawn } = require("child_process");
const { chromium } = require("playwright-core");

const [site, queriesFile] = process.argv.slice(2);
// BENCH_SEARCH_REPEAT=K: each congbo query K times (fresh tabs), its best
// time kept besides the first; BENCH_PAGEFIND=0: congbo alone.
const REPEAT = Math.max(1, Number(process.env.BENCH_SEARCH_REPEAT || 1));
const PAGEFIND = process.env.BENCH_PAGEFIND !== "0";
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };

const PF_PAGE = `<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>Pagefind</title>
<script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
window.pfSearch = async (q) => {
  const t0 = performance.now();
  const r = await pagefind.search(q);
  const top = await Promise.all(r.results.slice(0, 3).map((x) => x.data()));
  return { ms: performance.now() - t0, count: r.results.length, urls: top.map((d) => d.url) };
};
window.pfReady = true;
</script></html>`;

// The static server runs in a process of its own (this script with
// --serve SITE), not in the one that drives the browser: the driver's work
// (the DevTools protocol's messages) would otherwise delay the responses it
// serves.  Files are read at once, as a server's page cache would give them.
// It notes every file it serves; GET /__bench/served?re=RE answers the
// gzip sizes of those whose path matches RE, served since the last asking.
function serveHere(root) {
  let served = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const rel = decodeURIComponent(url.pathname);
    if (rel === "/__bench/served") {
      const re = new RegExp(url.searchParams.get("re"));
      const got = served.filter((f) => re.test(f.path)).map((f) => ({ path: f.path, gz: gz(f.data) }));
      served = [];
      res.writeHead(200, { "Content-Type": TYPES[".json"] });
      res.end(JSON.stringify(got));
      return;
    }
    if (rel === "/pf-bench.html") {
      res.writeHead(200, { "Content-Type": TYPES[".html"] });
      res.end(PF_PAGE);
      return;
    }
    let file = path.join(root, rel);
    if (rel.includes("..")) { res.writeHead(404); res.end(); return; }
    if (rel.endsWith("/")) file = path.join(file, "index.html");
    let data;
    try { data = fs.readFileSync(file); } catch (e) { res.writeHead(404); res.end(); return; }
    served.push({ path: rel, data });
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(data);
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
}

function serve(root) {
  const child = spawn(process.execPath, [__filename, "--serve", root], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.stdout.once("data", (d) => resolve({ port: Number(String(d).trim()), close: () => child.kill() }));
  });
}

const gz = (buf) => zlib.gzipSync(buf, { level: 6 }).length;
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[s.length >> 1] : NaN; };
const max = (a) => Math.max(...a);

// The gzip bytes of the files served since the last call whose path
// matches re, split into one-time files (scripts, wasm) and the rest.
function served(base, re) {
  return new Promise((resolve, reject) => {
    http.get(`${base}__bench/served?re=${encodeURIComponent(re.source)}`, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        const m = { index: 0, once: 0, files: 0 };
        for (const f of JSON.parse(body)) {
          m.files++;
          if (/\.(js|mjs|wasm|css)$|wasm\./.test(f.path)) m.once += f.gz;
          else m.index += f.gz;
        }
        resolve(m);
      });
    }).on("error", reject);
  });
}

// The renderer's main-thread busy time (ms) so far, from the DevTools
// protocol: the CPU the page itself spent, whatever the machine's load.
async function busyMs(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const v = metrics.find((x) => x.name === "TaskDuration");
  return v ? v.value * 1000 : NaN;
}

async function congbo(browser, base, q) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Performance.enable");
  const re = /\/tim-kiem\/chi-muc\/|\/assets\/search\.js$/;
  await served(base, re);   // nothing before this tab
  await page.goto(`${base}tim-kiem/`, { waitUntil: "load" });
  await page.waitForSelector("#ket-qua-tim-kiem[data-ready]", { state: "attached" });   // what is fetched on load
  await page.fill("#q-trang-tim-kiem", q);
  const busy0 = await busyMs(cdp);
  // The form is sent from inside the page and the end awaited there (a
  // MutationObserver), so that no polling by the driver runs meanwhile.
  await page.evaluate(() => new Promise((resolve) => {
    const box = document.getElementById("ket-qua-tim-kiem");
    const seen = new MutationObserver(() => {
      if (/^(done|error)$/.test(box.dataset.state || "")) { seen.disconnect(); resolve(); }
    });
    seen.observe(box, { attributes: true, attributeFilter: ["data-state"] });
    document.getElementById("q-trang-tim-kiem").form.requestSubmit();
  }));
  const busy = (await busyMs(cdp)) - busy0;
  const r = await page.evaluate(() => {
    const box = document.getElementById("ket-qua-tim-kiem");
    const root = new URL(box.dataset.root, location.href).href;
    return { ms: Number(box.dataset.ms), firstMs: Number(box.dataset.firstMs), rankMs: Number(box.dataset.rankMs || 0),
      warmMs: Number(box.dataset.warmMs || 0),
      count: Number((box.querySelector(".search-status").textContent.match(/[\d.]+/) || ["0"])[0].replace(/\./g, "")),
      urls: [...box.querySelectorAll(".search-hit a")].slice(0, 3).map((a) => a.href.slice(root.length)) };
  });
  await ctx.close();
  const m = await served(base, re);
  return { ...r, busy, index: m.index, once: m.once, files: m.files };
}

async function pagefind(browser, base, q) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const re = /\/pagefind\//;
  await served(base, re);
  await page.goto(`${base}pf-bench.html`, { waitUntil: "load" });
  await page.waitForFunction(() => window.pfReady === true);
  const r = await page.evaluate((query) => window.pfSearch(query), q);
  await ctx.close();
  const m = await served(base, re);
  r.urls = r.urls.map((u) => u.replace(/^\//, "").replace(/index\.html$/, ""));
  return { ...r, index: m.index, once: m.once, files: m.files };
}

function readQueries(file) {
  return fs.readFileSync(file, "utf8").split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => { const [q, url] = l.split("\t"); return { q, url }; });
}

const rankOf = (r, url) => { const i = r.urls.indexOf(url); return i < 0 ? "–" : String(i + 1); };
const short = (u) => u.replace(/^tin-tuc\/\d+\//, "").replace(/\/$/, "").slice(0, 38);

async function main() {
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.port}/`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  const rows = [];
  try {
    for (const { q, url } of readQueries(queriesFile)) {
      const runs = [];
      for (let i = 0; i < REPEAT; i++) runs.push(await congbo(browser, base, q));
      const c = runs[0];
      c.msAll = runs.map((r) => r.firstMs);
      c.best = Math.min(...c.msAll);
      const p = PAGEFIND ? await pagefind(browser, base, q) : { ms: NaN, urls: [], index: 0, once: 0, files: 0 };
      rows.push({ q, url, c, p });
    }
  } finally {
    await browser.close();
    server.close();
  }
  const kb = (b) => (b / 1024).toFixed(1);
  console.log("| query | reader means | congbo rank | congbo top 3 | Pagefind rank | Pagefind top 3 |");
  console.log("|---|---|:-:|---|:-:|---|");
  for (const { q, url, c, p } of rows) {
    console.log(`| ${q} | ${short(url)} | ${rankOf(c, url)} | ${c.urls.map(short).join("<br>") || "(none)"} | ${rankOf(p, url)} | ${p.urls.map(short).join("<br>") || "(none)"} |`);
  }
  const found = (k) => rows.filter((r) => r[k].urls.includes(r.url)).length;
  const pf = (v) => (PAGEFIND ? v : "not run");
  console.log("");
  console.log("| per query (fresh tab, gzip level 6) | congbo | Pagefind |");
  console.log("|---|---:|---:|");
  console.log(`| reader's article in the top 3 | ${found("c")} of ${rows.length} | ${pf(`${found("p")} of ${rows.length}`)} |`);
  console.log(`| index bytes fetched, median | ${kb(median(rows.map((r) => r.c.index)))} KB | ${pf(`${kb(median(rows.map((r) => r.p.index)))} KB`)} |`);
  console.log(`| index bytes fetched, max | ${kb(max(rows.map((r) => r.c.index)))} KB | ${pf(`${kb(max(rows.map((r) => r.p.index)))} KB`)} |`);
  console.log(`| one-time scripts (JS, WebAssembly) | ${kb(median(rows.map((r) => r.c.once)))} KB | ${pf(`${kb(median(rows.map((r) => r.p.once)))} KB`)} |`);
  console.log(`| files fetched, median | ${median(rows.map((r) => r.c.files))} | ${pf(median(rows.map((r) => r.p.files)))} |`);
  console.log(`| query to top results (after load), median | ${median(rows.map((r) => r.c.firstMs)).toFixed(1)} ms | ${pf(`${median(rows.map((r) => r.p.ms)).toFixed(1)} ms`)} |`);
  console.log(`| query to top results, max | ${max(rows.map((r) => r.c.firstMs)).toFixed(1)} ms | ${pf(`${max(rows.map((r) => r.p.ms)).toFixed(1)} ms`)} |`);
  console.log(`| congbo, query to the whole first page (10 results), median / max | ${median(rows.map((r) => r.c.ms)).toFixed(1)} / ${max(rows.map((r) => r.c.ms)).toFixed(1)} ms | |`);
  console.log(`| of which congbo's ranking (no network), max | ${max(rows.map((r) => r.c.rankMs)).toFixed(1)} ms | |`);
  console.log(`| congbo page's warm-up at load (before the query; main thread), median / max | ${median(rows.map((r) => r.c.warmMs)).toFixed(1)} / ${max(rows.map((r) => r.c.warmMs)).toFixed(1)} ms | |`);
  console.log(`| congbo page's main-thread busy time for the query, median / max | ${median(rows.map((r) => r.c.busy)).toFixed(1)} / ${max(rows.map((r) => r.c.busy)).toFixed(1)} ms | |`);
  if (REPEAT > 1) {
    const all = rows.flatMap((r) => r.c.msAll);
    console.log(`| congbo, all ${REPEAT} runs of each query: median / max | ${median(all).toFixed(1)} / ${max(all).toFixed(1)} ms | |`);
    console.log(`| congbo, best of ${REPEAT} runs of each query: median / max | ${median(rows.map((r) => r.c.best)).toFixed(1)} / ${max(rows.map((r) => r.c.best)).toFixed(1)} ms | |`);
  }
  const worst = rows.reduce((a, r) => (r.c.index > a.c.index ? r : a), rows[0]);
  console.log(`\ncongbo's largest query: "${worst.q}" (${kb(worst.c.index)} KB in ${worst.c.files} files).`);
}

if (process.argv[2] === "--serve") serveHere(process.argv[3]);
else main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
