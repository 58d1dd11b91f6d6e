import type { Span } from '../model/span';
import type { Mr } from './mr';
import { terminates } from './mr';

/** An AddressSpace: a name and a root region (undefined when the text names no root). */
export interface AddressSpace {
  readonly name: string;
  readonly root: Mr | undefined;
  readonly span?: Span;
}

/** The engine's input: address spaces in creation order, each with its root region graph. */
export interface Machine {
  readonly spaces: AddressSpace[];
}

/**
 * memory_region_get_flatview_root: skips whole-region aliases at offset 0 and containers whose only
 * enabled child covers them from address 0, so that address spaces can share one FlatView.
 * Returns undefined for "no rendered FlatView" (a disabled root, or a container with nothing enabled).
 */
export function flatViewRoot(root: Mr | undefined): Mr | undefined {
  let mr = root;
  // Each step moves to an alias target or a child; a cycle in the input must not loop forever.
  const seen = new Set<Mr>();
  while (mr) {
    if (!mr.enabled) return undefined;
    if (seen.has(mr)) return mr;
    seen.add(mr);
    if (mr.alias) {
      if (mr.aliasOffset === 0n && mr.size >= mr.alias.size) {
        mr = mr.alias;
        continue;
      }
      return mr;
    }
    if (!terminates(mr)) {
      let found = 0;
      let next: Mr | undefined;
      for (const child of mr.subregions) {
        if (!child.enabled) continue;
        if (++found > 1) {
          next = undefined;
          break;
        }
        if (child.addr === 0n && mr.size >= child.size) next = child;
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
