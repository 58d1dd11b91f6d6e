import { kindOfTypeWord } from '../model/region-kind';
import type { Capture, FlatViewSection, MtreeSection } from '../model/capture';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { RegionNode } from '../model/region';
import { SIZE_2_64, U64_MAX } from '../model/address';
import type { AddressSpace, Machine } from './machine';
import { flatViewRoot } from './machine';
import type { Mr, MrKind } from './mr';
import type { Decision } from './region-kinds';
import { decideAliasReadonly, decideIoKind } from './region-kinds';
import type { QemuVersion } from '../knowledge/regions';
import { qemuVersionOf } from '../knowledge/regions';
import { headerValue } from '../capture/header';
import { byPriorityDesc, makeMr } from './mr';
import { RegionTable } from './region-table';
import { TargetPicker, treeSignature } from './target-picker';
import { pushTo } from '../model/arrays';

/** One printed tree (address-space group or memory-region section) with its root region. */
export interface CaptureTree {
  readonly node: RegionNode;
  readonly mr: Mr;
}

/** A machine rebuilt from a capture's tree, with the links back to the parsed lines. */
export interface CaptureMachine {
  readonly machine: Machine;
  /** Every region built, by the id of the RegionNode it came from (made on first use: an array indexed by node id). */
  readonly mrOfNode: Pick<ReadonlyMap<number, Mr>, 'get'>;
  /** The RegionNode each region came from. */
  readonly nodeOfMr: RegionTable<RegionNode>;
  /** Alias regions whose targets could not be found (they render nothing). */
  readonly unresolved: Mr[];
  readonly issues: Issue[];
  /** The flat-view section used for hints, if the capture has one. */
  readonly flat: FlatViewSection | undefined;
  /** Each printed tree (address-space group or memory-region section) with its root region. */
  readonly trees: CaptureTree[];
  /** Built from gdb dumps (Capture.gdb): priorities, types, enabled flags and aliases are stand-ins. */
  readonly fromGdb: boolean;
  /** How each region printed as `i/o` was taken as an I/O region or a pure container (region-kinds.ts). */
  readonly kindBasis: ReadonlyMap<Mr, Decision>;
  /** How each alias's read-only flag (never printed in a tree) was decided, when no flat view settles it. */
  readonly readonlyBasis: ReadonlyMap<Mr, Decision>;
}

function pickTree(c: Capture): MtreeSection | undefined {
  let best: MtreeSection | undefined;
  for (const s of c.sections) {
    if (s.kind !== 'mtree') continue;
    // -D prints disabled regions, which the plain tree leaves out: prefer the fuller text.
    if (!best || (s.flags.disabled && !best.flags.disabled)) best = s;
  }
  return best ?? c.gdb?.mtree;
}

/** The flat view that settles what the tree text leaves open: the file's own, or its gdb dumps' (named by the tree). */
export function capturedFlat(c: Capture): FlatViewSection | undefined {
  return c.sections.find((s): s is FlatViewSection => s.kind === 'flatview') ?? c.gdb?.flat;
}

/** True when no region has a higher priority than the one before it (sorting would change nothing). */
function inPriorityOrder(list: readonly Mr[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i] as Mr).priority > (list[i - 1] as Mr).priority) return false;
  return true;
}

/**
 * Makes the regions of printed trees, numbering them densely so that the links back to the parsed
 * lines are arrays indexed by region id. Stand-ins for unprinted disabled regions get ids but no node.
 */
class TreeBuilder {
  /** Regions by id (holes for stand-ins) and the node each came from. */
  readonly regions: (Mr | undefined)[] = [undefined];
  readonly nodes: (RegionNode | undefined)[] = [undefined];
  /** Ids of alias regions and of unprinted roots, in creation order. */
  readonly aliases: number[] = [];
  readonly notPrinted: number[] = [];
  readonly kindBasis = new Map<Mr, Decision>();
  readonly readonlyBasis = new Map<Mr, Decision>();

  constructor(private readonly flatNames: Set<string> | undefined, private readonly version: QemuVersion | undefined) {}

  private make(node: RegionNode, addr: bigint, rootOf: string | undefined): Mr {
    const id = this.regions.length;
    const alias = node.alias;
    let kind: MrKind = 'container';
    let io: Decision | undefined;
    if (!alias) {
      const printed = kindOfTypeWord(node.type);
      if (printed) kind = printed;
      // A gdb-dumped region QEMU's source makes one way (an I/O region, or an alias whose target is not dumped).
      else if (node.gdb?.typeFrom === 'knowledge') kind = 'io';
      else ({ kind, decision: io } = decideIoKind(node, this.flatNames, this.version, rootOf));
    }
    // An alias's own read-only flag is not printed: the flat view settles it (reflatten.ts), else QEMU's source.
    const ro = alias && !this.flatNames ? decideAliasReadonly(node, this.version) : undefined;
    // The same fields in the same order as makeMr, so that every region has one shape.
    const mr: Mr = {
      id, name: node.name, addr, size: node.size, kind,
      priority: node.priority, enabled: node.enabled, readonly: (node.type === 'rom' && !alias) || ro?.readonly === true,
      // The tree prints an alias's own nv- flag (its type word is the target's).
      nonvolatile: node.nonvolatile, romd: node.type === 'romd' && !alias,
      aliasOffset: alias ? alias.offset : 0n, subregions: [], nodeId: node.id,
    };
    this.regions.push(mr);
    this.nodes.push(node);
    if (io) this.kindBasis.set(mr, io);
    if (ro) this.readonlyBasis.set(mr, ro.decision);
    if (alias) this.aliases.push(id);
    if (node.notPrinted) this.notPrinted.push(id);
    return mr;
  }

  private standIn(size: bigint): Mr {
    const mr = makeMr(this.regions.length, '(disabled region not printed)', 'container', 0n, size, { enabled: false });
    this.regions.push(undefined);
    this.nodes.push(undefined);
    return mr;
  }

  /** The region graph of one printed tree; its root keeps the printed start as its address. */
  build(top: RegionNode, space?: string): Mr {
    const root = this.make(top, top.start, space);
    // Iterative: input controls the depth.
    const nodes: RegionNode[] = [top];
    const mrs: Mr[] = [root];
    for (let node = nodes.pop(), mr = mrs.pop(); node && mr; node = nodes.pop(), mr = mrs.pop()) {
      const kids = mr.subregions;
      // Children whose printed parent is not their real parent hang under a disabled stand-in
      // for the disabled region that QEMU left out; they never render, as in QEMU.
      let hidden: Mr | undefined;
      for (const child of node.children) {
        // A subregion's address is a hwaddr: one printed below its container's start is one that wrapped
        // (QEMU prints base + addr modulo 2^64, and renders it past the end, where the container clips it).
        const cm = this.make(child, (child.start - node.start) & U64_MAX, undefined);
        nodes.push(child);
        mrs.push(cm);
        if (child.hiddenParents > 0) {
          if (!hidden) kids.push((hidden = this.standIn(mr.size)));
          hidden.subregions.push(cm);
        } else kids.push(cm);
      }
      // QEMU keeps subregions sorted by priority (highest first). The tree prints them by address, then
      // priority, with ties in list order, so a stable sort by priority recovers the list order except
      // between equal-priority siblings at different addresses (only overlap makes that matter).
      if (!inPriorityOrder(kids)) kids.sort(byPriorityDesc);
    }
    return root;
  }
}

/** Names of the regions a captured flat view shows. */
function flatRangeNames(flat: FlatViewSection): Set<string> {
  const names = new Set<string>();
  for (const v of flat.views) for (const r of v.ranges) names.add(r.name);
  return names;
}

/** The printed trees of a capture as regions: address spaces with their roots, every tree, and the trees' roots by name (alias targets). */
function buildTrees(tree: MtreeSection, b: TreeBuilder, fromGdb: boolean): { spaces: AddressSpace[]; trees: CaptureTree[]; targets: Map<string, Mr[]> } {
  const spaces: AddressSpace[] = [];
  const trees: CaptureTree[] = [];
  const targets = new Map<string, Mr[]>();
  for (const g of tree.groups) {
    // An address space whose tree the gdb session did not dump is unknown, not empty (GDB007 says so).
    if (fromGdb && !g.root) continue;
    const root = g.root ? b.build(g.root, (g.spaces.find((s) => s.name === 'I/O') ?? g.spaces[0])?.name) : undefined;
    if (root && g.root) {
      pushTo(targets, root.name, root);
      trees.push({ node: g.root, mr: root });
    }
    for (const s of g.spaces) spaces.push({ name: s.name, root, span: s.span });
  }
  // An AS root printed again as a memory-region: section is the same region (QEMU 10 queues AS roots
  // too): keep one object so that address spaces reaching it through aliases share its FlatView.
  // Names repeat (one pci_bridge_pci per bridge), so "the same" means the same name and the same text.
  // Signatures print every node of a tree: only trees whose root name some section repeats need one.
  const sectionNames = new Set(tree.regionSections.map((s) => s.name));
  const rootSignatures = new Map<string, Mr>();
  const rootNames = new Set<string>();
  for (const t of trees) {
    if (!sectionNames.has(t.mr.name)) continue;
    rootSignatures.set(treeSignature(t.node), t.mr);
    rootNames.add(t.mr.name);
  }
  for (const sec of tree.regionSections) {
    if (!sec.root) continue;
    const same = rootNames.has(sec.name) ? rootSignatures.get(treeSignature(sec.root)) : undefined;
    if (same && same.name === sec.name) continue;
    const mr = b.build(sec.root);
    pushTo(targets, sec.name, mr);
    trees.push({ node: sec.root, mr });
  }
  return { spaces, trees, targets };
}

/** Points every alias at its target (RF004 when none has the name, RF005 when the pick is a guess); returns the aliases left without one, disabled. */
function resolveAliases(b: TreeBuilder, nodeOfMr: RegionTable<RegionNode>, targets: ReadonlyMap<string, Mr[]>, issues: Issue[]): Mr[] {
  const { regions, nodes } = b;
  // Regions inside trees are targets too when no top-level region has the name (made on the first miss).
  let inner: Map<string, Mr[]> | undefined;
  const innerTargets = (): Map<string, Mr[]> => {
    if (inner) return inner;
    inner = new Map();
    for (let id = 1; id < regions.length; id++) {
      const mr = regions[id];
      const node = nodes[id];
      if (mr && node && !node.alias && !node.notPrinted && !targets.has(mr.name)) pushTo(inner, mr.name, mr);
    }
    return inner;
  };
  const unresolved: Mr[] = [];
  const picker = new TargetPicker(nodeOfMr);
  for (const id of b.aliases) {
    const mr = regions[id] as Mr;
    const alias = (nodes[id] as RegionNode).alias as NonNullable<RegionNode['alias']>;
    const found = targets.get(alias.target) ?? innerTargets().get(alias.target);
    if (!found || found.length === 0) {
      issues.push(makeIssue('RF004', alias.targetSpan, { target: alias.target }));
      unresolved.push(mr);
      mr.enabled = false;
      continue;
    }
    const pick = picker.pick(alias.target, found, nodes[id] as RegionNode);
    if (pick.ambiguous) issues.push(makeIssue('RF005', alias.targetSpan, { target: alias.target, count: String(found.length) }));
    mr.alias = pick.target;
  }
  return unresolved;
}

/**
 * A root QEMU did not print (disabled) has no printed size: make it cover what is known of it (its
 * subregions and every alias window onto it). It renders nothing either way; this keeps lint and
 * conversion from calling the windows onto it out of bounds.
 */
function sizeUnprintedRoots(b: TreeBuilder): void {
  for (const id of b.notPrinted) {
    const mr = b.regions[id] as Mr;
    let size = 0n;
    for (const k of mr.subregions) if (k.addr + k.size > size) size = k.addr + k.size;
    for (const a of b.aliases) {
      const other = b.regions[a] as Mr;
      if (other.alias === mr && other.aliasOffset + other.size > size) size = other.aliasOffset + other.size;
    }
    // A subregion that wrapped (printed below the root) would make it larger than an address space.
    mr.size = size < SIZE_2_64 ? size : SIZE_2_64;
  }
}

/**
 * Rebuilds the MemoryRegion graph from a capture's `info mtree` text. Facts the text lacks come from
 * the capture's own flat view when it has one (whether an i/o region with subregions terminates);
 * the rest gets a diagnostic naming the missing fact.
 */
export function machineFromCapture(c: Capture): CaptureMachine | undefined {
  const tree = pickTree(c);
  if (!tree) return undefined;
  const flat = capturedFlat(c);
  const b = new TreeBuilder(flat ? flatRangeNames(flat) : undefined, qemuVersionOf(headerValue(c.header, 'qemu') ?? ''));
  const nodeOfMr = new RegionTable<RegionNode>(b.regions, (id) => b.nodes[id]);
  const issues: Issue[] = [];

  const fromGdb = tree === c.gdb?.mtree;
  const { spaces, trees, targets } = buildTrees(tree, b, fromGdb);
  const unresolved = resolveAliases(b, nodeOfMr, targets, issues);
  sizeUnprintedRoots(b);
  if (flat) sortSpaces(spaces, flat);
  let byNodeId: (Mr | undefined)[] | undefined;
  const mrOfNode = {
    get: (nodeId: number): Mr | undefined => {
      byNodeId ??= regionsByNodeId(b.regions, b.nodes);
      return byNodeId[nodeId];
    },
  };
  return {
    machine: { spaces },
    mrOfNode,
    nodeOfMr, unresolved, issues, flat, trees, fromGdb, kindBasis: b.kindBasis, readonlyBasis: b.readonlyBasis,
  };
}

/** The regions at the ids of the nodes they came from (node ids are dense within a capture). */
function regionsByNodeId(regions: readonly (Mr | undefined)[], nodes: readonly (RegionNode | undefined)[]): (Mr | undefined)[] {
  let max = -1;
  for (const n of nodes) if (n && n.id > max) max = n.id;
  const out = new Array<Mr | undefined>(max + 1).fill(undefined);
  for (let id = 0; id < regions.length; id++) {
    const mr = regions[id];
    const node = nodes[id];
    if (mr && node) out[node.id] = mr;
  }
  return out;
}

/**
 * Puts address spaces in creation order: each flat view lists its spaces in that order. Names repeat
 * (one pci_bridge_pci_io per bridge), so spaces are told apart by name, root and the root of the flat
 * view they use (a closed bridge's spaces share "(none)"), and the k-th such space takes the k-th rank.
 */
function sortSpaces(spaces: AddressSpace[], flat: FlatViewSection): void {
  const ranks = new Map<string, number[]>();
  let n = 0;
  for (const v of flat.views) {
    for (const s of v.spaces) {
      const key = `${s.name}\n${s.root}\n${v.rootName ?? '(none)'}`;
      pushTo(ranks, key, n++);
    }
  }
  const used = new Map<string, number>();
  const rank = new Map<AddressSpace, number>();
  for (const as of spaces) {
    const key = `${as.name}\n${as.root?.name ?? ''}\n${flatViewRoot(as.root)?.name ?? '(none)'}`;
    const k = used.get(key) ?? 0;
    used.set(key, k + 1);
    rank.set(as, ranks.get(key)?.[k] ?? Number.MAX_SAFE_INTEGER);
  }
  spaces.sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
}
