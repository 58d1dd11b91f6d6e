import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzedDocument, Span } from '../../../src/core';
import { analyzeDocument, splitLines } from '../../../src/core';
import { DocumentIndex } from '../../../src/core/features/locate';
import type { OutlineSymbol } from '../../../src/core/features/symbols';
import { documentSymbols } from '../../../src/core/features/symbols';
import type { FoldRange } from '../../../src/core/features/folding';
import { foldingRanges } from '../../../src/core/features/folding';
import type { SemanticToken } from '../../../src/core/features/tokens';
import { semanticTokens } from '../../../src/core/features/tokens';
import { encodeSemanticTokens, semanticTokenLegend } from '../../../src/server/tokens';
import { decodeSemanticTokens } from './semantic-tokens';
import { inlayHints } from '../../../src/core/features/inlay';
import { codeLenses } from '../../../src/core/features/lens';
import { FIXTURES, fixtureFiles, fixtureMachines, repoRoot } from '../../shared/fixtures';

const fixture = (v: string, c: string, ...files: string[]): string => files.map((f) => readFileSync(join(FIXTURES, v, c, f), 'utf8')).join('\n');
const PC4G = fixture('qemu-10.0', 'x86_64-pc-4G', 'mtree-D.txt', 'mtree-f.txt', 'ramblock.txt', 'gpa2hva.txt', 'trace.txt');
const BOARD = readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8');

interface Doc {
  readonly doc: AnalyzedDocument;
  readonly lines: string[];
}

function read(text: string): Doc {
  return { doc: analyzeDocument(text), lines: splitLines(text).lines };
}

/** The line index of the first line containing `needle` (after `from`). */
function lineOf(lines: readonly string[], needle: string, from = 0): number {
  const i = lines.findIndex((l, n) => n >= from && l.includes(needle));
  assert.ok(i >= 0, `no line contains ${needle}`);
  return i;
}

function startsBefore(a: Span, b: Span): boolean {
  return a.line < b.line || (a.line === b.line && a.col <= b.col);
}

function endsAfter(a: Span, b: Span): boolean {
  return a.endLine > b.endLine || (a.endLine === b.endLine && a.endCol >= b.endCol);
}

/** Every symbol, with its parent, iteratively. */
function walk(symbols: readonly OutlineSymbol[]): { s: OutlineSymbol; parent: OutlineSymbol | undefined; depth: number }[] {
  const out: { s: OutlineSymbol; parent: OutlineSymbol | undefined; depth: number }[] = [];
  const stack = symbols.map((s) => ({ s, parent: undefined as OutlineSymbol | undefined, depth: 0 })).reverse();
  while (stack.length > 0) {
    const e = stack.pop() as (typeof stack)[number];
    out.push(e);
    for (let i = e.s.children.length - 1; i >= 0; i--) stack.push({ s: e.s.children[i] as OutlineSymbol, parent: e.s, depth: e.depth + 1 });
  }
  return out;
}

function child(s: OutlineSymbol | undefined, name: string): OutlineSymbol {
  const c = s?.children.find((x) => x.name === name);
  assert.ok(c, `${s?.name ?? '(top)'} has no child ${name}: ${s?.children.map((x) => x.name).join(', ')}`);
  return c;
}

/** Symbols are well formed: names non-empty, selection inside range, children inside parents. */
function checkSymbols(symbols: readonly OutlineSymbol[], where: string): void {
  for (const { s, parent } of walk(symbols)) {
    assert.ok(s.name.length > 0, `${where}: empty name`);
    assert.ok(startsBefore(s.span, s.selectionSpan) && endsAfter(s.span, s.selectionSpan), `${where}: selection of ${s.name} outside its range`);
    if (parent) assert.ok(startsBefore(parent.span, s.span) && endsAfter(parent.span, s.span), `${where}: ${s.name} outside ${parent.name}`);
  }
}

/** Folds are sorted, one per start line, non-empty and properly nested. */
function checkFolds(folds: readonly FoldRange[], lineCount: number, where: string): void {
  const open: FoldRange[] = [];
  let prev = -1;
  for (const f of folds) {
    assert.ok(f.startLine > prev, `${where}: folds not sorted or two start at ${f.startLine}`);
    assert.ok(f.endLine > f.startLine && f.endLine < lineCount, `${where}: bad fold ${f.startLine}-${f.endLine}`);
    while (open.length > 0 && (open[open.length - 1] as FoldRange).endLine < f.startLine) open.pop();
    const outer = open[open.length - 1];
    if (outer) assert.ok(f.endLine <= outer.endLine, `${where}: fold ${f.startLine}-${f.endLine} crosses ${outer.startLine}-${outer.endLine}`);
    open.push(f);
    prev = f.startLine;
  }
}

/** Tokens are sorted, inside their line, never overlap, and survive the wire encoding. */
function checkTokens(tokens: readonly SemanticToken[], lines: readonly string[], where: string): void {
  let line = -1;
  let end = 0;
  for (const t of tokens) {
    assert.ok(t.line > line || (t.line === line && t.col >= end), `${where}: token at ${t.line}:${t.col} overlaps or is out of order`);
    assert.ok(t.length > 0 && t.col + t.length <= (lines[t.line] ?? '').length, `${where}: token at ${t.line}:${t.col} leaves its line`);
    assert.ok(semanticTokenLegend.tokenTypes.includes(t.type));
    line = t.line;
    end = t.col + t.length;
  }
  assert.deepEqual(decodeSemanticTokens(encodeSemanticTokens(tokens)), tokens.map((t) => ({ ...t, modifiers: [...t.modifiers] })));
}

/** The tokens of one line as `text:type[+modifier…]`. */
function tokensOn(tokens: readonly SemanticToken[], lines: readonly string[], line: number): string[] {
  return tokens.filter((t) => t.line === line).map((t) => `${(lines[line] ?? '').slice(t.col, t.col + t.length)}:${[t.type, ...t.modifiers].join('+')}`);
}

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

test('symbols, folds, tokens: well formed on every fixture file and example', () => {
  const examples = join(repoRoot(), 'examples', 'captures');
  const files = [
    ...fixtureFiles().map((f) => ({ where: `${f.version}/${f.config}/${f.file}`, text: f.text })),
    ...readdirSync(examples).map((f) => ({ where: f, text: readFileSync(join(examples, f), 'utf8') })),
  ];
  for (const { where, text } of files) {
    const { doc, lines } = read(text);
    checkSymbols(documentSymbols(doc, lines), where);
    checkFolds(foldingRanges(doc), lines.length, where);
    checkTokens(semanticTokens(doc, lines), lines, where);
  }
});

test('symbols, folds, tokens, hints: a whole machine at once, on every fixture machine', () => {
  for (const [version, config] of fixtureMachines()) {
    const text = fixtureFiles().filter((f) => f.version === version && f.config === config).map((f) => f.text).join('\n');
    const { doc, lines } = read(text);
    const where = `${version}/${config}`;
    checkSymbols(documentSymbols(doc, lines), where);
    checkFolds(foldingRanges(doc), lines.length, where);
    checkTokens(semanticTokens(doc, lines), lines, where);
    const hints = inlayHints(new DocumentIndex(doc), 0, lines.length);
    for (const h of hints) assert.ok(h.col <= (lines[h.line] ?? '').length, `${where}: hint past the end of line ${h.line}`);
  }
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

test('folding: groups, regions with children, views and tables of a capture', () => {
  const { doc, lines } = read(PC4G);
  const folds = foldingRanges(doc);
  checkFolds(folds, lines.length, 'pc-4G');
  const at = (line: number): FoldRange | undefined => folds.find((f) => f.startLine === line);
  // The I/O group starts the file: its fold wins over the section's, which starts on the same line.
  assert.deepEqual(at(0), { startLine: 0, endLine: lineOf(lines, 'pm-smbus'), kind: 'region' });
  assert.equal(at(lineOf(lines, 'piix4-pm'))?.endLine, lineOf(lines, 'acpi-tmr'));
  const system = lineOf(lines, ': system', lineOf(lines, 'address-space: memory'));
  assert.equal(at(system)?.endLine, lineOf(lines, 'ram-above-4g'));
  assert.equal(at(lineOf(lines, 'address-space: cpu-memory-0'))?.endLine, lineOf(lines, 'ram-above-4g'));
  assert.equal(at(lineOf(lines, 'memory-region: system'))?.endLine, lineOf(lines, 'ram-above-4g', lineOf(lines, 'memory-region: system')));
  const view0 = lineOf(lines, 'FlatView #0');
  assert.equal(at(view0)?.endLine, lineOf(lines, 'pc.ram @00000000c0000000'));
  const table = lineOf(lines, 'Block Name');
  assert.equal(at(table)?.endLine, lineOf(lines, '/rom@etc/acpi/rsdp'));
  assert.ok(at(lineOf(lines, '(qemu) gpa2hva 0x0')));
  assert.ok(at(lineOf(lines, 'find_ram_offset_loop')));
  // A leaf region is not foldable.
  assert.equal(at(lineOf(lines, 'dma-chan')), undefined);
});

test('folding: a section folds from the prompt that printed it', () => {
  const text = fixture('qemu-10.0', 'x86_64-pc-4G', 'transcript.txt');
  const { doc, lines } = read(text);
  const folds = foldingRanges(doc);
  checkFolds(folds, lines.length, 'transcript');
  const prompt = lineOf(lines, '(qemu) info mtree -f');
  assert.ok((folds.find((f) => f.startLine === prompt)?.endLine ?? 0) > prompt + 10);
  const symbols = documentSymbols(doc, lines);
  assert.deepEqual(symbols.map((s) => s.name), ['info mtree', 'info mtree -f', 'info ramblock']);
  assert.equal(symbols[1]?.span.line, prompt);
});

test('folding: layout bodies keep their closing brace visible; comment runs fold', () => {
  const { doc, lines } = read(BOARD);
  const folds = foldingRanges(doc);
  checkFolds(folds, lines.length, 'tiny-board');
  const pci = lineOf(lines, 'container pci');
  assert.deepEqual(folds, [
    { startLine: lineOf(lines, 'container system'), endLine: lineOf(lines, '}', lineOf(lines, 'ioapic')) - 1, kind: 'region' },
    { startLine: pci, endLine: lineOf(lines, '}', pci) - 1, kind: 'region' },
  ]);
  const commented = read('# one\n# two\n# three\nram r size 4K # trailing\n# four\n\n# alone\ncontainer c size 1M {\n  # a\n  # b\n  ram x size 4K\n}\n');
  assert.deepEqual(foldingRanges(commented.doc), [
    { startLine: 0, endLine: 2, kind: 'comment' },
    { startLine: 7, endLine: 10, kind: 'region' },
    { startLine: 8, endLine: 9, kind: 'comment' },
  ]);
});

test('tokens: capture lines decode to addresses, names, targets, spaces and type words', () => {
  const { doc, lines } = read(PC4G);
  const tokens = semanticTokens(doc, lines);
  checkTokens(tokens, lines, 'pc-4G');
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'address-space: memory')), ['address-space:keyword', 'memory:namespace+declaration']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'alias ram-above-4g')), [
    '0000000100000000:number', '000000013fffffff:number', '0:number', 'ram:keyword',
    'alias:keyword', 'ram-above-4g:variable+declaration', '@:operator', 'pc.ram:type', '00000000c0000000:number', '00000000ffffffff:number',
  ]);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'piix4-pm')).slice(4), ['piix4-pm:variable+declaration+deprecated']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, '(prio 0, rom): pc.bios')).slice(4), ['pc.bios:variable+declaration+readonly']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'FlatView #0')), ['FlatView:keyword', '#0:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, ' AS "memory"')), ['AS:keyword', 'memory:namespace', 'system:variable']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'pc.bios @0000000000020000')), [
    '00000000000e0000:number', '00000000000fffff:number', '0:number', 'rom:keyword', 'pc.bios:variable+readonly', '@:operator', '0000000000020000:number',
  ]);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, '      pc.ram ')), ['pc.ram:variable+declaration', '4 KiB:number', '0x0000000000000000:number', '0x0000000100000000:number', '0x0000000100000000:number', '0x00007ff3b3e00000:number', 'rw:keyword']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, '(qemu) gpa2hva 0x0')), ['(qemu):macro', 'gpa2hva:function', '0x0:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'Host virtual address for 0x0 ')), ['0x0:number', 'pc.ram:variable', '0x7ff3b3e00000:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'find_ram_offset size:')), ['find_ram_offset:function', 'size:property', '0x40000:number', '0x100000000:number']);
});

test('tokens: owners, parents and memory-region headers', () => {
  const { doc, lines } = read(fixture('qemu-10.0', 'x86_64-pc-4G', 'mtree-o-D.txt'));
  const tokens = semanticTokens(doc, lines);
  checkTokens(tokens, lines, 'mtree-o-D');
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, '): io parent:')).slice(4), ['io:variable+declaration', 'parent:property', 'obj path=/machine/unattached:string']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'memory-region: pc.ram')), ['memory-region:keyword', 'pc.ram:type']);
});

test('tokens: layout keywords, names, ids, numbers, arrows and comments', () => {
  const { doc, lines } = read(BOARD);
  const tokens = semanticTokens(doc, lines);
  checkTokens(tokens, lines, 'tiny-board');
  assert.deepEqual(tokensOn(tokens, lines, 0), ['# A tiny i440FX-like board, written by hand.:comment']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'alias isa-bios')), [
    'alias:keyword', 'isa-bios:variable+declaration+readonly', '@:operator', '0xe0000:number', 'size:keyword', '128K:number', '->:operator', 'pc.bios:type',
    'offset:keyword', '128K:number', 'priority:keyword', '1:number', 'readonly:keyword',
  ]);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'rom pc.bios')), ['rom:keyword', 'pc.bios:variable+declaration+readonly', '@:operator', '4G:number', '-:operator', '256K:number', 'size:keyword', '256K:number']);
  assert.deepEqual(tokensOn(tokens, lines, lineOf(lines, 'address-space memory')), ['address-space:keyword', 'memory:namespace+declaration', 'root:keyword', 'system:type']);
  const ids = read('container s size 16E {\n  ram r $main size 4K disabled\n  alias a size 4K -> $main\n}\naddress-space "my space" root s\n');
  const t = semanticTokens(ids.doc, ids.lines);
  checkTokens(t, ids.lines, 'ids');
  assert.deepEqual(tokensOn(t, ids.lines, 1), ['ram:keyword', 'r:variable+declaration+deprecated', '$main:enumMember+declaration', 'size:keyword', '4K:number', 'disabled:keyword']);
  assert.deepEqual(tokensOn(t, ids.lines, 2).slice(-2), ['->:operator', '$main:enumMember']);
  assert.deepEqual(tokensOn(t, ids.lines, 4), ['address-space:keyword', '"my space":namespace+declaration', 'root:keyword', 's:type']);
});

test('tokens: the encoding is LSP relative and the legend is as announced', () => {
  assert.deepEqual(semanticTokenLegend.tokenTypes, ['namespace', 'type', 'variable', 'property', 'keyword', 'number', 'string', 'comment', 'operator', 'function', 'enumMember', 'macro']);
  assert.deepEqual(semanticTokenLegend.tokenModifiers, ['declaration', 'readonly', 'deprecated']);
  const data = encodeSemanticTokens([
    { line: 1, col: 4, length: 3, type: 'keyword', modifiers: [] },
    { line: 1, col: 10, length: 2, type: 'variable', modifiers: ['declaration', 'deprecated'] },
    { line: 3, col: 2, length: 1, type: 'number', modifiers: ['readonly'] },
  ]);
  assert.deepEqual(data, [1, 4, 3, 4, 0, 0, 6, 2, 2, 5, 2, 2, 1, 5, 2]);
});

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

test('code lenses: Reflatten and Show map on group, FlatView and address-space headers', () => {
  const { doc, lines } = read(PC4G);
  const lenses = codeLenses(doc);
  const groups = lines.filter((l) => l.startsWith('address-space: ')).length - 1; // cpu-memory-0 and memory share one group
  const views = lines.filter((l) => l.startsWith('FlatView #')).length;
  assert.equal(lenses.filter((l) => l.action === 'reflatten').length, groups + views);
  const memory = lenses.filter((l) => l.span.line === lineOf(lines, 'address-space: cpu-memory-0'));
  assert.deepEqual(memory.map((l) => [l.title, l.space]), [['Reflatten', undefined], ['Show map', 'memory']]);
  const view = lenses.filter((l) => l.span.line === lineOf(lines, 'FlatView #1'));
  assert.deepEqual(view.map((l) => [l.title, l.action, l.space]), [['Reflatten', 'reflatten', undefined], ['Show map', 'showMap', 'I/O']]);
  assert.deepEqual(view[0]?.span, { line: lineOf(lines, 'FlatView #1'), col: 0, endLine: lineOf(lines, 'FlatView #1'), endCol: 'FlatView #1'.length });

  const board = read(BOARD);
  const layoutLenses = codeLenses(board.doc);
  const line = lineOf(board.lines, 'address-space memory');
  assert.deepEqual(layoutLenses.map((l) => [l.span.line, l.title, l.space]), [[line, 'Reflatten', undefined], [line, 'Show map', 'memory']]);
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
