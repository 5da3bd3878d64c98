#!/usr/bin/env node
// End-to-end browser tests for qikai-map, against the release build in dist/.
//
//   node tests/e2e/map.test.mjs   (or: make e2e, which builds first)
//
// Serves dist/ on 127.0.0.1 (random port) with a tiny node:http server, drives
// Debian's Chromium through playwright-core, and reports with node:test (TAP
// when piped). A failing assertion makes the process exit non-zero.
// Screenshots go to tests/e2e/screenshots/<name>.png.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.join(ROOT, 'dist');
const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const DESKTOP = { viewport: { width: 1366, height: 768 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

const KIND_COUNTS = { zone: 1, district: 7, park: 3, project: 11, swap_station: 6, landmark: 8 };
const CJK = /[\u3400-\u9fff]/;

// ---------------------------------------------------------------- static server

const MIME = {
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
};

function startServer(dir) {
  const server = http.createServer(async (req, res) => {
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404 not found');
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return notFound();
      let pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      if (pathname.endsWith('/')) pathname += 'index.html';
      const file = path.resolve(dir, '.' + pathname);
      if (file !== dir && !file.startsWith(dir + path.sep)) return notFound();
      const type = MIME[path.extname(file).toLowerCase()];
      const info = await stat(file).catch(() => null);
      if (!type || !info || !info.isFile()) return notFound();
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
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

let server;
let browser;
let base;

/** A fresh context + page that records console errors, page errors and every request. */
async function openPage(contextOptions = DESKTOP) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const log = { consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url;
    log.consoleErrors.push(where ? `${m.text()} [${where}]` : m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('request', (r) => log.requests.push(r.url()));
  return { context, page, log };
}

/** Runs `fn` with its own page, closing the context whatever happens. */
async function withPage(contextOptions, fn) {
  const { context, page, log } = await openPage(contextOptions);
  try {
    await fn(page, log, context);
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
  } finally {
    await context.close().catch(() => {});
  }
}

const frames = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens the widget and waits until it is mounted and sized. */
async function gotoMap(page, query = '') {
  await page.goto(`${base}/${query}`, { waitUntil: 'load' });
  await page.waitForSelector('#qikai-map .qk-map .qk-svg', { timeout: 15000 });
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
async function pointPos(page, id) {
  return page.evaluate((id) => {
    const g = document.querySelector(`[data-feature-id="${id}"]`);
    if (!g) throw new Error(`no feature ${id}`);
    const m = /translate\(\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*\)/.exec(g.getAttribute('transform') || '');
    if (!m) throw new Error(`feature ${id} has no translate transform`);
    const svg = g.ownerSVGElement.getBoundingClientRect();
    return { x: svg.left + Number(m[1]), y: svg.top + Number(m[2]) };
  }, id);
}

const dist = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * A client point that actually hits feature `id` (nothing on top of it):
 * its centre if possible, else a nearby point inside its hit area.
 */
async function hitPoint(page, id) {
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
    for (let rad = 0; rad <= 20; rad += 4) {
      for (let a = 0; a < 360; a += rad ? 30 : 360) {
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
async function emptyMapSpot(page, margin = 150) {
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

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Visible text under `selector`, skipping text deliberately tagged with another language. */
function visibleText(page, selector, { skipOtherLang = true } = {}) {
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

// ---------------------------------------------------------------- tests

describe('qikai-map end to end', { concurrency: false }, () => {
  before(async () => {
    await stat(path.join(DIST, 'index.html')).catch(() => {
      throw new Error(`no release build: ${DIST}/index.html missing (run \`trunk build --release\`)`);
    });
    await mkdir(SHOTS, { recursive: true });
    server = await startServer(DIST);
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    if (server) {
      const closed = new Promise((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await closed;
    }
  });

  test('1 loads cleanly, offline, with every feature and labels', async (t) => {
    const errors = {};
    for (const lang of ['zh', 'en']) {
      await withPage(DESKTOP, async (page, log) => {
        await gotoMap(page, `?lang=${lang}`);
        await sleep(200); // let late console messages arrive
        await shot(page, `desktop-${lang}`);
        const counts = await page.evaluate((kinds) => Object.fromEntries(
          kinds.map((k) => [k, document.querySelectorAll(`.qk-svg .qk-f.qk-${k}[data-feature-id]`).length])),
        Object.keys(KIND_COUNTS));
        assert.deepEqual(counts, KIND_COUNTS, 'features per kind');
        const swapIds = await page.$$eval('.qk-f.qk-swap_station', (els) => els.map((e) => e.dataset.featureId).sort());
        assert.deepEqual(swapIds, [1, 2, 3, 4, 5, 6].map((i) => `swap-schematic-${i}`));
        const labels = await page.$$eval('g.qk-labels text.qk-label', (els) => els.map((e) => e.textContent.trim()).filter(Boolean));
        assert.ok(labels.length >= 5, `only ${labels.length} labels shown`);
        assert.equal(await page.getAttribute('html', 'lang'), lang === 'zh' ? 'zh-CN' : 'en');
        const foreign = log.requests.filter((u) => !u.startsWith('data:') && new URL(u).hostname !== '127.0.0.1');
        assert.deepEqual(foreign, [], 'requests to other hosts');
        assert.deepEqual(log.pageErrors, [], `page errors (${lang})`);
        errors[lang] = log.consoleErrors;
        t.diagnostic(`${lang}: ${Object.values(counts).reduce((a, b) => a + b)} features, ${labels.length} labels, ` +
          `${log.requests.length} requests (all 127.0.0.1), ${log.consoleErrors.length} console error(s)`);
      });
    }
    // Last, so that a console error does not hide the checks above.
    assert.deepEqual(errors, { zh: [], en: [] }, 'console errors');
  });

  test('2 drag pans the map with the pointer', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      const spot = await emptyMapSpot(page);
      const before = await pointPos(page, 'landmark-metro-jiedadalu');
      await page.mouse.move(spot.x, spot.y);
      await page.mouse.down();
      await page.mouse.move(spot.x + 120, spot.y + 80, { steps: 20 });
      await sleep(120); // a pause before release: no fling
      await page.mouse.up();
      await frames(page);
      await sleep(300);
      await frames(page);
      const after = await pointPos(page, 'landmark-metro-jiedadalu');
      const d = { x: after.x - before.x, y: after.y - before.y };
      t.diagnostic(`drag (+120, +80) from (${spot.x}, ${spot.y}) moved FAW HQ by (${d.x.toFixed(1)}, ${d.y.toFixed(1)})`);
      assert.ok(Math.abs(d.x - 120) <= 2 && Math.abs(d.y - 80) <= 2,
        `FAW HQ moved by (${d.x.toFixed(1)}, ${d.y.toFixed(1)}), expected (120, 80) ±2`);
      assert.equal(await page.locator('aside.qk-details').count(), 0, 'a drag must not select anything');
    });
  });

  test('3 wheel zooms around the cursor', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      const anchorId = 'landmark-faw-vw';
      const farId = 'landmark-metro-changchunxizhan';
      const at = await hitPoint(page, anchorId);
      const a0 = await pointPos(page, anchorId);
      const far0 = await pointPos(page, farId);
      const other0 = await pointPos(page, 'landmark-metro-jiedadalu');
      await page.mouse.move(a0.x, a0.y);
      await page.mouse.wheel(0, -300);
      await frames(page);
      await sleep(100);
      await frames(page);
      const a1 = await pointPos(page, anchorId);
      const far1 = await pointPos(page, farId);
      const other1 = await pointPos(page, 'landmark-metro-jiedadalu');
      t.diagnostic(`cursor feature moved ${dist(a0, a1).toFixed(2)} px; ${farId}–anchor ${dist(a0, far0).toFixed(0)} → ${dist(a1, far1).toFixed(0)} px (hit point ${at.x.toFixed(0)},${at.y.toFixed(0)})`);
      assert.ok(dist(a0, a1) <= 3, `feature under the cursor moved ${dist(a0, a1).toFixed(2)} px`);
      assert.ok(dist(a1, far1) > dist(a0, far0) * 1.5, 'the map did not zoom in');
      assert.ok(dist(other1, far1) > dist(other0, far0) * 1.5, 'distance between two other features did not grow');
    });
  });

  test('4 two-finger pinch zooms between the fingers (phone)', async (t) => {
    await withPage(PHONE, async (page, _log, context) => {
      await gotoMap(page, '?lang=zh');
      const box = await page.locator('.qk-map').boundingBox();
      const mid = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
      const ids = ['landmark-metro-jiedadalu', 'landmark-faw-vw'];
      const [p0, q0] = await Promise.all(ids.map((id) => pointPos(page, id)));
      const cdp = await context.newCDPSession(page);
      const fingers = (half) => [
        { x: mid.x - half, y: mid.y, id: 0, radiusX: 2, radiusY: 2, force: 1 },
        { x: mid.x + half, y: mid.y, id: 1, radiusX: 2, radiusY: 2, force: 1 },
      ];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(30) });
      const steps = 8;
      for (let i = 1; i <= steps; i++) {
        const half = 30 + ((100 - 30) * i) / steps; // 60 px apart → 200 px apart
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(half) });
        await sleep(16);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await cdp.detach().catch(() => {});
      await frames(page);
      await sleep(150);
      await frames(page);
      const [p1, q1] = await Promise.all(ids.map((id) => pointPos(page, id)));
      const s = dist(p1, q1) / dist(p0, q0);
      // The pinch is a similarity p' = m + s (p − m): recover its fixed point m from one feature.
      const fixed = { x: (p1.x - s * p0.x) / (1 - s), y: (p1.y - s * p0.y) / (1 - s) };
      await shot(page, 'phone-pinch');
      t.diagnostic(`pinch 60→200 px: scale ×${s.toFixed(2)}, fixed point (${fixed.x.toFixed(1)}, ${fixed.y.toFixed(1)}) vs midpoint (${mid.x}, ${mid.y})`);
      assert.ok(s > 2, `pinch scaled the map by ×${s.toFixed(2)}, expected ≈ 3.3`);
      assert.ok(s < 4.5, `pinch scaled the map by ×${s.toFixed(2)}, expected ≈ 3.3`);
      assert.ok(dist(fixed, mid) <= 10,
        `the point between the fingers moved: fixed point (${fixed.x.toFixed(1)}, ${fixed.y.toFixed(1)}), midpoint (${mid.x}, ${mid.y})`);
      assert.equal(await page.locator('aside.qk-details').count(), 0, 'a pinch must not select anything');
    });
  });

  test('5 tapping a swap station opens a bottom sheet (phone)', async (t) => {
    await withPage(PHONE, async (page) => {
      await gotoMap(page, '?lang=zh');
      const el = page.locator('[data-feature-id="swap-schematic-3"]');
      const b = await el.boundingBox();
      assert.ok(b, 'swap-schematic-3 has no box');
      const centre = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      const target = await page.evaluate(({ x, y }) => {
        const t = document.elementFromPoint(x, y);
        return t && t.closest('[data-feature-id]')?.getAttribute('data-feature-id');
      }, centre);
      assert.equal(target, 'swap-schematic-3', `the centre of swap-schematic-3 (${centre.x.toFixed(0)}, ${centre.y.toFixed(0)}) is covered`);
      await page.touchscreen.tap(centre.x, centre.y);
      const panel = page.locator('aside.qk-details');
      await panel.waitFor({ state: 'visible', timeout: 3000 });
      await frames(page);
      assert.equal(await panel.getAttribute('role'), 'dialog');
      assert.ok(await panel.locator('.qk-schematic-badge').isVisible(), 'no schematic badge');
      const title = (await page.locator('#qk-details-title').innerText()).trim();
      assert.ok(/换电站|Battery-swap/.test(title), `title "${title}"`);
      assert.ok(await el.evaluate((e) => e.classList.contains('qk-selected')), 'feature not marked selected');
      const r = await panel.boundingBox();
      const vp = page.viewportSize();
      await shot(page, 'phone-details');
      t.diagnostic(`sheet "${title}" at x=${r.x.toFixed(1)} y=${r.y.toFixed(1)} w=${r.width.toFixed(1)} h=${r.height.toFixed(1)} in ${vp.width}×${vp.height}`);
      assert.ok(Math.abs(r.y + r.height - vp.height) <= 2, `sheet bottom ${(r.y + r.height).toFixed(1)} ≠ viewport bottom ${vp.height}`);
      assert.ok(Math.abs(r.x) <= 2 && Math.abs(r.width - vp.width) <= 2, `sheet spans x=${r.x.toFixed(1)} w=${r.width.toFixed(1)}, not the full width ${vp.width}`);
    });
  });

  test('6 clicking a project shows its figures in both languages; close returns focus', async (t) => {
    const focusAfterClose = {};
    for (const [lang, figure] of [['zh', '209.3 亿元'], ['en', 'CNY 20.93 billion']]) {
      await withPage(DESKTOP, async (page) => {
        await gotoMap(page, `?lang=${lang}`);
        const at = await hitPoint(page, 'project-audi-faw-nev');
        await page.mouse.click(at.x, at.y);
        const panel = page.locator('aside.qk-details');
        await panel.waitFor({ state: 'visible', timeout: 3000 });
        const facts = await panel.locator('.qk-facts').innerText();
        assert.ok(facts.includes(figure), `${lang}: "${figure}" not in facts: ${facts.replace(/\s+/g, ' ')}`);
        assert.ok(await page.locator('[data-feature-id="project-audi-faw-nev"]').evaluate((e) => e.classList.contains('qk-selected')));
        await panel.locator('.qk-close').click();
        await panel.waitFor({ state: 'detached', timeout: 3000 });
        await frames(page);
        focusAfterClose[lang] = await page.evaluate(() => {
          const a = document.activeElement;
          if (!a) return 'null';
          const cls = String(a.className?.baseVal ?? a.className ?? '').trim();
          const id = a.getAttribute('data-feature-id');
          return a.tagName.toLowerCase() + (cls ? '.' + cls.split(/\s+/).join('.') : '') + (id ? `[${id}]` : '');
        });
        t.diagnostic(`${lang}: "${figure}" shown; focus after close → ${focusAfterClose[lang]}`);
      });
    }
    for (const [lang, active] of Object.entries(focusAfterClose)) {
      assert.ok(active !== 'null' && !/^(body|html)\b/.test(active), `${lang}: focus went to <${active}> after closing the details`);
    }
  });

  test('7 keyboard pans, zooms and selects features', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      await page.locator('.qk-map').focus();
      assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('qk-map')), 'map not focused');
      const h0 = await pointPos(page, 'landmark-metro-jiedadalu');
      await page.keyboard.press('ArrowRight');
      await frames(page);
      const h1 = await pointPos(page, 'landmark-metro-jiedadalu');
      assert.ok(Math.abs(h1.x - h0.x + 80) <= 2 && Math.abs(h1.y - h0.y) <= 2,
        `ArrowRight moved FAW HQ by (${(h1.x - h0.x).toFixed(1)}, ${(h1.y - h0.y).toFixed(1)}), expected (−80, 0)`);
      const a0 = await pointPos(page, 'landmark-faw-vw');
      await page.keyboard.press('+');
      await frames(page);
      const h2 = await pointPos(page, 'landmark-metro-jiedadalu');
      const a2 = await pointPos(page, 'landmark-faw-vw');
      const ratio = dist(h2, a2) / dist(h1, a0);
      assert.ok(Math.abs(ratio - 2) <= 0.1, `'+' scaled distances by ×${ratio.toFixed(3)}, expected ×2`);
      let presses = 0;
      let focused = null;
      while (presses < 60) {
        await page.keyboard.press('Tab');
        presses++;
        focused = await page.evaluate(() => document.activeElement?.getAttribute('data-feature-id') ?? null);
        if (focused) break;
      }
      assert.ok(focused, 'Tab never reached a feature in 60 presses');
      await page.keyboard.press('Enter');
      const panel = page.locator('aside.qk-details');
      await panel.waitFor({ state: 'visible', timeout: 3000 });
      const selected = await page.evaluate(() => document.querySelector('.qk-selected')?.getAttribute('data-feature-id'));
      t.diagnostic(`ArrowRight Δx=${(h1.x - h0.x).toFixed(1)}, '+' ×${ratio.toFixed(3)}, ${presses} Tab(s) → ${focused}, Enter → details of ${selected}`);
      assert.equal(selected, focused);
    });
  });

  test('8 the language switch changes every visible string', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      const zhBody = await page.evaluate(() => document.body.innerText);
      const zhTitle = await page.locator('.qk-title').innerText();
      const zhLabels = await page.$$eval('text.qk-label', (els) => els.map((e) => e.textContent));
      assert.equal(await page.locator('.qk-lang').innerText(), 'English');
      assert.ok(CJK.test(zhTitle), 'Chinese title has no CJK');

      await page.locator('.qk-lang').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 3000 });
      await frames(page);
      const enBody = await page.evaluate(() => document.body.innerText);
      const enTitle = await page.locator('.qk-title').innerText();
      const enLabels = await page.$$eval('text.qk-label', (els) => els.map((e) => e.textContent));
      assert.notEqual(enBody, zhBody);
      assert.notEqual(enTitle, zhTitle, 'title unchanged');
      assert.ok(!CJK.test(enTitle), `English title has CJK: ${enTitle}`);
      assert.equal(await page.locator('.qk-lang').innerText(), '中文');
      assert.equal(await page.locator('.qk-lang').getAttribute('lang'), 'zh-CN', 'the "中文" button should be tagged lang=zh-CN');
      for (const sel of ['.qk-legend', '.qk-controls', '.qk-attribution', '.qk-scale', '.qk-title']) {
        const text = await visibleText(page, sel); // .qk-lang ("中文", lang=zh-CN) is skipped on purpose
        assert.ok(text.length > 0, `${sel} has no visible text`);
        assert.ok(!CJK.test(text), `${sel} still has Chinese in English: ${text}`);
      }
      const scale = await page.locator('.qk-scale-text').innerText();
      assert.match(scale, /^\d[\d.,]* (km|m)$/, `scale text "${scale}"`);
      assert.ok(enLabels.length > 0 && enLabels.every((l) => !CJK.test(l)), `English labels with CJK: ${enLabels.filter((l) => CJK.test(l)).join(', ')}`);
      assert.notEqual(enLabels[0], zhLabels[0], 'labels unchanged');
      // Everything visible on the page, except text tagged as the other language.
      const leftovers = (await visibleText(page, 'body')).split(' | ').filter((s) => CJK.test(s));
      assert.deepEqual(leftovers, [], 'visible Chinese text left in the English UI');

      await page.locator('.qk-lang').click();
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: 3000 });
      await frames(page);
      assert.ok(CJK.test(await page.locator('.qk-legend').innerText()), 'legend not Chinese again');
      assert.equal(await page.locator('.qk-title').innerText(), zhTitle);
      t.diagnostic(`title "${zhTitle}" ⇄ "${enTitle}"; scale "${scale}"; first label "${zhLabels[0]}" ⇄ "${enLabels[0]}"`);
    });
  });

  test('9 a legend toggle hides and restores its layer', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      const toggle = page.locator('.qk-legend-toggle[data-kind="swap_station"]');
      const swaps = page.locator('.qk-f.qk-swap_station');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.equal(await swaps.count(), 6);
      const visibleCount = async () => (await Promise.all((await swaps.all()).map((l) => l.isVisible()))).filter(Boolean).length;
      assert.equal(await visibleCount(), 6, 'swap stations not all visible at start');
      await toggle.click();
      await frames(page);
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      assert.equal(await visibleCount(), 0, 'swap stations still visible after toggling off');
      const otherVisible = await page.locator('.qk-f.qk-project').first().isVisible();
      assert.ok(otherVisible, 'other layers must stay visible');
      await toggle.click();
      await frames(page);
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.equal(await visibleCount(), 6, 'swap stations not restored');
      t.diagnostic('swap_station layer: 6 visible → 0 → 6');
    });
  });

  test('10 no script runs from data, none is injected', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
      assert.equal(await page.locator('#qikai-map script').count(), 0);
      assert.equal(await page.locator('#qikai-map [onerror], #qikai-map [onload], #qikai-map [onclick], #qikai-map iframe').count(), 0);
      t.diagnostic('window.__xss undefined; no <script>, inline handler or iframe inside #qikai-map');
    });
  });
});
