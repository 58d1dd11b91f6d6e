/**
 * The flattening engine against the reference (a literal per-address transcription of QEMU's rules,
 * test/core/engine/reference-flatten.ts) and against itself at 10x the size. Times are CPU time (see bestCpu),
 * so that other processes on the machine do not skew the ratios.
 */
import { flattenRegion } from '../src/core';
import type { Mr } from '../src/core';
import { referenceClaim, referenceFlatten, referencePoints } from '../test/core/engine/reference-flatten';
import { machineTree } from './trees';
import { fullGc } from '../src/server/memory';
import { bestCpu, printTable } from './timing';

/** Reference time, measured whole or, past `wholeLimit` regions, extrapolated from sampled segments. */
function referenceMs(n: number, sample: number, wholeLimit: number): { ms: number; how: string } {
  const tree = machineTree(n);
  if (n <= wholeLimit) return { ms: bestCpu(() => referenceFlatten(tree), 2), how: 'measured' };
  let xs: bigint[] = [];
  const pointsMs = bestCpu(() => (xs = referencePoints(tree)), 1);
  const step = Math.max(1, Math.floor(xs.length / sample));
  let done = 0;
  const claimsMs = bestCpu(() => {
    for (let i = 0; i < xs.length - 1; i += step, done++) referenceClaim(tree, xs[i] as bigint);
  }, 1);
  const perSegment = claimsMs / done;
  return { ms: pointsMs + perSegment * (xs.length - 1), how: `estimated from ${done} of ${xs.length - 1} segments` };
}

/** Runs the flatten benchmark; returns its results.json figures. */
export function flattenBench(): Record<string, number> {
  const sizes = [10_000, 100_000, 1_000_000];
  // All trees live at once and the sizes measured in turns, five times (the least counts: a 1M run
  // varies by half with when the collector runs): each size runs under the same heap (the garbage
  // collector's cost depends on everything alive, not only on the input at hand).
  const trees = new Map(sizes.map((n) => [n, machineTree(n)] as const));
  const engine = new Map<number, number>(sizes.map((n) => [n, Infinity]));
  for (let round = 0; round < 5; round++) {
    for (const n of sizes) {
      const tree = trees.get(n) as Mr;
      // Below 1M, the mean of 1M/n back-to-back runs: together they allocate what one 1M run does, so
      // each size pays its share of garbage collection (one short run may see none).
      const runs = 1_000_000 / n;
      // Each size starts from a collected heap, as the server's analysis of a big document does
      // (src/server/memory.ts), not from the garbage of the size before it.
      fullGc();
      const ms = bestCpu(() => {
        for (let i = 0; i < runs; i++) flattenRegion(tree);
      }, 1) / runs;
      engine.set(n, Math.min(engine.get(n) as number, ms));
    }
  }
  trees.clear();
  const ref10k = referenceMs(10_000, 4000, 2_000);
  const ref100k = referenceMs(100_000, 4000, 2_000);
  const rows = [
    ['regions', 'engine ms', 'reference ms', 'reference/engine', 'how'],
    ['10k', (engine.get(10_000) as number).toFixed(1), ref10k.ms.toFixed(0), (ref10k.ms / (engine.get(10_000) as number)).toFixed(1), ref10k.how],
    ['100k', (engine.get(100_000) as number).toFixed(1), ref100k.ms.toFixed(0), (ref100k.ms / (engine.get(100_000) as number)).toFixed(1), ref100k.how],
    ['1M', (engine.get(1_000_000) as number).toFixed(1), '', '', ''],
  ];
  printTable('flattening', rows);
  const scaling = (engine.get(1_000_000) as number) / (engine.get(100_000) as number);
  console.log(`engine growth 100k -> 1M regions: ${scaling.toFixed(2)} (linear = 10)\n`);
  return {
    flatten_speedup_10k: ref10k.ms / (engine.get(10_000) as number),
    flatten_speedup_100k: ref100k.ms / (engine.get(100_000) as number),
    flatten_scaling_100k_to_1m: scaling,
  };
}
