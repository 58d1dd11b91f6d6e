import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addSubregion, analyzeDocument, diffFlatViews, formatGpa2hva, formatRamblock, gpa2hva, makeMr, parseCapture, parseLayout, reflattenCapture } from '../../../src/core';
import type { AnalyzedDocument, FlatViewSection, Gpa2hvaSection, Mr, RamBlockSection, RegionDecl } from '../../../src/core';
import { captureToLayout, insertionOrder, layoutSize } from '../../../src/core/layout/convert';
import { formatLayout } from '../../../src/core/layout/format';
import { runConvert } from '../../../src/cli/convert-command';
import type { Io } from '../../../src/cli/io';
import { FIXTURES, fixtureMachines } from '../../shared/fixtures';
import { layoutName } from '../../../src/core/layout/names';

const read = (version: string, config: string, file: string): string => readFileSync(join(FIXTURES, version, config, file), 'utf8');
const FILES = ['mtree-D.txt', 'mtree-f.txt', 'ramblock.txt', 'gpa2hva.txt'];

/** Converts a capture text and analyses the layout; fails on a capture without a tree. */
function convert(text: string): { layout: string; doc: AnalyzedDocument } {
  const result = captureToLayout(parseCapture(text));
  assert.ok(result, 'the capture has a tree');
  return { layout: result.text, doc: analyzeDocument(result.text, 'layout') };
}

const errors = (doc: AnalyzedDocument): string[] =>
  doc.issues.filter((i) => i.severity === 'error').map((i) => `${i.code}@${i.span.line + 1}: ${i.message}`);


/**
 * Walks the capture's region graph and the layout's side by side from each address space's root and
 * checks that every region reached has the same attributes and the same subregion list, in order.
 */
function assertSameGraph(capture: readonly { root: Mr | undefined }[], layout: readonly { root: Mr | undefined }[], ambiguous: (mr: Mr) => boolean = () => false): void {
  assert.equal(layout.length, capture.length);
  const seen = new Set<Mr>();
  const stack: [Mr | undefined, Mr | undefined, string][] = capture.map((s, i) => [s.root, layout[i]?.root, `AS #${i}`]);
  while (stack.length > 0) {
    const [a, b, where] = stack.pop() as [Mr | undefined, Mr | undefined, string];
    if (!a || !b) {
      assert.equal(a === undefined, b === undefined, where);
      continue;
    }
    if (seen.has(a)) continue;
    seen.add(a);
    // A one-byte-or-empty alias past its target's end is written as empty: the size may differ there only.
    const size = (m: Mr): string => (ambiguous(a) && m.size <= 1n ? '0|1' : String(m.size));
    const facts = (m: Mr): string => `${m.name} @${m.addr} +${size(m)} p${m.priority} ${m.enabled ? 'on' : 'off'} ${m.readonly ? 'ro' : 'rw'} ${m.nonvolatile ? 'nv' : ''} ${m.romd ? 'romd' : ''} ${m.alias ? `-> ${m.alias.name} +${m.aliasOffset}` : ''}`;
    const path = `${where} / ${a.name}`;
    assert.equal(facts(b), facts(a), path);
    assert.deepEqual(b.subregions.map((m) => m.name), a.subregions.map((m) => m.name), path);
    if (a.alias) stack.push([a.alias, b.alias, `${path} ->`]);
    a.subregions.forEach((m, i) => stack.push([m, b.subregions[i], path]));
  }
}

for (const [version, config] of fixtureMachines()) {
  test(`${version}/${config}: the converted layout rebuilds QEMU's flat views, ram_list and gpa2hva answers`, () => {
    const text = FILES.map((f) => read(version, config, f)).join('\n');
    const { layout, doc } = convert(text);
    assert.deepEqual(errors(doc), [], layout);
    assert.ok(doc.model && doc.layout);
    assert.equal(formatLayout(layout), layout, 'a converted file is already formatted');

    const flat = parseCapture(read(version, config, 'mtree-f.txt')).sections[0] as FlatViewSection;
    assert.deepEqual(diffFlatViews(doc.model.views, flat.views), []);

    const ramblock = read(version, config, 'ramblock.txt');
    const section = parseCapture(ramblock).sections[0] as RamBlockSection;
    const printed = formatRamblock(doc.layout.model.ramList, { hostColumns: section.hostColumns });
    // QEMU 8.0+ prints HVA (every block has one here, so `host` must give it) and RO (`readonly`).
    assert.equal(printed, ramblock);

    const gpa = parseCapture(read(version, config, 'gpa2hva.txt')).sections.find((s): s is Gpa2hvaSection => s.kind === 'gpa2hva');
    assert.ok(gpa && gpa.answers.length > 0);
    const lines = read(version, config, 'gpa2hva.txt').split('\n');
    for (const a of gpa.answers) {
      const expected = (lines[a.span.line] as string).slice(a.span.col, a.span.endCol);
      assert.equal(formatGpa2hva(gpa2hva(doc.model, a.gpa)), expected);
    }
  });

  test(`${version}/${config}: the layout's region graph is the reflattened capture's, subregion lists in QEMU's order`, () => {
    const text = FILES.map((f) => read(version, config, f)).join('\n');
    const re = reflattenCapture(parseCapture(text));
    assert.ok(re);
    const { doc } = convert(text);
    assert.ok(doc.layout);
    assertSameGraph(re.built.machine.spaces, doc.layout.model.machine.spaces, (mr) => re.built.nodeOfMr.get(mr)?.sizeAmbiguous === true);
    assert.deepEqual(doc.layout.model.machine.spaces.map((s) => s.name), re.built.machine.spaces.map((s) => s.name));
  });

  test(`${version}/${config}: trees without -D (stand-ins for unprinted regions) and whole transcripts convert too`, () => {
    const flat = parseCapture(read(version, config, 'mtree-f.txt')).sections[0] as FlatViewSection;
    for (const text of [read(version, config, 'mtree.txt') + '\n' + read(version, config, 'mtree-f.txt'), read(version, config, 'transcript.txt')]) {
      const { layout, doc } = convert(text);
      assert.deepEqual(errors(doc), [], layout);
      assert.ok(doc.model);
      assert.deepEqual(diffFlatViews(doc.model.views, flat.views), []);
    }
  });
}

test('with a find_ram_offset trace, blocks come in creation order and need no pins unless one was freed', () => {
  for (const [version, config] of fixtureMachines()) {
    if (!existsSync(join(FIXTURES, version, config, 'trace.txt'))) continue;
    const ramblock = read(version, config, 'ramblock.txt');
    const text = ['mtree-D.txt', 'ramblock.txt', 'trace.txt'].map((f) => read(version, config, f)).join('\n');
    const { layout, doc } = convert(text);
    assert.deepEqual(errors(doc), [], `${version}/${config}`);
    assert.ok(doc.layout);
    assert.match(layout, /# RAMBlocks in creation order/);
    const section = parseCapture(ramblock).sections[0] as RamBlockSection;
    const printed = formatRamblock(doc.layout.model.ramList, { hostColumns: section.hostColumns });
    assert.equal(printed, ramblock, `${version}/${config}`);
    const pins = layout.split('\n').filter((l) => l.startsWith('ramblock') && / offset /.test(l)).length;
    if (!config.includes('churn')) assert.equal(pins, 0, `${version}/${config}: ${layout}`);
  }
});

test('names: bare when the lexer reads one word, else quoted with escapes; both read back', () => {
  const cases: [string, string][] = [
    ['pc.ram', 'pc.ram'],
    ['pci@800000020000000.mmio', 'pci@800000020000000.mmio'],
    ['gicv3_redist_region[0]', 'gicv3_redist_region[0]'],
    ['vga ioports remapped', '"vga ioports remapped"'],
    ['0000:00:02.0/vga.vram', '"0000:00:02.0/vga.vram"'],
    ['a->b', '"a->b"'],
    ['say "hi" \\o/', '"say \\"hi\\" \\\\o/"'],
    ['io', 'io'],
    ['size', 'size'],
    ['', '""'],
    ['#x', '"#x"'],
  ];
  for (const [name, written] of cases) {
    assert.equal(layoutName(name), written);
    const { file, issues } = parseLayout(`ram ${layoutName(name)} size 4K`);
    assert.deepEqual(issues, [], name);
    assert.equal((file.items[0] as RegionDecl).name.text, name);
  }
});

test('sizes: a unit when exact and short, hex otherwise', () => {
  assert.equal(layoutSize(1n << 64n), '16E');
  assert.equal(layoutSize(128n << 20n), '128M');
  assert.equal(layoutSize(0x3ee0000n), '0x3ee0000');
  assert.equal(layoutSize(0xc0000000n), '3G');
  assert.equal(layoutSize(0x1000n), '4K');
  assert.equal(layoutSize(0x16n), '0x16');
  assert.equal(layoutSize(0n), '0');
});

test('insertionOrder: adding in that order rebuilds any priority-sorted list', () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 200; round++) {
    const container = makeMr(0, 'c', 'container', 0n, 1n << 64n);
    const n = rand(12);
    for (let i = 0; i < n; i++) addSubregion(container, makeMr(i + 1, `r${i}`, 'io', BigInt(rand(5)) * 0x1000n, 0x1000n, { priority: rand(3) - 1 }));
    const rebuilt = makeMr(99, 'c', 'container', 0n, 1n << 64n);
    for (const mr of insertionOrder(container.subregions)) addSubregion(rebuilt, mr);
    assert.deepEqual(rebuilt.subregions, container.subregions);
  }
});

test('a tree without -D: the stand-in for an unprinted disabled region, equal names with $id, overlaps with order, a missing alias target', () => {
  const text = [
    'address-space: memory',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
    '    0000000000000000-0000000000000fff (prio 0, ram): a',
    '    0000000000000800-0000000000001fff (prio 0, ram): b',
    '    0000000000010000-0000000000010fff (prio 0, ram): alias ghost @nowhere 0000000000000000-0000000000000fff',
    '    0000000000020000-0000000000020fff (prio 0, i/o): alias w1 @bus 0000000000000000-0000000000000fff',
    '    0000000000030000-0000000000030fff (prio 0, i/o): alias w2 @bus 0000000000001000-0000000000001fff',
    '    0000000000050000-0000000000050000 (prio 0, ram): alias past @a 0000000000001000-0000000000001000',
    '    0000000000040000-0000000000040fff (prio 0, i/o): container',
    '        0000000000040000-00000000000400ff (prio 0, i/o): under-hidden',
    '',
    'address-space: bus1',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): bus',
    '    0000000000000000-0000000000000fff (prio 0, ram): x',
    '',
    'address-space: bus2',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): bus',
    '    0000000000001000-0000000000001fff (prio 0, ram): y',
    '',
  ].join('\n');
  const result = captureToLayout(parseCapture(text), { source: 'tiny.txt' });
  assert.ok(result);
  const t = result.text;
  assert.match(t, /^# Converted by qemu-memmap from tiny\.txt \(info mtree\)\./);
  assert.match(t, /container "\(disabled region not printed\)" @0 size 4K disabled \{ # QEMU did not print/);
  assert.match(t, /container bus \$bus1 size 16E \{/);
  assert.match(t, /container bus \$bus2 size 16E \{/);
  assert.match(t, /alias w1 @0x20000 size 4K -> \$bus1\n/);
  assert.match(t, /alias w2 @0x30000 size 4K -> \$bus2 offset 0x1000\n/);
  assert.match(t, /address-space bus2 root \$bus2/);
  assert.match(t, /ram b @0x800 size 6K order 5\n/);
  assert.match(t, /ram a @0 size 4K order 6\n/);
  assert.match(t, /container ghost @0x10000 size 4K disabled # an alias of "nowhere"/);
  // An alias of RAM: whether it is read-only is not printed, and nothing names it in QEMU's source.
  assert.match(t, /alias past @0x50000 size 0 -> a offset 0x1000 # assumed writable: info mtree does not print an alias.s read-only flag\n/);
  assert.ok(result.issues.some((i) => i.code === 'RF004'));
  assert.ok(result.issues.some((i) => i.code === 'MT004' && i.span.line === 7));
  const doc = analyzeDocument(t, 'layout');
  assert.deepEqual(errors(doc), []);
  const re = reflattenCapture(parseCapture(text));
  assert.ok(re && doc.layout);
  assertSameGraph(re.built.machine.spaces, doc.layout.model.machine.spaces, (mr) => re.built.nodeOfMr.get(mr)?.sizeAmbiguous === true);
});

test('captureToLayout: undefined without a tree', () => {
  assert.equal(captureToLayout(parseCapture(read('qemu-10.0', 'x86_64-pc', 'ramblock.txt'))), undefined);
});

test('convert command: stdout, -o file, no tree', () => {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>([
    ['cap.txt', FILES.map((f) => read('qemu-7.2', 'x86_64-pc', f)).join('\n')],
    ['rb.txt', read('qemu-7.2', 'x86_64-pc', 'ramblock.txt')],
  ]);
  const io: Io = {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    readText: (p) => {
      const t = files.get(p);
      if (t === undefined) throw new Error('ENOENT');
      return t;
    },
  };
  assert.equal(runConvert(io, 'cap.txt', undefined), 0);
  assert.match(out.join(''), /^# Converted by qemu-memmap from cap\.txt/);
  assert.deepEqual(err, []);
  const dir = mkdtempSync(join(tmpdir(), 'qmm-convert-'));
  try {
    const target = join(dir, 'out.memlayout');
    assert.equal(runConvert(io, 'cap.txt', target), 0);
    assert.equal(readFileSync(target, 'utf8'), out.join(''));
    assert.equal(runConvert(io, 'cap.txt', join(dir, 'no', 'such', 'dir.memlayout')), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  err.length = 0;
  assert.equal(runConvert(io, 'rb.txt', undefined), 1);
  assert.match(err.join(''), /rb\.txt has no info mtree tree/);
  assert.equal(runConvert(io, 'missing.txt', undefined), 2);
});
