import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addSubregion, addSubregions, makeMr } from '../../../src/core/engine/mr';
import type { Mr } from '../../../src/core/engine/mr';
import { referenceInsertSubregion } from './reference-flatten';

/** Seeded so a failure can be replayed: QMM_SEED=<n> node --test out/test/core/engine/subregion-order.test.js. */
const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const numRuns = Number(process.env.QMM_PROP_RUNS ?? 1000);
console.log(`subregion-order: QMM_SEED=${seed} QMM_PROP_RUNS=${numRuns}`);

test('adding subregions at once orders them as one-by-one insertion in QEMU does', () => {
  const priorities = fc.array(fc.integer({ min: -2, max: 2 }), { maxLength: 30 });
  fc.assert(
    fc.property(priorities, priorities, (before, added) => {
      let id = 1;
      const mrs = (ps: number[]): Mr[] => ps.map((priority) => makeMr(id++, `r${id}`, 'io', 0n, 0x1000n, { priority }));
      const old = mrs(before);
      const kids = mrs(added);
      const container = makeMr(id++, 'c', 'container', 0n, 0x10000n);
      const expected: Mr[] = [];
      for (const mr of old) {
        addSubregion(container, mr);
        referenceInsertSubregion(expected, mr);
      }
      addSubregions(container, kids);
      for (const mr of kids) referenceInsertSubregion(expected, mr);
      assert.deepEqual(container.subregions.map((m) => m.id), expected.map((m) => m.id));
    }),
    { seed, numRuns },
  );
});
