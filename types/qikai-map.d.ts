// Types of qikai-map's JavaScript module `qikai-map.js` (shipped beside it as
// `qikai-map.d.ts`, so `import { mount } from "/qikai-map/qikai-map.js"` is
// typed), of its custom element `<qikai-map>`, its DOM events and the
// postMessage contract of an iframe embed. Written by hand against
// src/embed/options.rs (the option names), src/embed/messages.rs (the
// messages) and the module; `make contract` type-checks a host page against
// it (tests/contract/host.ts) and compares the names with the Rust source.

/** The interface languages. */
export type Lang = 'zh' | 'en';

/** The map's layers: one per feature kind of the data format. */
export type LayerName = 'zone' | 'district' | 'park' | 'project' | 'swap_station' | 'landmark';

/** A WGS-84 position, longitude first (as in GeoJSON). */
export type LngLat = [lng: number, lat: number];

/** The datum of a raster basemap's tiles. */
export type Datum = 'wgs84' | 'gcj02' | 'bd09';

/**
 * What a host can set, by the names the iframe URL, a `[data-qikai-map]`
 * element's `data-*` attributes and `<qikai-map>`'s attributes use too. A value
 * the widget cannot use is ignored (the default stays) and reported as a
 * `qikai:error` event naming the option, and a console warning.
 */
export interface QikaiMapOptions {
  /** Interface language; else a `lang` attribute on the element or page, else the browser's. */
  lang?: Lang;
  /** URL of the portal's own data (GeoJSON or CSV, see schema/qikai-map.schema.json): http(s), `/…` or `./…`. */
  data?: string;
  /**
   * Vector tiles drawn over the data: a PMTiles archive (`….pmtiles`, read with HTTP range
   * requests) or an XYZ template with `{z}`, `{x}`, `{y}` (a tile server, a static directory);
   * http(s), `/…` or `./…`.
   */
  tiles?: string;
  /** Layers shown at start, e.g. `["zone", "park"]` or `"zone,park"`; the others hidden. */
  layers?: LayerName[] | string;
  /** A filter in its compact text form, e.g. `"k=project;i=over10"`. */
  filter?: string;
  /** Where to start: `"125.17,43.83,13"` or `[125.17, 43.83, 13]` (zoom 0–24). */
  view?: string | [lng: number, lat: number, zoom: number];
  /** Id of the feature to open at start. */
  select?: string;
  /** Kiosk mode for expo screens: big targets, fullscreen, idle reset. */
  kiosk?: boolean;
  /** Seconds without input before a kiosk resets (5–86400, default 120). */
  idle?: number;
  /** An XYZ raster basemap URL template with `{z}`, `{x}` and `{y}`; none by default. */
  basemap?: string;
  /** The basemap's datum (set `basemap` first); default `wgs84`. */
  basemap_datum?: Datum;
  /** The basemap's credits (with the 审图号 where the provider has one). */
  basemap_attribution?: string;
  /** Origins allowed to send postMessage commands (none by default). */
  origins?: string | string[];
  /** The public base URL for share links and the QR code. */
  share_base?: string;
  /** Credits for the portal's own data, shown instead of the default data's. */
  attribution?: string;
  /** The map's title in the header and the PNG export: `中文|English`, or one text for both. */
  heading?: string;
  /** Ctrl/⌘ + wheel and two fingers move the map (default on when embedded). */
  cooperative?: boolean;
  /** The source article's story panel and the figures it cites (default on; `false` for a portal showing only its own data). */
  story?: boolean;
  /** Stress mode: this many seeded synthetic points (1–1,000,000), labelled synthetic. */
  stress?: number;
  /** Seed of the stress mode's points. */
  seed?: number;
  /** Largest data file in MB (1–500, default 50). */
  max_mb?: number;
  /** Most features (1–1,000,000, the default). */
  max_features?: number;
  /** Most positions per geometry (4–5,000,000, default 250,000). */
  max_vertices?: number;
  /** Longest text in characters (1–100,000, default 4,000). */
  max_text?: number;
}

/** `<qikai-map>`'s attributes: the option names in kebab-case. */
export type QikaiMapAttributeName =
  | 'lang' | 'data' | 'tiles' | 'layers' | 'filter' | 'view' | 'select' | 'kiosk' | 'idle'
  | 'basemap' | 'basemap-datum' | 'basemap-attribution' | 'origins' | 'share-base'
  | 'attribution' | 'heading' | 'cooperative' | 'story' | 'stress' | 'seed'
  | 'max-mb' | 'max-features' | 'max-vertices' | 'max-text';

/** What a widget shows: every command returns it (once the data is in), `getState()` reads it. */
export interface QikaiMapState {
  /** The camera's centre. */
  center: LngLat;
  /** The camera's zoom. */
  zoom: number;
  /** The selected feature's id. */
  selected: string | null;
  /** The interface language. */
  lang: Lang;
  /** The filter in its compact text form (`""` for none). */
  filter: string;
  /** The layers shown. */
  layers: LayerName[];
  /** The permalink hash of this state (`#v=1&c=…`). */
  permalink: string;
}

/** Each event's payload, by name: `on(name)` listeners get it, `qikai:<name>` DOM events carry it as `detail`. */
export interface QikaiMapEventMap {
  /** The widget is mounted and takes commands (no fields). */
  ready: Record<never, never>;
  /** The selection changed. */
  select: { id: string | null };
  /** The camera moved (a few times a second at most). */
  viewchange: { center: LngLat; zoom: number };
  /** Something the host gave could not be used: an option (named, with what it accepts) or the data. */
  error: { message: string; option?: string };
  /** The data is loaded: the data report's summary, and `embedded` or the data URL. */
  dataload: { features: number; skipped: number; problems: number; source: string };
}

/** The events' names. */
export type QikaiMapEventName = keyof QikaiMapEventMap;

/** The DOM events a widget dispatches on its element (they bubble): `qikai:<name>`. */
export type QikaiMapDomEventMap = {
  [K in QikaiMapEventName as `qikai:${K}`]: CustomEvent<QikaiMapEventMap[K]>;
};

/** Where `flyTo` goes: a position (and zoom), or a feature by id (selected too). */
export type FlyToTarget = { center: LngLat; zoom?: number } | { id: string };

/**
 * A mounted widget, as `mount()` returns it. Commands are checked as the
 * postMessage contract checks them: a bad one throws an `Error` saying why.
 * A command given while the data still loads waits and runs once it is in;
 * it returns `null` then (listen to `dataload`, or call `getState()` later).
 */
export declare class QikaiMap {
  private constructor();
  /** The element the widget is mounted in. */
  readonly element: HTMLElement;
  /** Moves the camera to a position, or to a feature (selecting it). */
  flyTo(target: FlyToTarget): QikaiMapState | null;
  /** Selects a feature, or nothing (`null`); throws for an id the data does not have. */
  select(id: string | null): QikaiMapState | null;
  /** Replaces the filter (compact text form, `""` clears it); throws for text that is not a filter. */
  setFilter(filter: string): QikaiMapState | null;
  /** Switches the interface language. */
  setLanguage(lang: Lang): QikaiMapState | null;
  /** Shows these layers and hides the others (`[]` hides all). */
  setLayers(layers: LayerName[] | string): QikaiMapState | null;
  /** The current state. */
  getState(): QikaiMapState | null;
  /** Listens to an event; returns the handle, for chaining. */
  on<K extends QikaiMapEventName>(type: K, listener: (detail: QikaiMapEventMap[K]) => void): this;
  /** Stops a listener added with `on`. */
  off<K extends QikaiMapEventName>(type: K, listener: (detail: QikaiMapEventMap[K]) => void): this;
  /** Unmounts the widget: its DOM, listeners, timers and observers go; the element stays, empty. */
  destroy(): void;
}

/**
 * `<qikai-map lang="en" data="/portal/nev.geojson">`: mounts when connected,
 * destroys when disconnected; attributes are the options (kebab-case).
 */
export declare class QikaiMapElement extends HTMLElement {
  /** The widget while the element is connected, else `null`. */
  readonly map: QikaiMap | null;
}

/** Resolves once the WebAssembly is loaded and `mount` can be called. */
export declare const ready: Promise<void>;

/** The widget's version, e.g. `"0.2.0"`. */
export declare const version: string;

/** Mounts a widget into `element` (which should have a height) and returns its handle. */
export declare function mount(element: HTMLElement, options?: QikaiMapOptions): QikaiMap;

// ------------------------------------------------------------ postMessage

/** Every message carries the contract version. */
interface MessageBase {
  qikai: 1;
}

/** Commands an iframe's host posts (from an allowed origin); `requestId` is echoed by the reply. */
export type QikaiCommand = MessageBase & { requestId?: string | number } & (
  | { type: 'flyTo'; center: LngLat; zoom?: number }
  | { type: 'flyTo'; id: string }
  | { type: 'select'; id: string | null }
  | { type: 'setFilter'; filter: string }
  | { type: 'setLanguage'; lang: Lang }
  | { type: 'setLayers'; layers: LayerName[] | string }
  | { type: 'getState' }
);

/** The answer to a command: the state it left, or why it was refused. */
export type QikaiReply = MessageBase & { reply: true; requestId?: string } & (
  | ({ type: 'state' } & QikaiMapState)
  | { type: 'error'; message: string }
);

/** Unasked events, posted to the parent (allowed origins only): the DOM events' payloads with their name as `type`. */
export type QikaiEventMessage = {
  [K in QikaiMapEventName]: MessageBase & { event: true; type: K } & QikaiMapEventMap[K];
}[QikaiMapEventName];

/** Everything a widget posts to its parent. */
export type QikaiMessage = QikaiReply | QikaiEventMessage;

declare global {
  interface HTMLElementTagNameMap {
    'qikai-map': QikaiMapElement;
  }
  interface HTMLElementEventMap extends QikaiMapDomEventMap {}
}
