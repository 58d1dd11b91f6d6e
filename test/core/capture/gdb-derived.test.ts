// The gdb sessions derived from the real-QEMU fixtures (scripts/derive-gdb-fixtures.mjs, docs/gdb-dumps.md):
// they are what the converter writes today, and the project's gdb parser reads them back to the same
// machine as the project's own mtree parser reads from mtree-D.txt / mtree-f.txt, up to what the gdb
// script loses (every number is cut to its low 32 bits by gdb's printf).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCapture } from '../../../src/core';
import type { Capture, GdbRegionNode, Issue, RegionNode } from '../../../src/core';
import { FIXTURES, fixtureMachines, repoRoot } from '../../shared/fixtures';
import { sectionsOf } from '../../shared/helpers';

const CONVERTER = join(repoRoot(), 'scripts', 'derive-gdb-fixtures.mjs');
const U64_MAX = (1n << 64n) - 1n;
const SIZE_2_64 = 1n << 64n;
const SIZE_2_32 = 1n << 32n;
const low32 = (v: bigint): bigint => v & 0xffffffffn;

interface Meta {
  counts: { addressSpaces: number; rootRegions: number; regionLines: number; flatViews: number; emptyFlatViews: number; flatRanges: number };
  roots: { pointer: string; name: string; addressSpaces: string[]; regionLines: number }[];
  views: { pointer: string; root: string | null; addressSpaces: string[]; flatRanges: number; unrendered: boolean }[];
  runawayWalks: { root: string; pointer: string }[];
}

/** The converter's list of names whose `X-X` line means size 0 (read from the converter itself). */
async function zeroSizedNames(): Promise<ReadonlySet<string>> {
  const mod = (await import(pathToFileURL(CONVERTER).href)) as { ZERO_SIZED_NAMES: ReadonlySet<string> };
  return mod.ZERO_SIZED_NAMES;
}

/** Errors the parser reports on a derived session: none is expected (an empty FlatView prints nothing, which is not one). */
function unexpectedErrors(c: Capture): string[] {
  return c.issues.filter((i: Issue) => i.severity === 'error').map((i) => `${i.span.line + 1}: ${i.code} ${i.message}`);
}

const count = <T>(xs: readonly T[]): Map<T, number> => {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
};
const sortedKey = (names: readonly string[]): string => [...names].sort().join('\u0001');

/** `depth|name|start|last` per node, as the gdb parser should read them back (see expectedRegionKeys). */
function gdbRegionKeys(root: GdbRegionNode): string[] {
  const out: string[] = [];
  const stack: [GdbRegionNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop() as [GdbRegionNode, number];
    out.push(`${d}|${n.name}|${n.start.toString(16)}|${n.last.toString(16)}`);
    for (const c of n.children) stack.push([c, d + 1]);
  }
  return out.sort();
}

/**
 * The same keys worked out from the mtree-D tree: START is the offset inside the parent (the root's
 * own address for the root), cut to 32 bits; LAST is the low 32 bits of START + SIZE - 1, except that
 * a size of 2^64 prints a fifth nibble `1` the parser reads as the end of the 64-bit space.
 */
function expectedRegionKeys(root: RegionNode, zero: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const stack: [RegionNode, number, bigint][] = [[root, 0, 0n]];
  while (stack.length > 0) {
    const [n, d, parentStart] = stack.pop() as [RegionNode, number, bigint];
    const rel = d === 0 ? n.start : (n.start - parentStart) & U64_MAX;
    const size = n.sizeAmbiguous && zero.has(n.name) ? 0n : n.size;
    const last = size >= SIZE_2_64 ? U64_MAX : low32((rel + size - 1n) & U64_MAX);
    out.push(`${d}|${n.name}|${low32(rel).toString(16)}|${last.toString(16)}`);
    for (const c of n.children) stack.push([c, d + 1, n.start]);
  }
  return out.sort();
}

test('the converter is up to date: regenerating gives byte-identical files (--check)', () => {
  const out = execFileSync(process.execPath, [CONVERTER, '--check'], { encoding: 'utf8' });
  assert.match(out, new RegExp(`: ${fixtureMachines().length} machine\\(s\\) up to date`));
});

test('--check fails on a changed or missing derived file and writes nothing', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gdb-derived-'));
  try {
    const dir = join(tmp, 'x86_64-pc');
    cpSync(join(FIXTURES, 'qemu-7.2', 'x86_64-pc'), dir, { recursive: true });
    const session = join(dir, 'gdb-session.txt');
    const good = readFileSync(session, 'utf8');
    writeFileSync(session, good.replace('dump_address_spaces 0', 'dump_address_spaces 1'));
    rmSync(join(dir, 'gdb-session.meta.json'));
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [CONVERTER, '--check', dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: unknown }).stderr);
    }
    assert.equal(status, 1);
    assert.match(stderr, /gdb-session\.txt: differs/);
    assert.match(stderr, /gdb-session\.meta\.json: missing/);
    assert.notEqual(readFileSync(session, 'utf8'), good);
    execFileSync(process.execPath, [CONVERTER, dir], { encoding: 'utf8' });
    assert.equal(readFileSync(session, 'utf8'), good);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the derived x86_64-pc view of AS memory is the seed\'s dump_flatview, byte for byte', () => {
  // examples/captures/gdb-scripts.txt is the blog's real output for a pc machine with 128 MiB, as is this fixture.
  const seed = readFileSync(join(repoRoot(), 'examples', 'captures', 'gdb-scripts.txt'), 'utf8').split('\n');
  const derived = readFileSync(join(FIXTURES, 'qemu-7.2', 'x86_64-pc', 'gdb-session.txt'), 'utf8').split('\n');
  const block = (ls: string[], at: number): string[] => {
    const out: string[] = [];
    for (let i = at + 1; i < ls.length && ls[i] !== ''; i++) out.push(ls[i] as string);
    return out;
  };
  const seedView = block(seed, seed.findIndex((l) => l.startsWith('(gdb) dump_flatview')));
  const memoryFv = /^ {4}FlatView : (0x[0-9a-f]+)$/.exec(derived[derived.findIndex((l) => l.startsWith('AddressSpace : memory(')) + 2] ?? '')?.[1];
  assert.ok(memoryFv);
  assert.deepEqual(block(derived, derived.indexOf(`(gdb) dump_flatview ${memoryFv}`)), seedView);
  assert.equal(seedView.length, 9);
});

for (const [version, config] of fixtureMachines()) {
  test(`${version}/${config}: the derived gdb session reads back as the captured machine`, async () => {
    const dir = join(FIXTURES, version, config);
    const text = readFileSync(join(dir, 'gdb-session.txt'), 'utf8');
    const meta = JSON.parse(readFileSync(join(dir, 'gdb-session.meta.json'), 'utf8')) as Meta;
    const gdb = parseCapture(text);
    const mtree = sectionsOf(parseCapture(readFileSync(join(dir, 'mtree-D.txt'), 'utf8')), 'mtree')[0];
    const flat = sectionsOf(parseCapture(readFileSync(join(dir, 'mtree-f.txt'), 'utf8')), 'flatview')[0];
    assert.ok(mtree && flat);
    const zero = await zeroSizedNames();

    // No errors (an empty view prints nothing, which is not one); no text the parser did not recognise.
    assert.deepEqual(unexpectedErrors(gdb), []);
    assert.deepEqual(gdb.sections.filter((s) => s.kind === 'unrecognised').map((s) => s.span.line + 1), []);

    // One dump_address_spaces, then one dump_memory_region per root and one dump_flatview per view.
    const spaces = sectionsOf(gdb, 'gdb-address-spaces');
    const regions = sectionsOf(gdb, 'gdb-memory-region');
    const views = sectionsOf(gdb, 'gdb-flatview');
    assert.deepEqual(gdb.sections.map((s) => s.kind), ['gdb-address-spaces', ...regions.map(() => 'gdb-memory-region'), ...views.map(() => 'gdb-flatview')]);
    assert.equal(gdb.prompts.length, 1 + mtree.groups.length + flat.views.length);
    const list = spaces[0]?.spaces ?? [];

    // Address spaces: every one of info mtree, once; shared roots and views share pointers.
    assert.equal(list.length, mtree.groups.reduce((a, g) => a + g.spaces.length, 0));
    assert.equal(list.length, meta.counts.addressSpaces);
    assert.deepEqual(count(list.map((s) => s.name)), count(mtree.groups.flatMap((g) => g.spaces.map((s) => s.name))));
    assert.equal(new Set(list.map((s) => s.pointer)).size, list.length);
    const byRoot = new Map<bigint, string[]>();
    const byView = new Map<bigint, string[]>();
    for (const s of list) {
      assert.ok(s.pointer !== undefined && s.rootPointer !== undefined && s.flatViewPointer !== undefined);
      byRoot.set(s.rootPointer, [...(byRoot.get(s.rootPointer) ?? []), s.name]);
      byView.set(s.flatViewPointer, [...(byView.get(s.flatViewPointer) ?? []), s.name]);
    }
    assert.deepEqual(count([...byRoot.values()].map(sortedKey)), count(mtree.groups.map((g) => sortedKey(g.spaces.map((s) => s.name)))));
    assert.deepEqual(count([...byView.values()].map(sortedKey)), count(flat.views.map((v) => sortedKey(v.spaces.map((s) => s.name)))));
    // Within a view, the listing keeps the view's (creation) order.
    for (const v of flat.views) {
      const ptr = [...byView].find(([, names]) => sortedKey(names) === sortedKey(v.spaces.map((s) => s.name)))?.[0];
      assert.deepEqual(byView.get(ptr as bigint), v.spaces.map((s) => s.name), `view #${v.number}`);
    }

    // Regions: one tree per root, in first-use order, each the mtree-D tree with relative, 32-bit addresses.
    const rootOrder = [...new Set(list.map((s) => s.rootPointer))];
    assert.deepEqual(regions.map((r) => r.pointer), rootOrder);
    assert.equal(regions.length, meta.counts.rootRegions);
    const unusedGroups = [...mtree.groups];
    let regionLines = 0;
    for (const r of regions) {
      assert.ok(r.root, `${r.title}: no tree`);
      assert.equal(r.root.name, r.title);
      const keys = gdbRegionKeys(r.root);
      regionLines += keys.length;
      const names = sortedKey(byRoot.get(r.pointer as bigint) ?? []);
      const k = unusedGroups.findIndex((g) => sortedKey(g.spaces.map((s) => s.name)) === names && g.root && expectedRegionKeys(g.root, zero).join('\n') === keys.join('\n'));
      assert.ok(k >= 0, `dump_memory_region ${r.pointer?.toString(16)} (${r.title}): no matching tree in mtree-D.txt`);
      unusedGroups.splice(k, 1);
    }
    assert.equal(regionLines, meta.counts.regionLines);

    // Flat views: one per view, in first-use order, each the mtree-f ranges (exact below 4 GiB).
    assert.deepEqual(views.map((v) => v.pointer), [...new Set(list.map((s) => s.flatViewPointer))]);
    assert.equal(views.length, meta.counts.flatViews);
    assert.equal(views.reduce((a, v) => a + v.ranges.length, 0), meta.counts.flatRanges);
    const unusedViews = [...flat.views];
    for (const v of views) {
      const names = sortedKey(byView.get(v.pointer as bigint) ?? []);
      const k = unusedViews.findIndex((f) => sortedKey(f.spaces.map((s) => s.name)) === names && f.ranges.length === v.ranges.length &&
        f.ranges.every((fr, i) => {
          const g = v.ranges[i];
          if (!g) return false;
          const end = fr.start + fr.size;
          // Beyond 4 GiB the script prints only the low 32 bits: nothing exact to compare.
          if (end > SIZE_2_32 || fr.offset >= SIZE_2_32) return true;
          return g.start === fr.start && g.end === end && g.offset === fr.offset;
        }));
      assert.ok(k >= 0, `dump_flatview ${v.pointer?.toString(16)}: no matching view in mtree-f.txt`);
      unusedViews.splice(k, 1);
    }
  });
}
