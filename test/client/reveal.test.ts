import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, rangeContains } from '../../src/client/reveal';
import type { TreeNode } from '../../src/client/views/model-tree';
import { addressSpaceNodes, flatViewNodes, ramBlockNodes } from '../../src/client/views/model-tree';
import { PC_4G, line, serverAnswers } from './models';

const lines = PC_4G.split('\n');
const lineOf = (needle: string, from = 0): number => lines.findIndex((l, i) => i >= from && l.includes(needle));
const at = (l: number, needle: string): { line: number; character: number } => ({ line: l, character: (lines[l] as string).indexOf(needle) + 1 });

test('rangeContains: inclusive ends, other lines out', () => {
  const r = line(3, 4, 10);
  assert.ok(rangeContains(r, { line: 3, character: 4 }));
  assert.ok(rangeContains(r, { line: 3, character: 10 }));
  assert.ok(!rangeContains(r, { line: 3, character: 3 }));
  assert.ok(!rangeContains(r, { line: 2, character: 5 }));
});

test('the cursor on a region line reveals that region; its parents lead up to the address-space group', () => {
  const { model } = serverAnswers(PC_4G);
  const index = new LineIndex(addressSpaceNodes(model));
  const biosLine = lineOf('(prio 0, rom): pc.bios');
  const node = index.nodeAt(at(biosLine, 'pc.bios'));
  assert.equal(node?.kind, 'region');
  assert.equal(node?.kind === 'region' && node.region.name, 'pc.bios');
  let top: TreeNode | undefined = node;
  while (top?.parent) top = top.parent;
  assert.equal(top?.kind, 'space');
  // Anywhere on the line counts: the start of the line too.
  assert.equal(index.nodeAt({ line: biosLine, character: 0 }), node);
  assert.equal(index.nodeAt({ line: lineOf('FlatView #0'), character: 0 }), undefined);
});

test('RAMBlock rows and flat ranges are found by their lines', () => {
  const { model } = serverAnswers(PC_4G);
  const blocks = new LineIndex(ramBlockNodes(model));
  const row = lineOf('  pc.ram    ');
  const b = blocks.nodeAt(at(row, 'pc.ram'));
  assert.equal(b?.kind === 'block' && b.block.name, 'pc.ram');
  const flat = flatViewNodes(model);
  const withRanges = flat.flatMap((v) => v.children).filter((n) => n.range);
  assert.ok(withRanges.length > 0);
  const first = withRanges[0] as TreeNode;
  const found = new LineIndex(flat).nodeAt(first.range?.start as { line: number; character: number });
  assert.equal(found?.range?.start.line, first.range?.start.line);
});
