import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reflattenDocument } from '../../src/client/reflatten-text';
import type { ReflattenRequest } from '../../src/protocol';
import { PC_4G, serverAnswers } from './models';

const text = [
  'FlatView #0', ' AS "memory", root: system', ' AS "cpu-memory-0", root: system', ' Root memory region: system',
  '  0000000000000000-000000000009ffff (prio 0, ram): pc.ram',
  '  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem', '',
  'FlatView #1', ' AS "I/O", root: io', ' Root memory region: io', '  0000000000000000-0000000000000007 (prio 0, i/o): dma-chan', '', '',
].join('\n');

test('identical views: the header says so and nothing is highlighted', () => {
  const d = reflattenDocument('pc.txt', { text, differences: [], compared: true, assumptions: [] });
  assert.equal(d.text.split('\n')[0], '# Recomputed from pc.txt: identical to the captured flat view.');
  assert.deepEqual([d.added, d.removed], [[], []]);
  assert.ok(d.text.endsWith(text));
});

test('no captured flat view: the header says there is nothing to compare with', () => {
  const d = reflattenDocument('board.memlayout', { text, differences: [], compared: false, assumptions: [] });
  assert.match(d.text, /^# Recomputed from board\.memlayout, which holds no captured flat view/);
});

test('differences: listed in the header, and the recomputed lines highlighted in the right view only', () => {
  const r: ReflattenRequest.Result = {
    text, compared: true, assumptions: [],
    differences: [{ spaces: 'cpu-memory-0, memory', onlyComputed: ['  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem'], onlyCaptured: ['  00000000000a0000-00000000000bffff (prio 1, rom): vga-lowmem'] }],
  };
  const d = reflattenDocument('pc.txt', r);
  const out = d.text.split('\n');
  assert.match(out[0] as string, /2 lines differ from the captured flat view/);
  assert.deepEqual(d.added.map((l) => out[l]), ['#     + 00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem', '  00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem']);
  assert.deepEqual(d.removed.map((l) => out[l]), ['#     - 00000000000a0000-00000000000bffff (prio 1, rom): vga-lowmem']);
});

test('a differing root line is found (the text indents it, the diff does not)', () => {
  const d = reflattenDocument('x', { text, compared: true, assumptions: [], differences: [{ spaces: 'I/O', onlyComputed: ['Root memory region: io'], onlyCaptured: ['Root memory region: io2'] }] });
  const out = d.text.split('\n');
  assert.ok(d.added.some((l) => out[l] === ' Root memory region: io'));
});

test('a real capture reflattens identically', () => {
  const { reflatten } = serverAnswers(PC_4G);
  assert.ok(reflatten);
  const d = reflattenDocument('pc-4g.txt', reflatten);
  assert.match(d.text, /identical to the captured flat view/);
  assert.deepEqual(d.added, []);
});

test('ranges that rest on an assumption are listed under the header with what was assumed', () => {
  const line = '00000000000a0000-00000000000bffff (prio 1, i/o): vga-lowmem';
  const d = reflattenDocument('pc.txt', { text, differences: [], compared: false, assumptions: [{ spaces: 'cpu-memory-0, memory', line, notes: ['rests on an assumption: vga-lowmem is taken as an I/O region'] }] });
  const out = d.text.split('\n');
  assert.match(out[1] as string, /^# 1 range rests on a fact neither the capture nor QEMU's source settles/);
  assert.equal(out[2], `#   ? AS cpu-memory-0, memory: ${line}`);
  assert.equal(out[3], '#       rests on an assumption: vga-lowmem is taken as an I/O region');
});
