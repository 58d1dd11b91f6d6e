import type { FlatViewSection } from '../model/capture';
import type { FlatRange, RenderPath } from './flatten';
import type { CaptureMachine } from './from-capture';
import type { Mr } from './mr';
import { makeMr } from './mr';
import type { ComputedView } from './views';

/** Each region's container, for the regions reachable from the address spaces' roots (iterative). */
function containers(built: CaptureMachine): Map<Mr, Mr> {
  const up = new Map<Mr, Mr>();
  const stack: Mr[] = [];
  for (const t of built.trees) stack.push(t.mr);
  for (let mr = stack.pop(); mr; mr = stack.pop()) {
    for (const c of mr.subregions) {
      if (up.has(c)) continue;
      up.set(c, mr);
      stack.push(c);
    }
  }
  return up;
}

/**
 * The FlatViews of a gdb session as the dumps show them: QEMU's own ranges and offsets (the dumped
 * views), each with the region of the dumped tree it is named after and that region's chain of
 * containers. Address spaces without a dumped view keep the view recomputed from their tree.
 */
export function gdbViews(built: CaptureMachine, dumped: FlatViewSection, recomputed: readonly ComputedView[]): ComputedView[] {
  const up = containers(built);
  const pathOf = (mr: Mr): RenderPath => {
    const chain: Mr[] = [];
    const seen = new Set<Mr>();
    for (let m: Mr | undefined = mr; m && !seen.has(m); m = up.get(m)) {
      seen.add(m);
      chain.push(m);
    }
    let path: RenderPath | undefined;
    for (let i = chain.length - 1; i >= 0; i--) path = { mr: chain[i] as Mr, up: path };
    return path as RenderPath;
  };
  const unknown = makeMr(0, '(unknown)', 'io', 0n, 0n);
  const byName = new Map<string, ComputedView>();
  for (const v of recomputed) for (const s of v.spaces) if (!byName.has(s.name)) byName.set(s.name, v);
  const replaced = new Set<ComputedView>();
  const out: ComputedView[] = [];
  for (const block of dumped.views) {
    const computed = block.spaces.map((s) => byName.get(s.name)).find((v) => v !== undefined);
    if (computed) replaced.add(computed);
    const ranges: FlatRange[] = block.ranges.map((r) => {
      const region = r.gdb?.region;
      const mr = (region && built.mrOfNode.get(region.id)) ?? unknown;
      return { start: r.start, size: r.size, mr, offset: r.offset, readonly: false, nonvolatile: false, romd: false, path: pathOf(mr) };
    });
    const spaces = computed?.spaces ?? block.spaces.map((s) => ({ name: s.name, root: undefined, span: s.span }));
    out.push({ root: computed?.root, spaces, ranges, problems: [] });
  }
  for (const v of recomputed) if (!replaced.has(v)) out.push(v);
  return out;
}
