/**
 * The region tree as nested bands above the flat ranges: one row per depth, split into as many disjoint
 * sub-rows as overlapping siblings need (QEMU's priorities make overlap normal: `pci` under `system`
 * spans everything that `ram-below-4g` also covers). Pure: no DOM types.
 */
import type { Extent, Lane, Scale } from './placement';
import { packLanes, xOfAddress } from './placement';
import type { RegionItem } from './model';
import { pushAll } from '../core/model/arrays';

/** How many disjoint sub-rows one depth of the tree may take; regions that need more are not drawn. */
export const MAX_ROWS_PER_DEPTH = 8;

/** One drawn row of region bands; `lane.ref` indexes the model's `regions`. */
export interface BandRow {
  readonly depth: number;
  readonly lane: Lane;
}

/** The rows, top (root) first, and how many regions did not fit in any sub-row. */
export interface Bands {
  readonly rows: readonly BandRow[];
  readonly dropped: number;
  /** Indices into the model's regions of regions not drawn (the first NOT_DRAWN_CAP of each depth). */
  readonly droppedRefs: readonly number[];
}

/** Places every region on the scale of the flat ranges and packs each depth into disjoint rows. */
export function buildBands(regions: readonly RegionItem[], scale: Scale, maxLanesPerDepth = MAX_ROWS_PER_DEPTH): Bands {
  const byDepth: Extent[][] = [];
  regions.forEach((r, i) => {
    const list = (byDepth[r.depth] ??= []);
    list.push({ x0: xOfAddress(scale, r.start), x1: xOfAddress(scale, r.last + 1n), ref: i });
  });
  const rows: BandRow[] = [];
  let dropped = 0;
  const droppedRefs: number[] = [];
  byDepth.forEach((extents, depth) => {
    const packed = packLanes(extents, maxLanesPerDepth);
    dropped += packed.dropped;
    pushAll(droppedRefs, packed.droppedRefs);
    for (const lane of packed.lanes) rows.push({ depth, lane });
  });
  return { rows, dropped, droppedRefs };
}
