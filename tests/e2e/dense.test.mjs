#!/usr/bin/env node
// End-to-end tests of the dense map: past 2,000 points the widget clusters
// them on a canvas. Pages open with ?testhooks=1, so the canvas writes what it
// drew (data-frame, data-top-cluster, ...) for the tests to read; without it
// the canvas writes nothing (checked). Stress mode (?stress=N) labelled synthetic, tap a cluster
// to zoom into it, tap a point to select it, points sharing one spot listed,
// layers and filters re-cluster, keyboard Enter opens the centre, phone tap.
//
//   node tests/e2e/dense.test.mjs   (make e2e runs every *.test.mjs here)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DESKTOP, PHONE, ROOT, env, frames, mulberry32, shot, sleep, startAll, stopAll, withPage, clickReport } from './harness.mjs';

// The embedded default data's points and areas (counted, so a data change needs no edit here).
const DEFAULT = JSON.parse(readFileSync(path.join(ROOT, 'public', 'data', 'qikai-map.geojson'), 'utf8'));
const REAL_POINTS = DEFAULT.features.filter((f) => f.geometry.type === 'Point').length;
const REAL_AREAS = DEFAULT.features.length - REAL_POINTS;

const ZONE = { w: 125.05, s: 43.75, e: 125.35, n: 43.92 };
const SPOT = [125.2, 43.85];
const SAME_SPOT_COUNT = 6;

/** 2,400 seeded points (mulberry32), six of them on one spot. */
function portalData() {
  const rand = mulberry32(12345);
  const features = [];
  for (let i = 0; i < 2400; i++) {
    const same = i < SAME_SPOT_COUNT;
    const coordinates = same ? SPOT : [ZONE.w + (ZONE.e - ZONE.w) * rand(), ZONE.s + (ZONE.n - ZONE.s) * rand()];
    features.push({
      type: 'Feature', id: `p${i}`, geometry: { type: 'Point', coordinates },
      properties: {
        kind: i % 5 === 0 ? 'swap_station' : 'project',
        name_zh: same ? `同址企业 ${i}` : `企业 ${i}`, name_en: same ? `Same-spot firm ${i}` : `Firm ${i}`,
        position_accuracy: 'approx_50m', investment_yuan: 1e6 * (1 + (i % 7)),
      },
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}
const PORTAL = portalData();

/** The same points as CSV (the compact format), a quoted name with a comma,
 * and one row with its position swapped. */
function portalCsv() {
  const rows = ['id,kind,name_zh,name_en,lng,lat,investment_yuan,position_accuracy'];
  for (const f of JSON.parse(PORTAL).features) {
    const p = f.properties;
    const [lng, lat] = f.geometry.coordinates;
    rows.push([f.id, p.kind, p.name_zh, `"${p.name_en}, Ltd"`, lng, lat, p.investment_yuan, p.position_accuracy].join(','));
  }
  rows.push('bad-row,project,反了,Swapped,43.85,125.2,,exact');
  return `\ufeff${rows.join('\r\n')}\r\n`;
}
const PORTAL_CSV = portalCsv();

async function serveData(req, res) {
  if (req.url.startsWith('/portal-dense.geojson')) {
    res.writeHead(200, { 'content-type': 'application/geo+json' });
    res.end(PORTAL);
    return true;
  }
  if (req.url.startsWith('/slow-portal.geojson')) {
    // Ten pieces 150 ms apart: loading takes a while, as on a slow network.
    res.writeHead(200, { 'content-type': 'application/geo+json', 'content-length': Buffer.byteLength(PORTAL) });
    const bytes = Buffer.from(PORTAL);
    const piece = Math.ceil(bytes.length / 10);
    for (let at = 0; at < bytes.length; at += piece) {
      res.write(bytes.subarray(at, at + piece));
      await sleep(150);
    }
    res.end();
    return true;
  }
  if (req.url.startsWith('/portal-dense.csv')) {
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    res.end(PORTAL_CSV);
    return true;
  }
  return false;
}

/** The dense canvas's data attributes once it has drawn (optionally a frame after `after`). */
async function canvasState(page, after = 0) {
  await page.waitForFunction((after) => {
    const c = document.querySelector('canvas.qk-dense');
    return c && Number(c.dataset.frame || 0) > after;
  }, after, { timeout: 20000 });
  return page.$eval('canvas.qk-dense', (c) => ({ ...c.dataset, frame: Number(c.dataset.frame), features: Number(c.dataset.features), items: Number(c.dataset.items) }));
}

/** The canvas settled: no new frame for a few animation frames. */
async function settled(page) {
  // The dense canvas is a wasm chunk (code splitting): it is there a moment after the map.
  await page.waitForSelector('canvas.qk-dense', { state: 'attached', timeout: 10000 });
  let last = -1;
  for (let i = 0; i < 40; i++) {
    await frames(page);
    await sleep(60);
    const now = await page.$eval('canvas.qk-dense', (c) => Number(c.dataset.frame));
    if (now === last) break;
    last = now;
  }
  return canvasState(page);
}

/** A canvas-relative "x,y,…" attribute as a client point. */
async function clientPoint(page, attr) {
  return page.$eval('canvas.qk-dense', (c, attr) => {
    const v = c.dataset[attr];
    if (!v) return null;
    const [x, y, rest] = v.split(',');
    const r = c.getBoundingClientRect();
    return { x: r.left + Number(x), y: r.top + Number(y), rest };
  }, attr);
}

/** The point nearest the centre, if one is drawn and nothing covers it; else null. */
async function tappablePoint(page) {
  const p = await clientPoint(page, 'centrePoint');
  if (!p) return null;
  const free = await page.evaluate(({ x, y }) => {
    const top = document.elementFromPoint(x, y);
    return !!top?.closest('.qk-map') && !top.closest('.qk-legend, .qk-panel, .qk-controls, .qk-toolbar, button');
  }, { x: p.x + 2, y: p.y - 2 });
  return free ? p : null;
}

const zoomOf = (page) => page.evaluate(() => Number(new URLSearchParams(location.hash.slice(1)).get('z')));

describe('qikai-map dense maps', { concurrency: false }, () => {
  before(() => startAll({ handler: serveData }));
  after(stopAll);

  test('stress mode clusters 20,000 synthetic points on a canvas and says they are synthetic', async (t) => {
    for (const lang of ['zh', 'en']) {
      await withPage(DESKTOP, async (page, log) => {
        await page.goto(`${env.base}/?testhooks=1&lang=${lang}&stress=20000&seed=3`);
        const s = await canvasState(page);
        const banner = await page.locator('.qk-synthetic-banner').innerText();
        assert.match(banner, lang === 'zh' ? /合成数据.*20,000.*种子 3/ : /Synthetic data.*20,000.*seed 3/);
        // Every point is accounted for in the home view: 20,000 synthetic + the real points.
        const total = 20000 + REAL_POINTS;
        assert.equal(s.features, total, 'features drawn (clusters count their points)');
        assert.ok(s.items < 300, `${s.items} symbols for ${total} points`);
        // The points are not DOM nodes; areas still are.
        assert.equal(await page.locator('.qk-point').count(), 0);
        assert.equal(await page.locator('.qk-area').count(), REAL_AREAS);
        const summary = await page.locator('.qk-map [role=status][aria-live=polite]').innerText();
        const grouped = total.toLocaleString('en-US');
        assert.ok(summary.includes(lang === 'zh' ? `${grouped} 个点` : `${grouped} points`), summary);
        await shot(page, `dense-stress-${lang}`);
        assert.deepEqual(log.consoleErrors, []);
        t.diagnostic(`${lang}: ${s.items} symbols, drawn in ${s.drawMs} ms`);
      });
    }
  });

  test('the shipped page pays for no test hooks: without ?testhooks=1 the canvas draws and writes no attribute', async (t) => {
    await withPage(DESKTOP, async (page, log) => {
      await page.goto(`${env.base}/?lang=en&stress=20000&seed=3`);
      // The canvas has drawn when its live summary counts every point.
      const total = (20000 + REAL_POINTS).toLocaleString('en-US');
      await page.waitForFunction((total) => document.querySelector('.qk-map [role=status][aria-live=polite]')?.innerText.includes(`${total} points`), total, { timeout: 20000 });
      // Pan a little, so several frames are drawn.
      const box = await page.locator('.qk-map').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 8 });
      await page.mouse.up();
      await frames(page);
      const attributes = await page.$eval('canvas.qk-dense', (c) => c.getAttributeNames());
      assert.deepEqual(attributes.filter((a) => a.startsWith('data-')), [], `canvas attributes: ${attributes}`);
      assert.deepEqual(log.consoleErrors, []);
      t.diagnostic(`canvas attributes without test hooks: ${attributes.join(' ')}`);
    });
  });

  test('tapping a cluster flies into it; tapping a point selects it', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/?testhooks=1&lang=en&stress=20000&seed=3`);
      let s = await settled(page);
      const z0 = await zoomOf(page);
      const top = await clientPoint(page, 'topCluster');
      assert.ok(top, 'a cluster is drawn');
      await page.mouse.click(top.x, top.y);
      await sleep(700); // the flight takes 450 ms
      s = await settled(page);
      const z1 = await zoomOf(page);
      assert.ok(z1 > z0, `zoom ${z0} → ${z1}`);
      assert.equal(await page.locator('.qk-details').count(), 0, 'a cluster tap selects nothing');
      // Keep zooming into the biggest cluster until a single point shows where a user can tap
      // it (not under the legend or a panel: where the points fall depends on the zone's bounds).
      for (let i = 0; i < 8 && !(await tappablePoint(page)); i++) {
        const c = await clientPoint(page, 'topCluster');
        await page.mouse.click(c.x, c.y);
        await sleep(700);
        await settled(page);
      }
      const p = await tappablePoint(page);
      assert.ok(p, 'single points after zooming in');
      await page.mouse.click(p.x + 2, p.y - 2);
      await page.waitForSelector('.qk-details');
      const title = await page.locator('#qk-details-title').innerText();
      assert.match(title, /Synthetic (point|swap station) \d+/);
      assert.match(await page.locator('.qk-details').innerText(), /Schematic|schematic/);
      await shot(page, 'dense-selected');
      t.diagnostic(`zoom ${z0.toFixed(2)} → ${(await zoomOf(page)).toFixed(2)}, selected "${title}"`);
    });
  });

  test("a portal's 2,400 points: layers and filters re-cluster, one spot is listed", async (t) => {
    await withPage(DESKTOP, async (page, log) => {
      await page.goto(`${env.base}/?testhooks=1&lang=en&data=/portal-dense.geojson`);
      let s = await settled(page);
      assert.equal(s.features, 2400);
      // Hide the swap stations: 480 fewer.
      await page.locator('.qk-legend [data-kind="swap_station"]').first().click();
      s = await canvasState(page, s.frame);
      await settled(page);
      s = await canvasState(page);
      assert.equal(s.features, 1920, 'stations hidden');
      await page.locator('.qk-legend [data-kind="swap_station"]').first().click();
      await settled(page);
      assert.equal((await canvasState(page)).features, 2400, 'stations back');

      // Fly to the shared spot at the deepest zoom and tap it: a list of the six.
      await page.evaluate(([lng, lat]) => { location.hash = `v=1&c=${lng},${lat}&z=18&l=en`; }, SPOT);
      await sleep(700);
      await settled(page);
      const box = await page.locator('.qk-map').boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForSelector('.qk-same-spot');
      const items = page.locator('.qk-same-spot .qk-list-button');
      assert.equal(await items.count(), SAME_SPOT_COUNT);
      assert.match(await items.first().innerText(), /Same-spot firm/);
      await shot(page, 'dense-same-spot');
      await items.nth(2).click();
      await page.waitForSelector('.qk-details');
      assert.match(await page.locator('#qk-details-title').innerText(), /Same-spot firm/);
      assert.deepEqual(log.consoleErrors, []);
      t.diagnostic('2,400 → 1,920 with stations hidden; 6 listed at the shared spot');
    });
  });

  test('the PNG export of a dense map draws the clusters the screen shows', async (t) => {
    await withPage(DESKTOP, async (page, log) => {
      await page.goto(`${env.base}/?testhooks=1&lang=en&data=/portal-dense.geojson`);
      await settled(page);
      await page.locator('.qk-share-btn').click();
      await settled(page);
      const top = await clientPoint(page, 'topCluster');
      assert.ok(top, 'a cluster is drawn');
      const count = Number(top.rest);
      assert.ok(count > 1);
      // Text written on canvases other than the live one: the exported picture's.
      await page.evaluate(() => {
        window.__exportText = [];
        const fill = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
          if (!this.canvas.classList.contains('qk-dense')) window.__exportText.push(String(text));
          return fill.call(this, text, ...rest);
        };
      });
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.qk-export-png').click()]);
      assert.equal(download.suggestedFilename(), 'qikai-map.png');
      const drawn = await page.evaluate(() => window.__exportText);
      // The scene the screen draws: its clusters, with their counts.
      // (English counts from 1,000 on are written 1.2k, and 1,003 as 1k: no trailing .0.)
      const label = count < 1000 ? String(count) : `${(count / 1000).toFixed(1).replace(/\.0$/, '')}k`;
      assert.ok(drawn.includes(label), `the biggest cluster's count ${label} in ${JSON.stringify(drawn.slice(0, 40))}`);
      assert.deepEqual(log.consoleErrors, []);
      t.diagnostic(`${drawn.length} texts in the picture, the biggest cluster (${count}) among them`);
    });
  });

  test('the compact format: the same points as CSV load alike, a bad row is reported', async (t) => {
    await withPage(DESKTOP, async (page, log) => {
      await page.goto(`${env.base}/?testhooks=1&lang=zh&data=/portal-dense.csv`);
      const s = await settled(page);
      assert.equal(s.features, 2400, 'every good row drawn');
      await clickReport(page);
      assert.equal(await page.locator('.qk-report-item[data-code="swapped_lon_lat"]').count(), 1);
      assert.match(await page.locator('.qk-report-summary').innerText(), /2400|2,400/);
      // A name with a comma came through its quotes.
      await clickReport(page);
      await page.locator('.qk-search-input').fill('Same-spot firm 3, Ltd');
      await page.waitForSelector('.qk-search-option');
      assert.match(await page.locator('.qk-search-option').first().innerText(), /同址企业 3/);
      assert.deepEqual(log.consoleErrors, []);
      t.diagnostic(`CSV ${(PORTAL_CSV.length / 1024).toFixed(0)} KiB vs GeoJSON ${(PORTAL.length / 1024).toFixed(0)} KiB for the same 2,400 points`);
    });
  });

  test('while a slow file loads, the zone map is live and where it is taken is kept', async (t) => {
    const centreAfterLoad = async (drag) => {
      let centre;
      await withPage(DESKTOP, async (page) => {
        await page.goto(`${env.base}/?testhooks=1&lang=en&data=/slow-portal.geojson`);
        await page.waitForSelector('.qk-interim .qk-map .qk-svg');
        await page.waitForSelector('.qk-interim progress');
        assert.ok(await page.locator('.qk-interim .qk-f[data-feature-id="zone-qikai"]').count() === 1, 'the zone is drawn while loading');
        if (drag) {
          const box = await page.locator('.qk-interim .qk-map').boundingBox();
          await page.mouse.move(box.x + 300, box.y + 300);
          await page.mouse.down();
          await page.mouse.move(box.x + 500, box.y + 380, { steps: 10 });
          await sleep(200);
          await page.mouse.up();
        }
        assert.ok(await page.locator('.qk-interim').count() === 1, 'still loading after the drag');
        await canvasState(page);
        const s = await settled(page);
        // Untouched, the loaded map fits all of them; moved, it stays where it was taken.
        if (drag) assert.ok(s.features > 0 && s.features < 2400, `${s.features} in view`);
        else assert.equal(s.features, 2400);
        // Camera moves reach the hash at most every 300 ms: read it once it holds still.
        const hashCentre = () => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('c'));
        let before = null;
        centre = await hashCentre();
        for (let i = 0; i < 10 && centre !== before; i++) {
          await sleep(400);
          before = centre;
          centre = await hashCentre();
        }
      });
      return centre;
    };
    const fitted = await centreAfterLoad(false);
    const moved = await centreAfterLoad(true);
    t.diagnostic(`centre after loading: ${fitted} untouched, ${moved} after a drag while loading`);
    assert.notEqual(moved, fitted, 'the drag made while loading was kept');
  });

  test('keyboard: Enter on the map opens the cluster at the centre', async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/?testhooks=1&lang=en&stress=20000&seed=3`);
      await settled(page);
      // Centre the biggest cluster, then press Enter.
      const top = await clientPoint(page, 'topCluster');
      const box = await page.locator('.qk-map').boundingBox();
      await page.mouse.move(top.x, top.y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
      await sleep(200); // stop moving: no fling
      await page.mouse.up();
      await settled(page);
      const z0 = await zoomOf(page);
      await page.locator('.qk-map').focus();
      await page.keyboard.press('Enter');
      await sleep(700);
      await settled(page);
      assert.ok((await zoomOf(page)) > z0, 'Enter zoomed into the centre cluster');
    });
  });

  test('phone: a tap on a cluster zooms in', async () => {
    await withPage(PHONE, async (page) => {
      await page.goto(`${env.base}/?testhooks=1&lang=zh&stress=20000&seed=3`);
      await settled(page);
      const z0 = await zoomOf(page);
      const top = await clientPoint(page, 'topCluster');
      await page.touchscreen.tap(top.x, top.y);
      await sleep(700);
      await settled(page);
      assert.ok((await zoomOf(page)) > z0);
      await shot(page, 'dense-phone');
    });
  });
});
