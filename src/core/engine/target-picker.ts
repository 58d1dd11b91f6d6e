import type { RegionNode } from '../model/region';
import { compareBigint } from '../model/address';
import { IntervalStab } from '../model/interval-stab';
import { firstNotBefore } from '../model/arrays';
import { preorder } from '../model/preorder';
import type { Mr } from './mr';
import type { RegionTable } from './region-table';

/** The printed text of a tree (names, ranges, types, priorities, aliases), to tell equal-named trees apart. */
export function treeSignature(root: RegionNode): string {
  return preorder([root], (n) => n.children)
    .map((n) => `${n.name}|${n.start}|${n.size}|${n.type}|${n.priority}|${n.enabled}|${n.alias?.target ?? ''}|${n.children.length}`)
    .join('\n');
}

/** The enabled, non-empty regions of a tree, as sorted starts and sorted ends relative to its root: how many meet a window is two binary searches. */
interface Extents {
  readonly starts: bigint[];
  readonly ends: bigint[];
}

/** The extents of the regions below a printed root. */
function extentsOf(root: RegionNode): Extents {
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  for (const n of preorder(root.children, (r) => r.children)) {
    if (n.enabled && n.size > 0n) {
      const rel = n.start - root.start;
      starts.push(rel);
      ends.push(rel + n.size);
    }
  }
  return { starts: starts.sort(compareBigint), ends: ends.sort(compareBigint) };
}

/** Candidates of one target name whose trees have the same extents (a repeated device): they score alike for any window. */
interface ExtentGroup {
  /** The first of them in the candidates' order (the one picked when the group wins). */
  readonly first: Mr;
  /** Its position among the groups: the candidates' order, for ties. */
  readonly order: number;
  readonly extents: Extents;
  members: number;
  /** The first member's printed tree, made when a second member joins (treeSignature). */
  signature?: string;
  /** Every member's printed tree is the same: choosing any of them changes nothing QEMU would show. */
  alike: boolean;
}

/** A target name's candidates grouped by extents, and the groups' hulls (first start to last end) indexed. */
interface Candidates {
  /** Groups with extents, sorted by hull start, and their hulls. */
  readonly byHull: ExtentGroup[];
  readonly hulls: IntervalStab;
}

/**
 * Chooses among regions that share an alias target's name, for every alias of a capture: the one with the
 * most enabled regions inside the window the alias shows (a bridge window shows the bus behind that
 * bridge). Ambiguous only when the best candidates tie on something the window actually shows.
 * Big machines repeat names (one pci_bridge_pci per bridge, aliases to each), so: candidates with the
 * same extents are one group; a window scores only the groups whose hull it meets (found through an
 * interval index, the others score 0); each (name, window) is answered once.
 */
export class TargetPicker {
  private readonly candidates = new Map<readonly Mr[], Candidates>();
  private readonly answers = new Map<string, { target: Mr; ambiguous: boolean }>();

  constructor(private readonly nodeOfMr: RegionTable<RegionNode>) {}

  pick(name: string, found: readonly Mr[], alias: RegionNode): { target: Mr; ambiguous: boolean } {
    if (found.length === 1 || !alias.alias || alias.size === 0n) return { target: found[0] as Mr, ambiguous: false };
    const from = alias.alias.offset;
    const to = alias.alias.offset + alias.size;
    const key = `${name}\n${from}\n${to}`;
    const known = this.answers.get(key);
    if (known) return known;
    const c = this.candidatesOf(found);
    const scored: { g: ExtentGroup; score: number }[] = [];
    c.hulls.eachEndingAfter(c.hulls.startingBefore(to, false), from, (i) => {
      const g = c.byHull[i] as ExtentGroup;
      // Regions meeting [from, to): those starting before `to`, less those ending at or before `from`
      // (every one of which starts before `to` too).
      const score = firstNotBefore(g.extents.starts, (v) => v < to) - firstNotBefore(g.extents.ends, (v) => v <= from);
      if (score > 0) scored.push({ g, score });
    });
    let top = 0;
    for (const x of scored) if (x.score > top) top = x.score;
    let best: ExtentGroup | undefined;
    let tiedGroups = 0;
    for (const x of scored) {
      if (x.score !== top) continue;
      tiedGroups++;
      if (!best || x.g.order < best.order) best = x.g;
    }
    // Nothing shows in the window of any: the first, as QEMU printed them (not ambiguous: nothing to tell
    // apart). Nor when the best are printed alike, as the IOMMU's per-device regions of every bus are
    // (201 regions named vtd-00.0 on a q35 with 200 root ports): any of them gives the same answers.
    const ambiguous = tiedGroups > 1 || (best !== undefined && best.members > 1 && !best.alike);
    const answer = best ? { target: best.first, ambiguous } : { target: found[0] as Mr, ambiguous: false };
    this.answers.set(key, answer);
    return answer;
  }

  private candidatesOf(found: readonly Mr[]): Candidates {
    const known = this.candidates.get(found);
    if (known) return known;
    const byKey = new Map<string, ExtentGroup>();
    for (const cand of found) {
      const root = this.nodeOfMr.get(cand);
      const extents = root ? extentsOf(root) : { starts: [], ends: [] };
      const k = `${extents.starts.join(',')}|${extents.ends.join(',')}`;
      const g = byKey.get(k);
      if (!g) {
        byKey.set(k, { first: cand, order: byKey.size, extents, members: 1, alike: root !== undefined });
        continue;
      }
      g.members++;
      if (g.alike) {
        const firstRoot = this.nodeOfMr.get(g.first);
        g.alike = root !== undefined && firstRoot !== undefined && (g.signature ??= treeSignature(firstRoot)) === treeSignature(root);
      }
    }
    const byHull = [...byKey.values()].filter((g) => g.extents.starts.length > 0).sort((x, y) => compareBigint(x.extents.starts[0] as bigint, y.extents.starts[0] as bigint));
    const hulls = new IntervalStab(byHull.map((g) => ({ start: g.extents.starts[0] as bigint, end: g.extents.ends[g.extents.ends.length - 1] as bigint })));
    const c = { byHull, hulls };
    this.candidates.set(found, c);
    return c;
  }
}
