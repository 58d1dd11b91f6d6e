import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { flattenRegion } from '../../../src/core/engine/flatten';
import type { FlatRange, RenderProblem } from '../../../src/core/engine/flatten';
import { flatViewRoot } from '../../../src/core/engine/machine';
import type { AddressSpace } from '../../../src/core/engine/machine';
import { addSubregion, makeMr } from '../../../src/core/engine/mr';
import type { Mr, MrKind } from '../../../src/core/engine/mr';
import { computeViews } from '../../../src/core/engine/views';
import { hex, line, TOP } from './flat-range-lines';
import { referenceFlatten, referenceFlatViewRoot, referenceInsertSubregion } from './reference-flatten';
import type { RefRange } from './reference-flatten';

/** Seeded so a failure can be replayed: QMM_SEED=<n> node --test out/test/core/engine/flatten-property.test.js. */
const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const numRuns = Number(process.env.QMM_PROP_RUNS ?? 1000);
console.log(`flatten-property: QMM_SEED=${seed} QMM_PROP_RUNS=${numRuns}`);

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
