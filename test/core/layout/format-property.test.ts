import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLayout } from '../../../src/core';
import { checkFormat } from './format-check';

/** Seeded so a failure can be replayed: QMM_SEED=<n> node --test out/test/core/layout/format-property.test.js. */
const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const numRuns = Number(process.env.QMM_PROP_RUNS ?? 300);

// Property: random layouts written messily (random spacing, line breaks, comments, blank lines).

const NAMES = ['pc.ram', 'pci', 'size', 'ram', 'root', 'a->b', 'vga ioports remapped', '0000:00:02.0/vga.vram', 'x"y', 'b\\s', 'gicv3_redist_region[0]', 'sys-tem'];
const ITEM_WORDS = new Set(['container', 'ram', 'rom', 'io', 'rom-device', 'ram-device', 'alias', 'address-space', 'ramblock']);
const KINDS = ['container', 'ram', 'rom', 'io', 'rom-device', 'ram-device', 'alias'] as const;
const EXPRS = ['0', '4K', '0x1000', '1_024', '4G - 256K', '(1 + 2) * 64K', '16E', '-1 + 2', '0x10K', '4KiB'];

interface GenRegion { kind: (typeof KINDS)[number]; name: number; id: boolean; attrs: string[][]; children: GenRegion[]; braced: boolean }

const nameArb = fc.nat(NAMES.length - 1);
const attrArb: fc.Arbitrary<string[]> = fc.oneof(
  fc.constantFrom(...EXPRS).map((e) => ['@', e]),
  fc.constantFrom(...EXPRS).map((e) => ['size', e]),
  fc.constantFrom(...EXPRS).map((e) => ['offset', e]),
  nameArb.map((n) => ['->', `"${(NAMES[n] as string).replace(/[\\"]/g, (c) => '\\' + c)}"`]),
  fc.integer({ min: -5, max: 5 }).map((n) => ['priority', String(n)]),
  fc.nat(5).map((n) => ['order', String(n)]),
  fc.constantFrom('readonly', 'nonvolatile', 'romd', 'disabled').map((f) => [f]),
);
/** Regions nested at most `depth` levels below this one. */
function regionArb(depth: number): fc.Arbitrary<GenRegion> {
  return fc.record({
    kind: fc.constantFrom(...KINDS),
    name: nameArb,
    id: fc.boolean(),
    attrs: fc.array(attrArb, { maxLength: 5 }),
    children: depth === 0 ? fc.constant([]) : fc.array(regionArb(depth - 1), { maxLength: 3 }),
    braced: fc.boolean(),
  });
}
type GenItem = { type: 'region'; r: GenRegion } | { type: 'space'; name: number; root: number } | { type: 'block'; name: number; fields: [string, string][]; resizeable: boolean };
const itemArb: fc.Arbitrary<GenItem> = fc.oneof(
  { weight: 3, arbitrary: regionArb(3).map((r) => ({ type: 'region' as const, r })) },
  fc.record({ type: fc.constant('space' as const), name: nameArb, root: nameArb }),
  fc.record({ type: fc.constant('block' as const), name: nameArb, fields: fc.array(fc.tuple(fc.constantFrom('size', 'max', 'page', 'host', 'offset'), fc.constantFrom(...EXPRS)), { maxLength: 4 }), resizeable: fc.boolean() }),
);

/** Writes tokens with random separators; a line break never lands before a word that would start an item. */
function writeMessy(items: readonly GenItem[], rnd: () => number): string {
  let out = '';
  let ids = 0;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const sep = (next: string, mayBreak: boolean): void => {
    if (out === '' || out.endsWith('\n')) {
      out += pick(['', ' ', '\t', '    ']);
      return;
    }
    const canBreak = mayBreak && !ITEM_WORDS.has(next);
    const r = rnd();
    if (canBreak && r < 0.15) out += pick(['', ' # trailing']) + pick(['\n', '\n\n', '\n  # full line\n', '\n\n# c\n\n']) + pick(['', '  ']);
    else out += pick([' ', '  ', '\t']);
  };
  const tok = (t: string, mayBreak = true): void => {
    sep(t, mayBreak);
    out += t;
  };
  const quote = (n: number): string => `"${(NAMES[n] as string).replace(/[\\"]/g, (c) => '\\' + c)}"`;
  const start = (word: string): void => {
    if (out !== '' && !out.endsWith('\n')) out += pick(['\n', '\n\n', ' # t\n', '\n# full\n']);
    tok(word, false);
  };
  const stack: { r: GenRegion; next: number }[] = [];
  const header = (r: GenRegion): boolean => {
    start(r.kind);
    tok(quote(r.name), false);
    if (r.id) tok(`$id${ids++}`);
    for (const a of r.attrs) for (const t of a) tok(t);
    if (!r.braced && r.children.length === 0) return false;
    tok('{');
    return true;
  };
  for (const item of items) {
    if (item.type === 'space') {
      start('address-space');
      tok(quote(item.name), false);
      tok('root');
      tok(quote(item.root), false);
      continue;
    }
    if (item.type === 'block') {
      start('ramblock');
      tok(quote(item.name), false);
      for (const [k, e] of item.fields) {
        tok(k);
        tok(e);
      }
      if (item.resizeable) tok('resizeable');
      continue;
    }
    if (header(item.r)) stack.push({ r: item.r, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { r: GenRegion; next: number };
      const child = top.r.children[top.next++];
      if (child === undefined) {
        stack.pop();
        tok('}');
        continue;
      }
      if (header(child)) stack.push({ r: child, next: 0 });
    }
  }
  return out + pick(['', '\n', '\n\n', ' # end\n', '\n# end']);
}

test('property: random messy layouts format idempotently and keep their meaning', () => {
  fc.assert(
    fc.property(fc.array(itemArb, { maxLength: 6 }), fc.integer(), (items, s) => {
      let state = s >>> 0;
      const rnd = (): number => {
        // xorshift32: cheap and reproducible from the fast-check seed.
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 4294967296;
      };
      const text = writeMessy(items, rnd);
      assert.deepEqual(parseLayout(text).issues, [], text);
      checkFormat(text);
    }),
    { seed, numRuns },
  );
});
