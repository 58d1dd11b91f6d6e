import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineReader, splitLines } from '../../../src/core/capture/lines';
import { parseRamblock, startsRamblock } from '../../../src/core/capture/ramblock';

function read(text: string): { r: LineReader; s: ReturnType<typeof parseRamblock> } {
  const r = new LineReader(splitLines(text).lines);
  return { r, s: parseRamblock(r) };
}

function codes(r: LineReader): string[] {
  return r.issues.map((i) => i.code);
}

const H72 = '              Block Name    PSize              Offset               Used              Total';
const H10 = '              Block Name    PSize              Offset               Used              Total                HVA  RO';

// qemu-7.2.22, x86_64-pc-default (notes §4).
const QEMU72 = [
  H72,
  '                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000',
  '   0000:00:02.0/vga.vram    4 KiB  0x0000000008080000 0x0000000001000000 0x0000000001000000',
  '    /rom@etc/acpi/tables    4 KiB  0x00000000090c0000 0x0000000000020000 0x0000000000200000',
  '                 pc.bios    4 KiB  0x0000000008000000 0x0000000000040000 0x0000000000040000',
].join('\n');

// qemu-10.0.2 rows (notes D1), in ram_list order.
const QEMU10 = [
  H10,
  '                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000 0x00007f63f7e00000  rw',
  '   0000:00:02.0/vga.vram    4 KiB  0x0000000008080000 0x0000000001000000 0x0000000001000000 0x00007f644c800000  rw',
  '    /rom@etc/acpi/tables    4 KiB  0x00000000090c0000 0x0000000000020000 0x0000000000200000 0x00007f644c200000  ro',
].join('\n');

test('startsRamblock: both headers, white space tolerated, rows and others not', () => {
  assert.equal(startsRamblock(H72), true);
  assert.equal(startsRamblock(H10), true);
  assert.equal(startsRamblock('Block Name PSize Offset Used Total'), true);
  assert.equal(startsRamblock('\tBlock  Name\tPSize Offset Used Total HVA RO  '), true);
  assert.equal(startsRamblock('Block Name PSize Offset Used Total HVA'), false);
  assert.equal(startsRamblock('                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000'), false);
  assert.equal(startsRamblock(''), false);
});

test('QEMU 7.2 table: five columns, no host columns, no issues', () => {
  const { r, s } = read(QEMU72);
  assert.deepEqual(r.issues, []);
  assert.equal(s.hostColumns, false);
  assert.equal(s.blocks.length, 4);
  const [ram, vram, acpi, bios] = s.blocks;
  assert.equal(ram?.name, 'pc.ram');
  assert.equal(ram?.pageSize, 4096n);
  assert.equal(ram?.max, 0x8000000n);
  assert.equal(ram?.hva, undefined);
  assert.equal(ram?.readonly, undefined);
  assert.equal(vram?.name, '0000:00:02.0/vga.vram');
  assert.equal(vram?.offset, 0x8080000n);
  assert.equal(acpi?.name, '/rom@etc/acpi/tables');
  assert.equal(acpi?.used, 0x20000n);
  assert.equal(acpi?.max, 0x200000n);
  assert.equal(bios?.offset, 0x8000000n);
  assert.deepEqual(ram?.nameSpan, { line: 1, col: 18, endLine: 1, endCol: 24 });
  assert.deepEqual(s.span, { line: 0, col: 0, endLine: 4, endCol: 91 });
  assert.equal(r.pos, 5);
});

test('QEMU 10 table: HVA and RO columns', () => {
  const { r, s } = read(QEMU10);
  assert.deepEqual(r.issues, []);
  assert.equal(s.hostColumns, true);
  assert.equal(s.blocks.length, 3);
  assert.equal(s.blocks[0]?.hva, 0x7f63f7e00000n);
  assert.equal(s.blocks[0]?.readonly, false);
  assert.equal(s.blocks[2]?.readonly, true);
  assert.equal(s.blocks[2]?.name, '/rom@etc/acpi/tables');
});

test('empty names (churn) in both versions: RB004 information on the blank name area', () => {
  const row72 = '                            4 KiB  0x0000000009340000 0x0000000004000000 0x0000000004000000';
  const row10 = '                            4 KiB  0x0000000009340000 0x0000000004000000 0x0000000004000000 0x00007f0ffb400000  rw';
  for (const [h, row, hva] of [[H72, row72, undefined], [H10, row10, 0x7f0ffb400000n]] as const) {
    const { r, s } = read(`${h}\n${row}`);
    assert.deepEqual(codes(r), ['RB004']);
    assert.equal(r.issues[0]?.severity, 'information');
    assert.deepEqual(r.issues[0]?.span, { line: 1, col: 0, endLine: 1, endCol: 28 });
    assert.equal(s.blocks[0]?.name, '');
    assert.equal(s.blocks[0]?.offset, 0x9340000n);
    assert.equal(s.blocks[0]?.hva, hva);
  }
});

test('long names push the columns right (ppc64)', () => {
  const row72 = 'pci@800000020000000:00.0/vga.vram    4 KiB  0x0000000040000000 0x0000000001000000 0x0000000001000000';
  const row10 = 'pci@800000020000000:00.0/vga.vram    4 KiB  0x0000000040000000 0x0000000001000000 0x0000000001000000 0x00007fd9a6c00000  rw';
  for (const [h, row] of [[H72, row72], [H10, row10]] as const) {
    const { r, s } = read(`${h}\n${row}`);
    assert.deepEqual(r.issues, []);
    assert.equal(s.blocks[0]?.name, 'pci@800000020000000:00.0/vga.vram');
    assert.equal(s.blocks[0]?.offset, 0x40000000n);
    assert.deepEqual(s.blocks[0]?.nameSpan, { line: 1, col: 0, endLine: 1, endCol: 33 });
  }
});

test('other page sizes', () => {
  const { r, s } = read(`${H72}\n  big    2 MiB  0x0 0x200000 0x200000\n  p64   64 KiB  0x0 0x10000 0x10000`);
  assert.deepEqual(r.issues, []);
  assert.equal(s.blocks[0]?.pageSize, 2n << 20n);
  assert.equal(s.blocks[1]?.pageSize, 64n << 10n);
});

test('stops at a blank line and at a line that is not a row', () => {
  const lines = QEMU72.split('\n');
  const { r, s } = read(`${lines[0]}\n${lines[1]}\n\n${lines[2]}`);
  assert.equal(s.blocks.length, 1);
  assert.equal(r.pos, 2);
  const t = read(`${lines[0]}\n${lines[1]}\n(qemu) info mtree\n${lines[2]}`);
  assert.equal(t.s.blocks.length, 1);
  assert.equal(t.r.pos, 2);
  const u = read(`${lines[0]}\n${lines[1]}\n0x0000000000100000\tHost virtual address for 0x100000 (pc.ram) is 0x7f91ebf00000`);
  assert.equal(u.r.pos, 2);
});

test('RB002: unreadable page size, spanning the size text', () => {
  const row = '                  pc.ram    4 XiB  0x0000000000000000 0x0000000008000000 0x0000000008000000';
  const { r, s } = read(`${H72}\n${row}`);
  assert.deepEqual(codes(r), ['RB002']);
  assert.equal(r.issues[0]?.args.text, '4 XiB');
  assert.deepEqual(r.issues[0]?.span, { line: 1, col: row.indexOf('4 XiB'), endLine: 1, endCol: row.indexOf('4 XiB') + 5 });
  assert.equal(s.blocks.length, 0);
});

test('RB001: a field that is not hex names the field and spans it', () => {
  const row = '                  pc.ram    4 KiB  0x0000000000000000 0x00000000080g0000 0x0000000008000000';
  const { r } = read(`${H72}\n${row}`);
  assert.deepEqual(codes(r), ['RB001']);
  assert.match(r.issues[0]?.args.reason ?? '', /^Used /);
  const col = row.indexOf('0x00000000080g0000');
  assert.deepEqual(r.issues[0]?.span, { line: 1, col, endLine: 1, endCol: col + 18 });
});

test('RB001: too few fields, 64-bit overflow, missing host columns', () => {
  const few = read(`${H72}\n   pc.ram 0x0 0x1000`);
  assert.deepEqual(codes(few.r), ['RB001']);
  const big = read(`${H72}\n   pc.ram 4 KiB 0x10000000000000000 0x1000 0x1000`);
  assert.deepEqual(codes(big.r), ['RB001']);
  assert.match(big.r.issues[0]?.args.reason ?? '', /Offset .* 64 bits/);
  const noHost = read(`${H10}\n${QEMU72.split('\n')[1]}`);
  assert.deepEqual(codes(noHost.r), ['RB001']);
  assert.equal(noHost.s.blocks.length, 1);
  assert.equal(noHost.s.blocks[0]?.hva, undefined);
});

test('RB003 used > total, RB005 order, RB006 bad RO', () => {
  const used = '  x    4 KiB  0x0000000000000000 0x0000000000002000 0x0000000000001000';
  const a = read(`${H72}\n${used}`);
  assert.deepEqual(codes(a.r), ['RB003']);
  assert.equal(a.r.issues[0]?.span.col, used.indexOf('0x0000000000002000'));
  const small = '  small    4 KiB  0x0000000000000000 0x0000000000001000 0x0000000000001000';
  const large = '  large    4 KiB  0x0000000000400000 0x0000000000002000 0x0000000000002000';
  const b = read(`${H72}\n${small}\n${large}`);
  assert.deepEqual(codes(b.r), ['RB005']);
  assert.equal(b.r.issues[0]?.args.name, 'large');
  assert.deepEqual(b.r.issues[0]?.span, { line: 2, col: large.lastIndexOf('0x'), endLine: 2, endCol: large.length });
  const ro = '  pc.ram    4 KiB  0x0 0x1000 0x1000 0x00007f63f7e00000  rx';
  const c = read(`${H10}\n${ro}`);
  assert.deepEqual(codes(c.r), ['RB006']);
  assert.deepEqual(c.r.issues[0]?.span, { line: 1, col: ro.length - 2, endLine: 1, endCol: ro.length });
  assert.equal(c.s.blocks[0]?.readonly, undefined);
});

test('never throws on garbage and stays fast on long lines', () => {
  const junk = ['\0\0\0', '\uFFFD'.repeat(1000), ' 0x'.repeat(300000), 'x 4 KiB ' + '0'.repeat(1 << 20) + ' 0x1 0x1', '0x0 0x0 KiB', `${'9'.repeat(100000)} KiB 0x0 0x0 0x0`];
  const t0 = Date.now();
  for (const j of junk) {
    for (const h of [H72, H10]) {
      const { r } = read(`${h}\n${j}\n${j}`);
      assert.ok(r.pos >= 1);
    }
    assert.equal(typeof startsRamblock(j), 'boolean');
  }
  assert.equal(startsRamblock('Block Name PSize Offset Used Total' + ' '.repeat(1 << 20) + 'x'), false);
  assert.ok(Date.now() - t0 < 5000);
});
