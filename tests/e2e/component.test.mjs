#!/usr/bin/env node
// End-to-end tests of qikai-map as a component on a portal's page (issue 15):
// the ES module, two widgets side by side driven through their handles, their
// DOM events, destroy() (DOM, listeners, timers, memory), the <qikai-map>
// custom element, option problems reported by name, and the host page left
// alone (title, lang, scroll, styles both ways) — all under the strict CSP.
//
//   node tests/e2e/component.test.mjs   (make e2e runs every *.test.mjs here)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expectVisible } from './visible.mjs';
import { DESKTOP, DIST, ROOT, env, frames, shot, sleep, startAll, startServer, stopAll, withPage } from './harness.mjs';

let portal; // serves dist/ plus the host pages below
let base;

// The host's own stylesheet: deliberately heavy-handed element rules, as
// portal themes have. The widget must look the same under it.
const HOSTILE_CSS = `
body { font: 22px/2.2 Georgia, serif; margin: 0; padding: 0 8px 1200px; color: #222; }
h1, h2, h3, p, ul { margin: 36px 0; color: #a00; font-size: 40px; letter-spacing: 3px; }
button, input { padding: 18px; margin: 6px; text-transform: uppercase; letter-spacing: 4px;
  border-radius: 0; border: 4px solid #a00; box-shadow: 0 0 0 6px #fc0; font-size: 26px; min-width: 200px; }
li { margin: 12px 0 12px 40px; }
svg { max-width: 50%; border: 2px solid #a00; }
* { line-height: 2.2; }
.box { height: 520px; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
.host-button { padding: 3px 7px; }
`;
const PLAIN_CSS = `.box { height: 520px; } .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; } body { margin: 0; padding: 0 8px 1200px; }`;

const page = (css, script, body = '<div class="grid"><div id="a" class="box"></div><div id="b" class="box"></div></div>') => `<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Portail de la zone</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/qikai-map.css">
  <link rel="stylesheet" href="/host/${css}.css">
  <script type="module" src="/host/${script}.js"></script>
</head>
<body>
  <h1 class="host-title">Portail</h1>
  <button type="button" class="host-button">Host button</button>
  ${body}
</body>
</html>`;

// Two widgets, different data and languages, every event recorded.
const TWO_JS = `
import { mount, ready, version } from '/qikai-map.js';
window.events = [];
window.domEvents = [];
await ready;
const a = mount(document.getElementById('a'), { lang: 'en' });
const b = mount(document.getElementById('b'), { lang: 'zh', data: '/host/portal.geojson', heading: '门户测试地图|Portal test map' });
for (const [name, map] of [['a', a], ['b', b]]) {
  for (const type of ['ready', 'select', 'viewchange', 'dataload', 'error']) {
    map.on(type, (detail) => window.events.push({ map: name, type, detail }));
  }
  map.element.addEventListener('qikai:select', (e) => window.domEvents.push({ map: name, id: e.detail.id }));
}
window.maps = { a, b, version };
`;

const HOSTS = {
  '/host/two.html': ['text/html', page('plain', 'two')],
  '/host/two-hostile.html': ['text/html', page('hostile', 'two')],
  '/host/one.html': ['text/html', page('plain', 'one', '<div class="grid"><div id="a" class="box"></div></div>')],
  '/host/one-hostile.html': ['text/html', page('hostile', 'one', '<div class="grid"><div id="a" class="box"></div></div>')],
  // The hostile page without the widget at all: its elements' own look.
  '/host/bare.html': ['text/html', page('hostile', 'bare').replace('<link rel="stylesheet" href="/qikai-map.css">', '')],
  '/host/element.html': ['text/html', page('plain', 'element', '<div id="slot"></div>')],
  '/host/cycles.html': ['text/html', page('plain', 'cycles', '<div id="slot" class="box"></div>').replace('</head>', '<script type="module" src="/boot.js"></script></head>')],
  '/host/plain.css': ['text/css', PLAIN_CSS],
  '/host/hostile.css': ['text/css', HOSTILE_CSS],
  '/host/two.js': ['text/javascript', TWO_JS],
  '/host/one.js': ['text/javascript', `import { mount } from '/qikai-map.js'; window.maps = { a: mount(document.getElementById('a'), { lang: 'en' }) };`],
  '/host/bare.js': ['text/javascript', `window.loaded = true;`],
  '/host/element.js': ['text/javascript', `import '/qikai-map.js'; window.loaded = true;`],
  '/host/cycles.js': ['text/javascript', `import { mount } from '/qikai-map.js'; window.mount = mount; window.loaded = true;`],
};

async function handler(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/host/portal.geojson') {
    const body = await readFile(path.join(ROOT, 'examples', 'portal-sample.geojson'));
    res.writeHead(200, { 'content-type': 'application/geo+json', 'content-length': body.length });
    res.end(body);
    return true;
  }
  const host = HOSTS[url.pathname];
  if (!host) return false;
  res.writeHead(200, {
    'content-type': `${host[0]}; charset=utf-8`,
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'",
  });
  res.end(host[1]);
  return true;
}

const events = (page, filter = {}) =>
  page.evaluate((f) => window.events.filter((e) => Object.entries(f).every(([k, v]) => e[k] === v)), filter);

async function waitEvent(page, map, type, timeout = 20000) {
  await page.waitForFunction(([m, t]) => window.events?.some((e) => e.map === m && e.type === t), [map, type], { timeout });
}

/** Boxes of the widget's main parts, relative to its root. */
const layoutOf = (page, root) => page.evaluate((root) => {
  const r = document.querySelector(root).getBoundingClientRect();
  const box = (sel) => {
    const el = document.querySelector(`${root} ${sel}`);
    if (!el) return null;
    const b = el.getBoundingClientRect();
    if (b.width === 0) return 'hidden';
    return [b.left - r.left, b.top - r.top, b.width, b.height].map(Math.round);
  };
  return {
    header: box('.qk-header'), title: box('.qk-title'), search: box('.qk-search input'),
    lang: box('.qk-lang'), map: box('.qk-map'), svg: box('.qk-svg'), footer: box('.qk-attribution'),
    zoom: box('.qk-controls button'), tool: box('.qk-toolbar button'), legend: box('.qk-legend'),
  };
}, root);

describe('qikai-map as a component on a host page', { concurrency: false }, () => {
  before(async () => {
    await startAll();
    portal = await startServer(DIST, { handler });
    base = `http://127.0.0.1:${portal.address().port}`;
  });
  after(async () => {
    if (portal) await new Promise((r) => portal.close(() => r()));
    await stopAll();
  });

  test('two widgets side by side: handles, DOM events, scoped ids, destroy, the host page untouched', async () => {
    await withPage(DESKTOP, async (page, log) => {
      await page.goto(`${base}/host/two.html`);
      await waitEvent(page, 'a', 'ready');
      await waitEvent(page, 'b', 'ready');
      await page.evaluate(() => window.scrollTo(0, 60));
      const before = await page.evaluate(() => ({ title: document.title, lang: document.documentElement.lang, y: scrollY }));
      assert.deepEqual(before, { title: 'Portail de la zone', lang: 'fr', y: 60 });

      // Each loaded its own data, in its own language.
      const loads = await events(page, { type: 'dataload' });
      assert.deepEqual(loads.map((e) => [e.map, e.detail.source]).sort(), [['a', 'embedded'], ['b', '/host/portal.geojson']]);
      assert.ok(loads.every((e) => e.detail.features > 0), JSON.stringify(loads));
      assert.match(await page.locator('#a .qk-title').innerText(), /Changchun/);
      // b shows the portal's data under the portal's own title (its heading option).
      await expectVisible(page, '#b .qk-title', { min: 0.5 });
      assert.equal((await page.locator('#b .qk-title').innerText()).trim(), '门户测试地图');
      assert.equal(await page.locator('#a .qk-app').getAttribute('lang'), 'en');
      // Two 650 px columns: the tools and tabs get a row each and leave the map its height.
      const share = await page.evaluate(() => ['#a', '#b'].map((s) => document.querySelector(`${s} .qk-map`).getBoundingClientRect().height / document.querySelector(s).getBoundingClientRect().height));
      assert.ok(share.every((r) => r > 0.5), `map share of the widget's height: ${share.map((r) => r.toFixed(2))}`);

      // No id twice on the page, and labels point into their own widget.
      const ids = await page.evaluate(() => {
        const all = [...document.querySelectorAll('[id]')].map((e) => e.id);
        const dup = all.filter((id, i) => all.indexOf(id) !== i);
        const dangling = [...document.querySelectorAll('[aria-labelledby]')].filter((el) => {
          const target = document.getElementById(el.getAttribute('aria-labelledby'));
          return !target || target.closest('.qk-app') !== el.closest('.qk-app');
        }).length;
        return { count: all.length, dup, dangling };
      });
      assert.deepEqual(ids.dup, [], 'duplicate ids');
      assert.equal(ids.dangling, 0, 'aria-labelledby pointing nowhere or into the other widget');
      assert.ok(ids.count > 10);

      // select through the handle: the state it leaves, its details shown in its own box, an event each way.
      const sel = await page.evaluate(() => window.maps.a.select('project-audi-faw-nev'));
      assert.equal(sel.selected, 'project-audi-faw-nev');
      assert.deepEqual(Object.keys(sel).sort(), ['center', 'filter', 'lang', 'layers', 'permalink', 'selected', 'zoom']);
      await expectVisible(page, '#a .qk-details h2', { min: 1, within: '#a' });
      assert.equal(await page.locator('#b .qk-details').count(), 0, 'the other widget has no selection');
      await page.waitForFunction(() => window.domEvents.some((e) => e.map === 'a' && e.id === 'project-audi-faw-nev'));
      assert.ok((await events(page, { map: 'a', type: 'select' })).some((e) => e.detail.id === 'project-audi-faw-nev'));
      assert.equal(await page.evaluate(() => document.activeElement === document.body || !document.activeElement.closest('.qk-app')), true, 'select() takes no focus from the host');

      // Refusals are thrown as errors that say why.
      const refused = await page.evaluate(() => {
        const why = (f) => { try { f(); return null; } catch (e) { return e.message; } };
        return {
          unknown: why(() => window.maps.a.select('no-such-feature')),
          filter: why(() => window.maps.a.setFilter('zzz=1;;')),
          lang: why(() => window.maps.a.setLanguage('fr')),
          layers: why(() => window.maps.a.setLayers(['roads'])),
          fly: why(() => window.maps.a.flyTo({ center: [500, 1] })),
        };
      });
      for (const [k, v] of Object.entries(refused)) assert.ok(v && v.length > 5, `${k}: ${v}`);
      assert.match(refused.unknown, /no-such-feature/);

      // flyTo answers with where the flight ends; viewchange follows.
      // `ready` comes once the camera has settled: the start-up fit is not a move.
      const bMoves = (await events(page, { map: 'b', type: 'viewchange' })).length;
      assert.equal(bMoves, 0, 'b reported its start-up fit as a viewchange');
      const bView = await page.evaluate(() => { const s = window.maps.b.getState(); return [s.center, s.zoom]; });
      const fly = await page.evaluate(() => window.maps.a.flyTo({ center: [125.2, 43.85], zoom: 13 }));
      assert.deepEqual([fly.center.map((v) => v.toFixed(3)), fly.zoom], [['125.200', '43.850'], 13]);
      await page.waitForFunction(() => window.events.some((e) => e.map === 'a' && e.type === 'viewchange' && Math.abs(e.detail.zoom - 13) < 1e-6), null, { timeout: 5000 });
      await sleep(300); // a viewchange of b would be sent within 250 ms
      assert.equal((await events(page, { map: 'b', type: 'viewchange' })).length, bMoves, 'the other widget did not move');
      assert.deepEqual(await page.evaluate(() => { const s = window.maps.b.getState(); return [s.center, s.zoom]; }), bView);

      // Language and layers of one widget only.
      await page.evaluate(() => window.maps.b.setLanguage('en'));
      await page.waitForFunction(() => document.querySelector('#b .qk-title').textContent.trim() === 'Portal test map');
      const layers = await page.evaluate(() => window.maps.a.setLayers(['park']).layers);
      assert.deepEqual(layers, ['park']);
      await frames(page);
      assert.equal(await page.locator('#a .qk-f.qk-project:visible').count(), 0);
      assert.ok(await page.locator('#a .qk-f.qk-park:visible').count() > 0);
      assert.ok(await page.locator('#b .qk-f.qk-swap_station:visible').count() > 0, 'the other widget keeps its layers');

      // The host's title, language and scroll position are untouched.
      assert.deepEqual(await page.evaluate(() => ({ title: document.title, lang: document.documentElement.lang, y: scrollY })), before);

      // destroy(): its DOM and window listeners go, the other widget works on.
      const cdp = await page.context().newCDPSession(page);
      const windowListeners = async () => {
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
        return listeners.length;
      };
      const listenersBefore = await windowListeners();
      await page.evaluate(() => window.maps.a.destroy());
      assert.equal(await page.evaluate(() => document.getElementById('a').childElementCount), 0, 'its DOM is gone');
      const listenersAfter = await windowListeners();
      assert.ok(listenersAfter < listenersBefore, `window listeners ${listenersBefore} -> ${listenersAfter}`);
      assert.match(await page.evaluate(() => { try { window.maps.a.getState(); return ''; } catch (e) { return e.message; } }), /destroyed/);
      await sleep(800); // its timers (250 ms viewchange, double tap, frames) would fire here
      const still = await page.evaluate(() => window.maps.b.select('portal-charger-1'));
      assert.equal(still.selected, 'portal-charger-1');
      await expectVisible(page, '#b .qk-details h2', { min: 1, within: '#b' });
      assert.equal(await page.locator('.qk-fatal').count(), 0, 'no panic after destroy');
      assert.deepEqual(log.consoleErrors, []);
      await shot(page, 'component-two-widgets');
    });
  });

  test('the host page\'s own styles do not change the widget, and the widget\'s do not change the page', async () => {
    const measure = async (url) => withPageResult(async (page) => {
      await page.goto(`${base}${url}`);
      await page.waitForFunction(() => window.maps?.a && document.querySelector('#a .qk-f.qk-zone'));
      await frames(page);
      return {
        widget: await layoutOf(page, '#a .qk-app'),
        host: await page.evaluate(() => {
          const cs = (sel) => { const s = getComputedStyle(document.querySelector(sel)); return [s.fontSize, s.margin, s.padding, s.boxSizing, s.lineHeight, s.fontFamily]; };
          return { h1: cs('.host-title'), button: cs('.host-button'), body: cs('body') };
        }),
        vars: await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--qk-accent')),
      };
    });
    const plain = await measure('/host/one.html');
    const hostile = await measure('/host/one-hostile.html');
    assert.ok(Object.values(plain.widget).filter(Array.isArray).length >= 8, JSON.stringify(plain.widget));
    for (const [part, box] of Object.entries(plain.widget)) {
      assert.ok(box, `${part} missing`);
      const other = hostile.widget[part];
      if (box === 'hidden') { assert.equal(other, 'hidden', part); continue; }
      const off = box.map((v, i) => Math.abs(v - other[i]));
      assert.ok(Math.max(...off) <= 2, `${part}: ${JSON.stringify(box)} under plain host styles, ${JSON.stringify(other)} under the hostile ones`);
    }
    // And the other way: the widget's stylesheet leaves the host's elements alone.
    const bare = await withPageResult(async (page) => {
      await page.goto(`${base}/host/bare.html`);
      await page.waitForFunction(() => window.loaded);
      return page.evaluate(() => {
        const cs = (sel) => { const s = getComputedStyle(document.querySelector(sel)); return [s.fontSize, s.margin, s.padding, s.boxSizing, s.lineHeight, s.fontFamily]; };
        return { h1: cs('.host-title'), button: cs('.host-button'), body: cs('body') };
      });
    });
    assert.equal(hostile.vars, '', 'no --qk-* variables on the host page root');
    assert.deepEqual(hostile.host, bare, 'the host elements look the same with the widget and without');
  });

  test('<qikai-map> mounts when inserted, follows its attributes and unmounts when removed', async () => {
    await withPage(DESKTOP, async (page) => {
      await page.goto(`${base}/host/element.html`);
      await page.waitForFunction(() => window.loaded);
      await page.evaluate(() => {
        const el = document.createElement('qikai-map');
        el.setAttribute('lang', 'en');
        el.setAttribute('layers', 'zone,park,project');
        el.className = 'box';
        el.addEventListener('qikai:ready', () => { window.elementReady = true; });
        document.getElementById('slot').append(el);
      });
      await page.waitForFunction(() => window.elementReady, null, { timeout: 20000 });
      await expectVisible(page, 'qikai-map .qk-f.qk-project', { min: 0.5 });
      const state = await page.evaluate(() => document.querySelector('qikai-map').map.getState());
      assert.equal(state.lang, 'en');
      assert.deepEqual(state.layers, ['zone', 'park', 'project']);
      assert.equal(await page.locator('qikai-map .qk-f.qk-swap_station:visible').count(), 0);
      const h = await page.evaluate(() => document.querySelector('qikai-map').getBoundingClientRect().height);
      assert.ok(h >= 320, `the element has a height (${h})`);
      // A live attribute.
      await page.evaluate(() => document.querySelector('qikai-map').setAttribute('lang', 'zh'));
      await page.waitForFunction(() => /长春/.test(document.querySelector('qikai-map .qk-title').textContent));
      // Moved within the page: kept (disconnect + connect in one task).
      await page.evaluate(() => { window.kept = document.querySelector('qikai-map').map; document.body.append(document.querySelector('qikai-map')); });
      await sleep(50);
      assert.equal(await page.evaluate(() => document.querySelector('qikai-map').map === window.kept), true);
      // Removed: unmounted.
      await page.evaluate(() => { window.removed = document.querySelector('qikai-map'); window.removed.remove(); });
      await page.waitForFunction(() => window.removed.map === null && window.removed.childElementCount === 0);
      await sleep(500);
      assert.equal(await page.locator('.qk-fatal').count(), 0);
    });
  });

  test('bad options and a missing data URL each give a named warning and event', async () => {
    await withPage(DESKTOP, async (page) => {
      const warnings = [];
      page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      await page.goto(`${base}/host/cycles.html`);
      await page.waitForFunction(() => window.loaded);
      await page.evaluate(() => {
        window.problems = [];
        const slot = document.getElementById('slot');
        slot.addEventListener('qikai:error', (e) => window.problems.push(e.detail));
        window.bad = window.mount(slot, { lang: 'fr', zoooom: 3, idle: 2, data: '/host/missing.geojson' });
      });
      await page.waitForFunction(() => window.problems.length >= 4, null, { timeout: 20000 });
      const problems = await page.evaluate(() => window.problems);
      const byOption = Object.fromEntries(problems.map((p) => [p.option, p.message]));
      assert.match(byOption.lang, /zh or en/);
      assert.match(byOption.zoooom, /unknown option/);
      assert.match(byOption.idle, /seconds/);
      assert.match(byOption.data, /404|not found|HTTP/i, JSON.stringify(problems));
      for (const name of ['lang', 'zoooom', 'idle', 'data']) {
        assert.ok(warnings.some((w) => w.includes(`"${name}"`) || w.includes('data not loaded')), `console warning for ${name}: ${warnings.join(' | ')}`);
      }
      // The data failure is also on the map, for the user.
      await expectVisible(page, '#slot .qk-load-failed', { min: 0.6 });
    });
  });

  test('mount and destroy 30 times: DOM, listeners and memory come back', async () => {
    await withPage(DESKTOP, async (page, _log, context) => {
      await context.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__qkWasm = e.detail.wasm; }));
      await page.goto(`${base}/host/cycles.html`);
      await page.waitForFunction(() => window.loaded && window.__qkWasm);
      const cdp = await page.context().newCDPSession(page);
      const windowListeners = async () => {
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
        return listeners.length;
      };
      const cycle = (n) => page.evaluate(async (n) => {
        const slot = document.getElementById('slot');
        for (let i = 0; i < n; i++) {
          const map = window.mount(slot, { lang: i % 2 ? 'en' : 'zh' });
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          map.select('project-audi-faw-nev');
          await new Promise((r) => setTimeout(r, 30));
          map.destroy();
        }
        await new Promise((r) => setTimeout(r, 400));
      }, n);
      const measure = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        const heap = await cdp.send('Runtime.getHeapUsage');
        return page.evaluate(({ used }) => ({
          nodes: document.getElementsByTagName('*').length,
          wasm: window.__qkWasm?.memory?.buffer.byteLength ?? null,
          heap: used,
        }), { used: heap.usedSize }).then(async (m) => ({ ...m, listeners: await windowListeners() }));
      };
      await cycle(5);
      const warm = await measure();
      await cycle(25);
      const after = await measure();
      assert.equal(after.nodes, warm.nodes, 'DOM nodes back to the same count');
      assert.equal(after.listeners, warm.listeners, 'window listeners back to the same count');
      assert.ok(after.heap - warm.heap < 2e6, `JS heap grew ${((after.heap - warm.heap) / 1e6).toFixed(2)} MB over 25 cycles`);
      assert.ok(warm.wasm > 0);
      assert.ok(after.wasm - warm.wasm <= 256 * 1024, `wasm memory grew ${after.wasm - warm.wasm} bytes over 25 cycles`);
      console.log(`# 25 mount/destroy cycles: nodes ${warm.nodes}->${after.nodes}, listeners ${warm.listeners}->${after.listeners}, JS heap ${(warm.heap / 1e6).toFixed(2)}->${(after.heap / 1e6).toFixed(2)} MB, wasm ${(warm.wasm / 1048576).toFixed(2)}->${(after.wasm / 1048576).toFixed(2)} MiB`);
      assert.equal(await page.locator('.qk-fatal').count(), 0);
    });
  });
});

/** Runs `fn` on a fresh page and returns its result (withPage's checks included). */
async function withPageResult(fn) {
  let out;
  await withPage(DESKTOP, async (page) => { out = await fn(page); });
  return out;
}
