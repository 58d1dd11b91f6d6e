import { SIZE_2_64 } from '../model/address';
import type { Mr } from './mr';
import { terminates } from './mr';

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

type Frame =
  | { kind: 'enter'; mr: Mr; base: bigint; clipStart: bigint; clipEnd: bigint; ro: boolean; nv: boolean; up: RenderPath | undefined }
  | Fill
  | { kind: 'leave'; alias: Mr };

/** Default cap on rendered pieces: aliases of containers can multiply work exponentially. */
export const DEFAULT_RENDER_LIMIT = 5_000_000;

/**
 * The fills of render_memory_region in the order QEMU performs them (children before their parent's
 * own fill, higher priority first). Iterative, because input controls the depth.
 */
export function collectFills(root: Mr, problems: RenderProblem[] = [], limit = DEFAULT_RENDER_LIMIT): Fill[] {
  const fills: Fill[] = [];
  const stack: Frame[] = [{ kind: 'enter', mr: root, base: 0n, clipStart: 0n, clipEnd: SIZE_2_64, ro: false, nv: false, up: undefined }];
  // Aliases whose target is being rendered: meeting one again is a cycle (QEMU would recurse forever).
  const open = new Set<Mr>();
  let visited = 0;
  while (stack.length > 0) {
    const f = stack.pop() as Frame;
    if (f.kind === 'fill') {
      fills.push(f);
      continue;
    }
    if (f.kind === 'leave') {
      open.delete(f.alias);
      continue;
    }
    if (++visited > limit) {
      problems.push({ kind: 'too-large', limit });
      break;
    }
    const mr = f.mr;
    if (!mr.enabled) continue;
    const base = f.base + mr.addr;
    const ro = f.ro || mr.readonly;
    const nv = f.nv || mr.nonvolatile;
    const end = base + mr.size;
    const clipStart = base > f.clipStart ? base : f.clipStart;
    const clipEnd = end < f.clipEnd ? end : f.clipEnd;
    if (clipStart >= clipEnd) continue;
    const path: RenderPath = { mr, up: f.up };
    if (mr.alias) {
      if (open.has(mr)) {
        problems.push({ kind: 'alias-cycle', mr });
        continue;
      }
      open.add(mr);
      const target = mr.alias;
      stack.push({ kind: 'leave', alias: mr });
      stack.push({ kind: 'enter', mr: target, base: base - target.addr - mr.aliasOffset, clipStart, clipEnd, ro, nv, up: path });
      continue;
    }
    if (terminates(mr)) stack.push({ kind: 'fill', mr, start: clipStart, end: clipEnd, base, readonly: ro, nonvolatile: nv, path });
    for (let i = mr.subregions.length - 1; i >= 0; i--) {
      stack.push({ kind: 'enter', mr: mr.subregions[i] as Mr, base, clipStart, clipEnd, ro, nv, up: path });
    }
  }
  return fills;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Above this, Number(bigint) may round two different addresses to the same double. */
const EXACT_LIMIT = 2 ** 53;

/**
 * The distinct fill endpoints in ascending order, and for endpoint k (fill k>>1, start when k is even,
 * end when odd) its index in that order. Sorts endpoint numbers by their double value (exact below 2^53;
 * rounding keeps the order, so only equal doubles above 2^53 need the bigint compare) instead of hashing
 * bigints into a Set and a Map, whose cost grows faster than the input; render order is mostly address
 * order, which the sort's run detection turns into near-linear work.
 */
function compressEndpoints(fills: readonly Fill[]): { xs: bigint[]; rank: Uint32Array } {
  const n = fills.length * 2;
  const pts: bigint[] = new Array<bigint>(n);
  const keys = new Float64Array(n);
  for (let i = 0; i < fills.length; i++) {
    const f = fills[i] as Fill;
    pts[2 * i] = f.start;
    pts[2 * i + 1] = f.end;
    keys[2 * i] = Number(f.start);
    keys[2 * i + 1] = Number(f.end);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const ka = keys[a] as number;
    const d = ka - (keys[b] as number);
    if (d !== 0 || ka < EXACT_LIMIT) return d;
    return compareBig(pts[a] as bigint, pts[b] as bigint);
  });
  const xs: bigint[] = [];
  const rank = new Uint32Array(n);
  let prev: bigint | undefined;
  for (const k of order) {
    const x = pts[k] as bigint;
    if (prev === undefined || x !== prev) {
      xs.push(x);
      prev = x;
    }
    rank[k] = xs.length - 1;
  }
  return { xs, rank };
}

/** True when QEMU's flatview_simplify would join `b` onto `a`. */
export function canMerge(a: FlatRange, b: FlatRange): boolean {
  return a.start + a.size === b.start && a.mr === b.mr && a.offset + a.size === b.offset &&
    a.readonly === b.readonly && a.nonvolatile === b.nonvolatile && a.romd === b.romd;
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
  // next[i] = some segment >= i that may be free (path-compressed); segs means none.
  const next = new Int32Array(segs + 1);
  for (let i = 0; i <= segs; i++) next[i] = i;
  const findFree = (i: number): number => {
    let r = i;
    while (next[r] !== r) r = next[r] as number;
    while (next[i] !== r) {
      const n = next[i] as number;
      next[i] = r;
      i = n;
    }
    return r;
  };
  for (let fi = 0; fi < fills.length; fi++) {
    const last = rank[2 * fi + 1] as number;
    for (let s = findFree(rank[2 * fi] as number); s < last; s = findFree(s)) {
      owner[s] = fi;
      next[s] = s + 1;
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
