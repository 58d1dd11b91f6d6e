import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WireModel } from '../../src/protocol';
import { lookOf } from '../../src/client/views/labels';
import type { RegionTreeNode, TreeNode } from '../../src/client/views/model-tree';
import { addressSpaceNodes, allNodes, flatViewNodes, isTreeNode, ramBlockNodes, spacesOf } from '../../src/client/views/model-tree';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PC_4G, line, region, serverAnswers } from './models';
import { repoRoot } from '../shared/fixtures';

const small: WireModel = {
  uri: 'file:///board.memlayout', version: 1, kind: 'layout', gpaSpace: 'memory',
  spaces: [
    {
      names: ['memory', 'cpu-memory-0'],
      root: region('system', '0x0', '0x10000000000000000', {
        type: 'i/o', range: line(0, 10, 16),
        children: [
          region('pam-pci', '0xc0000', '0x4000', { type: 'alias', enabled: false, visible: '0x0', alias: { target: 'pci', offset: '0xc0000' }, range: line(2, 8, 15) }),
          region('pam-pci', '0xc4000', '0x4000', { type: 'alias', alias: { target: 'pci', offset: '0xc4000' }, range: line(3, 8, 15) }),
          region('pc.ram', '0x0', '0x8000000', { range: line(1, 6, 12) }),
        ],
      }),
    },
    { names: ['I/O'], root: undefined },
  ],
  views: [{ spaces: ['memory', 'cpu-memory-0'], root: 'system', ranges: [{ start: '0x0', end: '0x7ffffff', name: 'pc.ram', offset: '0x0', type: 'ram', priority: 0, range: line(1, 6, 12) }] }],
  blocks: [
    { name: 'pc.ram', offset: '0x0', used: '0x8000000', max: '0x8000000', pageSize: '0x1000', hva: '0x7f3c00000000', range: line(9, 9, 15) },
    { name: 'pc.bios', offset: '0x8000000', used: '0x20000', max: '0x40000', pageSize: '0x1000', hva: undefined, range: line(10, 9, 16) },
  ],
};

test('address spaces: one node per group, the root region below it, parents linked, equal sibling names get distinct ids', () => {
  const roots = addressSpaceNodes(small);
  assert.deepEqual(roots.map((n) => n.names), [['memory', 'cpu-memory-0'], ['I/O']]);
  const system = roots[0]?.children[0] as RegionTreeNode;
  assert.equal(system.region.name, 'system');
  assert.equal(system.parent, roots[0]);
  assert.deepEqual(system.children.map((c) => c.id), ['as:memory,cpu-memory-0/system/pam-pci', 'as:memory,cpu-memory-0/system/pam-pci#2', 'as:memory,cpu-memory-0/system/pc.ram']);
  for (const n of allNodes(roots)) for (const c of n.children) assert.equal(c.parent, n);
  assert.equal(new Set(allNodes(roots).map((n) => n.id)).size, allNodes(roots).length);
  assert.deepEqual(roots[1]?.children, []);
  assert.deepEqual(spacesOf(system.children[2] as TreeNode), ['memory', 'cpu-memory-0']);
});

test('region looks: codicon per type, range and size in the description, disabled and hidden marked, plain-text tooltip', () => {
  const system = addressSpaceNodes(small)[0]?.children[0] as RegionTreeNode;
  const [disabled, alias, ram] = system.children as [TreeNode, TreeNode, TreeNode];
  assert.equal(lookOf(system).icon, 'symbol-namespace');
  assert.equal(lookOf(ram).icon, 'chip');
  assert.equal(lookOf(ram).description, '0x0–0x7ffffff (128 MiB)');
  assert.equal(lookOf(alias).icon, 'link');
  assert.equal(lookOf(alias).description, '0xc4000–0xc7fff (16 KiB) → pci +0xc4000');
  assert.equal(lookOf(disabled).description, '0xc0000–0xc3fff (16 KiB) → pci +0xc0000 (disabled) hidden');
  assert.equal(lookOf(disabled).dimmed, true);
  assert.match(lookOf(disabled).tooltip, /hidden: no byte of it is visible/);
  assert.match(lookOf(system).description, /16 EiB/);
  assert.equal(lookOf(addressSpaceNodes(small)[1] as TreeNode).description, '(no region tree)');
});

test('flat views and RAMBlocks: labels, descriptions, context values', () => {
  const [view] = flatViewNodes(small);
  assert.ok(view);
  assert.equal(lookOf(view).label, 'memory, cpu-memory-0');
  assert.equal(lookOf(view).description, 'root: system, 1 range');
  const range = view.children[0] as TreeNode;
  assert.equal(range.parent, view);
  assert.equal(lookOf(range).description, '0x0–0x7ffffff ram');
  assert.deepEqual(spacesOf(range), ['memory', 'cpu-memory-0']);
  const [ram, bios] = ramBlockNodes(small) as [TreeNode, TreeNode];
  assert.equal(lookOf(ram).description, '@0x0 128 MiB 4 KiB pages HVA 0x7f3c00000000');
  assert.equal(lookOf(ram).contextValue, 'block.hva');
  assert.equal(lookOf(bios).description, '@0x8000000 128 KiB / 256 KiB 4 KiB pages');
  assert.equal(lookOf(bios).contextValue, 'block');
  assert.ok(isTreeNode(ram));
  assert.ok(!isTreeNode('file:///x'));
});

test('a real capture (x86_64 pc, 4 GiB): every view built, ids unique, every region of the tree reachable', () => {
  const { model } = serverAnswers(PC_4G);
  const spaces = addressSpaceNodes(model);
  const names = spaces.flatMap((s) => s.names);
  assert.ok(names.includes('memory') && names.includes('I/O'));
  const all = allNodes(spaces);
  assert.equal(new Set(all.map((n) => n.id)).size, all.length);
  const regions = all.filter((n): n is RegionTreeNode => n.kind === 'region');
  assert.ok(regions.some((r) => r.region.name === 'pc.bios' && lookOf(r).icon === 'lock'));
  // info mtree -D prints disabled regions: the views show them dimmed.
  assert.ok(regions.some((r) => !r.region.enabled && lookOf(r).description.includes('(disabled)')));
  const views = flatViewNodes(model);
  const memory = views.find((v) => v.view.spaces.includes('memory'));
  assert.ok(memory && memory.children.length >= 10);
  assert.deepEqual(ramBlockNodes(model).map((b) => b.block.name).slice(0, 1), ['pc.ram']);
});

test('a gdb session: the views mark the types and priorities a dump does not hold, and say so', () => {
  const seed = readFileSync(join(repoRoot(), 'examples', 'captures', 'gdb-scripts.txt'), 'utf8');
  const { model } = serverAnswers(seed, 'file:///gdb-scripts.txt');
  const [view] = flatViewNodes(model);
  assert.ok(view);
  const isaBios = view.children.find((c) => lookOf(c).label === 'isa-bios') as TreeNode;
  assert.equal(lookOf(isaBios).description, '0xe0000–0xfffff i/o? @0x20000');
  assert.doesNotMatch(String(lookOf(isaBios).tooltip), /priority 0/);
  assert.match(String(lookOf(isaBios).tooltip), /from a dumped gdb view: the range and offset are QEMU's; named after isa-bios by the dumped tree \(alias\); type and priority are not dumped/);
  const regions = allNodes(addressSpaceNodes(model)).filter((n): n is RegionTreeNode => isTreeNode(n) && n.kind === 'region');
  const pamRam = regions.find((r) => lookOf(r).label === 'pam-ram');
  assert.ok(pamRam);
  assert.match(String(lookOf(pamRam).tooltip), /^pam-ram \(i\/o\?\)\n.*\nfrom a gdb dump: rank 2 of 9 among its siblings; its type \(from knowledge\), priority, enabled flag and alias target are not dumped/);
});
