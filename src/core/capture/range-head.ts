import type { IssueCode } from '../model/issues';
import type { ObjectRef, RegionType } from '../model/region';
import { U64_MAX } from '../model/address';

/** The `START-END (prio P, [nv-]TYPE): ` head shared by tree and flat-view lines. */
export interface RangeHead {
  readonly start: bigint;
  /** Inclusive end as printed. */
  readonly last: bigint;
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

/** Reads up to 2^64-1 from hex digits; returns 'big' past that, undefined for no digits. */
export function hexValue(digits: string): bigint | 'big' | undefined {
  if (digits.length === 0) return undefined;
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed.length > 16) return 'big';
  const v = trimmed.length === 0 ? 0n : BigInt('0x' + trimmed);
  return v > U64_MAX ? 'big' : v;
}

/** Parses the head at `col`; never throws. */
export function parseRangeHead(line: string, col: number): RangeHead | HeadError {
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

function readRef(inner: string): ObjectRef | undefined {
  const m = /^(dev|obj) (id|path|type)=(.*)$/s.exec(inner);
  if (!m) return undefined;
  return { kind: m[1] as 'dev' | 'obj', by: m[2] as 'id' | 'path' | 'type', value: m[3] as string };
}

/** Strips ` owner:{…}` / ` parent:{…}` / ` orphan` from the end of a body (right to left, linear). */
export function stripObjectSuffix(text: string): ObjectSuffix {
  let body = text;
  let owner: ObjectRef | undefined;
  let parentObject: ObjectRef | undefined;
  if (body.endsWith(' orphan')) return { body: body.slice(0, -' orphan'.length), orphan: true };
  for (let round = 0; round < 2 && body.endsWith('}'); round++) {
    const open = body.lastIndexOf(':{');
    if (open < 0) break;
    const inner = body.slice(open + 2, body.length - 1);
    if (inner.includes('}')) break;
    const ref = readRef(inner);
    if (!ref) break;
    const before = body.slice(0, open);
    if (before.endsWith(' parent') && !parentObject && !owner) {
      parentObject = ref;
      body = before.slice(0, -' parent'.length);
    } else if (before.endsWith(' owner') && !owner) {
      owner = ref;
      body = before.slice(0, -' owner'.length);
    } else break;
  }
  return {
    body,
    ...(owner ? { owner } : {}),
    ...(parentObject ? { parentObject } : {}),
    orphan: false,
  };
}
