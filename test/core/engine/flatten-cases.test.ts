import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenRegion } from '../../../src/core/engine/flatten';
import { flatViewRoot } from '../../../src/core/engine/machine';
import { addSubregion, makeMr } from '../../../src/core/engine/mr';
import type { Mr } from '../../../src/core/engine/mr';
import { line, TOP } from './flat-range-lines';
import { referenceFlatten } from './reference-flatten';

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
