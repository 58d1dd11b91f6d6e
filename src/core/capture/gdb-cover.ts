import type { GdbFlatRange } from '../model/capture';
import type { RegionNode } from '../model/region';
import { IntervalStab } from '../model/interval-stab';
import { compareBigint } from '../model/address';
import { preorder } from '../model/preorder';

/** The region of a dumped tree that shows a dumped flat range, and how that was told (GdbRangeNaming). */
export interface Cover {
  readonly region: RegionNode;
  readonly how: 'exact' | 'alias' | 'container' | 'through' | 'partial';
  /** Regions ranked above `region` that cover the whole range but do not show there. */
  readonly passedOver: readonly RegionNode[];
}

/** How many covering regions are weighed per range (real trees stack a handful at one address). */
const MAX_CANDIDATES = 32;

interface Leaf {
  readonly node: RegionNode;
  /** Position in render order: a region earlier in a preorder walk with children in print order wins. */
  readonly rank: number;
  readonly end: bigint;
}

/** A binary min-heap of leaves by rank. */
class RankHeap {
  private readonly a: Leaf[] = [];
  get size(): number {
    return this.a.length;
  }
  push(x: Leaf): void {
    const a = this.a;
    let i = a.push(x) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as Leaf).rank <= x.rank) break;
      a[i] = a[p] as Leaf;
      i = p;
    }
    a[i] = x;
  }
  pop(): Leaf | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && (a[r] as Leaf).rank < (a[l] as Leaf).rank ? r : l;
      if ((a[c] as Leaf).rank >= last.rank) break;
      a[i] = a[c] as Leaf;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

/** The regions without subregions in render order (preorder, children in print order); iterative. */
function leavesInRenderOrder(root: RegionNode): Leaf[] {
  const out: Leaf[] = [];
  for (const n of preorder([root], (r) => r.children)) if (n.children.length === 0) out.push({ node: n, rank: out.length, end: n.start + n.size });
  return out;
}

/** The subregions of one region that have subregions of their own, sorted by start, indexed by their ranges. */
class Containers {
  private readonly kids: readonly RegionNode[];
  private readonly stab: IntervalStab;

  constructor(node: RegionNode) {
    this.kids = node.children.filter((k) => k.children.length > 0).sort((x, y) => compareBigint(x.start, y.start));
    this.stab = new IntervalStab(this.kids.map((k) => ({ start: k.start, end: k.start + k.size })));
  }

  /** A subregion with subregions that covers [a, b): the last one starting at or before a that reaches b. */
  covering(a: bigint, b: bigint): RegionNode | undefined {
    const i = this.stab.rightmostReaching(this.stab.startingBefore(a, true), b);
    return i < 0 ? undefined : this.kids[i];
  }
}

/**
 * The outermost region of the tree that covers [a, b) and whose own range explains `offset`, on the walk
 * down from the root through regions that have subregions. Outermost: an I/O region showing through its
 * holes is usually the address space's root (x86 `io`) or a bus window, and its pure containers below
 * start at the same place.
 */
function showingContainer(root: RegionNode, a: bigint, b: bigint, offset: bigint, index: Map<RegionNode, Containers>): RegionNode | undefined {
  if (a < root.start || b > root.start + root.size) return undefined;
  // As deep as the tree; bounded for a tree whose nesting is hostile.
  for (let at: RegionNode | undefined = root, depth = 0; at && depth < 4096; depth++) {
    if (at.children.length > 0 && offset === a - at.start) return at;
    let c = index.get(at);
    if (!c) index.set(at, (c = new Containers(at)));
    at = c.covering(a, b);
  }
  return undefined;
}

/**
 * For each dumped range (QEMU's FlatView: sorted, disjoint), the region of the dumped tree that shows
 * there: among the regions without subregions covering the whole range, in render order, the first that
 * can show it, by its own range (`exact`: offset_in_region is the distance into it) or as an alias
 * (`alias`: offset_in_region is more); else the outermost region with subregions around it whose own
 * range explains the offset (`container`: an I/O region showing through its holes); else the first
 * covering it, through a subregion of what it maps (`through`); else one covering its start (`partial`).
 * O((n + m) log m).
 */
export function rankedCover(root: RegionNode, ranges: readonly GdbFlatRange[]): (Cover | undefined)[] {
  const leaves = leavesInRenderOrder(root);
  const byStart = [...leaves].sort((x, y) => compareBigint(x.node.start, y.node.start) || x.rank - y.rank);
  const order = ranges.map((_, i) => i).sort((x, y) => compareBigint((ranges[x] as GdbFlatRange).start, (ranges[y] as GdbFlatRange).start) || x - y);
  const out = new Array<Cover | undefined>(ranges.length).fill(undefined);
  const heap = new RankHeap();
  const index = new Map<RegionNode, Containers>();
  let next = 0;
  for (const i of order) {
    const r = ranges[i] as GdbFlatRange;
    while (next < byStart.length && (byStart[next] as Leaf).node.start <= r.start) heap.push(byStart[next++] as Leaf);
    const whole: Leaf[] = [];
    let partial: Leaf | undefined;
    while (heap.size > 0 && whole.length < MAX_CANDIDATES) {
      const x = heap.pop() as Leaf;
      if (x.end <= r.start) continue; // ends before this range, so before every later one
      if (x.end < r.end) {
        // Covers the start only; later ranges start at or after this one's end, past it.
        partial ??= x;
        continue;
      }
      whole.push(x);
    }
    for (const x of whole) heap.push(x);
    // In render order, the first region that can show the range: itself (offset_in_region is the distance
    // into it), or as an alias (offset_in_region more: alias_offset on top). Else the container itself,
    // when its own range explains the offset (an I/O region showing through its holes); else the first
    // covering region, through a subregion of what it maps (offset_in_region less than the distance).
    const exact = whole.findIndex((y) => r.offset === r.start - y.node.start);
    const alias = exact >= 0 ? -1 : whole.findIndex((y) => r.offset > r.start - y.node.start);
    const chosen = exact >= 0 ? exact : alias;
    const around = chosen < 0 ? showingContainer(root, r.start, r.end, r.offset, index) : undefined;
    const first = whole[0];
    if (chosen >= 0) {
      const y = whole[chosen] as Leaf;
      out[i] = { region: y.node, how: exact >= 0 ? 'exact' : 'alias', passedOver: whole.slice(0, chosen).map((z) => z.node) };
    } else if (around) {
      out[i] = { region: around, how: 'container', passedOver: whole.map((z) => z.node) };
    } else if (first) {
      out[i] = { region: first.node, how: 'through', passedOver: [] };
    } else if (partial) {
      out[i] = { region: partial.node, how: 'partial', passedOver: [] };
    }
  }
  return out;
}
