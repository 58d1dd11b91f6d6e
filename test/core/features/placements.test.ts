/** Placements (container and absolute start of every region) kept in arrays by region id, or in a Map when ids repeat. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addSubregion, makeMr } from '../../../src/core';
import type { Mr } from '../../../src/core';
import type { MemoryModel } from '../../../src/core/engine/memory-model';
import type { Placement } from '../../../src/core/features/regions';
import { placements } from '../../../src/core/features/regions';

/** The walk as a plain Map: every region reachable from the regions that are nobody's subregion. */
function expected(named: readonly Mr[]): Map<Mr, Placement> {
  const isChild = new Set(named.flatMap((m) => m.subregions));
  const out = new Map<Mr, Placement>();
  const stack = named.filter((m) => !isChild.has(m)).map((mr) => ({ mr, parent: undefined as Mr | undefined, base: 0n }));
  for (let f = stack.pop(); f; f = stack.pop()) {
    if (out.has(f.mr)) continue;
    const start = f.base + f.mr.addr;
    out.set(f.mr, { parent: f.parent, start });
    for (const c of f.mr.subregions) stack.push({ mr: c, parent: f.mr, base: start });
  }
  return out;
}

test('placements are the same whether region ids are unique (arrays) or repeat (a Map)', () => {
  const shape = fc.array(fc.record({ id: fc.option(fc.nat(4), { nil: undefined }), addr: fc.nat(8), parent: fc.nat(), named: fc.boolean() }), { minLength: 1, maxLength: 30 });
  fc.assert(
    fc.property(shape, (rows) => {
      const mrs = rows.map((r, i) => makeMr(r.id ?? i + 1, `r${i}`, 'container', BigInt(r.addr) * 0x1000n, 0x1000n));
      rows.forEach((r, i) => i > 0 && r.parent % 3 !== 0 && addSubregion(mrs[r.parent % i] as Mr, mrs[i] as Mr));
      const named = mrs.filter((_, i) => rows[i]?.named);
      const got = placements({ nameSpanOf: new Map(named.map((m) => [m, { line: 0, col: 0, endLine: 0, endCol: 1 }])) } as unknown as MemoryModel);
      const want = expected(named);
      assert.equal(got.size, want.size);
      for (const [mr, p] of want) assert.deepEqual(got.get(mr), p);
    }),
    { numRuns: 2000 },
  );
});
