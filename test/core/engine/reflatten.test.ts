import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCapture } from '../../../src/core';
import type { FlatViewSection } from '../../../src/core';
import { diffFlatViews } from '../../../src/core/engine/compare';
import { reflattenCapture } from '../../../src/core/engine/reflatten';
import { FIXTURES, fixtureMachines } from '../../shared/fixtures';

const read = (version: string, config: string, file: string): string => readFileSync(join(FIXTURES, version, config, file), 'utf8');
const capturedViews = (version: string, config: string): FlatViewSection =>
  parseCapture(read(version, config, 'mtree-f.txt')).sections[0] as FlatViewSection;

for (const [version, config] of fixtureMachines()) {
  for (const tree of ['mtree-D.txt', 'mtree.txt', 'mtree-o-D.txt']) {
    test(`${version}/${config}: ${tree} + mtree-f.txt in one file reflattens to QEMU's own flat views`, () => {
      const r = reflattenCapture(parseCapture(read(version, config, tree) + '\n' + read(version, config, 'mtree-f.txt')));
      assert.ok(r);
      assert.deepEqual(diffFlatViews(r.views, capturedViews(version, config).views), []);
      assert.deepEqual(r.issues.filter((i) => i.severity === 'error' || i.severity === 'warning'), []);
    });
  }

  test(`${version}/${config}: transcript.txt reflattens to its own flat views`, () => {
    const c = parseCapture(read(version, config, 'transcript.txt'));
    const r = reflattenCapture(c);
    assert.ok(r?.built.flat);
    assert.deepEqual(diffFlatViews(r.views, r.built.flat.views), []);
  });

  test(`${version}/${config}: from the tree alone, every difference is a region a diagnostic names as ambiguous`, () => {
    const r = reflattenCapture(parseCapture(read(version, config, 'mtree-D.txt')));
    assert.ok(r);
    const named = new Set(r.issues.flatMap((i) => (['RF001', 'RF002', 'RF011'].includes(i.code) ? [i.args.name ?? '', i.args.target ?? ''] : [])));
    const unexplained = diffFlatViews(r.views, capturedViews(version, config).views)
      .flatMap((d) => [...d.onlyComputed, ...d.onlyCaptured])
      .filter((line) => !line.startsWith('Root memory region') && !named.has(line.replace(/^.*?\): /, '').replace(/ @[0-9a-f]{16}$/, '')));
    assert.deepEqual(unexplained, []);
  });
}

test('what the tree text lacks gets a diagnostic naming it', () => {
  const text = [
    'address-space: memory',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): board',
    '    0000000000000000-0000000000000fff (prio 0, ram): a',
    '    0000000000000800-0000000000001fff (prio 0, ram): b',
    '    0000000000010000-0000000000010fff (prio 0, ram): alias ghost @nowhere 0000000000000000-0000000000000fff',
    '    0000000000020000-0000000000020fff (prio 0, i/o): alias loop @loop 0000000000000000-0000000000000fff',
    '',
    'memory-region: loop',
    '  0000000000000000-0000000000000fff (prio 0, i/o): loop',
    '    0000000000000000-0000000000000fff (prio 0, i/o): alias loop @loop 0000000000000000-0000000000000fff',
    '',
  ].join('\n');
  const r = reflattenCapture(parseCapture(text));
  assert.ok(r);
  const codes = r.issues.map((i) => `${i.code}@${i.span.line + 1}`);
  assert.ok(codes.includes('RF006@4'), codes.join(' '));
  assert.ok(codes.includes('RF004@5'), codes.join(' '));
  assert.ok(codes.includes('RF007@10'), codes.join(' '));
  // Nothing in QEMU's source is called `board`: whether it fills its holes is open, and said on its line.
  assert.ok(codes.includes('RF002@2'), codes.join(' '));
  assert.match(r.issues.find((i) => i.code === 'RF002')?.message ?? '', /^Cannot tell whether board is a pure container or an I\/O region/);
  // QEMU's source makes `system` only as a container: no note.
  const known = reflattenCapture(parseCapture(text.replace(': board', ': system')));
  assert.deepEqual(known?.issues.filter((i) => i.code === 'RF002').map((i) => i.span.line + 1), []);
  assert.equal(known?.built.kindBasis.get(known.built.trees[0]?.mr as never)?.basis, 'knowledge');
  const rf006 = r.issues.find((i) => i.code === 'RF006');
  assert.match(rf006?.message ?? '', /b overlaps a at equal priority 0/);
});
