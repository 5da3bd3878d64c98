#!/usr/bin/env node
// End-to-end browser tests for qikai-map (the foundation: load, gestures,
// selection, keyboard, language, legend), against the release build in dist/.
//
//   node tests/e2e/map.test.mjs   (or: make e2e, which builds first)

import { expectVisible } from './visible.mjs';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CJK, DESKTOP, KIND_COUNTS, PHONE, dist, emptyMapSpot, frames, gotoMap, hitPoint, pointPos, shot, sleep, startAll, stopAll, visibleText, withPage } from './harness.mjs';


describe('qikai-map end to end', { concurrency: false }, () => {
  before(startAll);
  after(stopAll);

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
      assert.equal(await page.locator('.qk-details').count(), 0, 'a drag must not select anything');
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
      assert.equal(await page.locator('.qk-details').count(), 0, 'a pinch must not select anything');
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
      const panel = page.locator('.qk-details');
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
      // The sheet rises from the bottom of the map, above the tab bar.
      const main = await page.locator('.qk-main').boundingBox();
      assert.ok(Math.abs(r.y + r.height - (main.y + main.height)) <= 2, `sheet bottom ${(r.y + r.height).toFixed(1)} ≠ map bottom ${(main.y + main.height).toFixed(1)}`);
      assert.ok(Math.abs(r.x) <= 2 && Math.abs(r.width - vp.width) <= 2, `sheet spans x=${r.x.toFixed(1)} w=${r.width.toFixed(1)}, not the full width ${vp.width}`);
      await expectVisible(page, '.qk-tabs', { min: 1 });
      // The tapped station is not left under the sheet.
      await page.waitForTimeout(700);
      await expectVisible(page, '[data-feature-id="swap-schematic-3"] .qk-symbol', { within: '.qk-map' });
    });
  });

  test('6 clicking a project shows its figures in both languages; close returns focus', async (t) => {
    const focusAfterClose = {};
    for (const [lang, figure] of [['zh', '209.3 亿元'], ['en', 'CNY 20.93 billion']]) {
      await withPage(DESKTOP, async (page) => {
        await gotoMap(page, `?lang=${lang}`);
        const at = await hitPoint(page, 'project-audi-faw-nev');
        await page.mouse.click(at.x, at.y);
        const panel = page.locator('.qk-details');
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
      const panel = page.locator('.qk-details');
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
