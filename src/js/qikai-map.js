// qikai-map: the ES module for host pages. Generated into dist/ from
// src/js/qikai-map.js by scripts/csp_boot.py (the build fills in the file
// names). Types: qikai-map.d.ts next to this file.
//
//   <link rel="stylesheet" href=".../qikai-map.css">
//   <script type="module">
//     import { mount } from ".../qikai-map.js";
//     const map = mount(document.getElementById("map"), { lang: "en" });
//     map.on("select", ({ id }) => console.log(id));
//   </script>
//
// or <qikai-map lang="en" data="/nev.geojson"></qikai-map> after importing it.
// Loading it also mounts every <div data-qikai-map> and #qikai-map on the page.
import init, * as core from './__BINDINGS__';

/** This build's version. */
export const version = '__VERSION__';

// The files the widget fetches itself when it needs them (the pinyin table
// for search, src/platform/pinyin.rs), resolved against this module's URL so
// they are found wherever the host serves the widget from.
globalThis[Symbol.for('qikai-map.assets')] ??= { pinyin: new URL('./__PINYIN__', import.meta.url).href };

// Data in parallel with the code: the data files this page asks for start
// downloading now, while the WebAssembly downloads and compiles, instead of
// after start-up. The widget takes the response (src/platform/fetch.rs) and
// reads it as it would its own fetch. Kept under a registered symbol, not a
// global name, so the host page's namespace stays untouched.
const EARLY_DATA = Symbol.for('qikai-map.early-data');
const early = (globalThis[EARLY_DATA] ??= new Map());
// The same rule as the widget's `data` option (src/embed/options.rs, http_url):
// nothing is fetched early that the widget would refuse to fetch.
const usableDataUrl = (url) => /^(https?:\/\/|\/|\.\/)/i.test(url) && !/[\s\u0000-\u001f\u007f-\u009f]/u.test(url);
const fetchEarly = (url) => {
  if (!url || !usableDataUrl(url)) return;
  let absolute;
  try {
    absolute = new URL(url, location.href);
  } catch {
    return; // the widget reports the bad option when it mounts
  }
  if (!/^https?:$/.test(absolute.protocol) || early.has(absolute.href)) return;
  const response = fetch(absolute.href);
  response.catch(() => {}); // a failure is reported when the widget reads it
  early.set(absolute.href, response);
};
// The full page's first view is the default data's home view, drawn at build
// time. A page given other data keeps only the zone from it (as the interim
// map does), so no default feature stands, even briefly, on a portal's map.
const firstView = document.querySelector('#qikai-map > .qk-first-view');
const pageQuery = new URLSearchParams(location.search);
if (firstView && (pageQuery.has('data') || pageQuery.has('stress'))) {
  for (const el of firstView.querySelectorAll('.qk-point, .qk-area:not(.qk-zone)')) el.remove();
}
// A tap on the first view is kept: the shape tapped is marked (the page's
// stylesheet rings it) and the widget, when it takes over, opens that feature
// (src/mount.rs reads the mark). A tap elsewhere on the picture clears it, as a
// tap on empty map does.
// The tapped feature's details open at once from its card, written at build
// time from the same words as the live panel (scene::first_card); the widget
// replaces the card with its panel when it takes over. Not in kiosk mode: the
// card's link would leave the kiosk.
const cardLanguage = () => {
  const mountLang = firstView?.parentElement?.closest('[lang]')?.getAttribute('lang');
  for (const tag of [pageQuery.get('lang'), mountLang, ...(navigator.languages ?? [])]) {
    const primary = String(tag ?? '').trim().split(/[-_]/)[0].toLowerCase();
    if (primary === 'zh' || primary === 'en') return primary; // as mount.rs initial_lang
  }
  return 'zh';
};
const cardName = (id) => Array.from(new TextEncoder().encode(id), (b) => b.toString(16).padStart(2, '0')).join('');
let cardWanted = null;
// Closing the card is a deselection: the widget then opens nothing.
const closeCard = () => {
  cardWanted = null;
  for (const el of firstView?.querySelectorAll('.qk-fv-chosen') ?? []) el.classList.remove('qk-fv-chosen');
  firstView?.querySelector('.qk-fv-details')?.remove();
  const svg = firstView?.querySelector('.qk-first-view-svg');
  if (svg) svg.style.transform = '';
};
const openCard = async (id) => {
  cardWanted = id;
  let html;
  try {
    const response = await fetch(new URL(`./first-view/${cardName(id)}.html`, import.meta.url), { priority: 'high' });
    if (!response.ok) return;
    html = await response.text();
  } catch {
    return; // the widget opens the details when it takes over
  }
  if (cardWanted !== id || !firstView.isConnected) return;
  const template = document.createElement('template');
  template.innerHTML = html;
  const card = template.content.querySelector(`.qk-fv-card[data-lang="${cardLanguage()}"]`);
  if (!card) return;
  const holder = document.createElement('div');
  holder.className = 'qk-fv-details';
  holder.setAttribute('role', 'dialog');
  holder.setAttribute('aria-label', card.querySelector('.qk-fv-card-title')?.textContent ?? '');
  holder.append(card);
  firstView.querySelector('.qk-fv-details')?.remove();
  firstView.append(holder);
  keepInSight(holder);
};
// The picture moves so the tapped shape is not under the card: up on a phone
// (the card is a bottom sheet), left on wider screens (a panel at the right);
// moved through the CSSOM, which a strict CSP allows. At once, not animated:
// the shape is measured where it lies without the last move.
const keepInSight = (holder) => {
  const shape = firstView.querySelector('.qk-fv-chosen');
  const svg = firstView.querySelector('.qk-first-view-svg');
  if (!shape || !svg) return;
  svg.style.transform = '';
  const s = shape.getBoundingClientRect();
  const c = holder.getBoundingClientRect();
  const view = firstView.getBoundingClientRect();
  const margin = 16;
  const sheet = c.left - view.left < 1;
  if (sheet && s.bottom > c.top - margin) {
    const up = Math.min(s.bottom - (c.top - margin), Math.max(0, s.top - view.top - 100));
    svg.style.transform = `translateY(${-Math.round(up)}px)`;
  } else if (!sheet && s.right > c.left - margin && s.bottom > c.top && s.top < c.bottom) {
    const left = Math.min(s.right - (c.left - margin), Math.max(0, s.left - view.left - margin));
    svg.style.transform = `translateX(${-Math.round(left)}px)`;
  }
};
if (firstView) {
  const cards = !pageQuery.has('kiosk');
  firstView.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('.qk-fv-details')) {
      if (target.closest('.qk-fv-card-close')) closeCard();
      return; // a tap inside the card is not a tap on the map
    }
    const picked = target?.closest('[data-qk-fv]') ?? null;
    for (const el of firstView.querySelectorAll('.qk-fv-chosen')) el.classList.remove('qk-fv-chosen');
    if (picked) {
      picked.classList.add('qk-fv-chosen');
      if (cards) openCard(picked.getAttribute('data-qk-fv'));
    } else {
      closeCard();
    }
  });
  firstView.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && firstView.querySelector('.qk-fv-details')) closeCard();
  });
  // From here on a tap is kept (the pointer cursor shows it).
  firstView.classList.add('qk-first-view-taps');
}
// The full page (#qikai-map) reads ?data= from its URL; host elements carry data=.
if (document.getElementById('qikai-map')) fetchEarly(new URLSearchParams(location.search).get('data'));
for (const el of document.querySelectorAll('[data-qikai-map][data-data], qikai-map[data]')) {
  fetchEarly(el.getAttribute('data-data') ?? el.getAttribute('data'));
}

/** Resolves once the widget's code is compiled and running. */
export const ready = init({ module_or_path: new URL('./__WASM__', import.meta.url) }).then(() => undefined);

// Importing this module waits for it, so mount() can be called at once.
await ready;

const mounted = new WeakMap();

/** A mounted widget: commands, state, events and destroy(). */
export class QikaiMap {
  #core;
  #element;
  #listeners = [];

  constructor(handle) {
    this.#core = handle;
    this.#element = handle.element;
  }

  /** The element the widget is mounted in (DOM events `qikai:*` fire on it). */
  get element() { return this.#element; }

  #live() {
    if (!this.#core) throw new Error('qikai-map: this widget was destroyed');
    return this.#core;
  }

  flyTo(target) { return this.#live().flyTo(target); }
  select(id) { return this.#live().select(id ?? null); }
  setFilter(filter) { return this.#live().setFilter(filter); }
  setLanguage(lang) { return this.#live().setLanguage(lang); }
  setLayers(layers) { return this.#live().setLayers(layers); }
  getState() { return this.#live().getState(); }

  /** Calls `listener(detail)` on each `type` event (ready, select, viewchange, dataload, error). */
  on(type, listener) {
    const wrapped = (event) => listener(event.detail);
    this.#element.addEventListener(`qikai:${type}`, wrapped);
    this.#listeners.push({ type, listener, wrapped });
    return this;
  }

  /** Removes a listener added with on(). */
  off(type, listener) {
    this.#listeners = this.#listeners.filter((l) => {
      if (l.type !== type || l.listener !== listener) return true;
      this.#element.removeEventListener(`qikai:${type}`, l.wrapped);
      return false;
    });
    return this;
  }

  /** Removes the widget: its DOM, listeners, observers, timers and memory. */
  destroy() {
    if (!this.#core) return;
    for (const l of this.#listeners) this.#element.removeEventListener(`qikai:${l.type}`, l.wrapped);
    this.#listeners = [];
    this.#core.destroy();
    this.#core.free();
    this.#core = null;
    mounted.delete(this.#element);
  }
}

/** Mounts a widget into `element` and returns its handle. */
export function mount(element, options) {
  if (!(element instanceof HTMLElement)) throw new TypeError('qikai-map: mount(element, options) needs an element');
  if (mounted.has(element)) throw new Error('qikai-map: a widget is already mounted in this element; destroy() it first');
  const map = new QikaiMap(core.mount(element, options ?? {}));
  mounted.set(element, map);
  return map;
}

/** Attributes a mounted <qikai-map> follows; the others are read when it mounts. */
const LIVE_ATTRIBUTES = {
  lang: (map, v) => map.setLanguage(v),
  filter: (map, v) => map.setFilter(v ?? ''),
  layers: (map, v) => map.setLayers(v ?? ''),
  select: (map, v) => map.select(v || null),
};

/** <qikai-map lang="en" data="..."></qikai-map>: mounts when connected, destroys when removed. */
export class QikaiMapElement extends HTMLElement {
  static observedAttributes = Object.keys(LIVE_ATTRIBUTES);
  #map = null;

  /** The widget's handle while the element is in the page. */
  get map() { return this.#map; }

  connectedCallback() {
    if (this.#map) return;
    this.#map = new QikaiMap(core.mountElement(this));
    mounted.set(this, this.#map);
  }

  disconnectedCallback() {
    // A move within the page disconnects and reconnects at once: keep it.
    queueMicrotask(() => {
      if (this.isConnected || !this.#map) return;
      this.#map.destroy();
      this.#map = null;
    });
  }

  attributeChangedCallback(name, before, value) {
    if (!this.#map || before === value) return;
    try {
      LIVE_ATTRIBUTES[name](this.#map, value);
    } catch (error) {
      console.warn(`qikai-map: attribute ${name}="${value}" ignored: ${error.message}`);
      this.dispatchEvent(new CustomEvent('qikai:error', { bubbles: true, detail: { type: 'error', message: error.message, option: name } }));
    }
  }
}

if (!customElements.get('qikai-map')) customElements.define('qikai-map', QikaiMapElement);
