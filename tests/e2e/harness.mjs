#!/usr/bin/env node
// Shared harness of the end-to-end tests: static server, browser, page helpers.
//
//   node tests/e2e/map.test.mjs   (or: make e2e, which builds first)
//
// Serves dist/ (and /examples/ from the source tree) on 127.0.0.1 (random
// port) with a tiny node:http server, drives Debian's Chromium through
// playwright-core, and reports with node:test (TAP when piped). A failing
// assertion makes the process exit non-zero.
// Screenshots go to tests/e2e/screenshots/<name>.png.

import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const DESKTOP = { viewport: { width: 1366, height: 768 } };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/** The Content-Security-Policy a strict government portal sends. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'";

export const KIND_COUNTS = { zone: 1, district: 0, park: 3, project: 4, swap_station: 6, landmark: 8 };
export const CJK = /[\u3400-\u9fff]/;

// ---------------------------------------------------------------- static server

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.geojson': 'application/geo+json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  // The pinyin table (hanzi-pinyin-<hash>.bin), fetched after the map is ready.
  '.bin': 'application/octet-stream',
};

/** The demo host pages, served from the source tree: they are not in dist/ (not shipped). */
export const EXAMPLES = path.join(ROOT, 'examples');

/**
 * Serves `dir` (dist/) and, under `/examples/`, the repository's examples/
 * folder, as `make serve` does (scripts/serve.py): the demo pages sit beside
 * the widget's files without being part of the release.
 */
export function startServer(dir, { csp = STRICT_CSP, handler = null } = {}) {
  const server = http.createServer(async (req, res) => {
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 not found');
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return notFound();
      if (handler && (await handler(req, res))) return;
      let pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      if (pathname.endsWith('/')) pathname += 'index.html';
      const examples = pathname.startsWith('/examples/');
      const root = examples ? EXAMPLES : dir;
      const file = path.resolve(root, '.' + (examples ? pathname.slice('/examples'.length) : pathname));
      if (file !== root && !file.startsWith(root + path.sep)) return notFound();
      const type = MIME[path.extname(file).toLowerCase()];
      const info = await stat(file).catch(() => null);
      if (!type || !info || !info.isFile()) return notFound();
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': type,
        'content-length': body.length,
        'cache-control': 'no-store',
        // Every page is served under the strict policy portals use (issue: embed/CSP).
        'content-security-policy': csp,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      notFound();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------- helpers

/** mulberry32: a tiny, good-enough 32-bit PRNG; same seed, same sequence in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The running server and browser, set by `startAll`. */
export const env = { server: null, browser: null, base: '' };

/** A fresh context + page that records console errors, page errors and every request. */
export async function openPage(contextOptions = DESKTOP) {
  const context = await env.browser.newContext(contextOptions);
  const page = await context.newPage();
  const log = { consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url;
    log.consoleErrors.push(where ? `${m.text()} [${where}]` : m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('request', (r) => log.requests.push(r.url()));
  // CSP violations, reported by the browser in every frame.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, page, log };
}

/** Runs `fn` with its own page, closing the context whatever happens. */
export async function withPage(contextOptions, fn) {
  const { context, page, log } = await openPage(contextOptions);
  try {
    await fn(page, log, context);
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    for (const frame of page.frames()) {
      const violations = await frame.evaluate(() => window.__csp || []).catch(() => []);
      assert.deepEqual(violations, [], `Content-Security-Policy violations in ${frame.url()}`);
    }
  } finally {
    await context.close().catch(() => {});
  }
}

export const frames = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until the pinyin table (fetched after the map is ready, issue 16) has arrived and
 *  the search and list have redone their work with it. */
export async function pinyinLoaded(page) {
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.includes('hanzi-pinyin-') && e.responseEnd > 0), null, { timeout: 15000 });
  await frames(page);
}

/** Clicks the data report's button and, when that opened the report, waits
 *  for it: the report is a wasm chunk fetched on the first opening. */
export async function clickReport(page) {
  const button = page.locator('.qk-report-btn');
  await button.click();
  if ((await button.getAttribute('aria-expanded')) === 'true') {
    await page.waitForSelector('.qk-report', { timeout: 15000 });
  }
}

/** Opens the widget and waits until it is mounted and sized. */
export async function gotoMap(page, query = '') {
  await page.goto(`${env.base}/${query}`, { waitUntil: 'load' });
  await page.waitForSelector('#qikai-map .qk-map .qk-svg', { timeout: 15000 });
  // A host's data URL first shows an interim zone map while it loads.
  await page.waitForSelector('.qk-interim', { state: 'detached', timeout: 30000 });
  await page.waitForSelector('[data-feature-id]', { state: 'attached', timeout: 15000 });
  // Mounted = the SVG has the map's size (the home view is fitted to it).
  await page.waitForFunction(() => {
    const map = document.querySelector('.qk-map');
    const svg = document.querySelector('.qk-svg');
    if (!map || !svg) return false;
    const r = map.getBoundingClientRect();
    return r.width > 0 &&
      Math.abs(Number(svg.getAttribute('width')) - r.width) <= 1 &&
      Math.abs(Number(svg.getAttribute('height')) - r.height) <= 1;
  }, null, { timeout: 15000 });
  await frames(page);
}

/** Viewport (client) position of a point feature, from its transform. */
export async function pointPos(page, id) {
  return page.evaluate((id) => {
    const g = document.querySelector(`[data-feature-id="${id}"]`);
    if (!g) throw new Error(`no feature ${id}`);
    const m = /translate\(\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*\)/.exec(g.getAttribute('transform') || '');
    if (!m) throw new Error(`feature ${id} has no translate transform`);
    const svg = g.ownerSVGElement.getBoundingClientRect();
    return { x: svg.left + Number(m[1]), y: svg.top + Number(m[2]) };
  }, id);
}

export const dist = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * A client point that actually hits feature `id` (nothing on top of it):
 * its centre if possible, else a nearby point inside its hit area.
 */
export async function hitPoint(page, id) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-feature-id="${id}"]`);
    if (!el) throw new Error(`no feature ${id}`);
    const r = el.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const hits = (x, y) => {
      const t = document.elementFromPoint(x, y);
      return t && t.closest('[data-feature-id]') === el;
    };
    const vw = innerWidth, vh = innerHeight;
    // Rings out from the centre, as far as the element reaches (an area whose
    // middle holds a point symbol is hit nearer its edge).
    const reach = Math.max(20, Math.hypot(r.width, r.height) / 2);
    for (let rad = 0; rad <= reach; rad += 4) {
      for (let a = 0; a < 360; a += rad ? Math.max(6, 120 / rad) : 360) {
        const x = cx + rad * Math.cos((a * Math.PI) / 180);
        const y = cy + rad * Math.sin((a * Math.PI) / 180);
        if (x > 0 && y > 0 && x < vw && y < vh && hits(x, y)) return { x, y };
      }
    }
    const top = document.elementFromPoint(cx, cy);
    throw new Error(`feature ${id} at (${cx.toFixed(0)}, ${cy.toFixed(0)}) is covered by ${top ? top.outerHTML.slice(0, 120) : 'nothing (off screen)'}`);
  }, id);
}

/** A client point on the bare map (no point feature, panel or control on top), nearest the centre. */
export async function emptyMapSpot(page, margin = 150) {
  return page.evaluate((margin) => {
    const map = document.querySelector('.qk-map').getBoundingClientRect();
    const cx = map.left + map.width / 2, cy = map.top + map.height / 2;
    const free = (x, y) => {
      const t = document.elementFromPoint(x, y);
      if (!t || !t.closest('.qk-map')) return false;
      const f = t.closest('[data-feature-id]');
      return !f || f.classList.contains('qk-district') || f.classList.contains('qk-zone');
    };
    const candidates = [];
    for (let y = map.top + margin; y <= map.bottom - margin; y += 10) {
      for (let x = map.left + margin; x <= map.right - margin; x += 10) candidates.push({ x, y });
    }
    candidates.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
    // Free at the start and at the end of a (+120, +80) drag.
    const spot = candidates.find((p) => free(p.x, p.y) && free(p.x + 120, p.y + 80));
    if (!spot) throw new Error('no empty map spot found');
    return spot;
  }, margin);
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Visible text under `selector`, skipping text deliberately tagged with another language. */
export function visibleText(page, selector, { skipOtherLang = true } = {}) {
  return page.evaluate(({ selector, skipOtherLang }) => {
    const doc = document.documentElement.lang.slice(0, 2);
    const out = [];
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!n.textContent.trim() || !el) continue;
        if (el.closest('.qk-visually-hidden')) continue;
        if (el.checkVisibility && !el.checkVisibility({ checkVisibilityCSS: true })) continue;
        const tagged = el.closest('[lang]');
        if (skipOtherLang && tagged && tagged !== document.documentElement &&
            tagged.getAttribute('lang').slice(0, 2) !== doc) continue;
        out.push(n.textContent.trim());
      }
    }
    return out.join(' | ');
  }, { selector, skipOtherLang });
}

// ---------------------------------------------------------------- lifecycle

/** Serves dist/ and launches Chromium (call from `before`). */
export async function startAll(serverOptions = {}) {
  await stat(path.join(DIST, 'index.html')).catch(() => {
    throw new Error(`no release build: ${DIST}/index.html missing (run \`trunk build --release\`)`);
  });
  await mkdir(SHOTS, { recursive: true });
  env.server = await startServer(DIST, serverOptions);
  env.base = `http://127.0.0.1:${env.server.address().port}`;
  env.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Closes the browser and the server (call from `after`, runs even after failures). */
export async function stopAll() {
  await env.browser?.close().catch(() => {});
  if (env.server) {
    const closed = new Promise((r) => env.server.close(() => r()));
    env.server.closeAllConnections?.();
    await closed;
  }
}
