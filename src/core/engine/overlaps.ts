import { walkRegions } from './walk';
import type { Mr } from './mr';

/** Two enabled sibling regions whose ranges overlap inside their container. */
export interface SiblingOverlap {
  readonly container: Mr;
  readonly a: Mr;
  readonly b: Mr;
  /** The overlapping part, relative to the container: [start, end). */
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * Overlapping enabled siblings in every container of the graph below `root` (aliases are not followed).
 * Per container the children are swept in address order against the one reaching furthest, so the
 * work is O(n log n) and each child is reported at most once.
 */
export function siblingOverlaps(root: Mr): SiblingOverlap[] {
  const out: SiblingOverlap[] = [];
  for (const mr of walkRegions([root], { lastFirst: true })) {
    const kids = mr.subregions.filter((c) => c.enabled && c.size > 0n).sort((x, y) => (x.addr < y.addr ? -1 : x.addr > y.addr ? 1 : 0));
    sweepOverlaps(kids, (a, b, end) => out.push({ container: mr, a, b, start: b.addr, end }));
  }
  return out;
}

/** The first address after a region, in its container's terms. */
export const endOf = (mr: Mr): bigint => mr.addr + mr.size;

/**
 * Siblings sorted by address, each swept against the earlier one reaching furthest: `overlap(earlier, k, end)`
 * for each child `k` that starts before that one ends (`end`: where their overlap ends). A child that
 * `ordered` holds for is swept only against earlier children it does not hold for, so that two children
 * that both state their order never meet. O(n) over the sorted list; each child meets one earlier at most.
 */
export function sweepOverlaps(sorted: readonly Mr[], overlap: (earlier: Mr, k: Mr, end: bigint) => void, ordered?: (k: Mr) => boolean): void {
  let reachAll: Mr | undefined;
  let reachUnordered: Mr | undefined;
  for (const k of sorted) {
    const isOrdered = ordered?.(k) ?? false;
    const other = isOrdered ? reachUnordered : reachAll;
    if (other && k.addr < endOf(other)) overlap(other, k, endOf(other) < endOf(k) ? endOf(other) : endOf(k));
    if (!reachAll || endOf(k) > endOf(reachAll)) reachAll = k;
    if (!isOrdered && (!reachUnordered || endOf(k) > endOf(reachUnordered))) reachUnordered = k;
  }
}
