/**
 * The one seed of a fuzz run: QMM_SEED from the environment, else the UTC date (YYYYMMDD), so that every
 * test file of one run (node --test runs each in its own process) fuzzes with the same seed and CI explores
 * a new one each day. Printed at load, so a log always says how to replay; fast-check adds its own seed and
 * path to every failure.
 */
import type fc from 'fast-check';

function dailySeed(): number {
  const d = new Date();
  return d.getUTCFullYear() * 10_000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** The run's seed (a 32-bit integer, as fast-check takes it). */
export const SEED = process.env.QMM_SEED ? Number(process.env.QMM_SEED) | 0 : dailySeed();

/** Runs per property; QMM_FUZZ_RUNS scales every suite (the defaults keep fuzz and endurance within CI's budget). */
export const RUNS = Number(process.env.QMM_FUZZ_RUNS ?? 100);

console.log(`fuzz seed ${SEED}: QMM_SEED=${SEED} to reproduce (QMM_FUZZ_RUNS=${RUNS})`);

/** fast-check parameters for a property that takes `share` of the base number of runs. */
export function fuzzParams<T>(share = 1): fc.Parameters<T> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(RUNS * share)) };
}
