// pages.js: every kind of page of the sample portal in a real Chromium
// (Debian's, driven by playwright-core): phone layout, accessibility
// (axe-core), a keyboard-only walk, printing, and screenshots.
//
//     node tests/browser/pages.js URL OUTDIR
//
// URL is the sample portal served by `congbo serve`; OUTDIR receives
// screenshots/KIND-WIDTH.png (kept as test artefacts) and print/*.pdf.
// Prints one line per check ("ok ..." or "FAIL ...") and exits 0 when
// all passed.  CHROMIUM overrides the browser binary; PAGES_TIMING=1 adds
// the milliseconds since the start to each line.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { chromium } = require('playwright-core');
const axeSource = require('axe-core').source;

// One line per page kind.  `tables`: the columns a phone must show in its
// first view, per table (by the header cell's text).  `status`: the HTTP
// status wanted (200 when left out); `ready`: an element that a script of
// the page adds, waited for.
const PAGES = [
  { kind: 'home', path: '' },
  { kind: 'article', path: 'tin-tuc/2022/hoi-nghi-danh-gia-cham-diem-xac-dinh-chi-so-cchc-cap-huyen-nam-2021/' },
  { kind: 'article-embed', path: 'tin-tuc/2022/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2021-cua-cac-xa-thi-tran-va-phong-chuyen-mon/',
    tables: [['Hạng', 'Đơn vị', 'Chỉ số', 'Xếp loại']] },
  { kind: 'article-table', path: 'tin-tuc/2023/thoi-han-giai-quyet-mot-so-thu-tuc-hanh-chinh-thuong-gap/' },
  { kind: 'page', path: 'gioi-thieu/' },
  { kind: 'category', path: 'chuyen-muc/cai-cach-hanh-chinh/' },
  { kind: 'tag', path: 'the/chi-so-cchc/' },
  { kind: 'archive', path: 'luu-tru/' },
  { kind: 'year', path: 'luu-tru/2022/' },
  { kind: 'results', path: 'ket-qua/' },
  { kind: 'result', path: 'ket-qua/cchc-2021/',
    tables: [['Hạng', 'Đơn vị', 'Chỉ số', 'Xếp loại']] },
  { kind: 'result-unit', path: 'ket-qua/cchc-2021/gia-hoa/',
    tables: [['Tiêu chí', 'Tối đa', 'Thẩm định']] },
  { kind: 'search', path: 'tim-kiem/?q=cai+cach+hanh+chinh', ready: '.search-list li' },
  { kind: '404', path: 'trang-khong-co/', status: 404 },
];
const WIDTHS = [{ width: 375, height: 812 }, { width: 1280, height: 900 }];
const NARROW = { width: 320, height: 640 };
const MAIN_TOP_MAX = 300;   // px from the top of a 375×812 screen
const TAB_LIMIT = 600;      // presses in one keyboard walk

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node pages.js URL OUTDIR');
  process.exit(2);
}
let failed = 0;
const t0 = Date.now();
function check(name, ok, detail) {
  if (process.env.PAGES_TIMING) name += ` [${Date.now() - t0} ms]`;
  console.log(`${ok ? 'ok' : 'FAIL'} ${name}${!ok && detail ? `\n    ${detail}` : ''}`);
  if (!ok) failed++;
}

async function open(page, p) {
  const res = await page.goto(base + p.path, { waitUntil: 'load' });
  check(`${p.kind}: answers ${p.status || 200}`, res.status() === (p.status || 200),
    `status ${res.status()}`);
  if (p.ready) await page.waitForSelector(p.ready, { timeout: 10000 });
}

async function axe(page, label) {
  await page.addScriptTag({ content: axeSource });
  const r = await page.evaluate(() => window.axe.run(document,
    { resultTypes: ['violations'] }));
  check(`${label}: axe-core finds no violation`, r.violations.length === 0,
    r.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.length}× ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')).join('\n    '));
}

// Tab from the top of the page; the menu (its button or its first link),
// the search field and every table (a focusable scroll region around it,
// or a link inside it) must get the focus.
async function keyboardWalk(page, label) {
  await page.evaluate(() => {
    window.__reached = { menu: false, search: false, tables: new Set() };
    document.addEventListener('focusin', (e) => {
      const t = e.target;
      const r = window.__reached;
      if (t.closest('.site-menu')) r.menu = true;
      if (t.matches('form[role=search] input[name=q]')) r.search = true;
      document.querySelectorAll('table').forEach((table, i) => {
        // a table folded in a closed <details> is reached at its summary
        const folded = table.closest('details:not([open])');
        if (table.contains(t) || t.contains(table) ||
            (folded && t === folded.querySelector('summary'))) r.tables.add(i);
      });
    });
    document.activeElement && document.activeElement.blur();
  });
  // as many presses as there are things to focus, and one more
  const stops = await page.evaluate(() => document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])').length);
  for (let i = 0; i <= Math.min(stops, TAB_LIMIT); i++)
    await page.keyboard.press('Tab');
  const r = await page.evaluate(() => ({
    menu: window.__reached.menu, search: window.__reached.search,
    tables: window.__reached.tables.size,
    total: document.querySelectorAll('table').length,
  }));
  check(`${label}: Tab reaches the menu`, r.menu);
  check(`${label}: Tab reaches the search field`, r.search);
  check(`${label}: Tab reaches every table (${r.total})`, r.tables === r.total,
    `${r.tables} of ${r.total}`);
}

// The header cells named must be within the first view of their table's
// scroll box, and the box within the screen.
async function firstView(page, label, tables) {
  const seen = await page.evaluate((wanted) => wanted.map((cols, i) => {
    const table = document.querySelectorAll('main table')[i];
    if (!table) return `no table ${i + 1}`;
    const box = (table.closest('.table-wrap') || table).getBoundingClientRect();
    const right = Math.min(box.right, document.documentElement.clientWidth);
    const heads = [...table.querySelectorAll('thead th')];
    return cols.filter((c) => {
      const th = heads.find((h) => h.textContent.trim().startsWith(c));
      return !th || th.getBoundingClientRect().right > right + 0.5;
    }).join(', ');
  }), tables);
  seen.forEach((missing, i) => check(
    `${label}: table ${i + 1} shows ${tables[i].join(', ')} in the first view`,
    missing === '', `not in view: ${missing}`));
}

async function phoneMenu(page, label) {
  const linksShown = () => page.evaluate(() => {
    const a = document.querySelector('.site-nav a');
    return !!a && a.checkVisibility();
  });
  check(`${label}: the menu starts folded`, !(await linksShown()));
  await page.focus('.menu-button');
  await page.keyboard.press('Enter');
  check(`${label}: Enter on the menu button opens the menu`, await linksShown());
  await page.keyboard.press('Enter');
  check(`${label}: Enter again folds it`, !(await linksShown()));
}

async function layout(page, label, p, size) {
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    mainTop: document.querySelector('main').getBoundingClientRect().top + window.scrollY,
  }));
  check(`${label}: no wider than the screen (scrollWidth ${m.scroll})`,
    m.scroll === m.client, `scrollWidth ${m.scroll} > clientWidth ${m.client}`);
  if (size.width === 375)
    check(`${label}: main starts at ${Math.round(m.mainTop)} px (≤ ${MAIN_TOP_MAX})`,
      m.mainTop <= MAIN_TOP_MAX);
}

// Every page at one screen size: layout, axe, keyboard, screenshot.
async function atWidth(browser, size) {
  const ctx = await browser.newContext({ viewport: size });
  const page = await ctx.newPage();
  for (const p of PAGES) {
    const label = `${p.kind} at ${size.width} px`;
    await open(page, p);
    await layout(page, label, p, size);
    if (size.width === 375 && p.tables) await firstView(page, label, p.tables);
    // a full-page picture shows the images below the fold too
    await page.evaluate(() => Promise.all([...document.images].map((img) => {
      img.loading = 'eager';
      return img.decode().catch(() => null);
    })));
    await page.screenshot({ fullPage: true,
      path: path.join(outDir, 'screenshots', `${p.kind}-${size.width}.png`) });
    await axe(page, label);
    await keyboardWalk(page, label);
  }
  if (size.width === 375) {
    await open(page, PAGES[0]);
    await phoneMenu(page, 'phone');
  }
  await ctx.close();
}

async function screens(browser) {
  fs.mkdirSync(path.join(outDir, 'screenshots'), { recursive: true });
  await Promise.all(WIDTHS.map((size) => atWidth(browser, size)));
  const narrow = await browser.newContext({ viewport: NARROW });
  const page = await narrow.newPage();
  for (const p of PAGES) {
    await page.goto(base + p.path, { waitUntil: 'load' });
    if (p.ready) await page.waitForSelector(p.ready, { timeout: 10000 });
    const m = await page.evaluate(() => [document.documentElement.scrollWidth,
      document.documentElement.clientWidth]);
    check(`${p.kind} at 320 px: no wider than the screen (scrollWidth ${m[0]})`,
      m[0] === m[1], `scrollWidth ${m[0]} > clientWidth ${m[1]}`);
  }
  await narrow.close();
  // Without JavaScript the menu button still opens the menu.
  const nojs = await browser.newContext({ viewport: WIDTHS[0], javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(base, { waitUntil: 'load' });
  await p2.click('.menu-button');
  check('phone without JavaScript: the menu button opens the menu',
    await p2.evaluate(() => document.querySelector('.site-nav a').checkVisibility()));
  await nojs.close();
}

function pdfText(file, first, last) {
  const args = ['-layout'];
  if (first) args.push('-f', String(first), '-l', String(last || first));
  return spawnSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' }).stdout || '';
}

function pdfInfo(file) {
  const out = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout || '';
  const pages = +((out.match(/^Pages:\s+(\d+)/m) || [])[1] || 0);
  const size = out.match(/^Page size:\s+([\d.]+) x ([\d.]+)/m) || [];
  return { pages, width: +size[1], height: +size[2] };
}

async function prints(browser) {
  const dir = path.join(outDir, 'print');
  fs.mkdirSync(dir, { recursive: true });
  const ctx = await browser.newContext({ viewport: WIDTHS[1] });
  const page = await ctx.newPage();
  const pdf = async (p, name) => {
    await page.goto(base + p, { waitUntil: 'load' });
    const file = path.join(dir, `${name}.pdf`);
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: false });
    return file;
  };
  const result = await pdf('ket-qua/cchc-2021/', 'result');
  const info = pdfInfo(result);
  check(`result prints in landscape (${info.width} × ${info.height} pt)`, info.width > info.height);
  const first = pdfText(result, 1);
  check('result prints the decision number and date on top',
    /512\/QĐ-UBND/.test(first.slice(0, 1500)) && /15\/06\/2022/.test(first.slice(0, 1500)),
    first.slice(0, 300));
  const all = pdfText(result);
  check('result prints its last column (Thứ hạng so với năm trước)', /Thứ hạng so/.test(all));
  const heads = [];
  for (let i = 1; i <= info.pages; i++) heads.push(/Hạng\s+Đơn vị/.test(pdfText(result, i)));
  check(`result repeats the table header on each of its ${info.pages} pages`,
    info.pages > 1 && heads.every(Boolean), JSON.stringify(heads));
  check('result prints the class names as text', /Tốt/.test(all) && /Khá/.test(all));
  const unit = pdfInfo(await pdf('ket-qua/cchc-2021/gia-hoa/', 'result-unit'));
  check(`a unit page prints on ${unit.pages} A4 pages (≤ 3)`, unit.pages >= 1 && unit.pages <= 3);
  const art = pdfText(await pdf(PAGES[1].path, 'article'));
  check('an article prints its text', /Hội nghị/.test(art));
  check('an article prints without the menu and the footer',
    !/Danh mục|Giới thiệu|Liên kết|Tin mới \(Atom\)|Thư điện tử/.test(art),
    art.match(/.*(Danh mục|Giới thiệu|Liên kết|Tin mới|Thư điện tử).*/g));
  await ctx.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    await screens(browser);
    await prints(browser);
  } catch (e) {
    check('the browser checks run to the end', false, e.stack);
  }
  await browser.close();
  process.exit(failed ? 1 : 0);
})();
