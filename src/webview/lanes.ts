/**
 * The two lanes under the guest-physical one — RAMBlocks in ram_list order (ram_addr space) and each block's
 * host span (HVA) — and the ribbons that link a flat range to the part of its block that backs it, and a
 * block to its host span. Positions are world units (doubles: screen geometry); addresses stay bigints.
 * Pure: no DOM types.
 */
import type { Lane, Scale } from './placement';
import { buildScale, DEFAULT_SCALE, fraction, GAP, lowerBound, segmentWidth } from './placement';
import type { BlockItem, MapModel } from './model';
import { parseHex } from './model';

/** World units between two blocks of the ram_addr lane. */
export const BLOCK_GAP = 2;

/**
 * The ram_addr lane: one extent per block in ram_list order (the order QEMU lists and allocates them), each
 * as wide as the log of its size; `segStart`/`segLast` are its ram_addr span, so axis ticks work as on a Scale.
 */
export interface BlockLane {
  readonly count: number;
  readonly x0: Float64Array;
  readonly x1: Float64Array;
  /** The block each extent shows (index into the model's blocks). */
  readonly ref: Int32Array;
  readonly segStart: BigUint64Array;
  readonly segLast: BigUint64Array;
  /** Where each block's used part ends. */
  readonly usedX: Float64Array;
  readonly width: number;
}

/** Lays blocks out side by side in list order. */
export function buildBlockLane(blocks: readonly BlockItem[]): BlockLane {
  const n = blocks.length;
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const usedX = new Float64Array(n);
  const segStart = new BigUint64Array(n);
  const segLast = new BigUint64Array(n);
  let x = 0;
  blocks.forEach((b, i) => {
    if (i > 0) x += BLOCK_GAP;
    const size = b.last - b.start + 1n;
    x0[i] = x;
    x += segmentWidth(size, DEFAULT_SCALE.rangeMin, DEFAULT_SCALE.rangeLog);
    x1[i] = x;
    usedX[i] = x0[i] + fraction(b.used < size ? b.used : size, size) * (x - x0[i]);
    segStart[i] = b.start;
    segLast[i] = b.last;
  });
  return { count: n, x0, x1, ref: Int32Array.from(blocks, (_, i) => i), segStart, segLast, usedX, width: x };
}

/** For each of `items` items laid out on `lane`, the extent that shows it, or -1 when none does. */
function extentOfItem(lane: Lane, items: number): Int32Array {
  const out = new Int32Array(items).fill(-1);
  for (let e = 0; e < lane.count; e++) if (lane.ref[e]! !== GAP) out[lane.ref[e]!] = e;
  return out;
}

/** The host lane: the HVA spans of the blocks whose address is known, on a collapsed-gap scale. */
export interface HostLane {
  readonly scale: Scale;
  /** For each host span (index into the scale's items), the block it belongs to. */
  readonly block: Int32Array;
  /** For each block, its segment in the host scale, or -1 when its HVA is unknown. */
  readonly segOf: Int32Array;
}

/** Places every block with a known HVA by its host address. */
export function buildHostLane(blocks: readonly BlockItem[]): HostLane {
  const spans: { start: bigint; last: bigint }[] = [];
  const block: number[] = [];
  blocks.forEach((b, i) => {
    if (b.hva === undefined || b.hva + (b.last - b.start) >= 1n << 64n) return;
    spans.push({ start: b.hva, last: b.hva + (b.last - b.start) });
    block.push(i);
  });
  const scale = buildScale(spans);
  const segOfSpan = extentOfItem(scale, spans.length);
  const segOf = new Int32Array(blocks.length).fill(-1);
  block.forEach((b, span) => (segOf[b] = segOfSpan[span]!));
  return { scale, block: Int32Array.from(block), segOf };
}

/**
 * One ribbon per flat range backed by a RAMBlock: its GPA extent, the ram_addr extent of the bytes behind it
 * and, when the block's HVA is known, their host extent (NaN otherwise). In GPA order.
 */
export interface Ribbons {
  readonly count: number;
  readonly range: Int32Array;
  readonly block: Int32Array;
  readonly gpa0: Float64Array;
  readonly gpa1: Float64Array;
  readonly ram0: Float64Array;
  readonly ram1: Float64Array;
  readonly host0: Float64Array;
  readonly host1: Float64Array;
  /** Ribbons (GPA ranges) that land in each block: 2 or more is an alias showing one block twice. */
  readonly perBlock: Int32Array;
  /** The ribbons of block `b` are `byBlock[blockStart[b] … blockStart[b + 1])`, in GPA order (length blocks + 1). */
  readonly blockStart: Int32Array;
  /** Ribbon indices grouped by block (see `blockStart`). */
  readonly byBlock: Int32Array;
}

/** No ribbons: what a space without RAMBlock lanes (port I/O) has. */
export function noRibbons(blocks: number): Ribbons {
  const none = new Float64Array(0);
  return {
    count: 0,
    range: new Int32Array(0),
    block: new Int32Array(0),
    gpa0: none,
    gpa1: none,
    ram0: none,
    ram1: none,
    host0: none,
    host1: none,
    perBlock: new Int32Array(blocks),
    blockStart: new Int32Array(blocks + 1),
    byBlock: new Int32Array(0),
  };
}

/** Links every range that has a RAMBlock to its block part and host part. */
export function buildRibbons(model: MapModel, scale: Scale, lane: BlockLane, host: HostLane): Ribbons {
  const segOf = extentOfItem(scale, model.ranges.length);
  let n = 0;
  for (let i = 0; i < model.ranges.length; i++) if (model.rangeBlock[i]! >= 0 && segOf[i]! >= 0) n++;
  const r: Ribbons = {
    count: n,
    range: new Int32Array(n),
    block: new Int32Array(n),
    gpa0: new Float64Array(n),
    gpa1: new Float64Array(n),
    ram0: new Float64Array(n),
    ram1: new Float64Array(n),
    host0: new Float64Array(n),
    host1: new Float64Array(n),
    perBlock: new Int32Array(model.blocks.length),
    blockStart: new Int32Array(model.blocks.length + 1),
    byBlock: new Int32Array(n),
  };
  // Doubles from here on: these are pixel positions (a fraction of a block), never addresses.
  const blockSize = Float64Array.from(model.blocks, (b) => Number(b.last - b.start + 1n));
  const hs = host.scale;
  let k = 0;
  for (let i = 0; i < model.ranges.length; i++) {
    const b = model.rangeBlock[i]!;
    const seg = segOf[i]!;
    if (b < 0 || seg < 0) continue;
    const span = model.rangeSpans[i]!;
    const size = blockSize[b]!;
    const offset = offsetNumber(model.ranges[i]!.offset);
    const f0 = Math.min(1, offset / size);
    const f1 = Math.min(1, (offset + Number(span.last - span.start) + 1) / size);
    r.range[k] = i;
    r.block[k] = b;
    r.gpa0[k] = scale.x0[seg]!;
    r.gpa1[k] = scale.x1[seg]!;
    const w = lane.x1[b]! - lane.x0[b]!;
    r.ram0[k] = lane.x0[b]! + f0 * w;
    r.ram1[k] = lane.x0[b]! + f1 * w;
    const h = host.segOf[b]!;
    if (h >= 0) {
      // A block's host span is one segment of the host scale: the same fraction of it.
      const hw = hs.x1[h]! - hs.x0[h]!;
      r.host0[k] = hs.x0[h]! + f0 * hw;
      r.host1[k] = hs.x0[h]! + f1 * hw;
    } else {
      r.host0[k] = Number.NaN;
      r.host1[k] = Number.NaN;
    }
    r.perBlock[b]!++;
    k++;
  }
  // Counting sort by block: each block's ribbons stay in GPA order.
  for (let b = 0; b < model.blocks.length; b++) r.blockStart[b + 1] = r.blockStart[b]! + r.perBlock[b]!;
  const next = r.blockStart.slice(0, model.blocks.length);
  for (let i = 0; i < n; i++) r.byBlock[next[r.block[i]!]!++] = i;
  return r;
}

/** A range's offset into its region as a double, for pixel geometry only (0 when it does not parse). */
function offsetNumber(text: string): number {
  // Up to 13 hex digits is exact in a double and needs no bigint; longer ones go through BigInt.
  if (text.length <= 15 && text.startsWith('0x')) {
    const v = parseInt(text.slice(2), 16);
    return Number.isFinite(v) ? v : 0;
  }
  const v = parseHex(text);
  return v === undefined ? 0 : Number(v);
}

/** The first ribbon of range `i` (a range has at most one), by binary search on the range index; -1 when it has none. */
export function ribbonOfRange(r: Ribbons, i: number): number {
  const lo = lowerBound(r.range, i, 0, r.count);
  return lo < r.count && r.range[lo] === i ? lo : -1;
}
