// The data format's JSON Schema (schema/qikai-map.schema.json) against the
// fixtures, the default data and the example portal file:
//
// 1. every fixture is classified below, valid ones pass, invalid ones fail for
//    the named reason (keyword and place, not just "fails");
// 2. the schema and the widget's loader agree, feature by feature: the
//    loader's verdict comes from `qikai-map-check --json` (the same loader as
//    the widget), and a feature fails the schema exactly when the loader
//    reports a problem the schema can express (LOADER_ONLY lists the rest,
//    which the schema's description names).
//
//   node --test tests/contract/   (make contract; needs cargo for the checker)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema', 'qikai-map.schema.json'), 'utf8'));

// Union types (`["string", "null"]`) are plain JSON Schema; a position is an
// open tuple of 2 or 3 on purpose. Every other strict check stays on.
const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strictTuples: false, strictTypes: true });
const validate = ajv.compile(schema);

/** Problems only the loader can find (see the schema's description). */
const LOADER_ONLY = new Set([
  'duplicate_id', 'ring_not_closed', 'self_intersecting_ring', 'rings_cross', 'hole_outside_shell',
  'holes_nested', 'polygons_overlap', 'too_many_vertices', 'geometry_not_checked', 'csv_cell_count',
]);

/**
 * Every fixture's verdict. `features`: index → the errors it must have, each
 * [keyword, path under /features/<index>, params or schemaPath to match].
 * `root`: errors of the file as a whole. `loaderOnly`: index → the codes the
 * loader reports where the schema must stay silent. `notJson`: the schema
 * cannot apply (why); `loads`: the loader reads it all the same (CSV).
 */
const EXPECT = {
  'bad_ids_kinds_accuracy.geojson': {
    features: {
      1: [['pattern', '/id']],
      2: [['required', '/properties', { missingProperty: 'id' }]],
      3: [['type', '/id']],
      4: [['enum', '/properties/kind']],
      5: [['pattern', '/properties/position_accuracy']],
      6: [['required', '/properties', { missingProperty: 'position_accuracy' }]],
    },
  },
  'bom_before_geojson.geojson': { valid: true },
  // 10,000 levels: the loader stops at 128 (malformed JSON); the schema sees no Feature.
  'deep_nesting.json': { features: { 0: [['type', '', { type: 'object' }]] } },
  'duplicate_ids.geojson': { valid: true, loaderOnly: { 2: ['duplicate_id'], 3: ['duplicate_id'] } },
  'gbk.csv': { notJson: 'CSV in GBK: not UTF-8' },
  // JavaScript reads 1e400 as Infinity (not a JSON Schema number); the loader refuses it as malformed.
  'huge_number.geojson': { features: { 0: [['type', '/geometry/coordinates/0']] } },
  'invalid_polygons.geojson': {
    valid: true,
    loaderOnly: {
      1: ['self_intersecting_ring'], 2: ['self_intersecting_ring'], 3: ['hole_outside_shell'],
      4: ['rings_cross'], 5: ['holes_nested'], 6: ['polygons_overlap'],
    },
  },
  'json_array.json': { root: [['type', '', { type: 'object' }]] },
  'json_null.json': { root: [['type', '', { type: 'object' }]] },
  'json_number.json': { root: [['type', '', { type: 'object' }]] },
  'json_string.json': { root: [['type', '', { type: 'object' }]] },
  'malformed.json': { notJson: 'cut off inside an object' },
  'missing_names.geojson': {
    features: {
      1: [['required', '/properties', { missingProperty: 'name_zh' }], ['required', '/properties', { missingProperty: 'name_en' }]],
      2: [['required', '/properties', { missingProperty: 'name_en' }]],
      3: [['pattern', '/properties/name_en', { pattern: '\\S' }]],
      4: [['type', '/properties/name_zh']],
    },
  },
  'nan_and_infinite_as_strings.geojson': {
    features: {
      1: [['type', '/geometry/coordinates/0', { type: 'number' }]],
      2: [['type', '/geometry/coordinates/1', { type: 'number' }]],
      3: [['minItems', '/geometry/coordinates', { limit: 2 }]],
    },
  },
  'nan_literal.geojson': { notJson: 'NaN is not JSON' },
  'not_a_collection.geojson': {
    root: [['required', '', { missingProperty: 'features' }], ['const', '/type', { allowedValue: 'FeatureCollection' }]],
  },
  'not_features.geojson': {
    features: {
      1: [['type', '', { type: 'object' }]],
      2: [['type', '', { type: 'object' }]],
      3: [['type', '', { type: 'object' }]],
      4: [['type', '', { type: 'object' }]],
      5: [['const', '/type', { allowedValue: 'Feature' }], ['required', '', { missingProperty: 'properties' }]],
    },
  },
  'parse_error_position.geojson': { notJson: 'a missing comma' },
  'portal_build.csv': { notJson: 'CSV: each row is checked as its feature by the loader', loads: true },
  'quoted_header.csv': { notJson: 'CSV: each row is checked as its feature by the loader', loads: true },
  'rings.geojson': {
    features: {
      2: [['minItems', '/geometry/coordinates/0', { limit: 4 }]],
      3: [['minItems', '/geometry/coordinates', { limit: 1 }]],
    },
    loaderOnly: { 1: ['ring_not_closed'] },
  },
  'script_in_text.geojson': {
    features: {
      1: [['not', '/properties/name_zh'], ['not', '/properties/name_en'], ['not', '/properties/source'],
        ['pattern', '/properties/source_url']],
      2: [['pattern', '/properties/source_url']],
    },
  },
  'skipped_with_warnings.geojson': {
    features: {
      0: [['enum', '/properties/kind'], ['enum', '/properties/status'], ['minimum', '/properties/investment_yuan'],
        ['required', '/properties', { missingProperty: 'name_en' }],
        ['required', '/properties', { missingProperty: 'position_accuracy' }]],
    },
  },
  'swapped_and_out_of_range.geojson': {
    features: {
      1: [['maximum', '/geometry/coordinates/1', '$defs/latitude']],
      2: [['maximum', '/geometry/coordinates/0', '$defs/longitude']],
      3: [['minimum', '/geometry/coordinates/1', '$defs/latitude']],
      4: [['maximum', '/geometry/coordinates/0/0/1', '$defs/latitude']],
    },
  },
  'too_many_vertices.geojson': { valid: true }, // 301 positions: fine under the default limit
  'unknown_fields_and_bad_values.geojson': {
    features: {
      1: [['enum', '/properties/status'], ['minimum', '/properties/investment_yuan'],
        ['type', '/properties/land_area_m2'], ['pattern', '/properties/milestones/0/date']],
    },
  },
  'utf16be_no_bom.csv': { notJson: 'UTF-16: not UTF-8' },
  'utf16le_bom.geojson': { notJson: 'UTF-16: not UTF-8' },
  'wrong_geometry_types.geojson': {
    features: {
      1: [['enum', '/geometry/type', { allowedValues: ['Point', 'Polygon', 'MultiPolygon'] }]],
      2: [['const', '/geometry/type', '$defs/pointGeometry']],
      3: [['enum', '/geometry/type', '$defs/areaGeometry']],
      4: [['type', '/geometry', { type: 'object' }]],
      5: [['type', '/geometry', { type: 'object' }]],
    },
  },
};

/** The default data (DEFAULT_DATA in src/lib.rs) and the examples' portal file. */
const OTHER_FILES = {
  [path.join(ROOT, 'public', 'data', 'qikai-map.geojson')]: { valid: true },
  [path.join(ROOT, 'examples', 'portal-sample.geojson')]: {
    features: { 3: [['maximum', '/geometry/coordinates/1', '$defs/latitude']] },
  },
};

/** Said of a file that is not UTF-8 JSON text. */
const NOT_JSON = Symbol('not JSON');

/** The file as JSON the way the loader reads it (UTF-8, a byte-order mark skipped), or NOT_JSON. */
function parse(file) {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return NOT_JSON;
  }
}

/** Schema errors, grouped: 'root' or the feature's index. `if`/`allOf` only wrap the real ones. */
function schemaErrors(data) {
  const groups = new Map();
  if (validate(data)) return groups;
  for (const e of validate.errors) {
    if (e.keyword === 'if') continue;
    const m = /^\/features\/(\d+)(.*)$/.exec(e.instancePath);
    const key = m ? Number(m[1]) : 'root';
    const rest = m ? m[2] : e.instancePath;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push({ ...e, rest });
  }
  return groups;
}

function assertHas(errors, [keyword, rest, detail], where) {
  const found = (errors || []).some((e) => e.keyword === keyword && e.rest === rest &&
    (detail === undefined ||
      (typeof detail === 'string' ? e.schemaPath.includes(detail)
        : Object.entries(detail).every(([k, v]) => JSON.stringify(e.params[k]) === JSON.stringify(v)))));
  assert.ok(found, `${where}: expected ${keyword} at ${rest || '(itself)'} ${JSON.stringify(detail ?? '')}; got ${JSON.stringify((errors || []).map((e) => [e.keyword, e.rest, e.params, e.schemaPath]))}`);
}

function checkExpectation(file, expected, groups) {
  const name = path.basename(file);
  if (expected.valid) {
    assert.deepEqual([...groups.keys()], [], `${name} must be valid: ${JSON.stringify([...groups.values()].flat().map((e) => [e.instancePath, e.keyword]))}`);
    return;
  }
  for (const want of expected.root || []) assertHas(groups.get('root'), want, `${name} (file)`);
  if (!expected.root) assert.ok(!groups.has('root'), `${name}: no error for the file as a whole`);
  const named = Object.keys(expected.features || {}).map(Number);
  for (const [index, wants] of Object.entries(expected.features || {})) {
    for (const want of wants) assertHas(groups.get(Number(index)), want, `${name} feature ${index}`);
  }
  const flagged = [...groups.keys()].filter((k) => k !== 'root');
  assert.deepEqual(flagged.sort(), named.sort(), `${name}: exactly the named features fail`);
}

/** The loader's verdicts on `files`, from the checker (one JSON line each). */
function loaderVerdicts(files) {
  const run = spawnSync('cargo', ['run', '--quiet', '--bin', 'qikai-map-check', '--', '--json', '--lang', 'en', ...files], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok([0, 1, 2].includes(run.status), `qikai-map-check failed to run: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, files.length, 'one verdict per file');
  return new Map(lines.map((v) => [v.file, v]));
}

/**
 * The loader and the schema agree on `data`: a feature fails the schema
 * exactly when the loader reports something other than a LOADER_ONLY problem.
 */
function assertAgree(name, data, groups, verdict) {
  if (verdict.file_error) {
    assert.ok(groups.size > 0, `${name}: the loader refuses it (${verdict.file_error.code}), the schema must too`);
    return;
  }
  const loaderCodes = new Map();
  for (const issue of verdict.issues) {
    if (!loaderCodes.has(issue.index)) loaderCodes.set(issue.index, []);
    loaderCodes.get(issue.index).push(issue.code);
  }
  for (let i = 0; i < data.features.length; i++) {
    const codes = loaderCodes.get(i) || [];
    const expressible = codes.filter((c) => !LOADER_ONLY.has(c));
    assert.equal(groups.has(i), expressible.length > 0,
      `${name} feature ${i}: loader says ${JSON.stringify(codes)}, schema says ${JSON.stringify((groups.get(i) || []).map((e) => [e.keyword, e.rest]))}`);
  }
  assert.ok(!groups.has('root'), `${name}: the loader took the file, the schema must take it as a whole`);
}

test('the schema is a valid draft 2020-12 schema', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.ok(ajv.validateSchema(schema), JSON.stringify(ajv.errors));
  // The loader-only rules are named in the description portals read.
  for (const code of LOADER_ONLY) {
    if (code === 'csv_cell_count' || code === 'geometry_not_checked' || code === 'too_many_vertices') continue;
    assert.ok(schema.description.includes(`(${code}`) || schema.description.includes(`${code})`) || schema.description.includes(`${code},`),
      `the description names ${code}`);
  }
});

test('every fixture is classified, and valid and invalid ones fail for the named reason', () => {
  const files = readdirSync(FIXTURES).filter((n) => /\.(geojson|json|csv)$/.test(n)).sort();
  assert.deepEqual(files, Object.keys(EXPECT).sort(), 'each fixture has a verdict here');
  for (const name of files) {
    const expected = EXPECT[name];
    const data = parse(path.join(FIXTURES, name));
    if (expected.notJson) {
      assert.equal(data, NOT_JSON, `${name}: ${expected.notJson}, so not JSON text`);
      continue;
    }
    assert.notEqual(data, NOT_JSON, `${name} is UTF-8 JSON`);
    checkExpectation(name, expected, schemaErrors(data));
  }
  for (const [file, expected] of Object.entries(OTHER_FILES)) {
    checkExpectation(file, expected, schemaErrors(parse(file)));
  }
});

/** Single features for the rules no fixture covers, each with its expected errors. */
const SYNTHETIC = (() => {
  const point = (props, extra = {}) => ({
    type: 'Feature', id: 'f', geometry: { type: 'Point', coordinates: [125.2, 43.8] },
    properties: { kind: 'project', name_zh: '项目', name_en: 'Project', position_accuracy: 'exact', ...props }, ...extra,
  });
  const square = [[125.1, 43.8], [125.2, 43.8], [125.2, 43.9], [125.1, 43.8]];
  return {
    'a full feature': [point({
      category: 'battery', status: 'under_construction', investment_yuan: 1.2e9, land_area_m2: 0, building_area_m2: null,
      capacity_vehicles_per_year: 300000, source: 'The article says 100 亿元 < 200 亿元.', source_url: 'https://example.gov.cn/a?b=1',
      note_zh: '注', note_en: 'Note', adcode: 220100, colour: 'red',
      milestones: [{ date: '2023-05', event_zh: '开工', event_en: 'Work began' }, { date: '2023-11-21', event_zh: '投产', event_en: 'Opened' }],
    })],
    'a numeric id, approx_50m and an altitude': [{ ...point({ position_accuracy: 'approx_50m' }), id: 42, geometry: { type: 'Point', coordinates: [125.2, 43.8, 210] } }],
    'the id in properties': [(() => { const f = point({ id: 'p-1' }); delete f.id; return f; })()],
    'a zone as a MultiPolygon with a hole': [{ ...point({ kind: 'zone' }), geometry: { type: 'MultiPolygon', coordinates: [[[[125, 43.7], [125.4, 43.7], [125.4, 44], [125, 43.7]], [[125.3, 43.75], [125.35, 43.75], [125.35, 43.8], [125.3, 43.75]]]] } }],
    'a landmark polygon': [{ ...point({ kind: 'landmark' }), geometry: { type: 'Polygon', coordinates: [square] } }],
    'four numbers in a position': [{ ...point({}), geometry: { type: 'Point', coordinates: [125.2, 43.8, 0, 1] } }, ['maxItems', '/geometry/coordinates', { limit: 3 }]],
    'a text over 4,000 characters': [point({ note_en: 'x'.repeat(4001) }), ['maxLength', '/properties/note_en', { limit: 4000 }]],
    'markup in a note': [point({ note_zh: '<img src=x onerror=alert(1)>' }), ['not', '/properties/note_zh']],
    'a script URL in the category': [point({ category: 'JavaScript:alert(1)' }), ['not', '/properties/category']],
    'a milestone without its English': [point({ milestones: [{ date: '2023-05', event_zh: '开工' }] }), ['required', '/properties/milestones/0', { missingProperty: 'event_en' }]],
    'a milestone on the 32nd': [point({ milestones: [{ date: '2023-05-32', event_zh: '开工', event_en: 'Began' }] }), ['pattern', '/properties/milestones/0/date']],
    'milestones as an object': [point({ milestones: { date: '2023-05' } }), ['type', '/properties/milestones']],
    'a relative source_url': [point({ source_url: '/news/1' }), ['pattern', '/properties/source_url']],
    'a source_url with a space': [point({ source_url: 'https://a.cn/x y' }), ['pattern', '/properties/source_url']],
    'a text that is a number': [point({ source: 42 }), ['type', '/properties/source']],
    'accuracy approx without digits': [point({ position_accuracy: 'approx_m' }), ['pattern', '/properties/position_accuracy']],
    'an id of 129 characters': [{ ...point({}), id: 'a'.repeat(129) }, ['pattern', '/id']],
    'a null id': [{ ...point({}), id: null }, ['type', '/id']],
    'properties null': [{ ...point({}), properties: null }, ['type', '/properties', { type: 'object' }]],
    'a district as a point': [point({ kind: 'district' }), ['enum', '/geometry/type', '$defs/areaGeometry']],
    'a geometry without a type': [{ ...point({}), geometry: { coordinates: [125.2, 43.8] } }, ['required', '/geometry', { missingProperty: 'type' }]],
    'an empty MultiPolygon': [{ ...point({ kind: 'park' }), geometry: { type: 'MultiPolygon', coordinates: [] } }, ['minItems', '/geometry/coordinates', { limit: 1 }]],
    'a MultiPolygon with an empty polygon': [{ ...point({ kind: 'park' }), geometry: { type: 'MultiPolygon', coordinates: [[]] } }, ['minItems', '/geometry/coordinates/0', { limit: 1 }]],
    'a ring of numbers': [{ ...point({ kind: 'park' }), geometry: { type: 'Polygon', coordinates: [[125.1, 43.8, 125.2, 43.8]] } }, ['type', '/geometry/coordinates/0/0', { type: 'array' }]],
    'a blank English name': [point({ name_en: '  ' }), ['pattern', '/properties/name_en']],
  };
})();

test('single features: the schema names each rule, and the loader agrees', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qikai-schema-'));
  try {
    const files = [];
    const cases = [];
    for (const [label, [feature, want]] of Object.entries(SYNTHETIC)) {
      const data = { type: 'FeatureCollection', features: [feature] };
      const file = path.join(dir, `case-${files.length}.geojson`);
      writeFileSync(file, JSON.stringify(data));
      files.push(file);
      cases.push({ label, data, want, file });
    }
    const verdicts = loaderVerdicts(files);
    for (const { label, data, want, file } of cases) {
      const groups = schemaErrors(data);
      if (want) assertHas(groups.get(0), want, label);
      else assert.equal(groups.size, 0, `${label} is valid: ${JSON.stringify([...groups.values()].flat().map((e) => [e.keyword, e.rest]))}`);
      const verdict = verdicts.get(file);
      assert.equal(verdict.status, want ? (verdict.loaded ? 'problems' : 'refused') : 'clean', `${label}: the loader's verdict`);
      assertAgree(label, data, groups, verdict);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the schema and the widget loader agree on every JSON fixture and the shipped data', () => {
  const files = [
    ...Object.keys(EXPECT).filter((n) => !EXPECT[n].notJson).map((n) => path.join(FIXTURES, n)),
    ...Object.keys(OTHER_FILES),
  ];
  const verdicts = loaderVerdicts(files);
  for (const file of files) {
    const name = path.basename(file);
    const data = parse(file);
    const verdict = verdicts.get(file);
    assertAgree(name, data, schemaErrors(data), verdict);
    // What the schema cannot see, the loader does.
    for (const [index, codes] of Object.entries(EXPECT[name]?.loaderOnly || {})) {
      const got = verdict.issues.filter((i) => i.index === Number(index)).map((i) => i.code);
      assert.deepEqual(got, codes, `${name} feature ${index}: found by the loader only`);
    }
  }
  // The files that are not JSON text: refused by the loader, but for the CSV it reads.
  const notJson = Object.keys(EXPECT).filter((n) => EXPECT[n].notJson);
  for (const [file, verdict] of loaderVerdicts(notJson.map((n) => path.join(FIXTURES, n)))) {
    const name = path.basename(file);
    assert.equal(verdict.status, EXPECT[name].loads ? 'clean' : 'refused', `${name}: the loader's verdict`);
  }
});
