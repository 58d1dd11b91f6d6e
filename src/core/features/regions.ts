import type { MemoryModel } from '../engine/memory-model';
import type { Mr } from '../engine/mr';
import type { ComputedView } from '../engine/views';
import type { RenderPath } from '../engine/flatten';

/** Where a region sits: its container chain and absolute start (as QEMU prints it in the tree). */
export interface Placement {
  readonly parent: Mr | undefined;
  readonly start: bigint;
}

/**
 * Containers and absolute starts of every region of a model, found from the regions that are nobody's
 * subregion (address-space roots, alias targets, section roots). Iterative.
 */
export function placements(model: MemoryModel): Map<Mr, Placement> {
  const all = [...model.nameSpanOf.keys()];
  const isChild = new Set<Mr>();
  for (const mr of all) for (const c of mr.subregions) isChild.add(c);
  const out = new Map<Mr, Placement>();
  const stack: { mr: Mr; parent: Mr | undefined; base: bigint }[] = all.filter((m) => !isChild.has(m)).map((mr) => ({ mr, parent: undefined, base: 0n }));
  while (stack.length > 0) {
    const { mr, parent, base } = stack.pop() as { mr: Mr; parent: Mr | undefined; base: bigint };
    if (out.has(mr)) continue;
    const start = base + mr.addr;
    out.set(mr, { parent, start });
    for (const c of mr.subregions) stack.push({ mr: c, parent: mr, base: start });
  }
  return out;
}

/** The container chain of a region, outermost first, ending with the region itself. */
export function containerPath(mr: Mr, where: Map<Mr, Placement>): Mr[] {
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

/** For every region, the most bytes it shows in any one view. Linear in the views' size. */
export function visibleBytesAll(views: readonly ComputedView[]): Map<Mr, bigint> {
  const best = new Map<Mr, bigint>();
  for (const view of views) for (const [mr, b] of visibleInView(view)) if (b > (best.get(mr) ?? 0n)) best.set(mr, b);
  return best;
}

const cachedPlacements = new WeakMap<MemoryModel, Map<Mr, Placement>>();
const cachedVisible = new WeakMap<MemoryModel, Map<Mr, bigint>>();
const cachedPerView = new WeakMap<MemoryModel, Map<ComputedView, Map<Mr, bigint>>>();

/** placements() of a model, computed once per analysis so that per-request features stay cheap. */
export function placementsOf(model: MemoryModel): Map<Mr, Placement> {
  let p = cachedPlacements.get(model);
  if (!p) {
    p = placements(model);
    cachedPlacements.set(model, p);
  }
  return p;
}

/** visibleBytesAll() of a model's views, computed once per analysis. */
export function visibleOf(model: MemoryModel): Map<Mr, bigint> {
  let v = cachedVisible.get(model);
  if (!v) {
    v = visibleBytesAll(model.views);
    cachedVisible.set(model, v);
  }
  return v;
}

/** Per view, the bytes each region shows there; computed once per analysis (hovers list it per view). */
export function visibleByViewOf(model: MemoryModel): Map<ComputedView, Map<Mr, bigint>> {
  let m = cachedPerView.get(model);
  if (!m) {
    m = new Map(model.views.map((v) => [v, visibleInView(v)]));
    cachedPerView.set(model, m);
  }
  return m;
}
