#!/usr/bin/env node
// The optional raster basemap with a declared datum: locally generated tiles
// mark a known point (FAW-Volkswagen) where a WGS-84, GCJ-02 or BD-09 map
// would draw it; the widget, converting its overlays into the basemap's datum
// vertex by vertex, must put the feature on that mark.
//
//   node tests/e2e/basemap.test.mjs   (make e2e runs every *.test.mjs here)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { DESKTOP, gotoMap, pointPos, startAll, stopAll, withPage } from './harness.mjs';

// The public GCJ-02 / BD-09 formulas, written again in JS as an independent check.
const A = 6378245.0, EE = 0.00669342162296594323;
function tLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}
function tLng(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}
function wgsToGcj([lng, lat]) {
  let dLat = tLat(lng - 105, lat - 35), dLng = tLng(lng - 105, lat - 35);
  const rad = (lat / 180) * Math.PI;
  let magic = Math.sin(rad);
  magic = 1 - EE * magic * magic;
  const sq = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sq)) * Math.PI);
  dLng = (dLng * 180) / ((A / sq) * Math.cos(rad) * Math.PI);
  return [lng + dLng, lat + dLat];
}
function gcjToBd([x, y]) {
  const XPI = (Math.PI * 3000) / 180;
  const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * XPI);
  const t = Math.atan2(y, x) + 0.000003 * Math.cos(x * XPI);
  return [z * Math.cos(t) + 0.0065, z * Math.sin(t) + 0.006];
}
const FAW_VW = [125.19667, 43.84278];
const MARK = { wgs84: FAW_VW, gcj02: wgsToGcj(FAW_VW), bd09: gcjToBd(wgsToGcj(FAW_VW)) };

/** World pixel (at zoom z) of a lon/lat in its own datum. */
function worldPx([lng, lat], z) {
  const s = 256 * 2 ** z;
  const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  return [((lng + 180) / 360) * s, ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * s];
}

/** Serves /tiles/<datum>/<z>/<x>/<y>.png: light grey with a red 8×8 mark at FAW-VW. */
async function tiles(req, res) {
  const m = /^\/tiles\/(wgs84|gcj02|bd09)\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url.split('?')[0]);
  if (!m) return false;
  const [datum, z, x, y] = [m[1], Number(m[2]), Number(m[3]), Number(m[4])];
  const png = new PNG({ width: 256, height: 256 });
  const [px, py] = worldPx(MARK[datum], z).map((v, i) => v - (i === 0 ? x : y) * 256);
  for (let j = 0; j < 256; j++) {
    for (let i = 0; i < 256; i++) {
      const k = (j * 256 + i) * 4;
      const mark = Math.abs(i + 0.5 - px) <= 4 && Math.abs(j + 0.5 - py) <= 4;
      png.data[k] = mark ? 255 : 236;
      png.data[k + 1] = mark ? 0 : 238;
      png.data[k + 2] = mark ? 0 : 236;
      png.data[k + 3] = 255;
    }
  }
  const body = PNG.sync.write(png);
  res.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length });
  res.end(body);
  return true;
}

describe('qikai-map basemap with a declared datum', { concurrency: false }, () => {
  before(() => startAll({ handler: tiles }));
  after(stopAll);

  for (const datum of ['wgs84', 'gcj02', 'bd09']) {
    test(`on a ${datum} basemap the feature lands on the basemap's mark`, async (t) => {
      await withPage(DESKTOP, async (page) => {
        const template = encodeURIComponent(`/tiles/${datum}/{z}/{x}/{y}.png`);
        // The landmark's layer stays on (a hidden layer has no place in the scene);
        // its symbols and the labels are made transparent so the tile's mark shows.
        await gotoMap(page, `?lang=en&view=125.19667,43.84278,15&layers=zone,district,landmark&basemap=${template}` +
          `&basemap_datum=${datum}&basemap_attribution=${encodeURIComponent(`Test tiles (${datum})`)}`);
        await page.waitForFunction(() => [...document.querySelectorAll('.qk-basemap image')].length > 0);
        await page.evaluate(() => document.querySelectorAll('.qk-f.qk-point, .qk-labels').forEach((el) => { el.style.opacity = '0'; }));
        await page.waitForTimeout(500); // tiles decode
        assert.match(await page.locator('.qk-attribution').innerText(), new RegExp(`Test tiles \\(${datum}\\)`));
        const feature = await pointPos(page, 'landmark-faw-vw');
        const map = await page.locator('.qk-map').boundingBox();
        const shot = PNG.sync.read(await page.screenshot({ clip: map }));
        let sx = 0, sy = 0, n = 0;
        for (let j = 0; j < shot.height; j++) {
          for (let i = 0; i < shot.width; i++) {
            const k = (j * shot.width + i) * 4;
            if (shot.data[k] > 220 && shot.data[k + 1] < 40 && shot.data[k + 2] < 40) { sx += i; sy += j; n++; }
          }
        }
        assert.ok(n > 10, `no mark found on the ${datum} tiles`);
        const mark = { x: map.x + sx / n, y: map.y + sy / n };
        const d = Math.hypot(mark.x - feature.x, mark.y - feature.y);
        t.diagnostic(`${datum}: mark at (${mark.x.toFixed(1)}, ${mark.y.toFixed(1)}), feature at (${feature.x.toFixed(1)}, ${feature.y.toFixed(1)}): ${d.toFixed(2)} px`);
        assert.ok(d <= 2, `${datum}: the feature is ${d.toFixed(1)} px from the basemap's mark`);
      });
    });
  }
});
