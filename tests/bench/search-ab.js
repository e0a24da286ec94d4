// search-ab.js SITE_A SITE_B [ROUNDS]: two builds of the same portal's
// search page side by side, at the same moment (say the index and script
// of two commits), in Debian's Chromium driven by playwright-core.
//
//   NODE_PATH=tests/search/node_modules node tests/bench/search-ab.js A/site B/site 2
//
// Every query of tests/search/queries.tsv, ROUNDS times (default 2), on
// each site in turn (which goes first alternates), each in a fresh tab
// after load, served as search-bench.js serves (a node process per site).
// Timed from the query to the first result in the list and to the whole
// first page (data-state "done"), the same for any version of the page.
// Prints the medians and maxima.  The machine's load moves every figure:
// only the two sites measured together compare.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");
const { chromium } = require("playwright-core");

const [siteA, siteB, rounds = "2"] = process.argv.slice(2);
const queries = fs.readFileSync(path.join(__dirname, "../search/queries.tsv"), "utf8")
  .split("\n").filter((l) => l.trim() && !l.startsWith("#")).map((l) => l.split("\t")[0]);

function serve(site) {
  const child = spawn(process.execPath, [path.join(__dirname, "search-bench.js"), "--serve", site],
    { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => child.stdout.once("data", (d) => resolve({ port: Number(String(d).trim()), child })));
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };

// One query in a fresh tab: ms to the first result, and to the whole page.
async function once(browser, port, q) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${port}/tim-kiem/`, { waitUntil: "load" });
  await page.waitForSelector("#ket-qua-tim-kiem[data-ready]", { state: "attached" });
  await page.fill("#q-trang-tim-kiem", q);
  const r = await page.evaluate(() => new Promise((resolve) => {
    const box = document.getElementById("ket-qua-tim-kiem");
    const list = box.querySelector(".search-list");
    const t0 = performance.now();
    let first = NaN;
    const added = new MutationObserver(() => {
      if (isNaN(first) && list.querySelector(".search-hit")) first = performance.now() - t0;
    });
    const ended = new MutationObserver(() => {
      if (!/^(done|error)$/.test(box.dataset.state || "")) return;
      added.disconnect();
      ended.disconnect();
      const done = performance.now() - t0;
      resolve({ first: isNaN(first) ? done : first, done });
    });
    added.observe(list, { childList: true });
    ended.observe(box, { attributes: true, attributeFilter: ["data-state"] });
    document.getElementById("q-trang-tim-kiem").form.requestSubmit();
  }));
  await ctx.close();
  return r;
}

async function main() {
  const servers = { A: await serve(siteA), B: await serve(siteB) };
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
  const got = { A: { first: [], done: [] }, B: { first: [], done: [] } };
  try {
    for (let round = 0; round < Number(rounds); round++) {
      for (let i = 0; i < queries.length; i++) {
        for (const k of (round + i) % 2 ? ["A", "B"] : ["B", "A"]) {
          const r = await once(browser, servers[k].port, queries[i]);
          got[k].first.push(r.first);
          got[k].done.push(r.done);
        }
      }
    }
  } finally {
    await browser.close();
    servers.A.child.kill();
    servers.B.child.kill();
  }
  for (const [k, site] of [["A", siteA], ["B", siteB]]) {
    const g = got[k];
    console.log(`${k} ${site}: first result median ${median(g.first).toFixed(1)} ms, max ${Math.max(...g.first).toFixed(1)}; ` +
      `whole first page median ${median(g.done).toFixed(1)} ms, max ${Math.max(...g.done).toFixed(1)} (${g.done.length} queries)`);
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
