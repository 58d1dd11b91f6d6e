import type { WireRange } from '../protocol';
import type { TreeNode } from './views/model-tree';
import { allNodes } from './views/model-tree';

/** A 0-based editor position. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** True when the position lies in the range (end inclusive: a cursor right after a name counts). */
export function rangeContains(r: WireRange, p: Position): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.character < r.start.character) return false;
  if (p.line === r.end.line && p.character > r.end.character) return false;
  return true;
}

/** The nodes of a forest by the lines their ranges cover, in tree order: built once per model. */
export class LineIndex {
  private readonly byLine = new Map<number, TreeNode[]>();

  constructor(roots: readonly TreeNode[]) {
    for (const n of allNodes(roots)) {
      if (!n.range) continue;
      for (let line = n.range.start.line; line <= n.range.end.line; line++) {
        const list = this.byLine.get(line);
        if (list) list.push(n);
        else this.byLine.set(line, [n]);
      }
    }
  }

  /**
   * The node to reveal for a cursor: among the nodes written on the cursor's line, the first (in tree
   * order) whose range holds the cursor, else the first on the line; undefined when none is.
   */
  nodeAt(p: Position): TreeNode | undefined {
    const list = this.byLine.get(p.line);
    if (!list) return undefined;
    return list.find((n) => n.range && rangeContains(n.range, p)) ?? list[0];
  }
}
