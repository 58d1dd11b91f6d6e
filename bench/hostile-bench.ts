/**
 * Hostile inputs (test/fuzz/corpus.ts HOSTILE: deep nesting, alias chains, megabyte lines, huge numbers,
 * CR-only and NUL-laden lines) through what the server does on each edit (test/fuzz/exercise.ts without
 * outputs: parse, analysis, translation, every feature), at one size and at 10x the characters. Growth
 * near 10 is linear; the largest, normalised to exactly 10x input, goes to results.json. Formatting,
 * convert and why are left out: they indent one line per level, so their answer grows with depth².
 *
 * Each size of each shape is timed in a fresh process (bench/hostile-probe.ts). Timed in this process, after
 * the other benchmarks, the 10x inputs paid for collecting a heap those benchmarks had filled: a shape that
 * grows 9.5x alone grew 15x here.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HOSTILE } from '../test/fuzz/corpus';
import { printTable } from './timing';

/** The fastest of `reps` runs of the shape at size `n`, timed in a process of its own. */
function probe(shape: string, n: number, reps: number): { chars: number; ms: number } {
  const r = spawnSync(process.execPath, [join(__dirname, 'hostile-probe.js'), shape, String(n), String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`hostile-probe ${shape} ${n}: ${r.error?.message ?? r.signal ?? r.status} ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout) as { chars: number; ms: number };
}

/** The size parameter whose text is about `factor` times as long as at `n` (nesting grows as depth², most shapes linearly). */
function scaled(make: (n: number) => string, n: number, factor: number): number {
  const exponent = Math.log10(make(10 * n).length / make(n).length);
  return Math.round(n * factor ** (1 / exponent));
}

/** Runs the hostile-input benchmark; returns its results.json figures. */
export function hostileBench(): Record<string, number> {
  const base = Number(process.env.QMM_BENCH_HOSTILE ?? 1_000);
  const rows: string[][] = [['shape', 'n', 'chars', 'ms', 'n at 10x', 'chars', 'ms', 'growth per 10x chars']];
  let maxGrowth = 0;
  for (const [name, make] of Object.entries(HOSTILE)) {
    const n1 = base;
    const n2 = scaled(make, n1, 10);
    const a = probe(name, n1, 5);
    const b = probe(name, n2, 3);
    // Normalised to exactly 10x the characters, and floored at 1 ms so timer noise on tiny inputs does not count.
    const growth = (Math.max(b.ms, 1) / Math.max(a.ms, 1)) * (10 / (b.chars / a.chars));
    maxGrowth = Math.max(maxGrowth, growth);
    rows.push([name, String(n1), String(a.chars), a.ms.toFixed(1), String(n2), String(b.chars), b.ms.toFixed(1), growth.toFixed(2)]);
  }
  printTable('hostile inputs through parse, analysis, translation and every feature', rows);
  console.log(`largest growth for 10x hostile input: ${maxGrowth.toFixed(2)} (linear = 10)\n`);
  return { hostile_growth_10x_max: maxGrowth };
}
