import type { GdbRangeNaming } from '../model/capture';
import { SIZE_2_64, compareBigint } from '../model/address';
import type { Mr } from './mr';
import { terminates } from './mr';
import { FreeSegments } from './free-segments';

/** The regions entered on the way from the root to a rendered region (a linked list, shared between siblings). */
export interface RenderPath {
  readonly mr: Mr;
  readonly up: RenderPath | undefined;
}

/** The regions of a path from the root down, including aliases and their targets. */
export function pathRegions(p: RenderPath | undefined): Mr[] {
  const out: Mr[] = [];
  for (let n = p; n; n = n.up) out.push(n.mr);
  return out.reverse();
}

/** One range of a FlatView: [start, start+size) shows `mr` from `offset` on. */
export interface FlatRange {
  start: bigint;
  size: bigint;
  mr: Mr;
  /** offset_in_region. */
  offset: bigint;
  readonly: boolean;
  nonvolatile: boolean;
  romd: boolean;
  /** How rendering reached `mr` (root … aliases … mr), for translation chains. */
  path: RenderPath;
  /** A range of a dumped gdb view: how its region was told (the dump names none). */
  gdb?: GdbRangeNaming;
  /** When simplify joined pieces reached by different paths: where each path starts (ascending). */
  parts?: { start: bigint; path: RenderPath }[];
}

/** The render path that reached address `addr` of a range. */
export function pathAt(r: FlatRange, addr: bigint): RenderPath {
  let path = r.path;
  for (const p of r.parts ?? []) if (p.start <= addr) path = p.path;
  return path;
}

/** A region rendered into a clip window: the unit that claims addresses (render_memory_region step 7). */
interface Fill {
  /** Lets a fill sit on the render stack itself, with no frame object around it. */
  readonly kind: 'fill';
  readonly mr: Mr;
  readonly start: bigint;
  readonly end: bigint;
  /** Address of the region's byte 0 (so offset_in_region = address - base). */
  readonly base: bigint;
  readonly readonly: boolean;
  readonly nonvolatile: boolean;
  readonly path: RenderPath;
}

/** Why rendering stopped early on some path (input controls the graph, so cycles and blow-ups must end). */
export type RenderProblem =
  | { readonly kind: 'alias-cycle'; readonly mr: Mr }
  | { readonly kind: 'too-large'; readonly limit: number };

/** A container whose subregions are being rendered: one frame for all of them, with a cursor. */
interface Kids {
  readonly kind: 'kids';
  readonly mr: Mr;
  /** The container's context, the same for every child. */
  readonly base: bigint;
  readonly clipStart: bigint;
  readonly clipEnd: bigint;
  readonly ro: boolean;
  readonly nv: boolean;
  readonly up: RenderPath;
  /** The next subregion to render. */
  next: number;
}

type Frame = Kids | Fill | { readonly kind: 'leave'; readonly alias: Mr };

/** Default cap on rendered pieces: aliases of containers can multiply work exponentially. */
export const DEFAULT_RENDER_LIMIT = 5_000_000;

/**
 * The fills of render_memory_region in the order QEMU performs them (children before their parent's
 * own fill, higher priority first). Iterative, because input controls the depth: a container is one
 * frame with a cursor over its subregions, and an alias chain is followed in a loop.
 */
export function collectFills(root: Mr, problems: RenderProblem[] = [], limit = DEFAULT_RENDER_LIMIT): Fill[] {
  const fills: Fill[] = [];
  const stack: Frame[] = [];
  // Aliases whose target is being rendered: meeting one again is a cycle (QEMU would recurse forever).
  const open = new Set<Mr>();
  let visited = 0;
  let stopped = false;

  /** Renders `mr` inside its container's context: pushes its fill and its subregions' frame (after following aliases). */
  const enter = (mr: Mr, containerBase: bigint, outerStart: bigint, outerEnd: bigint, outerRo: boolean, outerNv: boolean, up: RenderPath | undefined): void => {
    let m = mr;
    let parentBase = containerBase;
    let fromStart = outerStart;
    let fromEnd = outerEnd;
    let ro = outerRo;
    let nv = outerNv;
    let via = up;
    for (;;) {
      if (++visited > limit) {
        problems.push({ kind: 'too-large', limit });
        stopped = true;
        return;
      }
      if (!m.enabled) return;
      const base = parentBase + m.addr;
      ro = ro || m.readonly;
      nv = nv || m.nonvolatile;
      const end = base + m.size;
      const clipStart = base > fromStart ? base : fromStart;
      const clipEnd = end < fromEnd ? end : fromEnd;
      if (clipStart >= clipEnd) return;
      const path: RenderPath = { mr: m, up: via };
      if (m.alias) {
        if (open.has(m)) {
          problems.push({ kind: 'alias-cycle', mr: m });
          return;
        }
        open.add(m);
        stack.push({ kind: 'leave', alias: m });
        const target = m.alias;
        parentBase = base - target.addr - m.aliasOffset;
        fromStart = clipStart;
        fromEnd = clipEnd;
        via = path;
        m = target;
        continue;
      }
      if (terminates(m)) stack.push({ kind: 'fill', mr: m, start: clipStart, end: clipEnd, base, readonly: ro, nonvolatile: nv, path });
      if (m.subregions.length > 0) stack.push({ kind: 'kids', mr: m, base, clipStart, clipEnd, ro, nv, up: path, next: 0 });
      return;
    }
  };

  enter(root, 0n, 0n, SIZE_2_64, false, false, undefined);
  while (stack.length > 0 && !stopped) {
    const f = stack[stack.length - 1] as Frame;
    if (f.kind === 'kids') {
      const subs = f.mr.subregions;
      if (f.next < subs.length) enter(subs[f.next++] as Mr, f.base, f.clipStart, f.clipEnd, f.ro, f.nv, f.up);
      else stack.pop();
      continue;
    }
    stack.pop();
    if (f.kind === 'fill') fills.push(f);
    else open.delete(f.alias);
  }
  return fills;
}


/** Below this, Number(bigint) is exact; at and above it two addresses may round to the same double. */
const EXACT_LIMIT = 2 ** 53;

/** Index of the first of sorted[0, n) that is >= key. */
function lowerBound(sorted: Float64Array, n: number, key: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The distinct fill endpoints in ascending order, and for endpoint k (fill k>>1, start when k is even,
 * end when odd) its index in that order. Endpoints below 2^53 are exact doubles: they are sorted by the
 * engine's native numeric sort of a Float64Array and found again by binary search, instead of hashing
 * bigints into a Set and a Map or sorting with a comparator (both much slower, and slower per item as the
 * input grows). The few endpoints at or above 2^53 (the end of a 2^64 container, high MMIO) are sorted
 * exactly as bigints and come after all the others.
 */
function compressEndpoints(fills: readonly Fill[]): { xs: bigint[]; rank: Uint32Array } {
  const n = fills.length * 2;
  const point = (k: number): bigint => {
    const f = fills[k >> 1] as Fill;
    return (k & 1) === 0 ? f.start : f.end;
  };
  const keys = new Float64Array(n);
  const high: bigint[] = [];
  let lowCount = 0;
  for (let k = 0; k < n; k++) {
    const x = point(k);
    const key = Number(x);
    keys[k] = key;
    if (key < EXACT_LIMIT) lowCount++;
    else high.push(x);
  }
  const low = new Float64Array(lowCount);
  for (let k = 0, j = 0; k < n; k++) if ((keys[k] as number) < EXACT_LIMIT) low[j++] = keys[k] as number;
  low.sort();
  let lowUnique = 0;
  for (let i = 0; i < lowCount; i++) if (lowUnique === 0 || low[i] !== low[lowUnique - 1]) low[lowUnique++] = low[i] as number;
  high.sort(compareBigint);
  const highRank = new Map<bigint, number>();
  for (const x of high) if (!highRank.has(x)) highRank.set(x, lowUnique + highRank.size);
  const xs: bigint[] = new Array<bigint>(lowUnique + highRank.size);
  const rank = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const key = keys[k] as number;
    const x = point(k);
    const r = key < EXACT_LIMIT ? lowerBound(low, lowUnique, key) : (highRank.get(x) as number);
    rank[k] = r;
    xs[r] = x;
  }
  return { xs, rank };
}

/** True when QEMU's flatview_simplify would join `b` onto `a`. */
export function canMerge(a: FlatRange, b: FlatRange): boolean {
  // The plain comparisons first: most neighbours differ there, before any bigint sum is made.
  return a.mr === b.mr && a.readonly === b.readonly && a.nonvolatile === b.nonvolatile && a.romd === b.romd &&
    a.start + a.size === b.start && a.offset + a.size === b.offset;
}

/**
 * Renders `root` into a simplified FlatView. Each address goes to the first fill (in render order) that
 * covers it. Endpoints are compressed into elementary segments and a "next free segment" union-find
 * skips claimed ones, so the work is O(F log F) for F fills instead of QEMU's O(F * ranges).
 */
export function flattenRegion(root: Mr, problems: RenderProblem[] = [], limit = DEFAULT_RENDER_LIMIT): FlatRange[] {
  const fills = collectFills(root, problems, limit);
  if (fills.length === 0) return [];
  const { xs, rank } = compressEndpoints(fills);
  const segs = xs.length - 1;
  // owner[i] = the fill that claimed segment [xs[i], xs[i+1]), -1 while free.
  const owner = new Int32Array(segs).fill(-1);
  const free = new FreeSegments(segs);
  for (let fi = 0; fi < fills.length; fi++) {
    const last = rank[2 * fi + 1] as number;
    for (let s = free.firstFree(rank[2 * fi] as number); s < last; s = free.firstFree(s)) {
      owner[s] = fi;
      free.take(s);
    }
  }
  const out: FlatRange[] = [];
  for (let s = 0; s < segs; ) {
    const fi = owner[s] as number;
    if (fi < 0) {
      s++;
      continue;
    }
    // A run of segments claimed by one fill is one piece (what simplify would make of them anyway).
    let e = s + 1;
    while (e < segs && owner[e] === fi) e++;
    const f = fills[fi] as Fill;
    const start = xs[s] as bigint;
    const piece: FlatRange = {
      start, size: (xs[e] as bigint) - start, mr: f.mr, offset: start - f.base,
      readonly: f.readonly, nonvolatile: f.nonvolatile, romd: f.mr.romd, path: f.path,
    };
    s = e;
    const prev = out[out.length - 1];
    if (prev && canMerge(prev, piece)) {
      if (piece.path !== (prev.parts ? (prev.parts[prev.parts.length - 1] as { path: RenderPath }).path : prev.path)) {
        prev.parts ??= [{ start: prev.start, path: prev.path }];
        prev.parts.push({ start: piece.start, path: piece.path });
      }
      prev.size += piece.size;
    } else out.push(piece);
  }
  return out;
}
