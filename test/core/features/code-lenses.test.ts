import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeLenses } from '../../../src/core/features/lens';
import { BOARD, lineOf, PC4G, read } from './structure-checks';

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
