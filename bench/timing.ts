/** Timing helpers for the benchmarks: best-of-N CPU time and a plain text table. */

/**
 * The least CPU time (user + system, all threads of this process, so GC helper threads count) of `reps`
 * runs of fn, in milliseconds. Time spent waiting for a core that other processes hold does not count,
 * which keeps ratios steady on a shared machine.
 */
export function bestCpu(fn: () => unknown, reps: number): number {
  let bestMs = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    bestMs = Math.min(bestMs, (c.user + c.system) / 1000);
  }
  return bestMs;
}

/** Prints rows (the first is the header) as right-aligned columns under a title. */
export function printTable(title: string, rows: string[][]): void {
  console.log(`== ${title}`);
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i] as number)).join('  '));
}
