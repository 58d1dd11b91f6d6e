import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineReader, splitLines } from '../../../src/core/capture/lines';
import { parseTrace, startsTrace } from '../../../src/core/capture/trace';

function read(text: string): { r: LineReader; s: ReturnType<typeof parseTrace> } {
  const r = new LineReader(splitLines(text).lines);
  return { r, s: parseTrace(r) };
}

// trace.txt, qemu-7.2.22 (notes §6): the placement of /rom@etc/acpi/tables after two blocks.
const SAMPLE = [
  'find_ram_offset_loop trying size: 0x20000 @ 0x8000000, offset: 0xffffffffffffffff next: 0x8000000 mingap: 0xffffffffffffffff',
  'find_ram_offset_loop trying size: 0x20000 @ 0x8040000, offset: 0x8040000 next: 0xffffffffffffffff mingap: 0xfffffffff7fbffff',
  'find_ram_offset size: 0x20000 @ 0x8040000',
].join('\n');

test('startsTrace: both events, with or without the timestamp prefix', () => {
  assert.equal(startsTrace('find_ram_offset size: 0x20000 @ 0x8040000'), true);
  assert.equal(startsTrace('find_ram_offset_loop trying size: 0x1 @ 0x2, offset: 0x3 next: 0x4 mingap: 0x5'), true);
  assert.equal(startsTrace('12345@1700000000.123456:find_ram_offset size: 0x20000 @ 0x8040000'), true);
  assert.equal(startsTrace('find_ram_offsets size: 0x1 @ 0x2'), false);
  assert.equal(startsTrace('12345@1700000000.123456:memory_region_ops_read cpu 0'), false);
  assert.equal(startsTrace(''), false);
});

test('loop lines then the chosen offset: all fields as bigint, no issues', () => {
  const { r, s } = read(SAMPLE);
  assert.deepEqual(r.issues, []);
  assert.equal(s.steps.length, 3);
  assert.deepEqual(s.steps[0], {
    kind: 'loop', size: 0x20000n, candidate: 0x8000000n, offset: 0xffffffffffffffffn, next: 0x8000000n, mingap: 0xffffffffffffffffn,
    span: { line: 0, col: 0, endLine: 0, endCol: SAMPLE.split('\n')[0]?.length },
  });
  assert.equal(s.steps[1]?.kind === 'loop' ? s.steps[1].mingap : undefined, 0xfffffffff7fbffffn);
  assert.deepEqual(s.steps[2], { kind: 'chosen', size: 0x20000n, offset: 0x8040000n, span: { line: 2, col: 0, endLine: 2, endCol: 41 } });
  assert.equal(r.pos, 3);
});

test('second block: exactly one loop line (the first block was never traced)', () => {
  const { r, s } = read('find_ram_offset_loop trying size: 0x40000 @ 0x8000000, offset: 0xffffffffffffffff next: 0xffffffffffffffff mingap: 0xffffffffffffffff\nfind_ram_offset size: 0x40000 @ 0x8000000');
  assert.deepEqual(r.issues, []);
  assert.deepEqual(s.steps.map((x) => x.kind), ['loop', 'chosen']);
});

test('timestamp prefix (log backend with -msg timestamp=on)', () => {
  const text = SAMPLE.split('\n').map((l, i) => `4242@1700000000.00000${i}:${l}`).join('\n');
  const { r, s } = read(text);
  assert.deepEqual(r.issues, []);
  assert.equal(s.steps.length, 3);
  assert.equal(s.steps[2]?.offset, 0x8040000n);
});

test('TR002: a chosen line at the start of the section or right after another chosen line', () => {
  const lines = SAMPLE.split('\n');
  const { r, s } = read([lines[2], lines[0], lines[2], lines[2]].join('\n'));
  assert.deepEqual(r.issues.map((i) => [i.code, i.span.line, i.span.col, i.span.endCol]), [['TR002', 0, 0, 41], ['TR002', 3, 0, 41]]);
  assert.equal(s.steps.length, 4);
  const p = read('7@1.000001:find_ram_offset size: 0x1000 @ 0x0');
  assert.deepEqual(p.r.issues.map((i) => [i.code, i.span.col]), [['TR002', 11]]);
});

test('TR001: the missing field is named and spanned; oversize values; trailing text', () => {
  const noMingap = 'find_ram_offset_loop trying size: 0x20000 @ 0x8000000, offset: 0x0 next: 0x8000000 gap: 0x1';
  const a = read(noMingap);
  assert.deepEqual(a.r.issues.map((i) => i.code), ['TR001']);
  assert.equal(a.r.issues[0]?.args.reason, 'expected "mingap: 0x…"');
  assert.deepEqual(a.r.issues[0]?.span, { line: 0, col: noMingap.indexOf(' gap'), endLine: 0, endCol: noMingap.indexOf(' gap') + 5 });
  assert.equal(a.s.steps.length, 0);
  assert.equal(a.r.pos, 1);
  const big = 'find_ram_offset size: 0x10000000000000000 @ 0x0';
  const b = read(big);
  assert.deepEqual(b.r.issues.map((i) => [i.code, i.span.col, i.span.endCol]), [['TR001', 22, 41]]);
  const c = read('find_ram_offset size: 0x1 @ 0x2 extra');
  assert.deepEqual(c.r.issues.map((i) => [i.code, i.span.col]), [['TR001', 31]]);
  const d = read('find_ram_offset size: 0x @ 0x2');
  assert.match(d.r.issues[0]?.args.reason ?? '', /hex digits/);
  // A malformed line leaves nothing to judge TR002 by.
  const e = read(`find_ram_offset size: 0x @ 0x2\n${SAMPLE.split('\n')[2]}`);
  assert.deepEqual(e.r.issues.map((i) => i.code), ['TR001']);
});

test('stops before lines that are not find_ram_offset events', () => {
  const { r, s } = read(`${SAMPLE}\n1@2.3:other_event x\n${SAMPLE}`);
  assert.equal(s.steps.length, 3);
  assert.equal(r.pos, 3);
});

test('never throws on garbage', () => {
  const junk = ['find_ram_offset ', 'find_ram_offset_loop ', 'find_ram_offset size: 0x' + 'f'.repeat(1 << 20), 'find_ram_offset size: \0\uFFFD', '1'.repeat(1 << 20) + '@1.1:find_ram_offset size: 0x1 @ 0x1',
    'find_ram_offset_loop trying size: 0x1 @ 0x1, offset: 0x1 next: 0x1 mingap: 0x1 ' + 'x'.repeat(1 << 20)];
  const t0 = Date.now();
  for (const j of junk) {
    startsTrace(j);
    const { r } = read(`find_ram_offset size: 0x1 @ 0x0\n${j}\n${j}`);
    assert.ok(r.pos >= 1);
  }
  assert.ok(Date.now() - t0 < 5000);
});
