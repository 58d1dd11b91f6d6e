import type { Capture, FlatViewBlock } from '../model/capture';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import { pushAll } from '../model/arrays';
import type { CaptureMachine } from './from-capture';
import { kindsText } from './region-kinds';
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

/** True when the subregions (enabled ones) leave some byte of the region uncovered: an I/O region would show there. */
function hasHoles(mr: Mr): boolean {
  const kids = mr.subregions.filter((k) => k.enabled && k.size > 0n).sort((x, y) => (x.addr < y.addr ? -1 : x.addr > y.addr ? 1 : 0));
  let covered = 0n;
  for (const k of kids) {
    if (k.addr > covered) return true;
    if (k.addr + k.size > covered) covered = k.addr + k.size;
  }
  return covered < mr.size;
}


/**
 * One diagnostic on each region whose kind or read-only flag neither the text nor QEMU's source settles,
 * where the answer changes the flat view: an `i/o` region with holes between its subregions (I/O region
 * or pure container?), an `i/o` region without subregions (I/O region or empty container?), an alias of
 * writable RAM (read-only or not?).
 */
function ambiguityNotes(built: CaptureMachine): Issue[] {
  const issues: Issue[] = [];
  for (const [mr, d] of built.kindBasis) {
    const node = built.nodeOfMr.get(mr);
    if (d.basis !== 'assumed' || !node || !mr.enabled) continue;
    if (node.children.length > 0) {
      if (hasHoles(mr)) issues.push(makeIssue('RF002', node.nameSpan, { name: mr.name, known: kindsText(d) }));
    } else issues.push(makeIssue('RF011', node.nameSpan, { name: mr.name, known: kindsText(d) }));
  }
  const ends = new AliasEnds();
  for (const [mr, d] of built.readonlyBasis) {
    const node = built.nodeOfMr.get(mr);
    const end = mr.alias && mr.enabled ? ends.of(mr) : undefined;
    if (d.basis !== 'assumed' || !node || !end || ownTypeWord(end) !== 'ram') continue;
    issues.push(makeIssue('RF001', node.nameSpan, { name: mr.name, target: end.name, known: kindsText(d) }));
  }
  return issues;
}

/** One diagnostic on each sibling that overlaps another of equal priority at another address: which was added last is not printed. */
function equalPriorityNotes(built: CaptureMachine): Issue[] {
  const issues: Issue[] = [];
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
  if (!built.flat) pushAll(pushAll(issues, ambiguityNotes(built)), equalPriorityNotes(built));
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
