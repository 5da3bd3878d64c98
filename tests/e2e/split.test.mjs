// Code splitting (issue 16): the panels the first view does not need are wasm
// chunks (src/components/lazy.rs, scripts/split_wasm.py). The first view
// fetches none of them; a panel's chunk is fetched when it first opens (or when its tab
// is pointed at or focused), with
// a bilingual loading line in the panel's frame (which stands where the panel
// will), and a bilingual error with a retry button when it cannot be fetched.
//
//   node --test tests/e2e/split.test.mjs   (after make build)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { DESKTOP, DIST, PHONE, frames, gotoMap, hitPoint, sleep, startAll, stopAll, withPage } from './harness.mjs';
import { expectVisible } from './visible.mjs';

const chunks = readdirSync(DIST).filter((f) => f.endsWith('.chunk.wasm'));
const CJK = /[\u3400-\u9fff]/;
const LATIN = /[A-Za-z]{4}/;
/** Issue 16's stage 1: what the first view downloads (wasm + js + css, brotli 11). */
const FIRST_VIEW_BUDGET_BR = 300_000;
const brotli11 = (bytes) => brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;

describe('qikai-map code splitting', { concurrency: false }, () => {
  before(startAll);
  after(stopAll);

  test('the release build is split; the first view fetches no panel\'s chunk, only details and then search once it runs', async () => {
    assert.ok(chunks.some((f) => f.includes('.split_stats.')), `a stats chunk in dist/: ${chunks.join(', ')}`);
    await withPage(DESKTOP, async (page, log) => {
      await gotoMap(page);
      await sleep(300);
      const fetched = log.requests.filter((u) => /\.(chunk|pack)\.wasm$/.test(u));
      const panels = fetched.filter((u) => /\.split_(?!search\.|details\.)/.test(u));
      assert.deepEqual(panels, [], 'no panel\'s chunk before a panel opens');
      // Search and the details are fetched when the widget mounts (a tap or a
      // query rarely comes before their round trip).
      for (const soon of ['split_search', 'split_details']) {
        assert.ok(fetched.some((u) => u.includes(`.${soon}.`)), `${soon} fetched at mount: ${fetched.join(', ')}`);
      }
      // The details' code first, search's once it has arrived: on six
      // HTTP/1.1 connections, fetched together each waited for the other.
      const details = fetched.findIndex((u) => u.includes('.split_details.'));
      const search = fetched.findIndex((u) => u.includes('.split_search.'));
      assert.ok(details < search, `details' chunk requested before search's: ${fetched.join(', ')}`);
      const arrival = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('resource')
        .filter((e) => /\.split_(search|details)\./.test(e.name)).map((e) => [/split_(\w+)/.exec(e.name)[1], e])
        .map(([k, e]) => [k, { start: e.startTime, end: e.responseEnd }])));
      assert.ok(arrival.search.start >= arrival.details.end, `search's chunk after the details' arrived: ${JSON.stringify(arrival)}`);
      // Each split point's modules come in one request (its pack), not one
      // per shared chunk.
      assert.ok(fetched.some((u) => u.endsWith('.split_details.pack.wasm')), `the details' pack: ${fetched.join(', ')}`);
      assert.deepEqual(fetched.filter((u) => /\.chunk_\d+\.chunk\.wasm$/.test(u)), [], 'no shared chunk fetched alone');
      const mounted = await page.evaluate(() => performance.getEntriesByName('qk-state-ready')[0]?.startTime);
      const started = await page.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => /\.split_(search|details)\./.test(e.name)).map((e) => e.startTime));
      assert.ok(started.every((t) => t >= mounted), `after the widget ran (${mounted} ms): ${started}`);
      await page.locator('.qk-stats-btn').click();
      await page.waitForSelector('.qk-stats .qk-stats-kinds dd');
      assert.ok(log.requests.some((u) => u.includes('.split_stats.')), 'the stats chunk is fetched when the panel opens');
      assert.deepEqual(log.consoleErrors, []);
    });
  });

  test('pointing at a tab fetches its panel\'s chunk before the click', async () => {
    await withPage(DESKTOP, async (page, log) => {
      await gotoMap(page);
      await page.locator('.qk-filters-btn').hover();
      await page.waitForFunction(() => performance.getEntriesByType('resource')
        .some((e) => e.name.includes('.split_filters.') && e.responseEnd > 0), null, { timeout: 10000 });
      assert.equal(await page.locator('.qk-filters, .qk-chunk').count(), 0, 'no panel opened by pointing');
      // Only that panel's chunk (and the pieces it shares): no other panel's.
      const others = log.requests.filter((u) => /\.split_(stats|list|share|story|analysis)\./.test(u));
      assert.deepEqual(others, []);
      await page.locator('.qk-filters-btn').click();
      await page.waitForSelector('.qk-filters input[data-kind="project"]', { timeout: 2000 });
      assert.equal(await page.locator('.qk-chunk-loading').count(), 0, 'no loading line: the chunk was already here');
    });
  });

  test('typed before the search code arrived: the query, the focus and the results are kept', async () => {
    await withPage(DESKTOP, async (page, log) => {
      let release;
      const held = new Promise((r) => (release = r));
      await page.route('**/*.split_search.*.wasm', async (route) => {
        await held;
        await route.continue();
      });
      await gotoMap(page, '?lang=en');
      // The stand-in field is there at once, where the search will be.
      await expectVisible(page, '.qk-search-input', { min: 0.9 });
      const before = await page.locator('.qk-search-input').boundingBox();
      await page.locator('.qk-search-input').click();
      await page.keyboard.type('Audi');
      assert.equal(await page.locator('.qk-search-option').count(), 0, 'no results without the search code');
      release();
      await page.waitForSelector('.qk-search-option', { timeout: 10000 });
      await expectVisible(page, '.qk-search-option', { min: 0.9 });
      assert.equal(await page.locator('.qk-search-input').inputValue(), 'Audi', 'what was typed is kept');
      assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('qk-search-input')), 'the field keeps the focus');
      assert.match(await page.locator('.qk-search-option').first().innerText(), /Audi/);
      const after = await page.locator('.qk-search-input').boundingBox();
      for (const k of ['x', 'y', 'width', 'height']) assert.ok(Math.abs(after[k] - before[k]) <= 1, `no jump (${k})`);
      // The keyboard goes on working in the real field.
      await page.keyboard.press('Enter');
      await page.waitForSelector('.qk-details h2', { timeout: 10000 });
      assert.match(await page.locator('.qk-details h2').innerText(), /Audi/);
      assert.deepEqual(log.consoleErrors, []);
    });
  });

  test('phone: a tap before the details code arrived shows their frame, holding the sheet, then the details', async () => {
    await withPage(PHONE, async (page, log) => {
      let release;
      const held = new Promise((r) => (release = r));
      await page.route('**/*.split_details.*.wasm', async (route) => {
        await held;
        await route.continue();
      });
      await gotoMap(page, '?lang=en');
      const id = 'project-audi-faw-nev';
      const at = await hitPoint(page, id);
      await page.touchscreen.tap(at.x, at.y);
      const loading = page.locator('.qk-chunk-details .qk-chunk-loading');
      await loading.waitFor({ state: 'visible' });
      assert.match(await loading.innerText(), /[\u3400-\u9fff].*Loading/s);
      const frame = await page.locator('.qk-chunk-details').boundingBox();
      assert.ok(frame.height > 300, `the frame holds the sheet's room: ${frame.height}px`);
      await sleep(900); // the camera settles above the frame
      await expectVisible(page, `[data-feature-id="${id}"] .qk-symbol`, { min: 0.5 });
      release();
      await page.waitForSelector('.qk-details h2', { timeout: 10000 });
      assert.equal(await page.locator('.qk-chunk-details').count(), 0);
      await expectVisible(page, '.qk-details h2', { min: 1 });
      await sleep(900);
      await expectVisible(page, `[data-feature-id="${id}"] .qk-symbol`, { min: 0.5 });
      assert.deepEqual(log.consoleErrors, []);
    });
  });

  for (const [name, device] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`${name}: a slow chunk shows a bilingual loading line where the panel opens, without a jump`, async () => {
      await withPage(device, async (page, log) => {
        let release;
        const held = new Promise((r) => (release = r));
        await page.route('**/*.split_story.*.wasm', async (route) => {
          await held;
          await route.continue();
        });
        await gotoMap(page);
        await page.locator('.qk-story-btn:visible').first().click();
        const loading = page.locator('.qk-chunk .qk-chunk-loading');
        await loading.waitFor({ state: 'visible' });
        const line = await loading.innerText();
        assert.match(line, CJK, 'the loading line in Chinese');
        assert.match(line, LATIN, 'and in English');
        assert.equal(await page.locator('.qk-chunk').getAttribute('aria-busy'), 'true');
        const frameBox = await page.locator('.qk-chunk').boundingBox();
        release();
        await page.waitForSelector('.qk-story', { state: 'visible' });
        await frames(page);
        assert.equal(await page.locator('.qk-chunk').count(), 0, 'the frame gives way to the panel');
        const panelBox = await page.locator('.qk-story').boundingBox();
        for (const k of ['x', 'y', 'width']) {
          assert.ok(Math.abs(panelBox[k] - frameBox[k]) <= 2, `the panel stands where its frame stood (${k}: ${frameBox[k]} -> ${panelBox[k]})`);
        }
        assert.deepEqual(log.consoleErrors, []);
      });
    });
  }

  test('a chunk that cannot be fetched shows a bilingual error, and the retry button loads it', async () => {
    await withPage(DESKTOP, async (page) => {
      let fail = true;
      await page.route('**/*.split_stats.*.wasm', (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
      await gotoMap(page);
      await page.locator('.qk-stats-btn').click();
      const error = page.locator('.qk-chunk .qk-chunk-failed[role="alert"]');
      await error.waitFor({ state: 'visible' });
      const text = await error.innerText();
      assert.match(text, CJK, 'the error in Chinese');
      assert.match(text, LATIN, 'and in English');
      // The rest of the widget still works: the map answers, another panel opens.
      await page.locator('.qk-filters-btn').click();
      await page.waitForSelector('.qk-filters');
      await page.locator('.qk-stats-btn').click();
      await error.waitFor({ state: 'visible' });
      fail = false;
      await page.locator('.qk-chunk-retry').click();
      await page.waitForSelector('.qk-stats .qk-stats-kinds dd');
      assert.equal(await page.locator('.qk-chunk').count(), 0);
    });
  });
  test('without its pack (a host that copied only the modules) a panel loads module by module', async () => {
    await withPage(DESKTOP, async (page, log) => {
      await page.route('**/*.pack.wasm', (route) => route.fulfill({ status: 404, body: 'not here' }));
      await gotoMap(page);
      await page.locator('.qk-stats-btn').click();
      await page.waitForSelector('.qk-stats .qk-stats-kinds dd');
      assert.ok(log.requests.some((u) => u.endsWith('.split_stats.pack.wasm')), 'the pack was asked for');
      assert.ok(log.requests.some((u) => u.endsWith('.split_stats.chunk.wasm')), 'then the module alone');
      assert.ok(log.requests.some((u) => /\.chunk_\d+\.chunk\.wasm$/.test(u)), 'and its shared chunks alone');
      const errors = log.consoleErrors.filter((e) => !/404|Not Found/i.test(e));
      assert.deepEqual(errors, []);
    });
  });

  test('the first view downloads at most 300 KB brotli of wasm, js and css before the widget runs', async () => {
    await withPage(PHONE, async (page) => {
      await gotoMap(page);
      // Everything the browser started to fetch before the widget mounted
      // (later fetches, the soon chunks and the pinyin table, wait for it).
      const fetched = await page.evaluate(() => {
        const mounted = performance.getEntriesByName('qk-state-ready')[0].startTime;
        return performance.getEntriesByType('resource')
          .filter((e) => e.startTime < mounted).map((e) => new URL(e.name).pathname);
      });
      const code = fetched.filter((p) => /\.(wasm|js|css)$/.test(p));
      assert.ok(code.some((p) => p.endsWith('_bg.wasm')), `the main wasm is among them: ${code.join(', ')}`);
      assert.deepEqual(code.filter((p) => /\.(chunk|pack)\.wasm$/.test(p)), [], 'no chunk on the first view\'s path');
      const sizes = code.map((p) => [p, brotli11(readFileSync(path.join(DIST, decodeURIComponent(p))))]);
      const total = sizes.reduce((sum, [, n]) => sum + n, 0);
      console.log(`first view: ${total} B brotli (${sizes.map(([p, n]) => `${path.basename(p)} ${n}`).join(', ')})`);
      assert.ok(total <= FIRST_VIEW_BUDGET_BR, `first view ${total} B brotli > ${FIRST_VIEW_BUDGET_BR}: ${JSON.stringify(sizes)}`);
    });
  });
});
