/**
 * One hostile measurement in a process of its own (spawned by bench/hostile-bench.ts):
 * `node hostile-probe.js SHAPE N REPS` runs what the server does on each edit over the shape's text at
 * size N, REPS times after a warm-up, and prints `{ "chars": …, "ms": … }` on one line: the least CPU time of a run (all
 * threads, so the collector's work counts; time spent waiting for a core that another process holds does not).
 */
import { HOSTILE } from '../test/fuzz/corpus';
import { exercise } from '../test/fuzz/exercise';
import { bestCpu } from './timing';

const [shape, n, reps] = process.argv.slice(2);
const make = HOSTILE[shape as string];
if (!make || !Number.isSafeInteger(Number(n)) || !Number.isSafeInteger(Number(reps))) {
  console.error(`usage: hostile-probe SHAPE N REPS (SHAPE one of: ${Object.keys(HOSTILE).join(' | ')})`);
  process.exit(2);
}
const text = make(Number(n));
// Warm-up, untimed: in a fresh process the first runs of a small input wait for the JIT (5 runs of one
// shape at n = 1000 took 44 ms at best, 15 runs 7 ms), which would make every growth look smaller.
const warmUntil = performance.now() + 1500;
for (let i = 0; i < 10 && performance.now() < warmUntil; i++) exercise(text, [], undefined, false);
const ms = bestCpu(() => exercise(text, [], undefined, false), Number(reps));
console.log(JSON.stringify({ chars: text.length, ms }));
