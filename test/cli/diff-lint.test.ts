import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueCatalogue, parseRuleDocs } from '../../src/core';
import { runInMemory as run } from './run';
import { FIXTURES, repoRoot } from '../shared/fixtures';

const read = (version: string, config: string, file: string): string => readFileSync(join(FIXTURES, version, config, file), 'utf8');
const capture = (version: string, config: string): string => ['mtree-D.txt', 'mtree-f.txt', 'ramblock.txt'].map((f) => read(version, config, f)).join('\n');
const BAD = 'address-space: memory\n  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n    0000000000001000-0000000000000fff (prio 0, ram): backwards\n';

test('diff: exit 0 when equal, 1 when different, 2 when unreadable or misused; --json', () => {
  const a = capture('qemu-7.2', 'x86_64-pc');
  const b = capture('qemu-10.0', 'x86_64-pc');
  const same = run({ a, b: a }, 'diff', 'a', 'b');
  assert.deepEqual([same.code, same.out], [0, 'No differences\n']);
  const differ = run({ a, b }, 'diff', 'a', 'b');
  assert.equal(differ.code, 1);
  assert.match(differ.out, /^Regions of I\/O:\n/);
  assert.match(differ.out, /\[b:\d+:\d+\]/, 'places are PATH:LINE:COL');
  const json = run({ a, b }, 'diff', 'a', 'b', '--json');
  assert.equal(json.code, 1);
  const parsed = JSON.parse(json.out) as { equal: boolean; regions: { kind: string; path: string[]; b?: { start: string; span: string } }[]; flat: unknown[]; blocks: unknown[] };
  assert.equal(parsed.equal, false);
  assert.deepEqual(parsed.regions.map((r) => `${r.kind} ${r.path.join('/')}`).sort(), ['added io/piix-reset-control', 'removed io/piix3-reset-control']);
  assert.equal(parsed.regions.find((r) => r.kind === 'added')?.b?.start, '0xcf9');
  assert.equal(run({ a }, 'diff', 'a', 'missing').code, 2);
  assert.equal(run({ a }, 'diff', 'a').code, 2);
  assert.equal(run({ a }, 'diff', 'a', 'a', 'a').code, 2);
  // A layout against a capture works too.
  const layout = readFileSync(join(repoRoot(), 'examples', 'layouts', 'q35-converted.memlayout'), 'utf8');
  assert.equal(run({ c: capture('qemu-10.0', 'x86_64-q35-pci'), l: layout }, 'diff', 'c', 'l').code, 0);
});

test('lint --format text is the default output; json lists file, range, severity, code, message', () => {
  const text = run({ bad: BAD }, 'lint', 'bad', '--format', 'text');
  assert.deepEqual([text.code, text.out], [1, 'bad:3:5: error MT006: End 0000000000000fff is below start 0000000000001000\n']);
  assert.equal(run({ bad: BAD }, 'lint', 'bad').out, text.out);
  const json = run({ bad: BAD, ok: read('qemu-7.2', 'x86_64-pc', 'mtree.txt') }, 'lint', 'bad', 'ok', '--format=json');
  assert.equal(json.code, 1);
  const entries = JSON.parse(json.out) as { file: string; severity: string }[];
  assert.deepEqual(entries.filter((e) => e.file === 'bad'), [{ file: 'bad', range: '3:5-3:38', severity: 'error', code: 'MT006', message: 'End 0000000000000fff is below start 0000000000001000' }]);
  // The plain tree gets notes (MT002 for each hidden disabled parent), never an error.
  assert.ok(entries.some((e) => e.file === 'ok'));
  assert.ok(entries.every((e) => e.file === 'bad' || e.severity !== 'error'));
  assert.equal(run({ bad: BAD }, 'lint', 'bad', '--format', 'xml').code, 2);
  assert.equal(run({}, 'lint', 'missing', '--format', 'json').code, 2);
});

/** The properties SARIF 2.1.0's schema requires, checked on one log (the schema's `required` lists). */
function assertSarif(log: Record<string, unknown>): void {
  assert.equal(log.version, '2.1.0');
  assert.ok(Array.isArray(log.runs) && log.runs.length === 1);
  const run0 = log.runs[0] as Record<string, unknown>;
  const driver = (run0.tool as { driver: Record<string, unknown> }).driver;
  assert.equal(typeof driver.name, 'string');
  const rules = driver.rules as Record<string, unknown>[];
  const levels = ['none', 'note', 'warning', 'error'];
  for (const r of rules) {
    assert.equal(typeof r.id, 'string');
    for (const k of ['shortDescription', 'fullDescription', 'help']) assert.equal(typeof (r[k] as { text: unknown }).text, 'string', `${String(r.id)} ${k}`);
    assert.ok(levels.includes((r.defaultConfiguration as { level: string }).level));
    if (r.helpUri !== undefined) assert.match(r.helpUri as string, /^[a-z]+:\/\/\/?[^#]+#[a-z0-9_-]+$/, 'helpUri is absolute, with an anchor');
  }
  for (const res of run0.results as Record<string, unknown>[]) {
    assert.equal(typeof (res.message as { text: unknown }).text, 'string');
    assert.ok(levels.includes(res.level as string));
    const i = res.ruleIndex as number;
    assert.equal(rules[i]?.id, res.ruleId, 'ruleIndex points at the rule');
    for (const loc of [...(res.locations as Record<string, unknown>[]), ...((res.relatedLocations ?? []) as Record<string, unknown>[])]) {
      const phys = loc.physicalLocation as { artifactLocation: { uri: string; index: number }; region: Record<string, number> };
      assert.doesNotMatch(phys.artifactLocation.uri, /^[a-z]+:|^\/|\\/, 'relative, with forward slashes');
      const reg = phys.region;
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(reg[k]) && (reg[k] as number) >= 1, k);
      assert.ok((reg.endLine as number) > (reg.startLine as number) || (reg.endColumn as number) >= (reg.startColumn as number));
      assert.equal((run0.artifacts as { location: { uri: string } }[])[phys.artifactLocation.index]?.location.uri, phys.artifactLocation.uri);
    }
  }
}

test('lint --format sarif: a SARIF 2.1.0 log with every code as a rule, help from docs/diagnostics.md', () => {
  const files = { 'dir/bad file.txt': BAD, 'q35.txt': capture('qemu-10.0', 'x86_64-q35-pci') };
  const r = run(files, 'lint', 'dir/bad file.txt', 'q35.txt', '--format', 'sarif');
  assert.equal(r.code, 1, 'exit codes do not depend on the format');
  const log = JSON.parse(r.out) as Record<string, unknown>;
  assertSarif(log);
  const run0 = (log.runs as Record<string, unknown>[])[0] as { tool: { driver: { rules: { id: string; helpUri?: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[]; originalUriBaseIds: Record<string, { uri: string }> };
  assert.deepEqual(run0.tool.driver.rules.map((x) => x.id), issueCatalogue().map((c) => c.code));
  assert.match(run0.originalUriBaseIds['%SRCROOT%']?.uri ?? '', /^file:\/\/\/.*\/$/);
  const mt006 = run0.results.find((x) => x.ruleId === 'MT006');
  assert.equal(mt006?.level, 'error');
  assert.equal(mt006?.locations[0]?.physicalLocation.artifactLocation.uri, 'dir/bad%20file.txt');
  assert.deepEqual(mt006?.locations[0]?.physicalLocation.region, { startLine: 3, startColumn: 5, endLine: 3, endColumn: 38 });
  // LY102 is an information: a SARIF note, with the hiding siblings as related locations.
  const ly102 = run0.results.find((x) => x.ruleId === 'LY102');
  assert.equal(ly102?.level, 'note');
  const rule = run0.tool.driver.rules.find((x) => x.id === 'RF004');
  assert.match(rule?.helpUri ?? '', /\/docs\/diagnostics\.md#reflattening-a-capture-rf$/);
  assert.match(rule?.shortDescription.text ?? '', /alias target that is not in the capture/i);
});

test('docs/diagnostics.md documents every code, under a heading whose anchor the rules use', () => {
  const md = readFileSync(join(repoRoot(), 'docs', 'diagnostics.md'), 'utf8');
  const docs = parseRuleDocs(md);
  const missing = issueCatalogue().map((c) => c.code).filter((c) => !docs.has(c));
  assert.deepEqual(missing, []);
  assert.equal(docs.get('MF001')?.anchor, 'info-mtree--f-mf');
  assert.equal(docs.get('CAP001')?.anchor, 'the-file-as-a-whole-cap');
  // The severity column says what the catalogue says.
  for (const { code, severity } of issueCatalogue()) {
    const row = new RegExp(`^\\| ${code} \\| (\\w+) \\|`, 'm').exec(md);
    assert.equal(row?.[1], severity, code);
  }
});
