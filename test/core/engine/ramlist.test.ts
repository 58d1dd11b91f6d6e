import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { U64_MAX, parseCapture } from '../../../src/core';
import type { RamBlockSection, TraceSection } from '../../../src/core';
import { candidateAfter, findRamOffset, insertBlock, roundUpU64 } from '../../../src/core/engine/ramlist';
import { addBlock, emptyRamList, formatOffsetStep, removeBlock } from './ramlist-ops';
import { formatRamblock, ramListFromSection, sizeToStr } from '../../../src/core/engine/ramblock-format';
import { replayTrace } from '../../../src/core/engine/ramlist-replay';
import type { RamBlock, RamList } from '../../../src/core/engine/ramlist';
import { FIXTURES, fixtureMachines } from '../../shared/fixtures';
import { sectionsOf } from '../../shared/helpers';

const KiB = 0x400n;
const MiB = 0x100000n;

function read(version: string, config: string, file: string): string {
  return readFileSync(join(FIXTURES, version, config, file), 'utf8');
}

/** An `info ramblock` table of QEMU 7.2's columns with these rows under the header. */
function ramblockRows(...rows: string[]): RamBlockSection {
  return ramblockOf(['              Block Name    PSize              Offset               Used              Total', ...rows].join('\n') + '\n');
}

function ramblockOf(text: string): RamBlockSection {
  const s = sectionsOf(parseCapture(text), 'ramblock');
  assert.equal(s.length, 1);
  return s[0] as RamBlockSection;
}

function traceOf(text: string): TraceSection {
  const s = sectionsOf(parseCapture(text), 'trace');
  assert.equal(s.length, 1);
  return s[0] as TraceSection;
}

/** A list from [name, offset, max] triples, in the order given. */
function listOf(...blocks: [string, bigint, bigint][]): RamList {
  return { blocks: blocks.map(([name, offset, max]): RamBlock => ({ name, offset, used: max, max })) };
}

const machines = fixtureMachines();

test('every fixture machine has a trace and a ramblock table in both QEMU versions', () => {
  const versions = new Set(machines.map(([v]) => v));
  assert.deepEqual([...versions].sort(), ['qemu-10.0', 'qemu-7.2']);
  for (const [v, c] of machines) {
    assert.ok(existsSync(join(FIXTURES, v, c, 'trace.txt')), `${v}/${c}/trace.txt`);
    assert.ok(existsSync(join(FIXTURES, v, c, 'ramblock.txt')), `${v}/${c}/ramblock.txt`);
  }
});

for (const [version, config] of machines) {
  test(`${version}/${config}: replaying trace.txt reproduces every line, and the final list is ramblock.txt`, () => {
    const traceText = read(version, config, 'trace.txt');
    const rb = ramblockOf(read(version, config, 'ramblock.txt'));
    const r = replayTrace(traceOf(traceText), rb);
    assert.deepEqual(r.mismatches, []);
    assert.deepEqual(
      r.issues.filter((i) => i.code !== 'RL006').map((i) => i.message),
      [],
    );
    // Line by line: the engine's own find_ram_offset trace is the captured one, byte for byte.
    const expected = traceText.split('\n').filter((l) => l !== '');
    const got = r.steps.map(formatOffsetStep);
    for (let i = 0; i < Math.max(expected.length, got.length); i++) assert.equal(got[i], expected[i], `trace line ${i + 1}`);
    // Final ram_list: the same rows, in the same order, at the same offsets, with the same names.
    assert.deepEqual(
      r.final.blocks.map((b) => [b.name, b.offset, b.max]),
      rb.blocks.map((b) => [b.name, b.offset, b.max]),
    );
    assert.equal(formatRamblock(r.final, { hostColumns: rb.hostColumns }), read(version, config, 'ramblock.txt'));
    // Every block was placed by a traced line except the first one, at offset 0.
    assert.equal(r.blocks[0]?.offset, 0n);
    assert.equal(r.blocks[0]?.placedAt, undefined);
    assert.ok(r.blocks.slice(1).every((b) => b.placedAt !== undefined));
  });

  test(`${version}/${config}: formatRamblock reproduces ramblock.txt byte for byte`, () => {
    const text = read(version, config, 'ramblock.txt');
    const { list, hostColumns } = ramListFromSection(ramblockOf(text));
    assert.equal(formatRamblock(list, { hostColumns }), text);
  });
}

/** churn.txt: `## start` / `## new ID size S offset O` / `## gone ID offset O`, each followed by a table. */
function churnSteps(text: string): { head: string; table: string }[] {
  const out: { head: string; rows: string[] }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) out.push({ head: line.slice(3), rows: [] });
    else if (line !== '' && !line.startsWith('#')) out[out.length - 1]?.rows.push(line);
  }
  return out.map((s) => ({ head: s.head, table: s.rows.map((l) => l + '\n').join('') }));
}

/** The HVA of a new block cannot be predicted: blank that column on both sides. */
function maskHva(table: string): string {
  return table.replace(/(?:0x[0-9a-f]{16}| {11}unknown)( {2}r[ow])$/gm, '0x????????????????$1');
}

for (const version of ['qemu-7.2', 'qemu-10.0']) {
  test(`${version}/x86_64-pc-ramblock-churn: after every step of churn.txt the engine prints the captured table`, () => {
    const steps = churnSteps(read(version, 'x86_64-pc-ramblock-churn', 'churn.txt'));
    assert.equal(steps.length, 15);
    const start = steps[0] as { head: string; table: string };
    assert.equal(start.head, 'start');
    const first = ramListFromSection(ramblockOf(start.table));
    const hostColumns = first.hostColumns;
    assert.equal(hostColumns, version === 'qemu-10.0');
    let list = first.list;
    for (const { head, table } of steps.slice(1)) {
      const add = /^new (\S+) size (0x[0-9a-f]+) offset (0x[0-9a-f]+)$/.exec(head);
      const gone = /^gone (\S+) offset (0x[0-9a-f]+)$/.exec(head);
      if (add) {
        const max = BigInt(add[2] as string);
        const r = addBlock(list, { name: '', max, pageSize: 4n * KiB, readonly: false });
        assert.ok(r.ok, head);
        assert.equal(r.offset, BigInt(add[3] as string), head);
        list = r.list;
      } else {
        assert.ok(gone, head);
        const r = removeBlock(list, BigInt(gone[2] as string));
        assert.ok(r.removed, head);
        list = r.list;
      }
      assert.equal(maskHva(formatRamblock(list, { hostColumns })), maskHva(table), head);
    }
  });

  test(`${version}/x86_64-pc-ramblock-churn: the trace alone shows which blocks were freed, and when`, () => {
    const dir = 'x86_64-pc-ramblock-churn';
    const trace = traceOf(read(version, dir, 'trace.txt'));
    const r = replayTrace(trace, ramblockOf(read(version, dir, 'ramblock.txt')));
    const freed = r.blocks.filter((b) => b.freedAt !== undefined);
    // c1 and c3 are gone before c5 is placed, c0 before c10 (churn.txt).
    assert.deepEqual(freed.map((b) => [b.offset, b.max]), [[0x9340000n, 0x4000000n], [0xd340000n, 0x2000000n], [0x10340000n, 0x3000000n]]);
    const chosenLines = trace.steps.filter((s) => s.kind === 'chosen');
    const placedC5 = chosenLines.find((s) => s.size === 0x1400000n);
    const placedC10 = chosenLines[chosenLines.length - 1];
    const lineOf = (b: (typeof freed)[number]): number => b.freedAt?.line ?? -1;
    // The free shows on the first loop line of the next placement.
    assert.ok(placedC5 && placedC10);
    assert.equal(lineOf(freed[1] as (typeof freed)[number]), lineOf(freed[2] as (typeof freed)[number]));
    assert.ok(lineOf(freed[1] as (typeof freed)[number]) < placedC5.span.line);
    assert.ok(lineOf(freed[0] as (typeof freed)[number]) < placedC10.span.line && lineOf(freed[0] as (typeof freed)[number]) > placedC5.span.line);
    assert.deepEqual(r.issues.map((i) => i.code), ['RL006', 'RL006']);
    // c10 refilled c0's place exactly: the row names the new block, not the freed one.
    assert.equal(r.blocks.filter((b) => b.offset === 0x9340000n && b.row !== undefined).length, 1);
  });
}

test('an empty list gives offset 0 and traces nothing', () => {
  const r = addBlock(emptyRamList(), { name: 'pc.ram', max: 128n * MiB });
  assert.ok(r.ok);
  assert.equal(r.offset, 0n);
  assert.deepEqual(r.steps, []);
  assert.deepEqual(r.list.blocks, [{ name: 'pc.ram', max: 128n * MiB, used: 128n * MiB, offset: 0n }]);
});

test('a new block goes after existing blocks of equal size, before smaller ones', () => {
  let list = listOf(['big', 0n, 0x1000000n], ['a', 0x1000000n, 0x40000n], ['small', 0x1040000n, 0x10000n]);
  const r = addBlock(list, { name: 'b', max: 0x40000n });
  assert.ok(r.ok);
  assert.equal(r.index, 2);
  list = r.list;
  assert.deepEqual(list.blocks.map((b) => b.name), ['big', 'a', 'b', 'small']);
  // Largest of all: first; smallest: last.
  assert.deepEqual(insertBlock(list, { name: 'huge', offset: 0x2000000n, used: 1n, max: 0x2000000n }).index, 0);
  assert.deepEqual(insertBlock(list, { name: 'tiny', offset: 0x2000000n, used: 1n, max: 0x1000n }).index, 4);
});

test('best fit: the smallest gap that fits wins, and among equal gaps the first one visited', () => {
  // Gaps: after A [0x40000, 0x100000) = 0xc0000; after B [0x140000, 0x200000) = 0xc0000; after C: to 2^64-1.
  const list = listOf(['A', 0n, 0x40000n], ['B', 0x100000n, 0x40000n], ['C', 0x200000n, 0x40000n]);
  const r = findRamOffset(list, 0x80000n);
  assert.ok(r.ok);
  assert.equal(r.offset, 0x40000n);
  assert.deepEqual(r.steps.map(formatOffsetStep), [
    'find_ram_offset_loop trying size: 0x80000 @ 0x40000, offset: 0x40000 next: 0x100000 mingap: 0xc0000',
    'find_ram_offset_loop trying size: 0x80000 @ 0x140000, offset: 0x40000 next: 0x200000 mingap: 0xc0000',
    'find_ram_offset_loop trying size: 0x80000 @ 0x240000, offset: 0x40000 next: 0xffffffffffffffff mingap: 0xc0000',
    'find_ram_offset size: 0x80000 @ 0x40000',
  ]);
  // Visiting B first (B is larger, so it comes first in ram_list) makes B's gap win.
  const swapped = listOf(['B', 0x100000n, 0x80000n], ['A', 0n, 0x40000n], ['C', 0x200000n, 0x40000n]);
  const s = findRamOffset(swapped, 0x40000n);
  assert.ok(s.ok);
  assert.equal(s.offset, 0x180000n);
  // A smaller gap found later still wins.
  const t = findRamOffset(listOf(['A', 0n, 0x40000n], ['B', 0x200000n, 0x40000n], ['C', 0x300000n, 0x40000n]), 0x40000n);
  assert.ok(t.ok);
  assert.equal(t.offset, 0x240000n);
});

test('the hole at 0 left by a freed first block is never reused', () => {
  let list = listOf(['first', 0n, 0x8000000n], ['second', 0x8000000n, 0x40000n]);
  list = removeBlock(list, 'first').list;
  assert.deepEqual(list.blocks.map((b) => b.name), ['second']);
  const r = addBlock(list, { name: 'third', max: 0x1000n });
  assert.ok(r.ok);
  assert.equal(r.offset, 0x8040000n);
});

test('nothing fits: a result that says so, with the loop lines QEMU prints before it aborts', () => {
  // The only gap runs from ROUND_UP(end) to 2^64-1: 0x3ffff bytes.
  const list = listOf(['all', 0n, U64_MAX + 1n - 0x40000n]);
  const r = addBlock(list, { name: 'x', max: 0x40000n });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.reason === 'no-gap');
  assert.equal(r.list, list);
  assert.deepEqual(r.steps.map(formatOffsetStep), [
    'find_ram_offset_loop trying size: 0x40000 @ 0xfffffffffffc0000, offset: 0xffffffffffffffff next: 0xffffffffffffffff mingap: 0xffffffffffffffff',
  ]);
  assert.ok(findRamOffset(list, 0x3ffffn).ok);
  const zero = findRamOffset(list, 0n);
  assert.ok(!zero.ok && zero.reason === 'bad-size');
});

test('ROUND_UP wraps like uint64 arithmetic; candidates use max_length, not used_length', () => {
  assert.equal(roundUpU64(0x800f000n, 0x40000n), 0x8040000n);
  assert.equal(roundUpU64(0x8040000n, 0x40000n), 0x8040000n);
  assert.equal(roundUpU64(U64_MAX, 0x40000n), 0n);
  assert.equal(candidateAfter({ name: 't', offset: 0x90c0000n, used: 0x20000n, max: 0x200000n }), 0x92c0000n);
});

test('removeBlock by offset or name; an unknown key changes nothing', () => {
  const list = listOf(['', 0x100000n, 0x40000n], ['', 0x200000n, 0x40000n]);
  const r = removeBlock(list, 0x200000n);
  assert.equal(r.removed?.offset, 0x200000n);
  assert.deepEqual(r.list.blocks.map((b) => b.offset), [0x100000n]);
  const none = removeBlock(list, 'nope');
  assert.equal(none.removed, undefined);
  assert.equal(none.list, list);
});

test('sizeToStr follows size_to_str: %0.3g and a switch to the next unit at 1000', () => {
  assert.equal(sizeToStr(4n * KiB), '4 KiB');
  assert.equal(sizeToStr(64n * KiB), '64 KiB');
  assert.equal(sizeToStr(2n * MiB), '2 MiB');
  assert.equal(sizeToStr(1n << 30n), '1 GiB');
  assert.equal(sizeToStr(0n), '0 B');
  assert.equal(sizeToStr(999n), '999 B');
  assert.equal(sizeToStr(1000n), '0.977 KiB');
  assert.equal(sizeToStr(1536n), '1.5 KiB');
  // 1.125 is a tie at three digits: glibc rounds the exact value to even.
  assert.equal(sizeToStr(1152n), '1.12 KiB');
  assert.equal(sizeToStr(U64_MAX), '16 EiB');
});

test('formatRamblock: long names push the columns right; a missing host value prints as unknown, RO as rw', () => {
  const list = listOf(['pci@800000020000000:00.0/vga.vram', 0x40000000n, 0x1000000n]);
  assert.equal(
    formatRamblock(list, { hostColumns: true }),
    '              Block Name    PSize              Offset               Used              Total                HVA  RO\n' +
      'pci@800000020000000:00.0/vga.vram    4 KiB  0x0000000040000000 0x0000000001000000 0x0000000001000000            unknown  rw\n',
  );
});

const T = (...ls: string[]): TraceSection => traceOf(ls.join('\n') + '\n');

test('replay reports a chosen offset and loop values that best fit would not give, at their lines', () => {
  const trace = T(
    'find_ram_offset_loop trying size: 0x20000 @ 0x8000000, offset: 0x8000000 next: 0xffffffffffffffff mingap: 0xfffffffff7ffffff',
    'find_ram_offset size: 0x20000 @ 0x8000000',
    'find_ram_offset_loop trying size: 0x1000 @ 0x8000000, offset: 0xffffffffffffffff next: 0x8000000 mingap: 0xffffffffffffffff',
    'find_ram_offset_loop trying size: 0x1000 @ 0x8040000, offset: 0x8040000 next: 0xffffffffffffffff mingap: 0xffffffffffffffff',
    'find_ram_offset size: 0x1000 @ 0x9000000',
  );
  const r = replayTrace(trace);
  assert.equal(r.blocks[0]?.estimated, true);
  assert.deepEqual(
    r.mismatches.map((m) => [m.kind, m.span.line]),
    [['loop-values', 3], ['chosen-offset', 4]],
  );
  assert.deepEqual(r.issues.map((i) => i.code), ['RL002', 'RL001']);
  assert.match(r.issues[0]?.message ?? '', /mingap 0xffffffffffffffff \(replay: 0xfffffffff7fbffff\)/);
  // The replay goes on from where QEMU put the block.
  assert.deepEqual(r.final.blocks.map((b) => b.offset), [0n, 0x8000000n, 0x9000000n]);
});

test('replay: a loop line for a block never placed, a trace cut short, rows the trace does not explain', () => {
  const trace = T(
    'find_ram_offset_loop trying size: 0x20000 @ 0x8000000, offset: 0x8000000 next: 0xffffffffffffffff mingap: 0xfffffffff7ffffff',
    'find_ram_offset_loop trying size: 0x20000 @ 0x9000000, offset: 0x8000000 next: 0xffffffffffffffff mingap: 0xfffffffff7ffffff',
    'find_ram_offset size: 0x20000 @ 0x8000000',
    'find_ram_offset_loop trying size: 0x1000 @ 0x8000000, offset: 0xffffffffffffffff next: 0x8000000 mingap: 0xffffffffffffffff',
    'find_ram_offset_loop trying size: 0x1000 @ 0x8040000, offset: 0x8040000 next: 0xffffffffffffffff mingap: 0xfffffffff7fbffff',
  );
  const rb = ramblockRows(
    '                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000',
    '                 pc.bios    4 KiB  0x0000000008080000 0x0000000000020000 0x0000000000020000',
    '                   other    4 KiB  0x0000000009000000 0x0000000000010000 0x0000000000010000',
  );
  const r = replayTrace(trace, rb);
  assert.deepEqual(r.issues.map((i) => `${i.code}@${i.span.line}`), ['RL004@1', 'RL003@2', 'RL007@4', 'RL008@2', 'RL009@3']);
  assert.deepEqual(r.final.blocks.map((b) => b.name), ['pc.ram', 'pc.bios']);
});

test('replay: rows out of ram_list order are reported, and a block missing from the table was freed late', () => {
  const trace = T(
    'find_ram_offset_loop trying size: 0x20000 @ 0x8000000, offset: 0x8000000 next: 0xffffffffffffffff mingap: 0xfffffffff7ffffff',
    'find_ram_offset size: 0x20000 @ 0x8000000',
    'find_ram_offset_loop trying size: 0x10000 @ 0x8000000, offset: 0xffffffffffffffff next: 0x8000000 mingap: 0xffffffffffffffff',
    'find_ram_offset_loop trying size: 0x10000 @ 0x8040000, offset: 0x8040000 next: 0xffffffffffffffff mingap: 0xfffffffff7fbffff',
    'find_ram_offset size: 0x10000 @ 0x8040000',
  );
  const rb = ramblockRows(
    '                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000',
    '                     rom    4 KiB  0x0000000008040000 0x0000000000010000 0x0000000000010000',
  );
  const r = replayTrace(trace, rb);
  assert.deepEqual(r.issues.map((i) => `${i.code}@${i.span.line}`), ['RL010@1']);
  assert.equal(r.blocks[1]?.freedAfterTrace, true);
  const swapped = ramblockRows(
    '                     rom    4 KiB  0x0000000008040000 0x0000000000010000 0x0000000000010000',
    '                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000',
    '                 pc.bios    4 KiB  0x0000000008000000 0x0000000000020000 0x0000000000020000',
  );
  const s = replayTrace(trace, swapped);
  assert.deepEqual(s.mismatches.map((m) => (m.kind === 'row-order' ? [m.row.name, m.expected, m.found] : m.kind)), [['rom', 3, 1]]);
});

test('replay of an empty trace: just the first block, from the row at offset 0', () => {
  const rb = ramblockRows('                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000');
  const r = replayTrace({ kind: 'trace', steps: [], span: { line: 0, col: 0, endLine: 0, endCol: 0 } }, rb);
  assert.deepEqual(r.mismatches, []);
  assert.deepEqual(r.final.blocks.map((b) => [b.name, b.offset]), [['pc.ram', 0n]]);
  assert.deepEqual(replayTrace({ kind: 'trace', steps: [], span: { line: 0, col: 0, endLine: 0, endCol: 0 } }).final.blocks, []);
});

test('replay of a real trace with one chosen offset changed: exactly that line is reported', () => {
  const text = read('qemu-7.2', 'x86_64-pc', 'trace.txt');
  const lines = text.split('\n');
  const last = lines.length - 2;
  assert.equal(lines[last], 'find_ram_offset size: 0x1000 @ 0x9300000');
  lines[last] = 'find_ram_offset size: 0x1000 @ 0x9340000';
  const r = replayTrace(traceOf(lines.join('\n')));
  assert.deepEqual(r.mismatches, [
    { kind: 'chosen-offset', span: { line: last, col: 0, endLine: last, endCol: (lines[last] ?? '').length }, size: 0x1000n, traced: 0x9340000n, computed: 0x9300000n },
  ]);
  assert.equal(r.issues[0]?.message, 'find_ram_offset chose 0x9340000, but best fit over the replayed ram_list gives 0x9300000');
});

/** QEMU's find_ram_offset, transcribed literally (nested loop), as the reference for the fast one. */
function referenceFind(list: RamList, size: bigint): { offset: bigint | undefined; lines: string[] } {
  if (list.blocks.length === 0) return { offset: 0n, lines: [] };
  let offset = U64_MAX;
  let mingap = U64_MAX;
  const lines: string[] = [];
  for (const block of list.blocks) {
    const candidate = roundUpU64(block.offset + block.max, 0x40000n);
    let next = U64_MAX;
    for (const nb of list.blocks) if (nb.offset >= candidate && nb.offset < next) next = nb.offset;
    if (next - candidate >= size && next - candidate < mingap) {
      offset = candidate;
      mingap = next - candidate;
    }
    lines.push(formatOffsetStep({ kind: 'loop', size, candidate, offset, next, mingap }));
  }
  if (offset === U64_MAX) return { offset: undefined, lines };
  lines.push(formatOffsetStep({ kind: 'chosen', size, offset }));
  return { offset, lines };
}

test('random adds and frees: the engine traces exactly what the literal nested loop does', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const sizes = [0x1000n, 0xf000n, 0x10000n, 0x40000n, 0x101000n, 0x1000000n, 0x4000000n];
  for (let run = 0; run < 20; run++) {
    let list = emptyRamList();
    for (let step = 0; step < 60; step++) {
      if (list.blocks.length > 2 && rand(4) === 0) {
        list = removeBlock(list, (list.blocks[rand(list.blocks.length)] as RamBlock).offset).list;
        continue;
      }
      const size = sizes[rand(sizes.length)] as bigint;
      const ref = referenceFind(list, size);
      const r = addBlock(list, { name: '', max: size });
      assert.deepEqual(r.steps.map(formatOffsetStep), ref.lines);
      assert.ok(r.ok);
      assert.equal(r.offset, ref.offset);
      list = r.list;
      // ram_list stays sorted by max_length, biggest first.
      assert.ok(list.blocks.every((b, i) => i === 0 || (list.blocks[i - 1] as RamBlock).max >= b.max));
    }
  }
});
