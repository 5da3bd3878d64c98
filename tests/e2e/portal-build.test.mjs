// A portal builds the widget with its own data (issue 16: `make build DATA=path
// ATTRIBUTION=...`): the file is embedded — no request for data — the first
// view before the wasm is drawn from it, and the credits and the title (HEADING=)
// are the portal's, on screen and in the PNG export.
// Built here once (a debug build in its own target directory, so the release
// build the other suites use is not invalidated) from a CSV fixture in another
// city than the default data.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expectVisible } from './visible.mjs';
import { mkdir } from 'node:fs/promises';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, ROOT, SHOTS, env, shot, sleep, startServer, stopAll, withPage } from './harness.mjs';
import { chromium } from 'playwright-core';

const PORTAL_DIST = path.join(ROOT, 'target', 'portal-dist');
const DATA = 'tests/fixtures/portal_build.csv';
const CREDITS = 'Test bureau, 2026';
const HEADING = { zh: '测试市充换电设施', en: 'Test City charging' };
const IDS = ['pb-1', 'pb-2', 'pb-3', 'pb-4'];

function buildPortal() {
  const started = Date.now();
  const out = spawnSync('trunk', ['build', '--dist', PORTAL_DIST], {
    cwd: ROOT,
    env: { ...process.env, CARGO_TARGET_DIR: path.join(ROOT, 'target', 'portal'), QIKAI_DATA: DATA, QIKAI_ATTRIBUTION: CREDITS, QIKAI_HEADING: `${HEADING.zh}|${HEADING.en}` },
    encoding: 'utf8',
  });
  assert.equal(out.status, 0, `the portal build failed:\n${out.stdout}\n${out.stderr}`);
  return Date.now() - started;
}

describe('qikai-map built with a portal\'s own data', { concurrency: false }, () => {
  let buildMs = 0;
  before(async () => {
    buildMs = buildPortal();
    await mkdir(SHOTS, { recursive: true });
    env.server = await startServer(PORTAL_DIST);
    env.base = `http://127.0.0.1:${env.server.address().port}`;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(stopAll);

  test('the first view is the portal\'s data, then the live map shows it with no data request', async (t) => {
    await withPage(PHONE, async (page, log) => {
      const requests = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      let wasmArrived = null;
      await page.route('**/*_bg.wasm', async (route) => {
        await sleep(1500);
        wasmArrived = Date.now();
        await route.continue();
      });
      await page.goto(`${env.base}/?lang=en`, { waitUntil: 'domcontentloaded' });
      assert.equal(await page.title(), `${HEADING.zh} · ${HEADING.en}`, 'the page title is the portal\'s before the wasm');
      // Before the wasm: the portal's four points, none of the default data's features.
      await expectVisible(page, '.qk-first-view .qk-point .qk-symbol', { min: 1 });
      assert.equal(wasmArrived, null, 'the first view was on screen before the wasm arrived');
      const first = await page.evaluate(() => ({
        points: document.querySelectorAll('.qk-first-view .qk-point').length,
        areas: document.querySelectorAll('.qk-first-view .qk-area').length,
      }));
      assert.deepEqual(first, { points: 4, areas: 0 }, 'the first view draws the portal file, not the default data');
      await shot(page, 'portal-build-first-view');

      // The live map: exactly the portal's features, every one on screen.
      await page.waitForSelector('.qk-app .qk-f[data-feature-id="pb-1"]', { timeout: 60000 });
      const live = await page.evaluate(() => [...document.querySelectorAll('.qk-app .qk-f[data-feature-id]')].map((e) => e.dataset.featureId).sort());
      assert.deepEqual(live, IDS);
      await expectVisible(page, '.qk-header .qk-title', { min: 0.5 });
      assert.equal((await page.locator('.qk-header .qk-title').innerText()).trim(), HEADING.en);
      assert.equal(await page.title(), HEADING.en, 'the widget keeps the title in the visitor\'s language');
      for (const id of IDS) await expectVisible(page, `.qk-app .qk-f[data-feature-id="${id}"] .qk-symbol`, { min: 0.5 });
      assert.ok(!requests.some((p) => /\.(geojson|csv)$/.test(p)), `no data file was requested: ${requests.join(' ')}`);
      assert.deepEqual(log.consoleErrors, []);
      t.diagnostic(`portal build ${(buildMs / 1000).toFixed(1)} s; requests: ${requests.length}`);
    });
  });

  test('its credits are the portal\'s, and a feature opens with its details', async () => {
    await withPage(DESKTOP, async (page, log) => {
      await page.goto(`${env.base}/?lang=en`);
      await page.waitForSelector('.qk-app .qk-f[data-feature-id="pb-3"]', { timeout: 60000 });
      await expectVisible(page, '.qk-credits .qk-sources', { min: 1 });
      const credits = await page.locator('.qk-credits').innerText();
      assert.match(credits, /Test bureau, 2026/);
      assert.doesNotMatch(credits, /汽开区|Xinhua|article/i, 'the default data\'s sources are not credited');
      // Schematic positions in a portal's data get the general note.
      await expectVisible(page, '.qk-credits .qk-provenance', { min: 1 });
      // Found by search, opened with its details.
      await page.locator('.qk-search-input').fill('Test project C');
      await page.locator('.qk-search-option').first().click();
      await expectVisible(page, '.qk-details h2', { min: 1 });
      assert.match(await page.locator('.qk-details h2').innerText(), /Test project C/);
      await shot(page, 'portal-build-details');
      assert.deepEqual(log.consoleErrors, []);
    });
  });

  test('the PNG export is titled and credited as the portal\'s, in both languages', async () => {
    for (const lang of ['zh', 'en']) {
      await withPage(DESKTOP, async (page, log) => {
        await page.goto(`${env.base}/?lang=${lang}`);
        await page.waitForSelector('.qk-app .qk-f[data-feature-id="pb-1"]', { timeout: 60000 });
        await expectVisible(page, '.qk-header .qk-title', { min: 0.5 });
        assert.equal((await page.locator('.qk-header .qk-title').innerText()).trim(), HEADING[lang]);
        await page.evaluate(() => {
          window.__drawnText = [];
          const fill = CanvasRenderingContext2D.prototype.fillText;
          CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
            window.__drawnText.push(String(text));
            return fill.call(this, text, ...rest);
          };
        });
        await page.locator('.qk-share-btn').click();
        await expectVisible(page, '.qk-export-png', { min: 1 });
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.qk-export-png').click()]);
        assert.match(download.suggestedFilename(), /\.png$/);
        const drawn = (await page.evaluate(() => window.__drawnText)).join('\n');
        assert.ok(drawn.includes(HEADING[lang]), `the picture's title is the portal's: ${drawn}`);
        assert.ok(drawn.includes(CREDITS), `the picture credits the portal: ${drawn}`);
        assert.doesNotMatch(drawn, /MetroMap|孟凡明|Meng Fanming|汽开区新能源|Changchun Auto Zone/, 'no default title or sources in a portal\'s picture');
        assert.deepEqual(log.consoleErrors, []);
      });
    }
  });
});
