import type { TraceSection, TraceStep } from '../model/capture';
import { lineSpan } from '../model/span';
import type { LineReader } from './lines';
import { hexValue } from './range-head';

const LOOP = 'find_ram_offset_loop';
const CHOSEN = 'find_ram_offset';
/** `PID@SECONDS.USEC:` that QEMU's log backend puts first under `-msg timestamp=on`. Every run ends at a literal: linear. */
const STAMP = /^[0-9]+@[0-9]+\.[0-9]+:[ \t]*/;

/** Column where the event name starts (after the optional timestamp prefix). */
function eventCol(line: string): number {
  const m = STAMP.exec(line.length > 200 ? line.slice(0, 200) : line);
  return m ? m[0].length : 0;
}

/** The event at `col`, by name followed by a space. */
function eventAt(line: string, col: number): 'loop' | 'chosen' | undefined {
  if (line.startsWith(LOOP + ' ', col)) return 'loop';
  if (line.startsWith(CHOSEN + ' ', col)) return 'chosen';
  return undefined;
}

/** True for a `find_ram_offset_loop` or `find_ram_offset` trace line, with or without the timestamp prefix. */
export function startsTrace(line: string): boolean {
  return eventAt(line, eventCol(line)) !== undefined;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Literal pieces before each number; the trace-events format strings of QEMU 7.2 to 10.x. */
const LOOP_FIELDS = ['trying size: 0x', ' @ 0x', ', offset: 0x', ' next: 0x', ' mingap: 0x'] as const;
const CHOSEN_FIELDS = ['size: 0x', ' @ 0x'] as const;

/** Reads `literal HEX` pairs from `col`; the values, or the reason and columns of the first failure. */
function readFields(line: string, col: number, fields: readonly string[]): bigint[] | { reason: string; col: number; endCol: number } {
  const values: bigint[] = [];
  let c = col;
  for (const lit of fields) {
    if (!line.startsWith(lit, c)) {
      // Span the word that stands where the literal should be.
      let e = c;
      while (e < line.length && (line[e] === ' ' || line[e] === ',')) e++;
      while (e < line.length && line[e] !== ' ' && line[e] !== ',') e++;
      return { reason: `expected "${lit.trim()}…"`, col: c, endCol: Math.max(e, Math.min(c + 1, line.length)) };
    }
    c += lit.length;
    const d = c;
    while (isHexDigit(line.charCodeAt(c))) c++;
    const v = hexValue(line.slice(d, c));
    if (v === undefined) return { reason: `expected hex digits after "${lit.trim()}"`, col: d, endCol: Math.min(d + 1, line.length) };
    if (v === 'big') return { reason: `the value after "${lit.trim()}" does not fit in 64 bits`, col: d - 2, endCol: c };
    values.push(v);
  }
  if (line.slice(c).trim() !== '') return { reason: 'unexpected text after the last field', col: c, endCol: line.trimEnd().length };
  return values;
}

/**
 * Reads a run of `find_ram_offset_loop` / `find_ram_offset` trace lines; stops before the first
 * line that is neither.
 *
 * TR002 rule: QEMU traces nothing when it places the first RAMBlock (the list is empty), and every
 * later placement prints one `_loop` line per existing block before its `find_ram_offset size:`
 * line. So a chosen line needs at least one loop line right before it: a chosen line at the start
 * of the section or right after another chosen line is reported.
 */
export function parseTrace(r: LineReader): TraceSection {
  const first = r.pos;
  let last = first;
  const steps: TraceStep[] = [];
  // What the previous line was; after a malformed line nothing is known, so TR002 stays quiet.
  let prev: 'start' | 'loop' | 'chosen' | 'bad' = 'start';
  while (!r.done) {
    const i = r.pos;
    const line = r.line;
    const col = eventCol(line);
    const ev = eventAt(line, col);
    if (!ev) break;
    const nameEnd = col + (ev === 'loop' ? LOOP : CHOSEN).length + 1;
    const got = readFields(line, nameEnd, ev === 'loop' ? LOOP_FIELDS : CHOSEN_FIELDS);
    const span = r.lineSpan(i);
    if (!Array.isArray(got)) {
      r.report('TR001', lineSpan(i, got.col, got.endCol), { reason: got.reason });
      prev = 'bad';
    } else if (ev === 'loop') {
      const [size, candidate, offset, next, mingap] = got as [bigint, bigint, bigint, bigint, bigint];
      steps.push({ kind: 'loop', size, candidate, offset, next, mingap, span });
      prev = 'loop';
    } else {
      const [size, offset] = got as [bigint, bigint];
      if (prev === 'start' || prev === 'chosen') r.report('TR002', lineSpan(i, col, line.trimEnd().length));
      steps.push({ kind: 'chosen', size, offset, span });
      prev = 'chosen';
    }
    last = i;
    r.pos++;
  }
  return { kind: 'trace', steps, span: r.blockSpan(first, last) };
}
