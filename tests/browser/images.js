// images.js SITE ARTICLE SHOTS: how many bytes of images a phone fetches
// for an article of a built site, in a real Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core, installed for
// tests/search/).
//
// Serves SITE from 127.0.0.1 (a port the system picks) and opens ARTICLE
// (relative to the site's root) at 375 px wide: the images it fetches on
// load, and after scrolling to the end (lazy ones too), weigh at most
// LIMIT bytes; the photo comes as WebP, no larger than the screen needs;
// nothing moves as images arrive (cumulative layout shift).  The same at
// 1280 px.  Screenshots of both go to SHOTS.  Prints "ok ..." / "FAIL ..."
// lines and the figures; exits 1 if any failed.
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");
const { chromium } = require(path.join(__dirname, "../search/node_modules/playwright-core"));

const [siteDir, article, shots] = process.argv.slice(2);
const LIMIT = 250 * 1024;
let failed = 0;
const ok = (name) => console.log(`ok ${name}`);
const fail = (name, why) => { failed++; console.log(`FAIL ${name}${why ? `: ${why}` : ""}`); };
const check = (cond, name, why) => (cond ? ok(name) : fail(name, why));

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
  ".gif": "image/gif", ".json": "application/json" };

// Counts the bytes it sends for each image, as a web server would send them.
function serve(root, sent) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel.includes("..")) { res.writeHead(404); res.end(); return; }
    let file = path.join(root, rel);
    if (rel.endsWith("/")) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end("not found"); return; }
      const type = TYPES[path.extname(file)] || "application/octet-stream";
      if (type.startsWith("image/") && !type.includes("svg")) sent.push({ rel, bytes: data.length });
      res.writeHead(200, { "Content-Type": type, "Content-Length": data.length });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const total = (list) => list.reduce((n, x) => n + x.bytes, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function visit(browser, base, width, height, scale, sent, shot) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  sent.length = 0;
  await page.goto(base + article, { waitUntil: "networkidle" });
  const onLoad = sent.slice();
  if (shot) await page.screenshot({ path: shot, fullPage: true });
  // scroll step by step, as a reader would, so lazy images load
  const full = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= full; y += height / 2) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState("networkidle");
  const hero = await page.evaluate(() => {
    const img = document.querySelector(".post-figure img");
    return img && { src: img.currentSrc, shown: img.getBoundingClientRect().width,
                    natural: img.naturalWidth, w: img.getAttribute("width"), h: img.getAttribute("height") };
  });
  const cls = await page.evaluate(() => window.__cls);
  await context.close();
  return { onLoad, all: sent.slice(), hero, cls };
}

(async () => {
  const sent = [];
  const server = await serve(siteDir, sent);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    if (shots) fs.mkdirSync(shots, { recursive: true });
    const phone = await visit(browser, base, 375, 812, 1, sent, shots && path.join(shots, "article-375.png"));
    console.log(`# 375 px: ${kb(total(phone.onLoad))} of images on load, ${kb(total(phone.all))} after scrolling to the end`);
    for (const x of phone.all) console.log(`#   ${x.rel} ${kb(x.bytes)}`);
    check(phone.hero && /\.webp$/.test(phone.hero.src), "375 px: the article photo comes as WebP", phone.hero && phone.hero.src);
    check(phone.hero && phone.hero.natural <= 2 * phone.hero.shown, "375 px: the photo is not much wider than shown",
      phone.hero && `${phone.hero.natural} px for ${phone.hero.shown} px`);
    check(total(phone.onLoad) <= LIMIT, `375 px: at most 250 KB of images on load (${kb(total(phone.onLoad))})`);
    check(total(phone.all) <= LIMIT, `375 px: at most 250 KB of images after scrolling (${kb(total(phone.all))})`);
    check(phone.cls < 0.05, `375 px: nothing moves as images load (layout shift ${phone.cls.toFixed(3)})`);
    const dense = await visit(browser, base, 375, 812, 2, sent, null);
    console.log(`# 375 px at 2 device pixels per px: ${kb(total(dense.onLoad))} on load, ${kb(total(dense.all))} after scrolling`);
    const desk = await visit(browser, base, 1280, 900, 1, sent, shots && path.join(shots, "article-1280.png"));
    console.log(`# 1280 px: ${kb(total(desk.onLoad))} on load, ${kb(total(desk.all))} after scrolling`);
    check(desk.hero && desk.hero.natural >= desk.hero.shown, "1280 px: the photo is sharp (not narrower than shown)",
      desk.hero && `${desk.hero.natural} px for ${desk.hero.shown} px`);
    check(desk.cls < 0.05, `1280 px: nothing moves as images load (layout shift ${desk.cls.toFixed(3)})`);
  } finally {
    await browser.close();
    server.close();
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log(`FAIL images.js: ${e.stack || e}`); process.exit(1); });
