import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCapture } from '../../../src/core';
import type { RegionNode } from '../../../src/core';
import fc from 'fast-check';
import { ObjectSuffixReader, objectSuffixAt } from '../../../src/core/capture/range-head';
import { codesAt, errorsOf, lines, sectionsOf } from '../../shared/helpers';

const PC = lines(
  'address-space: cpu-memory-0',
  'address-space: memory',
  '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
  '    0000000000000000-0000000007ffffff (prio 0, ram): alias ram-below-4g @pc.ram 0000000000000000-0000000007ffffff',
  '    0000000000000000-ffffffffffffffff (prio -1, i/o): pci',
  '      00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem',
  '      00000000000e0000-00000000000fffff (prio 1, rom): alias isa-bios @pc.bios 0000000000020000-000000000003ffff',
  '      00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios',
  '    0000000000000060-0000000000000060 (prio 0, i/o): i8042-data',
  '',
  'address-space: I/O',
  '  0000000000000000-000000000000ffff (prio 0, i/o): io',
  '      0000000000000000-0000000000000003 (prio 0, i/o): acpi-evt',
  '      0000000000000004-0000000000000005 (prio 0, i/o): acpi-cnt',
  '    0000000000000cf8-0000000000000cfb (prio 0, i/o): pci-conf-idx',
  '',
  'memory-region: pc.bios',
  '  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios',
  '',
);

test('tree mode: groups, roots, aliases, absolute addresses', () => {
  const c = parseCapture(PC);
  assert.deepEqual(errorsOf(c), []);
  const [mt] = sectionsOf(c, 'mtree');
  assert.ok(mt);
  assert.equal(mt.groups.length, 2);
  const [g0, g1] = mt.groups;
  assert.deepEqual(g0?.spaces.map((s) => s.name), ['cpu-memory-0', 'memory']);
  const system = g0?.root as RegionNode;
  assert.equal(system.name, 'system');
  assert.equal(system.size, 1n << 64n);
  assert.equal(system.children.length, 3);
  const ram = system.children[0] as RegionNode;
  assert.equal(ram.name, 'ram-below-4g');
  assert.deepEqual({ t: ram.alias?.target, o: ram.alias?.offset, e: ram.alias?.end }, { t: 'pc.ram', o: 0n, e: 0x7ffffffn });
  assert.equal(ram.size, 0x8000000n);
  const pci = system.children[1] as RegionNode;
  assert.equal(pci.priority, -1);
  const isaBios = pci.children[1] as RegionNode;
  assert.equal(isaBios.alias?.offset, 0x20000n);
  assert.equal(isaBios.type, 'rom');
  // Name and target spans point at the text.
  const line = PC.split('\n')[6] as string;
  assert.equal(line.slice(isaBios.nameSpan.col, isaBios.nameSpan.endCol), 'isa-bios');
  const t = isaBios.alias?.targetSpan;
  assert.equal(line.slice(t?.col, t?.endCol), 'pc.bios');
  const i8042 = system.children[2] as RegionNode;
  assert.equal(i8042.size, 1n);
  assert.equal(i8042.sizeAmbiguous, true);
  assert.equal(g1?.spaces[0]?.name, 'I/O');
  assert.equal(mt.regionSections[0]?.name, 'pc.bios');
  assert.equal(mt.regionSections[0]?.root?.start, 0xfffc0000n);
});

test('tree mode: an indent jump keeps the fact of a hidden disabled parent', () => {
  const c = parseCapture(PC);
  const io = sectionsOf(c, 'mtree')[0]?.groups[1]?.root as RegionNode;
  assert.deepEqual(io.children.map((n) => [n.name, n.hiddenParents]), [['acpi-evt', 1], ['acpi-cnt', 1], ['pci-conf-idx', 0]]);
  // One note at the jump, not one per line.
  assert.deepEqual(codesAt(c.issues.filter((i) => i.code === 'MT002')), ['MT002@13:1']);
});

test('tree mode: -o and -D suffixes, names with spaces, @ and brackets', () => {
  const text = lines(
    'address-space: memory',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}',
    '    0000000080000000-00000000ffffffff (prio 0, i/o): alias pci@800000020000000.mmio32-alias @pci@800000020000000.mmio 0000000080000000-00000000ffffffff owner:{dev id=x}',
    '    0000000000000000-ffffffffffffffff (prio 0, i/o): alias bus master @system 0000000000000000-ffffffffffffffff [disabled] owner:{dev path=/machine/i440fx}',
    '    0000000000000081-0000000000000083 (prio 0, i/o): dma-page owner:{obj type=memory-region-portio-list} parent:{dev path=/machine/unattached/device[3]/dma[0]}',
    '    0000000000001000-0000000000001fff (prio 0, ram): gicv3_redist_region[0] orphan',
    '    0000000170000000-000000017ffdffff (prio 0, nv-ram): nv0',
  );
  const c = parseCapture(text);
  assert.deepEqual(errorsOf(c), []);
  const mt = sectionsOf(c, 'mtree')[0];
  assert.deepEqual(mt?.flags, { owners: true, disabled: true });
  const kids = mt?.groups[0]?.root?.children ?? [];
  assert.equal(kids[0]?.name, 'pci@800000020000000.mmio32-alias');
  assert.equal(kids[0]?.alias?.target, 'pci@800000020000000.mmio');
  assert.deepEqual(kids[0]?.owner, { kind: 'dev', by: 'id', value: 'x' });
  assert.equal(kids[1]?.name, 'bus master');
  assert.equal(kids[1]?.enabled, false);
  assert.equal(kids[1]?.alias?.target, 'system');
  assert.deepEqual(kids[2]?.owner, { kind: 'obj', by: 'type', value: 'memory-region-portio-list' });
  assert.deepEqual(kids[2]?.parentObject, { kind: 'dev', by: 'path', value: '/machine/unattached/device[3]/dma[0]' });
  assert.equal(kids[3]?.name, 'gicv3_redist_region[0]');
  assert.equal(kids[3]?.orphan, true);
  assert.equal(kids[4]?.nonvolatile, true);
  assert.equal(kids[4]?.type, 'ram');
});

test('tree mode: X-X alias windows are read as zero-sized and said so', () => {
  const text = lines(
    'address-space: memory',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
    '    0000000000000000-0000000000000000 (prio 1, i/o): alias pci_bridge_mem @pci_bridge_pci 0000000000000000-0000000000000000',
  );
  const c = parseCapture(text);
  const win = sectionsOf(c, 'mtree')[0]?.groups[0]?.root?.children[0];
  assert.equal(win?.size, 0n);
  assert.deepEqual(codesAt(c.issues), ['MT004@3:5']);
});

test('tree mode: the tree-glyph variant', () => {
  const text = lines(
    'address-space: memory',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
    '  ├── 0000000000000000-0000000007ffffff (prio 0, ram): pc.ram',
    '  └── 0000000000000000-ffffffffffffffff (prio -1, i/o): pci',
    '      ├── 00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem',
    '      └── 00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios',
  );
  const c = parseCapture(text);
  assert.deepEqual(errorsOf(c), []);
  const mt = sectionsOf(c, 'mtree')[0];
  assert.equal(mt?.glyphs, true);
  const sys = mt?.groups[0]?.root;
  assert.deepEqual(sys?.children.map((n) => n.name), ['pc.ram', 'pci']);
  assert.deepEqual(sys?.children[1]?.children.map((n) => n.name), ['vga-lowmem', 'pc.bios']);
});

test('tree mode: bad lines get precise codes and the rest is still read', () => {
  const text = lines(
    'address-space: memory',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
    '    0000000000001000-0000000000000fff (prio 0, ram): backwards',
    '    0000000000000000-0000000000000fff (prio x, ram): badprio',
    '    0000000000000000-0000000000000fff (prio 0, flash): badtype',
    '    0000000000000000-0000000000000fff (prio 0, ram): alias broken',
    '   0000000000002000-0000000000002fff (prio 0, ram): odd-indent',
    '    10000000000000000-10000000000000000 (prio 0, ram): huge',
    '    0000000000003000-0000000000003fff (prio 0, ram): fine',
  );
  const c = parseCapture(text);
  assert.deepEqual(codesAt(c.issues), ['MT006@3:5', 'MT011@4:45', 'MT009@5:48', 'MT001@6:54', 'MT003@7:1', 'MT012@8:5']);
  const names = sectionsOf(c, 'mtree')[0]?.groups[0]?.root?.children.map((n) => n.name);
  assert.deepEqual(names, ['odd-indent', 'fine']);
});

test('tree mode: CRLF and a monitor transcript with prompts', () => {
  const text = ['(qemu) info mtree -o', 'address-space: memory', '  0000000000000000-ffffffffffffffff (prio 0, i/o): system', '(qemu) info mtree -f', 'FlatView #0', ' AS "memory", root: system', ' Root memory region: system', '  0000000000000000-0000000007ffffff (prio 0, ram): pc.ram', ''].join('\r\n');
  const c = parseCapture(text);
  assert.deepEqual(c.issues, []);
  assert.deepEqual(c.sections.map((s) => s.kind), ['mtree', 'flatview']);
  assert.equal(sectionsOf(c, 'mtree')[0]?.flags.owners, true);
  assert.deepEqual(c.prompts.map((p) => p.command), ['info mtree -o', 'info mtree -f']);
});

test('the suffix reader that shares owners answers what objectSuffixAt answers, line after line', () => {
  // Bodies and suffixes drawn from pieces that make the reader's shortcut right and wrong: repeated
  // owners, a parent after an owner, a parent alone (whose body may still hold an owner), braces in names.
  const piece = fc.constantFrom(' owner:{dev id=x}', ' owner:{obj path=/m}', ' parent:{dev id=p}', ' orphan', ' [disabled]', 'n}', ':{', ' owner', ' dev id=x}', 'a');
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.array(piece, { maxLength: 5 }), fc.nat(40)), { minLength: 1, maxLength: 12 }), (rows) => {
      const reader = new ObjectSuffixReader();
      for (const [pieces, at] of rows) {
        // The body may start anywhere, inside a suffix too.
        const text = pieces.join('');
        const from = Math.min(at, text.length);
        assert.deepEqual(reader.read(text, from), objectSuffixAt(text, from));
      }
    }),
    { numRuns: 3000 },
  );
});
