import { boundedDistance } from './edit-distance';

/** How far a name may be from the one written to be suggested: one edit per three characters, 1 … 3. */
function suggestionDistance(written: string): number {
  return Math.max(1, Math.min(3, Math.floor(written.length / 3)));
}

/**
 * Declared names grouped by length, for "did you mean": a query measures only the names whose length
 * is within the allowed distance of the word written, each by a banded edit distance, O(distance ·
 * length) at most. Built once, O(names).
 */
export class NameIndex {
  /** Names (and their lower case) by length, in the order given; each name once. */
  private readonly byLength = new Map<number, { name: string; lower: string; order: number }[]>();

  constructor(names: Iterable<string>) {
    const seen = new Set<string>();
    let order = 0;
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      const list = this.byLength.get(name.length);
      const entry = { name, lower: name.toLowerCase(), order: order++ };
      if (list) list.push(entry);
      else this.byLength.set(name.length, [entry]);
    }
  }

  /**
   * The names closest to a misspelt one, nearest first (ties in the given order), at most `limit`,
   * those `skip` rejects left out. Case is ignored when measuring.
   */
  closest(written: string, limit = 3, skip?: (name: string) => boolean): string[] {
    const max = suggestionDistance(written);
    const w = written.toLowerCase();
    const found: { name: string; d: number; order: number }[] = [];
    for (let len = Math.max(0, written.length - max); len <= written.length + max; len++) {
      for (const e of this.byLength.get(len) ?? []) {
        if (e.name === written) continue;
        const d = boundedDistance(w, e.lower, max);
        if (d <= max && !skip?.(e.name)) found.push({ name: e.name, d, order: e.order });
      }
    }
    found.sort((x, y) => x.d - y.d || x.order - y.order);
    return found.slice(0, limit).map((f) => f.name);
  }
}

/** The declared names closest to a misspelt one (see NameIndex.closest), for a single query. */
export function closestNames(written: string, candidates: Iterable<string>, limit = 3): string[] {
  return new NameIndex(candidates).closest(written, limit);
}
