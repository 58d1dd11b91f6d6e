/**
 * Segments 0 … count-1, each claimed at most once, in any order: the first free segment at or after a
 * given one, then `take` it. A "next free segment" union-find with path compression, so claiming what is
 * free in F intervals over S segments costs O((F + S) α) in all, however the intervals overlap. Used by
 * the flattening (each address to its first fill) and the lint (each address to its highest priority).
 */
export class FreeSegments {
  /** next[i] = some segment >= i that may be free; `count` means none. */
  private readonly next: Int32Array;

  constructor(readonly count: number) {
    this.next = new Int32Array(count + 1);
    for (let i = 0; i <= count; i++) this.next[i] = i;
  }

  /** The first free segment at or after `i` (`count` when none is). */
  firstFree(i: number): number {
    const next = this.next;
    let r = i;
    while (next[r] !== r) r = next[r] as number;
    while (next[i] !== r) {
      const n = next[i] as number;
      next[i] = r;
      i = n;
    }
    return r;
  }

  /** Marks the free segment `s` claimed. */
  take(s: number): void {
    this.next[s] = s + 1;
  }
}
