import type { DiffRequest, WireDifference, WireRange } from '../../protocol';
import { fileName } from '../../protocol';

/** Two documents compared, and what the server found. */
export interface Comparison {
  /** URIs of side A and side B, as strings. */
  readonly a: string;
  readonly b: string;
  readonly result: DiffRequest.Result;
}

interface Base {
  /** Unique within the view and stable across re-runs of the same comparison (keeps expansion state). */
  readonly id: string;
  readonly parent: DiffNode | undefined;
  readonly children: DiffNode[];
}

/** The first line: both files and the summary. */
export interface SummaryNode extends Base {
  readonly kind: 'summary';
  readonly comparison: Comparison;
}

/** The differences of one region tree, one set of address spaces' flat view, the address spaces, or the RAMBlocks. */
export interface GroupNode extends Base {
  readonly kind: 'group';
  readonly group: WireDifference['group'];
  readonly label: string;
}

/** One difference; its children open it on each side. */
export interface DifferenceNode extends Base {
  readonly kind: 'difference';
  readonly difference: WireDifference;
  readonly comparison: Comparison;
}

/** Where a difference is written on one side. */
export interface SideNode extends Base {
  readonly kind: 'side';
  readonly side: 'a' | 'b';
  readonly uri: string;
  readonly range: WireRange;
}

/** A node of the Differences view. */
export type DiffNode = SummaryNode | GroupNode | DifferenceNode | SideNode;

/** The heading a difference is listed under. */
function groupLabel(d: WireDifference): string {
  switch (d.group) {
    case 'regions':
      return `Regions of ${d.scope}`;
    case 'flat':
      return `Flat view of ${d.scope}`;
    case 'spaces':
      return 'Address spaces';
    case 'blocks':
      return 'RAMBlocks';
  }
}

/** `A: before.txt:143` (1-based line). */
export function sideLabel(node: SideNode): string {
  return `${node.side.toUpperCase()}: ${fileName(node.uri)}:${node.range.start.line + 1}`;
}

/**
 * The nodes of the Differences view: a summary, then one group per region tree, address-space list,
 * flat view and the ram_list (in the server's order), each difference with a child per side it is on.
 */
export function differenceNodes(c: Comparison): DiffNode[] {
  const summary: SummaryNode = { kind: 'summary', id: 'summary', parent: undefined, children: [], comparison: c };
  const groups = new Map<string, GroupNode>();
  c.result.differences.forEach((d, i) => {
    const label = groupLabel(d);
    let group = groups.get(label);
    if (!group) {
      group = { kind: 'group', id: `group:${label}`, parent: undefined, children: [], group: d.group, label };
      groups.set(label, group);
    }
    const node: DifferenceNode = { kind: 'difference', id: `${group.id}#${i}:${d.kind}:${d.label}`, parent: group, children: [], difference: d, comparison: c };
    for (const side of ['a', 'b'] as const) {
      const range = d[side];
      if (range) node.children.push({ kind: 'side', id: `${node.id}:${side}`, parent: node, children: [], side, uri: c[side], range } satisfies SideNode);
    }
    group.children.push(node);
  });
  return [summary, ...groups.values()];
}

/** True for a node of the Differences view (command arguments from its items). */
export function isDiffNode(x: unknown): x is DiffNode {
  return typeof x === 'object' && x !== null && 'kind' in x && 'id' in x && ['summary', 'group', 'difference', 'side'].includes((x as { kind: string }).kind);
}
