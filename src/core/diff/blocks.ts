import type { RamBlockRow } from '../model/capture';
import { matchInPasses } from './match';
import type { BlockChange, BlockFacet, BlockFacts } from './types';

function facts(b: RamBlockRow): BlockFacts {
  return { name: b.name, offset: b.offset, used: b.used, max: b.max, pageSize: b.pageSize, span: b.nameSpan };
}

/**
 * Compares two ram_lists. A block is known by its idstr; blocks without one (backends added with
 * object-add) are known only by their ram_addr, so an unnamed block that goes and another that comes
 * elsewhere are a removal and an addition, never a move.
 */
export function diffBlocks(a: readonly RamBlockRow[], b: readonly RamBlockRow[]): BlockChange[] {
  const m = matchInPasses(a, b, [
    { key: (x) => `${x.name}|${x.offset}|${x.max}|${x.used}|${x.pageSize}` },
    { key: (x) => `${x.name}|${x.offset}` },
    { key: (x) => (x.name === '' ? undefined : x.name), unique: true },
  ]);
  const out: BlockChange[] = [];
  for (const [x, y] of m.pairs) {
    const facets: BlockFacet[] = [];
    if (x.offset !== y.offset) facets.push('moved');
    if (x.max !== y.max) facets.push('resized');
    if (x.used !== y.used) facets.push('used');
    if (x.pageSize !== y.pageSize) facets.push('page-size');
    if (facets.length > 0) out.push({ kind: 'changed', a: facts(x), b: facts(y), facets });
  }
  for (const x of m.onlyA) out.push({ kind: 'removed', a: facts(x), facets: [] });
  for (const y of m.onlyB) out.push({ kind: 'added', b: facts(y), facets: [] });
  // ram_addr order: where the blocks sit is what a reader of a churn log compares.
  const at = (c: BlockChange): bigint => (c.a ?? c.b)?.offset ?? 0n;
  return out.sort((p, q) => (at(p) < at(q) ? -1 : at(p) > at(q) ? 1 : 0));
}
