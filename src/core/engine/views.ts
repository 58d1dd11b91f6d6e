import { hex16 } from '../model/address';
import type { AddressSpace, Machine } from './machine';
import { flatViewRoot } from './machine';
import type { FlatRange, RenderProblem } from './flatten';
import { flattenRegion } from './flatten';
import type { Mr } from './mr';
import { regionTypeWord } from './mr';
import { pushTo } from '../model/arrays';

/** One FlatView as QEMU would hold it: the reduced root, the address spaces sharing it, its ranges. */
export interface ComputedView {
  readonly root: Mr | undefined;
  readonly spaces: AddressSpace[];
  readonly ranges: FlatRange[];
  readonly problems: RenderProblem[];
}

/** The sorted names of the address spaces a view serves: how views are matched across runs (QEMU numbers them in hash order). */
export function spacesKey(spaces: readonly { readonly name: string }[]): string {
  return spaces.map((s) => s.name).sort().join(', ');
}

/** Computes every FlatView of a machine; address spaces whose roots reduce to the same region share one. */
export function computeViews(m: Machine): ComputedView[] {
  const byRoot = new Map<Mr | undefined, AddressSpace[]>();
  for (const as of m.spaces) {
    const root = flatViewRoot(as.root);
    pushTo(byRoot, root, as);
  }
  const views: ComputedView[] = [];
  for (const [root, spaces] of byRoot) {
    const problems: RenderProblem[] = [];
    views.push({ root, spaces, ranges: root ? flattenRegion(root, problems) : [], problems });
  }
  return views;
}

/** The type word `info mtree -f` prints for a range: `rom` when the range is read-only, else the region's type. */
export function flatRangeType(r: FlatRange): string {
  return (r.nonvolatile ? 'nv-' : '') + (r.readonly ? 'rom' : regionTypeWord(r.mr));
}

/** QEMU's `  START-END (prio P, TYPE): NAME[ @OFFSET]` line (without owners), from its printed fields. */
export function rangeLine(start: bigint, size: bigint, priority: number, type: string, name: string, offset: bigint): string {
  const at = offset !== 0n ? ` @${hex16(offset)}` : '';
  return `  ${hex16(start)}-${hex16(start + size - 1n)} (prio ${priority}, ${type}): ${name}${at}`;
}

/** One range line exactly as `info mtree -f` prints it (without owners). */
export function formatFlatRange(r: FlatRange): string {
  return rangeLine(r.start, r.size, r.mr.priority, flatRangeType(r), r.mr.name, r.offset);
}

/** Prints views in QEMU's `info mtree -f` format (numbered in the order given). */
export function formatFlatViews(views: readonly ComputedView[]): string {
  const out: string[] = [];
  views.forEach((v, i) => {
    out.push(`FlatView #${i}`);
    for (const as of v.spaces) {
      const root = as.root;
      out.push(` AS "${as.name}", root: ${root ? root.name : '(none)'}${root?.alias ? `, alias ${root.alias.name}` : ''}`);
    }
    out.push(` Root memory region: ${v.root ? v.root.name : '(none)'}`);
    if (v.ranges.length === 0) out.push('  No rendered FlatView');
    else for (const r of v.ranges) out.push(formatFlatRange(r));
    out.push('');
  });
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
