#!/usr/bin/env node
// End-to-end tests of the geo-analysis tools: nearest stations, coverage,
// measuring, the probe point and statistics, against the release build.
//
//   node tests/e2e/analysis.test.mjs   (make e2e runs every *.test.mjs here)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DESKTOP, PHONE, ROOT, emptyMapSpot, frames, gotoMap, hitPoint, pointPos, shot, sleep, startAll, stopAll, withPage,
} from './harness.mjs';
import { expectVisible } from './visible.mjs';

const data = JSON.parse(await readFile(path.join(ROOT, 'public', 'data', 'qikai-map.geojson'), 'utf8'));
const feature = (id) => data.features.find((f) => f.id === id);

/** Great-circle distance on the mean sphere: an independent check within 0.5 % of the ellipsoid. */
function haversineM([lng1, lat1], [lng2, lat2]) {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

/** Spherical polygon area (L'Huilier-free planar-on-sphere formula used by turf's area). */
function sphereAreaM2(ring) {
  const r = Math.PI / 180;
  let total = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    total += (x2 - x1) * r * (2 + Math.sin(y1 * r) + Math.sin(y2 * r));
  }
  return Math.abs((total * 6371008.8 * 6371008.8) / 2);
}

/** Metres from a displayed length like "2.8 km", "830 m", "2.8 千米", "830 米". */
function parseLengthM(text) {
  const m = /([\d,.]+)\s*(km|m|千米|米)/.exec(text);
  assert.ok(m, `no length in "${text}"`);
  const v = Number(m[1].replaceAll(',', ''));
  return m[2] === 'km' || m[2] === '千米' ? v * 1000 : v;
}

describe('qikai-map analysis tools', { concurrency: false }, () => {
  before(startAll);
  after(stopAll);

  test('selecting a park shows its computed figures and lines to the 3 nearest stations', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      const at = await hitPoint(page, 'park-nev-components');
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.qk-details .qk-park-summary');
      const summary = await page.locator('.qk-park-summary').innerText();
      assert.match(summary, /Area of the drawn outline/);
      assert.match(summary, /m²/);
      const items = await page.locator('.qk-details .qk-nearest-item').allInnerTexts();
      assert.equal(items.length, 3, 'three nearest stations listed');
      const distances = items.map(parseLengthM);
      assert.deepEqual([...distances].sort((a, b) => a - b), distances, 'nearest first');
      assert.equal(await page.locator('.qk-nearest-line').count(), 3);
      await shot(page, 'desktop-park-nearest');
      t.diagnostic(`nearest stations: ${items.join(' / ')}`);
    });
  });

  /** The distances to the nearest stations as a user sees them: each listed
   *  distance in one piece; on the map one per listed station, no map label
   *  over any, each inside the map and on top there (not under the sheet or a
   *  panel); the first listed one on top once scrolled to in the details. */
  async function expectDistancesReadable(page, what) {
    await page.waitForSelector('.qk-details .qk-nearest-item .qk-figure');
    await sleep(600); // the camera moves the selection clear of the sheet
    await frames(page);
    const figures = await page.locator('.qk-details .qk-nearest .qk-figure').evaluateAll((els) =>
      els.map((el) => ({ text: el.textContent, lines: el.getClientRects().length })));
    assert.ok(figures.length >= 1, 'nearest stations listed');
    for (const f of figures) assert.equal(f.lines, 1, `"${f.text}" is cut over ${f.lines} lines (${what})`);
    const covered = await page.evaluate(() => {
      const box = (el) => el.getBoundingClientRect();
      const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const distances = [...document.querySelectorAll('.qk-distance-label')];
      const labels = [...document.querySelectorAll('.qk-label:not(.qk-distance-label)')];
      // Drawn results let taps through (pointer-events: none), which also
      // hides them from hit testing: let the visibility check find them.
      for (const d of distances) d.style.pointerEvents = 'auto';
      return { distances: distances.length, over: distances.flatMap((d) => labels.filter((l) => meet(box(d), box(l))).map((l) => `${d.textContent} under ${l.textContent}`)) };
    });
    assert.equal(covered.distances, figures.length, `a distance on the map for each station listed (${what})`);
    assert.deepEqual(covered.over, [], `map labels over the distances (${what})`);
    await expectVisible(page, '.qk-distance-label', { all: true, within: '.qk-map' });
    // Below the facts in the details, as a user scrolls to it.
    await page.locator('.qk-details .qk-nearest .qk-figure').first().scrollIntoViewIfNeeded();
    await expectVisible(page, '.qk-details .qk-nearest .qk-figure');
  }

  const KIOSK = { viewport: { width: 1920, height: 1080 } };
  for (const [layout, options, query] of [['phone', PHONE, ''], ['desktop', DESKTOP, ''], ['kiosk', KIOSK, '?kiosk=1']]) {
    test(`${layout}: the distances to the nearest stations stay readable, in both languages`, async () => {
      for (const lang of ['en', 'zh']) {
        await withPage(options, async (page) => {
          await gotoMap(page, `${query}#s=project-faw-crrc-edrive&l=${lang}`);
          await expectDistancesReadable(page, `${layout} ${lang}`);
          await shot(page, `${layout}-nearest-distances-${lang}`);
        });
      }
    });
  }

  test('phone, zoomed in: each distance is written on the part of its line in sight', async () => {
    // A permalink at z14: the lines run out of the view or under the sheet.
    const [lng, lat] = feature('project-audi-faw-nev').geometry.coordinates;
    await withPage(PHONE, async (page) => {
      await gotoMap(page, `#v=1&c=${lng},${lat}&z=14.00&s=project-audi-faw-nev&l=en`);
      await expectDistancesReadable(page, 'phone z14');
      assert.equal(await page.locator('.qk-distance-label').count(), 3, 'three distances');
      await shot(page, 'phone-nearest-distances-zoomed');
    });
  });

  test('the nearest-station distance agrees with an independent spherical check', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      const at = await hitPoint(page, 'project-audi-faw-nev');
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.qk-details .qk-nearest-item');
      const first = await page.locator('.qk-details .qk-nearest-item').first();
      const name = await first.locator('button').innerText();
      const shown = parseLengthM(await first.innerText());
      const from = feature('project-audi-faw-nev').geometry.coordinates;
      const candidates = data.features.filter((f) => f.properties.kind === 'swap_station')
        .map((f) => ({ name: f.properties.name_en, d: haversineM(from, f.geometry.coordinates) }))
        .sort((a, b) => a.d - b.d);
      assert.equal(name, candidates[0].name);
      // Display rounds to 0.1 km above 1 km; the sphere is within 0.5 % of the ellipsoid.
      assert.ok(Math.abs(shown - candidates[0].d) <= 60 + candidates[0].d * 0.005, `${shown} vs ${candidates[0].d}`);
    });
  });

  test('a coverage radius draws rings and states the share with its error bound', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      const two = page.locator('.qk-radius[data-radius-m="2000"]');
      await two.click();
      await page.waitForSelector('.qk-coverage-share');
      assert.equal(await two.getAttribute('aria-pressed'), 'true');
      assert.equal(await page.locator('circle.qk-coverage').count(), 6);
      const text = await page.locator('.qk-coverage-share').innerText();
      const m = /([\d.]+)% \(error at most ±([\d.]+)%\)/.exec(text);
      assert.ok(m, text);
      const [share, err] = [Number(m[1]), Number(m[2])];
      assert.ok(share > 0 && share < 100 && err > 0 && err < 20, text);
      await shot(page, 'desktop-coverage-2km');
      // A larger radius covers more.
      await page.locator('.qk-radius[data-radius-m="5000"]').click();
      await frames(page);
      const wider = Number(/([\d.]+)%/.exec(await page.locator('.qk-coverage-share').innerText())[1]);
      assert.ok(wider >= share, `5 km (${wider}%) covers less than 2 km (${share}%)`);
      await page.locator('.qk-radius[data-radius-m="5000"]').click();
      await frames(page);
      assert.equal(await page.locator('circle.qk-coverage').count(), 0, 'toggling off removes the rings');
      t.diagnostic(`2 km: ${text}; 5 km: ${wider}%`);
    });
  });

  test('measuring between two stations gives their geodesic length; a polygon gives its area; undo and clear work', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      await page.locator('.qk-measure-line').click();
      const ids = ['swap-schematic-1', 'swap-schematic-4', 'swap-schematic-6'];
      for (const id of ids.slice(0, 2)) {
        const p = await pointPos(page, id);
        await page.mouse.click(p.x, p.y);
        await sleep(350); // two quick clicks would be a double-click zoom
      }
      await frames(page);
      assert.equal(await page.locator('.qk-sketch-vertex').count(), 2);
      const shownLen = parseLengthM(await page.locator('.qk-measure-readout').innerText());
      const [a, b, c] = ids.map((id) => feature(id).geometry.coordinates);
      const expected = haversineM(a, b);
      assert.ok(Math.abs(shownLen - expected) <= 60 + expected * 0.005, `${shownLen} vs ${expected}`);
      assert.equal(await page.locator('.qk-details').count(), 0, 'measuring does not select');
      await page.locator('.qk-undo').click();
      await frames(page);
      assert.equal(await page.locator('.qk-sketch-vertex').count(), 1);

      await page.locator('.qk-measure-area').click();
      for (const id of ids) {
        const p = await pointPos(page, id);
        await page.mouse.click(p.x, p.y);
        await sleep(350);
      }
      await frames(page);
      const readout = await page.locator('.qk-measure-readout').innerText();
      const m = /([\d,.]+) (km²|m²)/.exec(readout);
      assert.ok(m, readout);
      const shownArea = Number(m[1].replaceAll(',', '')) * (m[2] === 'km²' ? 1e6 : 1);
      const expectedArea = sphereAreaM2([a, b, c]);
      assert.ok(Math.abs(shownArea - expectedArea) <= expectedArea * 0.01, `${shownArea} vs ${expectedArea}`);
      await shot(page, 'desktop-measure-area');
      await page.locator('.qk-clear').click();
      await frames(page);
      assert.equal(await page.locator('.qk-sketch-vertex').count(), 0);
      await page.locator('.qk-done').click();
      await frames(page);
      assert.equal(await page.locator('.qk-analysis').count(), 0, 'done closes the tool');
      t.diagnostic(`line ${shownLen} m (sphere ${expected.toFixed(0)}); triangle ${readout.replaceAll('\n', ' ')} (sphere ${(expectedArea / 1e6).toFixed(3)} km²)`);
    });
  });

  test('right-click anywhere shows the nearest stations to that point', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      const spot = await emptyMapSpot(page);
      await page.mouse.click(spot.x, spot.y, { button: 'right' });
      await page.waitForSelector('.qk-probe-panel .qk-nearest-item');
      assert.equal(await page.locator('.qk-probe').count(), 1);
      const items = await page.locator('.qk-probe-panel .qk-nearest-item').allInnerTexts();
      assert.equal(items.length, 3);
      const ds = items.map(parseLengthM);
      assert.deepEqual([...ds].sort((x, y) => x - y), ds);
      await page.locator('.qk-probe-panel .qk-close').click();
      await frames(page);
      assert.equal(await page.locator('.qk-probe').count(), 0);
    });
  });

  test('a long press on a phone drops the probe pin', async () => {
    await withPage(PHONE, async (page, _log, context) => {
      await gotoMap(page, '?lang=zh');
      const spot = await emptyMapSpot(page, 120);
      const cdp = await context.newCDPSession(page);
      const finger = [{ x: spot.x, y: spot.y, id: 0, radiusX: 2, radiusY: 2, force: 1 }];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: finger });
      await sleep(800);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.waitForSelector('.qk-probe-panel .qk-nearest-item');
      assert.equal(await page.locator('.qk-details').count(), 0, 'a long press is not a tap');
      await shot(page, 'phone-probe');
    });
  });

  test('statistics are computed from the data, cited figures are shown apart with their sources', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      await page.locator('.qk-stats-btn').click();
      await page.waitForSelector('.qk-stats');
      const kindCounts = await page.locator('.qk-stats-kinds dd').allInnerTexts();
      assert.equal(kindCounts.map(Number).reduce((s, n) => s + n, 0), data.features.length);
      const total = data.features
        .filter((f) => ['park', 'project'].includes(f.properties.kind))
        .reduce((s, f) => s + (f.properties.investment_yuan || 0), 0);
      const shown = await page.locator('.qk-investment-total').innerText();
      assert.equal(shown, `CNY ${Number((total / 1e9).toFixed(2))} billion`);
      const cited = page.locator('.qk-cited li');
      assert.ok(await cited.count() >= 5);
      assert.equal(await page.locator('.qk-cited li blockquote.qk-source').count(), await cited.count(), 'every cited figure has its source');
      await shot(page, 'desktop-stats');
      t.diagnostic(`investment total ${shown}`);
    });
  });
});
