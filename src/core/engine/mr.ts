import type { MrKind, RegionType } from '../model/region-kind';
import { typeWordOfKind } from '../model/region-kind';

export type { MrKind } from '../model/region-kind';

/**
 * A MemoryRegion as the engine sees it: addresses relative to the container, subregions in QEMU's list
 * order (priority descending; among equal priorities the most recently added first).
 */
export interface Mr {
  readonly id: number;
  name: string;
  /** mr->addr: offset inside the container (for a root, where QEMU prints it). */
  addr: bigint;
  /** 0..2^64. */
  size: bigint;
  priority: number;
  enabled: boolean;
  readonly: boolean;
  nonvolatile: boolean;
  /** romd_mode of a ROM device (reads go straight to RAM). */
  romd: boolean;
  kind: MrKind;
  alias?: Mr;
  /** alias_offset: where in the target the alias starts. */
  aliasOffset: bigint;
  subregions: Mr[];
  /** The id of the parsed RegionNode this region was built from, when it came from a capture. */
  nodeId?: number;
}

/** True when rendering fills the region's own holes (RAM, ROM, I/O), false for a pure container or an alias. */
export function terminates(mr: Mr): boolean {
  return mr.alias === undefined && mr.kind !== 'container';
}

/** QEMU's memory_region_type(): the word `info mtree` prints (an alias prints its target's type). */
export function regionTypeWord(mr: Mr): RegionType {
  let m = mr;
  // Alias chains are followed to the end; a cycle stops after as many steps as could ever be needed.
  for (let guard = 0; m.alias && guard < 1_000_000; guard++) m = m.alias;
  return ownTypeWord(m);
}

/** The type word of what a region is itself (for an alias: what its chain ends at, see AliasEnds). */
export function ownTypeWord(m: Mr): RegionType {
  return typeWordOfKind(m.kind, m.readonly, m.romd);
}

/**
 * Where alias chains end, memoised along the way, so that a long chain costs its length once, not once
 * per alias on it (following each alias to the end made a chain of n aliases cost n²).
 */
export class AliasEnds {
  private readonly memo = new Map<Mr, Mr | undefined>();

  /** The region the chain from `mr` ends at: `mr` itself when it is not an alias; undefined on a cycle. */
  of(mr: Mr): Mr | undefined {
    if (!mr.alias) return mr;
    if (this.memo.has(mr)) return this.memo.get(mr);
    const walk: Mr[] = [];
    const onWalk = new Set<Mr>();
    let m: Mr = mr;
    let end: Mr | undefined;
    for (;;) {
      if (this.memo.has(m)) {
        end = this.memo.get(m);
        break;
      }
      if (!m.alias) {
        end = m;
        break;
      }
      if (onWalk.has(m)) {
        end = undefined;
        break;
      }
      onWalk.add(m);
      walk.push(m);
      m = m.alias;
    }
    for (const w of walk) this.memo.set(w, end);
    return end;
  }
}

/** Makes a region with QEMU's defaults (enabled, priority 0, not an alias). */
export function makeMr(id: number, name: string, kind: MrKind, addr: bigint, size: bigint, extra: Partial<Mr> = {}): Mr {
  return {
    id, name, addr, size, kind,
    priority: 0, enabled: true, readonly: false, nonvolatile: false, romd: false,
    aliasOffset: 0n, subregions: [],
    ...extra,
  };
}

/**
 * memory_region_add_subregion: inserts `child` before the first existing subregion whose priority is
 * <= the child's, so the list stays sorted by priority and the newest of equal priority comes first.
 */
export function addSubregion(container: Mr, child: Mr): void {
  const list = container.subregions;
  let i = 0;
  while (i < list.length && (list[i] as Mr).priority > child.priority) i++;
  list.splice(i, 0, child);
}

/** QEMU's list order: priority descending (a stable sort keeps the order among equals). */
export const byPriorityDesc = (a: Mr, b: Mr): number => b.priority - a.priority;

/**
 * The same as addSubregion for each of `children` in turn, in O(n log n) rather than O(n²): after
 * repeated insertions the newest of equal priority comes first, before the regions already there, so the
 * list is the children newest first, then the old list, stably sorted by priority. The container gets
 * a new list.
 */
export function addSubregions(container: Mr, children: readonly Mr[]): void {
  if (children.length === 0) return;
  const list = children.slice().reverse();
  for (const old of container.subregions) list.push(old);
  container.subregions = list.sort(byPriorityDesc);
}
