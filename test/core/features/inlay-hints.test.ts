import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentIndex } from '../../../src/core/features/locate';
import { inlayHints } from '../../../src/core/features/inlay';
import { BOARD, lineOf, PC4G, read } from './structure-checks';

test('inlay hints: size and the whole HVA on the RAM above 4G, in tree and flat view; ram_addr in the tooltip', () => {
  const { doc, lines } = read(PC4G);
  const index = new DocumentIndex(doc);
  const hva = /is (0x[0-9a-f]+)/.exec(lines.find((l) => l.includes('for 0x100000000 (pc.ram)')) ?? '')?.[1];
  assert.equal(hva, '0x7ff473e00000');
  const flat = lineOf(lines, 'pc.ram @00000000c0000000');
  assert.deepEqual(inlayHints(index, flat, flat).map((h) => [h.col, h.label]), [
    [lines[flat]?.indexOf(' (prio'), '= 1 GiB'],
    [lines[flat]?.length, `HVA ${hva}`],
  ]);
  // The ram_addr (and the HVA again) are in the tooltip, where they need not fit beside the line.
  assert.match(inlayHints(index, flat, flat)[1]?.tooltip ?? '', new RegExp(`^First byte of pc\\.ram \\+0xc0000000, in RAMBlock pc\\.ram; host base from .*\\nram_addr 0xc0000000, HVA ${hva}$`));
  const tree = lineOf(lines, 'alias ram-above-4g');
  assert.deepEqual(inlayHints(index, tree, tree).map((h) => h.label), ['= 1 GiB', `HVA ${hva}`]);
  const below = lineOf(lines, 'alias ram-below-4g');
  assert.deepEqual(inlayHints(index, below, below).map((h) => h.label), ['= 3 GiB', 'HVA 0x7ff3b3e00000']);
  // I/O has a size and nothing else; the first 640K of RAM is its own range.
  const vga = lineOf(lines, 'vga-lowmem', lineOf(lines, 'FlatView #0'));
  assert.deepEqual(inlayHints(index, vga, vga).map((h) => h.label), ['= 128 KiB']);
  assert.deepEqual(inlayHints(index, vga - 1, vga - 1).map((h) => h.label), ['= 640 KiB', 'HVA 0x7ff3b3e00000']);
  const bios = lineOf(lines, 'pc.bios @0000000000020000');
  assert.deepEqual(inlayHints(index, bios, bios).map((h) => h.label), ['= 128 KiB', 'HVA 0x7ff4bae20000']);
});

test('inlay hints: only the lines asked for', () => {
  const { doc, lines } = read(PC4G);
  const index = new DocumentIndex(doc);
  const all = inlayHints(index, 0, lines.length);
  const from = lineOf(lines, 'FlatView #0');
  const part = inlayHints(index, from, from + 5);
  assert.ok(part.length > 0 && part.every((h) => h.line >= from && h.line <= from + 5));
  assert.deepEqual(part, all.filter((h) => h.line >= from && h.line <= from + 5));
  assert.deepEqual(inlayHints(index, lines.length + 10, lines.length + 1000), []);
  // Every tree and flat line of the capture has its size.
  const ranges = lines.filter((l) => /^\s*(?:\[DETECTED OVERFLOW!\] )?[0-9a-f]{16}-[0-9a-f]{16} \(prio/.test(l)).length;
  assert.equal(all.filter((h) => h.kind === 'size').length, ranges);
});

test('inlay hints: absolute ranges and RAM of layout regions', () => {
  const { doc, lines } = read(BOARD);
  const index = new DocumentIndex(doc);
  const hints = inlayHints(index, 0, lines.length);
  const on = (needle: string): string[] => hints.filter((h) => h.line === lineOf(lines, needle)).map((h) => h.label);
  assert.deepEqual(on('rom pc.bios'), ['0xfffc0000-0xffffffff', 'ram_addr 0x8000000']);
  assert.deepEqual(on('alias ram-below-4g'), ['0x0-0x7ffffff', 'HVA 0x7f3c00000000']);
  assert.deepEqual(on('alias isa-bios'), ['0xe0000-0xfffff', 'ram_addr 0x8020000']);
  assert.deepEqual(on('io ioapic'), ['0xfec00000-0xfec00fff']);
  const pci = lineOf(lines, 'container pci');
  // Before the opening brace, after the last attribute.
  assert.equal(hints.find((h) => h.line === pci)?.col, (lines[pci] ?? '').indexOf(' {'));
});
