import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, computeViews, makeIssue, makeMr, addSubregion, parseCapture } from '../../../src/core';
import type { Issue, Machine, Mr, RamBlockRow, Span } from '../../../src/core';
import { attrOf } from '../../../src/core/layout/ast';
import type { LintInput } from '../../../src/core/engine/lint-reporter';
import { lintMachine } from '../../../src/core/engine/lint';
import { reflattenCapture } from '../../../src/core/engine/reflatten';
import { FIXTURES, fixtureMachines, repoRoot } from '../../shared/fixtures';

type Extra = Partial<Pick<LintInput, 'origin' | 'pageSizeOf'>>;

/** Lints a layout the way the editor will: parse, build, views, then lintMachine told what was already reported. */
function lintLayout(text: string, extra: Extra = {}): { issues: Issue[]; all: Issue[] } {
  const doc = analyzeDocument(text, 'layout');
  const model = doc.layout?.model;
  assert.ok(model && doc.model);
  // analyzeDocument lints already; lint again here with these options, on what came before lint.
  const before = doc.issues.filter((i) => !i.code.startsWith('LY'));
  const issues = lintMachine({
    machine: model.machine,
    views: doc.model.views,
    blocks: model.blocks,
    spanOf: (mr) => model.declOf.get(mr)?.name.span,
    explicitOrder: (mr) => {
      const decl = model.declOf.get(mr);
      return decl !== undefined && attrOf(decl, 'order') !== undefined;
    },
    reported: before,
    ...extra,
  });
  return { issues, all: [...before, ...issues] };
}

/** `CODE@line:col` (1-based), sorted. */
const at = (issues: readonly Issue[]): string[] => issues.map((i) => `${i.code}@${i.span.line + 1}:${i.span.col + 1}`).sort();
const lint = (...lines: string[]): Issue[] => lintLayout(lines.join('\n') + '\n').issues;
const only = (issues: readonly Issue[], code: string): Issue => {
  const found = issues.filter((i) => i.code === code);
  assert.equal(found.length, 1, issues.map((i) => i.message).join('\n'));
  return found[0] as Issue;
};
const read = (version: string, config: string, file: string): string => readFileSync(join(FIXTURES, version, config, file), 'utf8');

// --- real QEMU captures: no false positives

/**
 * The rules that must stay silent on QEMU's own output (LY102 is information about QEMU's design; LY104
 * is information in a capture, where QEMU made the child larger than its container on purpose).
 */
const MISTAKES = ['LY101', 'LY103', 'LY104', 'LY105', 'LY106', 'LY107', 'LY108', 'LY109', 'LY110'];

function lintCapture(text: string): Issue[] {
  const capture = parseCapture(text);
  const re = reflattenCapture(capture);
  assert.ok(re);
  // One `info ramblock` table: several tables would list the same blocks again.
  const table = capture.sections.filter((s) => s.kind === 'ramblock').at(-1);
  return lintMachine({
    machine: re.built.machine,
    views: re.views,
    blocks: table?.kind === 'ramblock' ? table.blocks : [],
    spanOf: (mr) => re.built.nodeOfMr.get(mr)?.nameSpan,
    explicitOrder: () => false,
    origin: 'capture',
    reported: re.issues,
  });
}

for (const [version, config] of fixtureMachines()) {
  test(`${version}/${config}: the lint finds no mistake in QEMU's own memory map`, () => {
    const issues = lintCapture(read(version, config, 'mtree-D.txt') + '\n' + read(version, config, 'mtree-f.txt') + '\n' + read(version, config, 'ramblock.txt'));
    assert.deepEqual(issues.filter((i) => MISTAKES.includes(i.code) && i.severity !== 'information').map((i) => `${i.code}@${i.span.line + 1}: ${i.message}`), []);
    assert.ok(issues.every((i) => i.severity === 'information'));
  });

  test(`${version}/${config}: nor in the plain tree, the tree alone, or the monitor transcript`, () => {
    for (const text of [
      read(version, config, 'mtree.txt') + '\n' + read(version, config, 'mtree-f.txt'),
      read(version, config, 'mtree-o-D.txt') + '\n' + read(version, config, 'mtree-f-o.txt'),
      read(version, config, 'mtree-D.txt'),
      read(version, config, 'mtree.txt'),
      read(version, config, 'transcript.txt'),
    ]) {
      assert.deepEqual(lintCapture(text).filter((i) => MISTAKES.includes(i.code) && i.severity !== 'information').map((i) => `${i.code}@${i.span.line + 1}: ${i.message}`), []);
    }
  });
}

test('every info ramblock table of the churn captures is clean (one table at a time: tables repeat blocks)', () => {
  for (const version of ['qemu-7.2', 'qemu-10.0']) {
    const capture = parseCapture(read(version, 'x86_64-pc-ramblock-churn', 'churn.txt'));
    const tables = capture.sections.flatMap((s) => (s.kind === 'ramblock' ? [s.blocks] : []));
    assert.ok(tables.length > 10);
    for (const blocks of tables) {
      assert.deepEqual(lintMachine({ machine: { spaces: [] }, views: [], blocks, spanOf: () => undefined, explicitOrder: () => false, origin: 'capture' }), []);
    }
  }
});

test('the PC legacy windows are information, not warnings: RAM under PAM/SMRAM, nothing said about pci', () => {
  const issues = lintCapture(read('qemu-10.0', 'x86_64-pc', 'mtree-D.txt') + '\n' + read('qemu-10.0', 'x86_64-pc', 'mtree-f.txt'));
  const ram = issues.find((i) => i.code === 'LY102' && i.args.name === 'ram-below-4g');
  assert.ok(ram);
  // vga-lowmem (128 KiB) under smram-region, pc.rom and isa-bios (256 KiB) under the PAM windows onto pci.
  assert.equal(ram.args.hidden, '384 KiB');
  assert.equal(ram.args.by, 'smram-region and 13 more');
  // The windows show pci's own bytes in place: pci is not hidden by them.
  assert.equal(issues.some((i) => i.args.name === 'pci'), false);
});

test('the example layout has no warning or error', () => {
  const { all } = lintLayout(readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8'));
  assert.deepEqual(all.filter((i) => i.severity === 'error' || i.severity === 'warning').map((i) => i.message), []);
});

// --- LY101

test('LY101: equal-priority overlap, reported once with the other region related', () => {
  const issues = lint(
    'container system size 64K {',
    '  io uart @0x1000 size 4K',
    '  io timer @0x1800 size 4K',
    '  io far @0x8000 size 4K',
    '}',
  );
  const i = only(issues, 'LY101');
  assert.deepEqual(at([i]), ['LY101@3:6']);
  assert.equal(i.severity, 'warning');
  assert.equal(i.args.size, '2 KiB');
  assert.equal(i.args.winner, 'timer');
  assert.equal(i.related?.[0]?.span.line, 1);
});

test('LY101: explicit order on both silences it; on one, or with another unordered sibling, it does not', () => {
  assert.deepEqual(lint('container s size 64K {', '  io a @0 size 8K order 2', '  io b @4K size 8K order 1', '}').filter((i) => i.code === 'LY101'), []);
  assert.equal(lint('container s size 64K {', '  io a @0 size 8K', '  io b @4K size 8K order 1', '}').filter((i) => i.code === 'LY101').length, 1);
  // b is ordered against a, but c (unordered) still overlaps b.
  const issues = lint('container s size 64K {', '  io a @0 size 16K order 1', '  io b @4K size 4K order 2', '  io c @5K size 1K', '}');
  assert.deepEqual(at(issues.filter((i) => i.code === 'LY101')), ['LY101@4:6']);
  // With explicit order the later `order` wins, whatever the file order.
  const w = only(lint('container s size 64K {', '  io a @0 size 8K order 2', '  io b @4K size 8K', '}'), 'LY101');
  assert.equal(w.args.winner, 'a');
});

test('LY101: disabled, zero-sized and different-priority siblings are not ambiguous', () => {
  const issues = lint(
    'container s size 64K {',
    '  io a @0 size 8K',
    '  io b @0 size 8K disabled',
    '  io c @4K size 8K priority 1',
    '}',
  );
  assert.deepEqual(issues.filter((i) => i.code === 'LY101'), []);
});

test('LY101: many overlapping siblings are swept, not compared pairwise', () => {
  const n = 20_000;
  const lines = ['container s size 16E {'];
  for (let k = 0; k < n; k++) lines.push(`  io r${k} @${k * 4096} size 8K`);
  lines.push('}');
  const t0 = Date.now();
  const issues = lint(...lines);
  assert.equal(issues.filter((i) => i.code === 'LY101').length, n - 1);
  assert.ok(Date.now() - t0 < 10_000);
});

// --- LY102

test('LY102: how much a higher-priority sibling hides, in units and percent', () => {
  const i = only(lint('container s size 1M {', '  ram sram @0 size 64K', '  io regs @16K size 4K priority 1', '}'), 'LY102');
  assert.equal(i.severity, 'information');
  assert.deepEqual([i.args.hidden, i.args.percent, i.args.by], ['4 KiB', '6.2%', 'regs']);
  assert.equal(i.related?.length, 1);
});

test('LY102: a higher-priority container hides only where it has something', () => {
  const i = only(lint(
    'container s size 1M {',
    '  ram sram @0 size 64K',
    '  container bus @0 size 1M priority 1 {',
    '    io dev @8K size 8K',
    '    io other @512K size 8K',
    '  }',
    '}',
  ), 'LY102');
  assert.deepEqual([i.args.name, i.args.hidden, i.args.percent], ['sram', '8 KiB', '12.5%']);
});

test('LY102: a window that shows a sibling in place does not hide it; one that shows other bytes does', () => {
  const issues = lint(
    'container s size 1M {',
    '  alias low @0 size 640K -> mem',
    '  container bus @0 size 1M priority -1 {',
    '    io vga @0xa0000 size 128K',
    '    io other @0xe0000 size 64K',
    '  }',
    '  alias vga-window @0xa0000 size 128K -> bus offset 0xa0000 priority 1',
    '  alias shadow @0x80000 size 16K -> mem offset 0x80000 priority 1',
    '  alias moved @0x90000 size 16K -> mem priority 1',
    '}',
    'ram mem size 1M',
    'address-space memory root s',
  );
  const i = only(issues, 'LY102');
  assert.deepEqual([i.args.name, i.args.hidden, i.args.by], ['low', '16 KiB', 'moved']);
  assert.deepEqual(issues.filter((x) => x.code !== 'LY102'), []);
});

test('LY102 leaves a wholly hidden region to LY103', () => {
  const issues = lint('container s size 1M {', '  io a @4K size 4K', '  ram b @0 size 64K priority 1', '}');
  assert.deepEqual(issues.map((i) => i.code), ['LY103']);
});

// --- LY103

test('LY103: a wholly hidden region, faded, with the winner related', () => {
  const i = only(lint('container s size 1M {', '  ram sram @0 size 256K priority 1', '  rom flash @64K size 64K', '}'), 'LY103');
  assert.equal(i.severity, 'warning');
  assert.equal(i.unnecessary, true);
  assert.equal(i.args.by, 'sram');
  assert.equal(i.related?.[0]?.span.line, 1);
});

test('LY103: one warning for a hidden alias, not one per region it shows', () => {
  const issues = lint(
    'container s size 1M {',
    '  ram top @0 size 1M priority 1',
    '  alias win @0 size 64K -> dev',
    '}',
    'container dev size 64K {',
    '  io a @0 size 4K',
    '  io b @8K size 4K',
    '}',
    'address-space memory root s',
  );
  assert.deepEqual(at(issues), ['LY103@3:9']);
});

test('LY103: not for regions no window reaches, disabled ones, backgrounds or regions shown in another view', () => {
  const issues = lint(
    'container s size 1M {',
    // The bridge window shows only the first 64 KiB of the bus: dev2 is outside it, not hidden.
    '  alias window @0 size 64K -> bus',
    '  io off @512K size 4K disabled',
    // An I/O region whose registers cover it whole is a background.
    '  io uart @768K size 8 {',
    '    io rx @0 size 4',
    '    io tx @4 size 4',
    '  }',
    '}',
    'container bus size 1M {',
    '  io dev1 @0 size 4K',
    '  io dev2 @256K size 4K',
    '}',
    // Hidden in the CPU's view, shown in the DMA view.
    'container cpu size 1M {',
    '  ram cover @0 size 1M priority 1',
    '  alias shadowed @0 size 64K -> bus',
    '}',
    'container dma size 1M {',
    '  alias shown @0 size 64K -> bus',
    '}',
    'address-space memory root s',
    'address-space cpu root cpu',
    'address-space dma root dma',
  );
  assert.deepEqual(at(issues), ['LY103@15:9']);
});

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

// Stock machines lint clean: what real QEMU makes on purpose is information at most. The one warning a
// real file keeps is GDB016 in the gdb sessions: the seed's gdb script printed only the low 32 bits of
// addresses at or above 4 GiB, so those ranges really are not where the dump says (docs/gdb-dumps.md).
const warnings = (text: string, allowed: readonly string[] = []): string[] =>
  analyzeDocument(text).issues.filter((i) => (i.severity === 'error' || i.severity === 'warning') && !allowed.includes(i.code)).map((i) => `${i.span.line + 1}: ${i.code} ${i.message}`);

for (const [version, config] of fixtureMachines()) {
  test(`${version}/${config}: the transcript and its gdb session lint without a warning (GDB016 aside)`, () => {
    assert.deepEqual(warnings(read(version, config, 'transcript.txt')), []);
    assert.deepEqual(warnings(read(version, config, 'gdb-session.txt'), ['GDB016']), []);
  });
}

test('the big real q35 (200 root ports, an IOMMU: 201 identical vtd-00.0 regions) lints without a warning', () => {
  assert.deepEqual(warnings(readFileSync(join(repoRoot(), 'bench', 'real', 'q35-200.qemu-capture'), 'utf8')), []);
});
