#!/usr/bin/env node
// End-to-end tests of embedding: the iframe + postMessage contract (with a
// disallowed origin), the script-and-div mount, the permalink in the hash
// (round trip, back/forward), a portal's own data URL, all under a strict CSP.
//
//   node tests/e2e/embed.test.mjs   (make e2e runs every *.test.mjs here)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expectVisible } from './visible.mjs';
import { DESKTOP, DIST, KIND_COUNTS, SHOTS, STRICT_CSP, env, frames, gotoMap, hitPoint, pointPos, shot, sleep, startAll, startServer, stopAll, withPage, clickReport } from './harness.mjs';

let other; // a second origin serving the same files
let otherBase;

/** The widget's frame inside the example host page. */
async function widgetFrame(page) {
  await page.waitForFunction(() => window.received && window.received.some((m) => m.type === 'ready'), null, { timeout: 15000 });
  return page.frames().find((f) => f !== page.mainFrame());
}

async function reply(page, requestId) {
  await page.waitForFunction((id) => window.received.some((m) => m.requestId === id), requestId, { timeout: 5000 });
  return page.evaluate((id) => window.received.find((m) => m.requestId === id), requestId);
}

describe('qikai-map embedding', { concurrency: false }, () => {
  before(async () => {
    await startAll();
    // A portal on another origin: strict, but allowed to frame the widget's origin.
    other = await startServer(DIST, { csp: `${STRICT_CSP}; frame-src 'self' ${env.base}` });
    otherBase = `http://127.0.0.1:${other.address().port}`;
  });
  after(async () => {
    if (other) {
      const closed = new Promise((r) => other.close(() => r()));
      other.closeAllConnections?.();
      await closed;
    }
    await stopAll();
  });

  test('an iframe host commands the widget and hears its events', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/examples/iframe.html`);
      const frame = await widgetFrame(page);
      const state0 = await reply(page, await page.evaluate(() => window.send({ type: 'getState' })));
      assert.equal(state0.type, 'state');
      assert.equal(state0.qikai, 1);
      assert.equal(state0.lang, 'zh');
      assert.match(state0.permalink, /^v=1&c=/);

      await page.evaluate(() => window.send({ type: 'flyTo', center: [125.165766, 43.83123], zoom: 15 }));
      await sleep(800); // the flight takes 450 ms
      const state1 = await reply(page, await page.evaluate(() => window.send({ type: 'getState' })));
      assert.ok(Math.abs(state1.zoom - 15) < 1e-6, `zoom ${state1.zoom}`);
      assert.ok(Math.abs(state1.center[0] - 125.165766) < 1e-5 && Math.abs(state1.center[1] - 43.83123) < 1e-5, `${state1.center}`);
      assert.ok(await page.evaluate(() => window.received.some((m) => m.type === 'viewchange')), 'viewchange event');

      await page.evaluate(() => window.send({ type: 'select', id: 'project-audi-faw-nev' }));
      await page.waitForFunction(() => window.received.some((m) => m.type === 'select' && m.id === 'project-audi-faw-nev'));
      await frame.waitForSelector('.qk-details');

      await page.evaluate(() => window.send({ type: 'setLanguage', lang: 'en' }));
      await frame.waitForFunction(() => document.documentElement.lang === 'en');

      const bad = await reply(page, await page.evaluate(() => window.send({ type: 'flyTo', center: [999, 1] })));
      assert.equal(bad.type, 'error');
      const unknown = await reply(page, await page.evaluate(() => window.send({ type: 'select', id: 'no-such-feature' })));
      assert.equal(unknown.type, 'error');
      await shot(page, 'embed-iframe');
      t.diagnostic(`events: ${await page.evaluate(() => [...new Set(window.received.map((m) => m.type))].join(', '))}`);
    });
  });

  test('postMessage: select shows the feature without taking the host page\'s focus; flyTo replies with where it goes; every malformed message gets an error', async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/examples/iframe.html`);
      const frame = await widgetFrame(page);
      // The host's own field has the focus and keeps it.
      await page.locator('#note').focus();
      // A feature far from the view: zoomed into the opposite corner first.
      const flyId = await page.evaluate(() => window.send({ type: 'flyTo', center: [125.05, 43.95], zoom: 15 }));
      const fly = await reply(page, flyId);
      assert.equal(fly.type, 'state');
      assert.ok(Math.abs(fly.zoom - 15) < 1e-6, `the reply tells where the flight ends: zoom ${fly.zoom}`);
      assert.equal(fly.event, undefined, 'a reply is not an event');
      assert.equal(fly.reply, true);
      await sleep(800);
      await reply(page, await page.evaluate(() => window.send({ type: 'select', id: 'project-audi-faw-nev' })));
      await frame.waitForSelector('.qk-details');
      await sleep(900);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'note', 'the widget took the host page\'s focus');
      await expectVisible(frame, '.qk-svg [data-feature-id="project-audi-faw-nev"]', { within: '.qk-map', min: 0.5 });
      // An object instead of JSON text is read; plain text is refused with an error.
      await page.evaluate(() => window.sendRaw({ qikai: 1, type: 'getState', requestId: 'obj' }));
      assert.equal((await reply(page, 'obj')).type, 'state');
      const before = await page.evaluate(() => window.received.filter((m) => m.type === 'error').length);
      await page.evaluate(() => window.sendRaw('hello widget'));
      await page.waitForFunction((n) => window.received.filter((m) => m.type === 'error').length > n, before);
      // A filter text the widget does not understand is refused, and the filter kept.
      const bad = await reply(page, await page.evaluate(() => window.send({ type: 'setFilter', filter: 'zzz=1;;' })));
      assert.equal(bad.type, 'error');
      assert.match(bad.message, /zzz/);
      const state = await reply(page, await page.evaluate(() => window.send({ type: 'getState' })));
      assert.equal(state.filter, '');
      const good = await reply(page, await page.evaluate(() => window.send({ type: 'setFilter', filter: 'k=project' })));
      assert.equal(good.filter, 'k=project');
    });
  });

  test('embedded, a plain wheel scrolls the host page and Ctrl + wheel zooms the map', async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/examples/iframe.html`);
      const frame = await widgetFrame(page);
      await frame.waitForSelector('.qk-map.qk-cooperative');
      const box = await page.locator('#map').boundingBox();
      const zoomOf = async () => (await reply(page, await page.evaluate(() => window.send({ type: 'getState' })))).zoom;
      const z0 = await zoomOf();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 300);
      await frame.waitForSelector('.qk-coop-hint');
      await page.waitForFunction(() => window.scrollY > 0, null, { timeout: 3000 });
      assert.equal(await zoomOf(), z0, 'a plain wheel must not zoom an embedded map');
      const after = await page.locator('#map').boundingBox();
      await page.mouse.move(after.x + after.width / 2, after.y + after.height / 2);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -300);
      await page.keyboard.up('Control');
      await sleep(200);
      assert.ok((await zoomOf()) > z0 + 0.5, 'Ctrl + wheel zooms');
    });
  });

  test('messages from an origin outside the allowlist are ignored and counted', async () => {
    await withPage(DESKTOP, async (page) => {
      // The host page is on another origin; the widget allows only its own.
      await page.goto(`${otherBase}/examples/iframe.html?widget=${encodeURIComponent(`${env.base}/`)}&allow=${encodeURIComponent(env.base)}`);
      await page.waitForFunction(() => document.getElementById('map').contentWindow, null);
      const frame = await (async () => {
        for (let i = 0; i < 100; i++) {
          const f = page.frames().find((x) => x !== page.mainFrame() && x.url().startsWith(env.base));
          if (f) return f;
          await sleep(50);
        }
        throw new Error('widget frame not found');
      })();
      await frame.waitForSelector('.qk-app');
      await page.evaluate(() => window.send({ type: 'select', id: 'project-audi-faw-nev' }));
      await page.evaluate(() => window.send({ type: 'getState' }));
      await frame.waitForFunction(() => Number(document.querySelector('.qk-app').dataset.ignoredMessages) >= 2);
      await sleep(200);
      assert.equal(await frame.locator('.qk-details').count(), 0, 'a disallowed origin cannot select');
      assert.equal(await page.evaluate(() => window.received.length), 0, 'no events or replies go to a disallowed origin');
    });
  });

  test('a script tag and a div mount the widget; so does mount(element, options)', async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/examples/script.html`);
      await page.waitForFunction(() => document.querySelectorAll('.qk-app').length === 2, null, { timeout: 15000 });
      const [first, second] = await page.locator('.qk-app').all();
      await page.waitForFunction((n) => document.querySelectorAll('.qk-app .qk-f.qk-project').length === n, 2 * KIND_COUNTS.project);
      // First: data-layers hides the swap stations and landmarks.
      assert.equal(await first.locator('.qk-f.qk-swap_station:visible').count(), 0);
      assert.ok(await first.locator('.qk-f.qk-project:visible').count() > 0);
      assert.match(await first.locator('.qk-title').innerText(), /Changchun/);
      // Second: mount() with a selection opens its details.
      await second.locator('.qk-details').waitFor();
      assert.match(await second.locator('.qk-details').innerText(), /奥迪/);
      assert.equal(await page.evaluate(() => document.body.style.margin), '', 'the host page style is untouched');
      // The notices link resolves beside boot.js, not beside the host page.
      const notices = await first.locator('.qk-notices-link').evaluate((a) => a.href);
      assert.equal(notices, `${env.base}/THIRD_PARTY_NOTICES.txt`);
      assert.equal(await page.evaluate(async (u) => (await fetch(u)).status, notices), 200);
      await shot(page, 'embed-script');
    });
  });

  test('a widget mounted while hidden (a closed modal or tab) draws correctly when shown', async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/examples/script.html`);
      await page.waitForFunction(() => document.querySelectorAll('.qk-app').length === 2);
      await page.evaluate(async () => {
        const { mount } = await import('/qikai-map.js');
        const box = document.createElement('div');
        box.id = 'hidden-host';
        box.className = 'map-box';
        box.hidden = true; // display: none, like a closed modal
        document.body.prepend(box);
        mount(box, { lang: 'en' });
      });
      await page.waitForFunction(() => document.querySelector('#hidden-host .qk-f.qk-zone'));
      await page.evaluate(() => { document.getElementById('hidden-host').hidden = false; });
      await page.waitForFunction(() => {
        const map = document.querySelector('#hidden-host .qk-map').getBoundingClientRect();
        const svg = document.querySelector('#hidden-host .qk-svg');
        return map.width > 0 && Math.abs(Number(svg.getAttribute('width')) - map.width) <= 1;
      });
      // The zone is fitted into the now visible box.
      const fit = await page.evaluate(() => {
        const map = document.querySelector('#hidden-host .qk-map').getBoundingClientRect();
        const zone = document.querySelector('#hidden-host .qk-f.qk-zone').getBoundingClientRect();
        return { inside: zone.left >= map.left - 1 && zone.right <= map.right + 1 && zone.top >= map.top - 1 && zone.bottom <= map.bottom + 1,
          fills: zone.height / map.height };
      });
      assert.ok(fit.inside && fit.fills > 0.5, JSON.stringify(fit));
    });
  });

  test('the permalink round-trips exactly and back/forward work', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      await page.locator('.qk-legend-toggle[data-kind="landmark"]').click();
      let at = await hitPoint(page, 'swap-schematic-2');
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.qk-details');
      await page.locator('.qk-lang').click();
      await page.keyboard.press('Escape');
      await page.locator('.qk-map').focus();
      at = await hitPoint(page, 'project-hongqi-fanrong');
      await page.mouse.click(at.x, at.y);
      await page.waitForFunction(() => location.hash.includes('s=project-hongqi-fanrong'));
      // The camera may still move (a selection under the details panel is
      // brought into view), and its part of the hash is written at most every
      // 300 ms: wait until the hash has settled.
      let hash = await page.evaluate(() => location.hash);
      for (let settled = 0; settled < 3;) {
        await sleep(250);
        const now = await page.evaluate(() => location.hash);
        settled = now === hash ? settled + 1 : 0;
        hash = now;
      }
      assert.match(hash, /l=en/);
      assert.match(hash, /h=landmark/);
      const pos = await pointPos(page, 'project-audi-faw-nev');

      // The same link in a new page shows the same state.
      await withPage(DESKTOP, async (copy) => {
        await gotoMap(copy, hash);
        await copy.waitForSelector('.qk-details');
        assert.match(await copy.locator('#qk-details-title').innerText(), /Hongqi/);
        assert.equal(await copy.evaluate(() => document.documentElement.lang), 'en');
        assert.equal(await copy.locator('.qk-legend-toggle[data-kind="landmark"]').getAttribute('aria-pressed'), 'false');
        const copyPos = await pointPos(copy, 'project-audi-faw-nev');
        assert.ok(Math.abs(copyPos.x - pos.x) < 1 && Math.abs(copyPos.y - pos.y) < 1, `view differs: ${JSON.stringify(pos)} vs ${JSON.stringify(copyPos)}`);
        assert.equal(await copy.evaluate(() => location.hash), hash, 'reading a link does not rewrite it');
      });

      // Back returns to the previous selection, forward to Hongqi again.
      await page.goBack();
      await page.waitForFunction(() => !location.hash.includes('s=project-hongqi-fanrong'));
      await frames(page);
      assert.equal(await page.locator('.qk-details').count(), 0, 'Back undid the second selection');
      await page.goForward();
      await page.waitForSelector('.qk-details');
      assert.match(await page.locator('#qk-details-title').innerText(), /Hongqi/);
      t.diagnostic(`permalink ${hash}`);
    });
  });

  test("a portal's own data URL is loaded and validated", async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=en&data=./examples/portal-sample.geojson');
      assert.equal(await page.locator('.qk-f[data-feature-id]').count(), 3, 'the good features, not the default data');
      assert.equal(await page.locator('[data-feature-id="zone-qikai"]').count(), 0);
      await clickReport(page);
      assert.equal(await page.locator('.qk-report-item[data-code="swapped_lon_lat"]').count(), 1);
    });
    // The host's own limits: a feature limit of 2 refuses the 4-feature sample by name.
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/?lang=en&max_features=2&data=./examples/portal-sample.geojson`);
      await page.waitForSelector('.qk-report-btn', { timeout: 15000 });
      await clickReport(page);
      assert.match(await page.locator('.qk-report-error').innerText(), /over the limit of 2\b/);
    });
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${env.base}/?lang=en&data=./no-such-file.geojson`);
      await page.waitForSelector('.qk-app');
      await clickReport(page);
      assert.match(await page.locator('.qk-report-error').innerText(), /HTTP 404/);
    });
  });

  test("a portal's data downloads while the code does, and is requested once", async (t) => {
    for (const [where, url] of [
      ['the page (?data=)', '/?lang=en&data=./examples/portal-sample.geojson'],
      ['a host element (data-data)', '/examples/script.html'],
    ]) {
      await withPage(DESKTOP, async (page) => {
        const seen = [];
        const at = () => performance.now();
        // The wasm arrives 1.5 s late, as on a slow link: the data must not wait for it.
        // (800 ms left too little margin on a loaded 2-core machine: the module that
        // starts the data fetch itself took ~400 ms to run there.)
        await page.route('**/*_bg.wasm', async (route) => {
          await sleep(1500);
          await route.continue();
        });
        page.on('request', (r) => seen.push({ url: new URL(r.url()).pathname, what: 'request', t: at() }));
        page.on('response', (r) => seen.push({ url: new URL(r.url()).pathname, what: 'response', t: at() }));
        if (where.startsWith('a host element')) {
          // The script example's first div, given a data file of its own.
          await page.route('**/examples/script.html', async (route) => {
            const html = (await (await route.fetch()).text())
              .replace('data-qikai-map data-lang="en"', 'data-qikai-map data-lang="en" data-data="./portal-sample.geojson"');
            await route.fulfill({ body: html, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP } });
          });
        }
        await page.goto(`${env.base}${url}`);
        await page.waitForSelector('.qk-f[data-feature-id="portal-plot"]', { timeout: 20000 });
        const data = seen.filter((e) => e.url.endsWith('portal-sample.geojson') && e.what === 'request');
        const wasm = seen.find((e) => e.url.endsWith('_bg.wasm') && e.what === 'response');
        assert.equal(data.length, 1, `${where}: the data is requested once (${data.length})`);
        assert.ok(wasm, 'the wasm arrived');
        assert.ok(data[0].t < wasm.t - 400, `${where}: data requested ${Math.round(wasm.t - data[0].t)} ms before the wasm arrived`);
        t.diagnostic(`${where}: data requested ${Math.round(wasm.t - data[0].t)} ms before the (1.5 s late) wasm arrived`);
      });
    }
  });
});

describe('qikai-map share and kiosk', { concurrency: false }, () => {
  before(startAll);
  after(stopAll);

  test('the share panel QR code decodes back to the permalink', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh&share_base=https://portal.example/qikai-map/');
      const at = await hitPoint(page, 'project-audi-faw-nev');
      await page.mouse.click(at.x, at.y);
      await page.waitForSelector('.qk-details');
      await page.keyboard.press('Escape');
      await page.locator('.qk-map').focus();
      const stationAt = await hitPoint(page, 'swap-schematic-5');
      await page.mouse.click(stationAt.x, stationAt.y);
      await page.locator('.qk-share-btn').click();
      await page.waitForSelector('.qk-qr');
      await sleep(400);
      const shown = await page.locator('.qk-share-url').inputValue();
      const hash = await page.evaluate(() => location.hash.slice(1));
      assert.equal(shown, `https://portal.example/qikai-map/#${hash}`, 'the configured base plus this view');
      const png = PNG.sync.read(await page.locator('.qk-qr').screenshot());
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      assert.ok(decoded, 'the QR code is readable');
      assert.equal(decoded.data, shown);
      await shot(page, 'desktop-share-qr');
      t.diagnostic(`QR → ${decoded.data}`);
    });
  });

  test('the current view exports as a PNG with legend, scale bar and attribution', async (t) => {
    await withPage({ ...DESKTOP, acceptDownloads: true }, async (page) => {
      await gotoMap(page, '?lang=zh');
      await page.locator('.qk-share-btn').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.qk-export-png').click()]);
      assert.equal(download.suggestedFilename(), 'qikai-map.png');
      const file = path.join(SHOTS, 'export.png');
      await download.saveAs(file);
      const png = PNG.sync.read(await readFile(file));
      const map = await page.locator('.qk-map').boundingBox();
      assert.equal(png.width, Math.round(map.width * 2), 'twice the map width (print quality)');
      assert.ok(png.height > map.height * 2, 'map plus title and attribution');
      // The project colour (#c2410c) and the title bar colour (#0f766e) are both in the picture.
      const has = (r, g, b) => {
        for (let i = 0; i < png.data.length; i += 4) {
          if (Math.abs(png.data[i] - r) < 3 && Math.abs(png.data[i + 1] - g) < 3 && Math.abs(png.data[i + 2] - b) < 3) return true;
        }
        return false;
      };
      assert.ok(has(0xc2, 0x41, 0x0c), 'project symbols drawn');
      assert.ok(has(0x0f, 0x76, 0x6e), 'title bar drawn');
      t.diagnostic(`exported ${png.width}×${png.height} to tests/e2e/screenshots/export.png`);
    });
  });

  test('kiosk mode warns when idle, then resets to the home view, language, no selection and an empty search', async (t) => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?kiosk=1&idle=5&lang=zh');
      assert.equal(await page.locator('.qk-app.qk-kiosk').count(), 1);
      const home = await pointPos(page, 'landmark-faw-vw');
      const size = await page.locator('.qk-zoom-in').boundingBox();
      assert.ok(size.width >= 48 && size.height >= 48, `kiosk targets ${size.width}×${size.height}`);
      // Use it: select, switch language, filter, pan.
      const at = await hitPoint(page, 'project-audi-faw-nev');
      await page.mouse.click(at.x, at.y);
      await page.locator('.qk-lang').click();
      await page.keyboard.press('Escape');
      await page.locator('.qk-map').focus();
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await page.evaluate(() => document.activeElement.blur());
      const at2 = await hitPoint(page, 'project-hongqi-fanrong');
      await page.mouse.click(at2.x, at2.y);
      await page.waitForSelector('.qk-details');
      // A search left in the box (the results closed, the text kept).
      await page.locator('.qk-search-input').fill('红旗');
      await page.keyboard.press('Escape');
      await page.evaluate(() => document.activeElement.blur());
      await page.waitForSelector('.qk-idle', { timeout: 8000 });
      assert.match(await page.locator('.qk-idle-text').innerText(), /resets in \d+ s/);
      await page.waitForSelector('.qk-idle', { state: 'detached', timeout: 15000 });
      await frames(page);
      assert.equal(await page.locator('.qk-details').count(), 0, 'nothing selected');
      assert.equal(await page.locator('.qk-search-input').inputValue(), '', 'the last visitor\'s search is gone');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN', 'starting language');
      const after = await pointPos(page, 'landmark-faw-vw');
      assert.ok(Math.abs(after.x - home.x) < 1 && Math.abs(after.y - home.y) < 1, 'home view');
      t.diagnostic('idle 5 s → 10 s warning → reset');
    });
  });

  test('large-text mode enlarges text and targets', async () => {
    await withPage(DESKTOP, async (page) => {
      await gotoMap(page, '?lang=zh');
      const before = await page.locator('.qk-zoom-in').boundingBox();
      await page.locator('.qk-large-btn').click();
      assert.equal(await page.locator('.qk-app.qk-large').count(), 1);
      const after = await page.locator('.qk-zoom-in').boundingBox();
      assert.ok(after.height >= 60 && after.height > before.height, `${before.height} → ${after.height}`);
      await shot(page, 'desktop-large-mode');
    });
  });
});
