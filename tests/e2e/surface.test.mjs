#!/usr/bin/env node
// What users see and touch, checked as they see it (issue 11): every check
// asks the browser what is on top at sampled points (./visible.mjs), not only
// whether an element exists. Desktop (1366, 1920), expo (3840 at DPR 1),
// phones (360, 390), kiosk; both languages where the text changes the layout.
//
//   node tests/e2e/surface.test.mjs   (make e2e runs every *.test.mjs here)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expectVisible, visibility } from './visible.mjs';
import { DESKTOP, DIST, PHONE, env, frames, gotoMap, hitPoint, pinyinLoaded, shot, sleep, startAll, stopAll, withPage } from './harness.mjs';

const PHONE_360 = { ...PHONE, viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 };
const WIDE = { viewport: { width: 1920, height: 1080 } };
const EXPO = { viewport: { width: 3840, height: 2160 }, deviceScaleFactor: 1 };

/** The default data as served, to pick features and positions from. */
let data;
const features = (kind) => data.features.filter((f) => f.properties.kind === kind);

/**
 * Labels and the zone/district fills are not hit targets (pointer-events:
 * none), so the browser's hit test would look through them. To ask "is this
 * painted on top?", make them hit-testable for the check (through the CSSOM,
 * which the strict CSP allows).
 */
async function makeHitTestable(page, selector, how = 'auto') {
  await page.evaluate(({ sel, how }) => document.querySelectorAll(sel).forEach((e) => { e.style.pointerEvents = how; }), { sel: selector, how });
}

/** Settles animations: the 450 ms flights, the next frames. */
async function settle(page) {
  await sleep(650);
  await frames(page);
}

/** Opens a phone tab (Layers, Tools, Filters, List, Story, More) by its class. */
async function tab(page, name) {
  await page.locator(`.qk-tabs .qk-${name}-btn`).tap();
  await frames(page);
}

/** A client point inside the zone with no feature (and no label) on top, nearest the zone's middle. */
async function emptyZoneSpot(page) {
  return page.evaluate(() => {
    const zone = document.querySelector('.qk-zone.qk-area');
    const r = zone.getBoundingClientRect();
    const map = document.querySelector('.qk-map').getBoundingClientRect();
    const inside = (x, y) => {
      const svg = zone.ownerSVGElement;
      const p = svg.createSVGPoint();
      p.x = x - svg.getBoundingClientRect().left; p.y = y - svg.getBoundingClientRect().top;
      return zone.isPointInFill(p);
    };
    const free = (x, y) => {
      const t = document.elementFromPoint(x, y);
      return t && t.closest('.qk-map') && !t.closest('[data-feature-id]') && !t.closest('[data-qk-dock]');
    };
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const pts = [];
    for (let y = Math.max(r.top, map.top) + 20; y < Math.min(r.bottom, map.bottom) - 20; y += 8) {
      for (let x = Math.max(r.left, map.left) + 20; x < Math.min(r.right, map.right) - 20; x += 8) pts.push({ x, y });
    }
    pts.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
    const ok = (p) => inside(p.x, p.y) && [[0, 0], [30, 0], [-30, 0], [0, 30], [0, -30]].every(([dx, dy]) => free(p.x + dx, p.y + dy));
    const spot = pts.find(ok);
    if (!spot) throw new Error('no empty spot inside the zone');
    return spot;
  });
}

const hash = (page) => page.evaluate(() => location.hash);
const zoomOf = async (page) => Number(/z=([\d.]+)/.exec(await hash(page))?.[1]);

describe('qikai-map: what users see and touch', { concurrency: false }, () => {
  before(async () => {
    await startAll();
    data = JSON.parse(await readFile(path.join(DIST, 'data', 'qikai-map.geojson'), 'utf8'));
  });
  after(stopAll);

  // ---------------------------------------------------------------- the map itself

  for (const [label, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`coverage rings are painted over the area fills and can be seen (${label})`, async (t) => {
      await withPage(options, async (page) => {
        await gotoMap(page, '?lang=zh');
        if (label === 'phone') await tab(page, 'tools');
        const chip = page.locator('.qk-radius[data-radius-m="2000"]');
        await expectVisible(page, '.qk-radius[data-radius-m="2000"]', { min: 1 });
        await (label === 'phone' ? chip.tap() : chip.click());
        await page.waitForSelector('.qk-coverage');
        await frames(page);
        // On a phone the Tools sheet gets out of the way once a radius is picked.
        if (label === 'phone') assert.equal(await page.locator('.qk-toolbar.qk-sheet-open').count(), 0, 'tools sheet still open');
        // The fills under the rings take part in the check; a ring's outline
        // is what must be on top (its own fill is see-through).
        await makeHitTestable(page, '.qk-area');
        await makeHitTestable(page, '.qk-coverage', 'visibleStroke');
        const rings = await page.locator('.qk-coverage').count();
        let seen = 0;
        for (let i = 0; i < rings; i++) {
          const v = await page.evaluate((i) => {
            document.querySelectorAll('.qk-coverage').forEach((c, j) => c.classList.toggle('qk-probe-target', j === i));
          }, i).then(() => visibility(page, '.qk-coverage.qk-probe-target', { min: 0.5, within: '.qk-map' }));
          if (v.visible) seen++;
        }
        assert.ok(seen >= Math.ceil(rings / 2), `only ${seen} of ${rings} rings can be seen`);
        // The result card can be closed, and the rings go with it.
        await expectVisible(page, '.qk-coverage-close', { min: 1 });
        await expectVisible(page, '.qk-coverage-share', { min: 0.9 });
        await shot(page, `coverage-${label}`);
        await page.locator('.qk-coverage-close').click();
        await page.waitForSelector('.qk-coverage', { state: 'detached' });
        assert.equal(await page.locator('.qk-coverage-panel').count(), 0);
        t.diagnostic(`${seen} of ${rings} rings on top`);
      });
    });
  }

  test('a tap on the empty map clears the selection and never selects the zone; a double tap zooms only; the zone label selects it', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      const project = features('project')[0].id;
      const at = await hitPoint(page, project);
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.qk-details');
      await page.waitForFunction((id) => location.hash.includes(`s=${id}`), project);
      const spot = await emptyZoneSpot(page);
      await page.mouse.click(spot.x, spot.y);
      await page.waitForSelector('.qk-details', { state: 'detached', timeout: 2000 });
      await sleep(400);
      assert.ok(!/s=/.test(await hash(page)), `still selected: ${await hash(page)}`);
      assert.equal(await page.locator('.qk-zone.qk-selected').count(), 0, 'the zone got selected');

      const z0 = await zoomOf(page);
      const spot2 = await emptyZoneSpot(page);
      await page.mouse.dblclick(spot2.x, spot2.y);
      await settle(page);
      await sleep(400);
      assert.ok((await zoomOf(page)) > z0 + 0.5, 'double click zooms in');
      assert.equal(await page.locator('.qk-details').count(), 0, 'a double click selects nothing');

      // The zone is selected from its label.
      await page.locator('.qk-home').click();
      await settle(page);
      await page.locator('.qk-label-zone').first().waitFor();
      const label = await page.locator('.qk-label-zone').first().boundingBox();
      await page.mouse.click(label.x + label.width / 2, label.y + label.height / 2);
      await page.waitForSelector('.qk-details');
      assert.equal(await page.locator('.qk-zone.qk-selected').count(), 1);
    });
  });

  // ---------------------------------------------------------------- desktop and expo chrome

  for (const [label, options, lang] of [['1366', DESKTOP, 'zh'], ['1366', DESKTOP, 'en'], ['1920', WIDE, 'en'], ['3840', EXPO, 'zh']]) {
    test(`desktop ${label} ${lang}: every tool and panel button is on screen, labels and the zone stay clear of the chrome`, async (t) => {
      await withPage(options, async (page) => {
        await gotoMap(page, `?lang=${lang}`);
        const entries = await page.locator('.qk-toolbar .qk-chip, .qk-tabs .qk-tab').evaluateAll((els) =>
          els.filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.className.split(' ').find((c) => /^qk-(measure|radius|.*-btn)/.test(c)) + (e.dataset.radiusM || '')));
        assert.ok(entries.length >= 10, `entries: ${entries}`);
        for (const sel of ['.qk-measure-line', '.qk-measure-area', '.qk-radius[data-radius-m="5000"]', '.qk-filters-btn', '.qk-list-btn', '.qk-story-btn', '.qk-stats-btn', '.qk-share-btn']) {
          await expectVisible(page, sel, { min: 1 });
        }
        // The bar is not over the map: it ends where the map begins.
        const bar = await page.locator('.qk-toolbar').boundingBox();
        const map = await page.locator('.qk-map').boundingBox();
        assert.ok(bar.y + bar.height <= map.y + 1, 'the tool bar overlaps the map');
        // Every label drawn is in view and not under a panel or a control.
        await makeHitTestable(page, '.qk-label');
        const labels = await page.locator('.qk-label').count();
        assert.ok(labels >= 8, `${labels} labels`);
        const hidden = [];
        for (let i = 0; i < labels; i++) {
          await page.evaluate((i) => document.querySelectorAll('.qk-label').forEach((l, j) => l.classList.toggle('qk-probe-target', j === i)), i);
          const v = await visibility(page, '.qk-label.qk-probe-target', { min: 0.8, within: '.qk-map' });
          if (!v.visible) hidden.push(`${await page.locator('.qk-label').nth(i).textContent()} (${v.coveredBy.join(', ')})`);
        }
        assert.deepEqual(hidden, [], 'labels under the chrome');
        await expectVisible(page, '.qk-label-zone', { min: 0.8, within: '.qk-map' });
        // With the details open, every tool is still whole.
        const project = features('project')[0].id;
        const at = await hitPoint(page, project);
        await page.mouse.click(at.x, at.y);
        await page.waitForSelector('.qk-details');
        await settle(page);
        await expectVisible(page, '.qk-measure-line', { min: 1 });
        await expectVisible(page, '.qk-details h2', { min: 1 });
        await expectVisible(page, `[data-feature-id="${project}"] .qk-symbol`, { within: '.qk-map' });
        await shot(page, `desktop-${label}-${lang}-details`);
        // The share panel replaces the details in the column instead of being drawn over them.
        await page.locator('.qk-share-btn').click();
        await expectVisible(page, '#qk-share-title', { min: 1 });
        await expectVisible(page, '.qk-qr', { min: 0.9 });
        assert.equal(await page.locator('.qk-details').count(), 0, 'details drawn under the share panel');
        const font = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.qk-layout')).fontSize));
        if (label === '3840') assert.ok(font >= 28, `chrome text ${font}px on a 3840 px screen at DPR 1`);
        t.diagnostic(`${entries.length} entries, ${labels} labels, chrome text ${font}px`);
      });
    });
  }

  test('opening the story or the statistics keeps the selection (permalink, QR); closing them shows the details again', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      const project = features('project')[0].id;
      const at = await hitPoint(page, project);
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.qk-details');
      const title = await page.locator('#qk-details-title').innerText();
      for (const [btn, heading] of [['.qk-story-btn', '#qk-story-title'], ['.qk-stats-btn', '#qk-stats-title']]) {
        await page.locator(btn).click();
        await expectVisible(page, heading, { min: 1 });
        assert.equal(await page.locator('.qk-details').count(), 0, 'the details are hidden under the panel');
        await sleep(350);
        assert.ok((await hash(page)).includes(`s=${project}`), `${btn} dropped the selection: ${await hash(page)}`);
        assert.equal(await page.locator(`[data-feature-id="${project}"].qk-selected`).count(), 1, 'still marked on the map');
        await page.locator(btn).click();
        await page.waitForSelector('.qk-details');
        assert.equal(await page.locator('#qk-details-title').innerText(), title);
      }
      // The QR code made after the story still carries the project.
      await page.locator('.qk-story-btn').click();
      await page.locator('.qk-share-btn').click();
      const url = await page.locator('.qk-share-url').inputValue();
      assert.ok(url.includes(`s=${project}`), url);
    });
  });

  // ---------------------------------------------------------------- phones

  for (const [label, options] of [['390', PHONE], ['360', PHONE_360]]) {
    for (const lang of ['zh', 'en']) {
      test(`phone ${label} ${lang}: tabs within the thumb's reach, every tool whole, a sheet that drags between sizes`, async (t) => {
        await withPage(options, async (page) => {
          await gotoMap(page, `?lang=${lang}`);
          const vp = page.viewportSize();
          // The title is read whole: wrapped, not cut with an ellipsis.
          await expectVisible(page, '.qk-title', { min: 1 });
          const title = await page.locator('.qk-title').evaluate((e) => ({ scroll: e.scrollHeight, client: e.clientHeight, wide: e.scrollWidth, width: e.clientWidth, text: e.textContent }));
          assert.ok(title.scroll <= title.client + 1 && title.wide <= title.width + 1,
            `title cut: ${title.text} (${title.wide}×${title.scroll} in ${title.width}×${title.client} px)`);
          for (const name of ['layers', 'tools', 'filters', 'list', 'story', 'more']) {
            const sel = `.qk-tabs .qk-${name}-btn`;
            await expectVisible(page, sel, { min: 1 });
            const b = await page.locator(sel).boundingBox();
            assert.ok(b.width >= 44 && b.height >= 44, `${name} tab ${b.width.toFixed(0)}×${b.height.toFixed(0)}`);
            assert.ok(b.y > vp.height * 0.75, `${name} tab not at the bottom (y ${b.y.toFixed(0)})`);
          }
          // No tool clipped: each chip whole in the Tools sheet.
          await tab(page, 'tools');
          for (const sel of ['.qk-measure-line', '.qk-measure-area', '.qk-radius[data-radius-m="1000"]', '.qk-radius[data-radius-m="5000"]']) {
            await expectVisible(page, sel, { min: 1 });
          }
          await shot(page, `phone-${label}-${lang}-tools`);
          await page.locator('.qk-toolbar .qk-close').tap();
          // The legend is a sheet with touch-sized rows.
          await tab(page, 'layers');
          await expectVisible(page, '.qk-legend-toggle[data-kind="project"]', { min: 1 });
          const row = await page.locator('.qk-legend-toggle').first().boundingBox();
          assert.ok(row.height >= 44, `legend row ${row.height}`);
          await tab(page, 'layers');
          // Filters: checkbox rows of at least 44 px.
          await tab(page, 'filters');
          const check = await page.locator('.qk-check').first().boundingBox();
          assert.ok(check.height >= 44, `filter row ${check.height}`);
          await tab(page, 'filters');

          // A tapped feature opens the details sheet; the zoom buttons stay above it.
          const station = features('swap_station')[0].id;
          const at = await hitPoint(page, station);
          await page.touchscreen.tap(at.x, at.y);
          await page.waitForSelector('.qk-details');
          await settle(page);
          await expectVisible(page, '.qk-details h2', { min: 1 });
          await expectVisible(page, '.qk-zoom-in', { min: 1 });
          await expectVisible(page, `[data-feature-id="${station}"] .qk-symbol`, { within: '.qk-map' });
          // Drag the grip up: the sheet grows and settles on a size.
          const sheet0 = await page.locator('.qk-details').boundingBox();
          const grip = await page.locator('.qk-details .qk-sheet-handle').boundingBox();
          await expectVisible(page, '.qk-details .qk-sheet-handle', { min: 1 });
          const cdp = await page.context().newCDPSession(page);
          const touch = async (type, y) => cdp.send('Input.dispatchTouchEvent', {
            type, touchPoints: type === 'touchEnd' ? [] : [{ x: grip.x + grip.width / 2, y, id: 1 }],
          });
          const y0 = grip.y + grip.height / 2;
          await touch('touchStart', y0);
          for (let i = 1; i <= 8; i++) await touch('touchMove', y0 - i * 30);
          await touch('touchEnd', 0);
          await frames(page);
          await sleep(200);
          const sheet1 = await page.locator('.qk-details').boundingBox();
          assert.ok(sheet1.height > sheet0.height + 100, `the sheet did not grow: ${sheet0.height} → ${sheet1.height}`);
          // Pulled down past the peek, it closes (and the selection with it).
          const grip1 = await page.locator('.qk-details .qk-sheet-handle').boundingBox();
          const y1 = grip1.y + grip1.height / 2;
          await touch('touchStart', y1);
          const main = await page.locator('.qk-main').boundingBox();
          const steps = 10;
          for (let i = 1; i <= steps; i++) await touch('touchMove', y1 + ((main.y + main.height - 20 - y1) * i) / steps);
          await touch('touchEnd', 0);
          await page.waitForSelector('.qk-details', { state: 'detached', timeout: 2000 });
          t.diagnostic(`sheet ${sheet0.height.toFixed(0)} → ${sheet1.height.toFixed(0)} px, then closed`);
        });
      });
    }
  }

  test('phone: the selected feature is never left under the sheet — from a permalink, a search pick and the list', async (t) => {
    const project = features('project').find((f) => f.geometry.type === 'Point');
    const [lng, lat] = project.geometry.coordinates;
    await withPage(PHONE, async (page) => {
      // A desktop permalink centred on the project: on a phone the sheet would cover the centre.
      await gotoMap(page, `#v=1&c=${lng},${lat}&z=14.00&s=${project.id}&l=en`);
      await page.waitForSelector('.qk-details');
      await settle(page);
      await expectVisible(page, `[data-feature-id="${project.id}"] .qk-symbol`, { within: '.qk-map' });
      await shot(page, 'phone-permalink-selection');
    });
    await withPage(PHONE, async (page) => {
      await gotoMap(page, '?lang=zh');
      await pinyinLoaded(page);
      // Search by pinyin initials, pick by touch.
      await page.locator('.qk-search-input').tap();
      await page.keyboard.type('hq');
      await page.waitForSelector('.qk-search-option');
      const id = await page.locator('.qk-search-option').first().getAttribute('data-feature-id');
      await page.locator('.qk-search-option').first().tap();
      await page.waitForSelector('.qk-details');
      await settle(page);
      await expectVisible(page, `.qk-svg [data-feature-id="${id}"]`, { within: '.qk-map', min: 0.5 });
      // Closing the sheet by touch does not put focus back into the search field.
      await page.locator('.qk-details .qk-close').tap();
      await page.waitForSelector('.qk-details', { state: 'detached' });
      await frames(page);
      const focus = await page.evaluate(() => document.activeElement?.className || document.activeElement?.tagName);
      assert.ok(!/qk-search-input/.test(focus), `focus went back to the search box (${focus})`);
      assert.equal(await page.locator('.qk-search-list:not([hidden])').count(), 0, 'the results list reopened');
      // The list twin: a tap on a row shows that feature above the sheet.
      await tab(page, 'list');
      const rows = page.locator('.qk-list-button');
      const rowId = await rows.nth(3).getAttribute('data-feature-id') ?? await rows.nth(3).evaluate((b) => b.closest('[data-feature-id]')?.getAttribute('data-feature-id'));
      await rows.nth(3).tap();
      await page.waitForSelector('.qk-details');
      await settle(page);
      if (rowId) await expectVisible(page, `.qk-svg [data-feature-id="${rowId}"]`, { within: '.qk-map', min: 0.3 });
      t.diagnostic(`search pick ${id}, list pick ${rowId}`);
    });
  });

  // ---------------------------------------------------------------- measuring

  test('a measurement stays on the map, labelled, until cleared; dragging a vertex moves it, not the map', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      await page.locator('.qk-measure-line').click();
      const a = await emptyZoneSpot(page);
      await page.mouse.click(a.x - 120, a.y);
      await page.mouse.click(a.x + 60, a.y + 40);
      await page.mouse.click(a.x + 120, a.y - 80);
      await frames(page);
      assert.equal(await page.locator('.qk-measure-segment').count(), 2, 'one label per segment');
      const readout = await page.locator('.qk-measure-readout dd').first().innerText();
      await page.locator('.qk-done').click();
      await frames(page);
      await makeHitTestable(page, '.qk-measure-total, .qk-measure-segment');
      await expectVisible(page, '.qk-measure-total', { min: 0.8, within: '.qk-map' });
      assert.equal((await page.locator('.qk-measure-total').textContent()).trim(), readout.trim(), 'the label on the map is the readout');
      await expectVisible(page, '.qk-clear', { min: 1 });
      await shot(page, 'measure-after-done');

      // Edit: measuring again, a vertex dragged moves and the map does not.
      await page.locator('.qk-measure-line').click();
      assert.equal(await page.locator('.qk-measure-total').count(), 0, 'a new measurement starts empty');
      await page.mouse.click(a.x - 120, a.y);
      await page.mouse.click(a.x + 100, a.y);
      await frames(page);
      const before = await page.locator('.qk-measure-readout dd').first().innerText();
      const feature = features('landmark')[0].id;
      const pos0 = await page.locator(`[data-feature-id="${feature}"]`).getAttribute('transform');
      const v = await page.locator('.qk-sketch-vertex[data-vertex="1"]').boundingBox();
      await page.mouse.move(v.x + v.width / 2, v.y + v.height / 2);
      await page.mouse.down();
      await page.mouse.move(v.x + v.width / 2 + 60, v.y + v.height / 2 + 60, { steps: 6 });
      await page.mouse.up();
      await frames(page);
      const after = await page.locator('.qk-measure-readout dd').first().innerText();
      assert.notEqual(after, before, 'the length did not change');
      assert.equal(await page.locator(`[data-feature-id="${feature}"]`).getAttribute('transform'), pos0, 'the map panned');
      await page.locator('.qk-clear').click();
      await page.locator('.qk-done').click();
      assert.equal(await page.locator('.qk-measure-total').count(), 0);
      t.diagnostic(`${readout}; vertex drag ${before} → ${after}`);
    });
  });

  // ---------------------------------------------------------------- sharing and the kiosk

  test("a kiosk's share link and QR code carry the view, never the kiosk's own mode", async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?kiosk=1&idle=600&lang=zh');
      const project = features('project')[0].id;
      const at = await hitPoint(page, project);
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.qk-details');
      await page.locator('.qk-share-btn').click();
      const url = await page.locator('.qk-share-url').inputValue();
      assert.ok(!/kiosk=|idle=/.test(url), `the link carries the kiosk's mode: ${url}`);
      assert.ok(url.includes(`s=${project}`), url);
      const png = PNG.sync.read(await page.locator('.qk-qr').screenshot());
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      assert.equal(code?.data, url, 'the QR code is the link');
    });
  });

  test('kiosk: sources as text and a code (no link out), a letter keypad for search, an attract loop that the first touch stops', async (t) => {
    await withPage(WIDE, async (page) => {
      await gotoMap(page, '?kiosk=1&idle=5&lang=zh');
      await pinyinLoaded(page);
      // The keypad: pinyin initials find 红旗.
      await page.locator('.qk-search-input').click();
      await expectVisible(page, '.qk-keypad', { min: 0.9 });
      assert.equal(await page.locator('.qk-search-input').getAttribute('inputmode'), 'none');
      await page.locator('.qk-key', { hasText: /^h$/ }).click();
      await page.locator('.qk-key', { hasText: /^q$/ }).click();
      await page.waitForSelector('.qk-search-option');
      assert.match(await page.locator('.qk-search-option').first().innerText(), /红旗/);
      await page.locator('.qk-search-option').first().click();
      await page.waitForSelector('.qk-details');
      // A source link would leave the kiosk: the address is shown as text with a code.
      const withLink = data.features.find((f) => f.properties.source_url && f.geometry.type === 'Point');
      if (withLink) {
        const at = await hitPoint(page, withLink.id);
        await page.mouse.click(at.x, at.y);
        await page.waitForSelector('.qk-source-text');
        await page.locator('.qk-source-qr').scrollIntoViewIfNeeded();
        assert.equal(await page.locator('.qk-details a[target="_blank"]').count(), 0, 'a link out of the kiosk');
        await expectVisible(page, '.qk-source-qr', { min: 0.9 });
      }
      // Idle: the warning, the reset, then the tour with its prompt.
      await page.mouse.move(5, 5);
      await page.waitForSelector('.qk-idle', { timeout: 10000 });
      await page.waitForSelector('.qk-attract', { timeout: 20000 });
      // The prompt lets touches through to the map: hit-testable for the check only.
      await makeHitTestable(page, '.qk-attract');
      await expectVisible(page, '.qk-attract', { min: 0.9 });
      await page.waitForSelector('.qk-details', { timeout: 10000 });
      await shot(page, 'kiosk-attract');
      await page.mouse.click(8, 300);
      await page.waitForSelector('.qk-attract', { state: 'detached', timeout: 2000 });
      t.diagnostic(`source shown as text: ${withLink ? withLink.id : 'no feature with a link'}`);
    });
  });

  // ---------------------------------------------------------------- a portal's own data

  test("a portal's data carries its own credits, not the default data's", async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en&data=./examples/portal-sample.geojson&attribution=' + encodeURIComponent('Data: Changchun Transport Bureau'));
      const credits = await page.locator('.qk-attribution .qk-credits').innerText();
      assert.match(credits, /Changchun Transport Bureau/);
      assert.doesNotMatch(credits, /Tianditu|MetroMap|Jilin Daily/, 'the default data is credited');
      assert.equal(await page.locator('.qk-attribution .qk-provenance').count(), 0, 'a schematic note for data with no schematic position');
      await expectVisible(page, '.qk-attribution .qk-sources', { min: 0.9 });
    });
  });
});
