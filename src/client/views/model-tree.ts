import type { WireBlock, WireFlatRange, WireModel, WireRange, WireRegion, WireView } from '../../protocol';

/** What every node of the three views has: a stable id, its parent, its children and where it is written. */
interface NodeBase {
  /** Unique within its view and stable across refreshes while the document keeps its shape (keeps expansion state). */
  readonly id: string;
  readonly parent: TreeNode | undefined;
  readonly children: TreeNode[];
  readonly range: WireRange | undefined;
}

/** An address-space group (address spaces sharing one root region). */
export interface SpaceNode extends NodeBase {
  readonly kind: 'space';
  readonly names: string[];
}

/** A memory region of an address-space group's tree. */
export interface RegionTreeNode extends NodeBase {
  readonly kind: 'region';
  readonly region: WireRegion;
}

/** One FlatView, labelled by the address spaces sharing it. */
export interface ViewNode extends NodeBase {
  readonly kind: 'view';
  readonly view: WireView;
}

/** One range of a FlatView. */
export interface FlatRangeNode extends NodeBase {
  readonly kind: 'flatRange';
  readonly flat: WireFlatRange;
  /** The address spaces of the view the range belongs to. */
  readonly spaces: string[];
}

/** One RAMBlock. */
export interface BlockNode extends NodeBase {
  readonly kind: 'block';
  readonly block: WireBlock;
}

/** A node of any of the three views. */
export type TreeNode = SpaceNode | RegionTreeNode | ViewNode | FlatRangeNode | BlockNode;

/** Makes `name`, `name#2`, `name#3`… so that equal sibling names (QEMU's `pam-pci` ×13) get distinct ids. */
function idMaker(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}#${n}`;
  };
}

/** The region tree under `parent`, built iteratively (trees can be deep). */
function regionTreeNode(root: WireRegion, parent: TreeNode, idPrefix: string): RegionTreeNode {
  const top: RegionTreeNode = { kind: 'region', id: `${idPrefix}/${root.name}`, parent, children: [], range: root.range, region: root };
  const stack: RegionTreeNode[] = [top];
  while (stack.length > 0) {
    const node = stack.pop() as RegionTreeNode;
    const childId = idMaker();
    for (const r of node.region.children) {
      const child: RegionTreeNode = { kind: 'region', id: `${node.id}/${childId(r.name)}`, parent: node, children: [], range: r.range, region: r };
      node.children.push(child);
      stack.push(child);
    }
  }
  return top;
}

/** The items with the guest-physical address space's first (the server lists them in QEMU's hash order). */
function gpaFirst<T>(items: readonly T[], names: (item: T) => readonly string[], gpaSpace: string | undefined): T[] {
  const first = new Set(items.filter((i) => gpaSpace !== undefined && names(i).includes(gpaSpace)));
  return [...first, ...items.filter((i) => !first.has(i))];
}

/** The address-spaces view: one node per address-space group (the GPA space's first), its root region below it. */
export function addressSpaceNodes(model: WireModel): SpaceNode[] {
  const groupId = idMaker();
  return gpaFirst(model.spaces, (g) => g.names, model.gpaSpace).map((g) => {
    const node: SpaceNode = { kind: 'space', id: `as:${groupId(g.names.join(','))}`, parent: undefined, children: [], range: undefined, names: g.names };
    if (g.root) node.children.push(regionTreeNode(g.root, node, node.id));
    return node;
  });
}

/** The flat-view view: one node per FlatView (the GPA space's first), its ranges below it. */
export function flatViewNodes(model: WireModel): ViewNode[] {
  const viewId = idMaker();
  return gpaFirst(model.views, (v) => v.spaces, model.gpaSpace).map((v) => {
    const node: ViewNode = { kind: 'view', id: `fv:${viewId(v.spaces.join(','))}`, parent: undefined, children: [], range: undefined, view: v };
    const rangeId = idMaker();
    for (const r of v.ranges) {
      node.children.push({ kind: 'flatRange', id: `${node.id}/${rangeId(r.start)}`, parent: node, children: [], range: r.range, flat: r, spaces: v.spaces });
    }
    return node;
  });
}

/** The RAMBlocks view: the blocks in ram_list order. */
export function ramBlockNodes(model: WireModel): BlockNode[] {
  const blockId = idMaker();
  return model.blocks.map((b) => ({ kind: 'block', id: `rb:${blockId(b.name)}`, parent: undefined, children: [], range: b.range, block: b }));
}

/** Every node of a forest in pre-order (the order a reader sees them), iteratively. */
export function allNodes(roots: readonly TreeNode[]): TreeNode[] {
  const out: TreeNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const n = stack.pop() as TreeNode;
    out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as TreeNode);
  }
  return out;
}

/** True for a node of the views (menus on tree items pass the node as the command's first argument). */
export function isTreeNode(x: unknown): x is TreeNode {
  return typeof x === 'object' && x !== null && 'kind' in x && 'id' in x && 'children' in x;
}

/** The address spaces a node belongs to: its group's, or its view's; none for RAMBlocks. */
export function spacesOf(node: TreeNode): string[] {
  let top: TreeNode = node;
  while (top.parent) top = top.parent;
  if (top.kind === 'space') return top.names;
  if (top.kind === 'view') return top.view.spaces;
  return [];
}
