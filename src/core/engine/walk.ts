import { preorder } from '../model/preorder';
import type { Mr } from './mr';

/** How walkRegions goes on from a region. */
export interface WalkOptions {
  /** Follows alias targets too (after the region's subregions). */
  readonly aliases?: boolean;
  /** Visits subregions from the last in the list to the first. */
  readonly lastFirst?: boolean;
}

/**
 * Every region reachable from `roots`, once each, parents first: subregions in list order (or from the
 * last with `lastFirst`), then the alias target when `aliases` says so. Iterative, and a region reached
 * again (shared, or through an alias cycle) is not walked again.
 */
export function walkRegions(roots: readonly Mr[], options: WalkOptions = {}): Mr[] {
  const { aliases = false, lastFirst = false } = options;
  return preorder(roots, (mr) => {
    const kids = lastFirst ? [...mr.subregions].reverse() : mr.subregions;
    return aliases && mr.alias ? [...kids, mr.alias] : kids;
  }, true);
}
