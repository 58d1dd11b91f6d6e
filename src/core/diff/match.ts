import { pushTo } from '../model/arrays';
/**
 * One pass of a matching: items whose keys are equal pair up; `unique` passes pair only a key held once
 * on each side. An item whose key is undefined sits the pass out.
 */
export interface MatchPass<T> {
  readonly key: (item: T) => string | undefined;
  readonly unique?: boolean;
}

/** Pairs of matched items, and the items left over on each side, in their input order. */
export interface Matching<A, B> {
  readonly pairs: [A, B][];
  readonly onlyA: A[];
  readonly onlyB: B[];
}

/**
 * Matches two lists in passes of decreasing strictness: each pass groups the items still unmatched by
 * its key and pairs equal keys in input order. Deterministic and symmetric (swapping the sides swaps
 * the result), linear in the number of items per pass.
 */
export function matchInPasses<T>(a: readonly T[], b: readonly T[], passes: readonly MatchPass<T>[]): Matching<T, T> {
  const pairedA = new Set<number>();
  const pairedB = new Set<number>();
  const partner = new Map<number, number>();
  for (const pass of passes) {
    const group = (list: readonly T[], used: Set<number>): Map<string, number[]> => {
      const m = new Map<string, number[]>();
      list.forEach((item, i) => {
        if (used.has(i)) return;
        const k = pass.key(item);
        if (k === undefined) return;
        pushTo(m, k, i);
      });
      return m;
    };
    const ga = group(a, pairedA);
    const gb = group(b, pairedB);
    for (const [k, ia] of ga) {
      const ib = gb.get(k);
      if (!ib) continue;
      if (pass.unique && (ia.length !== 1 || ib.length !== 1)) continue;
      const n = Math.min(ia.length, ib.length);
      for (let j = 0; j < n; j++) {
        const x = ia[j] as number;
        const y = ib[j] as number;
        pairedA.add(x);
        pairedB.add(y);
        partner.set(x, y);
      }
    }
  }
  const pairs: [T, T][] = [];
  a.forEach((item, i) => {
    const j = partner.get(i);
    if (j !== undefined) pairs.push([item, b[j] as T]);
  });
  return {
    pairs,
    onlyA: a.filter((_, i) => !pairedA.has(i)),
    onlyB: b.filter((_, i) => !pairedB.has(i)),
  };
}
