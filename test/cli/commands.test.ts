import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { runInMemory as run } from './run';
import { FIXTURES, fixtureMachines } from '../shared/fixtures';

const read = (version: string, config: string, file: string): string => readFileSync(join(FIXTURES, version, config, file), 'utf8');

/** QEMU prints views in hash order with hash-order numbers: compare the blocks as a sorted set. */
function viewBlocks(text: string): string[] {
  return text.split('\n\n').map((b) => b.replace(/^FlatView #\d+\n/, '').trim()).filter((b) => b.length > 0).sort();
}

for (const [version, config] of fixtureMachines()) {
  test(`${version}/${config}: flatview prints QEMU's info mtree -f text`, () => {
    const file = read(version, config, 'mtree-D.txt') + '\n' + read(version, config, 'mtree-f.txt');
    const r = run({ cap: file }, 'flatview', 'cap');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(viewBlocks(r.out), viewBlocks(read(version, config, 'mtree-f.txt')));
  });

  test(`${version}/${config}: ramblocks reprints and recomputes info ramblock`, () => {
    const ramblock = read(version, config, 'ramblock.txt');
    const file = ramblock + '\n' + read(version, config, 'trace.txt');
    assert.equal(run({ cap: file }, 'ramblocks', 'cap').out, ramblock);
    const recomputed = run({ cap: file }, 'ramblocks', 'cap', '--recompute');
    assert.equal(recomputed.code, 0);
    assert.equal(recomputed.out, ramblock);
  });
}

test('gpa2hva prints QEMU answers word for word', () => {
  const [v, c] = ['qemu-10.0', 'x86_64-pc'];
  const file = [read(v, c, 'mtree-D.txt'), read(v, c, 'mtree-f.txt'), read(v, c, 'ramblock.txt')].join('\n');
  const lines = read(v, c, 'gpa2hva.txt').trim().split('\n');
  const asked = lines.filter((_, i) => i % 2 === 0).map((l) => l.replace('(qemu) gpa2hva ', ''));
  const r = run({ cap: file }, 'gpa2hva', 'cap', ...asked);
  assert.equal(r.code, 0);
  assert.deepEqual(r.out.trim().split('\n'), lines.filter((_, i) => i % 2 === 1));
});

test('why names the winner; hva2gpa finds every address space; --json is JSON', () => {
  const [v, c] = ['qemu-10.0', 'x86_64-pc-4G'];
  const file = [read(v, c, 'mtree-D.txt'), read(v, c, 'mtree-f.txt'), read(v, c, 'ramblock.txt')].join('\n');
  const why = run({ cap: file }, 'why', 'cap', '0x100000000');
  assert.match(why.out, /pc\.ram .*WINS/);
  const json = JSON.parse(run({ cap: file }, 'gpa2hva', 'cap', '0x100000000', '--json').out) as { chain: string[]; ramAddr: string }[];
  assert.deepEqual(json[0]?.chain, ['system', 'ram-above-4g', 'pc.ram']);
  assert.equal(json[0]?.ramAddr, '0xc0000000');
  const hva = /is (0x[0-9a-f]+)/.exec(run({ cap: file }, 'gpa2hva', 'cap', '0x0').out)?.[1] as string;
  const back = run({ cap: file }, 'hva2gpa', 'cap', hva);
  assert.match(back.out, /0x0 in .*memory/);
});

test('lint: exit 1 on errors, 0 without, 2 on usage errors; PATH:LINE:COL format', () => {
  const bad = 'address-space: memory\n  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n    0000000000001000-0000000000000fff (prio 0, ram): backwards\n';
  const r = run({ bad }, 'lint', 'bad');
  assert.equal(r.code, 1);
  assert.equal(r.out, 'bad:3:5: error MT006: End 0000000000000fff is below start 0000000000001000\n');
  assert.equal(run({ ok: read('qemu-7.2', 'x86_64-pc', 'mtree.txt') }, 'lint', 'ok').code, 0);
  assert.equal(run({}, 'lint').code, 2);
  assert.equal(run({}, 'frobnicate').code, 2);
  assert.equal(run({}, 'gpa2hva', 'x', 'nothex').code, 2);
  assert.equal(run({}, 'gpa2hva', 'x', '0x10000000000000000').code, 2);
  assert.equal(run({}, 'lint', 'missing').code, 2);
});

test('parse summarises and --json round-trips bigints as hex strings', () => {
  const r = run({ f: read('qemu-7.2', 'x86_64-pc', 'transcript.txt') }, 'parse', 'f');
  assert.match(r.out, /address spaces/);
  const j = JSON.parse(run({ f: read('qemu-7.2', 'x86_64-pc', 'ramblock.txt') }, 'parse', 'f', '--json').out) as { sections: { blocks: { max: string }[] }[] };
  assert.equal(j.sections[0]?.blocks[0]?.max, '0x8000000');
});

test('parseArgs: -o is the short form of --out, only where --out is taken', () => {
  assert.equal(parseArgs(['-o', 'out.memlayout', 'in.mtree'], [], ['--out']).values.get('--out'), 'out.memlayout');
  assert.deepEqual(parseArgs(['-o', 'in.mtree'], ['--json']).rest, ['-o', 'in.mtree']);
  assert.throws(() => parseArgs(['in.mtree', '-o'], [], ['--out']), /--out needs a value/);
});
