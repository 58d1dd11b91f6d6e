import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { flattenRegion } from '../../../src/core/engine/flatten';
import type { FlatRange, RenderProblem } from '../../../src/core/engine/flatten';
import { flatViewRoot } from '../../../src/core/engine/machine';
import type { AddressSpace } from '../../../src/core/engine/machine';
import { addSubregion, addSubregions, makeMr } from '../../../src/core/engine/mr';
import type { Mr, MrKind } from '../../../src/core/engine/mr';
import { computeViews } from '../../../src/core/engine/views';
import { referenceFlatten, referenceFlatViewRoot, referenceInsertSubregion } from './reference-flatten';
import type { RefRange } from './reference-flatten';

/** Seeded so a failure can be replayed: QMM_SEED=<n> node --test out/test/core/engine/flatten-property.test.js. */
const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const numRuns = Number(process.env.QMM_PROP_RUNS ?? 1000);
console.log(`flatten-property: QMM_SEED=${seed} QMM_PROP_RUNS=${numRuns}`);

const TOP = 1n << 64n;

// ---------------------------------------------------------------------------------------------------------
// Generator: a plain-data description of a region forest, turned into Mr objects by `build`.

type SpecKind = MrKind | 'alias';

interface Spec {
  kind: SpecKind;
  addr: bigint;
  size: bigint;
  priority: number;
  enabled: boolean;
  readonly: boolean;
  nonvolatile: boolean;
  romd: boolean;
  aliasOffset: bigint;
  /** Which region an alias targets (an index into all regions, adjusted to avoid cycles). */
  aliasPick: number;
  children: Spec[];
}

/** The mapped tree plus standalone regions (like QEMU's pc.ram) that only aliases reach. */
interface ForestSpec {
  root: Spec;
  extra: Spec[];
}

const small = fc.integer({ min: 0, max: 24 }).map(BigInt);
// Addresses: mostly a small grid so that overlaps and touching neighbours are common, sometimes near 2^64
// so that regions touch 2^64-1 and nested bases run past the end of the address space.
const addrArb: fc.Arbitrary<bigint> = fc.oneof(
  { arbitrary: small, weight: 12 },
  { arbitrary: fc.constant(0n), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 16 }).map((k) => TOP - BigInt(k)), weight: 2 },
  { arbitrary: fc.constantFrom(1n << 63n, TOP - 1n), weight: 1 },
);
const bigSize = fc.oneof(fc.constantFrom(TOP, TOP - 1n, 1n << 63n), fc.integer({ min: 0, max: 16 }).map((k) => TOP - BigInt(k)));
// Sizes: mostly small (0 and 1 included); sometimes 2^64 or close to it, which covers everything after it.
const sizeArb: fc.Arbitrary<bigint> = fc.oneof(
  { arbitrary: small, weight: 14 },
  { arbitrary: fc.constantFrom(0n, 1n, 2n), weight: 1 },
  { arbitrary: bigSize, weight: 1 },
);
// Parents are a little larger on average so that their children are not all clipped away.
const parentSizeArb: fc.Arbitrary<bigint> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 64 }).map(BigInt), weight: 6 },
  { arbitrary: fc.constant(TOP), weight: 2 },
  { arbitrary: bigSize, weight: 1 },
);
// alias_offset is an unsigned hwaddr in QEMU; small offsets larger than the alias' addr give negative bases.
const aliasOffsetArb: fc.Arbitrary<bigint> = fc.oneof(
  { arbitrary: small, weight: 8 },
  { arbitrary: fc.constant(0n), weight: 3 },
  { arbitrary: fc.constantFrom(1n << 63n, TOP - 1n, TOP - 8n), weight: 1 },
);
const priorityArb = fc.integer({ min: -1, max: 2 });
// Unbiased, because fast-check otherwise favours the bounds of an integer range and "1 in n" would be far
// likelier; true at the top of the range so that shrinking (towards 0) turns the flag off.
const chance = (outOf: number): fc.Arbitrary<boolean> => fc.noBias(fc.nat(outOf - 1)).map((n) => n === outOf - 1);

const common = {
  addr: addrArb,
  size: sizeArb,
  priority: priorityArb,
  enabled: chance(10).map((b) => !b),
  readonly: chance(7),
  nonvolatile: chance(10),
};

const leafArb: fc.Arbitrary<Spec> = fc.record({
  kind: fc.constantFrom<SpecKind>('ram', 'ram', 'io', 'rom-device', 'ram-device'),
  ...common,
  romd: fc.boolean(),
  aliasOffset: fc.constant(0n),
  aliasPick: fc.constant(0),
  children: fc.constant<Spec[]>([]),
}).map((s) => (s.kind === 'rom-device' ? s : { ...s, romd: false }));

const specArbs = new Map<number, fc.Arbitrary<Spec>>();

// Depth-limited recursion (memoized per depth, so building the arbitrary is linear in depth).
function specArb(depth: number): fc.Arbitrary<Spec> {
  const known = specArbs.get(depth);
  if (known) return known;
  const kids = depth === 0 ? fc.constant<Spec[]>([]) : fc.array(specArb(depth - 1), { maxLength: 5, size: 'max' });
  const alias: fc.Arbitrary<Spec> = fc.record({
    kind: fc.constant<SpecKind>('alias'),
    ...common,
    romd: fc.constant(false),
    aliasOffset: aliasOffsetArb,
    aliasPick: fc.nat(),
    // QEMU ignores an alias' own subregions when rendering: occasionally give it some.
    children: fc.oneof({ arbitrary: fc.constant<Spec[]>([]), weight: 5 }, { arbitrary: kids, weight: 1 }),
  });
  const arb: fc.Arbitrary<Spec> = depth === 0
    ? fc.oneof({ arbitrary: leafArb, weight: 3 }, { arbitrary: alias, weight: 1 })
    : fc.oneof(
      { arbitrary: leafArb, weight: 3 },
      {
        // Containers, and I/O regions with subregions (terminating parents that show through holes).
        arbitrary: fc.record({
          kind: fc.constantFrom<SpecKind>('container', 'container', 'io'),
          ...common,
          size: parentSizeArb,
          romd: fc.constant(false),
          aliasOffset: fc.constant(0n),
          aliasPick: fc.constant(0),
          children: kids,
        }),
        weight: 3,
      },
      { arbitrary: alias, weight: 2 },
    );
  specArbs.set(depth, arb);
  return arb;
}

const forestArb: fc.Arbitrary<ForestSpec> = fc.record({
  root: fc.record({
    kind: fc.constantFrom<SpecKind>('container', 'container', 'io'),
    // QEMU roots sit at 0, but render_memory_region adds the root's addr too, so test a few that do not.
    addr: fc.oneof({ arbitrary: fc.constant(0n), weight: 6 }, { arbitrary: addrArb, weight: 1 }),
    size: fc.oneof({ arbitrary: fc.constant(TOP), weight: 4 }, { arbitrary: parentSizeArb, weight: 2 }, { arbitrary: sizeArb, weight: 1 }),
    priority: fc.constant(0),
    enabled: chance(30).map((b) => !b),
    readonly: chance(15),
    nonvolatile: chance(15),
    romd: fc.constant(false),
    aliasOffset: fc.constant(0n),
    aliasPick: fc.constant(0),
    children: fc.array(specArb(3), { minLength: 1, maxLength: 10, size: 'max' }),
  }),
  extra: fc.array(specArb(2), { maxLength: 2 }),
});

interface Built {
  root: Mr;
  all: Mr[];
}

// True when rendering `from` can reach `to` (through subregions or alias targets assigned so far).
function reaches(from: Mr, to: Mr, seen = new Set<Mr>()): boolean {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  if (from.alias && reaches(from.alias, to, seen)) return true;
  return from.subregions.some((c) => reaches(c, to, seen));
}

/** Builds the Mr graph (children added in generated order via addSubregion) and resolves aliases without cycles. */
function build(f: ForestSpec): Built {
  const all: Mr[] = [];
  const aliases: { mr: Mr; spec: Spec }[] = [];
  const make = (s: Spec): Mr => {
    const id = all.length;
    const mr = makeMr(id, `${s.kind}${id}`, s.kind === 'alias' ? 'container' : s.kind, s.addr, s.size, {
      priority: s.priority, enabled: s.enabled, readonly: s.readonly, nonvolatile: s.nonvolatile, romd: s.romd,
      aliasOffset: s.aliasOffset,
    });
    all.push(mr);
    if (s.kind === 'alias') aliases.push({ mr, spec: s });
    const expected: Mr[] = [];
    for (const cs of s.children) {
      const child = make(cs);
      addSubregion(mr, child);
      referenceInsertSubregion(expected, child);
    }
    // The engine's list order must be QEMU's, or every comparison below would agree on a wrong order.
    assert.deepEqual(mr.subregions.map((c) => c.id), expected.map((c) => c.id), `subregion order of ${mr.name}`);
    return mr;
  };
  const root = make(f.root);
  for (const e of f.extra) make(e);
  for (const { mr, spec } of aliases) {
    for (let k = 0; k < all.length; k++) {
      const target = all[(spec.aliasPick + k) % all.length] as Mr;
      if (!reaches(target, mr)) {
        mr.alias = target;
        mr.name = `alias${mr.id}->${target.name}`;
        break;
      }
    }
    // No acyclic target (only ancestors left): it stays a plain container.
  }
  return { root, all };
}

// ---------------------------------------------------------------------------------------------------------
// Comparison helpers.

interface Projected {
  start: bigint;
  size: bigint;
  mr: string;
  offset: bigint;
  readonly: boolean;
  nonvolatile: boolean;
  romd: boolean;
}

// Ids are unique within a built forest, so comparing `name#id` compares region identity.
function project(r: FlatRange | RefRange): Projected {
  return { start: r.start, size: r.size, mr: `${r.mr.name}#${r.mr.id}`, offset: r.offset, readonly: r.readonly, nonvolatile: r.nonvolatile, romd: r.romd };
}

const hex = (x: bigint): string => (x < 0n ? `-0x${(-x).toString(16)}` : `0x${x.toString(16)}`);

/** One line per range, for failure messages and the hand-written expectations. */
function line(r: FlatRange | RefRange): string {
  const flags = [r.readonly ? 'ro' : '', r.nonvolatile ? 'nv' : '', r.romd ? 'romd' : ''].filter((s) => s !== '').join(',');
  return `${hex(r.start)}-${hex(r.start + r.size - 1n)} ${r.mr.name} @${hex(r.offset)}${flags ? ` [${flags}]` : ''}`;
}

function dumpTree(mr: Mr, indent = ''): string {
  const flags = [mr.enabled ? '' : 'disabled', mr.readonly ? 'ro' : '', mr.nonvolatile ? 'nv' : '', mr.romd ? 'romd' : ''].filter((s) => s !== '');
  const alias = mr.alias ? ` -> ${mr.alias.name} @${hex(mr.aliasOffset)}` : '';
  const head = `${indent}${mr.name} (${mr.kind}) addr=${hex(mr.addr)} size=${hex(mr.size)} prio=${mr.priority}${flags.length ? ` [${flags.join(',')}]` : ''}${alias}`;
  return [head, ...mr.subregions.map((c) => dumpTree(c, indent + '  '))].join('\n');
}

function assertSameView(root: Mr, all: readonly Mr[]): void {
  const problems: RenderProblem[] = [];
  const got = flattenRegion(root, problems);
  const want = referenceFlatten(root);
  assert.deepEqual(problems, []);
  const g = got.map(project);
  const w = want.map(project);
  // Names carry ids, but compare the objects too so two look-alike regions can never pass for each other.
  if (!isDeepStrictEqual(g, w) || got.some((r, i) => r.mr !== want[i]?.mr)) {
    const standalone = all.filter((m) => m !== root && !all.some((p) => p.subregions.includes(m)));
    assert.fail([
      'engine and reference disagree', 'tree:', dumpTree(root), ...standalone.map((m) => dumpTree(m)),
      'engine:', ...got.map(line), 'reference:', ...want.map(line),
    ].join('\n'));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Properties.

test('flattenRegion equals the per-address reference on random region trees', () => {
  fc.assert(fc.property(forestArb, (f) => {
    const { root, all } = build(f);
    assertSameView(root, all);
  }), { seed, numRuns });
});

// Wrappers around a random tree: containers holding it (alone or with siblings, at 0 or not) and aliases of it
// (whole or partial), the shapes memory_region_get_flatview_root looks through.
interface Wrap {
  kind: 'container' | 'alias';
  size: 'same' | 'top' | 'smaller' | 'larger';
  at: bigint;
  enabled: boolean;
  siblings: boolean[];
}

const wrapArb: fc.Arbitrary<Wrap> = fc.record({
  kind: fc.constantFrom<'container' | 'alias'>('container', 'alias'),
  size: fc.constantFrom<Wrap['size']>('same', 'same', 'top', 'smaller', 'larger'),
  at: fc.oneof({ arbitrary: fc.constant(0n), weight: 4 }, { arbitrary: fc.constantFrom(1n, 8n), weight: 1 }),
  enabled: chance(12).map((b) => !b),
  siblings: fc.oneof({ arbitrary: fc.constant<boolean[]>([]), weight: 3 }, { arbitrary: fc.array(fc.boolean(), { maxLength: 2 }), weight: 2 }),
});

const wrappedArb = fc.record({ inner: specArb(2), wraps: fc.array(wrapArb, { maxLength: 4 }) });

test('flatViewRoot and computeViews follow memory_region_get_flatview_root', () => {
  fc.assert(fc.property(wrappedArb, ({ inner, wraps }) => {
    const { root: core, all } = build({ root: inner, extra: [] });
    const layers: Mr[] = [core];
    let cur = core;
    for (const w of wraps) {
      const size = w.size === 'same' ? cur.size : w.size === 'top' ? TOP : w.size === 'smaller' ? cur.size / 2n : cur.size + 1n;
      const id = all.length;
      let outer: Mr;
      if (w.kind === 'alias') {
        outer = makeMr(id, `walias${id}`, 'container', 0n, size, { alias: cur, aliasOffset: w.at, enabled: w.enabled });
        all.push(outer);
      } else {
        outer = makeMr(id, `wrap${id}`, 'container', 0n, size, { enabled: w.enabled });
        all.push(outer);
        cur.addr = w.at;
        addSubregion(outer, cur);
        for (const on of w.siblings) {
          const sib = makeMr(all.length, `sib${all.length}`, 'ram', 0x10n, 4n, { enabled: on });
          all.push(sib);
          addSubregion(outer, sib);
        }
      }
      layers.push(outer);
      cur = outer;
    }
    for (const l of layers) assert.equal(flatViewRoot(l), referenceFlatViewRoot(l), `flatViewRoot(${l.name})`);
    // One address space per layer: those whose roots reduce to the same region share one view, rendered from it.
    const spaces: AddressSpace[] = layers.map((l, i) => ({ name: `as${i}`, root: l }));
    const views = computeViews({ spaces });
    const byRoot = new Map<Mr | undefined, string[]>();
    for (const as of spaces) {
      const r = referenceFlatViewRoot(as.root as Mr);
      byRoot.set(r, [...(byRoot.get(r) ?? []), as.name]);
    }
    assert.deepEqual(views.map((v) => [v.root?.name, v.spaces.map((s) => s.name)]), [...byRoot].map(([r, names]) => [r?.name, names]));
    for (const v of views) {
      assert.deepEqual(v.ranges.map(project), v.root ? referenceFlatten(v.root).map(project) : []);
    }
  }), { seed, numRuns: Math.max(1, Math.floor(numRuns / 4)) });
});

// ---------------------------------------------------------------------------------------------------------
// Hand-written cases: literal expectations, checked against both the engine and the reference.

let nextId = 1000;
const ram = (name: string, addr: bigint, size: bigint, extra: Partial<Mr> = {}): Mr => makeMr(nextId++, name, 'ram', addr, size, extra);
const io = (name: string, addr: bigint, size: bigint, extra: Partial<Mr> = {}): Mr => makeMr(nextId++, name, 'io', addr, size, extra);
const container = (name: string, size: bigint, children: Mr[] = [], extra: Partial<Mr> = {}): Mr => {
  const c = makeMr(nextId++, name, 'container', 0n, size, extra);
  for (const child of children) addSubregion(c, child);
  return c;
};

function expectView(root: Mr, expected: string[]): void {
  assert.deepEqual(flattenRegion(root).map(line), expected, 'engine');
  assert.deepEqual(referenceFlatten(root).map(line), expected, 'reference');
}

test('an alias with a negative effective base shows the part of its target that lands inside its window', () => {
  // Target container: a child at 0x80..0x17f. The alias at 0 starts 0x100 into it, so the container's byte 0
  // sits at -0x100 and the child at -0x80..0x7f: only its upper half is visible.
  const dev = ram('dev', 0x80n, 0x100n);
  const bus = container('bus', 0x1000n, [dev]);
  bus.addr = 0x5000n; // The target's own addr is cancelled by the alias re-basing.
  const win = makeMr(nextId++, 'win', 'container', 0n, 0x200n, { alias: bus, aliasOffset: 0x100n });
  expectView(container('root', TOP, [win]), ['0x0-0x7f dev @0x80']);
  // Same through a chain of two aliases: offsets add up.
  const mid = makeMr(nextId++, 'mid', 'container', 0x10n, 0x1000n, { alias: bus, aliasOffset: 0x40n });
  const outer = makeMr(nextId++, 'outer', 'container', 0n, 0x100n, { alias: mid, aliasOffset: 0x60n, readonly: true });
  // outer's byte 0 = mid's byte 0x60 = bus byte 0xa0 -> dev @0x20 ... dev ends at bus 0x17f, outer addr 0xdf.
  expectView(container('root2', TOP, [outer]), ['0x0-0xdf dev @0x20 [ro]']);
});

test('an I/O region with subregions shows through the holes between its children', () => {
  const a = ram('a', 0x100n, 0x100n);
  const b = ram('b', 0x800n, 0x100n, { nonvolatile: true });
  const bus = io('bus', 0x1000n, 0x1000n);
  addSubregion(bus, a);
  addSubregion(bus, b);
  expectView(container('root', TOP, [bus]), [
    '0x1000-0x10ff bus @0x0',
    '0x1100-0x11ff a @0x0',
    '0x1200-0x17ff bus @0x200',
    '0x1800-0x18ff b @0x0 [nv]',
    '0x1900-0x1fff bus @0x900',
  ]);
});

test('among equal priorities the later-added sibling wins; a higher priority wins regardless of order', () => {
  const first = ram('first', 0n, 0x100n, { priority: 1 });
  const second = ram('second', 0x80n, 0x100n, { priority: 1 });
  const low = ram('low', 0x40n, 0x200n, { priority: 0 });
  const root = container('root', TOP, [first, second, low]);
  assert.deepEqual(root.subregions.map((m) => m.name), ['second', 'first', 'low']);
  expectView(root, ['0x0-0x7f first @0x0', '0x80-0x17f second @0x0', '0x180-0x23f low @0x140']);
});

test('a root of size 2^64 covers the whole address space, up to 2^64-1', () => {
  expectView(io('whole', 0n, TOP), ['0x0-0xffffffffffffffff whole @0x0']);
  const top = io('top', 0n, TOP);
  addSubregion(top, ram('last', TOP - 0x10n, 0x10n, { readonly: true }));
  // A child that starts inside the space but runs past 2^64 is clipped at the end.
  addSubregion(top, ram('over', TOP - 0x100n, 0x1000n, { priority: -1 }));
  expectView(top, [
    '0x0-0xfffffffffffffeff top @0x0',
    '0xffffffffffffff00-0xffffffffffffffef over @0x0',
    '0xfffffffffffffff0-0xffffffffffffffff last @0x0 [ro]',
  ]);
});

test('a zero-sized region renders nothing, and neither do its children', () => {
  expectView(container('root', TOP, [ram('empty', 0x10n, 0n)]), []);
  const zio = io('zio', 0n, 0n);
  addSubregion(zio, ram('inside', 0n, 0x10n));
  const zalias = makeMr(nextId++, 'zalias', 'container', 0x20n, 0n, { alias: ram('t', 0n, 0x10n) });
  expectView(container('root2', TOP, [zio, zalias]), []);
});

test('flatViewRoot: literal cases', () => {
  const leaf = ram('leaf', 0n, 0x1000n);
  const whole = makeMr(nextId++, 'whole', 'container', 0n, 0x1000n, { alias: leaf });
  const partial = makeMr(nextId++, 'partial', 'container', 0n, 0x1000n, { alias: leaf, aliasOffset: 0x10n });
  assert.equal(flatViewRoot(container('c1', TOP, [whole])), leaf);
  assert.equal(flatViewRoot(partial), partial);
  // A single child not at 0 does not cover its container from the start: the container is the root.
  const c2 = container('c2', TOP, [ram('at1', 0x1n, 0x10n)]);
  assert.equal(flatViewRoot(c2), c2);
  assert.equal(flatViewRoot(container('empty', TOP, [ram('dis', 0n, 0x10n, { enabled: false })])), undefined);
  assert.equal(flatViewRoot(ram('off', 0n, 0x10n, { enabled: false })), undefined);
});

test('adding subregions at once orders them as one-by-one insertion in QEMU does', () => {
  const priorities = fc.array(fc.integer({ min: -2, max: 2 }), { maxLength: 30 });
  fc.assert(
    fc.property(priorities, priorities, (before, added) => {
      let id = 1;
      const mrs = (ps: number[]): Mr[] => ps.map((priority) => makeMr(id++, `r${id}`, 'io', 0n, 0x1000n, { priority }));
      const old = mrs(before);
      const kids = mrs(added);
      const container = makeMr(id++, 'c', 'container', 0n, 0x10000n);
      const expected: Mr[] = [];
      for (const mr of old) {
        addSubregion(container, mr);
        referenceInsertSubregion(expected, mr);
      }
      addSubregions(container, kids);
      for (const mr of kids) referenceInsertSubregion(expected, mr);
      assert.deepEqual(container.subregions.map((m) => m.id), expected.map((m) => m.id));
    }),
    { seed, numRuns },
  );
});
