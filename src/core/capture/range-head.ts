import type { IssueCode } from '../model/issues';
import type { ObjectRef, RegionType } from '../model/region';

/** The `START-END (prio P, [nv-]TYPE): ` head shared by tree and flat-view lines. */
export interface RangeHead {
  readonly start: bigint;
  /** Inclusive end as printed. */
  readonly last: bigint;
  /** last - start + 1. */
  readonly size: bigint;
  readonly priority: number;
  readonly type: RegionType;
  readonly nonvolatile: boolean;
  /** Column where START begins and where END's last digit ends (exclusive). */
  readonly rangeCol: number;
  readonly rangeEndCol: number;
  /** Column where the body (name / alias …) begins. */
  readonly bodyCol: number;
}

/** Why a head did not parse: a code, a reason and the column range it concerns. */
export interface HeadError {
  readonly code: IssueCode;
  readonly args: Record<string, string>;
  readonly col: number;
  readonly endCol: number;
}

const TYPES: ReadonlySet<string> = new Set(['ram', 'rom', 'romd', 'ramd', 'i/o', 'container']);

/** True when `line` has, at `col`, the shape `HEX-HEX (prio` (cheap test used by format detection). */
export function looksLikeRangeHead(line: string, col: number): boolean {
  return /^[0-9a-f]{1,32}-[0-9a-f]{1,32} \(prio /y.test(line.slice(col, col + 80));
}

const TWO_32 = 2 ** 32;
/** Numbers below this have 13 hex digits at most, which parseInt reads exactly. */
const EXACT_DIGITS = 13;

/**
 * Reads up to 2^64-1 from hex digits (the caller has checked they are hex); returns 'big' past that,
 * undefined for no digits. Reads through doubles, each exact, and makes one bigint (much cheaper than
 * BigInt('0x' + digits)).
 */
export function hexValue(digits: string): bigint | 'big' | undefined {
  const n = digits.length;
  if (n === 0) return undefined;
  if (n <= EXACT_DIGITS) return BigInt(parseInt(digits, 16));
  let z = 0;
  while (z < n && digits.charCodeAt(z) === 48) z++;
  const sig = n - z;
  if (sig > 16) return 'big';
  if (sig <= EXACT_DIGITS) return BigInt(sig === 0 ? 0 : parseInt(digits.slice(z), 16));
  const hi = parseInt(digits.slice(z, n - 8), 16);
  const lo = parseInt(digits.slice(n - 8), 16);
  // Below 2^53 the double hi * 2^32 + lo is exact.
  return hi < 0x200000 ? BigInt(hi * TWO_32 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/** QEMU's own spelling of a head (%016lx, a priority that fits, a known type word): read by position, no captures. */
const CANONICAL = /[0-9a-f]{16}-[0-9a-f]{16} \(prio -?\d{1,9}, (?:nv-)?(?:ram|rom|romd|ramd|i\/o|container)\): /y;
/** Where the priority starts after a canonical START-END: 16 + 1 + 16 + ' (prio '.length. */
const CANONICAL_PRIO = 40;

/** The double value of 8 checked hex digits at `col`. */
function hex8At(line: string, col: number): number {
  return parseInt(line.slice(col, col + 8), 16);
}

/** The type word of a canonical head, as a shared constant (no substring kept per line). */
function typeWord(line: string, col: number, end: number): RegionType {
  switch (end - col) {
    case 3:
      return line.charCodeAt(col + 1) === 97 ? 'ram' : line.charCodeAt(col + 1) === 111 ? 'rom' : 'i/o';
    case 4:
      return line.charCodeAt(col + 1) === 97 ? 'ramd' : 'romd';
    default:
      return 'container';
  }
}

/** The value of 16 checked hex digits at `col` when below 2^44 (five leading zeros, the usual case), else -1. */
function small16At(line: string, col: number): number {
  return line.startsWith('00000', col) ? parseInt(line.slice(col + 5, col + 16), 16) : -1;
}

/** Reads a head that CANONICAL matched from `col` to `bodyCol`; undefined when END < START (the general path reports it). */
function canonicalHead(line: string, col: number, bodyCol: number): RangeHead | undefined {
  const s0 = small16At(line, col);
  const e0 = s0 < 0 ? -1 : small16At(line, col + 17);
  if (e0 >= 0) return e0 < s0 ? undefined : finishHead(line, col, bodyCol, BigInt(s0), BigInt(e0), BigInt(e0 - s0 + 1));
  const sHi = hex8At(line, col);
  const sLo = hex8At(line, col + 8);
  const eHi = hex8At(line, col + 17);
  const eLo = hex8At(line, col + 25);
  if (eHi < sHi || (eHi === sHi && eLo < sLo)) return undefined;
  let start: bigint;
  let last: bigint;
  let size: bigint;
  // Below 2^53 a double holds the address exactly: one bigint per value instead of bigint arithmetic.
  if (eHi < 0x200000) {
    const s = sHi * TWO_32 + sLo;
    const e = eHi * TWO_32 + eLo;
    start = BigInt(s);
    last = BigInt(e);
    size = BigInt(e - s + 1);
  } else {
    start = sHi < 0x200000 ? BigInt(sHi * TWO_32 + sLo) : (BigInt(sHi) << 32n) | BigInt(sLo);
    last = (BigInt(eHi) << 32n) | BigInt(eLo);
    size = last - start + 1n;
  }
  return finishHead(line, col, bodyCol, start, last, size);
}

/** The rest of a canonical head, after its range. */
function finishHead(line: string, col: number, bodyCol: number, start: bigint, last: bigint, size: bigint): RangeHead {
  const prioCol = col + CANONICAL_PRIO;
  const comma = line.indexOf(',', prioCol);
  const nonvolatile = line.startsWith('nv-', comma + 2);
  return {
    start,
    last,
    size,
    priority: Number(line.slice(prioCol, comma)),
    type: typeWord(line, comma + (nonvolatile ? 5 : 2), bodyCol - 3),
    nonvolatile,
    rangeCol: col,
    rangeEndCol: col + 33,
    bodyCol,
  };
}

/** Parses the head at `col`; never throws. */
export function parseRangeHead(line: string, col: number): RangeHead | HeadError {
  CANONICAL.lastIndex = col;
  if (CANONICAL.test(line)) {
    const head = canonicalHead(line, col, CANONICAL.lastIndex);
    if (head) return head;
  }
  const re = /([0-9a-f]+)-([0-9a-f]+) \(prio ([^,)]*), ([^)]*)\): ?/y;
  re.lastIndex = col;
  const m = re.exec(line);
  if (!m) {
    return { code: 'MT001', args: { reason: 'expected "START-END (prio P, TYPE): NAME"' }, col, endCol: line.length };
  }
  const [whole, s, e, prio, typeText] = m as unknown as [string, string, string, string, string];
  const start = hexValue(s);
  const last = hexValue(e);
  const endCol = col + s.length + 1 + e.length;
  if (start === 'big' || start === undefined) return { code: 'MT012', args: { text: s }, col, endCol: col + s.length };
  if (last === 'big' || last === undefined) return { code: 'MT012', args: { text: e }, col: col + s.length + 1, endCol };
  if (last < start) return { code: 'MT006', args: { start: s, end: e }, col, endCol };
  const prioCol = col + s.length + 1 + e.length + ' (prio '.length;
  if (!/^-?\d{1,10}$/.test(prio) || Number(prio) > 2147483647 || Number(prio) < -2147483648) {
    return { code: 'MT011', args: { text: prio }, col: prioCol, endCol: prioCol + prio.length };
  }
  const nonvolatile = typeText.startsWith('nv-');
  const type = nonvolatile ? typeText.slice(3) : typeText;
  const typeCol = prioCol + prio.length + 2;
  if (!TYPES.has(type)) return { code: 'MT009', args: { type: typeText }, col: typeCol, endCol: typeCol + typeText.length };
  return {
    start,
    last,
    size: last - start + 1n,
    priority: Number(prio),
    type: type as RegionType,
    nonvolatile,
    rangeCol: col,
    rangeEndCol: endCol,
    bodyCol: col + whole.length,
  };
}

/** A body with its `-o` suffixes taken off. */
export interface ObjectSuffix {
  readonly body: string;
  readonly owner?: ObjectRef;
  readonly parentObject?: ObjectRef;
  readonly orphan: boolean;
}

/** Reads `dev|obj id|path|type=VALUE` from text[from, to). */
function readRef(text: string, from: number, to: number): ObjectRef | undefined {
  let kind: 'dev' | 'obj';
  if (text.startsWith('dev ', from)) kind = 'dev';
  else if (text.startsWith('obj ', from)) kind = 'obj';
  else return undefined;
  const at = from + 4;
  let by: 'id' | 'path' | 'type';
  let valueCol: number;
  if (text.startsWith('id=', at)) [by, valueCol] = ['id', at + 3];
  else if (text.startsWith('path=', at)) [by, valueCol] = ['path', at + 5];
  else if (text.startsWith('type=', at)) [by, valueCol] = ['type', at + 5];
  else return undefined;
  if (valueCol > to) return undefined;
  return { kind, by, value: text.slice(valueCol, to) };
}

/** The `-o` suffixes of the body text[from, …): where the body proper ends, and what the suffixes said. */
export interface SuffixAt {
  readonly bodyEnd: number;
  readonly owner?: ObjectRef;
  readonly parentObject?: ObjectRef;
  readonly orphan: boolean;
}

/** Finds ` owner:{…}` / ` parent:{…}` / ` orphan` at the end of text[from, …) (right to left, linear, no copies of the body). */
export function objectSuffixAt(text: string, from: number): SuffixAt {
  let end = text.length;
  if (text.charCodeAt(end - 1) !== 125 || end - from < 2) {
    if (end - from >= ' orphan'.length && text.endsWith(' orphan')) return { bodyEnd: end - ' orphan'.length, orphan: true };
    return { bodyEnd: end, orphan: false };
  }
  let owner: ObjectRef | undefined;
  let parentObject: ObjectRef | undefined;
  for (let round = 0; round < 2 && end - from >= 2 && text.charCodeAt(end - 1) === 125; round++) {
    const open = text.lastIndexOf(':{', end - 2);
    if (open < from) break;
    const close = text.indexOf('}', open + 2);
    if (close < end - 1) break;
    const ref = readRef(text, open + 2, end - 1);
    if (!ref) break;
    if (open - ' parent'.length >= from && text.endsWith(' parent', open) && !parentObject && !owner) {
      parentObject = ref;
      end = open - ' parent'.length;
    } else if (open - ' owner'.length >= from && text.endsWith(' owner', open) && !owner) {
      owner = ref;
      end = open - ' owner'.length;
    } else break;
  }
  if (parentObject) return owner ? { bodyEnd: end, owner, parentObject, orphan: false } : { bodyEnd: end, parentObject, orphan: false };
  return owner ? { bodyEnd: end, owner, orphan: false } : { bodyEnd: end, orphan: false };
}

/** Strips ` owner:{…}` / ` parent:{…}` / ` orphan` from the end of a body (right to left, linear). */
export function stripObjectSuffix(text: string): ObjectSuffix {
  const { bodyEnd, owner, parentObject, orphan } = objectSuffixAt(text, 0);
  const body = bodyEnd === text.length ? text : text.slice(0, bodyEnd);
  if (parentObject) return owner ? { body, owner, parentObject, orphan } : { body, parentObject, orphan };
  return owner ? { body, owner, orphan } : { body, orphan };
}
