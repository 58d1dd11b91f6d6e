import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressAt, parseAddress, validateAddress } from '../../src/client/address';
import { chooseSpace, spaceForItem, spaceNames } from '../../src/client/spaces';
import { RestartPolicy } from '../../src/client/restart-policy';
import type { WireModel } from '../../src/protocol';

test('parseAddress: 0x hex and decimal, separators, below 2^64 only', () => {
  assert.equal(parseAddress('0xFEE00000'), 0xfee00000n);
  assert.equal(parseAddress(' 4096 '), 4096n);
  assert.equal(parseAddress('0x1_0000_0000'), 0x100000000n);
  assert.equal(parseAddress('0xffffffffffffffff'), (1n << 64n) - 1n);
  assert.equal(parseAddress('0x10000000000000000'), undefined);
  assert.equal(parseAddress('fee00000'), undefined);
  assert.equal(parseAddress('4G'), undefined);
  assert.equal(parseAddress(''), undefined);
});

test('validateAddress: a message that says what to fix', () => {
  assert.equal(validateAddress('0x1000'), undefined);
  assert.match(validateAddress('') ?? '', /Type an address/);
  assert.match(validateAddress('fee00000') ?? '', /0x prefix/);
  assert.match(validateAddress('0x10000000000000000') ?? '', /below 2\^64/);
  assert.match(validateAddress('pc.ram') ?? '', /Not an address/);
});

test('addressAt: QEMU\'s bare hex in captures, 0x everywhere, decimal in layouts, never inside names', () => {
  const mtree = '    00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios @0000000000020000';
  assert.equal(addressAt(mtree, 8, true), '0xfffc0000');
  assert.equal(addressAt(mtree, 25, true), '0xffffffff');
  assert.equal(addressAt(mtree, mtree.indexOf('@') + 3, true), '0x20000');
  assert.equal(addressAt(mtree, mtree.indexOf('pc.bios') + 1, true), undefined);
  assert.equal(addressAt('  pc.ram  4 KiB  0x7f3c00000000', 20, true), '0x7f3c00000000');
  assert.equal(addressAt('  rom pc.bios @4G - 256K size 256K', 3, false), undefined);
  assert.equal(addressAt('ramblock pc.ram size 128M host 0x7f3c00000000', 40, false), '0x7f3c00000000');
  assert.equal(addressAt('  io ioapic @4273995776 size 4K', 16, false), '0xfec00000');
  assert.equal(addressAt('  ram gicv3_redist_region[0] size 1', 22, false), undefined);
});

const model = (gpaSpace: string | undefined): WireModel => ({
  uri: 'file:///x', version: 1, kind: 'capture', gpaSpace, blocks: [],
  spaces: [{ names: ['memory', 'cpu-memory-0'], root: undefined }, { names: ['I/O'], root: undefined }],
  views: [{ spaces: ['cpu-secure-memory-0'], root: undefined, ranges: [] }],
});

test('address spaces: picked, then the setting, then the GPA space, then the first; unknown names skipped', () => {
  assert.deepEqual(spaceNames(model('memory')), ['memory', 'cpu-memory-0', 'I/O', 'cpu-secure-memory-0']);
  assert.equal(chooseSpace(model('memory'), 'I/O', 'cpu-memory-0'), 'I/O');
  assert.equal(chooseSpace(model('memory'), 'gone', 'cpu-memory-0'), 'cpu-memory-0');
  assert.equal(chooseSpace(model('memory'), undefined, 'nope'), 'memory');
  assert.equal(chooseSpace(model(undefined), undefined, undefined), 'memory');
  assert.equal(chooseSpace({ ...model(undefined), spaces: [], views: [] }, 'memory', undefined), undefined);
});

test('a tree item answers in the current space when its view shares it, else in its own', () => {
  assert.equal(spaceForItem(['memory', 'cpu-memory-0'], 'cpu-memory-0'), 'cpu-memory-0');
  assert.equal(spaceForItem(['I/O'], 'memory'), 'I/O');
  assert.equal(spaceForItem([], 'memory'), 'memory');
  assert.equal(spaceForItem(['I/O'], undefined), 'I/O');
});

test('restart policy: restarts up to the limit within the window, gives up after, forgets old crashes and resets', () => {
  const p = new RestartPolicy(3, 60_000);
  assert.deepEqual([p.crashed(0), p.crashed(1000), p.crashed(2000), p.crashed(3000)], ['restart', 'restart', 'restart', 'give-up']);
  p.reset();
  assert.equal(p.crashed(4000), 'restart');
  const q = new RestartPolicy(2, 60_000);
  assert.deepEqual([q.crashed(0), q.crashed(30_000), q.crashed(70_000), q.crashed(80_000)], ['restart', 'restart', 'restart', 'give-up']);
  assert.equal(q.recent, 3);
});
