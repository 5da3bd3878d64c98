#!/usr/bin/env node
// End-to-end tests of finding things: search (中文, English, pinyin), filters
// with live counts, the list twin synced with the map, and accessibility
// (axe-core, zero violations on desktop and phone in both languages).
//
//   node tests/e2e/find.test.mjs   (make e2e runs every *.test.mjs here)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DESKTOP, PHONE, ROOT, frames, gotoMap, hitPoint, pinyinLoaded, shot, sleep, startAll, stopAll, withPage } from './harness.mjs';
import { expectVisible } from './visible.mjs';

const visibleIds = (page, kind) =>
  page.$$eval(`.qk-f.qk-${kind}`, (els) => els.filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.dataset.featureId));

describe('qikai-map find and understand', { concurrency: false }, () => {
  before(startAll);
  after(stopAll);

  test('search finds by pinyin initials, full pinyin, Chinese and English; Enter flies there and opens details', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      await pinyinLoaded(page);
      const input = page.locator('#qk-search-input');
      for (const [query, id] of [['hq', 'project-hongqi-fanrong'], ['ＨＱ', 'project-hongqi-fanrong'], ['hongqi', 'project-hongqi-fanrong'],
        ['奥迪', 'project-audi-faw-nev'], ['audi', 'project-audi-faw-nev'], ['xihu', 'landmark-metro-xihu']]) {
        await input.fill(query);
        await page.waitForSelector('#qk-search-list:not([hidden]) [role="option"]');
        const first = await page.locator('#qk-search-list [role="option"]').first().getAttribute('data-feature-id');
        assert.equal(first, id, `"${query}" → ${first}`);
      }
      await input.fill('hq');
      await page.keyboard.press('ArrowDown');
      assert.equal(await input.getAttribute('aria-activedescendant'), 'qk-search-opt-0');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.qk-details');
      assert.match(await page.locator('#qk-details-title').innerText(), /红旗/);
      assert.ok(await page.locator('[data-feature-id="project-hongqi-fanrong"].qk-selected').count() === 1);
      await input.fill('zzzzqqq');
      await page.waitForFunction(() => document.querySelectorAll('#qk-search-list [role="option"]').length === 0);
      // Nothing found is said on screen, not shown as an empty box.
      await expectVisible(page, '.qk-search-none');
      assert.equal(await page.locator('.qk-search-none').innerText(), '没有匹配的结果');
      assert.equal(await page.locator('#qk-search-list:not([hidden])').count(), 0, 'an empty list box is shown');
      assert.equal(await input.getAttribute('aria-expanded'), 'false');
      await shot(page, 'desktop-search');
      t.diagnostic('hq, ＨＱ, hongqi → 红旗; 奥迪, audi → Audi FAW; xihu → 西湖站');
    });
  });

  test('the pinyin table comes after the map; until it does, search says so and still finds names', async (t) => {
    // Held: the table arrives only when the test lets it.
    await withPage(DESKTOP, async (page) => {
      let release;
      const held = new Promise((r) => { release = r; });
      let asked = 0;
      await page.route('**/hanzi-pinyin-*.bin', async (route) => {
        asked += 1;
        await held;
        await route.continue();
      });
      await gotoMap(page, '?lang=en');
      const input = page.locator('#qk-search-input');
      // 奥迪 is "aodi" only in pinyin (its English name is Audi).
      await input.fill('aodi');
      await page.waitForSelector('.qk-search-note');
      await expectVisible(page, '.qk-search-note');
      assert.match(await page.locator('.qk-search-note').innerText(), /Loading pinyin search/);
      assert.equal(await page.locator('#qk-search-list [role="option"]').count(), 0, 'no pinyin, no match for "aodi" yet');
      // Characters and English names need no table.
      await input.fill('Audi');
      await page.waitForSelector('#qk-search-list [role="option"][data-feature-id="project-audi-faw-nev"]');
      assert.equal(await page.locator('.qk-search-note').count(), 1, 'Latin letters typed: the note stays while the table loads');
      await input.fill('aodi');
      release();
      // The same query finds 奥迪 the moment the table is in.
      await page.waitForSelector('#qk-search-list [role="option"][data-feature-id="project-audi-faw-nev"]', { timeout: 10000 });
      await page.waitForSelector('.qk-search-note', { state: 'detached' });
      assert.equal(asked, 1, 'the table is fetched once');
      // It was asked for after the map was ready, not on the first view's path.
      const order = await page.evaluate(() => ({
        ready: performance.getEntriesByName('qk-state-ready')[0]?.startTime ?? null,
        table: performance.getEntriesByType('resource').find((e) => e.name.includes('hanzi-pinyin-'))?.startTime ?? null,
      }));
      assert.ok(order.ready != null && order.table != null, JSON.stringify(order));
      assert.ok(order.table > order.ready, `table requested at ${order.table} ms, map ready at ${order.ready} ms`);
      t.diagnostic(`map ready ${order.ready.toFixed(0)} ms, table requested ${order.table.toFixed(0)} ms`);
    });
    // Failed: the visitor is told, in their language, and names still work.
    await withPage(PHONE, async (page) => {
      await page.route('**/hanzi-pinyin-*.bin', (route) => route.fulfill({ status: 503, body: 'busy' }));
      await gotoMap(page, '?lang=zh');
      const input = page.locator('#qk-search-input');
      await input.fill('aodi');
      await page.waitForSelector('.qk-search-note');
      await page.waitForFunction(() => /拼音检索未能载入/.test(document.querySelector('.qk-search-note')?.textContent ?? ''));
      await expectVisible(page, '.qk-search-note');
      await shot(page, 'phone-search-pinyin-failed');
      await input.fill('红旗');
      await page.waitForSelector('#qk-search-list [role="option"][data-feature-id="project-hongqi-fanrong"]');
      assert.equal(await page.locator('.qk-search-note').count(), 0, 'no note for Chinese characters');
      // A later search asks again: a table that comes back is used.
      await page.unroute('**/hanzi-pinyin-*.bin');
      await input.fill('');
      await input.evaluate((el) => el.blur());
      await input.focus();
      await input.fill('aodi');
      await page.waitForSelector('#qk-search-list [role="option"][data-feature-id="project-audi-faw-nev"]', { timeout: 10000 });
    });
  });

  test('with the browser\'s data saver on, the pinyin table waits for the first search', async () => {
    await withPage(PHONE, async (page, log, context) => {
      await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) }));
      await gotoMap(page, '?lang=en');
      await sleep(2500); // past the idle prefetch (1 s after start-up)
      assert.equal(log.requests.filter((u) => u.includes('hanzi-pinyin-')).length, 0, 'fetched with the data saver on');
      await page.locator('#qk-search-input').fill('aodi');
      await page.waitForSelector('#qk-search-list [role="option"][data-feature-id="project-audi-faw-nev"]', { timeout: 10000 });
      assert.equal(log.requests.filter((u) => u.includes('hanzi-pinyin-')).length, 1);
    });
  });

  test('story=0 (a portal with only its own data): no story tab, no cited figures; the computed statistics stay', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en&story=0');
      assert.equal(await page.locator('.qk-story-btn').count(), 0, 'a story tab');
      await expectVisible(page, '.qk-list-btn');
      await page.locator('.qk-stats-btn').click();
      await page.waitForSelector('.qk-stats .qk-investment-total');
      await expectVisible(page, '.qk-stats .qk-investment-total');
      const headings = await page.locator('.qk-stats .qk-subtitle').allInnerTexts();
      assert.ok(!headings.some((h) => /cited/i.test(h)), headings.join(' | '));
      assert.ok(headings.some((h) => /computed/i.test(h)), headings.join(' | '));
    });
    await withPage(PHONE, async (page) => {
      await gotoMap(page, '?lang=zh&story=0');
      assert.equal(await page.locator('.qk-story-btn').count(), 0, 'a story tab on the phone');
      // The other tabs keep the bar: each still on screen.
      for (const tab of ['.qk-layers-btn', '.qk-tools-btn', '.qk-filters-btn', '.qk-list-btn', '.qk-more-btn']) {
        await expectVisible(page, tab);
      }
      await shot(page, 'phone-story-off');
    });
    // Default: the story is there.
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      await expectVisible(page, '.qk-story-btn');
    });
  });

  test('filters hide what does not match, show live counts, and live in the permalink', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      await page.locator('.qk-filters-btn').click();
      await page.waitForSelector('.qk-filters');
      const projectCount = Number(await page.locator('.qk-filters input[data-kind="project"] ~ .qk-count').innerText());
      assert.equal(projectCount, 4);
      await page.locator('.qk-filters input[data-band="over10"]').check();
      await frames(page);
      assert.deepEqual((await visibleIds(page, 'project')).sort(), ['project-audi-faw-nev', 'project-faw-findreams']);
      assert.equal((await visibleIds(page, 'swap_station')).length, 0, 'stations state no investment');
      await page.waitForFunction(() => location.hash.includes('f='));
      assert.match(await page.locator('.qk-shown-count').innerText(), /2 features shown/);
      await shot(page, 'desktop-filters');
      await page.locator('.qk-filters input[data-band="any"]').check();
      await page.locator('.qk-filters input[data-kind="swap_station"]').uncheck();
      await frames(page);
      assert.equal((await visibleIds(page, 'swap_station')).length, 0);
      assert.equal((await visibleIds(page, 'project')).length, 4);
      await page.locator('.qk-clear-filters').click();
      await frames(page);
      assert.equal((await visibleIds(page, 'swap_station')).length, 6);
    });
  });

  test('the list twin is synced with the map and sorts by name (pinyin), investment and distance', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      await pinyinLoaded(page);
      await page.locator('.qk-list-btn').click();
      await page.waitForSelector('.qk-feature-list .qk-list-item');
      const names = await page.locator('.qk-list-name').allInnerTexts();
      assert.equal(names.length, 21, 'parks, projects, stations and landmarks');
      // Pinyin order: 奥迪 (ao) before 长春 (chang) before 红旗 (hong) before 一汽弗迪 (yi).
      const idx = (prefix) => names.findIndex((n) => n.startsWith(prefix));
      assert.ok(idx('奥迪') < idx('长春') && idx('长春') < idx('红旗') && idx('红旗') < idx('一汽弗迪'), names.join(' | '));
      await page.locator('.qk-sort[data-sort="investment"]').click();
      await page.waitForFunction(() => document.querySelector('.qk-list-button')?.dataset.featureId === 'project-audi-faw-nev',
        null, { timeout: 5000 });
      await page.locator('.qk-sort[data-sort="distance"]').click();
      await page.waitForFunction(() => document.querySelector('.qk-sort[data-sort="distance"]')?.getAttribute('aria-pressed') === 'true');
      await frames(page);
      const facts = await page.locator('.qk-list-facts').allInnerTexts();
      assert.ok(facts[0].includes('距最近换电站'), facts[0]);
      // Distances to schematic stations carry the illustrative mark, once, above the rows.
      await expectVisible(page, '.qk-feature-list .qk-illustrative');
      assert.match(await page.locator('.qk-feature-list .qk-illustrative').innerText(), /示意/);
      // List → map.
      await page.locator('.qk-list-button[data-feature-id="project-faw-findreams"]').click();
      await page.waitForSelector('[data-feature-id="project-faw-findreams"].qk-selected');
      await page.locator('.qk-details .qk-close').click();
      await page.waitForSelector('.qk-details', { state: 'detached' });
      await sleep(500); // let the fly-to animation settle
      await page.locator('.qk-home').click(); // the list flew to 一汽弗迪 at street zoom: back to the whole zone
      await frames(page);
      // Map → list.
      const at = await hitPoint(page, 'project-hongqi-fanrong');
      await page.mouse.click(at.x, at.y);
      await page.locator('.qk-details .qk-close').click();
      assert.equal(await page.locator('.qk-list-button[data-feature-id="project-hongqi-fanrong"]').getAttribute('aria-current'), null,
        'closing the details clears the selection');
      await sleep(350); // two taps within 300 ms are a double-tap zoom
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.qk-details');
      await page.keyboard.press('Escape');
      await shot(page, 'desktop-list');
      t.diagnostic(`first names: ${names.slice(0, 5).join(', ')}`);
    });
  });

  test('the story shows the 2023 timeline with sources and links to the mapped project', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en');
      await page.locator('.qk-story-btn').click();
      await page.waitForSelector('.qk-story');
      const items = page.locator('.qk-timeline-item');
      assert.equal(await items.count(), 6);
      assert.equal(await page.locator('.qk-timeline-item blockquote.qk-source').count(), 6, 'every item quotes its source');
      assert.match(await items.first().locator('time').innerText(), /13 Jan 2023/);
      // The article's date, and beside it the conflict with three dated reports.
      const audi = page.locator('.qk-timeline-item', { has: page.locator('[data-feature-id="project-audi-faw-nev"]') });
      assert.match(await audi.locator('time').innerText(), /21 Nov 2023/);
      assert.match(await audi.locator('.qk-caveat').innerText(), /2022-11-21/);
      // The eight firms attracted to Changchun: two placed in the zone by a cited source, six city-wide.
      assert.equal(await page.locator('.qk-attracted-item').count(), 8);
      assert.equal(await page.locator('.qk-attracted-item[data-on-map="true"] .qk-show-on-map').count(), 2);
      assert.equal(await page.locator('.qk-attracted-item[data-on-map="false"] .qk-city-wide').count(), 6);
      // Context outside the zone says so where its figure is.
      assert.match(await page.locator('.qk-cited li[data-key="xuyang_investment"] .qk-outside-tag').innerText(), /Outside the zone/);
      await page.locator('.qk-show-on-map[data-feature-id="project-audi-faw-nev"]').click();
      await page.waitForSelector('[data-feature-id="project-audi-faw-nev"].qk-selected');
      await page.waitForSelector('.qk-details');
      // The details milestone shows the same conflict.
      assert.match(await page.locator('.qk-details .qk-milestones').innerText(), /2022-11-21/);
      await shot(page, 'desktop-story-link');
    });
  });

  const LAYOUTS = [
    ['phone-360', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
    ['phone-390', PHONE],
    ['expo-1920', { viewport: { width: 1920, height: 1080 } }],
    ['expo-3840', { viewport: { width: 3840, height: 2160 } }],
  ];
  for (const [name, options] of LAYOUTS) {
    test(`layout ${name}: the map fills the screen, nothing scrolls sideways, controls are on screen`, async (t) => {
      for (const lang of ['zh', 'en']) {
        await withPage(options, async (page) => {
          await gotoMap(page, `?lang=${lang}`);
          const m = await page.evaluate(() => {
            const vw = innerWidth, vh = innerHeight;
            const map = document.querySelector('.qk-map').getBoundingClientRect();
            const offscreen = [...document.querySelectorAll('.qk-controls button, .qk-zoom button')]
              .map((b) => b.getBoundingClientRect())
              .filter((r) => r.left < 0 || r.top < 0 || r.right > vw + 0.5 || r.bottom > vh + 0.5).length;
            const zoom = document.querySelector('.qk-zoom-in').getBoundingClientRect();
            return {
              scrollX: document.scrollingElement.scrollWidth - vw,
              mapShare: (map.width * map.height) / (vw * vh),
              offscreen,
              target: Math.min(zoom.width, zoom.height),
              // The chrome's text size (everything inside is sized in em of it).
              font: parseFloat(getComputedStyle(document.querySelector('.qk-layout')).fontSize),
            };
          });
          assert.ok(m.scrollX <= 0, `page scrolls sideways by ${m.scrollX}px`);
          assert.ok(m.mapShare >= 0.6, `map covers only ${(m.mapShare * 100).toFixed(0)}% of the screen`);
          assert.equal(m.offscreen, 0, 'controls off screen');
          assert.ok(m.target >= 44, `zoom button ${m.target}px`);
          if (name.startsWith('expo')) assert.ok(m.font >= (name === 'expo-3840' ? 28 : 20), `text ${m.font}px on an expo screen`);
          await shot(page, `layout-${name}-${lang}`);
          t.diagnostic(`${name} ${lang}: map ${(m.mapShare * 100).toFixed(0)}%, target ${m.target}px, font ${m.font}px`);
        });
      }
    });
  }

  for (const [label, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    for (const lang of ['zh', 'en']) {
      test(`axe-core finds no accessibility violations (${label}, ${lang})`, async (t) => {
        // axe is injected as a script, which the strict CSP would (rightly) block.
        await withPage({ ...options, bypassCSP: true }, async (page) => {
          await gotoMap(page, `?lang=${lang}`);
          await page.addScriptTag({ path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
          const check = async (what) => {
            const result = await page.evaluate(async () => {
              const r = await window.axe.run(document, { resultTypes: ['violations'] });
              return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
            });
            assert.deepEqual(result, [], `${what}: ${result.join('\n')}`);
          };
          await check('map');
          const at = await hitPoint(page, 'project-audi-faw-nev');
          await page.mouse.click(at.x, at.y);
          await page.waitForSelector('.qk-details');
          await check('details open');
          await page.keyboard.press('Escape');
          await page.locator('.qk-filters-btn').click();
          await check('filters open');
          await page.locator('.qk-list-btn').click();
          await check('list open');
          t.diagnostic('0 violations: map, details, filters, list');
        });
      });
    }
  }
});
