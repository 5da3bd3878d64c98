#!/usr/bin/env node
// Tiled rows of `make bench` (issue 17): the shipped widget (dist/) against
// MapLibre GL 6 reading the SAME PMTiles archive of seeded synthetic points
// (Jilin province; 10,000,000 by default, built once into target/bench/ with
// qikai-map-tiles and cached) by range requests from a local server answering
// 206, in the same headless Chromium, 1366 × 768, a fresh context per run, the
// two sides interleaved.
//
//   node tests/bench/tiles.mjs [--points 10000000] [--reps 5] [--no-maplibre]
//
// Rows (each with the archive requests and bytes it took):
// - tiles_first_frame: navigation start to the first frame that draws tiled
//   items. Ours: a MutationObserver on the canvas's test-hook attribute
//   (`?testhooks=1`). MapLibre: its first `render` event after which
//   queryRenderedFeatures finds a feature of the tiled layers.
// - tiles_view_complete: navigation start to the frame that drew the last tile
//   of the first view. Ours: the last tiled draw before 600 ms of stillness;
//   MapLibre: its first `idle` event.
// - tiles_pan_unseen: a 1,000 px pan east (about four tile columns never
//   fetched). Ours: a pointer drag dispatched on the map (released after
//   150 ms, so no fling), from the move to the frame that drew its last tile;
//   MapLibre: `panBy([1000, 0], {animate: false})` to `idle`.
// - tiles_zoom_unseen: then one zoom level in around a point 300 px right of
//   and 150 px above the centre (every tile of the new zoom never fetched).
//   Ours: one wheel event of −200 px (one level, no animation) to the last
//   tiled draw; MapLibre: `zoomTo(zoom + 1, {around, animate: false})` to `idle`.
// - tiles_memory: after those moves. Ours: the wasm linear memory
//   (`WebAssembly.Memory` buffer byteLength, from Trunk's start event, as the
//   soak test reads it) and the page's JS heap (performance.memory, precise).
//   MapLibre: the page's JS heap plus its workers' (CDP Runtime.getHeapUsage);
//   its WebGL buffers live in the GPU process and are not counted.
//
// MapLibre starts at the centre and scale the widget's first view settles on
// (read from its permalink; MapLibre's zoom is ours − 1, as it draws the world
// 512 px wide at zoom 0). It runs twice per repetition: with MapLibre's default
// 512-px vector tiles, which for the same view reads the archive's tiles one
// zoom level above ours (a quarter as many, each covering four of ours), and
// with 256-px tiles (a tileSize the protocol adds to the TileJSON: the style
// spec has none for vector sources), which reads tile for tile the same tiles
// as ours. Headless Chromium has no GPU here: MapLibre's WebGL runs on
// SwiftShader (software), which the renderer string printed confirms.
//
// Medians of --reps; ratios are ours / MapLibre (below 1: ours faster).
// Appends JSON lines to target/bench/results.jsonl.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startServer } from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist');
const OUT_DIR = path.join(ROOT, 'target/bench');
const OUT = path.join(OUT_DIR, 'results.jsonl');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// SwiftShader asked for explicitly (MapLibre's WebGL); exact heap figures. The
// same browser and flags for both sides.
const ARGS = [...CHROMIUM_ARGS, '--enable-unsafe-swiftshader', '--enable-precise-memory-info'];
const arg = (name, d) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : d; };
const REPS = arg('--reps', 5);
const N = arg('--points', 10_000_000);
const WITH_MAPLIBRE = !process.argv.includes('--no-maplibre');
if (!Number.isInteger(N) || N < 1) throw new Error(`--points must be a positive integer, not ${N}`);
const LABEL = N % 1_000_000 === 0 ? `${N / 1_000_000}m` : String(N);
const ARCHIVE = path.join(OUT_DIR, `tiles-${LABEL}.pmtiles`);
const URL_PATH = `/t/${LABEL}.pmtiles`;
const VIEWPORT = { width: 1366, height: 768 };
const PAN_PX = 1000;
const ZOOM_AT = { dx: 300, dy: -150 };
// The memory probe's last stop: the centre of the archive's largest tile
// (14/14107/6023 for seed 7, where the generator's points are densest) at
// zoom 14.5, where every tile in view carries every point with its properties.
const DENSE = { lon: 129.979248, lat: 42.948381, z: 14.5 };
const TARGETS = { first_ms: 1500, pan_ms: 250, wasm_bytes: 64 * 1024 * 1024 };
const pkgVersion = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error('tiles bench: dist/ is missing; run `trunk build --release` (make bench does)');
  process.exit(2);
}

// ------------------------------------------------------------------ the archive (built once)

fs.mkdirSync(OUT_DIR, { recursive: true });
if (!fs.existsSync(ARCHIVE)) {
  // Into a temporary name first: an interrupted build is never taken for the archive.
  const part = `${ARCHIVE}.part`;
  console.log(`tiles bench: building ${path.relative(ROOT, ARCHIVE)} (${N.toLocaleString('en')} points; about 4 minutes at 10,000,000, once)`);
  const t = Date.now();
  execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'qikai-map-tiles', '--', '--lang', 'en',
    '--synthetic', String(N), '--seed', '7', '-o', part], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.renameSync(part, ARCHIVE);
  console.log(`tiles bench: built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}
const SIZE = fs.statSync(ARCHIVE).size;
const fd = fs.openSync(ARCHIVE, 'r');

// ------------------------------------------------------------------ the MapLibre page

// MapLibre GL with the npm `pmtiles` protocol (its IIFE build, global
// `pmtiles`), both served from node_modules. The worker is handed over as a
// blob URL, as phone.mjs does. The archive, centre and zoom come in the query.
const MAPLIBRE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>MapLibre GL peer (tiles bench)</title>
<link rel="stylesheet" href="maplibre-gl.css">
<style>html, body, #map { margin: 0; width: 100%; height: 100%; }</style>
<script src="pmtiles.js"></script>
</head>
<body>
<div id="map"></div>
<script type="module">
import { Map, addProtocol, setWorkerUrl } from './maplibre-gl.mjs';
const q = new URLSearchParams(location.search);
const workerSource = await fetch('maplibre-gl-worker.mjs').then((r) => r.text());
setWorkerUrl(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
const probe = document.createElement('canvas');
const gl = probe.getContext('webgl2') || probe.getContext('webgl');
if (!gl) window.__benchNoWebgl = 'no WebGL context';
else {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  window.__benchRenderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
}
const protocol = new pmtiles.Protocol();
window.__benchTileZooms = [];
const tileSize = Number(q.get('tile') || 512);
addProtocol('pmtiles', async (params, abort) => {
  const m = /\\/(\\d+)\\/\\d+\\/\\d+$/.exec(params.url);
  if (m) window.__benchTileZooms.push(Number(m[1]));
  const r = await protocol.tile(params, abort);
  // ?tile=256: the TileJSON says 256-px tiles (the style spec refuses a
  // vector source's tileSize), so MapLibre reads the same tiles as ours.
  if (params.type === 'json' && tileSize !== 512) r.data = { ...r.data, tileSize };
  return r;
});
const [lon, lat] = q.get('c').split(',').map(Number);
const layers = ['clusters', 'points'];
const map = new Map({
  container: 'map', attributionControl: false, center: [lon, lat], zoom: Number(q.get('z')) - 1,
  style: {
    version: 8,
    sources: { t: { type: 'vector', url: 'pmtiles://' + location.origin + q.get('archive') } },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#f2f1ec' } },
      { id: 'clusters', type: 'circle', source: 't', 'source-layer': 'clusters',
        paint: { 'circle-color': '#2d6cdf', 'circle-opacity': 0.85, 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff',
          'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 10, 1000, 18, 100000, 26] } },
      { id: 'points', type: 'circle', source: 't', 'source-layer': 'features',
        paint: { 'circle-color': '#c0392b', 'circle-radius': 5, 'circle-stroke-width': 1, 'circle-stroke-color': '#ffffff' } },
    ],
  },
});
window.__benchMap = map;
map.on('error', (e) => { window.__benchError = String(e && e.error && e.error.message || e); });
const seen = () => {
  if (map.queryRenderedFeatures({ layers }).length > 0) {
    window.__benchFirst = performance.now();
    map.off('render', seen);
  }
};
map.on('render', seen);
map.once('idle', () => { window.__benchComplete = performance.now(); });
// Rendered features and the points they stand for (clusters count theirs).
window.__benchDrawn = () => {
  const fs = map.queryRenderedFeatures({ layers });
  return { features: fs.length, points: fs.reduce((a, f) => a + (f.layer.id === 'clusters' ? f.properties.point_count : 1), 0) };
};
</script>
</body>
</html>
`;
const PEER_FILES = {
  '/maplibre/index.html': { body: Buffer.from(MAPLIBRE_HTML), type: 'text/html; charset=utf-8' },
  '/maplibre/maplibre-gl.mjs': { file: 'maplibre-gl/dist/maplibre-gl.mjs', type: 'text/javascript; charset=utf-8' },
  '/maplibre/maplibre-gl-worker.mjs': { file: 'maplibre-gl/dist/maplibre-gl-worker.mjs', type: 'text/javascript; charset=utf-8' },
  '/maplibre/maplibre-gl.css': { file: 'maplibre-gl/dist/maplibre-gl.css', type: 'text/css; charset=utf-8' },
  '/maplibre/pmtiles.js': { file: 'pmtiles/dist/pmtiles.js', type: 'text/javascript; charset=utf-8' },
};

// ------------------------------------------------------------------ the server

/** What the archive served since the last reset: one entry per range request. */
const served = [];
const bytesOf = (xs) => xs.reduce((a, b) => a + b, 0);

async function handler(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const peer = PEER_FILES[url.pathname === '/maplibre/' ? '/maplibre/index.html' : url.pathname];
  if (peer) {
    const body = peer.body || fs.readFileSync(path.join(ROOT, 'node_modules', peer.file));
    res.writeHead(200, { 'content-type': peer.type, 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
    return true;
  }
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

// ------------------------------------------------------------------ helpers

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Ours: waits until the tiled layer has not drawn for `quiet` ms; returns its last drawn-at. */
async function settle(page, quiet = 600) {
  let last = -1;
  let since = Date.now();
  const deadline = Date.now() + 60_000;
  for (;;) {
    await sleep(50);
    const now = await page.$eval('canvas.qk-dense', (c) => Number(c.dataset.tiledDrawnAt || 0));
    if (now !== last) { last = now; since = Date.now(); }
    if (now > 0 && Date.now() - since > quiet) return now;
    if (Date.now() > deadline) throw new Error('the tiled layer did not settle within 60 s');
  }
}

/** The JS heap of every worker of the page (CDP Runtime.getHeapUsage on each worker target). */
async function workerHeaps(context, page) {
  // playwright-core opens CDP sessions on pages and frames only; a worker's
  // heap is read by attaching to its target from the page's session.
  let total = 0;
  let count = 0;
  const cdp = await context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    for (const t of targetInfos.filter((t) => t.type === 'worker')) {
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
      const answer = new Promise((resolve) => {
        const on = (e) => {
          if (e.sessionId !== sessionId) return;
          const msg = JSON.parse(e.message);
          if (msg.id === 1) { cdp.off('Target.receivedMessageFromTarget', on); resolve(msg.result); }
        };
        cdp.on('Target.receivedMessageFromTarget', on);
      });
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
      const r = await Promise.race([answer, sleep(5000).then(() => null)]);
      if (r) { total += r.usedSize; count += 1; }
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
  return { total, count };
}

// ------------------------------------------------------------------ ours

async function runOurs(browser, base) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(() => {
    // The wasm instance's exports (for its linear memory), kept by Trunk's start event.
    addEventListener('TrunkApplicationStarted', (e) => { window.__qkWasm = e.detail.wasm; });
    new MutationObserver((records, obs) => {
      const c = document.querySelector('canvas.qk-dense');
      if (c && Number(c.dataset.tiledItems || 0) > 0) {
        window.__firstTiled = performance.now();
        obs.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-tiled-items'] });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  served.length = 0;
  await page.goto(`${base}/?testhooks=1&lang=en&tiles=${encodeURIComponent(URL_PATH)}`);
  await page.waitForFunction(() => window.__firstTiled > 0, null, { timeout: 60_000 });
  const complete = await settle(page);
  const first = await page.evaluate(() => window.__firstTiled);
  const firstReq = served.length, firstBytes = bytesOf(served);
  // Where the first view settled, for MapLibre to start at the same place.
  const hash = new URLSearchParams(await page.evaluate(() => location.hash.slice(1)));
  const view = { c: hash.get('c'), z: Number(hash.get('z')) };
  if (!view.c || !(view.z > 0)) throw new Error(`no view in the permalink: ${hash}`);
  const items = await page.$eval('canvas.qk-dense', (c) => ({ items: Number(c.dataset.tiledItems), features: Number(c.dataset.tiledFeatures) }));

  // A drag of 1,000 px (about four tile columns past the fetched margin),
  // released after a pause so no fling follows: the new columns were never fetched.
  served.length = 0;
  const t0 = await page.evaluate((px) => new Promise((resolve) => {
    const map = document.querySelector('.qk-map');
    const r = map.getBoundingClientRect();
    const x = r.left + r.width / 2 + px / 2, y = r.top + r.height / 2;
    const ev = (type, cx) => new PointerEvent(type, { pointerId: 7, pointerType: 'mouse', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1, clientX: cx, clientY: y, bubbles: true });
    map.dispatchEvent(ev('pointerdown', x));
    const t = performance.now();
    map.dispatchEvent(ev('pointermove', x - px));
    setTimeout(() => { map.dispatchEvent(ev('pointerup', x - px)); resolve(t); }, 150);
  }), PAN_PX);
  const panned = await settle(page);
  const panReq = served.length, panBytes = bytesOf(served);

  // One zoom level in (a wheel of −200 px: 1/200 level per px) around a point
  // off the centre: every tile of the new zoom is unseen.
  served.length = 0;
  const zBefore = Number(new URLSearchParams(await page.evaluate(() => location.hash.slice(1))).get('z'));
  const t1 = await page.evaluate((at) => {
    const map = document.querySelector('.qk-map');
    const r = map.getBoundingClientRect();
    const t = performance.now();
    map.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, deltaMode: 0, clientX: r.left + r.width / 2 + at.dx, clientY: r.top + r.height / 2 + at.dy, bubbles: true, cancelable: true }));
    return t;
  }, ZOOM_AT);
  const zoomed = await settle(page);
  const zoomReq = served.length, zoomBytes = bytesOf(served);
  const zAfter = Number(new URLSearchParams(await page.evaluate(() => location.hash.slice(1))).get('z'));
  if (!(zAfter > zBefore + 0.9)) errors.push(`the wheel did not zoom in by one level (${zBefore} → ${zAfter})`);

  const memory = () => page.evaluate(() => ({ wasm: window.__qkWasm?.memory?.buffer.byteLength ?? null, heap: performance.memory?.usedJSHeapSize ?? null }));
  const mem = await memory();
  if (mem.wasm == null) errors.push('the wasm memory is not reachable (TrunkApplicationStarted detail.wasm.memory)');
  // Then the heaviest tiles: a permalink to the densest spot (the widget flies there).
  served.length = 0;
  await page.evaluate((d) => { location.hash = `#v=1&c=${d.lon},${d.lat}&z=${d.z.toFixed(2)}&l=en`; }, DENSE);
  await settle(page);
  const dense = await memory();
  const denseReq = served.length, denseBytes = bytesOf(served);
  const denseItems = await page.$eval('canvas.qk-dense', (c) => Number(c.dataset.tiledFeatures));
  const there = new URLSearchParams(await page.evaluate(() => location.hash.slice(1)));
  const [lon, lat] = (there.get('c') || '').split(',').map(Number);
  if (!(Math.abs(lon - DENSE.lon) < 0.01 && Math.abs(lat - DENSE.lat) < 0.01 && Math.abs(Number(there.get('z')) - DENSE.z) < 0.05)) {
    errors.push(`the permalink did not take the widget to the densest tiles (now at ${there})`);
  }
  await context.close();
  return {
    first, complete, firstReq, firstBytes, view, items,
    pan: panned - t0, panReq, panBytes,
    zoom: zoomed - t1, zoomReq, zoomBytes, zoomLevels: [zBefore, zAfter],
    wasm: mem.wasm, heap: mem.heap, workers: 0,
    denseWasm: dense.wasm, denseHeap: dense.heap, denseWorkers: 0, denseReq, denseBytes, denseItems, errors,
  };
}

// ------------------------------------------------------------------ MapLibre

async function runMaplibre(browser, base, view, tile) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  served.length = 0;
  await page.goto(`${base}/maplibre/?archive=${encodeURIComponent(URL_PATH)}&c=${view.c}&z=${view.z}&tile=${tile}`);
  const failed = () => page.evaluate(() => window.__benchNoWebgl || window.__benchError || null);
  await page.waitForFunction(() => (window.__benchFirst && window.__benchComplete) || window.__benchNoWebgl || window.__benchError, null, { timeout: 120_000, polling: 50 });
  const why = await failed();
  if (why) { await context.close(); return { unavailable: why, errors }; }
  const { first, complete, renderer } = await page.evaluate(() => ({ first: window.__benchFirst, complete: window.__benchComplete, renderer: window.__benchRenderer }));
  const firstReq = served.length, firstBytes = bytesOf(served);
  const drawn = await page.evaluate(() => window.__benchDrawn());
  const tileZoom = await page.evaluate(() => Math.max(...window.__benchTileZooms));

  served.length = 0;
  const pan = await page.evaluate((px) => new Promise((resolve) => {
    const map = window.__benchMap;
    const t = performance.now();
    map.panBy([px, 0], { animate: false });
    map.once('idle', () => resolve(performance.now() - t));
  }), PAN_PX);
  const panReq = served.length, panBytes = bytesOf(served);

  served.length = 0;
  const zoom = await page.evaluate((at) => new Promise((resolve) => {
    const map = window.__benchMap;
    const c = map.getCanvas();
    const around = map.unproject([c.clientWidth / 2 + at.dx, c.clientHeight / 2 + at.dy]);
    const t = performance.now();
    map.zoomTo(map.getZoom() + 1, { around, animate: false });
    map.once('idle', () => resolve(performance.now() - t));
  }), ZOOM_AT);
  const zoomReq = served.length, zoomBytes = bytesOf(served);
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
  let workers = null;
  try { workers = await workerHeaps(context, page); } catch (e) { errors.push(`worker heaps: ${e.message}`); }
  const tileZoomAfter = await page.evaluate(() => Math.max(...window.__benchTileZooms));
  // Then the heaviest tiles, as for ours (MapLibre's zoom is ours − 1).
  served.length = 0;
  await page.evaluate((d) => new Promise((resolve) => {
    const map = window.__benchMap;
    map.jumpTo({ center: [d.lon, d.lat], zoom: d.z - 1 });
    map.once('idle', resolve);
  }), DENSE);
  const denseReq = served.length, denseBytes = bytesOf(served);
  const denseItems = await page.evaluate(() => window.__benchDrawn().features);
  const denseHeap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
  let denseWorkers = null;
  try { denseWorkers = await workerHeaps(context, page); } catch (e) { errors.push(`worker heaps: ${e.message}`); }
  await context.close();
  return {
    first, complete, firstReq, firstBytes, drawn, renderer, tileZoom: [tileZoom, tileZoomAfter],
    pan, panReq, panBytes, zoom, zoomReq, zoomBytes,
    heap, workers: workers?.total ?? null, workerCount: workers?.count ?? null,
    denseHeap, denseWorkers: denseWorkers?.total ?? null, denseReq, denseBytes, denseItems, errors,
  };
}

// ------------------------------------------------------------------ main

const PEERS = [
  // MapLibre as configured by default: 512-px tiles, so one zoom level above ours.
  { key: 'maplibre', tile: 512, label: 'MapLibre, 512-px tiles (its default)' },
  // The same tiles as ours (TileJSON tileSize 256): tile for tile the same requests.
  { key: 'maplibre256', tile: 256, label: 'MapLibre, 256-px tiles (the same tiles as ours)' },
];
const server = await startServer(DIST, { handler });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const ours = [];
const peers = Object.fromEntries(PEERS.map((p) => [p.key, []]));
const problems = [];
const f0 = (x) => (x == null ? '—' : x.toFixed(0));
const mib = (x) => (x == null ? '—' : `${(x / 1048576).toFixed(1)} MiB`);
console.log(`tiles bench: ${N.toLocaleString('en')} points, archive ${(SIZE / 1e6).toFixed(1)} MB, ${VIEWPORT.width}×${VIEWPORT.height}, ${REPS} runs per side`);
try {
  for (let i = 0; i < REPS; i++) {
    const o = await runOurs(browser, base);
    ours.push(o);
    problems.push(...o.errors.map((e) => `ours, run ${i + 1}: ${e}`));
    console.log(`run ${i + 1}/${REPS} ours         first ${f0(o.first)} ms, complete ${f0(o.complete)} ms (${o.firstReq} req), pan ${f0(o.pan)} ms (${o.panReq} req), ` +
      `zoom ${o.zoomLevels.join('→')} ${f0(o.zoom)} ms (${o.zoomReq} req); wasm ${mib(o.wasm)}, heap ${mib(o.heap)}; densest tiles: ${o.denseItems} points drawn, ${o.denseReq} req, wasm ${mib(o.denseWasm)}, heap ${mib(o.denseHeap)}; at c=${o.view.c} z=${o.view.z}, ${o.items.items} items`);
    if (!WITH_MAPLIBRE) continue;
    for (const { key, tile } of PEERS) {
      const p = await runMaplibre(browser, base, o.view, tile);
      peers[key].push(p);
      if (p.unavailable) {
        console.log(`run ${i + 1}/${REPS} ${key.padEnd(12)} could not run: ${p.unavailable}`);
        continue;
      }
      problems.push(...p.errors.map((e) => `${key}, run ${i + 1}: ${e}`));
      console.log(`run ${i + 1}/${REPS} ${key.padEnd(12)} first ${f0(p.first)} ms, complete ${f0(p.complete)} ms (${p.firstReq} req), pan ${f0(p.pan)} ms (${p.panReq} req), ` +
        `zoom ${f0(p.zoom)} ms (${p.zoomReq} req); heap ${mib(p.heap)} + ${p.workerCount} workers ${mib(p.workers)}; densest tiles: ${p.denseItems} features drawn, ${p.denseReq} req, heap ${mib(p.denseHeap)} + workers ${mib(p.denseWorkers)}; tile zoom ${p.tileZoom.join('→')}, ` +
        `${p.drawn.features} features for ${p.drawn.points.toLocaleString('en')} points; WebGL: ${p.renderer}`);
    }
  }
} finally {
  await browser.close();
  server.close();
}

const pick = (runs, k) => (runs.length && runs.every((r) => r[k] != null) ? median(runs.map((r) => r[k])) : null);
const BASE_PEER = `MapLibre GL ${pkgVersion('maplibre-gl')} + pmtiles ${pkgVersion('pmtiles')} (WebGL, SwiftShader)`;
const rows = [
  ['tiles_first_frame', 'first', 'firstReq', 'firstBytes', TARGETS.first_ms],
  ['tiles_view_complete', 'complete', 'firstReq', 'firstBytes', null],
  ['tiles_pan_unseen', 'pan', 'panReq', 'panBytes', TARGETS.pan_ms],
  ['tiles_zoom_unseen', 'zoom', 'zoomReq', 'zoomBytes', TARGETS.pan_ms],
];
const verified = problems.length === 0;
for (const { key, tile, label } of WITH_MAPLIBRE ? PEERS : [{ key: 'none', tile: null, label: 'no MapLibre (--no-maplibre)' }]) {
  const runs = peers[key] || [];
  const ok = runs.filter((p) => !p.unavailable);
  const peerRuns = ok.length === REPS ? ok : [];
  const unavailable = runs.find((p) => p.unavailable)?.unavailable;
  const PEER = tile ? `${BASE_PEER}, ${tile}-px tiles` : null;
  console.log(`\n${label}`);
  console.log(`${'work'.padEnd(20)}${'ours ms'.padStart(10)}${'req'.padStart(6)}${'bytes'.padStart(10)}${'MapLibre ms'.padStart(13)}${'req'.padStart(6)}${'bytes'.padStart(10)}${'ratio'.padStart(8)}  target`);
  for (const [work, k, kr, kb, target] of rows) {
    const o = pick(ours, k), p = pick(peerRuns, k);
    const ratio = o != null && p ? Number((o / p).toFixed(3)) : null;
    const row = {
      work, n: N, ours_ms: Number(o.toFixed(1)), requests: pick(ours, kr), bytes: pick(ours, kb),
      peer: PEER, peer_ms: p == null ? null : Number(p.toFixed(1)), peer_requests: pick(peerRuns, kr), peer_bytes: pick(peerRuns, kb), ratio,
      ...(unavailable ? { unavailable } : {}), target_ms: target, archive_bytes: SIZE, reps: REPS, viewport: `${VIEWPORT.width}x${VIEWPORT.height}`, verified,
    };
    fs.appendFileSync(OUT, JSON.stringify(row) + '\n');
    const met = target == null ? '' : `≤ ${target} ms ${o <= target ? 'met' : 'not met'}`;
    console.log(`${work.padEnd(20)}${o.toFixed(1).padStart(10)}${String(row.requests).padStart(6)}${String(row.bytes).padStart(10)}` +
      `${(p == null ? '—' : p.toFixed(1)).padStart(13)}${String(row.peer_requests ?? '—').padStart(6)}${String(row.peer_bytes ?? '—').padStart(10)}${String(ratio ?? '—').padStart(8)}  ${met}`);
  }
  const mem = {
    work: 'tiles_memory', n: N, ours_wasm_bytes: pick(ours, 'wasm'), ours_heap_bytes: pick(ours, 'heap'),
    peer: PEER, peer_heap_bytes: pick(peerRuns, 'heap'), peer_worker_heap_bytes: pick(peerRuns, 'workers'),
    dense: DENSE, ours_dense_wasm_bytes: pick(ours, 'denseWasm'), ours_dense_heap_bytes: pick(ours, 'denseHeap'),
    ours_dense_requests: pick(ours, 'denseReq'), ours_dense_bytes: pick(ours, 'denseBytes'),
    peer_dense_heap_bytes: pick(peerRuns, 'denseHeap'), peer_dense_worker_heap_bytes: pick(peerRuns, 'denseWorkers'),
    peer_dense_requests: pick(peerRuns, 'denseReq'), peer_dense_bytes: pick(peerRuns, 'denseBytes'),
    target_wasm_bytes: TARGETS.wasm_bytes, archive_bytes: SIZE, reps: REPS, verified,
  };
  fs.appendFileSync(OUT, JSON.stringify(mem) + '\n');
  const wasmMet = (x) => `≤ 64 MiB ${x != null && x <= TARGETS.wasm_bytes ? 'met' : 'not met'}`;
  console.log(`memory after the moves: ours wasm ${mib(mem.ours_wasm_bytes)} (${wasmMet(mem.ours_wasm_bytes)}), JS heap ${mib(mem.ours_heap_bytes)}; ` +
    `MapLibre JS heap ${mib(mem.peer_heap_bytes)} + workers ${mib(mem.peer_worker_heap_bytes)} (its WebGL buffers not counted)` +
    (unavailable ? `; MapLibre could not run: ${unavailable}` : ''));
  console.log(`memory at the densest tiles (zoom ${DENSE.z}): ours wasm ${mib(mem.ours_dense_wasm_bytes)} (${wasmMet(mem.ours_dense_wasm_bytes)}), JS heap ${mib(mem.ours_dense_heap_bytes)}, ` +
    `${mem.ours_dense_requests} req / ${mem.ours_dense_bytes} B; MapLibre JS heap ${mib(mem.peer_dense_heap_bytes)} + workers ${mib(mem.peer_dense_worker_heap_bytes)}, ` +
    `${mem.peer_dense_requests ?? '—'} req / ${mem.peer_dense_bytes ?? '—'} B`);
}
console.log(`(${N.toLocaleString('en')} points, archive ${(SIZE / 1e6).toFixed(1)} MB, median of ${REPS}; ratio = ours / MapLibre, below 1 is ours faster)`);
if (!verified) {
  console.error(`tiles bench:\n${problems.join('\n')}`);
  process.exit(1);
}
