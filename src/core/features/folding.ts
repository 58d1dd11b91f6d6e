import type { AnalyzedDocument } from '../document';
import type { Capture, GdbRegionNode } from '../model/capture';
import type { RegionNode } from '../model/region';
import type { LayoutFile } from '../layout/ast';
import { allRegions } from '../layout/build';
import { promptAbove, promptsByLine } from './symbols';

/** A foldable run of lines (both ends inclusive, as LSP counts them). */
export interface FoldRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: 'region' | 'comment';
}

/**
 * Start and last line of every node with children, found iteratively: preorder, then reverse
 * preorder so that each node's last line becomes its last descendant's.
 */
function subtreeFolds<N>(roots: readonly N[], childrenOf: (n: N) => readonly N[], lineOf: (n: N) => number, out: FoldRange[]): void {
  const nodes: N[] = [];
  const parent: number[] = [];
  const stack: { n: N; parent: number }[] = roots.map((n) => ({ n, parent: -1 }));
  while (stack.length > 0) {
    const { n, parent: p } = stack.pop() as { n: N; parent: number };
    const i = nodes.length;
    nodes.push(n);
    parent.push(p);
    for (const c of childrenOf(n)) stack.push({ n: c, parent: i });
  }
  const last = nodes.map(lineOf);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const p = parent[i] as number;
    if (p >= 0 && (last[i] as number) > (last[p] as number)) last[p] = last[i] as number;
  }
  nodes.forEach((n, i) => {
    if (childrenOf(n).length > 0) out.push({ startLine: lineOf(n), endLine: last[i] as number, kind: 'region' });
  });
}

function captureFolds(c: Capture, out: FoldRange[]): void {
  const prompts = promptsByLine(c);
  const regionLine = (n: RegionNode): number => n.span.line;
  for (const sec of c.sections) {
    // A section's fold starts at the command that printed it, so the command stays visible when folded.
    out.push({ startLine: promptAbove(prompts, sec)?.span.line ?? sec.span.line, endLine: sec.span.endLine, kind: 'region' });
    switch (sec.kind) {
      case 'mtree':
        for (const g of sec.groups) {
          out.push({ startLine: g.span.line, endLine: g.span.endLine, kind: 'region' });
          // An unprinted root's stand-in sits on the header line: its fold is the group's.
          if (g.root) subtreeFolds([g.root], (n) => n.children, regionLine, out);
        }
        for (const m of sec.regionSections) {
          out.push({ startLine: m.span.line, endLine: m.span.endLine, kind: 'region' });
          if (m.root) subtreeFolds([m.root], (n) => n.children, regionLine, out);
        }
        break;
      case 'flatview':
        for (const v of sec.views) {
          out.push({ startLine: v.span.line, endLine: v.span.endLine, kind: 'region' });
          if (v.dispatch) {
            out.push({ startLine: v.dispatch.span.line, endLine: v.dispatch.span.endLine, kind: 'region' });
            for (const n of v.dispatch.nodes) out.push({ startLine: n.span.line, endLine: n.span.endLine, kind: 'region' });
          }
        }
        break;
      case 'gdb-memory-region':
        if (sec.root) subtreeFolds([sec.root], (n: GdbRegionNode) => n.children, (n) => n.span.line, out);
        break;
      default:
        break;
    }
  }
}

function layoutFolds(file: LayoutFile, out: FoldRange[]): void {
  for (const d of allRegions(file)) {
    // The closing brace stays visible, as in brace languages: the fold ends on the line above it.
    if (d.span.endLine > d.span.line) out.push({ startLine: d.span.line, endLine: d.span.endLine - 1, kind: 'region' });
  }
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: 'comment' });
  };
  for (const c of file.comments) {
    if (c.trailing) continue;
    if (c.span.line === runEnd + 1 && runStart >= 0) runEnd = c.span.line;
    else {
      flush();
      runStart = runEnd = c.span.line;
    }
  }
  flush();
}

/**
 * Folding ranges: every section (from its prompt), address-space group, memory-region section,
 * region with children, FlatView, dispatch dump and table of a capture; every `{…}` body and run of
 * comment lines of a layout. Sorted by start line, one per start line (the innermost), properly nested.
 */
export function foldingRanges(doc: AnalyzedDocument): FoldRange[] {
  const all: FoldRange[] = [];
  if (doc.capture) captureFolds(doc.capture, all);
  if (doc.layout) layoutFolds(doc.layout.file, all);
  // Editors keep one fold per start line; keep the innermost so that each group and region folds alone.
  all.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const out: FoldRange[] = [];
  for (const f of all) {
    if (f.endLine <= f.startLine) continue;
    const prev = out[out.length - 1];
    if (prev && prev.startLine === f.startLine) continue;
    out.push(f);
  }
  return out;
}
