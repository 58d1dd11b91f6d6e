import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument, diffDocuments, isEmptyDiff } from '../../../src/core';
import type { MemoryDiff, RegionChange } from '../../../src/core';

/** Seeded so a failure can be replayed: QMM_SEED=<n> node --test out/test/core/diff/property.test.js. */
const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const numRuns = Number(process.env.QMM_PROP_RUNS ?? 300);
console.log(`diff-property: QMM_SEED=${seed} QMM_PROP_RUNS=${numRuns}`);

/** A region of a generated layout (plain data, rendered to layout text). */
interface Node {
  kind: 'container' | 'ram' | 'io' | 'alias';
  name: string;
  addr: number;
  size: number;
  priority: number;
  enabled: boolean;
  offset: number;
  children: Node[];
}

// Few names, so that siblings often share one (QEMU's do: pam-pci ×13).
const nameArb = fc.constantFrom('a', 'b', 'dev', 'dev', 'pam', 'x.y');
const leafArb: fc.Arbitrary<Node> = fc.record({
  kind: fc.constantFrom<Node['kind']>('ram', 'io', 'alias'),
  name: nameArb,
  addr: fc.integer({ min: 0, max: 15 }).map((k) => k * 0x1000),
  size: fc.integer({ min: 1, max: 4 }).map((k) => k * 0x1000),
  priority: fc.integer({ min: -1, max: 2 }),
  enabled: fc.boolean(),
  offset: fc.integer({ min: 0, max: 3 }).map((k) => k * 0x1000),
  children: fc.constant([]),
});
const containerArb: fc.Arbitrary<Node> = fc.record({
  kind: fc.constant<Node['kind']>('container'),
  name: nameArb,
  addr: fc.integer({ min: 0, max: 3 }).map((k) => k * 0x10000),
  size: fc.constant(0x10000),
  priority: fc.integer({ min: -1, max: 2 }),
  enabled: fc.boolean(),
  offset: fc.constant(0),
  children: fc.array(leafArb, { maxLength: 4 }),
});
const treeArb = fc.array(fc.oneof({ arbitrary: leafArb, weight: 3 }, { arbitrary: containerArb, weight: 1 }), { minLength: 1, maxLength: 7 });

const hex = (n: number): string => '0x' + n.toString(16);

/** The layout text of a machine whose `system` holds the generated regions. */
function render(children: readonly Node[]): string {
  const out: string[] = [];
  const emit = (n: Node, depth: number): void => {
    const pad = '  '.repeat(depth);
    const attrs = [`@${hex(n.addr)}`, `size ${hex(n.size)}`, `priority ${n.priority}`, n.enabled ? '' : 'disabled', n.kind === 'alias' ? `-> backing offset ${hex(n.offset)}` : ''].filter((x) => x !== '');
    const head = `${pad}${n.kind} ${n.name} ${attrs.join(' ')}`;
    if (n.children.length === 0) out.push(head);
    else {
      out.push(`${head} {`);
      for (const c of n.children) emit(c, depth + 1);
      out.push(`${pad}}`);
    }
  };
  out.push('container system size 16E {');
  for (const c of children) emit(c, 1);
  out.push('}', 'ram backing size 1M', 'address-space memory root system', 'ramblock backing size 1M');
  return out.join('\n') + '\n';
}

type Mutation = 'move' | 'resize' | 'priority' | 'toggle' | 'add' | 'remove';

/** Every region of the generated forest with the list that holds it and its path of names. */
function places(children: Node[]): { list: Node[]; index: number; path: string[] }[] {
  const out: { list: Node[]; index: number; path: string[] }[] = [];
  const walk = (list: Node[], path: string[]): void => list.forEach((n, index) => {
    out.push({ list, index, path: [...path, n.name] });
    walk(n.children, [...path, n.name]);
  });
  walk(children, ['system']);
  return out;
}

const clone = (t: readonly Node[]): Node[] => structuredClone(t) as Node[];
const count = (n: Node): number => n.children.reduce((s, c) => s + 1 + count(c), 0);

/** Applies one mutation to a copy; returns the copy and the region change it must show up as. */
function mutate(tree: readonly Node[], what: Mutation, pick: number, value: number): { tree: Node[]; expect: Pick<RegionChange, 'kind' | 'facets' | 'path' | 'subregions'> } {
  const copy = clone(tree);
  if (what === 'add') {
    const containers = places(copy).filter((p) => (p.list[p.index] as Node).kind === 'container');
    const into = containers.length > 0 && pick % 2 === 1 ? containers[pick % containers.length] : undefined;
    const list = into ? (into.list[into.index] as Node).children : copy;
    const added: Node = { kind: 'io', name: 'new', addr: value * 0x1000, size: 0x1000, priority: 0, enabled: true, offset: 0, children: [] };
    list.push(added);
    return { tree: copy, expect: { kind: 'added', facets: [], path: [...(into?.path ?? ['system']), 'new'], subregions: 0 } };
  }
  const all = places(copy);
  const at = all[pick % all.length] as { list: Node[]; index: number; path: string[] };
  const n = at.list[at.index] as Node;
  switch (what) {
    case 'remove':
      at.list.splice(at.index, 1);
      return { tree: copy, expect: { kind: 'removed', facets: [], path: at.path, subregions: count(n) } };
    case 'move':
      n.addr += (value + 1) * 0x1000;
      return { tree: copy, expect: { kind: 'changed', facets: ['moved'], path: at.path, subregions: 0 } };
    case 'resize':
      n.size += (value + 1) * 0x1000;
      return { tree: copy, expect: { kind: 'changed', facets: ['resized'], path: at.path, subregions: 0 } };
    case 'priority':
      n.priority += value + 1;
      return { tree: copy, expect: { kind: 'changed', facets: ['priority'], path: at.path, subregions: 0 } };
    case 'toggle':
      n.enabled = !n.enabled;
      return { tree: copy, expect: { kind: 'changed', facets: [n.enabled ? 'enabled' : 'disabled'], path: at.path, subregions: 0 } };
  }
}

const diffTexts = (a: string, b: string): MemoryDiff => diffDocuments(analyzeDocument(a, 'layout'), analyzeDocument(b, 'layout'));
const brief = (c: RegionChange): Pick<RegionChange, 'kind' | 'facets' | 'path' | 'subregions'> => ({ kind: c.kind, facets: c.facets, path: c.path, subregions: c.subregions });

test('diff(A, A) is empty for generated layouts', () => {
  fc.assert(fc.property(treeArb, (tree) => {
    const text = render(tree);
    assert.ok(isEmptyDiff(diffTexts(text, text)));
  }), { seed, numRuns });
});

test('one mutation of one region is reported as exactly that change; swapping the sides swaps it', () => {
  const mutation = fc.constantFrom<Mutation>('move', 'resize', 'priority', 'toggle', 'add', 'remove');
  fc.assert(fc.property(treeArb, mutation, fc.nat(), fc.integer({ min: 0, max: 3 }), (tree, what, pick, value) => {
    const { tree: changed, expect } = mutate(tree, what, pick, value);
    const a = render(tree);
    const b = render(changed);
    const d = diffTexts(a, b);
    assert.deepEqual(d.regions.map(brief), [expect], `${what}\n--- A\n${a}--- B\n${b}`);
    assert.deepEqual(d.blocks, []);
    // A view can start or stop rendering (its only enabled region came or went), nothing else.
    assert.ok(d.views.every((v) => v.what === 'rendering' && v.spaces === 'memory'));
    // Swapping the sides swaps the change.
    const back = diffTexts(b, a);
    const flip = { added: 'removed', removed: 'added', changed: 'changed' } as const;
    const facet = (f: string): string => (f === 'enabled' ? 'disabled' : f === 'disabled' ? 'enabled' : f);
    assert.deepEqual(back.regions.map(brief), [{ ...expect, kind: flip[expect.kind], facets: expect.facets.map(facet) }]);
    assert.deepEqual(back.views.map((v) => v.kind), d.views.map((v) => flip[v.kind]));
    assert.equal(back.flat.length, d.flat.length);
    for (const [i, c] of d.flat.entries()) {
      const m = back.flat[i];
      assert.deepEqual([m?.start, m?.size, m?.a?.region, m?.b?.region], [c.start, c.size, c.b?.region, c.a?.region]);
    }
    // Flat changes lie inside the system view and only where the mutated region is or was.
    for (const c of d.flat) assert.equal(c.spaces, 'memory');
  }), { seed, numRuns });
});
