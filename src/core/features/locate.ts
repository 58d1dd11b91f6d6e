import type { FlatRangeLine, FlatViewBlock, FlatViewSection, Gpa2hvaAnswer, MtreeSection, RamBlockRow } from '../model/capture';
import type { RegionNode } from '../model/region';
import type { Span } from '../model/span';
import { spanContains } from '../model/span';
import type { AnalyzedDocument } from '../document';
import type { RefNode, RegionDecl } from '../layout/ast';
import { allRegions } from '../layout/build';
import type { Mr } from '../engine/mr';
import { pushTo, setDense } from '../model/arrays';
import { PrintedRange, PrintedRegion } from '../capture/printed-line';
import { RenderedBy } from './cycle-targets';
import { DidYouMean } from './did-you-mean';

/** Something written at a place in a document that features can explain or link. */
export type Located =
  | { readonly kind: 'region'; readonly span: Span; readonly mr: Mr | undefined; readonly node?: RegionNode; readonly decl?: RegionDecl; readonly space: string | undefined }
  | { readonly kind: 'target'; readonly span: Span; readonly name: string; readonly byId: boolean; readonly from: Mr | undefined }
  | { readonly kind: 'flat-range'; readonly span: Span; readonly range: FlatRangeLine; readonly view: FlatViewBlock }
  | { readonly kind: 'ramblock'; readonly span: Span; readonly row: RamBlockRow }
  | { readonly kind: 'gpa2hva'; readonly span: Span; readonly answer: Gpa2hvaAnswer }
  | { readonly kind: 'space'; readonly span: Span; readonly name: string }
  /** A gdb pointer: an address space's `Root MR` or `FlatView`, or the argument of the dump command that printed it. */
  | { readonly kind: 'pointer'; readonly span: Span; readonly value: bigint; readonly role: 'root' | 'view' | 'tree-dump' | 'view-dump' };

/** A region's name on a tree line; the span is read from the line when asked for (an index of a big capture holds many). */
class RegionNameAt {
  readonly kind = 'region';
  constructor(readonly node: RegionNode, readonly mr: Mr | undefined, readonly space: string | undefined) {}
  get span(): Span {
    return this.node.nameSpan;
  }
}

/** A flat range's name on its line; the span is read from the line when asked for. */
class FlatRangeNameAt {
  readonly kind = 'flat-range';
  constructor(readonly range: FlatRangeLine, readonly view: FlatViewBlock) {}
  get span(): Span {
    return this.range.nameSpan;
  }
}

/** The address space a line's addresses belong to, for hovers on numbers. */
export interface LineContext {
  readonly space: string | undefined;
  /** What the line is: a tree or flat-view range (GPAs), a ramblock row, a gpa2hva answer. */
  readonly what: 'tree' | 'section' | 'flat' | 'ramblock' | 'gpa2hva' | 'layout' | 'other';
  /** The FlatView a `flat` line belongs to. */
  readonly view?: FlatViewBlock;
}

/**
 * What the index keeps per element: a located element, or, for the region and flat-range lines of a
 * capture (nearly all of a big one), the parsed line itself, made into a Located when asked for (its
 * space and view are its line's context).
 */
type Entry = Located | PrintedRegion | PrintedRange;

/** Where an entry's Located is written (a parsed line's name, not the whole line). */
function spanOf(e: Entry): Span {
  return e instanceof PrintedRegion || e instanceof PrintedRange ? e.nameSpan : e.span;
}

/**
 * Positions of everything in a document, by line, built once per analysis. Everything located is kept in
 * one array in line order with where each line starts (a Map of per-line lists would hash every line of a
 * big capture and hold about three times the memory).
 */
export class DocumentIndex {
  /** Everything located, by line, innermost first on each line (gathered unsorted while indexing). */
  private located: Entry[] = [];
  /** Where each line's elements start in `located`; one more entry than lines. */
  private readonly lineStart: Int32Array;
  private readonly context: (LineContext | undefined)[] = [];

  constructor(readonly doc: AnalyzedDocument) {
    if (doc.capture) this.indexCapture();
    if (doc.layout) this.indexLayout();
    [this.located, this.lineStart] = byLine(this.located);
  }

  private add(l: Entry): void {
    this.located.push(l);
  }

  /** The Located an entry stands for (parsed lines are kept bare only where their line's context says what they need). */
  private toLocated(e: Entry, line: number): Located {
    if (e instanceof PrintedRegion) return new RegionNameAt(e, this.mrOf(e), this.contextOf(line).space);
    if (e instanceof PrintedRange) return new FlatRangeNameAt(e, this.contextOf(line).view as FlatViewBlock);
    return e;
  }

  private setContext(from: number, to: number, ctx: LineContext): void {
    for (let i = from; i <= to; i++) setDense(this.context, i, ctx);
  }

  /** The region built from a tree line, if the model was built from this capture's tree. */
  private mrOf(n: RegionNode): Mr | undefined {
    return this.doc.model?.built?.mrOfNode.get(n.id);
  }

  private indexMtree(sec: MtreeSection): void {
    for (const g of sec.groups) {
      // Addresses in a shared tree translate the same in each of its spaces: prefer the one gpa2hva uses.
      const space = (g.spaces.find((s) => s.name === this.doc.model?.gpaSpace) ?? g.spaces[0])?.name;
      this.setContext(g.span.line, g.span.endLine, { space, what: 'tree' });
      for (const s of g.spaces) this.add({ kind: 'space', span: s.nameSpan, name: s.name });
      if (g.root) this.indexTree(g.root, space);
    }
    for (const m of sec.regionSections) {
      this.setContext(m.span.line, m.span.endLine, { space: undefined, what: 'section' });
      this.add({ kind: 'target', span: m.nameSpan, name: m.name, byId: false, from: undefined });
      if (m.root) this.indexTree(m.root, undefined);
    }
  }

  private indexFlat(sec: FlatViewSection): void {
    for (const v of sec.views) {
      this.setContext(v.span.line, v.span.endLine, { space: v.spaces[0]?.name, what: 'flat', view: v });
      for (const s of v.spaces) this.add({ kind: 'space', span: s.nameSpan, name: s.name });
      for (const r of v.ranges) this.add(r instanceof PrintedRange && this.context[r.line]?.view === v ? r : new FlatRangeNameAt(r, v));
    }
  }

  private indexCapture(): void {
    // gdb dumps read as a tree and flat views: their lines are the regions' and ranges' own.
    const gdb = this.doc.capture?.gdb;
    if (gdb) {
      this.indexMtree(gdb.mtree);
      if (gdb.flat) this.indexFlat(gdb.flat);
    }
    for (const sec of this.doc.capture?.sections ?? []) {
      switch (sec.kind) {
        case 'mtree':
          this.indexMtree(sec);
          break;
        case 'flatview':
          this.indexFlat(sec);
          break;
        case 'ramblock':
          this.setContext(sec.span.line, sec.span.endLine, { space: undefined, what: 'ramblock' });
          for (const row of sec.blocks) this.add({ kind: 'ramblock', span: row.nameSpan, row });
          break;
        case 'gdb-address-spaces':
          for (const as of sec.spaces) {
            if (as.rootPointer !== undefined && as.rootSpan) this.add({ kind: 'pointer', span: as.rootSpan, value: as.rootPointer, role: 'root' });
            if (as.flatViewPointer !== undefined && as.flatViewSpan) this.add({ kind: 'pointer', span: as.flatViewSpan, value: as.flatViewPointer, role: 'view' });
          }
          break;
        case 'gdb-memory-region':
        case 'gdb-flatview':
          if (sec.pointer !== undefined && sec.pointerSpan) this.add({ kind: 'pointer', span: sec.pointerSpan, value: sec.pointer, role: sec.kind === 'gdb-flatview' ? 'view-dump' : 'tree-dump' });
          break;
        case 'gpa2hva':
          this.setContext(sec.span.line, sec.span.endLine, { space: this.doc.model?.gpaSpace, what: 'gpa2hva' });
          for (const a of sec.answers) this.add({ kind: 'gpa2hva', span: a.span, answer: a });
          break;
        default:
          break;
      }
    }
  }

  private indexTree(root: RegionNode, space: string | undefined): void {
    const stack = [root];
    while (stack.length > 0) {
      const n = stack.pop() as RegionNode;
      if (!n.notPrinted) {
        const mr = this.mrOf(n);
        this.add(n instanceof PrintedRegion && this.context[n.line]?.space === space ? n : new RegionNameAt(n, mr, space));
        if (n.alias) this.add({ kind: 'target', span: n.alias.targetSpan, name: n.alias.target, byId: false, from: mr });
      }
      for (const c of n.children) stack.push(c);
    }
  }

  private indexLayout(): void {
    const layout = this.doc.layout;
    if (!layout) return;
    const rootOf = new Map<Mr, string>();
    for (const as of layout.model.machine.spaces) if (as.root && !rootOf.has(as.root)) rootOf.set(as.root, as.name);
    for (const d of allRegions(layout.file)) {
      const mr = layout.model.mrOf.get(d);
      this.add({ kind: 'region', span: d.name.span, mr, decl: d, space: mr ? rootOf.get(mr) : undefined });
      for (const a of d.attrs) if (a.key === 'target' && a.ref) this.add(refLocated(a.ref, mr));
      this.setContext(d.span.line, d.span.line, { space: undefined, what: 'layout' });
    }
    const rowOf = new Map(layout.model.blocks.map((b) => [b.span, b]));
    for (const item of layout.file.items) {
      if (item.type === 'space') {
        this.add({ kind: 'space', span: item.name.span, name: item.name.text });
        if (item.root) this.add(refLocated(item.root, undefined));
      } else if (item.type === 'ramblock') {
        const row = rowOf.get(item.span);
        if (row) this.add({ kind: 'ramblock', span: item.name.span, row });
      }
    }
  }

  /** Everything written at (line, col), innermost first. */
  at(line: number, col: number): Located[] {
    return this.onLine(line).filter((l) => spanContains(l.span, line, col));
  }

  private names: Map<string, Mr[]> | undefined;
  private rendered: RenderedBy | undefined;
  private suggestions: DidYouMean | undefined;

  /** Who renders whom in a layout (built on first use; undefined for a capture). */
  renderedBy(): RenderedBy | undefined {
    const layout = this.doc.layout;
    return layout && (this.rendered ??= new RenderedBy(layout.file, layout.model));
  }

  /** "Did you mean" for a layout's unknown names (built on first use; undefined for a capture). */
  didYouMean(): DidYouMean | undefined {
    const rendered = this.renderedBy();
    const layout = this.doc.layout;
    return layout && rendered && (this.suggestions ??= new DidYouMean(layout.file, rendered));
  }

  /** Regions by name (built on first use). */
  regionsNamed(name: string): Mr[] {
    if (!this.names) {
      this.names = new Map();
      for (const mr of this.doc.model?.nameSpanOf.keys() ?? []) {
        pushTo(this.names, mr.name, mr);
      }
    }
    return this.names.get(name) ?? [];
  }

  /** Every located element of the given kinds, in line order. */
  allOf(...kinds: Located['kind'][]): Located[] {
    const out: Located[] = [];
    for (let line = 0; line + 1 < this.lineStart.length; line++) {
      for (let i = this.lineStart[line] as number; i < (this.lineStart[line + 1] as number); i++) {
        const e = this.located[i] as Entry;
        const kind = e instanceof PrintedRegion ? 'region' : e instanceof PrintedRange ? 'flat-range' : e.kind;
        if (kinds.includes(kind)) out.push(this.toLocated(e, line));
      }
    }
    return out;
  }

  /** Everything on a line. */
  onLine(line: number): Located[] {
    if (line < 0 || line + 1 >= this.lineStart.length) return [];
    const out: Located[] = [];
    for (let i = this.lineStart[line] as number; i < (this.lineStart[line + 1] as number); i++) out.push(this.toLocated(this.located[i] as Entry, line));
    return out;
  }

  /** What the numbers on a line mean. */
  contextOf(line: number): LineContext {
    return this.context[line] ?? { space: undefined, what: 'other' };
  }
}

function refLocated(ref: RefNode, from: Mr | undefined): Located {
  return { kind: 'target', span: ref.span, name: ref.text, byId: ref.byId, from };
}

/** The elements in line order (a counting sort), innermost first on each line, and where each line starts. */
function byLine(all: readonly Entry[]): [Entry[], Int32Array] {
  // Spans may be made on each read: each element's line is read once.
  const lineOf = new Int32Array(all.length);
  let lines = 0;
  all.forEach((l, i) => {
    const line = l instanceof PrintedRegion || l instanceof PrintedRange ? l.line : l.span.line;
    lineOf[i] = line;
    if (line + 1 > lines) lines = line + 1;
  });
  const start = new Int32Array(lines + 1);
  for (const line of lineOf) start[line + 1] = (start[line + 1] as number) + 1;
  for (let i = 0; i < lines; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const next = start.slice(0, lines);
  const sorted = new Array<Entry>(all.length);
  all.forEach((l, i) => {
    const line = lineOf[i] as number;
    const at = next[line] as number;
    sorted[at] = l;
    next[line] = at + 1;
  });
  for (let line = 0; line < lines; line++) {
    const from = start[line] as number;
    const to = start[line + 1] as number;
    if (to - from < 2) continue;
    const here = sorted.slice(from, to).sort((a, b) => width(spanOf(a)) - width(spanOf(b)));
    for (let i = 0; i < here.length; i++) sorted[from + i] = here[i] as Entry;
  }
  return [sorted, start];
}

function width(s: Span): number {
  return (s.endLine - s.line) * 100_000 + (s.endCol - s.col);
}
