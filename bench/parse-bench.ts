/**
 * Parse throughput per format against a bare line split of the same text, and growth from 1x to 10x input.
 *
 * The ratio printed per format is parse throughput ÷ the throughput of
 * `text.split(/\r\n|\r|\n/)`: the bare split that honours the line ends these formats use (QEMU's HMP
 * answers come with CRLF, and CR-only files exist). That equals split time ÷ parse time on the same text.
 * The ratio against `split('\n')` is printed for information only: V8 returns lazily sliced strings from
 * it and it ignores CR, so no parser of these formats can use it. Parsing means the whole `parseCapture`
 * (or `parseLayout`) call: line split, section detection, the model with its spans, and the diagnostics.
 * Times are CPU time, measured in one process; compare the ratios, not the absolute times (these machines
 * are shared and noisy). A 1x time is the mean of 10 back-to-back runs, the least such mean of 3: ten runs
 * allocate as much as one run at 10x, so both pay their share of garbage collection, and the growth
 * figure compares like with like (a single short run may finish before any collection starts).
 */
import { parseCapture, parseLayout } from '../src/core';
import { hex8 } from '../src/core/capture/range-head';
import { flatText, gdbRegionText, gpa2hvaText, layoutText, mtreeText, ramblockText } from './generate';
import { bestCpu, printTable } from './timing';

const formats: [string, (n: number) => string, (text: string) => unknown][] = [
  ['info mtree -o -D', mtreeText, parseCapture],
  ['info mtree -f -d', flatText, parseCapture],
  ['info ramblock', ramblockText, parseCapture],
  ['gpa2hva', gpa2hvaText, parseCapture],
  ['gdb dump_memory_region', gdbRegionText, parseCapture],
  ['layout (.memlayout)', layoutText, parseLayout],
];

const LINE_ENDS = /\r\n|\r|\n/;

/** 16 hex digits at `col` as a bigint, or undefined (read as the parsers' canonical head reader reads them). */
function hex16(line: string, col: number): bigint | undefined {
  const hi = hex8(line, col);
  const lo = hex8(line, col + 8);
  if (hi < 0 || lo < 0) return undefined;
  return hi < 0x200000 ? BigInt(hi * 2 ** 32 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * The least that any parser of `info mtree` must do, as a reference for the per-format ratios: split the text
 * at line ends (the fastest way there is for text without a CR), read each range line's START and END
 * (32 hex digits after the indentation, exactly) into two bigints, and keep one small object per line.
 * Nothing else: no checks of the rest of the line, no priority, type, name or owner, no tree, no spans,
 * no diagnostics. Its ratio is an upper bound for what a real parser of that format can reach in this
 * process.
 */
function floorParse(text: string): { line: number; start: bigint; end: bigint }[] {
  // split('\n') is several times faster than any other split, and right for text without a CR.
  const lines = text.indexOf('\r') < 0 ? text.split('\n') : text.split(LINE_ENDS);
  const out: { line: number; start: bigint; end: bigint }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    let col = 0;
    while (line.charCodeAt(col) === 32) col++;
    const start = hex16(line, col);
    const end = start === undefined || line.charCodeAt(col + 16) !== 45 ? undefined : hex16(line, col + 17);
    if (start !== undefined && end !== undefined) out.push({ line: i, start, end });
  }
  return out;
}

/** CPU ms of one run, as the mean of 10 back-to-back runs (the least of 3 such means). */
function meanOf10(fn: () => unknown): number {
  return bestCpu(() => {
    for (let i = 0; i < 10; i++) fn();
  }, 3) / 10;
}

/** Runs the parse benchmark; returns its results.json figures. */
export function parseBench(): Record<string, number> {
  const small = Number(process.env.QMM_BENCH_LINES ?? 20_000);
  const rows: string[][] = [[
    'format', 'lines', 'MB', 'parse ms', 'split(/\\r\\n|\\r|\\n/) ms', 'ratio = split/parse', "split('\\n') ms", "ratio to split('\\n') (info)", 'ms at 10x', 'growth 10x',
  ]];
  let maxGrowth = 0;
  for (const [name, gen, parse] of formats) {
    const a = gen(small);
    const b = gen(small * 10);
    const parseA = meanOf10(() => parse(a));
    const splitA = meanOf10(() => a.split(LINE_ENDS));
    const splitNl = meanOf10(() => a.split('\n'));
    const parseB = bestCpu(() => parse(b), 3);
    const ratio = splitA / parseA;
    const growth = parseB / parseA;
    maxGrowth = Math.max(maxGrowth, growth);
    rows.push([
      name, String(a.split(LINE_ENDS).length - 1), (a.length / 1e6).toFixed(2), parseA.toFixed(1), splitA.toFixed(2), ratio.toFixed(3),
      splitNl.toFixed(2), (splitNl / parseA).toFixed(3), parseB.toFixed(1), growth.toFixed(2),
    ]);
  }
  printTable('parsing (ratio = parse throughput / throughput of text.split(/\\r\\n|\\r|\\n/), same text, same process; CPU ms)', rows);
  // The reference: the same measurement of floorParse on the first format's text.
  const mtree = mtreeText(small);
  const floorMs = meanOf10(() => floorParse(mtree));
  const floorRatio = meanOf10(() => mtree.split(LINE_ENDS)) / floorMs;
  console.log(`reference, info mtree: split, then only START and END of each line into two bigints and one object per line: ${floorMs.toFixed(1)} ms, ratio ${floorRatio.toFixed(3)} (parse_floor_ratio; no real parser of the format can do better)`);
  console.log(`largest growth for 10x input: ${maxGrowth.toFixed(2)} (linear = 10)\n`);
  return { parse_floor_ratio: floorRatio, parse_growth_10x_max: maxGrowth };
}
