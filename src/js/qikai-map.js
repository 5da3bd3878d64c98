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
