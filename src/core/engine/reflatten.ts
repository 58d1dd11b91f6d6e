import type { Capture, FlatViewBlock } from '../model/capture';
import type { Issue, RelatedSpan } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { RegionNode } from '../model/region';
import type { CaptureMachine } from './from-capture';
import { machineFromCapture } from './from-capture';
import type { FlatRange, RenderPath } from './flatten';
import { pathAt } from './flatten';
import type { Mr } from './mr';
import { AliasEnds, ownTypeWord } from './mr';
import { siblingOverlaps } from './overlaps';
import type { ComputedView } from './views';
import { computeViews, spacesKey } from './views';

/** The FlatViews recomputed from a capture's tree, with what had to be assumed. */
export interface Reflattened {
  readonly views: ComputedView[];
  readonly built: CaptureMachine;
  readonly issues: Issue[];
}

/** One diagnostic per tree for each fact the text leaves open, pointing at every region concerned. */
function ambiguityNotes(built: CaptureMachine): Issue[] {
  const issues: Issue[] = [];
  const related = (ns: RegionNode[]): RelatedSpan[] => ns.map((n) => ({ span: n.nameSpan, message: n.alias ? `${n.name} → ${n.alias.target}` : n.name }));
  const ends = new AliasEnds();
  for (const { node: root } of built.trees) {
    const containers: RegionNode[] = [];
    const leaves: RegionNode[] = [];
    const ramAliases: RegionNode[] = [];
    // One walk in printed order (iterative: input controls the depth).
    const stack = [root];
    for (let n = stack.pop(); n; n = stack.pop()) {
      if (n.alias) {
        const mr = n.enabled ? built.mrOfNode.get(n.id) : undefined;
        const end = mr?.alias ? ends.of(mr) : undefined;
        const type = end ? ownTypeWord(end) : undefined;
        if (type === 'ram' || type === 'rom' || type === 'romd') ramAliases.push(n);
      } else if (n.type === 'i/o') {
        if (n.children.length > 0) containers.push(n);
        else if (n.enabled) leaves.push(n);
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as RegionNode);
    }
    const note = (code: 'RF001' | 'RF002' | 'RF011', ns: RegionNode[]): void => {
      if (ns.length > 0) issues.push(makeIssue(code, root.nameSpan, { count: String(ns.length) }, { related: related(ns) }));
    };
    note('RF002', containers);
    note('RF011', leaves);
    note('RF001', ramAliases);
  }
  // Equal priorities at different addresses: the list order (who was added last) is not printed.
  // At the same address the tree prints siblings in list order, so that case is known.
  // Each container's list positions, made once when one of its pairs needs them.
  const positions = new Map<Mr, Map<Mr, number>>();
  const position = (container: Mr, mr: Mr): number => {
    let of = positions.get(container);
    if (!of) {
      of = new Map();
      for (const [i, m] of container.subregions.entries()) if (!of.has(m)) of.set(m, i);
      positions.set(container, of);
    }
    return of.get(mr) ?? -1;
  };
  for (const { mr: root } of built.trees) {
    for (const o of siblingOverlaps(root)) {
      if (o.a.priority !== o.b.priority || o.a.addr === o.b.addr) continue;
      const node = built.nodeOfMr.get(o.b);
      const winner = position(o.container, o.a) < position(o.container, o.b) ? o.a : o.b;
      if (node) issues.push(makeIssue('RF006', node.nameSpan, { name: o.b.name, other: o.a.name, priority: String(o.a.priority), winner: winner.name }));
    }
  }
  return issues;
}

/** The captured views by the address spaces they hold (the first of each), to find a computed view's. */
function capturedBySpaces(captured: readonly FlatViewBlock[]): Map<string, FlatViewBlock> {
  const byKey = new Map<string, FlatViewBlock>();
  for (const v of captured) {
    const key = spacesKey(v.spaces);
    if (!byKey.has(key)) byKey.set(key, v);
  }
  return byKey;
}

/** Marks the innermost writable alias on the render path of `at` read-only; false when there is none. */
function markReadonlyAlias(range: FlatRange, at: bigint, built: CaptureMachine, issues: Issue[]): boolean {
  // The alias nearest the RAM is the read-only one (a PAM alias), not an outer alias that leads the
  // whole address space there (SMM's view of system). When it is read-only already, another view
  // sharing it marked it this round and this range is stale: nothing to do (marking an outer alias
  // instead would make it depend on the order QEMU printed the views in).
  let alias: Mr | undefined;
  for (let p: RenderPath | undefined = pathAt(range, at); p && !alias; p = p.up) if (p.mr.alias) alias = p.mr;
  if (!alias || alias.readonly) return false;
  alias.readonly = true;
  const node = built.nodeOfMr.get(alias);
  if (node) issues.push(makeIssue('RF003', node.nameSpan, { name: alias.name, target: range.mr.name }));
  return true;
}

/**
 * Where the captured flat view shows `rom` but the engine rendered writable RAM, some alias on the way
 * was read-only (the tree cannot show it): mark the innermost such alias and say so. Returns whether
 * anything changed.
 */
function inferReadonlyAliases(views: ComputedView[], built: CaptureMachine, issues: Issue[]): boolean {
  const captured = capturedBySpaces(built.flat?.views ?? []);
  let changed = false;
  for (const view of views) {
    const cv = captured.get(spacesKey(view.spaces));
    if (!cv) continue;
    // Both lists are sorted by address: walk them together. A captured rom range can span several
    // computed pieces (neighbouring PAM aliases merge once both are read-only): check each of them.
    let i = 0;
    for (const hit of cv.ranges) {
      if (hit.type !== 'rom') continue;
      const hitEnd = hit.start + hit.size;
      while (i < view.ranges.length && (view.ranges[i] as FlatRange).start + (view.ranges[i] as FlatRange).size <= hit.start) i++;
      for (let j = i; j < view.ranges.length && (view.ranges[j] as FlatRange).start < hitEnd; j++) {
        const range = view.ranges[j] as FlatRange;
        if (range.readonly || range.mr.name !== hit.name) continue;
        const from = range.start > hit.start ? range.start : hit.start;
        const starts = [from, ...(range.parts ?? []).map((p) => p.start).filter((x) => x > from && x < hitEnd)];
        for (const at of starts) changed = markReadonlyAlias(range, at, built, issues) || changed;
      }
    }
  }
  return changed;
}

/**
 * Recomputes every FlatView of a capture from its `info mtree` tree (never copying a captured flat
 * view). A flat view in the same file only settles facts the tree text lacks, each with a diagnostic.
 */
export function reflattenCapture(c: Capture): Reflattened | undefined {
  const built = machineFromCapture(c);
  if (!built) return undefined;
  const issues = [...built.issues];
  if (!built.flat) issues.push(...ambiguityNotes(built));
  let views = computeViews(built.machine);
  // Each round fixes at least one alias; a handful of rounds settles any real capture.
  for (let round = 0; round < 8 && built.flat && inferReadonlyAliases(views, built, issues); round++) {
    views = computeViews(built.machine);
  }
  for (const v of views) {
    for (const p of v.problems) {
      const node = p.kind === 'alias-cycle' ? built.nodeOfMr.get(p.mr) : undefined;
      if (p.kind === 'alias-cycle' && node) issues.push(makeIssue('RF007', node.nameSpan, { name: p.mr.name }));
      if (p.kind === 'too-large') issues.push(makeIssue('RF008', v.spaces[0]?.span ?? { line: 0, col: 0, endLine: 0, endCol: 0 }, { limit: String(p.limit) }));
    }
  }
  return { views, built, issues };
}
