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

/** The value of 16 hex digits at `col` that the caller has checked (either case). */
export function hex16At(line: string, col: number): bigint {
  // Three leading zeros leave 13 digits, which a double holds exactly.
  if (line.startsWith('000', col)) return BigInt(parseInt(line.slice(col + 3, col + 16), 16));
  const hi = parseInt(line.slice(col, col + 8), 16);
  const lo = parseInt(line.slice(col + 8, col + 16), 16);
  return hi < 0x200000 ? BigInt(hi * TWO_32 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/** Where the priority starts after a canonical START-END: 16 + 1 + 16 + ' (prio '.length. */
const CANONICAL_PRIO = 40;

/** The value of 8 lowercase hex digits at `col`, or -1 when one is not (one pass: checks and reads). */
export function hex8(line: string, col: number): number {
  let v = 0;
  for (let i = col; i < col + 8; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) v = v * 16 + (c - 48);
    else if (c >= 97 && c <= 102) v = v * 16 + (c - 87);
    else return -1;
  }
  return v;
}

/** The type word that starts at `col` and is followed by `): ` (QEMU's words only), or undefined. */
function typeWordAt(line: string, col: number): RegionType | undefined {
  const c = line.charCodeAt(col);
  let word: RegionType | undefined;
  if (c === 114) {
    if (line.startsWith('ram', col)) word = line.charCodeAt(col + 3) === 100 ? 'ramd' : 'ram';
    else if (line.startsWith('rom', col)) word = line.charCodeAt(col + 3) === 100 ? 'romd' : 'rom';
  } else if (c === 105) word = line.startsWith('i/o', col) ? 'i/o' : undefined;
  else if (c === 99) word = line.startsWith('container', col) ? 'container' : undefined;
  return word !== undefined && line.startsWith('): ', col + word.length) ? word : undefined;
}

/**
 * Reads a head spelled exactly as QEMU prints it (%016lx-%016lx, a priority of up to 9 digits, a known
 * type word, "): "), by position, in one pass; undefined for any other head (and for END < START),
 * which the general path then reads and reports. Values below 2^53 go through exact doubles: one
 * bigint each instead of bigint arithmetic.
 */
function canonicalHead(line: string, col: number): RangeHead | undefined {
  const sHi = hex8(line, col);
  const sLo = hex8(line, col + 8);
  const eHi = hex8(line, col + 17);
  const eLo = hex8(line, col + 25);
  if (sHi < 0 || sLo < 0 || eHi < 0 || eLo < 0) return undefined;
  if (line.charCodeAt(col + 16) !== 45 || !line.startsWith(' (prio ', col + 33)) return undefined;
  let i = col + CANONICAL_PRIO;
  const negative = line.charCodeAt(i) === 45;
  if (negative) i++;
  const digits = i;
  let prio = 0;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) prio = prio * 10 + (c - 48);
  if (i === digits || i - digits > 9 || line.charCodeAt(i) !== 44 || line.charCodeAt(i + 1) !== 32) return undefined;
  let typeCol = i + 2;
  const nonvolatile = line.startsWith('nv-', typeCol);
  if (nonvolatile) typeCol += 3;
  const type = typeWordAt(line, typeCol);
  if (type === undefined) return undefined;
  if (eHi < sHi || (eHi === sHi && eLo < sLo)) return undefined;
  let start: bigint;
  let last: bigint;
  let size: bigint;
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
  return {
    start,
    last,
    size,
    priority: negative ? -prio : prio,
    type,
    nonvolatile,
    rangeCol: col,
    rangeEndCol: col + 33,
    bodyCol: typeCol + type.length + 3,
  };
}

/** Parses the head at `col`; never throws. */
export function parseRangeHead(line: string, col: number): RangeHead | HeadError {
  const head = canonicalHead(line, col);
  if (head) return head;
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

/** Reads `dev|obj id|path|type=VALUE` from text[from, to). */
function readRef(text: string, from: number, to: number): ObjectRef | undefined {
  let kind: 'dev' | 'obj';
  if (text.startsWith('dev ', from)) kind = 'dev';
  else if (text.startsWith('obj ', from)) kind = 'obj';
  else return undefined;
  const at = from + 4;
  let by: 'id' | 'path' | 'type';
  if (text.startsWith('id=', at)) by = 'id';
  else if (text.startsWith('path=', at)) by = 'path';
  else if (text.startsWith('type=', at)) by = 'type';
  else return undefined;
  const valueCol = at + by.length + 1;
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

/**
 * Reads the `-o` suffixes of one section's lines. A device's regions all end with the same owner
 * suffix: a line that ends like the last one read shares its ObjectRef instead of reading and keeping
 * a copy (that reading was a third of a big tree's parse).
 */
export class ObjectSuffixReader {
  /** The last suffix that named an owner, from the body's end to the line's end, and what it said. */
  private text = '';
  private owner: ObjectRef | undefined;
  private parentObject: ObjectRef | undefined;

  /** What objectSuffixAt(text, from) answers. */
  read(text: string, from: number): SuffixAt {
    const n = this.text.length;
    // Once an owner is read, nothing left of it is: the same tail means the same suffixes.
    if (n > 0 && text.length - n >= from && text.endsWith(this.text)) {
      const bodyEnd = text.length - n;
      return this.parentObject ? { bodyEnd, owner: this.owner, parentObject: this.parentObject, orphan: false } : { bodyEnd, owner: this.owner, orphan: false };
    }
    const s = objectSuffixAt(text, from);
    if (s.owner) {
      this.text = text.slice(s.bodyEnd);
      this.owner = s.owner;
      this.parentObject = s.parentObject;
    }
    return s;
  }
}
