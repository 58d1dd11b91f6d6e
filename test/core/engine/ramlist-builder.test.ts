/**
 * The incremental ram_list builder against findRamOffset and insertBlock (themselves checked against
 * QEMU's traces in ramlist.test): the same offsets, failures and list order for any sequence of
 * found and pinned blocks, wrapping and duplicate offsets included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { U64_MAX } from '../../../src/core';
import { findRamOffset, insertBlock } from '../../../src/core/engine/ramlist';
import { emptyRamList } from './ramlist-ops';
import type { RamBlock, RamList } from '../../../src/core/engine/ramlist';
import { RamListBuilder } from '../../../src/core/engine/ramlist-builder';

const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
console.log(`ramlist-builder: QMM_SEED=${seed}`);

const K64 = 0x10000n;
/** Sizes and offsets that make gaps equal, wrap around 2^64, or do not fit. */
const size = fc.oneof(
  fc.bigInt({ min: 1n, max: 8n }).map((n) => n * K64),
  fc.constantFrom(0n, 1n, 0x40000n, 0x40001n, 1n << 40n, U64_MAX - 0x3ffffn, U64_MAX, U64_MAX + 1n),
);
const offset = fc.oneof(
  fc.bigInt({ min: 0n, max: 64n }).map((n) => n * K64),
  fc.constantFrom(U64_MAX - 0xffffn, U64_MAX, U64_MAX + 1n, 1n << 63n),
);
const step = fc.oneof(
  fc.record({ kind: fc.constant('find' as const), max: size }),
  fc.record({ kind: fc.constant('pin' as const), max: size, offset }),
);

test('the builder finds what findRamOffset finds and links blocks as insertBlock does', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 40 }), fc.constantFrom(0x40000n, 0x1000n, 1n), (steps, align) => {
      const builder = new RamListBuilder(align);
      let list: RamList = emptyRamList();
      steps.forEach((s, i) => {
        const expected = findRamOffset(list, s.max, align);
        const got = builder.find(s.max);
        assert.deepEqual(got, expected.ok ? { ok: true, offset: expected.offset } : { ok: false, reason: expected.reason });
        let placed: bigint | undefined;
        if (s.kind === 'pin') placed = s.offset;
        else if (expected.ok) placed = expected.offset;
        if (placed === undefined) return;
        const block: RamBlock = { name: `b${i}`, offset: placed, used: s.max, max: s.max };
        list = insertBlock(list, block).list;
        builder.insert(block);
        assert.deepEqual(builder.list(), list);
      });
    }),
    { seed, numRuns: 3000 },
  );
});

test('a list of blocks of one size, all found: each goes right after the last', () => {
  const builder = new RamListBuilder();
  for (let i = 0n; i < 2000n; i++) {
    const found = builder.find(K64);
    assert.deepEqual(found, { ok: true, offset: i * 0x40000n });
    builder.insert({ name: `b${i}`, offset: i * 0x40000n, used: K64, max: K64 });
  }
  assert.equal(builder.list().blocks.length, 2000);
});
