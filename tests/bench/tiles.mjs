#!/usr/bin/env node
// Tiled rows of `make bench` (issue 17): the shipped widget (dist/) reading a
// PMTiles archive of 1,000,000 seeded synthetic points (Jilin province, built
// once into target/bench/ with qikai-map-tiles) by range requests from a local
// server answering 206, in headless Chromium, 1366 × 768, fresh context per run.
//
//   node tests/bench/tiles.mjs [--reps N]
//
// - tiles_first_frame: navigation start to the first frame that draws tiled
//   items (a MutationObserver on the canvas's test-hook attribute).
// - tiles_view_complete: navigation start to the frame that drew the last tile
//   of the first view (the canvas then holds still).
// - tiles_pan_unseen: a 1,000 px drag east (about four tile columns never
//   fetched) to the frame that drew its last tile.
// Each with the requests and bytes it took. Medians; appends JSON lines to
// target/bench/results.jsonl.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist');
const OUT_DIR = path.join(ROOT, 'target/bench');
const OUT = path.join(OUT_DIR, 'results.jsonl');
const ARCHIVE = path.join(OUT_DIR, 'tiles-1m.pmtiles');
const URL_PATH = '/t/1m.pmtiles';
const N = 1_000_000;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const arg = (name, d) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : d; };
const REPS = arg('--reps', 3);

fs.mkdirSync(OUT_DIR, { recursive: true });
if (!fs.existsSync(ARCHIVE)) {
  execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'qikai-map-tiles', '--', '--lang', 'en',
    '--synthetic', String(N), '--seed', '7', '-o', ARCHIVE], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
const SIZE = fs.statSync(ARCHIVE).size;
const fd = fs.openSync(ARCHIVE, 'r');
const served = [];

async function ranges(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname !== URL_PATH) return false;
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
  if (!m) {
    res.writeHead(416, { 'content-range': `bytes */${SIZE}` });
    res.end();
    return true;
  }
  const start = Number(m[1]);
  const end = Math.min(m[2] ? Number(m[2]) : SIZE - 1, SIZE - 1);
  const buf = Buffer.alloc(end - start + 1);
  fs.readSync(fd, buf, 0, buf.length, start);
  served.push(buf.length);
  res.writeHead(206, { 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${SIZE}`, 'content-length': buf.length, 'cache-control': 'no-store' });
  res.end(buf);
  return true;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until the tiled layer has not drawn for `quiet` ms; returns its last drawn-at. */
async function settle(page, quiet = 600) {
  let last = -1;
  let since = Date.now();
  for (;;) {
    await sleep(50);
    const now = await page.$eval('canvas.qk-dense', (c) => Number(c.dataset.tiledDrawnAt || 0));
    if (now !== last) { last = now; since = Date.now(); }
    if (now > 0 && Date.now() - since > quiet) return now;
  }
}

async function run(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript(() => {
    new MutationObserver((records, obs) => {
      const c = document.querySelector('canvas.qk-dense');
      if (c && Number(c.dataset.tiledItems || 0) > 0) {
        window.__firstTiled = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-tiled-items'] });
  });
  const page = await context.newPage();
  served.length = 0;
  await page.goto(`${base}/?testhooks=1&lang=en&tiles=${encodeURIComponent(URL_PATH)}`);
  await page.waitForFunction(() => window.__firstTiled > 0, null, { timeout: 60_000 });
  const complete = await settle(page);
  const first = await page.evaluate(() => window.__firstTiled);
  const firstReq = served.length, firstBytes = served.reduce((a, b) => a + b, 0);
  served.length = 0;
  // A drag of 1,000 px (about four tile columns past the fetched margin), released
  // after a pause so no fling follows: the new columns were never fetched.
  const t0 = await page.evaluate(() => new Promise((resolve) => {
    const map = document.querySelector('.qk-map');
    const r = map.getBoundingClientRect();
    const x = r.left + r.width / 2 + 500, y = r.top + r.height / 2;
    const ev = (type, cx) => new PointerEvent(type, { pointerId: 7, pointerType: 'mouse', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1, clientX: cx, clientY: y, bubbles: true });
    map.dispatchEvent(ev('pointerdown', x));
    const t = performance.now();
    map.dispatchEvent(ev('pointermove', x - 1000));
    setTimeout(() => { map.dispatchEvent(ev('pointerup', x - 1000)); resolve(t); }, 150);
  }));
  const panned = await settle(page);
  const memory = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  const out = {
    first: first, complete, firstReq, firstBytes,
    pan: panned - t0, panReq: served.length, panBytes: served.reduce((a, b) => a + b, 0), memory,
  };
  await context.close();
  return out;
}

const server = await startServer(DIST, { handler: ranges });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const runs = [];
try {
  for (let i = 0; i < REPS; i++) runs.push(await run(browser, base));
} finally {
  await browser.close();
  server.close();
}
const pick = (k) => median(runs.map((r) => r[k]));
const rows = [
  { work: 'tiles_first_frame', n: N, ours_ms: Number(pick('first').toFixed(1)), requests: pick('firstReq'), bytes: pick('firstBytes') },
  { work: 'tiles_view_complete', n: N, ours_ms: Number(pick('complete').toFixed(1)), requests: pick('firstReq'), bytes: pick('firstBytes') },
  { work: 'tiles_pan_unseen', n: N, ours_ms: Number(pick('pan').toFixed(1)), requests: pick('panReq'), bytes: pick('panBytes') },
];
for (const r of rows) {
  fs.appendFileSync(OUT, JSON.stringify({ ...r, archive_bytes: SIZE, reps: REPS, viewport: '1366x768' }) + '\n');
  console.log(`${r.work.padEnd(20)} ${String(r.ours_ms).padStart(8)} ms  ${String(r.requests).padStart(4)} requests  ${String(r.bytes).padStart(8)} B`);
}
console.log(`(1,000,000 points, archive ${(SIZE / 1e6).toFixed(1)} MB, median of ${REPS}; JS heap ${(pick('memory') / 1e6).toFixed(1)} MB)`);
