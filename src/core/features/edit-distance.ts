/**
 * The edit distance between a and b (insertions, deletions, substitutions, and swaps of two neighbouring
 * characters: the optimal string alignment distance) when it is at most `max`, else `max + 1`. Only the
 * diagonal band of width 2·max + 1 is computed, and a row whose band holds nothing within `max` ends the
 * walk: O(max · length) time, O(length) memory.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  if (a === b) return 0;
  const n = b.length;
  // rows[i % 3][j]: distance between a[0, i) and b[0, j); cells outside the band hold `over`.
  const rows = [new Array<number>(n + 1).fill(over), new Array<number>(n + 1).fill(over), new Array<number>(n + 1).fill(over)];
  const first = rows[0] as number[];
  for (let j = 0; j <= Math.min(n, max); j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = rows[i % 3] as number[];
    const prev = rows[(i - 1) % 3] as number[];
    const prev2 = rows[(i + 1) % 3] as number[];
    cur.fill(over);
    if (i <= max) cur[0] = i;
    let best = cur[0] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = Math.max(1, i - max); j <= Math.min(n, i + max); j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min((prev[j - 1] as number) + (ca === cb ? 0 : 1), (prev[j] as number) + 1, (cur[j - 1] as number) + 1);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, (prev2[j - 2] as number) + 1);
      if (v > over) v = over;
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return over;
  }
  return Math.min(rows[a.length % 3]?.[n] as number, over);
}
