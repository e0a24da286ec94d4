// browser.js SITE QUERIES [SHOTS]: the search page of a built site in a real
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
// Serves SITE from 127.0.0.1 (a port the system picks), then: every query of
// QUERIES (tab-separated: query, the URL a reader means, relative to the
// site's root; a third column "1": first) must find that URL in its top 3; results carry <mark>ed words,
// title, date and category; the form works by keyboard and puts ?q= in the
// address; without JavaScript the page says that search needs it. With
// SHOTS, screenshots of a search at 375 and 1280 px go there.
// Prints "ok ..." / "FAIL ..." lines; exits 1 if any failed.
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");
const { chromium } = require("playwright-core");

const [siteDir, queriesFile, shots] = process.argv.slice(2);
let failed = 0;
const ok = (name) => console.log(`ok ${name}`);
const fail = (name, why) => { failed++; console.log(`FAIL ${name}${why ? `: ${why}` : ""}`); };
const check = (cond, name, why) => (cond ? ok(name) : fail(name, why));

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".bin": "application/octet-stream", ".svg": "image/svg+xml" };

function serve(root) {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel.includes("..")) { res.writeHead(404); res.end(); return; }
    let file = path.join(root, rel);
    if (rel.endsWith("/")) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end("not found"); return; }
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function readQueries(file) {
  return fs.readFileSync(file, "utf8").split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((l) => { const [q, url, first] = l.split("\t"); return { q, url, first: first === "1" }; });
}

async function runSearch(page, base, q) {
  await page.goto(`${base}tim-kiem/?q=${encodeURIComponent(q)}`);
  await page.waitForSelector("#ket-qua-tim-kiem[data-state=done], #ket-qua-tim-kiem[data-state=error]");
  return page.evaluate(() => {
    const box = document.getElementById("ket-qua-tim-kiem");
    const root = new URL(box.dataset.root, location.href).href;
    return {
      state: box.dataset.state, ms: Number(box.dataset.ms), firstMs: Number(box.dataset.firstMs),
      count: Number((box.querySelector(".search-status").textContent.match(/[\d.]+/) || ["0"])[0].replace(/\./g, "")),
      status: box.querySelector(".search-status").textContent,
      hits: [...box.querySelectorAll(".search-hit")].map((li) => ({
        url: li.querySelector("a").href.slice(root.length),
        marks: li.querySelectorAll("mark").length,
        date: !!li.querySelector("time"), meta: li.querySelector(".search-meta")?.textContent || "",
      })),
    };
  });
}

async function main() {
  const server = await serve(siteDir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const times = [];
    for (const { q, url, first } of readQueries(queriesFile)) {
      const r = await runSearch(page, base, q);
      const top = r.hits.slice(0, first ? 1 : 3).map((h) => h.url);
      times.push(r.ms);
      check(top.includes(url), `"${q}" finds ${url} ${first ? "first" : "in the top 3"}`,
        `${r.status} top: ${r.hits.slice(0, 3).map((h) => h.url).join(", ") || "(none)"}`);
    }
    times.sort((a, b) => a - b);
    console.log(`# answer times (ms, from the query to the results shown): median ${times[times.length >> 1]}, max ${times[times.length - 1]}`);

    // highlighting, date and category on a result
    let r = await runSearch(page, base, "cai cach hanh chinh");
    check(r.hits.length > 0 && r.hits[0].marks > 0, "the first result has highlighted words (<mark>)");
    check(r.hits.length > 0 && r.hits[0].date && /·/.test(r.hits[0].meta), "a result shows its date and category", r.hits[0] && r.hits[0].meta);
    check(/Tìm thấy \d/.test(r.status), "the status says how many results", r.status);
    // the first three are written first, then the rest of a page of ten;
    // "Xem thêm" adds the next ten, and the keyboard goes on from there
    check(r.count > 20 && r.hits.length === 10 && r.firstMs > 0 && r.firstMs <= r.ms,
      "a first page of ten, its first three written first", `${r.count} found, ${r.hits.length} shown, ${r.firstMs} / ${r.ms} ms`);
    await page.click(".search-more");
    await page.waitForFunction(() => document.querySelectorAll(".search-hit").length >= 20);
    const more = await page.evaluate(() => ({
      urls: [...document.querySelectorAll(".search-hit a")].map((a) => a.getAttribute("href")),
      focus: document.activeElement && document.activeElement.closest(".search-hit") ===
        document.querySelectorAll(".search-hit")[10],
    }));
    check(more.urls.length === 20 && new Set(more.urls).size === 20, "\"Xem thêm\" adds the next ten results", more.urls.length);
    check(more.focus, "\"Xem thêm\" puts the focus on the first new result");
    r = await runSearch(page, base, "xyzzyqua");
    check(r.hits.length === 0 && /Không tìm thấy/.test(r.status), "a word found nowhere: no result, and the page says so", r.status);

    // the keyboard: the search box, Enter, the address, the first result
    await page.goto(`${base}tim-kiem/`);
    await page.keyboard.press("Tab");   // skip link
    let focused = "";
    for (let i = 0; i < 60 && focused !== "q-trang-tim-kiem"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    }
    check(focused === "q-trang-tim-kiem", "Tab reaches the search box of the page");
    const warmed = await page.getAttribute("#ket-qua-tim-kiem", "data-warm-ms");
    check(warmed !== null && Number(warmed) >= 0, "the page warms its code up once loaded (data-warm-ms)", String(warmed));
    await page.keyboard.type("nông thôn mới");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#ket-qua-tim-kiem[data-state=done]");
    // the address follows the results (search.js), in the same task
    await page.waitForURL((u) => u.searchParams.has("q"), { timeout: 2000 }).catch(() => {});
    const addr = new URL(page.url());
    check(addr.searchParams.get("q") === "nông thôn mới", "Enter puts the query in the address (?q=)", page.url());
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const onHit = await page.evaluate(() => !!document.activeElement.closest(".search-hit"));
    check(onHit, "Tab goes on from the box to the results");

    // the history: a second search, then Back shows the first one's again
    await page.fill("#q-trang-tim-kiem", "cai cach");
    await page.press("#q-trang-tim-kiem", "Enter");
    await page.waitForURL((u) => u.searchParams.get("q") === "cai cach", { timeout: 5000 }).catch(() => {});
    check(new URL(page.url()).searchParams.get("q") === "cai cach", "a second search puts its own query in the address", page.url());
    await page.goBack();
    await page.waitForFunction(() => document.getElementById("q-trang-tim-kiem").value === "nông thôn mới" &&
      document.getElementById("ket-qua-tim-kiem").dataset.state === "done", null, { timeout: 5000 }).catch(() => {});
    const back = await page.evaluate(() => ({ value: document.getElementById("q-trang-tim-kiem").value,
      status: document.querySelector(".search-status").textContent, url: location.search }));
    check(back.value === "nông thôn mới" && /nông thôn mới/.test(back.status) && /q=/.test(back.url),
      "Back returns to the first search, its query and its results", JSON.stringify(back));

    if (shots) {
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        await runSearch(page, base, "cải cách hành chính");
        await page.screenshot({ path: path.join(shots, `search-${width}.png`), fullPage: true });
      }
    }

    // without JavaScript
    check(errors.length === 0, "the search page raises no script error (its warm-up included)", errors.join("; "));
    const nojs = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await nojs.newPage();
    await p2.goto(`${base}tim-kiem/?q=cai+cach`);
    const text = await p2.evaluate(() => document.querySelector("main").innerText);
    check(/cần JavaScript/.test(text), "without JavaScript the page says search needs it", text.slice(0, 200));
    const link = await p2.evaluate(() => !!document.querySelector('.search-nojs a[href$="luu-tru/"]'));
    check(link, "without JavaScript the page offers the archive");
    await nojs.close();
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`${failed ? "FAIL" : "ok"} search page in Chromium`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log(`FAIL browser.js: ${e.stack || e}`); process.exit(1); });
