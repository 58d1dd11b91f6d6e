/**
 * Parse throughput per format against a bare line split of the same text, and growth from 1x to 10x input.
 * Prints a table; compare the ratios within one run (absolute times on these machines are noisy).
 */
import { parseCapture } from '../src/core';
import { flatText, gdbRegionText, gpa2hvaText, mtreeText, ramblockText } from './generate';
import { best, printTable } from './timing';

const formats: [string, (n: number) => string][] = [
  ['info mtree -o -D', mtreeText],
  ['info mtree -f -d', flatText],
  ['info ramblock', ramblockText],
  ['gpa2hva', gpa2hvaText],
  ['gdb dump_memory_region', gdbRegionText],
];

/** Runs the parse benchmark; returns its results.json figures. */
export function parseBench(): Record<string, number> {
const small = Number(process.env.QMM_BENCH_LINES ?? 20_000);
const rows: string[][] = [['format', 'lines', 'MB', 'parse ms', 'split ms', 'split/parse', 'ms at 10x', 'growth 10x']];
let minRatio = Infinity;
let maxGrowth = 0;
for (const [name, gen] of formats) {
  const a = gen(small);
  const b = gen(small * 10);
  const parseA = best(() => parseCapture(a), 5);
  const splitA = best(() => a.split('\n'), 5);
  const parseB = best(() => parseCapture(b), 3);
  const ratio = splitA / parseA;
  const growth = parseB / parseA;
  minRatio = Math.min(minRatio, ratio);
  maxGrowth = Math.max(maxGrowth, growth);
  rows.push([name, String(a.split('\n').length - 1), (a.length / 1e6).toFixed(2), parseA.toFixed(1), splitA.toFixed(2), ratio.toFixed(3), parseB.toFixed(1), growth.toFixed(2)]);
}
printTable('parsing', rows);
console.log(`slowest format's parse throughput / line split: ${minRatio.toFixed(3)}`);
console.log(`largest growth for 10x input: ${maxGrowth.toFixed(2)} (linear = 10)\n`);
return { parse_ratio_min: minRatio, parse_growth_10x_max: maxGrowth };
}
