// The release (make dist, scripts/dist.py) packaged from the existing release
// build in dist/ (no second trunk build): what the archive holds, and that
// its manifest's sha384 hashes are the files' own, computed here with node's
// crypto and checked against the integrity attributes Trunk wrote into
// index.html.
//
//   node --test tests/e2e/release.test.mjs   (after make build)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, ROOT } from './harness.mjs';

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Every file under `dir`, as sorted '/'-separated relative paths. */
function files(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]).sort();
}

/** Files whose bytes differ from what `manifest` says (empty when all match). */
function mismatches(dir, manifest) {
  const bad = [];
  for (const [file, hash] of Object.entries(manifest.integrity)) {
    if (sri(readFileSync(path.join(dir, file))) !== hash) bad.push(file);
  }
  for (const [file, bytes] of Object.entries(manifest.files)) {
    if (statSync(path.join(dir, file)).size !== bytes) bad.push(file);
  }
  return bad;
}

const version = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];
const dist = (args) => spawnSync('python3', [path.join(ROOT, 'scripts', 'dist.py'), ...args], { cwd: ROOT, encoding: 'utf8' });

let work, archive, unpacked, printed;

before(() => {
  statSync(path.join(DIST, 'index.html')); // throws without `make build`
  work = mkdtempSync(path.join(tmpdir(), 'qikai-release-'));
  const run = dist(['--dist', DIST, '--out', path.join(work, 'out')]);
  assert.equal(run.status, 0, run.stderr);
  printed = run.stdout;
  archive = path.join(work, 'out', `qikai-map-${version}.tar.gz`);
  mkdirSync(path.join(work, 'x'));
  const tar = spawnSync('tar', ['-xzf', archive, '-C', path.join(work, 'x')], { encoding: 'utf8' });
  assert.equal(tar.status, 0, tar.stderr);
  unpacked = path.join(work, 'x', `qikai-map-${version}`);
});

after(() => work && rmSync(work, { recursive: true, force: true }));

test('the archive is one versioned folder with the built files, the licences, the changelog, the schema and a manifest', () => {
  assert.deepEqual(readdirSync(path.join(work, 'x')), [`qikai-map-${version}`]);
  const shipped = files(unpacked);
  for (const must of ['index.html', 'boot.js', 'qikai-map.css', 'LICENSE', 'THIRD_PARTY_NOTICES.txt', 'CHANGELOG.md', 'manifest.json', 'schema/qikai-map.schema.json']) {
    assert.ok(shipped.includes(must), `${must} shipped`);
  }
  assert.ok(shipped.some((f) => f.endsWith('_bg.wasm')), 'the wasm is shipped');
  assert.ok(!shipped.some((f) => f.startsWith('examples/') || f.includes('/examples/')), 'no demo pages');
  assert.ok(!files(DIST).some((f) => f.startsWith('examples/')), 'dist/ has no demo pages either');
  for (const f of files(DIST)) {
    assert.ok(readFileSync(path.join(unpacked, f)).equals(readFileSync(path.join(DIST, f))), `${f} as built`);
  }
  assert.ok(readFileSync(path.join(unpacked, 'LICENSE'), 'utf8').startsWith('MIT License'));
  assert.match(readFileSync(path.join(unpacked, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\]`, 'm'));
});

test('the manifest holds the sha384 of every script, stylesheet and wasm, equal to the files and to Trunk\'s own', () => {
  const manifest = JSON.parse(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
  assert.equal(manifest.name, 'qikai-map');
  assert.equal(manifest.version, version);
  const shipped = files(unpacked).filter((f) => f !== 'manifest.json');
  assert.deepEqual(Object.keys(manifest.files).sort(), shipped, 'every file listed with its size');
  assert.deepEqual(Object.keys(manifest.integrity).sort(), shipped.filter((f) => /\.(m?js|wasm|css)$/.test(f)));
  assert.ok(Object.keys(manifest.integrity).length >= 4, 'boot.js, the glue, the wasm and the stylesheets');
  assert.deepEqual(mismatches(unpacked, manifest), [], 'every hash and size matches');
  for (const [file, hash] of Object.entries(manifest.integrity)) {
    assert.ok(printed.includes(`${hash}  ${file}`), `${file}'s hash is printed`);
  }
  // Trunk writes integrity attributes for what index.html loads: the same values.
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const trunk = [...html.matchAll(/href="\.\/([^"]+)"[^>]*?integrity="([^"]+)"/g)];
  assert.ok(trunk.length >= 3, `Trunk's integrity attributes: ${trunk.length}`);
  for (const [, file, hash] of trunk) assert.equal(manifest.integrity[file], hash, `${file}: Trunk's hash`);
  // The check can fail: one changed byte is found.
  const tampered = path.join(work, 'tampered');
  cpSync(unpacked, tampered, { recursive: true });
  const js = Object.keys(manifest.integrity).find((f) => f.endsWith('.js'));
  const bytes = readFileSync(path.join(tampered, js));
  bytes[bytes.length - 2] ^= 1;
  writeFileSync(path.join(tampered, js), bytes);
  assert.deepEqual(mismatches(tampered, manifest), [js]);
  // `dist.py manifest DIR` on the unpacked release gives the same manifest.
  const again = dist(['manifest', unpacked]);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout), manifest);
});

test('the archive is reproducible, and demo pages in the build are refused', () => {
  const second = dist(['--dist', DIST, '--out', path.join(work, 'again')]);
  assert.equal(second.status, 0, second.stderr);
  const a = readFileSync(archive);
  const b = readFileSync(path.join(work, 'again', `qikai-map-${version}.tar.gz`));
  assert.ok(a.equals(b), 'the same bytes twice');
  const withDemo = path.join(work, 'with-demo');
  cpSync(DIST, withDemo, { recursive: true });
  mkdirSync(path.join(withDemo, 'examples'));
  writeFileSync(path.join(withDemo, 'examples', 'script.html'), '<!DOCTYPE html>');
  const refused = dist(['--dist', withDemo, '--out', path.join(work, 'refused')]);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /demo pages/);
});
