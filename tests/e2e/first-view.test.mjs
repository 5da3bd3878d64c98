// The first view (issue 16): before the WebAssembly has arrived, the page
// already shows the map — the home view of the default data, drawn at build
// time by the same scene code — and the widget replaces it in place.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectVisible } from './visible.mjs';
import { DESKTOP, PHONE, env, shot, sleep, startAll, stopAll, withPage } from './harness.mjs';

const WASM_DELAY_MS = 2500;

describe('qikai-map first view', { concurrency: false }, () => {
  before(startAll);
  after(stopAll);

  for (const [name, device] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`${name}: the map is on screen while the wasm is still on its way, then the widget takes its place`, async (t) => {
      await withPage(device, async (page) => {
        let wasmArrived = null;
        await page.route('**/*_bg.wasm', async (route) => {
          await sleep(WASM_DELAY_MS);
          wasmArrived = Date.now();
          await route.continue();
        });
        // Every frame until a live symbol is on top: was there one with neither
        // the picture nor the live map (a blank flash)?
        await page.addInitScript(() => {
          const probe = (window.__firstView = { seen: false, blank: 0, frames: 0 });
          const liveOnTop = () => [...document.querySelectorAll('.qk-app .qk-f.qk-point')].some((el) => {
            const r = el.getBoundingClientRect();
            if (!r.width) return false;
            const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return !!hit && el.contains(hit);
          });
          const tick = () => {
            const picture = !!document.querySelector('.qk-first-view .qk-point');
            const live = liveOnTop();
            probe.seen ||= picture || live;
            if (probe.seen) probe.frames += 1;
            if (probe.seen && !picture && !live) probe.blank += 1;
            if (!live) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        const start = Date.now();
        await page.goto(`${env.base}/?lang=en`, { waitUntil: 'domcontentloaded' });
        // The static picture: symbols on top and inside the window, the zone in the window.
        await expectVisible(page, '.qk-first-view .qk-point.qk-project .qk-symbol', { min: 0.6 });
        await expectVisible(page, '.qk-first-view .qk-first-view-note', { min: 1 });
        const shown = Date.now() - start;
        assert.equal(wasmArrived, null, 'shown before the wasm arrived');
        const zone = await page.locator('.qk-first-view .qk-area.qk-zone').boundingBox();
        const viewport = page.viewportSize();
        assert.ok(zone && zone.x >= 0 && zone.y >= 0 && zone.x + zone.width <= viewport.width && zone.y + zone.height <= viewport.height,
          `the zone lies inside the window: ${JSON.stringify(zone)}`);
        assert.ok(zone.height > viewport.height * 0.4, `the zone fills the picture (${Math.round(zone.height)} px high)`);
        assert.equal(await page.locator('.qk-first-view [data-feature-id]').count(), 0, 'nothing in it passes for the live map');
        const counts = await page.evaluate(() => ({
          points: document.querySelectorAll('.qk-first-view .qk-point').length,
          areas: document.querySelectorAll('.qk-first-view .qk-area').length,
        }));
        await shot(page, `first-view-${name}`);
        // The widget takes over: the picture goes, the live map has the same features.
        await page.waitForSelector('.qk-app .qk-f[data-feature-id="zone-qikai"]', { timeout: 30000 });
        assert.ok(wasmArrived, 'the wasm arrived');
        assert.equal(await page.locator('.qk-first-view').count(), 0, 'the first view is removed when the widget mounts');
        const live = await page.evaluate(() => ({
          points: document.querySelectorAll('.qk-app .qk-f.qk-point').length,
          areas: document.querySelectorAll('.qk-app .qk-f.qk-area').length,
        }));
        assert.deepEqual(counts, live, 'the first view drew what the live map draws');
        const flash = await page.evaluate(() => window.__firstView);
        assert.equal(flash.blank, 0, `frames with neither the picture nor the live map: ${flash.blank} of ${flash.frames}`);
        // No jump: the live home view puts the zone where the picture had it.
        await page.waitForTimeout(300);
        const liveZone = await page.locator('.qk-app .qk-f[data-feature-id="zone-qikai"]').boundingBox();
        const centre = (r) => [r.x + r.width / 2, r.y + r.height / 2];
        const [sx, sy] = centre(zone), [lx, ly] = centre(liveZone);
        const shift = Math.hypot(sx - lx, sy - ly), scale = liveZone.height / zone.height;
        assert.ok(shift <= 24 && scale > 0.9 && scale < 1.1, `the zone moved ${shift.toFixed(0)} px and scaled ${scale.toFixed(2)}x when the widget took over`);
        t.diagnostic(`${name}: first view on screen ${shown} ms after navigation; the wasm (held back ${WASM_DELAY_MS} ms) arrived ${wasmArrived - start} ms after; at take-over the zone moved ${shift.toFixed(0)} px, scaled ${scale.toFixed(2)}x`);
      });
    });
  }

  test('phone: a tap on the first view is kept and opens that feature when the widget takes over, over the link', async (t) => {
    await withPage(PHONE, async (page, log) => {
      let wasmArrived = null;
      await page.route('**/*_bg.wasm', async (route) => {
        await sleep(WASM_DELAY_MS);
        wasmArrived = Date.now();
        await route.continue();
      });
      // Opened from a link that selects the zone: the visitor's tap is newer and wins.
      await page.goto(`${env.base}/?lang=en#v=1&s=zone-qikai`, { waitUntil: 'domcontentloaded' });
      const points = page.locator('.qk-first-view .qk-point.qk-project[data-qk-fv]');
      await expectVisible(page, '.qk-first-view .qk-point.qk-project .qk-symbol', { min: 0.6 });
      // qikai-map.js (which marks taps) runs before the wasm; tap once it has.
      await page.waitForSelector('.qk-first-view.qk-first-view-taps');
      const [first, second] = [points.nth(0), points.nth(1)];
      await first.tap();
      await second.tap();
      const picked = await second.getAttribute('data-qk-fv');
      assert.equal(wasmArrived, null, 'tapped before the wasm arrived');
      assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('.qk-fv-chosen')].map((e) => e.dataset.qkFv)), [picked], 'the latest tap is the one kept');
      // Its details open at once from the build's card, the tapped point kept above it.
      await page.waitForSelector('.qk-fv-details .qk-fv-card-title', { timeout: 5000 });
      assert.equal(wasmArrived, null, 'the card opened before the wasm arrived');
      await expectVisible(page, '.qk-fv-details .qk-fv-card-title', { min: 1 });
      await page.waitForTimeout(100);
      await expectVisible(page, '.qk-first-view .qk-fv-chosen .qk-halo', { min: 0.5 });
      const card = await page.locator('.qk-fv-details').evaluate((e) => ({
        title: e.querySelector('.qk-fv-card-title').textContent.trim(),
        lang: e.querySelector('.qk-fv-card').getAttribute('lang'),
        facts: [...e.querySelectorAll('dt, dd')].map((d) => d.textContent.trim()),
      }));
      assert.equal(card.lang, 'en');
      assert.ok(card.facts.length >= 6, JSON.stringify(card.facts));
      await shot(page, 'first-view-phone-picked');
      // The widget takes over with that feature open, its details and the feature both on screen.
      await page.waitForSelector(`.qk-app .qk-f.qk-selected[data-feature-id="${picked}"]`, { timeout: 30000 });
      await expectVisible(page, '.qk-details h2', { min: 1 });
      const name = await page.locator(`.qk-app .qk-f[data-feature-id="${picked}"]`).getAttribute('aria-label');
      const heading = (await page.locator('.qk-details h2').innerText()).trim();
      assert.ok(name.includes(heading), `the details are the tapped feature's: "${heading}" in "${name}"`);
      // The card said what the live panel says.
      assert.equal(card.title, heading);
      const liveFacts = await page.locator('.qk-details dl.qk-facts').first().evaluate((e) => [...e.querySelectorAll('dt, dd')].map((d) => d.textContent.trim()));
      assert.deepEqual(card.facts, liveFacts, 'the same facts before and after the take-over');
      assert.equal(await page.locator('.qk-fv-details').count(), 0, 'the card left with the first view');
      await page.waitForTimeout(800); // the camera settles with the sheet open
      await expectVisible(page, `.qk-app .qk-f[data-feature-id="${picked}"] .qk-symbol`, { min: 0.5 });
      await page.waitForFunction((id) => location.hash.includes(`s=${id}`), picked);
      await shot(page, 'first-view-phone-picked-live');
      assert.deepEqual(log.consoleErrors, []);
      t.diagnostic(`tapped ${picked} on the first view; opened when the wasm (held back ${WASM_DELAY_MS} ms) had arrived`);
    });
  });

  test('desktop 中文: the card of a tapped park opens in Chinese beside the map; closing it is a deselection the widget keeps', async (t) => {
    await withPage(DESKTOP, async (page, log) => {
      let wasmArrived = null;
      await page.route('**/*_bg.wasm', async (route) => {
        await sleep(WASM_DELAY_MS);
        wasmArrived = Date.now();
        await route.continue();
      });
      await page.goto(`${env.base}/?lang=zh`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.qk-first-view.qk-first-view-taps');
      const park = page.locator('.qk-first-view .qk-area.qk-park[data-qk-fv]').first();
      const box = await park.boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForSelector('.qk-fv-details .qk-fv-card-title', { timeout: 5000 });
      await expectVisible(page, '.qk-fv-details .qk-fv-card-title', { min: 1 });
      const card = page.locator('.qk-fv-details .qk-fv-card');
      assert.equal(await card.getAttribute('lang'), 'zh-CN');
      assert.match(await card.innerText(), /类型/);
      assert.match(await card.innerText(), /地图就绪后可查看更多信息/);
      const panel = await page.locator('.qk-fv-details').boundingBox();
      assert.ok(panel.x > page.viewportSize().width / 2, `a panel at the right (x ${panel.x})`);
      await shot(page, 'first-view-desktop-card-zh');
      await expectVisible(page, '.qk-fv-card-close', { min: 1 });
      await page.locator('.qk-fv-card-close').click();
      assert.equal(await page.locator('.qk-fv-details').count(), 0);
      assert.equal(await page.locator('.qk-fv-chosen').count(), 0, 'closing deselects');
      assert.equal(wasmArrived, null, 'all before the wasm arrived');
      await page.waitForSelector('.qk-app .qk-map .qk-svg', { timeout: 30000 });
      await page.waitForTimeout(500);
      assert.equal(await page.locator('.qk-details').count(), 0, 'the widget opens nothing');
      assert.deepEqual(log.consoleErrors, []);
      t.diagnostic('park card in 中文 at the right, closed before the take-over');
    });
  });

  test("a page given a portal's data keeps only the zone of the default first view", async () => {
    await withPage(PHONE, async (page) => {
      let wasmArrived = false;
      await page.route('**/*_bg.wasm', async (route) => {
        await sleep(WASM_DELAY_MS);
        wasmArrived = true;
        await route.continue();
      });
      await page.goto(`${env.base}/?lang=en&data=./examples/portal-sample.geojson`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => document.querySelector('.qk-first-view .qk-zone') && !document.querySelector('.qk-first-view .qk-point, .qk-first-view .qk-park'));
      assert.equal(wasmArrived, false, 'trimmed before the wasm arrived');
      await page.waitForSelector('.qk-app .qk-f[data-feature-id="portal-plot"]', { timeout: 30000 });
      assert.equal(await page.locator('.qk-first-view').count(), 0);
    });
  });

  test('a host page (script tag and div) is not given the first view', async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/examples/script.html`);
      await page.waitForFunction(() => document.querySelectorAll('.qk-app').length === 2, null, { timeout: 20000 });
      assert.equal(await page.locator('.qk-first-view').count(), 0);
    });
  });
});
