// A portal's page written against types/qikai-map.d.ts, using every member
// as a portal would. Never run, only type-checked (make contract: tsc
// --noEmit --strict). Each `@ts-expect-error` line is a misuse the types must
// refuse: tsc fails on one that is accepted.

import {
  mount,
  ready,
  version,
  QikaiMap,
  QikaiMapElement,
  type FlyToTarget,
  type LayerName,
  type QikaiCommand,
  type QikaiMapEventMap,
  type QikaiMapOptions,
  type QikaiMapState,
  type QikaiMessage,
} from '../../types/qikai-map.js';

async function portal(): Promise<void> {
  await ready;
  const label: string = `qikai-map ${version}`;
  document.title = label;

  // ---------------------------------------------------------------- mount
  const box = document.querySelector<HTMLElement>('#map');
  if (!box) return;
  const options: QikaiMapOptions = {
    lang: 'en',
    data: '/portal/nev.geojson',
    tiles: '/tiles/chargers.pmtiles',
    layers: ['zone', 'park', 'swap_station'],
    filter: 'k=project;i=over10',
    view: [125.17, 43.83, 13],
    select: 'project-audi-faw-nev',
    kiosk: false,
    idle: 120,
    basemap: '/tiles/{z}/{x}/{y}.png',
    basemap_datum: 'gcj02',
    basemap_attribution: '© 某地图 GS(2024)0000号',
    origins: ['https://portal.example.gov.cn'],
    share_base: 'https://portal.example.gov.cn/map/',
    attribution: 'Data: Changchun Transport Bureau',
    heading: '长春市充换电设施|Changchun charging',
    cooperative: true,
    stress: 100000,
    seed: 7,
    max_mb: 100,
    max_features: 500000,
    max_vertices: 1000000,
    max_text: 8000,
  };
  const map: QikaiMap = mount(box, options);
  const other = mount(document.body, { lang: 'zh', layers: 'zone,park', view: '125.2,43.8,12', origins: 'https://a.cn' });
  mount(document.body);

  // @ts-expect-error: only zh and en
  mount(box, { lang: 'fr' });
  // @ts-expect-error: kiosk is a boolean
  mount(box, { kiosk: 'yes' });
  // @ts-expect-error: not an option (shareBase is share_base)
  mount(box, { shareBase: 'https://x.cn/' });
  // @ts-expect-error: view is [lng, lat, zoom]
  mount(box, { view: [125.17, 43.83] });
  // @ts-expect-error: not a layer
  mount(box, { layers: ['roads'] });
  // @ts-expect-error: an element, not a selector
  mount('#map');

  // ---------------------------------------------------------------- handle
  const host: HTMLElement = map.element;
  let state: QikaiMapState | null = map.flyTo({ center: [125.17, 43.83], zoom: 14 });
  state = map.flyTo({ center: [125.17, 43.83] });
  state = map.flyTo({ id: 'project-audi-faw-nev' });
  const target: FlyToTarget = { id: 'landmark-faw-hq' };
  state = map.flyTo(target);
  state = map.select('project-audi-faw-nev');
  state = map.select(null);
  try {
    map.select('no-such-id');
  } catch (e) {
    const why: string = (e as Error).message;
    console.warn(why);
  }
  state = map.setFilter('k=project');
  state = map.setLanguage('zh');
  state = map.setLayers(['zone', 'park']);
  state = map.setLayers('zone,park');
  state = map.getState();
  // @ts-expect-error: null while the data still loads
  console.log(state.zoom);
  if (state === null) return;
  const [lng, lat]: [number, number] = state.center;
  const zoom: number = state.zoom;
  const selected: string | null = state.selected;
  const layers: LayerName[] = state.layers;
  const link: string = `${location.origin}/map/${state.permalink}`;
  console.log(lng, lat, zoom, selected, layers, link, state.lang, state.filter, host);

  // @ts-expect-error: only zh and en
  map.setLanguage('fr');
  // @ts-expect-error: a position is [lng, lat]
  map.flyTo({ center: [125.17] });
  // @ts-expect-error: flyTo takes a target object
  map.flyTo('project-audi-faw-nev');
  // @ts-expect-error: not a layer
  map.setLayers(['zone', 'roads']);
  // @ts-expect-error: select takes an id or null, not undefined
  map.select(undefined);
  // @ts-expect-error: the element is read-only
  map.element = box;
  // @ts-expect-error: a handle comes from mount(), never from new
  new QikaiMap();
  // @ts-expect-error: the state's selection may be null
  const sure: string = map.getState().selected;
  console.log(sure);

  // ---------------------------------------------------------------- events
  const onSelect = (detail: QikaiMapEventMap['select']): void => {
    console.log(detail.id === null ? 'nothing' : detail.id.toUpperCase());
  };
  map
    .on('ready', () => console.log('ready'))
    .on('select', onSelect)
    .on('viewchange', ({ center, zoom }) => console.log(center[0], center[1], zoom.toFixed(2)))
    .on('error', ({ message, option }) => console.warn(message, option ?? 'data'))
    .on('dataload', ({ features, skipped, problems, source }) => console.log(features + skipped + problems, source));
  map.off('select', onSelect).off('ready', () => {});
  // @ts-expect-error: no such event
  map.on('click', () => {});
  // @ts-expect-error: a select event has no zoom
  map.on('select', (detail) => detail.zoom);

  // The same events on the element, as DOM events.
  box.addEventListener('qikai:select', (e) => console.log(e.detail.id));
  box.addEventListener('qikai:viewchange', (e) => console.log(e.detail.center[0], e.detail.zoom));
  box.addEventListener('qikai:dataload', (e) => console.log(e.detail.features, e.detail.source));
  box.addEventListener('qikai:error', (e) => console.warn(e.detail.message, e.detail.option));
  box.addEventListener('qikai:ready', (e) => console.log(e.type));
  // @ts-expect-error: a viewchange has no id
  box.addEventListener('qikai:viewchange', (e) => console.log(e.detail.id));

  other.destroy();
  map.destroy();

  // ---------------------------------------------------------------- custom element
  const el = document.createElement('qikai-map');
  const typed: QikaiMapElement = el;
  el.setAttribute('lang', 'en');
  el.setAttribute('data', '/portal/nev.geojson');
  el.setAttribute('tiles', '/tiles/{z}/{x}/{y}.mvt');
  el.setAttribute('share-base', 'https://portal.example.gov.cn/map/');
  document.body.append(el);
  el.map?.setLanguage('zh');
  const found = document.querySelector('qikai-map');
  const handle: QikaiMap | null = found ? found.map : null;
  console.log(handle?.getState()?.zoom, typed.isConnected);
  el.addEventListener('qikai:select', (e) => console.log(e.detail.id));
  // @ts-expect-error: the element's map is read-only
  el.map = null;
  el.remove();
}

// ---------------------------------------------------------------- postMessage
function iframeHost(frame: HTMLIFrameElement): void {
  const send = (command: QikaiCommand): void => frame.contentWindow?.postMessage(JSON.stringify(command), 'https://map.example.gov.cn');
  send({ qikai: 1, type: 'flyTo', center: [125.17, 43.83], zoom: 14, requestId: 'a1' });
  send({ qikai: 1, type: 'flyTo', id: 'project-audi-faw-nev' });
  send({ qikai: 1, type: 'select', id: null, requestId: 7 });
  send({ qikai: 1, type: 'setFilter', filter: 'k=project' });
  send({ qikai: 1, type: 'setLanguage', lang: 'en' });
  send({ qikai: 1, type: 'setLayers', layers: ['zone', 'park'] });
  send({ qikai: 1, type: 'getState' });
  // @ts-expect-error: this widget speaks contract version 1
  send({ qikai: 2, type: 'getState' });
  // @ts-expect-error: no such command
  send({ qikai: 1, type: 'launch' });
  // @ts-expect-error: setLanguage needs lang
  send({ qikai: 1, type: 'setLanguage' });

  window.addEventListener('message', (e: MessageEvent<string>) => {
    if (e.origin !== 'https://map.example.gov.cn') return;
    const message = JSON.parse(e.data) as QikaiMessage;
    if ('reply' in message) {
      if (message.type === 'state') console.log(message.permalink, message.layers.join(','), message.requestId);
      else console.warn(message.message);
      return;
    }
    switch (message.type) {
      case 'ready':
        send({ qikai: 1, type: 'getState', requestId: 'first' });
        break;
      case 'select':
        console.log(message.id);
        break;
      case 'viewchange':
        console.log(message.center, message.zoom);
        break;
      case 'dataload':
        console.log(message.features, message.skipped, message.problems, message.source);
        break;
      case 'error':
        console.warn(message.message, message.option);
        break;
      default: {
        const never: never = message;
        console.log(never);
      }
    }
  });
}

void portal();
iframeHost(document.createElement('iframe'));
