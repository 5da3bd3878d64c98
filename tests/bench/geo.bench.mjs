// The benchmark page script: our Rust/wasm geo core (src/bench_exports.rs)
// against the JavaScript peers kdbush 4, geokdbush 2 and point-in-polygon 1,
// on the same seeded data. Timing: performance.now() around one whole batch
// (one call into wasm for ours); median of REPS runs after one warm-up.
// Verification: each side against a brute force of its own metric on a
// sample. Results go to window.__benchResults, then window.__benchDone = true.

import KDBush from 'kdbush';
import { around } from 'geokdbush';
// supercluster 9.1.0 (ESM; its own `import 'kdbush'` resolves through the
// page's import map). Imported by path: index.html maps only the older peers.
import Supercluster from '/node_modules/supercluster/index.js';

const params = new URLSearchParams(location.search);
const REPS = Number(params.get('reps') || 9); // ≥ 7, odd: the median is a run
const N_POINTS = 100_000;
const N_QUERIES = 1_000;
const N_POLYGONS = 50;
const N_SAMPLE = 50; // queries verified against brute force
const RADIUS_M = 2_000;
const BOX = { minLng: 125.0, maxLng: 125.5, minLat: 43.7, maxLat: 44.0 };
// Clustering rows: builds on 100k (the points above) and 1M points, queries on
// the 1M index for a 1024×768 viewport of 256-px tiles centred here.
const CLUSTER_BIG = 1_000_000;
const CLUSTER_BIG_REPS = Math.min(REPS, 5); // 1M builds: fewer timed runs keep the page < 2 min
const CLUSTER_CENTRE = [125.25, 43.85];
const CLUSTER_VIEW_PX = [1024, 768];
const CLUSTER_QUERY_REPS = 200; // queries per timed run (per-query ms = run / 200)

const logEl = document.getElementById('log');
function log(msg) {
  console.log(msg);
  logEl.textContent += `${msg}\n`;
}

// ---------------------------------------------------------------- data

/** mulberry32: a small, fast 32-bit seeded PRNG, uniform in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniformPoints(rand, n) {
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = BOX.minLng + rand() * (BOX.maxLng - BOX.minLng);
    out[2 * i + 1] = BOX.minLat + rand() * (BOX.maxLat - BOX.minLat);
  }
  return out;
}

/**
 * Star-shaped polygons: 8–20 vertices at sorted random angles around a
 * centre, each at a radius in [0.5 rMax, rMax] with rMax in 0.5–3 km, the
 * centre far enough inside the box for the polygon to stay in it. Closed
 * rings, all vertices in one array; polygon i is vertices
 * offsets[i]..offsets[i + 1].
 */
function starPolygons(rand, count) {
  const kmPerDegLat = 111.32;
  const margin = 3.1 / kmPerDegLat; // ≥ 3 km in latitude
  const flat = [];
  const offsets = [0];
  for (let p = 0; p < count; p++) {
    const rMax = 0.5 + rand() * 2.5;
    const cLat = BOX.minLat + margin + rand() * (BOX.maxLat - BOX.minLat - 2 * margin);
    const kmPerDegLng = kmPerDegLat * Math.cos((cLat * Math.PI) / 180);
    const lngMargin = 3.1 / kmPerDegLng;
    const cLng = BOX.minLng + lngMargin + rand() * (BOX.maxLng - BOX.minLng - 2 * lngMargin);
    const nv = 8 + Math.floor(rand() * 13);
    const angles = Array.from({ length: nv }, () => rand() * 2 * Math.PI).sort((a, b) => a - b);
    const ring = angles.map((a) => {
      const r = rMax * (0.5 + 0.5 * rand());
      return [cLng + (r * Math.cos(a)) / kmPerDegLng, cLat + (r * Math.sin(a)) / kmPerDegLat];
    });
    ring.push(ring[0]);
    for (const [x, y] of ring) flat.push(x, y);
    offsets.push(offsets[offsets.length - 1] + ring.length);
  }
  return { flat: new Float64Array(flat), offsets: new Uint32Array(offsets) };
}

// ---------------------------------------------------------------- peers

/**
 * point-in-polygon 1.1.0 ships CommonJS only, which a browser cannot import:
 * run its unmodified flat.js (the ray-casting test the package's index.js
 * dispatches to for flat arrays) in a minimal CommonJS wrapper.
 */
async function loadPointInPolygonFlat() {
  const src = await (await fetch('/node_modules/point-in-polygon/flat.js')).text();
  const module = { exports: {} };
  // eslint-disable-next-line no-new-func
  new Function('module', 'exports', src)(module, module.exports);
  return module.exports;
}

function peerBuild(coords) {
  const n = coords.length / 2;
  const index = new KDBush(n);
  for (let i = 0; i < n; i++) index.add(coords[2 * i], coords[2 * i + 1]);
  index.finish();
  return index;
}

// ---------------------------------------------------------------- metrics

// geokdbush 2.1.0's own metric (index.js): haversine on a sphere of
// earthRadius = 6371 km, compared as haverSin values; same operation order.
const RAD = Math.PI / 180;
const EARTH_RADIUS_KM = 6371;
const haverSin = (theta) => { const s = Math.sin(theta / 2); return s * s; };
const haverSinDist = (lng1, lat1, lng2, lat2, cosLat1) =>
  cosLat1 * Math.cos(lat2 * RAD) * haverSin((lng1 - lng2) * RAD) + haverSin((lat1 - lat2) * RAD);
const haverSinToKm = (h) => 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
// Our spherical methods (nearest_k_sphere, within_radius_sphere_m): the same
// great circle on the geodetic-latitude sphere, with the IUGG mean radius.
const OUR_SPHERE_RADIUS_M = 6_371_008.8;
const haverSinToOurM = (h) => 2 * OUR_SPHERE_RADIUS_M * Math.asin(Math.sqrt(h));

function peerBruteHaverSin(coords, lng, lat) {
  const n = coords.length / 2;
  const cosLat = Math.cos(lat * RAD);
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) h[i] = haverSinDist(lng, lat, coords[2 * i], coords[2 * i + 1], cosLat);
  return h;
}

/** The k smallest values of `d` (any k ≤ d.length), ascending. */
function smallest(d, k) {
  return Float64Array.from(d).sort().subarray(0, k);
}

function sameSequence(got, want, rel = 1e-6) {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    if (Math.abs(got[i] - want[i]) > rel * Math.max(Math.abs(want[i]), 1e-9)) {
      return `#${i}: ${got[i]} vs ${want[i]}`;
    }
  }
  return null;
}

function sameSet(got, want) {
  const a = Uint32Array.from(got).sort();
  const b = Uint32Array.from(want).sort();
  if (a.length !== b.length) return `sizes ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `first difference at #${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

/** Planar distance (degrees) from (x, y) to the nearest edge of ring `r`. */
function edgeDistanceDeg(x, y, flat, start, end) {
  let best = Infinity;
  for (let i = start; i + 3 < end; i += 2) {
    const [ax, ay, bx, by] = [flat[i], flat[i + 1], flat[i + 2], flat[i + 3]];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
  }
  return best;
}

// ---------------------------------------------------------------- timing

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1] * 0.5 + s[s.length >> 1] * 0.5;
}

/** Times each contender REPS times after one warm-up, interleaved so that
 *  drifts (thermal, GC) hit all alike; returns medians and last results. */
function timeAll(contenders, reps = REPS) {
  const times = contenders.map(() => []);
  const results = contenders.map(() => undefined);
  for (let rep = -1; rep < reps; rep++) {
    contenders.forEach((run, i) => {
      const t0 = performance.now();
      const r = run();
      const dt = performance.now() - t0;
      results[i] = r;
      if (rep >= 0) times[i].push(dt);
    });
  }
  return { ms: times.map(median), all: times, results };
}

// ---------------------------------------------------------------- main

async function main() {
  const wantO3 = params.get('o3') === '1';
  const ours = await import('/target/bench/pkg/qikai_map.js');
  const oursWasm = await ours.default();
  let o3 = null;
  if (wantO3) {
    o3 = await import('/target/bench/pkg-o3/qikai_map.js');
    await o3.default();
  }
  const pip = await loadPointInPolygonFlat();

  const rand = mulberry32(0x9e3779b9);
  const coords = uniformPoints(rand, N_POINTS);
  const queries = uniformPoints(rand, N_QUERIES);
  const polys = starPolygons(rand, N_POLYGONS);
  const tick = (() => { // smallest observable step of performance.now()
    let best = Infinity;
    for (let i = 0; i < 50; i++) {
      const a = performance.now();
      let b = performance.now();
      while (b === a) b = performance.now();
      best = Math.min(best, b - a);
    }
    return best;
  })();
  log(`data: ${N_POINTS} points, ${N_QUERIES} queries, ${N_POLYGONS} polygons (${polys.offsets[N_POLYGONS]} vertices); ` +
    `seed 0x9e3779b9; ${REPS} timed runs + 1 warm-up; timer step ${tick.toFixed(4)} ms, crossOriginIsolated=${crossOriginIsolated}`);

  const rows = [];
  const problems = [];
  const notes = [];
  const row = (work, n, peer, t, verified, extra = {}) => {
    const r = {
      work, n, ours_ms: round(t.ms[0]), peer, peer_ms: round(t.ms[1]),
      ratio: round(t.ms[0] / t.ms[1], 3), verified,
    };
    if (o3) { r.ours_o3_ms = round(t.ms[2]); r.ratio_o3 = round(t.ms[2] / t.ms[1], 3); }
    Object.assign(r, extra);
    rows.push(r);
    log(`${work}: ours ${r.ours_ms} ms, ${peer} ${r.peer_ms} ms, ratio ${r.ratio}` +
      (o3 ? ` (opt-level 3: ${r.ours_o3_ms} ms, ratio ${r.ratio_o3})` : '') + `, verified ${verified}`);
  };

  // 1. index_build
  let oursIndex = null;
  let o3Index = null;
  let peerIndex = null;
  const build = timeAll([
    () => { if (oursIndex) oursIndex.free(); oursIndex = new ours.BenchIndex(coords); },
    () => { peerIndex = peerBuild(coords); },
    ...(o3 ? [() => { if (o3Index) o3Index.free(); o3Index = new o3.BenchIndex(coords); }] : []),
  ]);
  const fullBox = peerIndex.range(BOX.minLng, BOX.minLat, BOX.maxLng, BOX.maxLat).length;
  const buildOk = oursIndex.len() === N_POINTS && peerIndex.numItems === N_POINTS && fullBox === N_POINTS &&
    (!o3 || o3Index.len() === N_POINTS);
  if (!buildOk) problems.push(`index_build: sizes ours ${oursIndex.len()}, peer ${peerIndex.numItems}, peer box ${fullBox}`);
  row('index_build', N_POINTS, 'kdbush 4.1.0', build, buildOk);

  // Sample for verification, with the brute force of each metric per query.
  const sample = Array.from({ length: N_SAMPLE }, (_, s) => Math.floor((s * N_QUERIES) / N_SAMPLE));
  log(`brute force for ${N_SAMPLE} sample queries (ellipsoidal in wasm, haversine in JS)…`);
  let msOurs = 0;
  let msPeer = 0;
  const brute = sample.map((qi) => {
    const [lng, lat] = [queries[2 * qi], queries[2 * qi + 1]];
    const t0 = performance.now();
    const oursM = oursIndex.brute_distances(lng, lat);
    const t1 = performance.now();
    const peerH = peerBruteHaverSin(coords, lng, lat);
    msPeer += performance.now() - t1;
    msOurs += t1 - t0;
    return { qi, lng, lat, oursM, peerH };
  });
  const perCall = (ms) => ((ms * 1e6) / (N_SAMPLE * N_POINTS)).toFixed(0);
  notes.push(`one distance: ${perCall(msOurs)} ns for ours (distance_m, Karney geodesic on WGS-84, in wasm), ` +
    `${perCall(msPeer)} ns for a haversine in JS (brute-force scans, ${N_SAMPLE} × ${N_POINTS})`);

  const peerNearest = (k) => () => {
    let count = 0;
    let idSum = 0;
    for (let q = 0; q < N_QUERIES; q++) {
      const ids = around(peerIndex, queries[2 * q], queries[2 * q + 1], k);
      count += ids.length;
      for (const id of ids) idSum += id;
    }
    return [count, idSum];
  };
  const peerRadius = () => {
    let count = 0;
    let idSum = 0;
    for (let q = 0; q < N_QUERIES; q++) {
      const ids = around(peerIndex, queries[2 * q], queries[2 * q + 1], Infinity, RADIUS_M / 1000);
      count += ids.length;
      for (const id of ids) idSum += id;
    }
    return [count, idSum];
  };
  const pairs = (flat) => ({ ids: flat.filter((_, i) => i % 2 === 0), d: flat.filter((_, i) => i % 2 === 1) });
  const ascending = (d) => d.every((x, i) => i === 0 || d[i - 1] <= x);

  // 2. nearest_k1, nearest_k10 (spherical, geokdbush's metric), nearest_k10_ellipsoid
  for (const [k, ellipsoid] of [[1, false], [10, false], [10, true]]) {
    const work = `nearest_k${k}${ellipsoid ? '_ellipsoid' : ''}`;
    const t = timeAll([
      ellipsoid ? () => oursIndex.nearest_ellipsoid_all(queries, k) : () => oursIndex.nearest_all(queries, k),
      peerNearest(k),
      ...(o3 ? [ellipsoid ? () => o3Index.nearest_ellipsoid_all(queries, k) : () => o3Index.nearest_all(queries, k)] : []),
    ]);
    let ok = t.results[0][0] === N_QUERIES * k && t.results[1][0] === N_QUERIES * k;
    if (!ok) problems.push(`${work}: result counts ours ${t.results[0][0]}, peer ${t.results[1][0]}`);
    if (o3 && t.results[2][1] !== t.results[0][1]) { ok = false; problems.push(`${work}: opt-level 3 checksum differs`); }
    let sameFirst = 0;
    let sameIds = 0;
    for (const b of brute) {
      const { ids: gotIds, d: gotD } = pairs(ellipsoid
        ? oursIndex.nearest_ellipsoid_one(b.lng, b.lat, k) : oursIndex.nearest_one(b.lng, b.lat, k));
      let badO;
      if (ellipsoid) {
        badO = sameSequence(gotD, smallest(b.oursM, k)) ||
          (gotIds.every((id, i) => b.oursM[id] === gotD[i]) ? null : 'an id is reported with a wrong distance');
      } else {
        // Against a JS haversine brute force on our radius.
        badO = sameSequence(gotD, Array.from(smallest(b.peerH, k), haverSinToOurM)) ||
          (gotIds.every((id, i) => Math.abs(haverSinToOurM(b.peerH[id]) - gotD[i]) <= 1e-6 * gotD[i] + 1e-9)
            ? null : 'an id is reported with a wrong distance');
      }
      if (badO) { ok = false; problems.push(`${work} ours, query ${b.qi}: ${badO}`); }
      const peerIds = around(peerIndex, b.lng, b.lat, k);
      const peerKm = peerIds.map((id) => haverSinToKm(b.peerH[id]));
      const badP = sameSequence(peerKm, Array.from(smallest(b.peerH, k), haverSinToKm));
      if (badP) { ok = false; problems.push(`${work} peer, query ${b.qi}: ${badP}`); }
      if (peerIds[0] === gotIds[0]) sameFirst++;
      if (peerIds.length === gotIds.length && peerIds.every((id, i) => id === gotIds[i])) sameIds++;
      else if (!ellipsoid) {
        // Same metric up to the radius: ids may differ only between exact ties.
        const tie = peerIds.every((id, i) => id === gotIds[i] || b.peerH[id] === b.peerH[gotIds[i]]);
        if (!tie) { ok = false; problems.push(`${work} ours vs geokdbush, query ${b.qi}: different ids`); }
      }
    }
    notes.push(ellipsoid
      ? `${work}: ours (WGS-84 geodesic) and geokdbush (sphere) agree on the nearest point for ${sameFirst}/${N_SAMPLE} sample queries, on all ${k} ids for ${sameIds}`
      : `${work}: ours (sphere R = 6371008.8 m) and geokdbush (sphere R = 6371 km) return the same ${k} ids in the same order for ${sameIds}/${N_SAMPLE} sample queries`);
    row(work, N_QUERIES, 'geokdbush 2.1.0', t, ok);
  }

  // 3. radius_2km (spherical), radius_2km_ellipsoid (with distances), radius_2km_ellipsoid_ids
  for (const variant of ['', '_ellipsoid', '_ellipsoid_ids']) {
    const work = `radius_2km${variant}`;
    const batch = {
      '': (ix) => ix.radius_all(queries, RADIUS_M),
      _ellipsoid: (ix) => ix.radius_ellipsoid_all(queries, RADIUS_M),
      _ellipsoid_ids: (ix) => ix.radius_ellipsoid_ids_all(queries, RADIUS_M),
    }[variant];
    const t = timeAll([
      () => batch(oursIndex),
      peerRadius,
      ...(o3 ? [() => batch(o3Index)] : []),
    ]);
    let ok = true;
    if (o3 && t.results[2][1] !== t.results[0][1]) { ok = false; problems.push(`${work}: opt-level 3 checksum differs`); }
    const maxH = haverSin(RADIUS_M / 1000 / EARTH_RADIUS_KM); // as geokdbush computes it
    let vsPeer = 0;
    for (const b of brute) {
      const wantO = []; const wantP = [];
      for (let i = 0; i < N_POINTS; i++) {
        if (variant === '' ? haverSinToOurM(b.peerH[i]) <= RADIUS_M : b.oursM[i] <= RADIUS_M) wantO.push(i);
        if (b.peerH[i] <= maxH) wantP.push(i);
      }
      let gotIds;
      let badO = null;
      if (variant === '_ellipsoid_ids') {
        gotIds = oursIndex.radius_ellipsoid_ids_one(b.lng, b.lat, RADIUS_M);
      } else {
        const { ids, d } = pairs(variant === ''
          ? oursIndex.radius_one(b.lng, b.lat, RADIUS_M) : oursIndex.radius_ellipsoid_one(b.lng, b.lat, RADIUS_M));
        gotIds = ids;
        const exact = variant === ''
          ? (id, i) => Math.abs(haverSinToOurM(b.peerH[id]) - d[i]) <= 1e-6 * d[i] + 1e-9
          : (id, i) => b.oursM[id] === d[i];
        if (!ascending(d)) badO = 'not sorted by distance';
        else if (!ids.every(exact)) badO = 'an id is reported with a wrong distance';
      }
      badO = badO || sameSet(gotIds, wantO);
      if (badO) { ok = false; problems.push(`${work} ours, query ${b.qi}: ${badO}`); }
      const peerIds = around(peerIndex, b.lng, b.lat, Infinity, RADIUS_M / 1000);
      const badP = sameSet(peerIds, wantP);
      if (badP) { ok = false; problems.push(`${work} peer, query ${b.qi}: ${badP}`); }
      const inPeer = new Set(peerIds);
      const inOurs = new Set(gotIds);
      vsPeer += gotIds.filter((i) => !inPeer.has(i)).length + peerIds.filter((i) => !inOurs.has(i)).length;
    }
    const [oc, pc] = [t.results[0][0], t.results[1][0]];
    notes.push(`${work}: ${oc} results ours (${variant === '' ? 'sphere R = 6371008.8 m' : 'WGS-84 geodesic'}), ${pc} geokdbush (sphere R = 6371 km), ` +
      `mean ${(oc / N_QUERIES).toFixed(1)} per query; ids in one answer but not the other on the ${N_SAMPLE} samples: ${vsPeer}`);
    row(work, N_QUERIES, 'geokdbush 2.1.0', t, ok, { results_ours: oc, results_peer: pc });
  }

  // 4. points_in_polygons
  {
    const { flat, offsets } = polys;
    const peerPip = (p, collect) => {
      const s = 2 * offsets[p];
      const e = 2 * offsets[p + 1];
      let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
      for (let i = s; i < e; i += 2) {
        minX = Math.min(minX, flat[i]); maxX = Math.max(maxX, flat[i]);
        minY = Math.min(minY, flat[i + 1]); maxY = Math.max(maxY, flat[i + 1]);
      }
      let count = 0;
      for (const id of peerIndex.range(minX, minY, maxX, maxY)) {
        if (pip([coords[2 * id], coords[2 * id + 1]], flat, s, e)) { count++; if (collect) collect.push(id); }
      }
      return count;
    };
    const t = timeAll([
      () => oursIndex.pip_all(flat, offsets),
      () => { const counts = new Uint32Array(N_POLYGONS); for (let p = 0; p < N_POLYGONS; p++) counts[p] = peerPip(p); return counts; },
      ...(o3 ? [() => o3Index.pip_all(flat, offsets)] : []),
    ]);
    let ok = true;
    let mismatches = 0;
    let total = 0;
    for (let p = 0; p < N_POLYGONS; p++) {
      const s = 2 * offsets[p];
      const e = 2 * offsets[p + 1];
      const oursIds = oursIndex.pip_ids(flat, offsets, p);
      const peerIds = []; peerPip(p, peerIds);
      total += oursIds.length;
      if (t.results[0][p] !== oursIds.length || t.results[1][p] !== peerIds.length ||
          (o3 && t.results[2][p] !== oursIds.length)) {
        ok = false; problems.push(`points_in_polygons ${p}: batch counts differ from the verified ids`);
      }
      const badO = sameSet(oursIds, oursIndex.brute_pip_ids(flat, offsets, p));
      if (badO) { ok = false; problems.push(`points_in_polygons ours vs brute force, polygon ${p}: ${badO}`); }
      const bruteP = [];
      for (let i = 0; i < N_POINTS; i++) if (pip([coords[2 * i], coords[2 * i + 1]], flat, s, e)) bruteP.push(i);
      const badP = sameSet(peerIds, bruteP);
      if (badP) { ok = false; problems.push(`points_in_polygons peer vs brute force, polygon ${p}: ${badP}`); }
      const inOurs = new Set(oursIds);
      const inPeer = new Set(peerIds);
      for (const id of [...oursIds.filter((i) => !inPeer.has(i)), ...peerIds.filter((i) => !inOurs.has(i))]) {
        mismatches++;
        const d = edgeDistanceDeg(coords[2 * id], coords[2 * id + 1], flat, s, e);
        if (d > 1e-9) { ok = false; problems.push(`points_in_polygons ${p}: point ${id} differs, ${d}° from the nearest edge`); }
      }
    }
    notes.push(`points_in_polygons: ${total} points inside in all, ours vs peer mismatches: ${mismatches}`);
    row('points_in_polygons', N_POLYGONS, 'kdbush 4.1.0 + point-in-polygon 1.1.0', t, ok,
      { results: total, mismatches });
  }

  oursIndex.free();
  if (o3Index) o3Index.free();

  // 5. clustering: cluster_build (100k, 1M), cluster_query_z10/13/16 (1M)
  await clusterRows({ ours, o3, oursWasm, coords, row, notes, problems, timeAll });

  for (const n of notes) log(n);
  for (const p of problems.slice(0, 50)) log(`PROBLEM ${p}`);

  const table = document.getElementById('results');
  table.innerHTML = '<tr><th>work</th><th>n</th><th>ours ms</th><th>peer</th><th>peer ms</th><th>ratio</th><th>verified</th></tr>' +
    rows.map((r) => `<tr><td>${r.work}</td><td>${r.n}</td><td>${r.ours_ms}</td><td>${r.peer}</td><td>${r.peer_ms}</td><td>${r.ratio}</td><td>${r.verified}</td></tr>`).join('');
  return {
    userAgent: navigator.userAgent, reps: REPS, timerStepMs: tick, crossOriginIsolated, o3: Boolean(o3),
    rows, notes, problems,
  };
}

// ---------------------------------------------------------------- clustering

const lngX = (lng) => lng / 360 + 0.5;
const latY = (lat) => {
  const sin = Math.sin((lat * Math.PI) / 180);
  return 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
};
const xLng = (x) => (x - 0.5) * 360;
const yLat = (y) => (360 * Math.atan(Math.exp(((180 - y * 360) * Math.PI) / 180))) / Math.PI - 90;

/** [west, south, east, north] of a w×h px viewport of 256-px tiles at `zoom`. */
function viewBounds([lng, lat], zoom, [w, h]) {
  const worldPx = 256 * 2 ** zoom;
  const [cx, cy] = [lngX(lng), latY(lat)];
  return [xLng(cx - w / 2 / worldPx), yLat(cy + h / 2 / worldPx), xLng(cx + w / 2 / worldPx), yLat(cy - h / 2 / worldPx)];
}

function features(coords) {
  const n = coords.length / 2;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = { type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [coords[2 * i], coords[2 * i + 1]] } };
  }
  return out;
}

const scCounts = (fs) => fs.map((f) => (f.properties && f.properties.point_count) || 1);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function clusterRows({ ours, o3, oursWasm, coords, row, notes, problems, timeAll }) {
  const world = [-180, -90, 180, 90];
  const memBefore = oursWasm.memory.buffer.byteLength;
  const heap = () => (performance.memory ? performance.memory.usedJSHeapSize : NaN);

  // cluster_build, 100k: the same points as the rows above.
  const verifyBuild = (work, n, oursIx, peerIx) => {
    let ok = oursIx.len() === n;
    for (const z of [0, 10, 13, 16, 17]) {
      const [, oursTotal] = oursIx.query_reps(...world, z, 1);
      const peerTotal = sum(scCounts(peerIx.getClusters(world, z)));
      if (oursTotal !== n || peerTotal !== n) {
        ok = false; problems.push(`${work} n=${n}: world query at z${z} sums to ${oursTotal} ours, ${peerTotal} supercluster`);
      }
    }
    return ok;
  };
  const buildRow = (n, pts, feats, reps, keepO3 = false) => {
    let oursIx = null; let o3Ix = null; let peerIx = null;
    const t = timeAll([
      () => { if (oursIx) oursIx.free(); oursIx = new ours.BenchCluster(pts); },
      () => { peerIx = new Supercluster().load(feats); },
      ...(o3 ? [() => { if (o3Ix) o3Ix.free(); o3Ix = new o3.BenchCluster(pts); }] : []),
    ], reps);
    const ok = verifyBuild('cluster_build', n, oursIx, peerIx);
    row('cluster_build', n, 'supercluster 9.1.0 load', t, ok, { reps: t.all[0].length });
    if (o3Ix && !keepO3) o3Ix.free();
    return { oursIx, peerIx, o3Ix };
  };
  {
    const small = buildRow(coords.length / 2, coords, features(coords), REPS);
    small.oursIx.free();
  }

  // cluster_build, 1M: fresh seeded points in the same box.
  const rand = mulberry32(0xc1a5);
  const big = uniformPoints(rand, CLUSTER_BIG);
  const bigFeatures = features(big);
  const heapBefore = heap();
  const t0 = performance.now();
  const { oursIx, peerIx, o3Ix } = buildRow(CLUSTER_BIG, big, bigFeatures, CLUSTER_BIG_REPS, true);
  const memAfter = oursWasm.memory.buffer.byteLength;
  notes.push(`cluster_build n=${CLUSTER_BIG}: ${CLUSTER_BIG_REPS} timed runs (+1 warm-up) in ${((performance.now() - t0) / 1000).toFixed(1)} s for both sides; ` +
    `wasm memory (WebAssembly.Memory buffer byteLength, a high-water mark) ${mib(memBefore)} before the clustering rows, ` +
    `${mib(memAfter)} after the 1M builds (index and input copy alive, earlier ones freed); ` +
    `JS heap used by the last supercluster index + its GeoJSON input ≈ ${mib(heap() - heapBefore)} (performance.memory, coarse)`);

  // cluster_query_z10/13/16 on the 1M index.
  for (const z of [10, 13, 16]) {
    const b = viewBounds(CLUSTER_CENTRE, z, CLUSTER_VIEW_PX);
    const t = timeAll([
      () => oursIx.query_reps(...b, z, CLUSTER_QUERY_REPS),
      () => { let r; for (let i = 0; i < CLUSTER_QUERY_REPS; i++) r = peerIx.getClusters(b, z); return r; },
      ...(o3Ix ? [() => o3Ix.query_reps(...b, z, CLUSTER_QUERY_REPS)] : []),
    ]);
    const perQuery = { ms: t.ms.map((ms) => ms / CLUSTER_QUERY_REPS), all: t.all, results: t.results };
    const [oursItems] = t.results[0];
    const peerItems = t.results[1].length;
    const oursCounts = Array.from(oursIx.query_counts(...b, z));
    const peerCounts = scCounts(t.results[1]).sort((p, q) => p - q);
    const sameCounts = oursCounts.length === peerCounts.length && oursCounts.every((c, i) => c === peerCounts[i]);
    const within1 = Math.abs(oursItems - peerItems) <= 0.01 * peerItems;
    const ok = within1 && oursItems === oursCounts.length;
    if (!ok) problems.push(`cluster_query_z${z}: ${oursItems} items ours, ${peerItems} supercluster (more than 1 % apart)`);
    notes.push(`cluster_query_z${z}: viewport [${b.map((v) => v.toFixed(5)).join(', ')}]: ${oursItems} items ours, ${peerItems} supercluster` +
      ` (${sum(oursCounts)} / ${sum(peerCounts)} points); item counts identical as multisets: ${sameCounts}`);
    row(`cluster_query_z${z}`, CLUSTER_BIG, 'supercluster 9.1.0 getClusters', perQuery, ok,
      {
        items_ours: oursItems, items_peer: peerItems, same_counts: sameCounts, queries_per_run: CLUSTER_QUERY_REPS,
        ours_ms: round(perQuery.ms[0], 5), peer_ms: round(perQuery.ms[1], 5),
        ...(o3Ix ? { ours_o3_ms: round(perQuery.ms[2], 5) } : {}),
      });
  }
  oursIx.free();
  if (o3Ix) o3Ix.free();
  return { memBefore, memAfter };
}

function round(x, digits = 3) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main().then(
  (results) => { window.__benchResults = results; window.__benchDone = true; },
  (err) => {
    log(`FAILED: ${err && err.stack ? err.stack : err}`);
    window.__benchResults = { error: String(err && err.stack ? err.stack : err) };
    window.__benchDone = true;
  },
);
