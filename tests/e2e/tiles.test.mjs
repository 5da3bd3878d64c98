#!/usr/bin/env node
// End-to-end tests of tiled data (issue 17, stage 2): `?tiles=` reads vector
// tiles from a PMTiles archive with range requests (served 206 by a small
// server honouring `Range`, as object stores do) and from an XYZ directory.
// The archive (200,000 seeded synthetic points over Jilin) and the directory
// (20,000 points) are built on first run into target/e2e-tiles/ with
// `qikai-map-tiles` and reused. Pages open with ?testhooks=1: the canvas writes
// what the tiled layer drew (data-tiled-*) for the tests to read.
//
//   node tests/e2e/tiles.test.mjs   (after make build)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { DESKTOP, PHONE, ROOT, emptyMapSpot, env, frames, pointPos, shot, sleep, startAll, stopAll, withPage } from './harness.mjs';
import { expectVisible } from './visible.mjs';

const DIR = path.join(ROOT, 'target', 'e2e-tiles');
const ARCHIVE = path.join(DIR, 'points-200k.pmtiles');
const XYZ = path.join(DIR, 'xyz-20k');
const ARCHIVE_URL = '/t/points.pmtiles';
const XYZ_URL = '/xyz/{z}/{x}/{y}.mvt';

/** Builds the fixtures once (cached in target/). */
function buildFixtures() {
  mkdirSync(DIR, { recursive: true });
  const run = (args) => execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'qikai-map-tiles', '--', '--lang', 'en', ...args],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(ARCHIVE)) run(['--synthetic', '200000', '--seed', '7', '-o', ARCHIVE]);
  if (!existsSync(path.join(XYZ, '14'))) {
    // Around the zone, zooms 0–14: a few thousand files.
    run(['--synthetic', '20000', '--seed', '7', '--bbox', '124.9,43.6,125.5,44.1', '--xyz', XYZ]);
  }
}

/** What the server saw, per page. */
const seen = { requests: [], delayMs: 0, corruptFirst: false, corrupted: null };

async function serveTiles(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === ARCHIVE_URL) {
    const size = statSync(ARCHIVE).size;
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
    if (seen.delayMs) await sleep(seen.delayMs);
    if (!m) {
      res.writeHead(416, { 'content-range': `bytes */${size}` });
      res.end();
      return true;
    }
    const start = Number(m[1]);
    const end = Math.min(m[2] ? Number(m[2]) : size - 1, size - 1);
    const length = Math.max(0, end - start + 1);
    const buf = Buffer.alloc(length);
    const fh = await open(ARCHIVE, 'r');
    try {
      await fh.read(buf, 0, length, start);
    } finally {
      await fh.close();
    }
    seen.requests.push({ path: url.pathname, range: `${start}-${end}`, bytes: length, at: Date.now() });
    res.writeHead(206, {
      'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': length, 'accept-ranges': 'bytes', 'cache-control': 'no-store',
    });
    res.end(buf);
    return true;
  }
  if (url.pathname.startsWith('/xyz/')) {
    const rel = url.pathname.slice('/xyz/'.length);
    if (seen.delayMs) await sleep(seen.delayMs);
    seen.requests.push({ path: url.pathname, at: Date.now() });
    if (seen.corruptFirst && !seen.corrupted) {
      // gzip's magic, then garbage: the widget must report it and draw the rest.
      seen.corrupted = rel;
      res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile' });
      res.end(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]));
      return true;
    }
    const file = path.resolve(XYZ, rel);
    if (!file.startsWith(XYZ + path.sep) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no tile');
      return true;
    }
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
    return true;
  }
  return false;
}

function resetServer() {
  seen.requests = [];
  seen.delayMs = 0;
  seen.corruptFirst = false;
  seen.corrupted = null;
}

/** The canvas's tiled attributes once it has drawn tiled clusters or points. */
async function tiled(page, after = 0) {
  await page.waitForFunction((after) => {
    const c = document.querySelector('canvas.qk-dense');
    return c && Number(c.dataset.tiledItems || 0) > 0 && Number(c.dataset.tiledDrawnAt || 0) > after;
  }, after, { timeout: 30000 });
  return page.$eval('canvas.qk-dense', (c) => ({
    items: Number(c.dataset.tiledItems), clusters: Number(c.dataset.tiledClusters),
    features: Number(c.dataset.tiledFeatures), drawnAt: Number(c.dataset.tiledDrawnAt),
    top: c.dataset.tiledTopCluster, centre: c.dataset.tiledCentrePoint,
  }));
}

/** No new tiled frame for a while (requests answered, flights over). */
async function settled(page) {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    await frames(page);
    await sleep(120);
    const now = await page.$eval('canvas.qk-dense', (c) => Number(c.dataset.tiledDrawnAt || 0));
    if (now === last) break;
    last = now;
  }
  return tiled(page);
}

/** A canvas-relative "x,y,…" attribute as a client point. */
async function clientPoint(page, attr) {
  return page.$eval('canvas.qk-dense', (c, attr) => {
    const v = c.dataset[attr];
    if (!v) return null;
    const [x, y, ...rest] = v.split(',');
    const r = c.getBoundingClientRect();
    return { x: r.left + Number(x), y: r.top + Number(y), rest: rest.join(',') };
  }, attr);
}

/**
 * The canvas really shows the tiled cluster at `attr` to the user: the canvas is
 * displayed, opaque, inside the window, and its pixels at the symbol are painted
 * (the canvas takes no pointer events, so elementFromPoint cannot see it; the SVG
 * above it is transparent there: no area covers the spot).
 */
async function expectCanvasShows(page, attr) {
  const r = await page.$eval('canvas.qk-dense', (c, attr) => {
    const cs = getComputedStyle(c);
    const box = c.getBoundingClientRect();
    const [x, y] = (c.dataset[attr] || '').split(',').map(Number);
    const k = c.width / box.width;
    const px = c.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data;
    const cx = box.left + x, cy = box.top + y;
    const top = document.elementFromPoint(cx, cy);
    return {
      css: `${cs.display}/${cs.visibility}/${cs.opacity}`, alpha: px[3], inside: cx > 0 && cy > 0 && cx < innerWidth && cy < innerHeight,
      above: top ? top.tagName.toLowerCase() + '.' + String(top.getAttribute('class') || '') : 'nothing',
    };
  }, attr);
  assert.ok(r.css.startsWith('block/visible/1') || (!r.css.startsWith('none') && !r.css.includes('hidden')), r.css);
  assert.ok(r.inside, `${attr} inside the window`);
  assert.ok(r.alpha > 200, `${attr} painted (alpha ${r.alpha})`);
  // Only the map's own transparent layers are above it (no panel, no control).
  assert.match(r.above, /^(svg\.qk-svg|canvas|path\.qk-(zone|area)|g\.)/, `covered by ${r.above}`);
  return r;
}

/** True when nothing but the map is on top of the client point. */
const onBareMap = (page, p) => page.evaluate(({ x, y }) => {
  const top = document.elementFromPoint(x, y);
  return !!top?.closest('.qk-map') && !top.closest('.qk-legend, .qk-panel, .qk-controls, .qk-toolbar, button, .qk-point');
}, p);

const zoomOf = (page) => page.evaluate(() => Number(new URLSearchParams(location.hash.slice(1)).get('z')));

/** Tile requests the page sent (PMTiles ranges or XYZ tiles) and the ones it aborted. */
function watchTiles(page) {
  const log = { sent: [], aborted: [] };
  const isTile = (u) => u.includes(ARCHIVE_URL) || u.includes('/xyz/');
  page.on('request', (r) => { if (isTile(r.url())) log.sent.push({ url: r.url(), range: r.headers().range, at: Date.now() }); });
  page.on('requestfailed', (r) => { if (isTile(r.url())) log.aborted.push({ url: r.url(), error: r.failure()?.errorText }); });
  return log;
}

/** Opens the data report as a user would: the credits line's button, or on a phone the More tab's. */
async function openReport(page) {
  await page.keyboard.press('Escape').catch(() => {});
  const direct = page.locator('.qk-report-btn').first();
  if (await direct.isVisible()) {
    await direct.click();
  } else {
    await page.locator('.qk-more-btn').first().click();
    await page.locator('.qk-more-report').first().click();
  }
}

async function tap(page, p, touch) {
  if (touch) await page.touchscreen.tap(p.x, p.y);
  else await page.mouse.click(p.x, p.y);
}

/** Taps the biggest cluster until a single tiled point a user can tap is drawn. */
async function zoomToAPoint(page, touch) {
  for (let i = 0; i < 10; i++) {
    const p = await clientPoint(page, 'tiledCentrePoint');
    if (p && (await onBareMap(page, p))) return p;
    const c = await clientPoint(page, 'tiledTopCluster');
    assert.ok(c, 'a cluster to tap');
    await tap(page, c, touch);
    await sleep(700);
    await settled(page);
  }
  return null;
}

describe('qikai-map tiled data', { concurrency: false }, () => {
  before(async () => {
    buildFixtures();
    await startAll({ handler: serveTiles });
  });
  after(stopAll);

  for (const [name, device, touch] of [['desktop', DESKTOP, false], ['phone', PHONE, true]]) {
    test(`${name}: a PMTiles archive by range requests: clusters in view, pan, abort, tap a cluster and a point`, async (t) => {
      resetServer();
      await withPage(device, async (page, log) => {
        const tiles = watchTiles(page);
        const started = Date.now();
        await page.goto(`${env.base}/?testhooks=1&lang=en&tiles=${encodeURIComponent(ARCHIVE_URL)}`);
        const first = await settled(page);
        const firstMs = Date.now() - started;
        assert.ok(first.clusters > 0, 'the first view draws tiled clusters');
        await expectCanvasShows(page, 'tiledTopCluster');
        assert.ok(first.features > 100, `${first.features} points in view`);
        // Every request is a range (206), the first one the header and root directory.
        assert.ok(seen.requests.length > 1 && seen.requests.every((r) => r.range), 'range requests only');
        assert.equal(seen.requests[0].range, '0-16383');
        const firstRequests = tiles.sent.length;
        const firstBytes = seen.requests.reduce((n, r) => n + r.bytes, 0);
        // Only the tiles in view (and a 128 px margin): a 1366 × 768 view at zoom ≥ 11
        // needs at most 7 × 5; a phone fewer; plus leaf directories.
        assert.ok(firstRequests <= 40, `${firstRequests} requests for the first view`);

        // Pan by most of a screen: new tiles fetched and drawn.
        const box = await page.locator('.qk-map').boundingBox();
        const z0 = await zoomOf(page);
        const before = tiles.sent.length;
        const panStarted = Date.now();
        await page.evaluate(() => {
          const q = new URLSearchParams(location.hash.slice(1));
          const [lng, lat] = q.get('c').split(',').map(Number);
          q.set('c', `${(lng + 0.35).toFixed(5)},${lat}`);
          location.hash = q.toString();
        });
        const panned = await settled(page);
        const panMs = Date.now() - panStarted;
        assert.ok(tiles.sent.length > before, 'the pan fetched new tiles');
        assert.ok(panned.features > 0, 'tiled points drawn after the pan');

        // Slow tiles, two quick moves far apart: the first move's requests are aborted.
        seen.delayMs = 800;
        const abortedBefore = tiles.aborted.length;
        for (const dx of [1.5, 3.0]) {
          await page.evaluate((dx) => {
            const q = new URLSearchParams(location.hash.slice(1));
            const [lng, lat] = q.get('c').split(',').map(Number);
            q.set('c', `${(lng + dx).toFixed(5)},${lat}`);
            location.hash = q.toString();
          }, dx);
          await sleep(250);
        }
        await page.waitForFunction((n) => true, abortedBefore);
        await sleep(1500);
        const aborted = tiles.aborted.length - abortedBefore;
        assert.ok(aborted > 0, 'requests of the view left behind are aborted');
        assert.ok(tiles.aborted.every((a) => /ABORTED/i.test(a.error || '')), JSON.stringify(tiles.aborted.slice(0, 2)));
        seen.delayMs = 0;
        await settled(page);

        // A tap on a cluster flies in.
        const c = await clientPoint(page, 'tiledTopCluster');
        assert.ok(c, 'a tiled cluster is drawn');
        const zBefore = await zoomOf(page);
        await tap(page, c, touch);
        await sleep(700);
        await settled(page);
        assert.ok((await zoomOf(page)) > zBefore, `zoom ${zBefore} → ${await zoomOf(page)}`);

        // Down to single points: a tap shows the point's details from its tile.
        const p = await zoomToAPoint(page, touch);
        assert.ok(p, 'single tiled points after zooming in');
        await tap(page, p, touch);
        await page.waitForSelector('.qk-details');
        await expectVisible(page, '#qk-details-title', { min: 0.9 });
        const title = await page.locator('#qk-details-title').innerText();
        assert.match(title, /Synthetic (point|swap station) \d+/);
        await shot(page, `tiles-pmtiles-${name}`);

        // The data report's Tiles section says what happened.
        await openReport(page);
        await expectVisible(page, '.qk-report-tiles', { min: 0.5 });
        const report = await page.locator('.qk-report-tiles').innerText();
        assert.match(report, /Tiles/);
        assert.match(report, /tiles loaded \(zoom \d+\), \d+ requests \(\d+ cancelled\)/);
        assert.match(report, /No problems in the tiles/);
        assert.deepEqual(log.consoleErrors, []);
        t.diagnostic(`${name}: first view ${first.clusters} clusters / ${first.features} points from ${firstRequests} requests, ${firstBytes} B, ${firstMs} ms to the first settled tiled frame; pan ${panMs} ms; ${aborted} aborted; zoom ${z0} → ${await zoomOf(page)}; "${title}"`);
        t.diagnostic(`${name} report: ${report.replace(/\s+/g, ' ')}`);
        void box;
      });
    });
  }

  test('a permalink straight into the tiles, far from the page\'s own data, opens there (phone)', async (t) => {
    resetServer();
    // Jilin city, 1.4° east of the zone: inside the archive, outside the page's data.
    const spot = { lon: 126.55, lat: 43.84, z: 12 };
    await withPage(PHONE, async (page) => {
      await page.goto(`${env.base}/?testhooks=1&lang=zh&tiles=${encodeURIComponent(ARCHIVE_URL)}#v=1&c=${spot.lon},${spot.lat}&z=${spot.z}&l=zh`);
      const drawn = await settled(page);
      const view = await page.evaluate(() => {
        const q = new URLSearchParams(location.hash.slice(1));
        const [lon, lat] = q.get('c').split(',').map(Number);
        return { lon, lat, z: Number(q.get('z')) };
      });
      assert.ok(Math.abs(view.lon - spot.lon) < 0.01 && Math.abs(view.lat - spot.lat) < 0.01, `pulled to ${JSON.stringify(view)}`);
      assert.ok(Math.abs(view.z - spot.z) < 0.05, `zoom ${view.z}`);
      assert.ok(drawn.items > 0, 'tiled points drawn there');
      await expectCanvasShows(page, drawn.clusters > 0 ? 'tiledTopCluster' : 'tiledCentrePoint');
      // The archive's bounds still hold: a pan far beyond them is stopped.
      await page.evaluate(() => {
        const q = new URLSearchParams(location.hash.slice(1));
        q.set('c', '140.0,43.84');
        location.hash = q.toString();
      });
      await settled(page);
      const held = await page.evaluate(() => Number(new URLSearchParams(location.hash.slice(1)).get('c').split(',')[0]));
      assert.ok(held <= 131.5, `the centre went to ${held}°E, beyond the archive (131.3°E)`);
      await shot(page, 'tiles-permalink-phone');
      t.diagnostic(`opened at ${view.lon},${view.lat} z${view.z}: ${drawn.items} items; a pan to 140°E held at ${held}°E`);
    });
  });

  test('keyboard: Enter on the map opens the tiled cluster at the centre, then a tiled point\'s details', async (t) => {
    resetServer();
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/?testhooks=1&lang=en&tiles=${encodeURIComponent(ARCHIVE_URL)}`);
      await settled(page);
      const box = await page.locator('.qk-map').boundingBox();
      const mid = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      // Brings the drawn symbol named by `attr` to the centre with the keyboard's own map
      // (a drag by a mouse would do, but the point is: no pointer needed after this).
      const centreOn = async (attr) => {
        const p = await clientPoint(page, attr);
        assert.ok(p, `a ${attr} drawn`);
        await page.evaluate(({ dx, dy }) => {
          const q = new URLSearchParams(location.hash.slice(1));
          const [lng, lat] = q.get('c').split(',').map(Number);
          const z = Number(q.get('z'));
          // Web Mercator: degrees per pixel at this zoom and latitude (256-px world at z0).
          const perPx = 360 / (256 * 2 ** z);
          const latRad = (lat * Math.PI) / 180;
          q.set('c', `${(lng + dx * perPx).toFixed(6)},${(lat - dy * perPx * Math.cos(latRad)).toFixed(6)}`);
          location.hash = q.toString();
        }, { dx: p.x - mid.x, dy: p.y - mid.y });
        await settled(page);
      };
      await centreOn('tiledTopCluster');
      const z0 = await zoomOf(page);
      await page.locator('.qk-map').focus();
      await page.keyboard.press('Enter');
      await sleep(700);
      await settled(page);
      const z1 = await zoomOf(page);
      assert.ok(z1 > z0, `Enter zoomed into the centre cluster (${z0} → ${z1})`);
      // Down to points; one at the centre; Enter opens its details from the tile.
      let opened = false;
      for (let i = 0; i < 8 && !opened; i++) {
        const point = await clientPoint(page, 'tiledCentrePoint');
        if (point && (await onBareMap(page, point))) {
          await centreOn('tiledCentrePoint');
          await page.locator('.qk-map').focus();
          await page.keyboard.press('Enter');
          opened = await page.waitForSelector('.qk-details', { timeout: 3000 }).then(() => true, () => false);
        } else {
          await centreOn('tiledTopCluster');
          await page.locator('.qk-map').focus();
          await page.keyboard.press('Enter');
          await sleep(700);
          await settled(page);
        }
      }
      assert.ok(opened, 'Enter on a tiled point opened its details');
      await expectVisible(page, '#qk-details-title', { min: 0.9 });
      assert.match(await page.locator('#qk-details-title').innerText(), /Synthetic (point|swap station) \d+/);
      t.diagnostic(`Enter: zoom ${z0} → ${z1}, then "${await page.locator('#qk-details-title').innerText()}"`);
    });
  });

  test('the page\'s own points and labels stay over the tiled clusters, and a tap on one selects it', async (t) => {
    resetServer();
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/?testhooks=1&lang=en&tiles=${encodeURIComponent(ARCHIVE_URL)}`);
      await settled(page);
      const ids = await page.$$eval('.qk-svg-over g[data-feature-id]', (els) => els.map((e) => e.dataset.featureId));
      assert.ok(ids.length > 10, `${ids.length} page points in the layer over the canvas`);
      const map = await page.locator('.qk-map').boundingBox();
      // The map as painted, with one layer hidden (through the CSSOM, as the CSP allows).
      const paint = async (hide) => {
        await page.evaluate((hide) => {
          for (const el of document.querySelectorAll('canvas.qk-dense, .qk-svg-over')) el.style.visibility = '';
          for (const sel of hide) for (const el of document.querySelectorAll(sel)) el.style.visibility = 'hidden';
        }, hide);
        await frames(page);
        return PNG.sync.read(await page.screenshot({ clip: map }));
      };
      const px = (png, p) => {
        const x = Math.round(p.x - map.x), y = Math.round(p.y - map.y);
        const i = (png.width * y + x) * 4;
        return [png.data[i], png.data[i + 1], png.data[i + 2]];
      };
      const same = (a, b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) < 24;
      let overlaps = [];
      for (const z of [null, -1, -2]) {
        if (z !== null) {
          await page.evaluate((dz) => {
            const q = new URLSearchParams(location.hash.slice(1));
            q.set('z', String(Number(q.get('z')) + dz));
            location.hash = q.toString();
          }, z);
          await settled(page);
        }
        const at = [];
        for (const id of ids) {
          const p = await pointPos(page, id);
          if (p.x > map.x + 2 && p.y > map.y + 2 && p.x < map.x + map.width - 2 && p.y < map.y + map.height - 2) at.push({ id, p });
        }
        const all = await paint([]);
        const noCanvas = await paint(['canvas.qk-dense']);
        const canvasOnly = await paint(['.qk-svg-over']);
        const bare = await paint(['canvas.qk-dense', '.qk-svg-over']);
        await paint([]);
        // A tiled symbol is drawn under this page point's centre ...
        overlaps = at.filter(({ p }) => !same(px(canvasOnly, p), px(bare, p)));
        // ... and what shows there is the page's point, not the cluster.
        for (const { id, p } of overlaps) {
          assert.ok(same(px(all, p), px(noCanvas, p)), `${id}: a tiled symbol is painted over the page's own point`);
        }
        if (overlaps.length > 0) break;
      }
      assert.ok(overlaps.length > 0, 'no page point has a tiled symbol under it at any zoom tried');
      // A tap there selects the page's own feature (no flight into the cluster under it).
      const { id, p } = overlaps[0];
      const z0 = await zoomOf(page);
      await page.mouse.click(p.x, p.y);
      await page.waitForSelector(`[data-feature-id="${id}"].qk-selected`, { timeout: 5000 });
      await page.waitForSelector('.qk-details');
      assert.equal(await zoomOf(page), z0, 'the tap flew into the cluster under the point');
      await shot(page, 'tiles-page-point-on-top');
      t.diagnostic(`${overlaps.length} page points over tiled symbols (${overlaps.map((o) => o.id).join(', ')}); tapped ${id}`);
    });
  });

  test('zooming out draws the tiles just seen until the new ones arrive: the layer never blanks', async (t) => {
    resetServer();
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/?testhooks=1&lang=en&tiles=${encodeURIComponent(ARCHIVE_URL)}`);
      await settled(page);
      const setZoom = (z) => page.evaluate((z) => {
        const q = new URLSearchParams(location.hash.slice(1));
        q.set('z', String(z));
        location.hash = q.toString();
      }, z);
      const home = await zoomOf(page);
      // In by two levels: the tiles of that zoom loaded.
      await setZoom(home + 2);
      const deep = await settled(page);
      assert.ok(deep.items > 0, 'points drawn two levels in');
      // Slow tiles from now on; out by one level, then by two more.
      seen.delayMs = 4000;
      for (const z of [home + 1, home - 1]) {
        const before = await page.$eval('canvas.qk-dense', (c) => Number(c.dataset.tiledDrawnAt || 0));
        const asked = seen.requests.length;
        await setZoom(z);
        await sleep(600);
        const now = await page.$eval('canvas.qk-dense', (c) => ({
          items: Number(c.dataset.tiledItems || 0), drawnAt: Number(c.dataset.tiledDrawnAt || 0),
        }));
        assert.equal(await zoomOf(page), z);
        assert.ok(now.drawnAt > before, `a frame drawn at zoom ${z}`);
        assert.equal(seen.requests.length, asked, 'no request answered yet (the server holds them 4 s)');
        assert.ok(now.items > 0, `zoom ${z}: the layer went blank while its tiles loaded`);
        if (z === home + 1) await shot(page, 'tiles-zoom-out-held');
        t.diagnostic(`zoom ${z}: ${now.items} items drawn from the tiles already loaded`);
      }
      seen.delayMs = 0;
      const after = await settled(page);
      assert.ok(after.items > 0, 'the new zoom\'s own tiles drawn once they arrive');
    });
  });

  test('an XYZ directory: tiles in view only; a corrupt tile is reported, the rest drawn; 中文 report', async (t) => {
    resetServer();
    seen.corruptFirst = true;
    await withPage(DESKTOP, async (page, log) => {
      const tiles = watchTiles(page);
      await page.goto(`${env.base}/?testhooks=1&lang=zh&tiles=${encodeURIComponent(XYZ_URL)}`);
      const s = await settled(page);
      assert.ok(s.clusters > 0, 'tiled clusters drawn from the other tiles');
      await expectCanvasShows(page, 'tiledTopCluster');
      assert.ok(seen.corrupted, 'a corrupt tile was served');
      // Every request names one tile at one zoom, and they are neighbours.
      const ids = tiles.sent.map((r) => /\/xyz\/(\d+)\/(\d+)\/(\d+)\.mvt/.exec(r.url)).filter(Boolean).map((m) => m.slice(1).map(Number));
      assert.equal(ids.length, tiles.sent.length);
      const zs = new Set(ids.map(([z]) => z));
      assert.equal(zs.size, 1, `one zoom: ${[...zs]}`);
      const xs = ids.map(([, x]) => x), ys = ids.map(([, , y]) => y);
      assert.ok(Math.max(...xs) - Math.min(...xs) <= 7 && Math.max(...ys) - Math.min(...ys) <= 5, 'tiles of the view only');
      // The analysis (nearest stations from a right-clicked point) says what it covers.
      const spot = await emptyMapSpot(page);
      await page.mouse.click(spot.x, spot.y, { button: 'right' });
      await page.waitForSelector('.qk-probe-panel .qk-nearest-item');
      await expectVisible(page, '.qk-tiles-scope', { min: 0.9 });
      assert.match(await page.locator('.qk-tiles-scope').innerText(), /分析仅基于页面加载的数据，不含瓦片中的点/);
      await page.locator('.qk-probe-panel .qk-close').click();
      await sleep(600); // the link follows the view a moment later
      const zoomBeforeReport = await zoomOf(page);
      await openReport(page);
      await sleep(400);
      assert.equal(await zoomOf(page), zoomBeforeReport, 'opening the report leaves the map where it was');
      await expectVisible(page, '.qk-report-tiles', { min: 0.5 });
      const report = await page.locator('.qk-report-tiles').innerText();
      assert.match(report, /瓦片/);
      assert.match(report, /1 个瓦片无法使用/);
      assert.ok(report.includes(seen.corrupted.replace(/\.mvt$/, '')), `the corrupt tile named: ${report}`);
      await shot(page, 'tiles-xyz-corrupt-zh');
      assert.deepEqual(log.consoleErrors.filter((e) => !/Failed to load resource/.test(e)), []);
      t.diagnostic(`xyz: ${ids.length} tile requests at z${[...zs][0]}, corrupt ${seen.corrupted}; report: ${report.replace(/\s+/g, ' ')}`);
    });
  });

  test('a tile source that cannot be opened says so on the map, to the host and in the report', async () => {
    await withPage(DESKTOP, async (page) => {
      const warnings = [];
      page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      await page.goto(`${env.base}/?lang=en&tiles=${encodeURIComponent('./no-such-archive.pmtiles')}`);
      await page.waitForSelector('#qikai-map .qk-map .qk-svg', { timeout: 15000 });
      await page.waitForSelector('.qk-tiles-failed', { timeout: 10000 });
      await expectVisible(page, '.qk-tiles-failed', { min: 0.9 });
      assert.equal(await page.locator('.qk-tiles-failed .qk-load-failed-text').innerText(),
        'The tile source could not be opened: ./no-such-archive.pmtiles');
      assert.match(await page.locator('.qk-tiles-failed .qk-load-failed-text').getAttribute('title'), /HTTP 404/);
      assert.ok(warnings.some((w) => /tile source not opened: HTTP 404/.test(w)), warnings.join(' | '));
      // The page's own data is still there.
      assert.ok(await page.locator('.qk-map [data-feature-id]').count() > 10, 'the default data is drawn');
      await page.locator('.qk-lang').click();
      assert.match(await page.locator('.qk-tiles-failed .qk-load-failed-text').innerText(), /^瓦片来源无法打开：/);
      await sleep(600);
      const zoomBefore = await zoomOf(page);
      assert.ok(zoomBefore > 0, 'the link carries the zoom');
      await page.locator('.qk-tiles-failed .qk-load-failed-report').click();
      await page.waitForSelector('.qk-report-tiles [data-code="tiles-source"]');
      await sleep(600);
      assert.equal(await zoomOf(page), zoomBefore, 'the untouched home view is not re-fitted around the report');
      await page.locator('.qk-report-tiles [data-code="tiles-source"]').scrollIntoViewIfNeeded();
      await shot(page, 'tiles-source-failed-report');
      await expectVisible(page, '.qk-report-tiles [data-code="tiles-source"]', { min: 0.9 });
      // The problem's line is a line of the report (it once took the panic overlay's class).
      await page.locator('.qk-report-tiles .qk-report-item').first().scrollIntoViewIfNeeded();
      await expectVisible(page, '.qk-report-tiles .qk-report-item', { min: 0.9 });
      const item = await page.locator('.qk-report-tiles .qk-report-item').first().boundingBox();
      assert.ok(item.height < 80, `one line of the report, not a cover: ${item.height} px`);
      assert.ok(await page.locator('.qk-tiles-failed').isHidden(), 'the line steps aside for the open report');
    });
  });

  test('a bad tiles= value is an option error naming the option', async () => {
    await withPage(DESKTOP, async (page) => {
      const warnings = [];
      page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      await page.goto(`${env.base}/?lang=en&tiles=${encodeURIComponent('javascript:alert(1)//x.pmtiles')}`);
      await page.waitForSelector('#qikai-map .qk-map .qk-svg', { timeout: 15000 });
      await sleep(300);
      assert.ok(warnings.some((w) => w.includes('"tiles"') && /pmtiles/.test(w)), warnings.join(' | '));
      assert.equal(await page.locator('canvas.qk-dense').count(), 0, 'no tiled layer from a refused value');
    });
  });
});
