import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffNode, SideNode } from '../../src/client/views/differences-tree';
import { differenceNodes, isDiffNode, sideLabel } from '../../src/client/views/differences-tree';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diffRequest } from '../../src/server/diff';
import { AnalysisStore } from '../../src/server/store';
import { repoRoot } from '../shared/fixtures';

/** The server's handler, with no document open: both sides are analysed from their texts. */
const compare = diffRequest(new TextDocuments(TextDocument), new AnalysisStore());

const example = (name: string): string => readFileSync(join(repoRoot(), 'examples', 'captures', name), 'utf8');

test('the Differences tree: a summary, one group per tree, view and the ram_list, each difference with its sides', () => {
  const a = 'file:///w/pc-hotplug-before-qemu72.txt';
  const b = 'file:///w/pc%20hotplug%20after.txt';
  const result = compare({ a: { uri: a, text: example('pc-hotplug-before-qemu72.txt') }, b: { uri: b, text: example('pc-hotplug-after-qemu72.txt') } });
  const roots = differenceNodes({ a, b, result });
  const label = (n: DiffNode): string => (n.kind === 'group' ? n.label : n.kind === 'difference' ? n.difference.label : n.kind === 'side' ? sideLabel(n) : 'summary');
  assert.deepEqual(roots.map(label), ['summary', 'Regions of cpu-memory-0, memory', 'Flat view of cpu-memory-0, memory', 'Flat view of cpu-smm-0', 'RAMBlocks']);
  const region = roots[1]?.children[0];
  assert.equal(region?.kind, 'difference');
  assert.equal(label(region as DiffNode), 'system › device-memory › mem1');
  // Added: only side B, named with its file and 1-based line.
  const sides = (region?.children ?? []) as SideNode[];
  assert.deepEqual(sides.map(sideLabel), ['B: pc hotplug after.txt:143']);
  assert.equal(sides[0]?.uri, b);
  assert.equal(sides[0]?.parent, region);
  // Ids are unique and stable across a re-run of the same comparison.
  const ids = (nodes: DiffNode[]): string[] => nodes.flatMap((n) => [n.id, ...ids(n.children)]);
  assert.equal(new Set(ids(roots)).size, ids(roots).length);
  assert.deepEqual(ids(differenceNodes({ a, b, result })), ids(roots));
  assert.ok(isDiffNode(region) && !isDiffNode({ kind: 'region', id: 'x' }));
});

test('a changed difference has both sides; an equal comparison only its summary', () => {
  const fixture = (v: string): string => ['mtree-D.txt', 'mtree-f.txt', 'ramblock.txt'].map((f) => readFileSync(join(repoRoot(), 'test', 'fixtures', v, 'x86_64-pc', f), 'utf8')).join('\n');
  const result = compare({ a: { uri: 'file:///a.txt', text: fixture('qemu-7.2') }, b: { uri: 'file:///b.txt', text: fixture('qemu-10.0') } });
  const roots = differenceNodes({ a: 'file:///a.txt', b: 'file:///b.txt', result });
  const flat = roots.find((n) => n.kind === 'group' && n.label === 'Flat view of I/O');
  const owner = flat?.children[0];
  assert.deepEqual(owner?.children.map((s) => sideLabel(s as SideNode).replace(/:\d+$/, '')), ['A: a.txt', 'B: b.txt']);
  const same = compare({ a: { uri: 'file:///a.txt', text: fixture('qemu-7.2') }, b: { uri: 'file:///c.txt', text: fixture('qemu-7.2') } });
  assert.deepEqual(differenceNodes({ a: 'file:///a.txt', b: 'file:///c.txt', result: same }).map((n) => n.kind), ['summary']);
});
