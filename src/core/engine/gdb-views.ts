import type { FlatViewSection, GdbRangeNaming } from '../model/capture';
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
      // Through an alias a gpa2hva answer revealed: the chain runs through the alias to its target.
      const via = r.gdb?.via ? built.mrOfNode.get(r.gdb.via.id) : undefined;
      const path: RenderPath = via ? { mr, up: pathOf(via) } : pathOf(mr);
      return { start: r.start, size: r.size, mr, offset: r.offset, readonly: false, nonvolatile: false, romd: false, path, ...(r.gdb ? { gdb: r.gdb } : {}) };
    });
    const spaces = computed?.spaces ?? block.spaces.map((s) => ({ name: s.name, root: undefined, span: s.span }));
    out.push({ root: computed?.root, spaces, ranges, problems: [] });
  }
  for (const v of recomputed) if (!replaced.has(v)) out.push(v);
  return out;
}

const HOW: Record<GdbRangeNaming['how'], string> = {
  exact: 'the highest-ranked region covering it whose own range explains its offset',
  alias: 'the highest-ranked region covering it that can show it as an alias (its own range does not explain the offset)',
  container: 'the container itself: no subregion covers it (an I/O region showing through its holes)',
  through: 'the first region covering it by rank, taken as an alias onto a container: a subregion of its target shows here',
  partial: 'a region covering its start only: none covers all of it',
  none: 'nothing: no region of the dumped tree covers it',
};

/**
 * What a gdb session's answer at a range rests on, for hovers, why and gpa2hva: the range and offset
 * are QEMU's (dumped), the region is inferred from the dumped tree, and what gdb does not print.
 */
export function gdbRangeNote(range: FlatRange | undefined): string[] {
  const g = range?.gdb;
  if (!range || !g) return [];
  const lines = [`From gdb dumps: this range and its offset are QEMU's (dump_flatview); it is named after ${g.region ? g.region.name : '(unknown)'}, ${HOW[g.how]}.`];
  if (g.passedOver.length > 0) lines.push(`Ranked above it but not shown here (disabled, or hidden by a region the dump leaves out): ${g.passedOver.join(', ')}.`);
  lines.push('A gdb dump prints no priorities, types, enabled flags or alias targets: the walk below ranks regions by print order (QEMU\'s list order) and takes each as enabled.');
  return lines;
}
