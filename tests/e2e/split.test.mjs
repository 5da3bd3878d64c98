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
import { readdirSync } from 'node:fs';
import { DESKTOP, DIST, PHONE, frames, gotoMap, sleep, startAll, stopAll, withPage } from './harness.mjs';

const chunks = readdirSync(DIST).filter((f) => f.endsWith('.chunk.wasm'));
const CJK = /[\u3400-\u9fff]/;
const LATIN = /[A-Za-z]{4}/;

describe('qikai-map code splitting', { concurrency: false }, () => {
  before(startAll);
  after(stopAll);

  test('the release build is split, and the first view fetches no chunk', async () => {
    assert.ok(chunks.some((f) => f.includes('.split_stats.')), `a stats chunk in dist/: ${chunks.join(', ')}`);
    await withPage(DESKTOP, async (page, log) => {
      await gotoMap(page);
      await sleep(300);
      const fetched = log.requests.filter((u) => u.endsWith('.chunk.wasm'));
      assert.deepEqual(fetched, [], 'no chunk before a panel opens');
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

  for (const [name, device] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`${name}: a slow chunk shows a bilingual loading line where the panel opens, without a jump`, async () => {
      await withPage(device, async (page, log) => {
        let release;
        const held = new Promise((r) => (release = r));
        await page.route('**/*.split_story.chunk.wasm', async (route) => {
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
      await page.route('**/*.split_stats.chunk.wasm', (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
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
});
