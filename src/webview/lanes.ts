/**
 * The two lanes under the guest-physical one — RAMBlocks in ram_list order (ram_addr space) and each block's
 * host span (HVA) — and the ribbons that link a flat range to the part of its block that backs it, and a
 * block to its host span. Positions are world units (doubles: screen geometry); addresses stay bigints.
 * Pure: no DOM types.
 */
import type { Scale } from './layout';
import { buildScale, GAP, segmentWidth } from './layout';
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
    x += segmentWidth(size, 4, 1);
    x1[i] = x;
    usedX[i] = x0[i] + fraction(b.used < size ? b.used : size, size) * (x - x0[i]);
    segStart[i] = b.start;
    segLast[i] = b.last;
  });
  return { count: n, x0, x1, ref: Int32Array.from(blocks, (_, i) => i), segStart, segLast, usedX, width: x };
}

/** `part / whole` as a double in [0, 1], exact enough for pixels at any size (bigint division first). */
export function fraction(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  if (part >= whole) return 1;
  return Number((part << 32n) / whole) / 2 ** 32;
}

/** World x of ram_addr offset `offset` (from the block's start, 0 … size) inside block `i` of the lane. */
export function xInBlock(lane: BlockLane, i: number, offset: bigint): number {
  const size = lane.segLast[i]! - lane.segStart[i]! + 1n;
  return lane.x0[i]! + fraction(offset, size) * (lane.x1[i]! - lane.x0[i]!);
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
  const segOf = new Int32Array(blocks.length).fill(-1);
  for (let seg = 0; seg < scale.count; seg++) if (scale.ref[seg]! !== GAP) segOf[block[scale.ref[seg]!]!] = seg;
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
}

/** Links every range that has a RAMBlock to its block part and host part. */
export function buildRibbons(model: MapModel, scale: Scale, lane: BlockLane, host: HostLane): Ribbons {
  const segOf = new Int32Array(model.ranges.length).fill(-1);
  for (let s = 0; s < scale.count; s++) if (scale.ref[s]! !== GAP) segOf[scale.ref[s]!] = s;
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

/** The ribbons of range `i` (usually one), by binary search on the range index. */
export function ribbonOfRange(r: Ribbons, i: number): number {
  let lo = 0;
  let hi = r.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r.range[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo < r.count && r.range[lo] === i ? lo : -1;
}
