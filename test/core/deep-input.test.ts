import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addSubregion, analyzeDocument, flattenRegion, formatWhy, makeMr, parseCapture, parseLayout, whyAddress } from '../../src/core';
import type { GdbMemoryRegionSection, Mr, RegionNode } from '../../src/core';
import { hex16 } from '../../src/core';
import { aliasChainMtree } from '../fuzz/corpus';
import { hoverAt } from '../../src/core/features/hover';
import { DocumentIndex } from '../../src/core/features/locate';
import { sectionsOf } from '../shared/helpers';

const DEPTH = 10_000;

test('info mtree 10,000 levels deep: every level parsed, nested, and flattened, without recursion', () => {
  const lines = ['address-space: memory'];
  for (let d = 0; d < DEPTH; d++) lines.push(`${'  '.repeat(d + 1)}0000000000000000-ffffffffffffffff (prio 0, i/o): c${d}`);
  lines.push(`${'  '.repeat(DEPTH + 1)}0000000000001000-0000000000001fff (prio 0, ram): leaf`);
  const text = lines.join('\n') + '\n';
  const c = parseCapture(text);
  assert.deepEqual(c.issues, []);
  const [mt] = sectionsOf(c, 'mtree');
  let node = mt?.groups[0]?.root as RegionNode;
  let depth = 0;
  while (node.children.length > 0) {
    assert.equal(node.children.length, 1);
    node = node.children[0] as RegionNode;
    depth++;
  }
  assert.equal(depth, DEPTH);
  assert.equal(node.name, 'leaf');
  const doc = analyzeDocument(text, 'capture');
  assert.equal(doc.model?.views.find((v) => v.ranges.length > 0)?.ranges.find((r) => r.mr.name === 'leaf')?.start, 0x1000n);
});

test('gdb dump_memory_region 10,000 levels deep parses as one chain', () => {
  const lines = ['Dump MemoryRegion:system'];
  for (let d = 0; d < DEPTH; d++) lines.push(`${'  '.repeat(d)}[${hex16(0n)}-${hex16(0xfffffn)}]:c${d}`);
  const c = parseCapture(lines.join('\n'));
  const sec = c.sections.find((s) => s.kind === 'gdb-memory-region') as GdbMemoryRegionSection;
  let depth = 0;
  for (let n = sec.root; n && n.children.length > 0; n = n.children[0]) depth++;
  assert.equal(depth, DEPTH - 1);
});

test('flattenRegion: a chain of 10,000 containers and a chain of 10,000 aliases, without recursion', () => {
  let id = 1;
  const root = makeMr(id++, 'root', 'container', 0n, 1n << 64n);
  let top = root;
  for (let d = 0; d < DEPTH; d++) {
    const c = makeMr(id++, `c${d}`, 'container', 0n, 1n << 40n);
    addSubregion(top, c);
    top = c;
  }
  addSubregion(top, makeMr(id++, 'leaf', 'ram', 0x1000n, 0x1000n));
  const deep = flattenRegion(root);
  assert.deepEqual(deep.map((r) => [r.mr.name, r.start, r.size]), [['leaf', 0x1000n, 0x1000n]]);

  const ram = makeMr(id++, 'ram', 'ram', 0n, 0x10000n);
  let target: Mr = ram;
  for (let d = 0; d < DEPTH; d++) target = makeMr(id++, `a${d}`, 'container', 0n, 0x10000n, { alias: target });
  const sys = makeMr(id++, 'sys', 'container', 0n, 1n << 64n);
  addSubregion(sys, { ...target, addr: 0x100000n });
  const viaAliases = flattenRegion(sys);
  assert.deepEqual(viaAliases.map((r) => [r.mr.name, r.start, r.size, r.offset]), [['ram', 0x100000n, 0x10000n, 0n]]);
});

test('layout text with a white space that is not a separator (NBSP, BOM) ends in one LX001, not a hang', () => {
  for (const odd of ['\u00a0', '\ufeff', '\u2028']) {
    const { issues } = parseLayout(`ram a${odd} size 4K\nram b size 4K`);
    assert.deepEqual(issues.map((i) => `${i.code}@${i.span.line + 1}:${i.span.col + 1}`), ['LX001@1:6']);
  }
});

test('why through 10,000 aliases: every level listed, deep ones saying their depth, not indented by it; the hover shows the top of the walk', () => {
  let id = 1;
  const ram = makeMr(id++, 'ram', 'ram', 0n, 0x10000n);
  let target: Mr = ram;
  for (let d = 0; d < DEPTH; d++) target = makeMr(id++, `a${d}`, 'container', 0n, 0x10000n, { alias: target });
  const sys = makeMr(id++, 'sys', 'container', 0n, 1n << 64n);
  addSubregion(sys, { ...target, addr: 0x100000n });
  const why = whyAddress(sys, 0x100010n);
  assert.equal(why.winner?.mr, ram);
  const lines = formatWhy(why);
  assert.equal(lines.length, why.entries.length);
  assert.ok(lines.length > DEPTH);
  // Linear: no line is longer than 64 spaces of indentation and what it says.
  assert.ok(lines.every((l) => l.length < 300), 'a line grew with its depth');
  assert.match(lines[lines.length - 1] as string, /^ {64}\[depth \d+\] ram \(0000000000100000-000000000010ffff, prio 0, ram\) @0x10: WINS/);
  assert.match(lines[1] as string, /^ {2}a9999 \(.*, ram\) /);

  // A capture whose first alias leads through the whole chain: hover the START of its line.
  const text = aliasChainMtree(DEPTH);
  const hover = hoverAt(new DocumentIndex(analyzeDocument(text, 'capture')), text.split('\n')[2] as string, 2, 6)?.markdown ?? '';
  assert.match(hover, /Why \(render order\):/);
  assert.match(hover, /… \d+ more \(the Why command shows the whole walk\)/);
  assert.ok(hover.length < 20_000, `hover of ${hover.length} characters`);
});
