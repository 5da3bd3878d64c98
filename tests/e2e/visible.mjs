// Vendored copy of the team's ../shared/tools/visible.mjs, so that a clean clone (CI) runs
// without the sibling shared/ folder. Keep it in step with that file.

// Is it really visible to the user? A check for end-to-end tests (Playwright, any page).
//
// "The element exists" is not "the user can see it": a ring painted under an opaque fill, a
// label under a toolbar, a selected feature under a bottom sheet, a chip clipped by its scroller
// all exist in the DOM. This samples points on the element (its box for HTML; points along the
// outline for SVG shapes) and asks the browser which element is on top there.
//
//   import { visibility, expectVisible } from '../../../shared/tools/visible.mjs';
//   const v = await visibility(page, '.qk-coverage');         // { visible, fraction, samples, coveredBy }
//   await expectVisible(page, '.qk-details h2', { min: 1 });   // throws with what covers it
//
// Options: min (fraction of samples that must be on top, default 0.6), samples (default 24),
// all (check every match, not just the first; default false), within (a selector whose box the
// samples must also lie in, e.g. the map's visible area).

export async function visibility(page, selector, opts = {}) {
  return page.evaluate(({ selector, opts }) => {
    const els = [...document.querySelectorAll(selector)];
    if (!els.length) return { visible: false, fraction: 0, samples: 0, coveredBy: [], reason: 'no element' };
    const targets = opts.all ? els : [els[0]];
    const n = opts.samples || 24;
    const within = opts.within ? document.querySelector(opts.within)?.getBoundingClientRect() : null;
    const name = (el) => el ? (el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.getAttribute('class') ? '.' + String(el.getAttribute('class')).trim().split(/\s+/).join('.') : '')) : 'nothing';
    const results = [];
    for (const el of targets) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) { results.push({ fraction: 0, reason: `css ${cs.display}/${cs.visibility}/${cs.opacity}`, coveredBy: [] }); continue; }
      const pts = [];
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) { results.push({ fraction: 0, reason: 'empty box', coveredBy: [] }); continue; }
      if (el instanceof SVGGeometryElement && typeof el.getTotalLength === 'function') {
        // points along the outline, in screen space
        const len = el.getTotalLength();
        const m = el.getScreenCTM();
        for (let i = 0; i < n && len > 0; i++) {
          const p = el.getPointAtLength((len * (i + 0.5)) / n);
          pts.push({ x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f });
        }
      } else {
        const k = Math.max(2, Math.round(Math.sqrt(n)));
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++)
          pts.push({ x: r.left + (r.width * (i + 0.5)) / k, y: r.top + (r.height * (j + 0.5)) / k });
      }
      let onTop = 0, counted = 0;
      const cover = new Map();
      for (const p of pts) {
        const inView = p.x >= 0 && p.y >= 0 && p.x < innerWidth && p.y < innerHeight &&
          (!within || (p.x >= within.left && p.x < within.right && p.y >= within.top && p.y < within.bottom));
        counted++;
        if (!inView) { cover.set('(outside the view)', (cover.get('(outside the view)') || 0) + 1); continue; }
        const top = document.elementFromPoint(p.x, p.y);
        if (top && (top === el || el.contains(top) || top.contains(el) && top instanceof SVGGElement)) onTop++;
        else { const k2 = name(top); cover.set(k2, (cover.get(k2) || 0) + 1); }
      }
      results.push({ fraction: counted ? onTop / counted : 0, coveredBy: [...cover.entries()].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} (${c})`) });
    }
    const worst = results.reduce((a, b) => (b.fraction < a.fraction ? b : a));
    const min = opts.min ?? 0.6;
    return { visible: worst.fraction >= min, fraction: worst.fraction, samples: n, coveredBy: worst.coveredBy, reason: worst.reason, checked: results.length };
  }, { selector, opts });
}

export async function expectVisible(page, selector, opts = {}) {
  // A panel from a wasm chunk (code splitting) is built a moment after its button is
  // pressed, the first time: let it arrive before sampling (nothing to wait for otherwise).
  await page.waitForSelector(selector, { state: 'attached', timeout: 5000 }).catch(() => {});
  const v = await visibility(page, selector, opts);
  if (!v.visible) {
    throw new Error(`${selector} is not visible to the user: ${(v.fraction * 100).toFixed(0)} % of ${v.samples} samples on top` +
      (v.reason ? ` (${v.reason})` : '') + (v.coveredBy.length ? `; covered by ${v.coveredBy.slice(0, 4).join(', ')}` : ''));
  }
  return v;
}
