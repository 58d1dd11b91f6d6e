import type { RamBlockRow, RamBlockSection } from '../model/capture';
import { parseHumanSize } from '../model/address';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';
import type { LineReader } from './lines';
import { isBlank } from './lines';
import { hex16At, hexValue } from './range-head';
import { startsGdb } from './gdb';
import { startsGpa2hva } from './gpa2hva';
import { startsMtree } from './mtree-tree';
import { startsTrace } from './trace';

// Linear: every \s+ is followed by a literal letter, so a failed match backtracks at most once per space.
const HEADER = /^\s*Block\s+Name\s+PSize\s+Offset\s+Used\s+Total(\s+HVA\s+RO)?\s*$/;
const NUMBER = /^[0-9][0-9.]*$/;
const SIZE_WITH_UNIT = /^[0-9][0-9.]*(?:B|KiB|MiB|GiB|TiB|PiB|EiB)$/;
const HEX0X = /^0[xX][0-9a-fA-F]+$/;
/** Longer page-size texts cannot be real and would make BigInt parsing slow. */
const MAX_SIZE_TEXT = 32;

/** True for the header line of `info ramblock` (QEMU 7.2 or, with HVA and RO, 8.0 and newer). */
export function startsRamblock(line: string): boolean {
  return line.length < 4096 && HEADER.test(line);
}

interface Token {
  readonly text: string;
  readonly col: number;
  readonly end: number;
}

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    const col = i;
    while (i < n && line[i] !== ' ' && line[i] !== '\t') i++;
    out.push({ text: line.slice(col, i), col, end: i });
  }
  return out;
}

/** Keeps arguments of messages short when a field is absurdly long. */
function clip(text: string): string {
  return text.length > 48 ? text.slice(0, 45) + '…' : text;
}

/** A row has its three (or four) `0x` columns; anything else ends the section. */
function isRowLike(line: string, toks: readonly Token[]): boolean {
  if (line.startsWith('(qemu)') || line.startsWith('(gdb)')) return false;
  if (startsRamblock(line) || startsGpa2hva(line) || startsTrace(line) || startsGdb(line) || startsMtree(line)) return false;
  let hex = 0;
  for (const t of toks) if (t.text.startsWith('0x')) hex++;
  return hex >= 2;
}

const FIELDS_72 = ['Offset', 'Used', 'Total'] as const;
const FIELDS_HOST = ['Offset', 'Used', 'Total', 'HVA'] as const;

/** Parses one row; reports its problems; undefined when a column is unusable. */
function parseRow(r: LineReader, lineNo: number, toks: readonly Token[], headerHost: boolean, prevMax: bigint | undefined): RamBlockRow | undefined {
  const line = r.at(lineNo);
  const lastTok = toks[toks.length - 1] as Token;
  const firstTok = toks[0] as Token;
  const whole = lineSpan(lineNo, firstTok.col, lastTok.end);
  // Each row decides its own shape, so that one stray row under the other header still parses.
  let host = headerHost;
  if (headerHost && lastTok.text.startsWith('0x')) {
    r.report('RB001', lineSpan(lineNo, lastTok.end, lastTok.end), { reason: 'the HVA and RO columns of the header are missing' });
    host = false;
  } else if (!headerHost && (lastTok.text === 'ro' || lastTok.text === 'rw')) {
    r.report('RB001', lineSpan(lineNo, (toks[toks.length - 2] ?? lastTok).col, lastTok.end), { reason: 'HVA and RO columns that the header does not have' });
    host = true;
  }
  const fields = host ? FIELDS_HOST : FIELDS_72;
  const needed = fields.length + (host ? 1 : 0) + 1;
  if (toks.length < needed) {
    r.report('RB001', whole, { reason: `${toks.length} field${toks.length === 1 ? '' : 's'}; expected name, PSize, ${fields.join(', ')}${host ? ', RO' : ''}` });
    return undefined;
  }
  let k = toks.length;
  const roTok = host ? toks[--k] : undefined;
  const hexToks: Token[] = [];
  for (let f = fields.length - 1; f >= 0; f--) hexToks[f] = toks[--k] as Token;

  // PSize is "4 KiB" (two tokens) in QEMU's output; a glued "4KiB" is accepted too.
  const unitTok = toks[k - 1] as Token;
  const numTok = k >= 2 ? (toks[k - 2] as Token) : undefined;
  const sizeFirst = numTok && NUMBER.test(numTok.text) && !SIZE_WITH_UNIT.test(unitTok.text) ? k - 2 : k - 1;
  const sizeCol = (toks[sizeFirst] as Token).col;
  const sizeText = line.slice(sizeCol, unitTok.end);
  const pageSize = sizeText.length <= MAX_SIZE_TEXT ? parseHumanSize(sizeText) : undefined;
  let ok = true;
  if (pageSize === undefined) {
    r.report('RB002', lineSpan(lineNo, sizeCol, unitTok.end), { text: clip(sizeText) });
    ok = false;
  }

  const values: bigint[] = [];
  for (let f = 0; f < fields.length; f++) {
    const t = hexToks[f] as Token;
    const name = fields[f] as string;
    const v = HEX0X.test(t.text) ? hexValue(t.text.slice(2)) : undefined;
    if (typeof v === 'bigint') {
      values.push(v);
      continue;
    }
    const reason = v === 'big' ? `${name} ${clip(t.text)} does not fit in 64 bits` : `${name} "${clip(t.text)}" is not 0x-prefixed hex`;
    r.report('RB001', lineSpan(lineNo, t.col, t.end), { reason });
    ok = false;
  }

  let readonly: boolean | undefined;
  if (roTok) {
    if (roTok.text === 'ro' || roTok.text === 'rw') readonly = roTok.text === 'ro';
    else r.report('RB006', lineSpan(lineNo, roTok.col, roTok.end), { text: clip(roTok.text) });
  }

  const name = sizeFirst > 0 ? line.slice(firstTok.col, (toks[sizeFirst - 1] as Token).end) : '';
  const nameSpan: Span = sizeFirst > 0 ? lineSpan(lineNo, firstTok.col, (toks[sizeFirst - 1] as Token).end) : lineSpan(lineNo, 0, sizeCol);
  if (name === '') r.report('RB004', nameSpan);
  if (!ok || pageSize === undefined) return undefined;

  const [offset, used, max, hva] = values as [bigint, bigint, bigint, bigint | undefined];
  const usedTok = hexToks[1] as Token;
  const maxTok = hexToks[2] as Token;
  if (used > max) r.report('RB003', lineSpan(lineNo, usedTok.col, usedTok.end), { used: usedTok.text, max: maxTok.text });
  if (prevMax !== undefined && max > prevMax) r.report('RB005', lineSpan(lineNo, maxTok.col, maxTok.end), { name: name === '' ? '(unnamed block)' : clip(name) });
  return {
    name,
    pageSize,
    offset,
    used,
    max,
    ...(hva !== undefined ? { hva } : {}),
    ...(readonly !== undefined ? { readonly } : {}),
    span: r.lineSpan(lineNo),
    nameSpan,
  };
}

// QEMU's row tails, `0x%016lx` columns (and ` %3s` RO) up to the line end: rows that end so are read by position.
const TAIL_HOST = /0x[0-9a-fA-F]{16} 0x[0-9a-fA-F]{16} 0x[0-9a-fA-F]{16} 0x[0-9a-fA-F]{16}  r[ow]$/y;
const TAIL_HOST_LENGTH = 79;
const TAIL_72 = /0x[0-9a-fA-F]{16} 0x[0-9a-fA-F]{16} 0x[0-9a-fA-F]{16}$/y;
const TAIL_72_LENGTH = 56;
const UNIT_WORDS: ReadonlySet<string> = new Set(['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']);
/** Page sizes read so far ("4 KiB" on almost every row); bounded so that odd input cannot grow it. */
const pageSizes = new Map<string, bigint | undefined>();

function pageSizeOf(text: string): bigint | undefined {
  let v = pageSizes.get(text);
  if (v === undefined && !pageSizes.has(text)) {
    v = parseHumanSize(text);
    if (pageSizes.size < 64) pageSizes.set(text, v);
  }
  return v;
}

function isDigits(line: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return to > from;
}

/**
 * A row exactly as QEMU prints it (`%24s %8s  0x%016lx…`, name shorter than 24 so the line starts
 * with a space, page size as digits and a unit word, no tabs), read by position: the same row and
 * issues as parseRow gives, without the tokens. Undefined for any other row (parseRow reads it).
 */
function parseCanonicalRow(r: LineReader, lineNo: number, line: string, host: boolean, prevMax: bigint | undefined): RamBlockRow | undefined | 'other' {
  const n = line.length;
  const tail = n - (host ? TAIL_HOST_LENGTH : TAIL_72_LENGTH);
  if (tail < 4 || line.charCodeAt(0) !== 32 || line.charCodeAt(tail - 1) !== 32 || line.indexOf('\t') >= 0) return 'other';
  const re = host ? TAIL_HOST : TAIL_72;
  re.lastIndex = tail;
  if (!re.test(line)) return 'other';
  // Page size: the unit word and the number before it.
  let unitEnd = tail - 1;
  while (unitEnd > 0 && line.charCodeAt(unitEnd - 1) === 32) unitEnd--;
  const unitStart = line.lastIndexOf(' ', unitEnd - 1) + 1;
  if (unitStart === 0 || !UNIT_WORDS.has(line.slice(unitStart, unitEnd))) return 'other';
  let numEnd = unitStart - 1;
  while (numEnd > 0 && line.charCodeAt(numEnd - 1) === 32) numEnd--;
  const numStart = line.lastIndexOf(' ', numEnd - 1) + 1;
  if (numStart === 0 || !isDigits(line, numStart, numEnd) || unitEnd - numStart > MAX_SIZE_TEXT) return 'other';
  let nameStart = 0;
  while (line.charCodeAt(nameStart) === 32) nameStart++;
  // What the other section starts look for first (a bracket, AddressSpace, Block, Dump): leave those to isRowLike.
  const first = line.charCodeAt(nameStart);
  if (first === 91 || first === 65 || first === 66 || first === 68) return 'other';
  const pageSize = pageSizeOf(line.slice(numStart, unitEnd));
  if (pageSize === undefined) return 'other';
  let nameEnd = numStart - 1;
  while (nameEnd > nameStart && line.charCodeAt(nameEnd - 1) === 32) nameEnd--;
  const named = nameStart < numStart;
  const name = named ? line.slice(nameStart, nameEnd) : '';
  const nameSpan: Span = named ? lineSpan(lineNo, nameStart, nameEnd) : lineSpan(lineNo, 0, numStart);
  if (!named) r.report('RB004', nameSpan);
  const offset = hex16At(line, tail + 2);
  const used = hex16At(line, tail + 21);
  // Used and Total are mostly the same number: one bigint for both then (bigints are immutable).
  const max = line.startsWith(line.slice(tail + 21, tail + 37), tail + 40) ? used : hex16At(line, tail + 40);
  if (used > max) r.report('RB003', lineSpan(lineNo, tail + 19, tail + 37), { used: line.slice(tail + 19, tail + 37), max: line.slice(tail + 38, tail + 56) });
  if (prevMax !== undefined && max > prevMax) r.report('RB005', lineSpan(lineNo, tail + 38, tail + 56), { name: name === '' ? '(unnamed block)' : clip(name) });
  const span = lineSpan(lineNo, 0, n);
  if (!host) return { name, pageSize, offset, used, max, span, nameSpan };
  const hva = hex16At(line, tail + 59);
  const readonly = line.charCodeAt(n - 1) === 111;
  return { name, pageSize, offset, used, max, hva, readonly, span, nameSpan };
}

/**
 * Reads an `info ramblock` section starting at its header line; stops before a blank line or
 * the first line that is not a row.
 */
export function parseRamblock(r: LineReader): RamBlockSection {
  const first = r.pos;
  const header = HEADER.exec(r.line.length < 4096 ? r.line : '');
  const hostColumns = header?.[1] !== undefined;
  const blocks: RamBlockRow[] = [];
  let last = first;
  // RB005 compares with the row just above; a row that did not parse gives nothing to compare with.
  let prevMax: bigint | undefined;
  r.pos++;
  while (!r.done) {
    const line = r.line;
    if (isBlank(line)) break;
    const fast = parseCanonicalRow(r, r.pos, line, hostColumns, prevMax);
    if (fast !== 'other') {
      if (fast) blocks.push(fast);
      prevMax = fast?.max;
      last = r.pos;
      r.pos++;
      continue;
    }
    const toks = tokenize(line);
    if (!isRowLike(line, toks)) break;
    const row = parseRow(r, r.pos, toks, hostColumns, prevMax);
    if (row) blocks.push(row);
    prevMax = row?.max;
    last = r.pos;
    r.pos++;
  }
  return { kind: 'ramblock', hostColumns, blocks, span: r.blockSpan(first, last) };
}
