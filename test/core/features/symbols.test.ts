import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, splitLines } from '../../../src/core';
import type { OutlineSymbol } from '../../../src/core/features/symbols';
import { documentSymbols } from '../../../src/core/features/symbols';
import { foldingRanges } from '../../../src/core/features/folding';
import { semanticTokens } from '../../../src/core/features/tokens';
import { repoRoot } from '../../shared/fixtures';
import { BOARD, checkSymbols, checkTokens, child, lineOf, PC4G, read, tokensOn } from './structure-checks';

test('symbols: a capture is outlined by section, address-space group and region tree', () => {
  const { doc, lines } = read(PC4G);
  const symbols = documentSymbols(doc, lines);
  checkSymbols(symbols, 'pc-4G');
  assert.deepEqual(symbols.map((s) => s.name), ['info mtree', 'info mtree -f', 'info ramblock', 'gpa2hva', 'find_ram_offset trace']);
  const [mtree, flat, ramblock, gpa, trace] = symbols;
  const memory = child(mtree, 'cpu-memory-0, memory');
  assert.equal(memory.kind, 'module');
  assert.equal(memory.span.line, lineOf(lines, 'address-space: cpu-memory-0'));
  const system = child(memory, 'system');
  assert.equal(system.kind, 'namespace');
  assert.equal(system.detail, '0000000000000000-ffffffffffffffff prio 0 i/o');
  assert.deepEqual(system.selectionSpan, { line: system.span.line, col: lines[system.span.line]?.indexOf('system'), endLine: system.span.line, endCol: (lines[system.span.line]?.indexOf('system') ?? 0) + 6 });
  const above = child(system, 'ram-above-4g');
  assert.equal(above.kind, 'field');
  assert.equal(above.detail, '0000000100000000-000000013fffffff prio 0 ram → pc.ram');
  // The group's tree ends where its last region is written.
  assert.equal(system.span.endLine, above.span.line);
  assert.equal(memory.span.endLine, above.span.line);
  const pci = child(system, 'pci');
  assert.equal(child(pci, 'pc.bios').kind, 'constant');
  assert.equal(child(system, 'ioapic').kind, 'interface');
  const pm = child(child(child(mtree, 'I/O'), 'io'), 'piix4-pm');
  assert.equal(pm.disabled, true);
  assert.equal(pm.span.endLine, lineOf(lines, 'acpi-tmr'));
  // Alias targets printed as memory-region: sections are entries of their own.
  assert.ok(mtree?.children.some((c) => c.name === 'pc.ram' && c.detail === 'memory-region'));

  assert.deepEqual(flat?.children.map((v) => v.name).slice(0, 2), ['memory, cpu-memory-0', 'I/O']);
  const view = flat?.children[0] as OutlineSymbol;
  assert.equal(view.span.line, lineOf(lines, 'FlatView #0'));
  assert.equal(view.children.length, 10);
  assert.deepEqual(view.children.map((r) => `${r.name}:${r.kind}`).slice(0, 3), ['pc.ram:variable', 'vga-lowmem:interface', 'pc.rom:constant']);
  assert.equal(view.children[3]?.detail, '00000000000e0000-00000000000fffff prio 0 rom @0000000000020000');

  assert.equal(ramblock?.children.length, 8);
  assert.equal(ramblock?.children[0]?.name, 'pc.ram');
  assert.match(ramblock?.children[0]?.detail ?? '', /^ram_addr 0x0, 4 GiB, HVA 0x7ff3b3e00000$/);
  // Each answer is grouped with the question that asked it.
  const first = gpa?.children[0] as OutlineSymbol;
  assert.equal(first.name, '0x0');
  assert.equal(first.detail, 'pc.ram → 0x7ff3b3e00000');
  assert.equal(first.span.line, lineOf(lines, '(qemu) gpa2hva 0x0'));
  assert.equal(first.selectionSpan.line, first.span.line + 1);
  assert.equal(gpa?.children.find((a) => a.name === '0xa0000')?.detail, 'not RAM');
  assert.equal(trace?.children[0]?.name, 'size 0x40000 → 0x100000000');
});

test('symbols and tokens: gdb dumps', () => {
  const { doc, lines } = read(readFileSync(join(repoRoot(), 'examples', 'captures', 'gdb-scripts.txt'), 'utf8'));
  const symbols = documentSymbols(doc, lines);
  assert.deepEqual(symbols.map((s) => s.name), ['dump_address_spaces', 'dump_memory_region system', 'dump_flatview']);
  assert.deepEqual(symbols[0]?.children.slice(0, 2).map((s) => `${s.name}:${s.detail}`), ['memory:root MR 0x555556804b00, FlatView 0x555557a2e650', 'I/O:root MR 0x5555567fbf00, FlatView 0x555557a47d30']);
  const system = symbols[1]?.children[0];
  assert.equal(system?.name, 'system');
  assert.equal(child(system, 'pci').children.length, 4);
  assert.equal(symbols[2]?.children[0]?.name, '[0x0, 0xa0000)');
  const tokens = semanticTokens(doc, lines);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'AddressSpace : memory')), ['AddressSpace:keyword', 'memory:namespace+declaration', '0x5555566ed920:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, ']:apic-msi')), ['00000000fee00000:number', '000000000feefffff:number', 'apic-msi:variable+declaration']);
});

test('symbols: a layout nests regions and lists address spaces and ramblocks', () => {
  const { doc, lines } = read(BOARD);
  const symbols = documentSymbols(doc, lines);
  checkSymbols(symbols, 'tiny-board');
  assert.deepEqual(symbols.map((s) => `${s.name}:${s.kind}`), ['system:namespace', 'pc.ram:variable', 'memory:module', 'pc.ram:struct', 'pc.bios:struct']);
  const system = symbols[0] as OutlineSymbol;
  assert.deepEqual([system.span.line, system.span.endLine], [lineOf(lines, 'container system'), lineOf(lines, '}', lineOf(lines, 'ioapic'))]);
  assert.deepEqual(system.children.map((c) => `${c.name}:${c.kind}`), ['ram-below-4g:field', 'legacy-windows:field', 'pci:namespace', 'ioapic:interface']);
  const bios = child(child(system, 'pci'), 'pc.bios');
  // Absolute: 4G - 256K inside pci inside system.
  assert.equal(bios.detail, '00000000fffc0000-00000000ffffffff prio 0 rom');
  assert.equal(symbols[2]?.detail, 'address-space, root system');
  assert.match(symbols[3]?.detail ?? '', /^ram_addr 0x0, 128 MiB, HVA 0x7f3c00000000$/);
});

test('symbols: a region tree thousands of levels deep is outlined without recursion', () => {
  const depth = 3000;
  const ls = ['address-space: memory'];
  for (let i = 0; i < depth; i++) ls.push(`${' '.repeat(2 * (i + 1))}0000000000000000-000000000000ffff (prio 0, i/o): r${i}`);
  const { doc, lines } = read(ls.join('\n') + '\n');
  const symbols = documentSymbols(doc, lines);
  let levels = 0;
  let deepest: OutlineSymbol | undefined;
  for (let s: OutlineSymbol | undefined = symbols[0]; s; s = s.children[0]) {
    levels++;
    deepest = s;
  }
  // Section › group › r0 … r2999.
  assert.equal(levels, depth + 2);
  assert.equal(deepest?.name, `r${depth - 1}`);
  assert.equal(symbols[0]?.children[0]?.children[0]?.span.endLine, depth);
  assert.equal(foldingRanges(doc).length, depth);
  checkTokens(semanticTokens(doc, lines), lines, 'deep');
});

test('the outline of a flat view with 200,000 ranges is built (no argument-list overflow)', () => {
  const out = ['FlatView #0', ' AS "memory", root: system', ' Root memory region: system'];
  const hex = (n: number): string => n.toString(16).padStart(16, '0');
  for (let i = 0; i < 200_000; i++) out.push(`  ${hex(i * 0x1000)}-${hex(i * 0x1000 + 0xfff)} (prio 0, ram): r${i}`);
  const text = out.join('\n') + '\n';
  const symbols = documentSymbols(analyzeDocument(text), splitLines(text).lines);
  const ranges = symbols.flatMap((s) => s.children).flatMap((s) => s.children.length > 0 ? s.children : [s]);
  assert.ok(ranges.length >= 200_000, `${ranges.length} range symbols`);
});
