import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, buildLayout, computeViews, detectKind, formatFlatViews, parseLayout } from '../../../src/core';
import type { RegionDecl } from '../../../src/core';
import { attrOf } from '../../../src/core/layout/ast';
import { repoRoot } from '../../shared/fixtures';

const codes = (text: string): string[] => {
  const { file, issues } = parseLayout(text);
  return [...issues, ...buildLayout(file).issues].map((i) => `${i.code}@${i.span.line + 1}:${i.span.col + 1}`);
};

test('the README example parses and builds with no issue', () => {
  const text = readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8');
  assert.deepEqual(codes(text), []);
  const { file } = parseLayout(text);
  const system = file.items[0] as RegionDecl;
  assert.equal(system.keyword, 'container');
  assert.equal(attrOf(system, 'size')?.expr.value, 1n << 64n);
  const pci = system.children.find((c) => c.name.text === 'pci') as RegionDecl;
  assert.equal(attrOf(pci, 'priority')?.value, -1);
  const bios = pci.children.find((c) => c.name.text === 'pc.bios') as RegionDecl;
  assert.equal(attrOf(bios, 'at')?.expr.value, 0xfffc0000n);
  assert.equal(attrOf(bios, 'at')?.expr.text, '4G - 256K');
});

test('expressions: units, hex, operators, 2^64 inclusive, out of range', () => {
  const value = (expr: string): bigint | undefined => {
    const { file } = parseLayout(`ram r size ${expr}`);
    return attrOf(file.items[0] as RegionDecl, 'size')?.expr.value;
  };
  assert.equal(value('4G - 256K'), 0xfffc0000n);
  assert.equal(value('(1 + 2) * 64K'), 0x30000n);
  assert.equal(value('16E'), 1n << 64n);
  assert.equal(value('0x10000000000000000'), 1n << 64n);
  assert.equal(value('0x1E'), 0x1en);
  assert.equal(value('0x10K'), 0x4000n);
  assert.equal(value('4KiB'), 4096n);
  assert.equal(value('1_000'), 1000n);
  assert.deepEqual(codes('ram r size 16E + 1'), ['LP007@1:12']);
  assert.deepEqual(codes('ram r size 0 - 1'), ['LP007@1:12']);
  assert.deepEqual(codes('ram r size 12Q'), ['LX003@1:12']);
});

test('one typo gives one diagnostic and the rest is still read', () => {
  const text = ['container system size 16E {', '  ram a size 4K frob', '  ram b @4K size 4K', '  rom c @8K sise 4K', '}', 'address-space memory root system'].join('\n');
  const { file, issues } = parseLayout(text);
  assert.deepEqual(issues.map((i) => `${i.code}@${i.span.line + 1}:${i.span.col + 1}`), ['LP004@2:17', 'LP004@4:13']);
  const sys = file.items[0] as RegionDecl;
  assert.deepEqual(sys.children.map((c) => c.name.text), ['a', 'b', 'c']);
  assert.equal(file.items[1]?.type, 'space');
});

test('braces: unmatched and unclosed are reported where they are', () => {
  assert.deepEqual(codes('}\nram r size 4K'), ['LP002@1:1']);
  assert.deepEqual(codes('container s size 4K {\n  ram r size 1K\naddress-space m root s'), ['LP003@1:21']);
  assert.deepEqual(codes('ram "open size 4K'), ['LX002@1:5', 'LP009@1:5']);
  assert.deepEqual(codes('frobnicate x\nram r size 4K'), ['LP001@1:1']);
});

test('10,000 nested regions parse, build and flatten without recursion', () => {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) lines.push(`${'  '.repeat(i)}container c${i} size 16E {`);
  lines.push(`${'  '.repeat(10_000)}ram leaf @0x1000 size 4K`);
  for (let i = 9_999; i >= 0; i--) lines.push(`${'  '.repeat(i)}}`);
  const doc = analyzeDocument(lines.join('\n'), 'layout');
  assert.deepEqual(doc.issues, []);
  assert.equal(doc.model?.views[0]?.ranges[0]?.mr.name, 'leaf');
});

test('insertion order: the later of equal-priority siblings wins, unless order says otherwise', () => {
  const flat = (text: string): string => formatFlatViews(computeViews(buildLayout(parseLayout(text).file).machine));
  const base = ['container s size 16E {', '  ram first size 8K', '  io second @4K size 8K', '}'];
  assert.match(flat(base.join('\n')), /0000000000000000-0000000000000fff \(prio 0, ram\): first\n {2}0000000000001000-0000000000002fff \(prio 0, i\/o\): second/);
  const ordered = ['container s size 16E {', '  ram first size 8K order 2', '  io second @4K size 8K order 1', '}'];
  assert.match(flat(ordered.join('\n')), /0000000000000000-0000000000001fff \(prio 0, ram\): first\n {2}0000000000002000-0000000000002fff \(prio 0, i\/o\): second @0000000000001000/);
});

test('aliases: targets by name and by $id, ambiguity, default size, alias-only attributes', () => {
  assert.deepEqual(codes('container s size 16E {\n  alias a -> t offset 4K\n}\nram t size 16K'), []);
  const built = buildLayout(parseLayout('container s size 16E {\n  alias a -> t offset 4K\n}\nram t size 16K').file);
  assert.equal([...built.mrOf.values()].find((m) => m.name === 'a')?.size, 12n * 1024n);
  assert.deepEqual(codes('alias a size 4K -> t\nram t size 4K\nram t size 4K'), ['LC002@1:20']);
  assert.deepEqual(codes('alias a size 4K -> $two\nram t $one size 4K\nram t $two size 4K'), []);
  assert.deepEqual(codes('ram r size 4K -> x'), ['LP010@1:15']);
  assert.deepEqual(codes('alias a size 4K'), ['LP005@1:7']);
  assert.deepEqual(codes('ram a $x size 4K\nram b $x size 4K'), ['LC003@2:7']);
});

test('ramblocks are created in file order by find_ram_offset; host bases give HVAs', () => {
  const text = ['ram big size 1G', 'ram small size 64K', 'address-space m root big', 'ramblock small size 64K host 0x7f0000000000', 'ramblock big size 1G', 'ramblock pinned size 4K offset 0x100000000'].join('\n');
  const doc = analyzeDocument(text);
  assert.equal(doc.kind, 'layout');
  const blocks = doc.layout?.model.ramList.blocks ?? [];
  // Sorted by max length; small was created first (offset 0), big after it (rounded up to 256 KiB).
  assert.deepEqual(blocks.map((b) => [b.name, b.offset]), [['big', 0x40000n], ['small', 0n], ['pinned', 0x100000000n]]);
  assert.equal(doc.model?.bases.get('small')?.base, 0x7f0000000000n);
  assert.deepEqual(codes('ramblock a size 8K max 4K'), ['LC006@1:1', 'LC007@1:10']);
  assert.deepEqual(codes('ram a size 4K\nramblock a size 4K\nramblock a size 4K'), ['LC004@3:10']);
});

test('documents are told apart by content', () => {
  assert.equal(detectKind('# board\n\ncontainer system size 16E'), 'layout');
  assert.equal(detectKind('address-space memory root system'), 'layout');
  assert.equal(detectKind('address-space: memory\n  0000000000000000-ffffffffffffffff (prio 0, i/o): system'), 'capture');
  assert.equal(detectKind('(qemu) info mtree'), 'capture');
  assert.equal(detectKind(''), 'capture');
});
