/**
 * The map's horizontal scale. The 64-bit address space is cut into segments — each item and each empty
 * gap between items — and every segment gets room by the log of its size, with a minimum, so that a
 * 4 KiB region stays visible next to a 64 GiB one and a 16 EiB hole does not swallow the screen.
 *
 * Positions ("world units") are doubles: they are screen geometry. Addresses stay bigints throughout.
 * Pure: no DOM types, so the unit tests and the extension host can import it.
 */
// model.ts imports only a type from here: this value import makes no cycle at run time.
import { NOT_DRAWN_CAP } from './model';

/** An item to place: an inclusive address span. */
export interface Span {
  readonly start: bigint;
  readonly last: bigint;
}

/** How much room a segment gets, in world units: `min + log * log2(size)`. */
export interface ScaleOptions {
  readonly rangeMin: number;
  readonly rangeLog: number;
  readonly gapMin: number;
  readonly gapLog: number;
}

/** Ranges get most of the room; gaps are narrow breaks that still grow a little with their size. */
export const DEFAULT_SCALE: ScaleOptions = { rangeMin: 4, rangeLog: 1, gapMin: 3, gapLog: 0.25 };

/** 2^64: one past the last address. */
export const SPACE_END = 1n << 64n;

/** The `ref` of a segment that is an empty gap. */
export const GAP = -1;

/** Disjoint extents sorted by position, in world units: what one lane draws and hit-tests. */
export interface Lane {
  readonly count: number;
  readonly x0: Float64Array;
  readonly x1: Float64Array;
  /** The item each extent shows (an index into the caller's list), or GAP. */
  readonly ref: Int32Array;
}

/** A lane that covers the whole 64-bit space, with each segment's addresses for address ↔ position. */
export interface Scale extends Lane {
  readonly segStart: BigUint64Array;
  /** Inclusive: 2^64 itself does not fit in a BigUint64Array. */
  readonly segLast: BigUint64Array;
  /** segStart as 32-bit words (a view of the same memory), for searching without allocating bigints. */
  readonly segWords: Uint32Array;
  /** Total width in world units. */
  readonly width: number;
}

/** Room for a segment of `size` bytes (size ≥ 1); the double is screen geometry only, never an address. */
export function segmentWidth(size: bigint, min: number, log: number): number {
  return min + log * Math.log2(Number(size));
}

/** Indices of `items` by start address; the identity when they already are (flat views always are). */
function byStart(items: readonly Span[]): number[] {
  const order = items.map((_, i) => i);
  for (let i = 1; i < items.length; i++) {
    if (items[i]!.start < items[i - 1]!.start) {
      // RAMBlocks come in ram_list order (largest first), not by offset.
      return order.sort((a, b) => (items[a]!.start < items[b]!.start ? -1 : items[a]!.start > items[b]!.start ? 1 : a - b));
    }
  }
  return order;
}

/**
 * Lays out items over [0, 2^64): one segment per item and per gap, in address order.
 * Items are expected disjoint (flat ranges and RAMBlocks are); one overlapping its predecessor still gets
 * its own segment, placed after it, so that every item stays visible and positions stay monotone.
 */
export function buildScale(items: readonly Span[], options: ScaleOptions = DEFAULT_SCALE): Scale {
  const cap = 2 * items.length + 1;
  const x0 = new Float64Array(cap);
  const x1 = new Float64Array(cap);
  const ref = new Int32Array(cap);
  const segStart = new BigUint64Array(cap);
  const segLast = new BigUint64Array(cap);
  let n = 0;
  let x = 0;
  const push = (start: bigint, last: bigint, r: number, w: number): void => {
    x0[n] = x;
    x += w;
    x1[n] = x;
    ref[n] = r;
    segStart[n] = start;
    segLast[n] = last;
    n++;
  };
  const top = SPACE_END - 1n;
  let cursor = 0n; // the first address not yet placed; reaches 2^64 after an item ending at the top
  for (const i of byStart(items)) {
    const it = items[i]!;
    const last = it.last < it.start ? it.start : it.last;
    if (it.start > cursor) push(cursor, it.start - 1n, GAP, segmentWidth(it.start - cursor, options.gapMin, options.gapLog));
    const start = it.start >= cursor ? it.start : cursor > top ? top : cursor;
    push(start, last > start ? last : start, i, segmentWidth(last - it.start + 1n, options.rangeMin, options.rangeLog));
    if (last + 1n > cursor) cursor = last + 1n;
  }
  if (cursor <= top) push(cursor, top, GAP, segmentWidth(SPACE_END - cursor, options.gapMin, options.gapLog));
  const starts = segStart.subarray(0, n);
  const segWords = new Uint32Array(starts.buffer, starts.byteOffset, 2 * n);
  return { count: n, x0: x0.subarray(0, n), x1: x1.subarray(0, n), ref: ref.subarray(0, n), segStart: starts, segLast: segLast.subarray(0, n), segWords, width: x };
}

/** The first index whose value is greater than `x` in a non-decreasing array (`length` when none is). */
export function upperBound(a: ArrayLike<number>, x: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first index whose value is at least `x` in a non-decreasing array (`length` when none is). */
export function lowerBound(a: ArrayLike<number>, x: number, from = 0, to = a.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The extents of a lane that intersect the window [left, right): `[first, end)`, by binary search. */
export function visibleRange(lane: Pick<Lane, 'count' | 'x0' | 'x1'>, left: number, right: number): [number, number] {
  const first = upperBound(lane.x1, left, 0, lane.count);
  return [first, Math.max(first, lowerBound(lane.x0, right, first, lane.count))];
}

/** The extent of a lane under position `x`, or -1. */
export function hitTest(lane: Lane, x: number): number {
  const i = upperBound(lane.x1, x, 0, lane.count);
  return i < lane.count && lane.x0[i]! <= x ? i : -1;
}

// The binary search reads segment starts as two 32-bit words and compares exact 64-bit values as two
// integers: reading a BigUint64Array element would allocate a bigint at every step.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;
const WORD = 0xffffffffn;

/** The segment holding `addr` (the last one starting at or before it). */
function segmentOf(scale: Scale, addr: bigint): number {
  const words = scale.segWords;
  const hi = Number(addr >> 32n);
  const lo = Number(addr & WORD);
  let a = 0;
  let b = scale.count;
  while (a < b) {
    const mid = (a + b) >>> 1;
    const h = words[2 * mid + HI]!;
    if (h < hi || (h === hi && words[2 * mid + LO]! <= lo)) a = mid + 1;
    else b = mid;
  }
  return Math.max(0, a - 1);
}

const FRACTION_BITS = 32n;
const FRACTION_ONE = 2 ** 32;

/** `part / whole` as a double in [0, 1], exact enough for pixels at any size (bigint division first). */
export function fraction(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  if (part >= whole) return 1;
  return Number((part << FRACTION_BITS) / whole) / FRACTION_ONE;
}

/** Where `addr` (0 … 2^64) falls, in world units: linear inside its segment. */
export function xOfAddress(scale: Scale, addr: bigint): number {
  if (scale.count === 0 || addr >= SPACE_END) return scale.width;
  if (addr <= 0n) return 0;
  const i = segmentOf(scale, addr);
  const start = scale.segStart[i]!;
  const last = scale.segLast[i]!;
  if (addr > last) return scale.x1[i]!;
  // The fraction is computed on bigints and only then made a double: sizes up to 2^64 keep their precision.
  return scale.x0[i]! + fraction(addr - start, last - start + 1n) * (scale.x1[i]! - scale.x0[i]!);
}

/** The address at position `x`, or undefined off the scale: exact at segment starts, linear inside. */
export function addressAtX(scale: Scale, x: number): bigint | undefined {
  const i = hitTest(scale, x);
  if (i < 0) return undefined;
  const start = scale.segStart[i]!;
  const last = scale.segLast[i]!;
  const w = scale.x1[i]! - scale.x0[i]!;
  const frac = w > 0 ? Math.min(1, Math.max(0, (x - scale.x0[i]!) / w)) : 0;
  const addr = start + (((last - start + 1n) * BigInt(Math.floor(frac * FRACTION_ONE))) >> FRACTION_BITS);
  return addr > last ? last : addr;
}

/** Extents to pack into disjoint lanes (world units), with the item each one shows. */
export interface Extent {
  readonly x0: number;
  readonly x1: number;
  readonly ref: number;
}

/**
 * Packs overlapping extents into as few disjoint lanes as first fit allows (sorted by start, longest first
 * on ties, so a container lands in the lane above what overlaps it). Past `maxLanes` an extent is dropped
 * and counted: drawing 100k mutually overlapping siblings would not tell anyone anything.
 */
export function packLanes(extents: readonly Extent[], maxLanes = 32): { lanes: Lane[]; dropped: number; droppedRefs: number[] } {
  const sorted = [...extents].sort((a, b) => a.x0 - b.x0 || b.x1 - a.x1);
  const builders: { x0: number[]; x1: number[]; ref: number[]; end: number }[] = [];
  let dropped = 0;
  const droppedRefs: number[] = [];
  for (const e of sorted) {
    let lane = builders.find((b) => b.end <= e.x0);
    if (!lane) {
      if (builders.length >= maxLanes) {
        dropped++;
        if (droppedRefs.length < NOT_DRAWN_CAP) droppedRefs.push(e.ref);
        continue;
      }
      lane = { x0: [], x1: [], ref: [], end: -Infinity };
      builders.push(lane);
    }
    lane.x0.push(e.x0);
    lane.x1.push(e.x1);
    lane.ref.push(e.ref);
    lane.end = e.x1;
  }
  const lanes = builders.map((b) => ({ count: b.x0.length, x0: Float64Array.from(b.x0), x1: Float64Array.from(b.x1), ref: Int32Array.from(b.ref) }));
  return { lanes, dropped, droppedRefs };
}
