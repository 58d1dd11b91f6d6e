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
export function rangeLine(start: bigint, size: bigint, priority: number | '?', type: string, name: string, offset: bigint): string {
  const at = offset !== 0n ? ` @${hex16(offset)}` : '';
  return `  ${hex16(start)}-${hex16(start + size - 1n)} (prio ${priority}, ${type}): ${name}${at}`;
}

/** How to print views whose regions came from gdb dumps, which hold no priorities or types. */
export interface FlatViewsFormat {
  /**
   * Views of a gdb session: `dumped` (QEMU's ranges, named by the dumped tree) or `recomputed` (the
   * tree's own flatten). Printed with `prio ?` and a `?` after the type: stand-ins, not QEMU's values.
   */
  readonly fromGdb?: 'dumped' | 'recomputed';
}

/** What precedes views printed from gdb dumps: which fields are QEMU's and which were not dumped. */
export const GDB_VIEWS_NOTE = {
  dumped: '# From gdb dumps: starts, ends and offsets are as dumped; names are the dumped tree\'s regions that show there; "prio ?" and a type ending in "?" were not in the dumps',
  recomputed: '# From gdb dumps: recomputed from the dumped tree alone, by rank (print order) with every region taken as enabled and every leaf as showing itself; "prio ?" and a type ending in "?" were not in the dumps',
} as const;

/** One range line exactly as `info mtree -f` prints it (without owners); from gdb dumps, with the unknown fields marked. */
export function formatFlatRange(r: FlatRange, format: FlatViewsFormat = {}): string {
  if (format.fromGdb) return rangeLine(r.start, r.size, '?', `${flatRangeType(r)}?`, r.mr.name, r.offset);
  return rangeLine(r.start, r.size, r.mr.priority, flatRangeType(r), r.mr.name, r.offset);
}

/** Prints views in QEMU's `info mtree -f` format (numbered in the order given). */
export function formatFlatViews(views: readonly ComputedView[], format: FlatViewsFormat = {}): string {
  const out: string[] = format.fromGdb ? [GDB_VIEWS_NOTE[format.fromGdb]] : [];
  views.forEach((v, i) => {
    out.push(`FlatView #${i}`);
    for (const as of v.spaces) {
      const root = as.root;
      out.push(` AS "${as.name}", root: ${root ? root.name : '(none)'}${root?.alias ? `, alias ${root.alias.name}` : ''}`);
    }
    out.push(` Root memory region: ${v.root ? v.root.name : '(none)'}`);
    if (v.ranges.length === 0) out.push('  No rendered FlatView');
    else for (const r of v.ranges) out.push(formatFlatRange(r, format));
    out.push('');
  });
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}
