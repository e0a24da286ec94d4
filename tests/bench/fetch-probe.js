// fetch-probe.js SITE [ROUNDS]: what one request costs this machine's
// Chromium, whatever the index: in a fresh tab on SITE's search page (as
// search-bench.js serves it), N of the index's document chunks fetched at
// once, for N = 1, 3, 6, 10, 14; ROUNDS (default 4) fresh tabs each.
//
//   NODE_PATH=tests/search/node_modules node tests/bench/fetch-probe.js SITE
//
// Prints, per N, each round's milliseconds from the first fetch() to the
// last body read.  Why the search page's answer time follows the number
// of files it fetches more than their bytes (RESULTS.md, issue 10).
"use strict";
const path = require("path");
const { spawn } = require("child_process");
const { chromium } = require("playwright-core");

const [site, rounds = "4"] = process.argv.slice(2);

function serve(root) {
  const child = spawn(process.execPath, [path.join(__dirname, "search-bench.js"), "--serve", root],
    { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => child.stdout.once("data", (d) => resolve({ port: Number(String(d).trim()), child })));
}

async function main() {
  const server = await serve(site);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  try {
    for (const n of [1, 3, 6, 10, 14]) {
      const times = [];
      for (let r = 0; r < Number(rounds); r++) {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        await page.goto(`http://127.0.0.1:${server.port}/tim-kiem/`, { waitUntil: "load" });
        await page.waitForSelector("#ket-qua-tim-kiem[data-ready]", { state: "attached" });
        times.push(await page.evaluate(async (n) => {
          const t0 = performance.now();
          await Promise.all(Array.from({ length: n }, (_, i) =>
            fetch(`chi-muc/d/${100 + i * 7}.json?r=${Math.random()}`).then((res) => res.arrayBuffer())));
          return performance.now() - t0;
        }, n));
        await ctx.close();
      }
      console.log(`${n} files: ${times.map((t) => t.toFixed(0)).join(" ")} ms`);
    }
  } finally {
    await browser.close();
    server.child.kill();
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
