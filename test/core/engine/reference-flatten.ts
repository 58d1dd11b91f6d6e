// A deliberately naive transcription of QEMU's rendering rules (system/memory.c), used as the oracle for
// the engine's property tests. It shares no code with src/core/engine (only the Mr type): every address
// segment is evaluated on its own by walking the tree the way render_memory_region does, so the result
// follows from the rules directly instead of from the engine's union-find over fills. Quadratic on purpose.
import type { Mr } from '../../../src/core/engine/mr';

/** 2^64: the end of the address space (QEMU's int128_2_64()). */
const TOP = 1n << 64n;

/** One range of the reference FlatView (QEMU's FlatRange without the dirty-log mask, which is not modelled). */
export interface RefRange {
  start: bigint;
  size: bigint;
  mr: Mr;
  offset: bigint;
  readonly: boolean;
  nonvolatile: boolean;
  romd: boolean;
}

/** What rendering decided for one address: the terminating region that claims it and the flags on its path. */
interface Claim {
  mr: Mr;
  offset: bigint;
  readonly: boolean;
  nonvolatile: boolean;
}

// QEMU sets mr->terminates in memory_region_init_{ram,rom,rom_device,ram_device,io}; aliases and pure
// containers are built by memory_region_init/_alias and keep it false.
function refTerminates(mr: Mr): boolean {
  if (mr.alias !== undefined) return false;
  return mr.kind === 'ram' || mr.kind === 'rom-device' || mr.kind === 'ram-device' || mr.kind === 'io';
}

function clamp(x: bigint): bigint {
  return x < 0n ? 0n : x > TOP ? TOP : x;
}

// Every start and end a region can have along any render path (aliases re-base their targets). Clip edges
// are always one of these or 0 / 2^64, so no claim can change inside a segment between two of them.
// Unclipped and including regions rendering would skip: extra points only split segments, which simplify
// joins again.
function collectPoints(mr: Mr, base: bigint, points: Set<bigint>): void {
  if (!mr.enabled) return;
  const b = base + mr.addr;
  points.add(clamp(b));
  points.add(clamp(b + mr.size));
  if (mr.alias) {
    collectPoints(mr.alias, b - mr.alias.addr - mr.aliasOffset, points);
    return;
  }
  for (const child of mr.subregions) collectPoints(child, b, points);
}

// render_memory_region restricted to one address `p`: the first terminating region whose clip contains p,
// in render order (subregions in list order before the region's own fill), claims it.
function claimAt(mr: Mr, base: bigint, clipStart: bigint, clipEnd: bigint, ro: boolean, nv: boolean, p: bigint): Claim | undefined {
  // Step 1: a disabled region renders nothing, children included.
  if (!mr.enabled) return undefined;
  // Step 2.
  base += mr.addr;
  ro = ro || mr.readonly;
  nv = nv || mr.nonvolatile;
  // Step 3: addrrange_intersects + addrrange_intersection (an empty range intersects nothing).
  const start = base;
  const end = base + mr.size;
  const cs = start > clipStart ? start : clipStart;
  const ce = end < clipEnd ? end : clipEnd;
  if (cs >= ce) return undefined;
  // Step 4: an alias renders its target with base moved so the target's byte alias_offset lands at its start.
  if (mr.alias) return claimAt(mr.alias, base - mr.alias.addr - mr.aliasOffset, cs, ce, ro, nv, p);
  // Step 5: subregions in list order.
  for (const child of mr.subregions) {
    const c = claimAt(child, base, cs, ce, ro, nv, p);
    if (c) return c;
  }
  // Steps 6-7: only a terminating region fills, and only where nothing claimed yet (which is here: p is free).
  if (!refTerminates(mr)) return undefined;
  if (p < cs || p >= ce) return undefined;
  return { mr, offset: p - base, readonly: ro, nonvolatile: nv };
}

// QEMU's can_merge (without dirty_log_mask / unmergeable, which the model does not carry).
function refCanMerge(r1: RefRange, r2: RefRange): boolean {
  return r1.start + r1.size === r2.start &&
    r1.mr === r2.mr &&
    r1.offset + r1.size === r2.offset &&
    r1.romd === r2.romd &&
    r1.readonly === r2.readonly &&
    r1.nonvolatile === r2.nonvolatile;
}

/** QEMU's flatview_simplify, loop for loop: runs of mergeable neighbours collapse into their first range. */
export function referenceSimplify(input: readonly RefRange[]): RefRange[] {
  const ranges = input.map((r) => ({ ...r }));
  let i = 0;
  while (i < ranges.length) {
    let j = i + 1;
    while (j < ranges.length && refCanMerge(ranges[j - 1] as RefRange, ranges[j] as RefRange)) {
      (ranges[i] as RefRange).size += (ranges[j] as RefRange).size;
      ++j;
    }
    ++i;
    ranges.splice(i, j - i);
  }
  return ranges;
}

/** Renders `root` as generate_memory_topology does, by evaluating QEMU's rules separately for every elementary address segment. */
export function referenceFlatten(root: Mr): RefRange[] {
  const points = new Set<bigint>([0n, TOP]);
  collectPoints(root, 0n, points);
  const xs = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const raw: RefRange[] = [];
  for (let k = 0; k + 1 < xs.length; k++) {
    const start = xs[k] as bigint;
    const end = xs[k + 1] as bigint;
    const c = claimAt(root, 0n, 0n, TOP, false, false, start);
    if (!c) continue;
    raw.push({ start, size: end - start, mr: c.mr, offset: c.offset, readonly: c.readonly, nonvolatile: c.nonvolatile, romd: c.mr.romd });
  }
  return referenceSimplify(raw);
}

/** QEMU's memory_region_get_flatview_root, statement for statement (input must have no alias cycles). */
export function referenceFlatViewRoot(root: Mr): Mr | undefined {
  let mr = root;
  while (mr.enabled) {
    if (mr.alias) {
      if (mr.aliasOffset === 0n && mr.size >= mr.alias.size) {
        // The alias is included in its entirety: use its target as the "real" root.
        mr = mr.alias;
        continue;
      }
    } else if (!refTerminates(mr)) {
      let found = 0;
      let next: Mr | undefined;
      for (const child of mr.subregions) {
        if (child.enabled) {
          if (++found > 1) {
            next = undefined;
            break;
          }
          if (child.addr === 0n && mr.size >= child.size) next = child;
        }
      }
      if (found === 0) return undefined;
      if (next) {
        mr = next;
        continue;
      }
    }
    return mr;
  }
  return undefined;
}

/** QEMU's memory_region_add_subregion ordering: insert before the first child whose priority is <= the new one's. */
export function referenceInsertSubregion(list: Mr[], child: Mr): void {
  for (let i = 0; i < list.length; i++) {
    if (child.priority >= (list[i] as Mr).priority) {
      list.splice(i, 0, child);
      return;
    }
  }
  list.push(child);
}

/** The elementary segment boundaries the reference evaluates (sorted), for benchmarks that sample them. */
export function referencePoints(root: Mr): bigint[] {
  const points = new Set<bigint>([0n, TOP]);
  collectPoints(root, 0n, points);
  return [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The reference's answer for one address: which region claims it (undefined: nothing). */
export function referenceClaim(root: Mr, addr: bigint): Mr | undefined {
  return claimAt(root, 0n, 0n, TOP, false, false, addr)?.mr;
}
