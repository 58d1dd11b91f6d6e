import type { CaptureMachine, CaptureTree } from '../engine/from-capture';
import type { Mr } from '../engine/mr';
import { walkRegions } from '../engine/walk';
import { pushTo } from '../model/arrays';

/** Which printed trees a conversion writes, and where regions printed twice are written once. */
export interface TreeSelection {
  /** The trees written, in the capture's order. */
  readonly trees: CaptureTree[];
  /** The trees no address space or alias reaches: not written. */
  readonly dropped: CaptureTree[];
  /** Trees written inside another tree: each one's root, to the region it repeats there. */
  readonly merged: Map<Mr, Mr>;
  /** Each region's tree (the root of the first tree that holds it). */
  readonly treeOf: Map<Mr, Mr>;
  /** Each tree's regions, by its root, parents first. */
  readonly members: Map<Mr, Mr[]>;
  /** The region written for a region (itself unless its tree is written inside another). */
  readonly canonical: (mr: Mr) => Mr;
}

/** Structural identities: equal numbers for regions whose whole subtrees have equal facts (alias targets by identity). */
function signatures(roots: readonly Mr[]): Map<Mr, number> {
  const intern = new Map<string, number>();
  const sig = new Map<Mr, number>();
  for (const root of roots) {
    // Post-order without recursion: a region's key needs its subregions' numbers.
    const stack: [Mr, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [mr, ready] = stack.pop() as [Mr, boolean];
      if (sig.has(mr)) continue;
      if (!ready) {
        stack.push([mr, true]);
        for (const c of mr.subregions) if (!sig.has(c)) stack.push([c, false]);
        continue;
      }
      const key = JSON.stringify([
        mr.kind, mr.name, String(mr.addr), String(mr.size), mr.priority, mr.enabled, mr.readonly, mr.nonvolatile, mr.romd,
        String(mr.aliasOffset), mr.alias?.id ?? -1, mr.subregions.map((c) => sig.get(c)),
      ]);
      let n = intern.get(key);
      if (n === undefined) {
        n = intern.size;
        intern.set(key, n);
      }
      sig.set(mr, n);
    }
  }
  return sig;
}

/**
 * Printed trees that repeat a region printed inside another tree: QEMU prints every alias target
 * again as a memory-region: section (`pci` inside `system` included), and an address space may be
 * rooted at a device's region (`virtio-pci-cfg-mem-as`). Each such tree is that one region, so
 * aliases and address spaces are pointed at it and it is written once. Only an exact match that is
 * the only candidate counts, and one region takes one tree at most (two address spaces moved onto
 * one root would share a FlatView); larger trees go first so that their insides stop being candidates.
 */
function repeatedSections(trees: readonly Mr[], members: ReadonlyMap<Mr, Mr[]>): { mapTo: Map<Mr, Mr>; merged: Map<Mr, Mr> } {
  const sig = signatures(trees);
  const nested = new Map<number, Mr[]>();
  const home = new Map<Mr, Mr>();
  for (const t of trees) {
    for (const mr of members.get(t) ?? []) {
      home.set(mr, t);
      if (mr === t) continue;
      pushTo(nested, sig.get(mr) as number, mr);
    }
  }
  const mapTo = new Map<Mr, Mr>();
  const merged = new Map<Mr, Mr>();
  const taken = new Set<Mr>();
  const sections = [...trees].sort((a, b) => (members.get(b)?.length ?? 0) - (members.get(a)?.length ?? 0));
  for (const t of sections) {
    const cands = (nested.get(sig.get(t) as number) ?? []).filter((n) => !mapTo.has(n) && home.get(n) !== t);
    // Two trees onto one region would make their address spaces share a FlatView: leave such ones apart.
    if (cands.length !== 1 || taken.has(cands[0] as Mr)) continue;
    const into = cands[0] as Mr;
    taken.add(into);
    merged.set(t, into);
    // Equal signatures mean equal shapes: pair the regions up one by one.
    const pairs: [Mr, Mr][] = [[t, into]];
    while (pairs.length > 0) {
      const [a, b] = pairs.pop() as [Mr, Mr];
      mapTo.set(a, b);
      a.subregions.forEach((c, i) => pairs.push([c, b.subregions[i] as Mr]));
    }
  }
  return { mapTo, merged };
}

/**
 * The trees some address space reaches, directly or through aliases (all of them when no address space
 * has a root). A memory-region: section that none reaches changes no view; QEMU printed it for an alias
 * that the reflattening resolved to an equal-named region.
 */
function reachedTrees(built: CaptureMachine, treeOf: ReadonlyMap<Mr, Mr>, members: ReadonlyMap<Mr, Mr[]>): Set<Mr> {
  const spaces = built.machine.spaces;
  const kept = new Set<Mr>();
  const work: Mr[] = [];
  const keep = (tree: Mr | undefined): void => {
    if (tree && !kept.has(tree)) {
      kept.add(tree);
      work.push(tree);
    }
  };
  for (const as of spaces) keep(as.root ? treeOf.get(as.root) : undefined);
  if (spaces.every((s) => !s.root)) for (const t of built.trees) keep(t.mr);
  while (work.length > 0) {
    const tree = work.pop() as Mr;
    for (const mr of members.get(tree) ?? []) if (mr.alias) keep(treeOf.get(mr.alias));
  }
  return kept;
}

/** The trees to write: those some address space reaches, less those that repeat a region of another. */
export function selectTrees(built: CaptureMachine): TreeSelection {
  // Trees come from the printed sections: address-space roots, then memory-region: sections.
  const treeOf = new Map<Mr, Mr>();
  const members = new Map<Mr, Mr[]>();
  for (const t of built.trees) {
    const all = walkRegions([t.mr]);
    members.set(t.mr, all);
    for (const mr of all) if (!treeOf.has(mr)) treeOf.set(mr, t.mr);
  }
  const kept = reachedTrees(built, treeOf, members);
  const dropped = built.trees.filter((t) => !kept.has(t.mr));
  const { mapTo, merged } = repeatedSections(built.trees.filter((t) => kept.has(t.mr)).map((t) => t.mr), members);
  const canonical = (mr: Mr): Mr => {
    let m = mr;
    // Chains end: a section only merges into a region that is not mapped yet (see repeatedSections).
    for (let next = mapTo.get(m); next; next = mapTo.get(m)) m = next;
    return m;
  };
  const trees = built.trees.filter((t) => kept.has(t.mr) && !merged.has(t.mr));
  return { trees, dropped, merged, treeOf, members, canonical };
}
