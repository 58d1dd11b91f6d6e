/** Timing helpers for the benchmarks: best-of-N wall time and a plain text table. */

/** The fastest of `reps` runs of fn, in milliseconds (the least disturbed by other load). */
export function best(fn: () => unknown, reps: number): number {
  let bestMs = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return bestMs;
}

/** Prints rows (the first is the header) as right-aligned columns under a title. */
export function printTable(title: string, rows: string[][]): void {
  console.log(`== ${title}`);
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i] as number)).join('  '));
}
