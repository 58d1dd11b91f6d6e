import type { Capture, FlatViewSection, MtreeSection } from '../model/capture';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { RegionNode } from '../model/region';
import { SIZE_2_64, U64_MAX } from '../model/address';
import type { AddressSpace, Machine } from './machine';
import type { Mr, MrKind } from './mr';
import { makeMr } from './mr';

/** A machine rebuilt from a capture's tree, with the links back to the parsed lines. */
export interface CaptureMachine {
  readonly machine: Machine;
  /** Every region built, by the id of the RegionNode it came from. */
  readonly mrOfNode: Map<number, Mr>;
  /** The RegionNode each region came from. */
  readonly nodeOfMr: Map<Mr, RegionNode>;
  /** Alias regions whose targets could not be found (they render nothing). */
  readonly unresolved: Mr[];
  readonly issues: Issue[];
  /** The flat-view section used for hints, if the capture has one. */
  readonly flat: FlatViewSection | undefined;
  /** Each printed tree (address-space group or memory-region section) with its root region. */
  readonly trees: { readonly node: RegionNode; readonly mr: Mr }[];
}

function pickTree(c: Capture): MtreeSection | undefined {
  let best: MtreeSection | undefined;
  for (const s of c.sections) {
    if (s.kind !== 'mtree') continue;
    // -D prints disabled regions, which the plain tree leaves out: prefer the fuller text.
    if (!best || (s.flags.disabled && !best.flags.disabled)) best = s;
  }
  return best;
}

function kindOf(node: RegionNode, flatNames: Set<string> | undefined): MrKind {
  switch (node.type) {
    case 'ram':
    case 'rom':
      return 'ram';
    case 'romd':
      return 'rom-device';
    case 'ramd':
      return 'ram-device';
    case 'container':
      return 'container';
    default:
      // Pure containers print as i/o too. A captured flat view settles it: only regions that
      // terminate ever show there. Without one, a region with subregions is taken as a container.
      if (flatNames) return flatNames.has(node.name) ? 'io' : 'container';
      return node.children.length === 0 ? 'io' : 'container';
  }
}

/** The printed text of a tree (names, ranges, types, priorities, aliases), to tell equal-named trees apart. */
function treeSignature(root: RegionNode): string {
  const parts: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop() as RegionNode;
    parts.push(`${n.name}|${n.start}|${n.size}|${n.type}|${n.priority}|${n.enabled}|${n.alias?.target ?? ''}|${n.children.length}`);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as RegionNode);
  }
  return parts.join('\n');
}

/**
 * Chooses among regions that share an alias target's name: the one with the most enabled regions
 * inside the window the alias shows (a bridge window shows the bus behind that bridge). Ambiguous
 * only when the best candidates tie on something the window actually shows.
 */
function pickTarget(found: readonly Mr[], alias: RegionNode, nodeOfMr: ReadonlyMap<Mr, RegionNode>): { target: Mr; ambiguous: boolean } {
  if (found.length === 1 || !alias.alias || alias.size === 0n) return { target: found[0] as Mr, ambiguous: false };
  const from = alias.alias.offset;
  const to = alias.alias.offset + alias.size;
  let best = found[0] as Mr;
  let bestScore = -1;
  let ties = 0;
  for (const cand of found) {
    const root = nodeOfMr.get(cand);
    let score = 0;
    const stack = root ? [...root.children] : [];
    while (stack.length > 0) {
      const n = stack.pop() as RegionNode;
      const rel = n.start - (root as RegionNode).start;
      if (n.enabled && n.size > 0n && rel < to && rel + n.size > from) score++;
      for (const c of n.children) stack.push(c);
    }
    if (score > bestScore) {
      best = cand;
      bestScore = score;
      ties = 0;
    } else if (score === bestScore) ties++;
  }
  return { target: best, ambiguous: ties > 0 && bestScore > 0 };
}

/**
 * Rebuilds the MemoryRegion graph from a capture's `info mtree` text. Facts the text lacks come from
 * the capture's own flat view when it has one (whether an i/o region with subregions terminates);
 * the rest gets a diagnostic naming the missing fact.
 */
export function machineFromCapture(c: Capture): CaptureMachine | undefined {
  const tree = pickTree(c);
  if (!tree) return undefined;
  const flat = c.sections.find((s): s is FlatViewSection => s.kind === 'flatview');
  const flatNames = flat ? new Set(flat.views.flatMap((v) => v.ranges.map((r) => r.name))) : undefined;
  const issues: Issue[] = [];
  const mrOfNode = new Map<number, Mr>();
  const nodeOfMr = new Map<Mr, RegionNode>();
  let nextId = 1;

  const build = (top: RegionNode): Mr => {
    const make = (node: RegionNode, parentStart: bigint | undefined): Mr => {
      const kind = node.alias ? 'container' : kindOf(node, flatNames);
      // A subregion's address is a hwaddr: one printed below its container's start is one that wrapped
      // (QEMU prints base + addr modulo 2^64, and renders it past the end, where the container clips it).
      const addr = parentStart === undefined ? node.start : (node.start - parentStart) & U64_MAX;
      const mr = makeMr(nextId++, node.name, kind, addr, node.size, {
        priority: node.priority,
        enabled: node.enabled,
        readonly: node.type === 'rom' && !node.alias,
        // The tree prints an alias's own nv- flag (its type word is the target's).
        nonvolatile: node.nonvolatile,
        romd: node.type === 'romd' && !node.alias,
        aliasOffset: node.alias?.offset ?? 0n,
        span: node.span,
        nodeId: node.id,
      });
      mrOfNode.set(node.id, mr);
      nodeOfMr.set(mr, node);
      return mr;
    };
    const root = make(top, undefined);
    // Iterative: input controls the depth.
    const work: [RegionNode, Mr][] = [[top, root]];
    while (work.length > 0) {
      const [node, mr] = work.pop() as [RegionNode, Mr];
      const kids: Mr[] = [];
      // Children whose printed parent is not their real parent hang under a disabled stand-in
      // for the disabled region that QEMU left out; they never render, as in QEMU.
      let hidden: Mr | undefined;
      for (const child of node.children) {
        const cm = make(child, node.start);
        work.push([child, cm]);
        if (child.hiddenParents > 0) {
          if (!hidden) {
            hidden = makeMr(nextId++, '(disabled region not printed)', 'container', 0n, mr.size, { enabled: false });
            kids.push(hidden);
          }
          hidden.subregions.push(cm);
        } else kids.push(cm);
      }
      // QEMU keeps subregions sorted by priority (highest first). The tree prints them by address, then
      // priority, with ties in list order, so a stable sort by priority recovers the list order except
      // between equal-priority siblings at different addresses (only overlap makes that matter).
      mr.subregions = kids.sort((a, b) => b.priority - a.priority);
    }
    return root;
  };

  const spaces: AddressSpace[] = [];
  const trees: { node: RegionNode; mr: Mr }[] = [];
  const targets = new Map<string, Mr[]>();
  const addTarget = (mr: Mr, name = mr.name): void => {
    const list = targets.get(name);
    if (list) list.push(mr);
    else targets.set(name, [mr]);
  };
  for (const g of tree.groups) {
    const root = g.root ? build(g.root) : undefined;
    if (root && g.root) {
      addTarget(root);
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
    const mr = build(sec.root);
    addTarget(mr, sec.name);
    trees.push({ node: sec.root, mr });
  }
  // Regions inside trees are targets too when no top-level region has the name.
  const inner = new Map<string, Mr[]>();
  for (const [mr, node] of nodeOfMr) {
    if (!node.alias && !node.notPrinted && !targets.has(mr.name)) {
      const list = inner.get(mr.name);
      if (list) list.push(mr);
      else inner.set(mr.name, [mr]);
    }
  }

  const unresolved: Mr[] = [];
  for (const [mr, node] of nodeOfMr) {
    if (!node.alias) continue;
    const found = targets.get(node.alias.target) ?? inner.get(node.alias.target);
    if (!found || found.length === 0) {
      issues.push(makeIssue('RF004', node.alias.targetSpan, { target: node.alias.target }));
      unresolved.push(mr);
      mr.enabled = false;
      continue;
    }
    const pick = pickTarget(found, node, nodeOfMr);
    if (pick.ambiguous) issues.push(makeIssue('RF005', node.alias.targetSpan, { target: node.alias.target, count: String(found.length) }));
    mr.alias = pick.target;
  }

  // A root QEMU did not print (disabled) has no printed size: make it cover what is known of it (its
  // subregions and every alias window onto it). It renders nothing either way; this keeps lint and
  // conversion from calling the windows onto it out of bounds.
  for (const [mr, node] of nodeOfMr) {
    if (!node.notPrinted) continue;
    let size = 0n;
    for (const c of mr.subregions) if (c.addr + c.size > size) size = c.addr + c.size;
    for (const other of nodeOfMr.keys()) if (other.alias === mr && other.aliasOffset + other.size > size) size = other.aliasOffset + other.size;
    // A subregion that wrapped (printed below the root) would make it larger than an address space.
    mr.size = size < SIZE_2_64 ? size : SIZE_2_64;
  }

  // Creation order of address spaces: each flat view lists its spaces in that order. Names repeat
  // (one pci_bridge_pci_io per bridge), so the k-th space with a given name and root takes the k-th rank.
  if (flat) {
    const ranks = new Map<string, number[]>();
    let n = 0;
    for (const v of flat.views) for (const s of v.spaces) ranks.set(`${s.name}\n${s.root}`, [...(ranks.get(`${s.name}\n${s.root}`) ?? []), n++]);
    const used = new Map<string, number>();
    const rank = new Map<AddressSpace, number>();
    for (const as of spaces) {
      const key = `${as.name}\n${as.root?.name ?? ''}`;
      const k = used.get(key) ?? 0;
      used.set(key, k + 1);
      rank.set(as, ranks.get(key)?.[k] ?? Number.MAX_SAFE_INTEGER);
    }
    spaces.sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
  }
  return { machine: { spaces }, mrOfNode, nodeOfMr, unresolved, issues, flat, trees };
}
