import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FoldRange } from '../../../src/core/features/folding';
import { foldingRanges } from '../../../src/core/features/folding';
import { documentSymbols } from '../../../src/core/features/symbols';
import { BOARD, checkFolds, fixture, lineOf, PC4G, read } from './structure-checks';

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
