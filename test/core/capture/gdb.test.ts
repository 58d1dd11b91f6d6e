import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineReader, splitLines } from '../../../src/core/capture/lines';
import { parseGdb, startsGdb } from '../../../src/core/capture/gdb';
import type { GdbRegionNode } from '../../../src/core/model/capture';

function read(text: string): { r: LineReader; s: ReturnType<typeof parseGdb> } {
  const r = new LineReader(splitLines(text).lines);
  return { r, s: parseGdb(r) };
}

function errors(r: LineReader): string[] {
  return r.issues.filter((i) => i.severity === 'error').map((i) => `${i.code}@${i.span.line}: ${i.message}`);
}

// The three samples of seed 003 (RichardWeiYang's gdb-script), verbatim.
const ADDRESS_SPACES = `(gdb) dump_address_spaces 0
AddressSpace : memory(0x5555566ed920)
     Root MR : 0x555556804b00
    FlatView : 0x555557a2e650
AddressSpace : I/O(0x5555566ed8c0)
     Root MR : 0x5555567fbf00
    FlatView : 0x555557a47d30
AddressSpace : cpu-memory-0(0x555556877460)
     Root MR : 0x555556804b00
    FlatView : 0x555557a2e650
AddressSpace : cpu-smm-0(0x555556877640)
     Root MR : 0x5555567e0400
    FlatView : 0x555557a3b800
AddressSpace : i440FX(0x5555569de1a0)
     Root MR : 0x5555569de200
    FlatView : 0x5555568301e0
AddressSpace : PIIX3(0x555557177830)
     Root MR : 0x555557177890
    FlatView : 0x5555568301e0
AddressSpace : VGA(0x555557257c30)
     Root MR : 0x555557257c90
    FlatView : 0x5555568301e0
AddressSpace : e1000(0x7ffff7e08220)
     Root MR : 0x7ffff7e08280
    FlatView : 0x5555568301e0
AddressSpace : piix3-ide(0x5555576e3840)
     Root MR : 0x5555576e38a0
    FlatView : 0x5555568301e0
AddressSpace : PIIX4_PM(0x55555781e7b0)
     Root MR : 0x55555781e810
    FlatView : 0x5555568301e0`;

const MEMORY_REGION = `(gdb) dump_memory_region 0x555556804b00
Dump MemoryRegion:system
[0000000000000000-100000000ffffffff]:system
  [00000000fee00000-000000000feefffff]:apic-msi
  [00000000000ec000-000000000000effff]:pam-ram
  [00000000000ec000-000000000000effff]:pam-pci
  [00000000000ec000-000000000000effff]:pam-rom
  [00000000000a0000-000000000000bffff]:smram-region
  [00000000fed00000-000000000fed003ff]:hpet
  [00000000fec00000-000000000fec00fff]:ioapic
  [0000000000000000-00000000007ffffff]:ram-below-4g
  [0000000000000000-100000000ffffffff]:pci
    [00000000000a0000-000000000000bffff]:vga-lowmem
    [00000000000c0000-000000000000dffff]:pc.rom
    [00000000000e0000-000000000000fffff]:isa-bios
    [00000000fffc0000-000000000ffffffff]:pc.bios`;

const FLATVIEW = `(gdb) dump_flatview 0x555557a2e650
[00000000000000000-000000000000a0000], offset_in_region 0000000000000000
[000000000000a0000-000000000000c0000], offset_in_region 0000000000000000
[000000000000c0000-000000000000e0000], offset_in_region 0000000000000000
[000000000000e0000-00000000000100000], offset_in_region 0000000000020000
[00000000000100000-00000000008000000], offset_in_region 0000000000100000
[000000000fec00000-000000000fec01000], offset_in_region 0000000000000000
[000000000fed00000-000000000fed00400], offset_in_region 0000000000000000
[000000000fee00000-000000000fef00000], offset_in_region 0000000000000000
[000000000fffc0000-00000000000000000], offset_in_region 0000000000000000`;

test('startsGdb: the three prompts and the first output lines', () => {
  for (const l of ['(gdb) dump_address_spaces 0', '(gdb) dump_memory_region 0x555556804b00', '(gdb) dump_flatview 0x1', '(gdb) dump_flatview',
    'AddressSpace : memory(0x5555566ed920)', 'Dump MemoryRegion:system', '[000000000fffc0000-00000000000000000], offset_in_region 0000000000000000']) {
    assert.equal(startsGdb(l), true, l);
  }
  for (const l of ['(gdb) info registers', '(gdb) dump_flatviews 0x1', '     Root MR : 0x555556804b00', '  [00000000fee00000-000000000feefffff]:apic-msi', '[x-y], offset_in_region 0', '']) {
    assert.equal(startsGdb(l), false, l);
  }
});

test('dump_address_spaces: ten spaces, pointers, no issues, prompt recorded', () => {
  const { r, s } = read(`${ADDRESS_SPACES}\n\`\`\`\n`);
  assert.deepEqual(r.issues, []);
  assert.equal(s.kind, 'gdb-address-spaces');
  if (s.kind !== 'gdb-address-spaces') return;
  assert.equal(s.spaces.length, 10);
  assert.deepEqual(s.spaces[0], {
    name: 'memory', pointer: 0x5555566ed920n, rootPointer: 0x555556804b00n, flatViewPointer: 0x555557a2e650n,
    rootSpan: { line: 2, col: 15, endLine: 2, endCol: 29 }, flatViewSpan: { line: 3, col: 15, endLine: 3, endCol: 29 },
    span: { line: 1, col: 0, endLine: 3, endCol: 29 }, nameSpan: { line: 1, col: 15, endLine: 1, endCol: 21 },
  });
  assert.equal(s.spaces[1]?.name, 'I/O');
  assert.equal(s.spaces[9]?.name, 'PIIX4_PM');
  assert.deepEqual(r.prompts, [{ tool: 'gdb', command: 'dump_address_spaces 0', span: { line: 0, col: 0, endLine: 0, endCol: 27 } }]);
  assert.equal(r.pos, 31);
  assert.deepEqual(s.span, { line: 0, col: 0, endLine: 30, endCol: 29 });
});

test('dump_address_spaces: names with spaces and parentheses; missing and bad lines', () => {
  const { r, s } = read('AddressSpace : bus master (x)(0x10)\n     Root MR : 0x20\n    FlatView : 0x30');
  assert.deepEqual(r.issues, []);
  assert.ok(s.kind === 'gdb-address-spaces');
  assert.equal(s.spaces[0]?.name, 'bus master (x)');
  assert.equal(s.spaces[0]?.pointer, 0x10n);
  const bad = read('AddressSpace : memory\n     Root MR : nil\nAddressSpace : io(0x1)\n    FlatView : 0x2');
  assert.deepEqual(bad.r.issues.map((i) => [i.code, i.span.line, i.span.col, i.args.reason]), [
    ['GDB001', 0, 15, 'expected NAME(0xPOINTER)'],
    ['GDB001', 1, 15, 'Root MR "nil" is not 0x-prefixed hex'],
    ['GDB001', 0, 0, 'missing the "FlatView" line'],
    ['GDB001', 2, 0, 'missing the "Root MR" line'],
  ]);
  assert.ok(bad.s.kind === 'gdb-address-spaces');
  assert.equal(bad.s.spaces[0]?.name, 'memory');
  assert.equal(bad.s.spaces[0]?.pointer, undefined);
});

function shape(n: GdbRegionNode): unknown {
  return [n.name, n.start, n.last, n.children.map(shape)];
}

test('dump_memory_region: the seed tree, quirks as information at the right lines', () => {
  const { r, s } = read(MEMORY_REGION);
  assert.deepEqual(errors(r), []);
  assert.ok(s.kind === 'gdb-memory-region');
  assert.equal(s.title, 'system');
  assert.equal(s.pointer, 0x555556804b00n);
  const root = s.root as GdbRegionNode;
  assert.equal(root.name, 'system');
  assert.equal(root.last, 0xffffffffffffffffn);
  assert.deepEqual(root.children.map((c) => c.name), ['apic-msi', 'pam-ram', 'pam-pci', 'pam-rom', 'smram-region', 'hpet', 'ioapic', 'ram-below-4g', 'pci']);
  assert.deepEqual(shape(root.children[0] as GdbRegionNode), ['apic-msi', 0xfee00000n, 0xfeefffffn, []]);
  assert.deepEqual(shape(root.children[7] as GdbRegionNode), ['ram-below-4g', 0n, 0x7ffffffn, []]);
  const pci = root.children[8] as GdbRegionNode;
  assert.equal(pci.last, 0xffffffffffffffffn);
  assert.deepEqual(pci.children.map((c) => [c.name, c.start, c.last]), [
    ['vga-lowmem', 0xa0000n, 0xbffffn], ['pc.rom', 0xc0000n, 0xdffffn], ['isa-bios', 0xe0000n, 0xfffffn], ['pc.bios', 0xfffc0000n, 0xffffffffn],
  ]);
  assert.deepEqual(pci.nameSpan, { line: 11, col: 39, endLine: 11, endCol: 42 });
  // GDB005 and GDB004 once, on the first range line's END; GDB002 on each >64-bit END.
  assert.deepEqual(r.issues.map((i) => [i.code, i.severity, i.span.line, i.span.col, i.span.endCol]), [
    ['GDB005', 'information', 2, 18, 35],
    ['GDB004', 'information', 2, 18, 35],
    ['GDB002', 'information', 2, 18, 35],
    ['GDB002', 'information', 11, 20, 37],
  ]);
  assert.equal(r.issues[0]?.args.digits, '17');
  assert.equal(r.issues[1]?.args.inclusive, 'true');
  assert.equal(r.issues[2]?.message, 'End printed as 100000000ffffffff (more than 64 bits): assumed 0xffffffffffffffff, the end of the 64-bit space');
  assert.deepEqual(r.prompts.map((p) => p.command), ['dump_memory_region 0x555556804b00']);
  assert.equal(r.pos, 16);
});

test('dump_memory_region: GDB006 for an indentation jump, GDB001 for malformed lines', () => {
  const text = 'Dump MemoryRegion:x\n[0000000000000000-000000000000000ff]:x\n      [0000000000000000-000000000000000ff]:deep\n  [zz]:bad\n  [0000000000000010-000000000000000ff] no colon\n [0000000000000010-000000000000000ff]:odd\n[0000000000000000-000000000000000ff]:second';
  const { r, s } = read(text);
  assert.deepEqual(r.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.span.line, i.span.col, i.span.endCol]), [
    ['GDB006', 2, 0, 6],
    ['GDB001', 3, 3, 4],
    ['GDB001', 4, 38, 39],
    ['GDB001', 5, 0, 1],
    ['GDB001', 5, 0, 41],
    ['GDB001', 6, 0, 43],
  ]);
  assert.equal(r.issues.find((i) => i.code === 'GDB006')?.args.max, '2');
  assert.ok(s.kind === 'gdb-memory-region');
  // The over-indented line is read as the root's child; the odd one rounds down to a second root, which is dropped.
  assert.deepEqual(s.root?.children.map((c) => c.name), ['deep']);
  assert.equal(r.pos, 7);
});

test('dump_flatview: the seed view, the wrapped end fixed to 0x100000000 with GDB003', () => {
  const { r, s } = read(`${FLATVIEW}\n\`\`\``);
  assert.deepEqual(errors(r), []);
  assert.ok(s.kind === 'gdb-flatview');
  assert.equal(s.pointer, 0x555557a2e650n);
  assert.equal(s.ranges.length, 9);
  assert.deepEqual(s.ranges.map((x) => [x.start, x.end, x.offset]), [
    [0n, 0xa0000n, 0n], [0xa0000n, 0xc0000n, 0n], [0xc0000n, 0xe0000n, 0n], [0xe0000n, 0x100000n, 0x20000n], [0x100000n, 0x8000000n, 0x100000n],
    [0xfec00000n, 0xfec01000n, 0n], [0xfed00000n, 0xfed00400n, 0n], [0xfee00000n, 0xfef00000n, 0n], [0xfffc0000n, 0x100000000n, 0n],
  ]);
  assert.deepEqual(r.issues.map((i) => [i.code, i.severity, i.span.line, i.span.col, i.span.endCol]), [
    ['GDB005', 'information', 1, 1, 18],
    ['GDB004', 'information', 1, 19, 36],
    ['GDB003', 'information', 9, 19, 36],
  ]);
  assert.equal(r.issues[1]?.args.inclusive, 'false');
  assert.deepEqual(r.issues[2]?.args, { text: '0x0', start: '0xfffc0000', assumed: '0x100000000' });
  assert.equal(r.pos, 10);
});

test('dump_flatview: an end of exactly 2^64 is fine; above it GDB002; not above start even after wrapping GDB001', () => {
  const { r, s } = read('[0000000000000000-10000000000000000], offset_in_region 0\n[0000000000000000-20000000000000000], offset_in_region 0\n[1000000000000000-0000000000000010], offset_in_region 0\n[0000000000000000-0000000000000010], offset_in_region zz');
  assert.ok(s.kind === 'gdb-flatview');
  assert.equal(s.ranges[0]?.end, 1n << 64n);
  assert.equal(s.ranges[1]?.end, 1n << 64n);
  assert.deepEqual(r.issues.filter((i) => i.code !== 'GDB004' && i.code !== 'GDB005').map((i) => [i.code, i.span.line]), [['GDB002', 1], ['GDB001', 2], ['GDB001', 3]]);
});

test('a prompt whose output is missing or belongs to another script', () => {
  // An empty FlatView prints nothing: an empty view, not an error.
  const a = read('(gdb) dump_flatview 0x1\n(gdb) quit');
  assert.ok(a.s.kind === 'gdb-flatview');
  assert.deepEqual([a.s.ranges, a.r.issues], [[], []]);
  const m = read('(gdb) dump_memory_region 0x1\n(gdb) quit');
  assert.deepEqual(m.r.issues.map((i) => [i.code, i.args.reason]), [['GDB001', 'no output follows the command']]);
  assert.equal(a.r.pos, 1);
  const b = read('(gdb) dump_flatview 0x1\nAddressSpace : memory(0x1)\n     Root MR : 0x2\n    FlatView : 0x3');
  assert.equal(b.s.kind, 'gdb-address-spaces');
  assert.deepEqual(b.r.issues.map((i) => [i.code, i.span.line]), [['GDB001', 0]]);
  const c = read('(gdb) dump_memory_region root\n[0000000000000000-0000000000000fff]:x');
  assert.ok(c.s.kind === 'gdb-memory-region');
  assert.equal(c.s.pointer, undefined);
  assert.equal(c.s.root?.last, 0xfffn);
  assert.deepEqual(c.r.issues.filter((i) => i.severity === 'error'), []);
});

test('the whole seed page: each sample is one section and the fences are left alone', () => {
  const page = ['text', '```', ADDRESS_SPACES, '```', 'more', '```', MEMORY_REGION, '```', '```', FLATVIEW, '```'].join('\n');
  const r = new LineReader(splitLines(page).lines);
  const kinds: string[] = [];
  while (!r.done) {
    if (startsGdb(r.line)) kinds.push(parseGdb(r).kind);
    else r.pos++;
  }
  assert.deepEqual(kinds, ['gdb-address-spaces', 'gdb-memory-region', 'gdb-flatview']);
  assert.deepEqual(errors(r), []);
});

test('never throws on garbage', () => {
  const junk = ['\0', '\uFFFD'.repeat(100), '[', '[-]', '[0-', '[0-1', '[0-1]', '[0-1],', '[0-1]:', 'AddressSpace :', 'AddressSpace : (0x)', 'AddressSpace : x(0x' + 'f'.repeat(1 << 20) + ')',
    '[' + '0'.repeat(1 << 20) + '1-2]:x', '[1-' + 'f'.repeat(1 << 20) + '], offset_in_region 0', ' '.repeat(1 << 20) + '[0-1]:x', 'Dump MemoryRegion:' + '('.repeat(1 << 20), '(gdb) dump_flatview ' + '9'.repeat(1 << 20)];
  const t0 = Date.now();
  for (const j of junk) {
    startsGdb(j);
    for (const head of ['(gdb) dump_memory_region 0x1', '(gdb) dump_flatview 0x1', 'AddressSpace : a(0x1)', 'Dump MemoryRegion:x']) {
      const { r } = read(`${head}\n${j}\n${j}`);
      assert.ok(r.pos >= 1);
    }
  }
  assert.ok(Date.now() - t0 < 5000);
});
