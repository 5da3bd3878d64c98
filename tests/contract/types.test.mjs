// types/qikai-map.d.ts: a portal's page (host.ts) type-checks against it
// under --strict, every misuse there marked @ts-expect-error is refused, and
// the names it declares are the names the Rust source reads (options, layers,
// postMessage commands), so the types cannot drift from the widget unseen.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DTS = path.join(ROOT, 'types', 'qikai-map.d.ts');
const read = (rel) => readFileSync(path.join(ROOT, rel), 'utf8');

/** The Rust function `name` in `text`: from its signature to the brace that closes it (rustfmt's indentation). */
function rustFunction(text, name) {
  const m = new RegExp(`^( *)(?:pub(?:\\([a-z]+\\))? )?fn ${name}\\b`, 'm').exec(text);
  assert.ok(m, `fn ${name} found`);
  const end = text.indexOf(`\n${m[1]}}\n`, m.index);
  assert.ok(end > m.index, `the end of fn ${name}`);
  return text.slice(m.index, end);
}

/** String literals of match arms (`"name" =>` or `"name" if … =>`) in Rust code. */
const matchArms = (code) => [...code.matchAll(/^\s+"([A-Za-z_]+)"(?: if [^\n]*)? =>/gm)].map((m) => m[1]);

/** The d.ts as the TypeScript compiler sees it. */
const program = ts.createProgram([DTS], { strict: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(DTS));
const exported = (name) => {
  const symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
  assert.ok(symbol, `the d.ts exports ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
};
const literals = (type) => (type.isUnion() ? type.types : [type]).map((t) => t.value).filter((v) => typeof v === 'string');
const uniqueSorted = (xs) => [...new Set(xs)].sort();

test('a portal page type-checks against the d.ts under --strict, and every marked misuse is refused', () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', path.join('tests', 'contract', 'tsconfig.json')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, `tsc:\n${run.stdout}${run.stderr}`);
  const config = JSON.parse(read('tests/contract/tsconfig.json'));
  assert.equal(config.compilerOptions.strict, true);
  assert.equal(config.compilerOptions.noEmit, true);
  // tsc fails on a @ts-expect-error with no error, so each of these is a refused misuse.
  const misuses = read('tests/contract/host.ts').split('\n').filter((l) => l.trim().startsWith('// @ts-expect-error'));
  assert.ok(misuses.length >= 15, `misuses checked: ${misuses.length}`);
});

test('the option names are the ones EmbedOptions::from_pairs reads, and the attributes their kebab-case', () => {
  const rust = uniqueSorted(matchArms(rustFunction(read('src/embed/options.rs'), 'from_pairs')));
  assert.ok(rust.length >= 20 && rust.includes('max_vertices') && rust.includes('share_base'), `from_pairs arms: ${rust}`);
  const options = exported('QikaiMapOptions');
  const declared = uniqueSorted(checker.getPropertiesOfType(options).map((p) => p.name));
  assert.deepEqual(declared, rust);
  for (const p of checker.getPropertiesOfType(options)) {
    assert.ok(p.flags & ts.SymbolFlags.Optional, `option ${p.name} is optional`);
  }
  const attributes = uniqueSorted(literals(exported('QikaiMapAttributeName')));
  assert.deepEqual(attributes, uniqueSorted(rust.map((n) => n.replaceAll('_', '-'))));
});

test('layers, languages and postMessage commands are the ones the Rust source parses', () => {
  const kinds = uniqueSorted([...read('src/core/model.rs').matchAll(/"([a-z_]+)" => Self::(?:District|Zone|Park|Project|SwapStation|Landmark)\b/g)].map((m) => m[1]));
  assert.equal(kinds.length, 6, `FeatureKind::parse: ${kinds}`);
  assert.deepEqual(uniqueSorted(literals(exported('LayerName'))), kinds);

  const langs = uniqueSorted(matchArms(rustFunction(read('src/i18n/mod.rs'), 'from_tag')));
  assert.deepEqual(uniqueSorted(literals(exported('Lang'))), langs);

  const commandTypes = uniqueSorted(matchArms(rustFunction(read('src/embed/messages.rs'), 'parse_command')));
  assert.ok(commandTypes.includes('flyTo') && commandTypes.includes('getState'), `parse_command arms: ${commandTypes}`);
  const command = exported('QikaiCommand');
  const declared = uniqueSorted(literals(checker.getTypeOfSymbol(command.getProperty('type'))));
  for (const name of commandTypes) assert.ok(declared.includes(name), `the d.ts declares the command ${name}`);
});
