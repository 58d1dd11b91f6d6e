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
  const stack: Mr[] = [root];
  const seen = new Set<Mr>();
  while (stack.length > 0) {
    const mr = stack.pop() as Mr;
    if (seen.has(mr)) continue;
    seen.add(mr);
    const kids = mr.subregions.filter((c) => c.enabled && c.size > 0n).sort((x, y) => (x.addr < y.addr ? -1 : x.addr > y.addr ? 1 : 0));
    let reach: Mr | undefined;
    for (const c of kids) {
      if (reach && c.addr < reach.addr + reach.size) {
        const end = reach.addr + reach.size < c.addr + c.size ? reach.addr + reach.size : c.addr + c.size;
        out.push({ container: mr, a: reach, b: c, start: c.addr, end });
      }
      if (!reach || c.addr + c.size > reach.addr + reach.size) reach = c;
    }
    for (const c of mr.subregions) stack.push(c);
  }
  return out;
}
