import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeViews, makeIssue, makeMr, addSubregion, parseCapture } from '../../../src/core';
import type { Issue, Machine, Mr, RamBlockRow, Span } from '../../../src/core';
import type { LintInput } from '../../../src/core/engine/lint-reporter';
import { lintMachine } from '../../../src/core/engine/lint';
import { reflattenCapture } from '../../../src/core/engine/reflatten';
import { at, lint, lintLayout, only } from './lint-layout';

// The rules of lint.ts, LY104 to LY110, and a lint that stays bounded on deep and exponential trees.

// --- LY104

test('LY104: by how much a subregion goes past its container, or that it lies outside', () => {
  const issues = lint(
    'container s size 1M {',
    '  container w @64K size 64K {',
    '    io a @60K size 8K',
    '    io b @68K size 4K',
    '  }',
    '}',
  );
  assert.deepEqual(at(issues), ['LY104@3:8', 'LY104@4:8']);
  assert.equal(issues[0]?.args.excess, '4 KiB');
  assert.equal(issues[0]?.args.outside, 'false');
  assert.equal(issues[1]?.args.outside, 'true');
});

// --- LY105

test('LY105: an alias window past its target is an error; the default size never is', () => {
  const issues = lint(
    'container s size 1M {',
    '  alias high @0x80000 size 32K -> sram offset 48K',
    '  alias rest @0x90000 -> sram offset 48K',
    '}',
    'ram sram size 64K',
    'address-space memory root s',
  );
  const i = only(issues, 'LY105');
  assert.equal(i.severity, 'error');
  assert.deepEqual([i.args.excess, i.args.targetSize], ['16 KiB', '64 KiB']);
  assert.equal(i.related?.[0]?.span.line, 4);
});

// --- LY106

test('LY106: zero-sized regions in a layout; an alias of an empty region is reported at the region', () => {
  const text = ['container s size 1M {', '  io bell @4K size 0', '  alias a @8K -> empty', '}', 'io empty size 0', 'address-space memory root s'].join('\n');
  assert.deepEqual(at(lintLayout(text).issues), ['LY106@2:6', 'LY106@5:4']);
  // QEMU makes empty regions itself (unprogrammed windows): not a mistake in a capture.
  assert.deepEqual(lintLayout(text, { origin: 'capture' }).issues, []);
});

// --- LY107

test('LY107: RAM and aliases of RAM off page boundaries, RAMBlocks of partial pages', () => {
  const issues = lint(
    'container s size 1M {',
    '  ram a @0x800 size 64K',
    '  ram b @256K size 6K',
    '  alias c @128K size 4K -> big offset 0x100',
    '  alias d @192K size 16K -> big offset 64K',
    '  io e @0x10 size 3',
    '}',
    'ram big size 2M',
    'address-space memory root s',
    'ramblock big size 2M page 2M',
    'ramblock odd size 4K max 6K',
  );
  assert.deepEqual(at(issues), ['LY107@11:10', 'LY107@2:7', 'LY107@3:7', 'LY107@4:9']);
  const byName = new Map(issues.map((i) => [i.args.name, i]));
  assert.deepEqual([byName.get('a')?.args.field, byName.get('b')?.args.field, byName.get('c')?.args.field], ['address', 'size', 'alias offset']);
  assert.equal(byName.get('odd')?.args.field, 'max length');
});

test('LY107: the page size comes from pageSizeOf, else the RAMBlock, else 4 KiB', () => {
  const text = ['container s size 16M {', '  ram hp @2M size 3M', '}', 'address-space memory root s', 'ramblock hp size 4M page 2M'].join('\n');
  assert.deepEqual(lintLayout(text).issues.map((i) => [i.code, i.args.page]), [['LY107', '2 MiB']]);
  assert.deepEqual(lintLayout(text, { pageSizeOf: () => 0x1000n }).issues, []);
});

// --- LY108

test('LY108: RAMBlocks sharing ram_addr space; touching blocks and a block listed twice do not', () => {
  const issues = lint(
    'ram a size 1M',
    'address-space a root a',
    'ramblock a size 1M offset 0',
    'ramblock b size 1M offset 512K',
    'ramblock c size 1M offset 2M',
    'ramblock d size 1M offset 3M',
  );
  const i = only(issues, 'LY108');
  assert.equal(i.severity, 'error');
  assert.deepEqual([i.args.name, i.args.other], ['b', 'a']);
  assert.equal(i.related?.[0]?.span.line, 2);
  const span: Span = { line: 0, col: 0, endLine: 0, endCol: 1 };
  const row: RamBlockRow = { name: 'x', pageSize: 4096n, offset: 0n, used: 4096n, max: 4096n, span, nameSpan: span };
  assert.deepEqual(lintMachine({ machine: { spaces: [] }, views: [], blocks: [row, { ...row }], spanOf: () => span, explicitOrder: () => false }), []);
});

// --- LY109

test('LY109: an address space without a root, unless the parser or builder already said why', () => {
  const span: Span = { line: 3, col: 0, endLine: 3, endCol: 20 };
  const machine: Machine = { spaces: [{ name: 'memory', root: undefined, span }] };
  const input: LintInput = { machine, views: computeViews(machine), blocks: [], spanOf: () => undefined, explicitOrder: () => false };
  const issues = lintMachine(input);
  assert.deepEqual(at(issues), ['LY109@4:1']);
  assert.equal(issues[0]?.severity, 'error');
  const said = makeIssue('LC001', { line: 3, col: 18, endLine: 3, endCol: 20 }, { what: 'address-space root', name: 'x' });
  assert.deepEqual(lintMachine({ ...input, reported: [said] }), []);
});

test('LY109: an error explains the address space it follows, up to where the next declaration starts', () => {
  const spanAt = (line: number): Span => ({ line, col: 0, endLine: line, endCol: 20 });
  const spaces = [0, 2, 4, 6].map((line) => ({ name: `as${line}`, root: undefined, span: spanAt(line) }));
  const machine: Machine = { spaces };
  const input: LintInput = { machine, views: computeViews(machine), blocks: [], spanOf: () => undefined, explicitOrder: () => false };
  const error = (line: number, col: number): Issue => makeIssue('LC001', { line, col, endLine: line, endCol: col + 1 }, { what: 'address-space root', name: 'x' });
  // as0 and as2: an error on the line after each; as4: none before as6 starts; as6: one at the end of the text.
  const reported = [error(1, 3), error(3, 5), error(7, 0)];
  assert.deepEqual(at(lintMachine({ ...input, reported })), ['LY109@5:1']);
});

// --- LY110

test('LY110: a pure alias cycle once; a cycle through a container from the render', () => {
  assert.deepEqual(at(lint('container s size 1M {', '  alias a @0 size 4K -> b', '}', 'alias b size 4K -> a', 'address-space memory root s')), ['LY110@2:9']);
  const issues = lint('container s size 1M {', '  ram r @64K size 64K', '  alias mirror @0 size 32K -> s', '}', 'address-space memory root s');
  const i = only(issues, 'LY110');
  assert.equal(i.severity, 'error');
  assert.equal(i.args.name, 'mirror');
  // A window that the clip keeps out of itself is no cycle.
  assert.deepEqual(lint('container s size 1M {', '  ram r @64K size 64K', '  alias mirror @0 size 32K -> s offset 64K', '}', 'address-space memory root s'), []);
});

test('LY110: not repeated where reflattening already reported the cycle (RF007)', () => {
  const text = [
    'address-space: memory',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
    '    0000000000020000-0000000000020fff (prio 0, i/o): alias loop @loop 0000000000000000-0000000000000fff',
    '',
    'memory-region: loop',
    '  0000000000000000-0000000000000fff (prio 0, i/o): loop',
    '    0000000000000000-0000000000000fff (prio 0, i/o): alias loop @loop 0000000000000000-0000000000000fff',
    '',
  ].join('\n');
  const re = reflattenCapture(parseCapture(text));
  assert.ok(re);
  assert.ok(re.issues.some((i) => i.code === 'RF007'));
  const base: LintInput = { machine: re.built.machine, views: re.views, blocks: [], spanOf: (mr) => re.built.nodeOfMr.get(mr)?.nameSpan, explicitOrder: () => false, origin: 'capture' };
  assert.ok(lintMachine(base).some((i) => i.code === 'LY110'));
  assert.deepEqual(lintMachine({ ...base, reported: re.issues }).filter((i) => i.code === 'LY110'), []);
});

// --- robustness

test('deep nesting and aliases of containers stay iterative and bounded', () => {
  const root = makeMr(1, 'root', 'container', 0n, 1n << 64n);
  let parent: Mr = root;
  for (let d = 0; d < 50_000; d++) {
    const c = makeMr(d + 2, `c${d}`, 'container', 0n, 1n << 40n);
    addSubregion(parent, c);
    parent = c;
  }
  addSubregion(parent, makeMr(99_999_999, 'leaf', 'ram', 0n, 4096n));
  const machine: Machine = { spaces: [{ name: 'memory', root }] };
  const span: Span = { line: 0, col: 0, endLine: 0, endCol: 1 };
  assert.deepEqual(lintMachine({ machine, views: computeViews(machine), blocks: [], spanOf: () => span, explicitOrder: () => false }), []);

  // Each level shows the next one twice, at two priorities: 2^depth paths if nothing bounded it.
  const levels: Mr[] = [];
  for (let d = 0; d < 40; d++) levels.push(makeMr(100 + d, `l${d}`, 'container', 0n, 1n << 20n));
  levels.forEach((l, d) => {
    const next = levels[d + 1];
    if (!next) {
      addSubregion(l, makeMr(500, 'ram', 'ram', 0n, 1n << 20n));
      return;
    }
    addSubregion(l, makeMr(200 + 2 * d, `a${d}`, 'container', 0n, 1n << 20n, { alias: next }));
    addSubregion(l, makeMr(201 + 2 * d, `b${d}`, 'container', 0n, 1n << 20n, { alias: next, priority: 1 }));
  });
  const m2: Machine = { spaces: [{ name: 'memory', root: levels[0] }] };
  const t0 = Date.now();
  lintMachine({ machine: m2, views: computeViews(m2), blocks: [], spanOf: () => span, explicitOrder: () => false });
  assert.ok(Date.now() - t0 < 20_000);
});
