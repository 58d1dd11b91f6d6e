import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineReader, splitLines } from '../../../src/core/capture/lines';
import { hmpNumber, parseGpa2hva, startsGpa2hva } from '../../../src/core/capture/gpa2hva';

function read(text: string): { r: LineReader; s: ReturnType<typeof parseGpa2hva> } {
  const r = new LineReader(splitLines(text).lines);
  return { r, s: parseGpa2hva(r) };
}

// gpa2hva.txt, qemu-7.2.22 (notes §5).
const TSV = [
  '0x0000000000100000\tHost virtual address for 0x100000 (pc.ram) is 0x7f91ebf00000',
  '0x00000000000a0000\tMemory at address 0xa0000 is not RAM',
  '0x0000000000000000\tHost virtual address for 0x0 (virt.flash0) is 0x7f8a7fc00000',
  '0x0000000008000000\tNo memory is mapped at address 0x8000000',
  '0xffffffffffffffff\tNo memory is mapped at address 0xffffffffffffffff',
].join('\n');

test('startsGpa2hva: answers, answer columns and prompts only', () => {
  assert.equal(startsGpa2hva('Host virtual address for 0x100000 (pc.ram) is 0x7f91ebf00000'), true);
  assert.equal(startsGpa2hva('Memory at address 0xa0000 is not RAM'), true);
  assert.equal(startsGpa2hva('No memory is mapped at address 0x8000000'), true);
  assert.equal(startsGpa2hva('0x0000000000100000\tHost virtual address for 0x100000 (pc.ram) is 0x7f91ebf00000'), true);
  assert.equal(startsGpa2hva('(qemu) gpa2hva 0x100000'), true);
  assert.equal(startsGpa2hva('(qemu) gpa2hvax 0x1'), false);
  assert.equal(startsGpa2hva('(qemu) info mtree'), false);
  assert.equal(startsGpa2hva('Memory at address 0xa0000 is fine'), false);
  assert.equal(startsGpa2hva('0x1\tsomething else'), false);
  assert.equal(startsGpa2hva('number too large'), false);
});

test('answer columns: every kind, askSpan on the column, span on the answer', () => {
  const { r, s } = read(TSV);
  assert.deepEqual(r.issues, []);
  assert.equal(s.answers.length, 5);
  const [hva, io, flash, none, top] = s.answers;
  assert.deepEqual(hva?.result, { kind: 'hva', region: 'pc.ram', hva: 0x7f91ebf00000n, regionSpan: { line: 0, col: 54, endLine: 0, endCol: 60 } });
  assert.equal(hva?.gpa, 0x100000n);
  assert.deepEqual(hva?.askSpan, { line: 0, col: 0, endLine: 0, endCol: 18 });
  assert.deepEqual(hva?.span, { line: 0, col: 19, endLine: 0, endCol: TSV.split('\n')[0]?.length });
  assert.deepEqual(io?.result, { kind: 'not-ram' });
  assert.equal(io?.gpa, 0xa0000n);
  assert.equal(flash?.result.kind, 'hva');
  assert.equal(flash?.gpa, 0n);
  assert.deepEqual(none?.result, { kind: 'unmapped' });
  assert.equal(top?.gpa, 0xffffffffffffffffn);
  assert.equal(r.pos, 5);
  assert.deepEqual(s.span, { line: 0, col: 0, endLine: 4, endCol: TSV.split('\n')[4]?.length });
});

test('bare answers and region names with spaces and parentheses', () => {
  const line = 'Host virtual address for 0x1000 (my (odd) region) is 0x) is 0x7f0000001000';
  const { r, s } = read(`Host virtual address for 0x1000 (my (odd) region) is 0x7f0000001000\n${line}`);
  assert.equal(s.answers[0]?.result.kind, 'hva');
  const first = s.answers[0]?.result;
  assert.ok(first?.kind === 'hva');
  assert.equal(first.region, 'my (odd) region');
  assert.equal(first.hva, 0x7f0000001000n);
  // The last ") is " wins, so the name takes the inner one.
  const second = s.answers[1]?.result;
  assert.ok(second?.kind === 'hva');
  assert.equal(second.region, 'my (odd) region) is 0x');
  assert.deepEqual(r.issues, []);
  assert.equal(s.answers[0]?.askSpan, undefined);
});

test('prompts: askSpan, r.prompts, hex, decimal and octal questions', () => {
  const text = [
    '(qemu) gpa2hva 0x100000',
    'Host virtual address for 0x100000 (pc.ram) is 0x7f91ebf00000',
    '(qemu) gpa2hva 655360',
    'Memory at address 0xa0000 is not RAM',
    '(qemu) gpa2hva 010',
    'Host virtual address for 0x8 (pc.ram) is 0x7f91ebe00008',
  ].join('\n');
  const { r, s } = read(text);
  assert.deepEqual(r.issues, []);
  assert.equal(s.answers.length, 3);
  assert.deepEqual(s.answers[0]?.askSpan, { line: 0, col: 15, endLine: 0, endCol: 23 });
  assert.deepEqual(s.answers[0]?.span, { line: 1, col: 0, endLine: 1, endCol: 60 });
  assert.deepEqual(r.prompts.map((p) => [p.tool, p.command, p.span.line]), [
    ['qemu', 'gpa2hva 0x100000', 0],
    ['qemu', 'gpa2hva 655360', 2],
    ['qemu', 'gpa2hva 010', 4],
  ]);
  assert.equal(r.pos, 6);
});

test('GH002: the answer is for another address, reported on the answered address', () => {
  const { r } = read('(qemu) gpa2hva 0x1000\nNo memory is mapped at address 0x2000');
  assert.deepEqual(r.issues.map((i) => i.code), ['GH002']);
  assert.equal(r.issues[0]?.severity, 'warning');
  assert.deepEqual(r.issues[0]?.span, { line: 1, col: 31, endLine: 1, endCol: 37 });
  assert.deepEqual(r.issues[0]?.args, { answered: '0x2000', asked: '0x1000' });
  const col = read('0x0000000000001000\tMemory at address 0x1001 is not RAM');
  assert.deepEqual(col.r.issues.map((i) => i.code), ['GH002']);
});

test('monitor errors: number too large + Try help, as an error answer with GH003', () => {
  const text = '(qemu) gpa2hva 0x10000000000000000\nnumber too large\nTry "help gpa2hva" for more information\n(qemu) info mtree';
  const { r, s } = read(text);
  assert.deepEqual(r.issues.map((i) => [i.code, i.severity]), [['GH003', 'information']]);
  assert.deepEqual(r.issues[0]?.span, { line: 1, col: 0, endLine: 2, endCol: 39 });
  assert.deepEqual(s.answers[0]?.result, { kind: 'error', text: 'number too large' });
  assert.deepEqual(s.answers[0]?.askSpan, { line: 0, col: 15, endLine: 0, endCol: 34 });
  assert.equal(r.pos, 3);
  const other = read('(qemu) gpa2hva foo\nunknown register\nTry "help gpa2hva" for more information');
  assert.deepEqual(other.s.answers[0]?.result, { kind: 'error', text: 'unknown register' });
  assert.equal(other.r.pos, 3);
});

test('GH001: malformed answers and a question without an answer', () => {
  const bad = 'Host virtual address for 0x100000 (pc.ram) is nowhere';
  const a = read(bad);
  assert.deepEqual(a.r.issues.map((i) => i.code), ['GH001']);
  assert.deepEqual(a.r.issues[0]?.span, { line: 0, col: 46, endLine: 0, endCol: bad.length });
  const b = read('Host virtual address for 100000 (pc.ram) is 0x7f00');
  assert.deepEqual(b.r.issues[0]?.span, { line: 0, col: 25, endLine: 0, endCol: 31 });
  const c = read('No memory is mapped at address 0x10000000000000000');
  assert.match(c.r.issues[0]?.args.reason ?? '', /64 bits/);
  const d = read('(qemu) gpa2hva 0x1000\n(qemu) gpa2hva 0x2000\nNo memory is mapped at address 0x2000');
  assert.deepEqual(d.r.issues.map((i) => [i.code, i.span.line]), [['GH001', 0]]);
  assert.equal(d.s.answers.length, 1);
  const e = read('0x0000000000001000\tsomething odd');
  assert.deepEqual(e.r.issues.map((i) => [i.code, i.span.col]), [['GH001', 19]]);
});

test('stops before other formats and blank lines', () => {
  const { r, s } = read(`${TSV.split('\n')[0]}\n\nfind_ram_offset size: 0x1 @ 0x0`);
  assert.equal(s.answers.length, 1);
  assert.equal(r.pos, 1);
});

test('hmpNumber follows strtoull base 0', () => {
  assert.equal(hmpNumber('0x10'), 16n);
  assert.equal(hmpNumber('010'), 8n);
  assert.equal(hmpNumber('10'), 10n);
  assert.equal(hmpNumber('0'), 0n);
  assert.equal(hmpNumber('18446744073709551616'), 'big');
  assert.equal(hmpNumber('9'.repeat(100000)), 'big');
  assert.equal(hmpNumber('$pc'), undefined);
});

test('never throws on garbage', () => {
  const junk = ['\0', '\uFFFD'.repeat(100), 'Host virtual address for ', 'Host virtual address for 0x', 'Host virtual address for 0x1 (', 'Host virtual address for 0x1 (a) is ',
    'Host virtual address for 0x' + 'f'.repeat(1 << 20), 'Host virtual address for 0x1 (' + ') is '.repeat(200000), '0x' + '1'.repeat(1 << 20) + '\tNo memory is mapped at address 0x1',
    '(qemu) gpa2hva ' + '7'.repeat(1 << 20), '(qemu) gpa2hva', 'number too large', 'Memory at address  is not RAM'];
  const t0 = Date.now();
  for (const j of junk) {
    for (const text of [j, `${j}\n${j}`, `(qemu) gpa2hva 1\n${j}`]) {
      if (!startsGpa2hva(text.split('\n')[0] ?? '')) continue;
      const { r } = read(text);
      assert.ok(r.pos >= 1);
    }
  }
  assert.ok(Date.now() - t0 < 5000);
});
