#!/usr/bin/env node
// A portal's data file in the real browser, from its bytes (issue 13): a
// UTF-8 byte-order mark before GeoJSON loads; UTF-16 and other refused files
// keep the context map (zone and districts) and say on the map, in one line
// and in the user's language, that the data could not be loaded and why,
// with the data report one click away; the report says "skipped" for every
// problem of a skipped feature.
//
//   node --test tests/e2e/loader.test.mjs   (needs a release build in dist/)
//
// The fixtures are served as they are in tests/fixtures/ (bytes untouched).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP, KIND_COUNTS, PHONE, ROOT, STRICT_CSP, env, frames, gotoMap, shot, startAll, stopAll, withPage, clickReport } from './harness.mjs';
import { expectVisible } from './visible.mjs';

/**
 * The kept zone map is drawn and on top. The zone's fill is not a tap target
 * (pointer-events: none: a tap inside it is a tap on the empty map), so it is
 * made hit-testable for the check, through the CSSOM the strict CSP allows.
 */
async function expectZoneDrawn(page) {
  await page.evaluate(() => document.querySelectorAll('.qk-area').forEach((e) => { e.style.pointerEvents = 'auto'; }));
  await expectVisible(page, '.qk-f[data-feature-id="zone-qikai"]', { min: 0.3 });
}

const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

/** Serves `/fixtures/<name>` byte for byte from tests/fixtures/. */
async function handler(req, res) {
  const name = new URL(req.url, 'http://127.0.0.1').pathname.match(/^\/fixtures\/([\w.-]+)$/)?.[1];
  if (!name) return false;
  const body = await readFile(path.join(FIXTURES, name)).catch(() => null);
  if (!body) return false;
  res.writeHead(200, {
    // What a portal's server might well say, whatever the bytes are.
    'content-type': name.endsWith('.csv') ? 'text/csv' : 'application/geo+json',
    'content-length': body.length,
    'cache-control': 'no-store',
    'content-security-policy': STRICT_CSP,
  });
  res.end(body);
  return true;
}

/** Opens the widget on a fixture and waits for the loaded widget. */
async function openOn(page, name, lang) {
  await page.goto(`${env.base}/?lang=${lang}&data=/fixtures/${name}`);
  await page.waitForSelector('.qk-app:not(.qk-interim) .qk-map .qk-svg', { timeout: 30000 });
  await page.waitForSelector('.qk-interim', { state: 'detached', timeout: 30000 });
  await frames(page);
}

describe('qikai-map reads what a portal serves, and says when it cannot', { concurrency: false }, () => {
  before(() => startAll({ handler }));
  after(stopAll);

  test('a UTF-8 byte-order mark before GeoJSON is accepted', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en&data=/fixtures/bom_before_geojson.geojson');
      // Two points fitted to the map's edges: one may sit under a chip.
      await expectVisible(page, '[data-feature-id="bom-1"]', { min: 0.3 });
      assert.equal(await page.locator('[data-feature-id]').count(), 2, 'the file, not the default data');
      assert.equal(await page.locator('.qk-load-failed').count(), 0, 'no failure line');
      await clickReport(page);
      assert.match(await page.locator('.qk-report-summary').innerText(), /Loaded 2 of 2/);
    });
  });

  test('a UTF-16 file is refused by name, over the kept zone map, in one line', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await openOn(page, 'utf16le_bom.geojson', 'en');
      // The context stays: the zone outline and its districts.
      await expectZoneDrawn(page);
      assert.equal(await page.locator('.qk-f.qk-district').count(), KIND_COUNTS.district, 'the default data\'s districts');
      // One line on the map: that it failed, why, and the way to the report.
      await expectVisible(page, '.qk-load-failed', { min: 0.9, within: '.qk-main' });
      await expectVisible(page, '.qk-load-failed-report', { min: 0.9 });
      const line = await page.locator('.qk-load-failed-text').innerText();
      assert.equal(line, 'The data could not be loaded: not UTF-8 text (UTF-16); save it as UTF-8');
      const box = await page.locator('.qk-load-failed').boundingBox();
      const lineHeight = await page.locator('.qk-load-failed-text').evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
      assert.ok(box.height < lineHeight * 2 + 20, `one line: ${box.height}px high`);
      t.diagnostic(line);
      await shot(page, 'loader-refused-desktop-en');
      // The report has the full text and how to convert; the line steps aside.
      await page.locator('.qk-load-failed-report').click();
      await expectVisible(page, '.qk-report-error', { min: 0.9 });
      assert.equal(await page.locator('.qk-load-failed').isVisible(), false);
      assert.match(await page.locator('.qk-report-error').innerText(), /it is UTF-16 \(little-endian\); save it as UTF-8/);
      await page.locator('.qk-report .qk-close').click();
      await expectVisible(page, '.qk-load-failed', { min: 0.9 });
      // The line follows the language.
      await page.locator('.qk-lang').click();
      await page.waitForFunction(() => document.querySelector('.qk-load-failed-text')?.textContent.startsWith('数据无法加载'));
      assert.equal(await page.locator('.qk-load-failed-text').innerText(), '数据无法加载：不是 UTF-8 文本（UTF-16），请另存为 UTF-8');
      await expectVisible(page, '.qk-load-failed', { min: 0.9 });
    });
  });

  test('other refusals keep the map and give their reason, also on a phone', async () => {
    for (const [name, lang, reason] of [
      ['utf16be_no_bom.csv', 'zh', '数据无法加载：不是 UTF-8 文本（UTF-16），请另存为 UTF-8'],
      ['gbk.csv', 'en', 'The data could not be loaded: not UTF-8 text (GBK?); save it as UTF-8'],
      ['json_null.json', 'en', 'The data could not be loaded: not a GeoJSON FeatureCollection'],
      ['parse_error_position.geojson', 'en', 'The data could not be loaded: not valid JSON (line 3, column 70)'],
      ['no-such-file.geojson', 'en', 'The data could not be loaded: could not be fetched (HTTP 404)'],
    ]) {
      await withPage(name === 'json_null.json' ? PHONE : DESKTOP, async (page) => {
        await openOn(page, name, lang);
        await expectZoneDrawn(page);
        await expectVisible(page, '.qk-load-failed', { min: 0.9, within: '.qk-main' });
        const shown = await page.locator('.qk-load-failed-text').getAttribute('title');
        assert.equal(shown, reason, name);
        // The whole reason is shown, not cut off (a phone may take two lines).
        const cut = await page.locator('.qk-load-failed-text').evaluate((el) =>
          el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
        assert.equal(cut, false, `${name}: the line is cut off`);
        if (name === 'json_null.json') await shot(page, 'loader-refused-phone-en');
      });
    }
  });

  test('every problem of a skipped feature says "skipped"', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en&data=/fixtures/skipped_with_warnings.geojson');
      await clickReport(page);
      const items = await page.locator('.qk-report-item').allInnerTexts();
      const skipped = items.filter((s) => s.startsWith('warned-and-skipped'));
      assert.equal(skipped.length, 5, items.join('\n'));
      for (const item of skipped) assert.match(item, /\(skipped\)$/, item);
      assert.ok(!items.some((s) => s.endsWith('(kept)')), items.join('\n'));
    });
  });

  test('invalid polygons are named in the report, the valid ones drawn', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh&data=/fixtures/invalid_polygons.geojson');
      // The two valid parks share a spot (the island is drawn over the other).
      await expectVisible(page, '[data-feature-id="island-in-lake"]', { min: 0.3 });
      assert.equal(await page.locator('.qk-f[data-feature-id="good-park"]').count(), 1);
      assert.equal(await page.locator('.qk-f[data-feature-id="bow-tie"]').count(), 0);
      await clickReport(page);
      const bowTie = await page.locator('.qk-report-item[data-code="self_intersecting_ring"]').first().textContent();
      assert.equal(bowTie.replace(/\s+/g, ' '), 'bow-tie — coordinates[0] 处的环自相交或自相接 (已跳过)');
      assert.equal(await page.locator('.qk-report-item[data-code="hole_outside_shell"]').count(), 1);
      assert.equal(await page.locator('.qk-report-item[data-code="polygons_overlap"]').count(), 1);
    });
  });
});
