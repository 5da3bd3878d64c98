#!/usr/bin/env node
// End-to-end tests of the truth pass (issue 12): every result computed from
// schematic positions carries a visible illustrative mark (示意) in both
// languages — the details panel, the nearest-station result, the coverage card
// and the PNG export — and the shipped notices file is linked and served.
//
//   node tests/e2e/truth.test.mjs   (make e2e runs every *.test.mjs here)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { DESKTOP, PHONE, SHOTS, emptyMapSpot, frames, gotoMap, hitPoint, shot, startAll, stopAll, withPage } from './harness.mjs';
import { expectVisible } from './visible.mjs';

/** The mark's text, as the translation table has it (src/i18n/mod.rs, Msg::Illustrative). */
const MARK = { zh: '示意：基于示意位置', en: 'Illustrative: based on schematic positions' };
/** The badge fill of the mark in the PNG (src/render/export_png.rs, MARK_FILL). */
const MARK_FILL = [0xfd, 0xe6, 0x8a];

/** Scrolls the first match into view inside its own scroller, then checks it is on top. */
async function expectMarkVisible(page, selector, lang) {
  const mark = page.locator(selector).first();
  await mark.scrollIntoViewIfNeeded();
  await frames(page);
  await expectVisible(page, selector, { min: 0.9 });
  assert.equal((await mark.innerText()).trim(), MARK[lang], `${selector} says what it is`);
}

/** Exports the PNG while recording the text drawn on canvases; returns both. */
async function exportPng(page, file) {
  await page.evaluate(() => {
    window.__drawnText = [];
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
      window.__drawnText.push(String(text));
      return fill.call(this, text, ...rest);
    };
  });
  // The share panel: a desktop's bar has its button, a phone keeps it under More.
  if (await page.locator('.qk-share-btn').isVisible()) {
    await page.locator('.qk-share-btn').click();
  } else {
    await page.locator('.qk-more-btn').click();
    await page.locator('.qk-more-share').click();
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.qk-export-png').click()]);
  await download.saveAs(file);
  const png = PNG.sync.read(await readFile(file));
  const drawn = await page.evaluate(() => window.__drawnText);
  return { png, drawn };
}

/** Rows (in PNG pixels) from the top where the mark's fill is present. */
function markRows(png, maxRow) {
  const rows = new Set();
  for (let y = 0; y < Math.min(maxRow, png.height); y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (MARK_FILL.every((c, k) => Math.abs(png.data[i + k] - c) < 3)) { rows.add(y); break; }
    }
  }
  return rows.size;
}

describe('qikai-map truth pass: illustrative results, licences', { concurrency: false }, () => {
  before(startAll);
  after(stopAll);

  for (const lang of ['zh', 'en']) {
    test(`${lang}: the details of a park mark its computed figures and nearest stations as illustrative`, async () => {
      await withPage(DESKTOP, async (page) => {
        await gotoMap(page, `?lang=${lang}`);
        const at = await hitPoint(page, 'park-nev-components');
        await page.mouse.click(at.x, at.y);
        await page.waitForSelector('.qk-details .qk-park-summary');
        await page.waitForSelector('.qk-details .qk-nearest-item');
        // One mark on the park summary (drawn area, projects inside, centroid distance),
        // one on the nearest-station list.
        assert.equal(await page.locator('.qk-details .qk-illustrative').count(), 2);
        await expectMarkVisible(page, '.qk-details .qk-illustrative:has(+ .qk-park-summary)', lang);
        await shot(page, `truth-details-${lang}`);
        await expectMarkVisible(page, '.qk-details .qk-illustrative:has(+ .qk-nearest)', lang);
        // The project linked to this park (very probably the same JV) is listed inside it.
        const summary = await page.locator('.qk-park-summary').innerText();
        assert.match(summary, lang === 'zh' ? /一汽中车电驱/ : /FAW–CRRC e-drive/);
        await shot(page, `truth-details-nearest-${lang}`);
      });
    });

    test(`${lang}: the nearest-station result of a probe point is marked illustrative`, async () => {
      await withPage(DESKTOP, async (page) => {
        await gotoMap(page, `?lang=${lang}`);
        const spot = await emptyMapSpot(page);
        await page.mouse.click(spot.x, spot.y, { button: 'right' });
        await page.waitForSelector('.qk-probe-panel .qk-nearest-item');
        await expectMarkVisible(page, '.qk-probe-panel .qk-illustrative', lang);
        await shot(page, `truth-nearest-${lang}`);
      });
    });

    test(`${lang}: the coverage share is marked illustrative in the result itself`, async () => {
      await withPage(DESKTOP, async (page) => {
        await gotoMap(page, `?lang=${lang}`);
        await page.locator('.qk-radius[data-radius-m="2000"]').click();
        await page.waitForSelector('.qk-coverage-share');
        // The mark is inside the sentence that states the share, not in the method text.
        assert.equal(await page.locator('.qk-coverage-share .qk-illustrative').count(), 1);
        await expectMarkVisible(page, '.qk-coverage-share .qk-illustrative', lang);
        assert.match(await page.locator('.qk-coverage-share').innerText(), /%/);
        await shot(page, `truth-coverage-${lang}`);
      });
    });

    test(`${lang}: the PNG export carries the mark in its title bar`, async (t) => {
      await withPage({ ...DESKTOP, acceptDownloads: true }, async (page) => {
        await gotoMap(page, `?lang=${lang}`);
        const file = path.join(SHOTS, `truth-export-${lang}.png`);
        const { png, drawn } = await exportPng(page, file);
        assert.ok(drawn.includes(MARK[lang]), `the mark is drawn: ${drawn.slice(0, 4).join(' | ')}`);
        // The badge (24 CSS px tall, at 2× scale) sits in the 40 px title bar.
        const rows = markRows(png, 80);
        assert.ok(rows >= 40, `badge rows in the title bar: ${rows}`);
        t.diagnostic(`${lang}: ${png.width}×${png.height}, badge ${rows} px rows`);
      });
    });
  }

  test('en on a phone: a long mark moves to its own row of the title bar and is still drawn', async () => {
    await withPage({ ...PHONE, acceptDownloads: true }, async (page) => {
      await gotoMap(page, '?lang=en');
      const file = path.join(SHOTS, 'truth-export-phone-en.png');
      const { png, drawn } = await exportPng(page, file);
      assert.ok(drawn.includes(MARK.en));
      // Two-row title bar (68 CSS px): the badge lies below the first 40 px.
      const rowsBelowTitle = markRows(png, 136) - markRows(png, 76);
      assert.ok(rowsBelowTitle >= 40, `badge rows on the second row: ${rowsBelowTitle}`);
      // The credits wrap instead of running off the narrow picture.
      const text = drawn.join(' ');
      assert.ok(text.includes('Meng Fanming and Liu Xiaoyu') && text.includes('web reports it cites'), 'the whole credit line is drawn');
    });
  });

  for (const lang of ['zh', 'en']) {
    test(`${lang}: the attribution links the shipped licence and notices file`, async () => {
      await withPage(DESKTOP, async (page) => {
        await gotoMap(page, `?lang=${lang}`);
        const link = page.locator('.qk-attribution .qk-notices-link');
        await expectVisible(page, '.qk-attribution .qk-notices-link', { min: 0.9 });
        assert.match(await link.innerText(), lang === 'zh' ? /许可与第三方声明/ : /Licence and third-party notices/);
        const href = await link.evaluate((a) => a.href);
        const body = await page.evaluate(async (u) => (await fetch(u)).text(), href);
        assert.match(body, /MIT License/);
        assert.match(body, /Copyright \(c\) 2019 metromancn/, 'the metro stations\' notice');
        assert.match(body, /leptos/, 'the crates compiled into the wasm');
        // No district boundary is claimed by the attribution any more.
        assert.doesNotMatch(await page.locator('.qk-attribution').innerText(), /Tianditu|天地图/);
      });
    });
  }
});
