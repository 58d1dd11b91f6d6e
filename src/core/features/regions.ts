import type { MemoryModel } from '../engine/memory-model';
import { derivedOf } from '../engine/memory-model';
import type { Mr } from '../engine/mr';
import type { ComputedView } from '../engine/views';
import type { RenderPath } from '../engine/flatten';
import { RegionTable } from '../engine/region-table';
import { setDense } from '../model/arrays';

/** Where a region sits: its container chain and absolute start (as QEMU prints it in the tree). */
export interface Placement {
  readonly parent: Mr | undefined;
  readonly start: bigint;
}

/**
 * Containers and absolute starts of every region of a model, found from the regions that are nobody's
 * subregion (address-space roots, alias targets, section roots). Iterative. A model numbers its regions
 * densely, so the table is two arrays indexed by region id (a Map and an object per region held about
 * three times the memory); a model whose ids repeat gets a Map.
 */
export function placements(model: MemoryModel): ReadonlyMap<Mr, Placement> {
  const all = [...model.nameSpanOf.keys()];
  const isChild = new Set<Mr>();
  for (const mr of all) for (const c of mr.subregions) isChild.add(c);
  const regions: (Mr | undefined)[] = [];
  const parents: (Mr | undefined)[] = [];
  const starts: (bigint | undefined)[] = [];
  const placed: Mr[] = [];
  // Set when a region's id turns out not to index it alone: the walk goes on in a Map.
  let map: Map<Mr, Placement> | undefined;
  const stack: { mr: Mr; parent: Mr | undefined; base: bigint }[] = all.filter((m) => !isChild.has(m)).map((mr) => ({ mr, parent: undefined, base: 0n }));
  while (stack.length > 0) {
    const { mr, parent, base } = stack.pop() as { mr: Mr; parent: Mr | undefined; base: bigint };
    if (!map) {
      const known = regions[mr.id];
      if (known === mr) continue;
      if (known !== undefined || !Number.isSafeInteger(mr.id) || mr.id < 0) map = new Map(placed.map((m) => [m, { parent: parents[m.id], start: starts[m.id] as bigint }]));
    }
    if (map?.has(mr)) continue;
    const start = base + mr.addr;
    if (map) map.set(mr, { parent, start });
    else {
      setDense(regions, mr.id, mr);
      setDense(parents, mr.id, parent);
      setDense(starts, mr.id, start);
      placed.push(mr);
    }
    for (const c of mr.subregions) stack.push({ mr: c, parent: mr, base: start });
  }
  return map ?? placementTable(regions, parents, starts);
}

/** The table over the arrays (made here so that its closure holds nothing of the walk). */
function placementTable(regions: readonly (Mr | undefined)[], parents: readonly (Mr | undefined)[], starts: readonly (bigint | undefined)[]): RegionTable<Placement> {
  const has = (id: number): boolean => regions[id] !== undefined;
  return new RegionTable(regions, (id) => (has(id) ? { parent: parents[id], start: starts[id] as bigint } : undefined), has);
}

/** The container chain of a region, outermost first, ending with the region itself. */
export function containerPath(mr: Mr, where: ReadonlyMap<Mr, Placement>): Mr[] {
  const out: Mr[] = [];
  const seen = new Set<Mr>();
  for (let m: Mr | undefined = mr; m && !seen.has(m); m = where.get(m)?.parent) {
    seen.add(m);
    out.unshift(m);
  }
  return out;
}

/** Bytes each region shows in one view (through itself or its subregions and aliases): one pass over the ranges' render paths. */
function visibleInView(view: ComputedView): Map<Mr, bigint> {
  const here = new Map<Mr, bigint>();
  const credit = (p: RenderPath | undefined, bytes: bigint): void => {
    const seen = new Set<Mr>();
    for (let n = p; n; n = n.up) {
      if (seen.has(n.mr)) continue;
      seen.add(n.mr);
      here.set(n.mr, (here.get(n.mr) ?? 0n) + bytes);
    }
  };
  for (const r of view.ranges) {
    if (!r.parts) credit(r.path, r.size);
    else r.parts.forEach((p, i) => credit(p.path, ((r.parts as { start: bigint }[])[i + 1]?.start ?? r.start + r.size) - p.start));
  }
  return here;
}

/** placements() of a model, computed once per model so that per-request features stay cheap. */
export function placementsOf(model: MemoryModel): ReadonlyMap<Mr, Placement> {
  return derivedOf(model, placements);
}

/** For every region, the most bytes it shows in any one view; computed once per model, from visibleByViewOf. */
export function visibleOf(model: MemoryModel): Map<Mr, bigint> {
  return derivedOf(model, mostVisible);
}

function mostVisible(model: MemoryModel): Map<Mr, bigint> {
  const best = new Map<Mr, bigint>();
  for (const here of visibleByViewOf(model).values()) for (const [mr, b] of here) if (b > (best.get(mr) ?? 0n)) best.set(mr, b);
  return best;
}

/** Per view, the bytes each region shows there; computed once per model (hovers list it per view). */
export function visibleByViewOf(model: MemoryModel): Map<ComputedView, Map<Mr, bigint>> {
  return derivedOf(model, visibleByView);
}

function visibleByView(model: MemoryModel): Map<ComputedView, Map<Mr, bigint>> {
  return new Map(model.views.map((v) => [v, visibleInView(v)]));
}
