#!/usr/bin/env node
// Phone rows of `make bench` (issue 16): the shipped widget (dist/, release
// build, default data) against Leaflet and MapLibre GL showing the same
// GeoJSON, on an emulated mid-range phone on mobile data.
//
//   node tests/bench/phone.mjs [--reps 3]
//
// Emulation, the same for the three sides and fresh for every run (a new
// browser context, so an empty cache):
// - a 390×844 touch screen (isMobile, deviceScaleFactor 3);
// - CPU slowed 4× (CDP Emulation.setCPUThrottlingRate);
// - "slow 4G": 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up
//   (CDP Network.emulateNetworkConditions);
// - every file served brotli-compressed (quality 11, Content-Encoding: br) by
//   a small static server on 127.0.0.1, as a static host would.
//
// Measures, from navigation start (performance.now() in the page):
// - first_feature: the first frame in which a map feature is on screen. Ours:
//   a `[data-feature-id]` shape in the `.qk-map` SVG that the browser hit-tests
//   as the top element; Leaflet: the same for a path of its overlay pane (both
//   seen by a requestAnimationFrame callback, so just before that frame
//   paints); MapLibre GL: its first `render` event after which
//   queryRenderedFeatures finds a feature (its canvas has no elements).
// - first_view (ours only): the first frame in which a symbol of the static
//   first view (drawn at build time, shown before the wasm runs) is on top.
//   first_feature stays the live widget's first feature.
// - tap_details: a tap on one project (红旗繁荣工厂), sent as soon as it is
//   drawn, until its details are on screen and on top (ours: the details
//   sheet; the peers: a popup with the same names, kind and figures).
// - bytes: everything the page loaded by then, as sent over the wire
//   (the sum of CDP Network.loadingFinished encodedDataLength: headers and
//   compressed bodies); MapLibre's page fetches its worker script itself so
//   that it is throttled and counted too (see MAPLIBRE_HTML).
// - early_tap (ours, a fourth run "ours-early"): the same tap made on the static
//   first view as soon as qikai-map.js keeps taps there (before the wasm has
//   arrived), until the details are on screen: what a visitor who does not
//   wait for the live map gets. Two rows: the build's details card on top
//   (phone_early_tap_card, the same words as the live panel) and the live
//   panel when the widget has taken over (phone_early_tap_details).
// Median of --reps runs (default 3), the three sides interleaved. Appends JSON
// lines to target/bench/results.jsonl and prints a table.
// PHONE_SITES=ours,leaflet runs only those sides; PHONE_TRACE=1 prints our
// page's downloads and marks (ms after navigation) after each run.
//
// The peers' pages are written into a temporary folder at run time from the
// npm devDependencies (leaflet, maplibre-gl); nothing is fetched from the
// internet. MapLibre needs WebGL: headless Chromium gives it SwiftShader
// (software); when no WebGL context can be had, its rows say so instead of a
// number.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, MIME, PHONE } from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist');
const DATA = path.join(ROOT, 'public/data/qikai-map.geojson');
const OUT = path.join(ROOT, 'target/bench/results.jsonl');
const arg = (name, d) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : d; };
const REPS = arg('--reps', 3);
// WebGL for MapLibre: SwiftShader, asked for explicitly (Chromium's silent
// fallback to it is deprecated). The same browser and flags for all three.
const ARGS = [...CHROMIUM_ARGS, '--enable-unsafe-swiftshader'];
const CPU_SLOWDOWN = 4;
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const TARGET_ID = 'project-hongqi-fanrong';
const TARGETS = { first_feature: 800, tap_details: 2000 };
const pkg = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

// ------------------------------------------------------------------ peer pages

/** What a peer's popup shows: the names, kind, status and investment, as ours does. */
const POPUP_JS = `
function popupHtml(p) {
  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const rows = [['kind', p.kind], ['status', p.status], ['investment', p.investment_yuan ? (p.investment_yuan / 1e8) + ' 亿元' : '']]
    .filter((r) => r[1]).map((r) => '<tr><th>' + r[0] + '</th><td>' + esc(r[1]) + '</td></tr>').join('');
  return '<h2 class="peer-title">' + esc(p.name_zh) + '</h2><p>' + esc(p.name_en) + '</p><table>' + rows + '</table>';
}
const COLORS = { zone: '#1f6f8b', park: '#2e8b57', project: '#c0392b', swap_station: '#2d6cdf', landmark: '#6b5b95', district: '#999999' };
`;

const PAGE_HEAD = (title, css) => `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<link rel="stylesheet" href="${css}">
<style>html, body, #map { margin: 0; width: 100%; height: 100%; } .peer-title { font-size: 16px; margin: 0 0 4px; }</style>
</head>
<body>
<div id="map"></div>
`;

// Leaflet's default SVG renderer: each feature is a <path>, as each is an
// element in ours. The zone's box fills the screen with 24 px around it, as
// our home view does.
const LEAFLET_HTML = PAGE_HEAD('Leaflet peer (phone bench)', 'leaflet.css') + `<script src="leaflet.js"></script>
<script>
${POPUP_JS}
const map = L.map('map', { zoomControl: false, attributionControl: false });
map.setView([43.83, 125.17], 11);
fetch('data.geojson').then((r) => r.json()).then((data) => {
  const layer = L.geoJSON(data, {
    style: (f) => ({ color: COLORS[f.properties.kind], weight: 2, fillOpacity: f.properties.kind === 'zone' ? 0.08 : 0.25, className: 'f-' + f.id }),
    pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 8, weight: 2, fillOpacity: 0.9 }),
  }).bindPopup((l) => popupHtml(l.feature.properties), { autoPan: false }).addTo(map);
  const zone = layer.getLayers().find((l) => l.feature.properties.kind === 'zone');
  map.fitBounds((zone || layer).getBounds(), { padding: [24, 24], animate: false });
});
</script>
</body>
</html>
`;

// MapLibre GL with no tiles: a blank style (a background) and the GeoJSON as
// a source, drawn as fills, lines and circles. Its two downloads that would
// otherwise escape the emulation are made by the page: the GeoJSON, fetched
// on the main thread as Leaflet does (MapLibre fetches a source URL in its
// worker), and the worker script, fetched and handed over as a blob URL
// (setWorkerUrl; MapLibre up to 4 shipped its worker inline as a blob the same
// way). A dedicated worker's own script request is not reported in the
// page's network events and, by the timings, not throttled by its
// Network.emulateNetworkConditions either (left to MapLibre, its 148 KB went
// uncounted and the first feature came about 0.6 s sooner).
const MAPLIBRE_HTML = PAGE_HEAD('MapLibre GL peer (phone bench)', 'maplibre-gl.css') + `<script type="module">
import { Map, Popup, setWorkerUrl } from './maplibre-gl.mjs';
${POPUP_JS}
const workerSource = await fetch('maplibre-gl-worker.mjs').then((r) => r.text());
setWorkerUrl(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
const probe = document.createElement('canvas');
if (!probe.getContext('webgl2') && !probe.getContext('webgl')) window.__benchNoWebgl = 'no WebGL context';
const map = new Map({
  container: 'map', attributionControl: false, center: [125.17, 43.83], zoom: 10,
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f2f1ec' } }] },
});
map.on('error', (e) => { window.__benchError = String(e && e.error && e.error.message || e); });
const color = ['match', ['get', 'kind'], ...Object.entries(COLORS).flat(), '#333333'];
const dataLoaded = fetch('data.geojson').then((r) => r.json());
map.on('load', async () => {
  const data = await dataLoaded;
  data.features.forEach((f) => { f.properties.fid = f.id; });
  map.addSource('d', { type: 'geojson', data });
  const areas = ['==', ['geometry-type'], 'Polygon'];
  map.addLayer({ id: 'fill', type: 'fill', source: 'd', filter: areas, paint: { 'fill-color': color, 'fill-opacity': ['case', ['==', ['get', 'kind'], 'zone'], 0.08, 0.25] } });
  map.addLayer({ id: 'line', type: 'line', source: 'd', filter: areas, paint: { 'line-color': color, 'line-width': 2 } });
  map.addLayer({ id: 'pts', type: 'circle', source: 'd', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': color, 'circle-radius': 8, 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff' } });
  const zone = data.features.find((f) => f.properties.kind === 'zone');
  const ring = zone.geometry.coordinates[0];
  const xs = ring.map((c) => c[0]), ys = ring.map((c) => c[1]);
  map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 24, animate: false });
  const layers = ['fill', 'line', 'pts'];
  const seen = () => {
    if (map.isSourceLoaded('d') && map.queryRenderedFeatures({ layers }).length > 0) {
      window.__benchFirst = performance.now();
      map.off('render', seen);
    }
  };
  map.on('render', seen);
  map.on('click', 'pts', (e) => {
    new Popup({ closeButton: true }).setLngLat(e.features[0].geometry.coordinates).setHTML(popupHtml(e.features[0].properties)).addTo(map);
  });
  window.__benchTapPoint = (id) => {
    const f = data.features.find((f) => f.id === id);
    const p = map.project(f.geometry.coordinates);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  };
});
</script>
</body>
</html>
`;

function writePeers() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qk-phone-bench-'));
  const put = (rel, text) => { fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); fs.writeFileSync(path.join(dir, rel), text); };
  const copy = (from, rel) => put(rel, fs.readFileSync(path.join(ROOT, 'node_modules', from)));
  put('leaflet/index.html', LEAFLET_HTML);
  copy('leaflet/dist/leaflet.js', 'leaflet/leaflet.js');
  copy('leaflet/dist/leaflet.css', 'leaflet/leaflet.css');
  put('leaflet/data.geojson', fs.readFileSync(DATA));
  put('maplibre/index.html', MAPLIBRE_HTML);
  for (const f of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl.css']) copy(`maplibre-gl/dist/${f}`, `maplibre/${f}`);
  put('maplibre/data.geojson', fs.readFileSync(DATA));
  return dir;
}

// ------------------------------------------------------------------ brotli server

/** Serves /ours/ from dist/ and the peers from `peers`, every file as brotli (compressed once, up front). */
async function startBrotliServer(peers) {
  const roots = { ours: DIST, leaflet: path.join(peers, 'leaflet'), maplibre: path.join(peers, 'maplibre') };
  const files = new Map();
  const walk = (dir, prefix) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, `${prefix}${e.name}/`);
      else if (MIME[path.extname(e.name).toLowerCase()]) {
        const body = zlib.brotliCompressSync(fs.readFileSync(full), {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(full).size },
        });
        files.set(`${prefix}${e.name}`, { body, type: MIME[path.extname(e.name).toLowerCase()] });
      }
    }
  };
  for (const [name, dir] of Object.entries(roots)) walk(dir, `/${name}/`);
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const f = files.get(p);
    if (!f || req.method !== 'GET') { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('404'); return; }
    res.writeHead(200, { 'content-type': f.type, 'content-encoding': 'br', 'content-length': f.body.length, 'cache-control': 'no-cache' });
    res.end(f.body);
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  return { server };
}

// ------------------------------------------------------------------ one run

/** Installed before any page script: watches each frame for the first feature and for the details. */
function probe(site) {
  const t = (window.__bench = { first: null, firstView: null, details: null, card: null });
  let firstSeen, detailsSeen;
  t.firstPromise = new Promise((r) => (firstSeen = r));
  t.detailsPromise = new Promise((r) => (detailsSeen = r));
  const FEATURE = { ours: '.qk-map svg [data-feature-id]', leaflet: '.leaflet-overlay-pane path' }[site];
  const LAYER = { ours: '.qk-map svg', leaflet: '.leaflet-overlay-pane' }[site];
  const DETAILS = { ours: '.qk-details', leaflet: '.leaflet-popup-content', maplibre: '.maplibregl-popup-content' }[site];
  // On screen and the top element at the middle of its visible part.
  const onTop = (el, within) => {
    const r = el.getBoundingClientRect();
    const x0 = Math.max(0, r.left), x1 = Math.min(innerWidth, r.right);
    const y0 = Math.max(0, r.top), y1 = Math.min(innerHeight, r.bottom);
    if (x1 <= x0 || y1 <= y0) return false;
    const hit = document.elementFromPoint((x0 + x1) / 2, (y0 + y1) / 2);
    return !!hit && (within ? !!hit.closest(within) : el.contains(hit));
  };
  const tick = () => {
    const now = performance.now();
    if (t.firstView === null && site === 'ours' && [...document.querySelectorAll('.qk-first-view .qk-point')].some((el) => onTop(el, '.qk-first-view'))) {
      t.firstView = now;
    }
    if (t.first === null) {
      if (site === 'maplibre') {
        if (window.__benchFirst) t.first = window.__benchFirst;
      } else if ([...document.querySelectorAll(FEATURE)].some((el) => onTop(el, LAYER))) {
        t.first = now;
      }
      if (t.first !== null) firstSeen(t.first);
    }
    if (t.card === null && site === 'ours') {
      const c = document.querySelector('.qk-fv-details .qk-fv-card-title');
      if (c && onTop(c)) t.card = now;
    }
    if (t.details === null) {
      const d = document.querySelector(DETAILS);
      if (d && onTop(d)) { t.details = now; detailsSeen(now); }
    }
    if (t.first === null || t.details === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function run(browser, base, site) {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const early = site === 'ours-early';
  const page_site = early ? 'ours' : site;
  await context.addInitScript(probe, page_site);
  const cdp = await context.newCDPSession(page);
  let bytes = 0, requests = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; requests += 1; });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const out = { site, first: null, firstView: null, details: null, bytes: 0, requests: 0, errors, unavailable: null };
  try {
    await page.goto(`${base}/${page_site}/`, { waitUntil: 'commit' });
    if (early) {
      // Tapped on the first view as soon as taps are kept there.
      const sel = `.qk-first-view.qk-first-view-taps [data-qk-fv="${TARGET_ID}"]`;
      await page.waitForSelector(sel, { timeout: 60_000 });
      const at = await page.evaluate((sel) => {
        const r = document.querySelector(sel).getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, t: performance.now() };
      }, sel);
      out.tapAt = at.t;
      await page.touchscreen.tap(at.x, at.y);
      out.details = await Promise.race([
        page.evaluate(() => window.__bench.detailsPromise),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no details within 60 s of the tap')), 60_000)),
      ]);
      out.first = await page.evaluate(() => window.__bench.firstPromise);
      out.firstView = await page.evaluate(() => window.__bench.firstView);
      out.card = await page.evaluate(() => window.__bench.card);
      if (out.card === null) errors.push('no details card on the first view');
      const title = await page.evaluate(() => document.querySelector('#qk-details-title')?.textContent.trim() ?? '');
      if (!title.includes('红旗繁荣')) errors.push(`the details show "${title}", not 红旗繁荣工厂`);
      out.bytes = bytes;
      out.requests = requests;
      await context.close();
      return out;
    }
    const first = await Promise.race([
      page.evaluate(() => window.__bench.firstPromise),
      page.waitForFunction(() => window.__benchNoWebgl || window.__benchError, null, { timeout: 60_000, polling: 500 })
        .then(async () => { throw new Error(await page.evaluate(() => window.__benchNoWebgl || window.__benchError)); }),
    ]);
    out.first = first;
    out.firstView = await page.evaluate(() => window.__bench.firstView);
    // The tap target, as soon as it is drawn.
    let at;
    if (site === 'maplibre') {
      at = await page.evaluate((id) => window.__benchTapPoint(id), TARGET_ID);
    } else {
      const sel = site === 'ours' ? `[data-feature-id="${TARGET_ID}"]` : `path.f-${TARGET_ID}`;
      await page.waitForSelector(sel, { state: 'attached', timeout: 60_000 });
      at = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        return { x, y, covered: !hit || !(el === hit || el.contains(hit) || hit.closest('[data-feature-id]') === el) ? (hit ? hit.outerHTML.slice(0, 100) : 'off screen') : null };
      }, sel);
      if (at.covered) errors.push(`${TARGET_ID} is covered at its centre by ${at.covered}`);
    }
    await page.touchscreen.tap(at.x, at.y);
    out.details = await Promise.race([
      page.evaluate(() => window.__bench.detailsPromise),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no details within 30 s of the tap')), 30_000)),
    ]);
    const title = await page.evaluate((site) => {
      const sel = { ours: '#qk-details-title', leaflet: '.peer-title', maplibre: '.peer-title' }[site];
      return document.querySelector(sel)?.textContent.trim() ?? '';
    }, site);
    if (!title.includes('红旗繁荣')) errors.push(`the details show "${title}", not 红旗繁荣工厂`);
    if (process.env.PHONE_TRACE && site === 'ours') {
      // Where the time goes: every download and the page's marks, in ms after navigation.
      const trace = await page.evaluate(() => [
        ...performance.getEntriesByType('resource').map((e) => [Math.round(e.startTime), Math.round(e.responseEnd), `${e.name.split('/').pop()} (${e.encodedBodySize} B)`]),
        ...performance.getEntriesByType('mark').map((m) => [Math.round(m.startTime), null, `mark ${m.name}`]),
        [Math.round(window.__bench.first), null, 'first feature'], [Math.round(window.__bench.details), null, 'details on top'],
      ].sort((a, b) => a[0] - b[0]));
      for (const [start, end, what] of trace) console.log(`  ${String(start).padStart(6)} ${end === null ? '      ' : String(end).padStart(6)}  ${what}`);
    }
  } catch (e) {
    if (site === 'maplibre' && /WebGL|webgl/.test(String(e.message))) out.unavailable = String(e.message);
    else errors.push(String(e.message || e));
  }
  out.bytes = bytes;
  out.requests = requests;
  await context.close();
  return out;
}

// ------------------------------------------------------------------ main

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    console.error('phone bench: dist/ is missing; run `trunk build --release` (make bench does)');
    process.exit(2);
  }
  const peers = writePeers();
  const { server } = await startBrotliServer(peers);
  const base = `http://127.0.0.1:${server.address().port}`;
  console.log(`phone bench: CPU ${CPU_SLOWDOWN}× slower, ${NETWORK.latency} ms, ${NETWORK.downloadThroughput * 8 / 1e6} Mbit/s down, ` +
    `${NETWORK.uploadThroughput * 8 / 1e3} kbit/s up, 390×844 touch, brotli; median of ${REPS}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const sites = process.env.PHONE_SITES ? process.env.PHONE_SITES.split(',') : ['ours', 'ours-early', 'leaflet', 'maplibre'];
  const results = Object.fromEntries(sites.map((s) => [s, []]));
  const problems = [];
  try {
    for (let r = 0; r < REPS; r++) {
      for (const site of sites) {
        const o = await run(browser, base, site);
        results[site].push(o);
        // A peer that cannot run here (no WebGL) is reported as such, not as a failure.
        if (o.errors.length && !o.unavailable) problems.push(`${site}, run ${r + 1}: ${o.errors.join('; ')}`);
        const f = (x) => (x === null ? '—' : `${(x / 1000).toFixed(2)} s`);
        console.log(`run ${r + 1}/${REPS} ${site.padEnd(9)} ${site === 'ours' ? `first view ${f(o.firstView)}, ` : ''}first feature ${f(o.first)}, details ${f(o.details)}, ${o.bytes.toLocaleString('en')} B in ${o.requests} requests` +
          (o.unavailable ? ` (unavailable: ${o.unavailable})` : ''));
      }
    }
  } finally {
    await browser.close();
    server.closeAllConnections?.();
    server.close();
    fs.rmSync(peers, { recursive: true, force: true });
  }

  const label = { ours: 'qikai-map (dist/)', 'ours-early': 'qikai-map, tapped on the first view', leaflet: `Leaflet ${pkg('leaflet')} (SVG)`, maplibre: `MapLibre GL ${pkg('maplibre-gl')} (WebGL, SwiftShader)` };
  const summary = {};
  for (const site of sites) {
    const ok = results[site].filter((o) => o.first !== null && o.details !== null);
    const unavailable = results[site].find((o) => o.unavailable)?.unavailable;
    summary[site] = ok.length === REPS
      ? { firstView: ok.every((o) => o.firstView !== null) ? median(ok.map((o) => o.firstView)) : null, card: ok.every((o) => o.card != null) ? median(ok.map((o) => o.card)) : null, first: median(ok.map((o) => o.first)), details: median(ok.map((o) => o.details)), bytes: median(ok.map((o) => o.bytes)), requests: median(ok.map((o) => o.requests)) }
      : { unavailable: unavailable || `${REPS - ok.length} of ${REPS} runs failed` };
  }
  console.log(`\n${''.padEnd(42)}${'first feature'.padStart(15)}${'tap → details'.padStart(15)}${'on the wire'.padStart(14)}${'requests'.padStart(10)}`);
  for (const site of sites) {
    const s = summary[site];
    if (s.unavailable) console.log(`${label[site].padEnd(42)}  could not run: ${s.unavailable}`);
    else console.log(`${label[site].padEnd(42)}${`${(s.first / 1000).toFixed(2)} s`.padStart(15)}${`${(s.details / 1000).toFixed(2)} s`.padStart(15)}${`${(s.bytes / 1000).toFixed(0)} KB`.padStart(14)}${String(s.requests).padStart(10)}`);
  }
  const early = summary['ours-early'];
  if (early && !early.unavailable) console.log(`qikai-map tapped on the first view: its details card ${early.card == null ? '—' : `${(early.card / 1000).toFixed(2)} s`}, the live details ${(early.details / 1000).toFixed(2)} s after navigation (median)`);
  if (summary.ours && summary.ours.firstView != null) console.log(`qikai-map's static first view on screen: ${(summary.ours.firstView / 1000).toFixed(2)} s (median)`);
  console.log(`targets: first feature ≤ ${TARGETS.first_feature} ms, details ≤ ${TARGETS.tap_details} ms (reported, not asserted)`);

  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const verified = problems.length === 0;
  const ours = summary.ours;
  for (const site of ['leaflet', 'maplibre']) {
    const p = summary[site];
    const peer = label[site];
    // PHONE_SITES=ours (a trace of one side): no ratio to write.
    if (!ours || ours.unavailable) break;
    if (!p) continue;
    if (p.unavailable) {
      fs.appendFileSync(OUT, JSON.stringify({ work: 'phone_first_feature', n: 1, ours_ms: round(ours.first), peer, peer_ms: null, unavailable: p.unavailable, verified }) + '\n');
      continue;
    }
    for (const [work, key, target] of [['phone_first_feature', 'first', TARGETS.first_feature], ['phone_tap_details', 'details', TARGETS.tap_details]]) {
      fs.appendFileSync(OUT, JSON.stringify({ work, n: 1, ours_ms: round(ours[key]), peer, peer_ms: round(p[key]), ratio: Number((ours[key] / p[key]).toFixed(4)), verified, target_ms: target }) + '\n');
    }
    if (ours.firstView != null) fs.appendFileSync(OUT, JSON.stringify({ work: 'phone_first_view', n: 1, ours_ms: round(ours.firstView), peer, peer_ms: round(p.first), ratio: Number((ours.firstView / p.first).toFixed(4)), verified, target_ms: TARGETS.first_feature }) + '\n');
    if (early && !early.unavailable && early.card != null) fs.appendFileSync(OUT, JSON.stringify({ work: 'phone_early_tap_card', n: 1, ours_ms: round(early.card), peer, peer_ms: round(p.details), ratio: Number((early.card / p.details).toFixed(4)), verified, target_ms: TARGETS.tap_details }) + '\n');
    if (early && !early.unavailable) fs.appendFileSync(OUT, JSON.stringify({ work: 'phone_early_tap_details', n: 1, ours_ms: round(early.details), peer, peer_ms: round(p.details), ratio: Number((early.details / p.details).toFixed(4)), verified, target_ms: TARGETS.tap_details }) + '\n');
    fs.appendFileSync(OUT, JSON.stringify({ work: 'phone_bytes', n: 1, ours_bytes: ours.bytes, peer, peer_bytes: p.bytes, ratio: Number((ours.bytes / p.bytes).toFixed(4)), verified }) + '\n');
  }
  if (!verified) {
    console.error(`phone bench:\n${problems.join('\n')}`);
    process.exit(1);
  }
}

const round = (x) => Number(x.toFixed(1));

main().catch((e) => { console.error(e); process.exit(1); });
