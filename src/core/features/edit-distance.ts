/** Three rows of the distance table, reused between calls (grown when a longer word comes). */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * The edit distance between a and b (insertions, deletions, substitutions, and swaps of two neighbouring
 * characters: the optimal string alignment distance) when it is at most `max`, else `max + 1`. Only the
 * diagonal band of width 2·max + 1 is computed, and a row whose band holds nothing within `max` ends the
 * walk: O(max · length) time, no allocation once the rows are long enough.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  if (a === b) return 0;
  const n = b.length;
  if (rows[0].length < n + 2) rows = [new Int32Array(2 * n + 2), new Int32Array(2 * n + 2), new Int32Array(2 * n + 2)];
  // rows[i % 3][j]: distance between a[0, i) and b[0, j). Each row is written inside its band and one
  // cell left of it; the one cell right of it that the next row reads is set to `over` before use.
  const first = rows[0];
  for (let j = 0; j <= Math.min(n, max + 1); j++) first[j] = j <= max ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const cur = rows[i % 3] as Int32Array;
    const prev = rows[(i - 1) % 3] as Int32Array;
    const prev2 = rows[(i + 1) % 3] as Int32Array;
    const from = Math.max(1, i - max);
    const to = Math.min(n, i + max);
    cur[from - 1] = from - 1 === 0 && i <= max ? i : over;
    // The one cell of the row before that lies right of its band.
    if (i + max <= n) prev[i + max] = over;
    let best = cur[from - 1] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min((prev[j - 1] as number) + (ca === cb ? 0 : 1), (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, (prev2[j - 2] as number) + 1);
      if (v > over) v = over;
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return over;
  }
  const last = rows[a.length % 3] as Int32Array;
  return Math.min(last[n] as number, over);
}
