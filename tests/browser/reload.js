// reload.js: a real headless Chromium, driven over the DevTools protocol,
// sees a page served by `congbo serve` reload by itself after each edit.
//
//     node tests/browser/reload.js URL STEPS.json
//
// STEPS.json is a list of {"file", "content", "expect"}: for each step the
// page's window gets a mark, the file is written, and the step passes when
// the page's text contains "expect" and the mark is gone, i.e. the browser
// loaded the page again without being told to.  Prints one line per step
// ("ok ..." or "FAIL ...") and exits 0 when all passed.
//
// No npm package: Chromium speaks the protocol over a pipe
// (--remote-debugging-pipe: we write on its fd 3 and read its fd 4,
// messages of JSON ended by a NUL byte).  CHROMIUM overrides the binary.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const STEP_TIMEOUT_MS = 10000;
const POLL_MS = 50;

const [url, stepsFile] = process.argv.slice(2);
if (!url || !stepsFile) {
  console.error('usage: node reload.js URL STEPS.json');
  process.exit(2);
}
const steps = JSON.parse(fs.readFileSync(stepsFile, 'utf8'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'congbo-chromium-'));

const chrome = spawn(process.env.CHROMIUM || 'chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--no-default-browser-check',
  '--disable-breakpad', '--disable-crash-reporter',
  '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let chromeLog = '';
chrome.stderr.on('data', (d) => { chromeLog += d; });

// ---- the protocol ----
let nextId = 1;
const waiting = new Map();
let pending = Buffer.alloc(0);
chrome.stdio[4].on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  let end;
  while ((end = pending.indexOf(0)) >= 0) {
    const msg = JSON.parse(pending.subarray(0, end).toString('utf8'));
    pending = pending.subarray(end + 1);
    const w = msg.id && waiting.get(msg.id);
    if (w) {
      waiting.delete(msg.id);
      if (msg.error) w.reject(new Error(JSON.stringify(msg.error)));
      else w.resolve(msg.result);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const msg = { id, method, params };
  if (sessionId) msg.sessionId = sessionId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    chrome.stdio[3].write(JSON.stringify(msg) + '\0');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The page's state, or null while it is between two documents.
async function pageState(session, expect) {
  try {
    const r = await send('Runtime.evaluate', {
      expression: `JSON.stringify({ready: document.readyState,
        marked: window.__congboMark === 1,
        found: document.body !== null &&
          document.body.innerText.includes(${JSON.stringify(expect)})})`,
      returnByValue: true,
    }, session);
    return r.result && r.result.value ? JSON.parse(r.result.value) : null;
  } catch (e) {
    return null;
  }
}

async function waitFor(session, expect, wantMarked) {
  const start = Date.now();
  while (Date.now() - start < STEP_TIMEOUT_MS) {
    const s = await pageState(session, expect);
    if (s && s.ready === 'complete' && s.found && s.marked === wantMarked)
      return Date.now() - start;
    await sleep(POLL_MS);
  }
  return -1;
}

async function main() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget',
    { targetId, flatten: true });
  await send('Page.enable', {}, sessionId);
  await send('Runtime.enable', {}, sessionId);
  await send('Page.navigate', { url }, sessionId);
  let failed = 0;
  const first = steps.length ? steps[0].before || '' : '';
  if (await waitFor(sessionId, first, false) < 0) {
    console.log(`FAIL the page ${url} opens in Chromium`);
    return 1;
  }
  console.log(`ok the page ${url} opens in Chromium`);
  for (const step of steps) {
    await send('Runtime.evaluate', { expression: 'window.__congboMark = 1' },
      sessionId);
    fs.writeFileSync(step.file, step.content);
    const ms = await waitFor(sessionId, step.expect, false);
    if (ms >= 0) {
      console.log(`ok the page reloads by itself and shows "${step.expect}" (${ms} ms)`);
    } else {
      failed++;
      const s = await pageState(sessionId, step.expect);
      console.log(`FAIL the page reloads by itself and shows "${step.expect}": ${JSON.stringify(s)}`);
    }
  }
  return failed ? 1 : 0;
}

let chromeExited = false;
let closing = false;
const exited = new Promise((resolve) => chrome.on('exit', (code) => {
  chromeExited = true;
  if (waiting.size && !closing) {
    console.log(`FAIL Chromium exited early (${code})`);
    console.log(chromeLog.slice(-2000));
    process.exit(1);
  }
  resolve();
}));

// Stops Chromium, waits until it is gone (it writes its profile until
// then), and removes the profile.
async function finish(rc) {
  closing = true;
  try {
    await Promise.race([send('Browser.close'), sleep(3000)]);
  } catch (e) { /* it is going away anyway */ }
  if (!chromeExited)
    chrome.kill('SIGKILL');
  await Promise.race([exited, sleep(5000)]);
  try {
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  } catch (e) { /* a leftover in the temporary folder is no failure */ }
  process.exit(rc);
}

const guard = setTimeout(() => {
  console.log('FAIL the browser test finished in time');
  console.log(chromeLog.slice(-2000));
  finish(1);
}, 60000);

main().then((rc) => {
  clearTimeout(guard);
  finish(rc);
}, (e) => {
  clearTimeout(guard);
  console.log(`FAIL ${e.message}`);
  console.log(chromeLog.slice(-2000));
  finish(1);
});
