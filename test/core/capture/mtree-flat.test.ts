import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCapture } from '../../../src/core';
import { codesAt, errorsOf, lines, sectionsOf } from '../../shared/helpers';

const F = lines(
  'FlatView #0',
  ' AS "memory", root: system',
  ' AS "cpu-memory-0", root: system',
  ' Root memory region: system',
  '  0000000000000000-000000000009ffff (prio 0, ram): pc.ram',
  '  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem',
  '  00000000000e0000-00000000000fffff (prio 0, rom): pc.bios @0000000000020000',
  '  00000000fee00000-00000000feefffff (prio 4096, i/o): kvm-apic-msi kvm',
  '  0000000170000000-000000017ffdffff (prio 0, nv-ram): nv0',
  '',
  'FlatView #2',
  ' AS "i440FX", root: bus master container',
  ' AS "vtd-root", root: vtd-00.0, alias vtd-nodmar',
  ' Root memory region: (none)',
  '  No rendered FlatView',
  '',
);

test('flat view: views, AS lines, root, offsets, nv-, accelerators', () => {
  const c = parseCapture(F);
  assert.deepEqual(c.issues, []);
  const [sec] = sectionsOf(c, 'flatview');
  assert.equal(sec?.views.length, 2);
  const [v0, v2] = sec?.views ?? [];
  assert.equal(v0?.number, 0);
  assert.deepEqual(v0?.spaces.map((s) => [s.name, s.root]), [['memory', 'system'], ['cpu-memory-0', 'system']]);
  assert.equal(v0?.rootName, 'system');
  assert.equal(v0?.ranges.length, 5);
  assert.equal(v0?.ranges[2]?.name, 'pc.bios');
  assert.equal(v0?.ranges[2]?.offset, 0x20000n);
  assert.equal(v0?.ranges[4]?.nonvolatile, true);
  assert.deepEqual(v0?.ranges[3]?.accel, ['kvm']);
  assert.equal(v0?.ranges[3]?.name, 'kvm-apic-msi');
  assert.equal(v0?.ranges[3]?.priority, 4096);
  assert.equal(v2?.rootName, undefined);
  assert.equal(v2?.unrendered, true);
  assert.deepEqual(v2?.spaces[1], { ...v2?.spaces[1], name: 'vtd-root', root: 'vtd-00.0', aliasOf: 'vtd-nodmar' });
});

test('flat view: dispatch sections kept as structure', () => {
  const text = lines(
    'FlatView #1',
    ' AS "memory", root: system',
    ' Root memory region: system',
    '  0000000000000000-000000000009ffff (prio 0, ram): pc.ram owner:{obj path=/objects/pc.ram}',
    '  Dispatch',
    '    Physical sections',
    '      #0 @0000000000000000..ffffffffffffffff (noname) [unassigned]',
    '      #1 @0000000000000000..000000000009ffff pc.ram [not dirty]',
    '      #2 @00000000000a0000..00000000000bffff vga ioports remapped [ROM]',
    '      #10 @00000000fffc0000..00000000ffffffff gicv3_redist_region[0] [MRU] [ROOT]',
    '    Nodes (9 bits per level, 6 levels) ptr=[3] skip=4',
    '      [0]',
    '\t  0       skip=3  ptr=[3]',
    '\t  1..511  skip=1  ptr=NIL',
    '      [3]',
    '\t  0..1    skip=0  ptr=#1',
    '',
  );
  const c = parseCapture(text);
  assert.deepEqual(c.issues, []);
  const v = sectionsOf(c, 'flatview')[0]?.views[0];
  assert.equal(sectionsOf(c, 'flatview')[0]?.owners, true);
  assert.deepEqual(v?.ranges[0]?.owner, { kind: 'obj', by: 'path', value: '/objects/pc.ram' });
  const d = v?.dispatch;
  assert.ok(d);
  assert.deepEqual(d.sections.map((s) => [s.index, s.name, s.flags]), [
    [0, undefined, ['unassigned']],
    [1, 'pc.ram', ['not dirty']],
    [2, 'vga ioports remapped', ['ROM']],
    [10, 'gicv3_redist_region[0]', ['MRU', 'ROOT']],
  ]);
  assert.deepEqual([d.bitsPerLevel, d.levels, d.rootPtr, d.rootSkip], [9, 6, 3, 4]);
  assert.deepEqual(d.nodes.map((n) => [n.index, n.entries.map((e) => [e.from, e.to, e.skip, e.ptr])]), [
    [0, [[0, 0, 3, { kind: 'node', index: 3 }], [1, 511, 1, { kind: 'nil' }]]],
    [3, [[0, 1, 0, { kind: 'section', index: 1 }]]],
  ]);
});

test('flat view: bad lines are reported, the rest is read', () => {
  const text = lines(
    'FlatView #0',
    ' AS memory',
    ' Root memory region: system',
    '  0000000000000000-000000000009ffff (prio 0, ram): pc.ram',
    '  0000000000001000-0000000000001fff (prio 0, ram): overlapping',
    '  000000000000a000-00000000000bffff (prio 1 i/o): broken',
    '  00000000000c0000-00000000000cffff (prio 0, rom): fine',
  );
  const c = parseCapture(text);
  assert.deepEqual(codesAt(c.issues), ['MF004@1:1', 'MF002@2:1', 'MF003@5:3', 'MF001@6:3']);
  assert.equal(errorsOf(c).length, 2);
  assert.deepEqual(sectionsOf(c, 'flatview')[0]?.views[0]?.ranges.map((r) => r.name), ['pc.ram', 'overlapping', 'fine']);
});
