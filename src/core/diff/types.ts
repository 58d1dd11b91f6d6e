import type { Span } from '../model/span';

/** A region as one side shows it. `start` is absolute (as `info mtree` prints it). */
export interface RegionFacts {
  readonly name: string;
  readonly start: bigint;
  readonly size: bigint;
  readonly priority: number;
  readonly enabled: boolean;
  /** The type word `info mtree` prints (an alias prints its target's). */
  readonly type: string;
  readonly nonvolatile: boolean;
  readonly alias?: { readonly target: string; readonly offset: bigint };
  /** Where the region is written on that side. */
  readonly span?: Span;
}

/** What changed about a region present on both sides. */
export type RegionFacet = 'moved' | 'resized' | 'priority' | 'enabled' | 'disabled' | 'type' | 'nonvolatile' | 'alias-target' | 'alias-offset';

/** A region added, removed or changed, within one region tree. */
export interface RegionChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** The tree: the address spaces rooted at it (sorted, comma-separated), else its root's name. */
  readonly tree: string;
  /** Names from the tree's root down to the region (A's names when both sides have it). */
  readonly path: string[];
  readonly a?: RegionFacts;
  readonly b?: RegionFacts;
  /** For `changed`: every facet that differs, in a fixed order. Empty otherwise. */
  readonly facets: RegionFacet[];
  /** For `added`/`removed`: the regions inside it that come and go with it. */
  readonly subregions: number;
}

/** The region that owns a flat range on one side. */
export interface FlatOwner {
  readonly region: string;
  /** offset_in_region at the change's first address. */
  readonly offset: bigint;
  /** The type word `info mtree -f` prints (`rom` for a read-only range). */
  readonly type: string;
  readonly span?: Span;
}

/**
 * A maximal guest-physical range of one FlatView where the two sides differ: covered on one side only,
 * owned by different regions (by identity, not name), the same region at another offset, or the same
 * bytes with other attributes (read-only, romd, non-volatile).
 */
export interface FlatChange {
  readonly kind: 'added' | 'removed' | 'owner' | 'offset' | 'attributes';
  /** The address spaces that share the view (sorted, comma-separated). */
  readonly spaces: string;
  readonly start: bigint;
  readonly size: bigint;
  readonly a?: FlatOwner;
  readonly b?: FlatOwner;
}

/**
 * Address spaces that only one side has (`address-spaces`), or address spaces both sides have whose
 * FlatView renders on one side only (`rendering`: e.g. bus mastering switched on).
 */
export interface ViewChange {
  readonly kind: 'added' | 'removed';
  readonly what: 'address-spaces' | 'rendering';
  /** The address spaces (sorted, comma-separated). */
  readonly spaces: string;
  /** For `rendering`: how many ranges the side that renders has. */
  readonly ranges: number;
  /** An address space's header on the side that has it. */
  readonly span?: Span;
}

/** A RAMBlock as one side lists it. */
export interface BlockFacts {
  readonly name: string;
  readonly offset: bigint;
  readonly used: bigint;
  readonly max: bigint;
  readonly pageSize: bigint;
  readonly span?: Span;
}

/** What changed about a RAMBlock present on both sides: its ram_addr, max length, used length, page size. */
export type BlockFacet = 'moved' | 'resized' | 'used' | 'page-size';

/** A RAMBlock added, removed or changed. Host addresses are never compared (they change on every run). */
export interface BlockChange {
  readonly kind: 'added' | 'removed' | 'changed';
  readonly a?: BlockFacts;
  readonly b?: BlockFacts;
  readonly facets: BlockFacet[];
}

/** Everything that differs between two captures or layouts (A and B). Empty lists = equal. */
export interface MemoryDiff {
  readonly regions: RegionChange[];
  readonly views: ViewChange[];
  readonly flat: FlatChange[];
  readonly blocks: BlockChange[];
  /**
   * Parts that could not be compared because a side lacks them: `regions` (no region tree: a capture
   * with only `info mtree -f`), `flat` (no memory map at all), `blocks` (no RAMBlock list), `disabled`
   * (one side's tree was printed without `-D`: disabled regions are left out of both).
   */
  readonly notCompared: ('regions' | 'flat' | 'blocks' | 'disabled')[];
}

/** True when no part of the two documents could be compared: not "equal", but "nothing to compare". */
export function isIncomparable(d: MemoryDiff): boolean {
  return d.notCompared.includes('regions') && d.notCompared.includes('flat') && d.notCompared.includes('blocks');
}

/** True when the diff reports nothing (which means "equal" only when something was compared). */
export function isEmptyDiff(d: MemoryDiff): boolean {
  return d.regions.length === 0 && d.views.length === 0 && d.flat.length === 0 && d.blocks.length === 0;
}
