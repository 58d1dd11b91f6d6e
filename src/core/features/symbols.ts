import type { AnalyzedDocument } from '../document';
import { formatSize, hex0x, hex16, printedRange } from '../model/address';
import type { Capture, CaptureSection, FlatRangeLine, FlatViewBlock, GdbRegionNode, PromptLine, RamBlockRow, TraceStep } from '../model/capture';
import type { RegionNode, RegionType } from '../model/region';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';
import type { Mr } from '../engine/mr';
import type { BlockDecl, RegionDecl, RegionKeyword, SpaceDecl } from '../layout/ast';
import { attrOf } from '../layout/ast';
import type { Placement } from './regions';
import { placementsOf } from './regions';
import { pushAll } from '../model/arrays';

/** Outline kinds used by the tool, named as LSP's SymbolKind members (the server maps them). */
export type OutlineKind = 'package' | 'module' | 'namespace' | 'variable' | 'constant' | 'interface' | 'field' | 'array' | 'struct' | 'event' | 'object' | 'number';

/** One entry of the document outline, with its nested entries. */
export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: OutlineKind;
  /** Everything the entry covers (its children included). */
  readonly span: Span;
  /** What to reveal and highlight: the name. Always inside `span`. */
  readonly selectionSpan: Span;
  /** A disabled region (shown struck through). */
  readonly disabled: boolean;
  readonly children: readonly OutlineSymbol[];
}

/** The mutable form built here; it is handed out as OutlineSymbol. */
interface Sym {
  name: string;
  detail: string;
  kind: OutlineKind;
  span: Span;
  selectionSpan: Span;
  disabled: boolean;
  children: Sym[];
}

function sym(name: string, detail: string, kind: OutlineKind, span: Span, selectionSpan: Span, disabled = false): Sym {
  // VS Code rejects empty names and selections outside the range.
  return { name: name === '' ? '(no name)' : name, detail, kind, span, selectionSpan: within(selectionSpan, span), disabled, children: [] };
}

function before(aLine: number, aCol: number, bLine: number, bCol: number): boolean {
  return aLine < bLine || (aLine === bLine && aCol < bCol);
}

/** `sel` clipped into `span` (collapsed to the span's start when it lies outside). */
function within(sel: Span, span: Span): Span {
  if (before(sel.line, sel.col, span.line, span.col) || before(span.endLine, span.endCol, sel.endLine, sel.endCol)) return { line: span.line, col: span.col, endLine: span.line, endCol: span.col };
  return sel;
}

/** Grows `s` so that it ends no earlier than `end`. */
function extendTo(s: Sym, end: Span): void {
  if (before(s.span.endLine, s.span.endCol, end.endLine, end.endCol)) s.span = { line: s.span.line, col: s.span.col, endLine: end.endLine, endCol: end.endCol };
}

/**
 * Symbols of trees, iteratively (a region tree is as deep as its text is long): preorder to attach
 * children, then reverse preorder so that every range grows to cover its last descendant.
 * A node for which `make` returns undefined hands its children to its parent.
 */
function treeSymbols<N>(roots: readonly N[], childrenOf: (n: N) => readonly N[], make: (n: N) => Sym | undefined): Sym[] {
  const out: Sym[] = [];
  const order: { s: Sym; parent: Sym | undefined }[] = [];
  const stack: { n: N; parent: Sym | undefined }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ n: roots[i] as N, parent: undefined });
  while (stack.length > 0) {
    const { n, parent } = stack.pop() as { n: N; parent: Sym | undefined };
    const s = make(n);
    if (s) {
      (parent ? parent.children : out).push(s);
      order.push({ s, parent });
    }
    const cs = childrenOf(n);
    for (let i = cs.length - 1; i >= 0; i--) stack.push({ n: cs[i] as N, parent: s ?? parent });
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const { s, parent } = order[i] as { s: Sym; parent: Sym | undefined };
    if (parent) extendTo(parent, s.span);
  }
  return out;
}

/** The outline kind of a region type word: RAM is a variable, ROM a constant, I/O an interface. */
function typeKind(type: RegionType): OutlineKind {
  switch (type) {
    case 'ram':
    case 'ramd':
      return 'variable';
    case 'rom':
    case 'romd':
      return 'constant';
    case 'container':
      return 'namespace';
    default:
      return 'interface';
  }
}

function regionSymbol(n: RegionNode): Sym | undefined {
  // The stand-in for an unprinted root has no line of its own: its children go to the group.
  if (n.notPrinted) return undefined;
  const kind: OutlineKind = n.alias ? 'field' : n.children.length > 0 || n.type === 'container' ? 'namespace' : typeKind(n.type);
  const detail = `${printedRange(n.start, n.size)} prio ${n.priority} ${n.nonvolatile ? 'nv-' : ''}${n.type}${n.alias ? ` → ${n.alias.target}` : ''}`;
  return sym(n.name, detail, kind, n.span, n.nameSpan, !n.enabled);
}

function flatRangeSymbol(r: FlatRangeLine): Sym {
  const detail = `${printedRange(r.start, r.size)} prio ${r.priority} ${r.nonvolatile ? 'nv-' : ''}${r.type}${r.offset !== 0n ? ` @${hex16(r.offset)}` : ''}`;
  return sym(r.name, detail, typeKind(r.type), r.span, r.nameSpan);
}

function blockDetail(row: RamBlockRow | undefined): string {
  if (!row) return '';
  const used = row.used === row.max ? formatSize(row.used) : `${formatSize(row.used)} of ${formatSize(row.max)}`;
  return `ram_addr ${hex0x(row.offset)}, ${used}${row.hva !== undefined ? `, HVA ${hex0x(row.hva)}` : ''}${row.readonly ? ', ro' : ''}`;
}

function fullLine(lines: readonly string[], line: number): Span {
  return lineSpan(line, 0, lines[line]?.length ?? 0);
}

const SECTION_NAMES: Readonly<Record<CaptureSection['kind'], string>> = {
  mtree: 'info mtree',
  flatview: 'info mtree -f',
  ramblock: 'info ramblock',
  gpa2hva: 'gpa2hva',
  trace: 'find_ram_offset trace',
  'gdb-address-spaces': 'dump_address_spaces',
  'gdb-memory-region': 'dump_memory_region',
  'gdb-flatview': 'dump_flatview',
  unrecognised: 'unrecognised text',
};

/** The prompt line right above a section (`(qemu) info mtree -f`), which the section's fold and outline entry include. */
export function promptAbove(prompts: ReadonlyMap<number, PromptLine>, sec: CaptureSection): PromptLine | undefined {
  const p = prompts.get(sec.span.line - 1);
  return p && sec.kind !== 'gpa2hva' ? p : undefined;
}

/** Prompt lines by line number. */
export function promptsByLine(c: Capture): Map<number, PromptLine> {
  return new Map(c.prompts.map((p) => [p.span.line, p]));
}

function viewSymbol(v: FlatViewBlock, lines: readonly string[]): Sym {
  const header = fullLine(lines, v.span.line);
  const name = v.spaces.length > 0 ? v.spaces.map((s) => s.name).join(', ') : `FlatView #${v.number}`;
  const detail = `FlatView #${v.number}${v.rootName !== undefined ? `, root ${v.rootName}` : ''}${v.unrendered ? ', not rendered' : `, ${v.ranges.length} range${v.ranges.length === 1 ? '' : 's'}`}`;
  const s = sym(name, detail, 'module', v.span, header);
  pushAll(s.children, v.ranges.map(flatRangeSymbol));
  const d = v.dispatch;
  if (d) s.children.push(sym('dispatch', `${d.sections.length} sections, ${d.nodes.length} nodes`, 'array', d.span, fullLine(lines, d.span.line)));
  return s;
}

function traceChildren(steps: readonly TraceStep[]): Sym[] {
  // Each chosen offset closes the run of loop steps that searched for it.
  const out: Sym[] = [];
  let first: TraceStep | undefined;
  for (const st of steps) {
    first ??= st;
    if (st.kind !== 'chosen') continue;
    const span: Span = { line: first.span.line, col: first.span.col, endLine: st.span.endLine, endCol: st.span.endCol };
    out.push(sym(`size ${hex0x(st.size)} → ${hex0x(st.offset)}`, `find_ram_offset (${formatSize(st.size)})`, 'event', span, st.span));
    first = undefined;
  }
  return out;
}

function sectionSymbol(sec: CaptureSection, prompt: PromptLine | undefined, lines: readonly string[]): Sym | undefined {
  const span: Span = prompt ? { line: prompt.span.line, col: 0, endLine: sec.span.endLine, endCol: sec.span.endCol } : sec.span;
  const selection = prompt ? prompt.span : fullLine(lines, sec.span.line);
  const name = prompt?.command ?? SECTION_NAMES[sec.kind];
  switch (sec.kind) {
    case 'mtree': {
      const s = sym(name, `${sec.groups.length} address-space group${sec.groups.length === 1 ? '' : 's'}`, 'package', span, selection);
      for (const g of sec.groups) {
        const header = g.spaces[0];
        const gs = sym(g.spaces.map((x) => x.name).join(', '), `address-space${g.root ? `, root ${g.root.name}` : ''}`, 'module', g.span, header?.nameSpan ?? fullLine(lines, g.span.line));
        pushAll(gs.children, treeSymbols(g.root ? [g.root] : [], (n) => n.children, regionSymbol));
        s.children.push(gs);
      }
      for (const m of sec.regionSections) {
        const ms = sym(m.name, 'memory-region', 'module', m.span, m.nameSpan);
        pushAll(ms.children, treeSymbols(m.root ? [m.root] : [], (n) => n.children, regionSymbol));
        s.children.push(ms);
      }
      return s;
    }
    case 'flatview': {
      const s = sym(name, `${sec.views.length} FlatView${sec.views.length === 1 ? '' : 's'}`, 'package', span, selection);
      pushAll(s.children, sec.views.map((v) => viewSymbol(v, lines)));
      return s;
    }
    case 'ramblock': {
      const s = sym(name, `${sec.blocks.length} RAMBlock${sec.blocks.length === 1 ? '' : 's'}`, 'array', span, selection);
      pushAll(s.children, sec.blocks.map((b) => sym(b.name, blockDetail(b), 'struct', b.span, b.nameSpan)));
      return s;
    }
    case 'gpa2hva': {
      const s = sym(name, `${sec.answers.length} answer${sec.answers.length === 1 ? '' : 's'}`, 'package', span, selection);
      for (const a of sec.answers) {
        const r = a.result;
        const detail = r.kind === 'hva' ? `${r.region} → ${hex0x(r.hva)}` : r.kind === 'not-ram' ? 'not RAM' : r.kind === 'unmapped' ? 'unmapped' : r.text;
        // The question and its answer are one entry.
        const from = a.askSpan && a.askSpan.line < a.span.line ? a.askSpan.line : a.span.line;
        s.children.push(sym(hex0x(a.gpa), detail, 'event', { line: from, col: from < a.span.line ? 0 : a.span.col, endLine: a.span.endLine, endCol: a.span.endCol }, a.span));
      }
      return s;
    }
    case 'trace': {
      const s = sym(name, `${sec.steps.length} step${sec.steps.length === 1 ? '' : 's'}`, 'package', span, selection);
      pushAll(s.children, traceChildren(sec.steps));
      return s;
    }
    case 'gdb-address-spaces': {
      const s = sym(name, `${sec.spaces.length} address space${sec.spaces.length === 1 ? '' : 's'}`, 'package', span, selection);
      for (const a of sec.spaces) {
        const detail = [a.rootPointer !== undefined ? `root MR ${hex0x(a.rootPointer)}` : '', a.flatViewPointer !== undefined ? `FlatView ${hex0x(a.flatViewPointer)}` : ''].filter((x) => x).join(', ');
        s.children.push(sym(a.name, detail, 'module', a.span, a.nameSpan));
      }
      return s;
    }
    case 'gdb-memory-region': {
      const s = sym(prompt ? name : `${name} ${sec.title}`, sec.pointer !== undefined ? hex0x(sec.pointer) : '', 'package', span, selection);
      pushAll(s.children, treeSymbols(sec.root ? [sec.root] : [], (n: GdbRegionNode) => n.children, (n) => sym(n.name, `[${hex16(n.start)}-${hex16(n.last)}]`, n.children.length > 0 ? 'namespace' : 'object', n.span, n.nameSpan)));
      return s;
    }
    case 'gdb-flatview': {
      const s = sym(name, `${sec.ranges.length} range${sec.ranges.length === 1 ? '' : 's'}`, 'package', span, selection);
      pushAll(s.children, sec.ranges.map((r) => sym(`[${hex0x(r.start)}, ${hex0x(r.end)})`, `offset_in_region ${hex0x(r.offset)}`, 'number', r.span, r.span)));
      return s;
    }
    default:
      return undefined;
  }
}

const KEYWORD_KIND: Readonly<Record<RegionKeyword, OutlineKind>> = {
  container: 'namespace', ram: 'variable', 'ram-device': 'variable', rom: 'constant', 'rom-device': 'constant', io: 'interface', alias: 'field',
};

function layoutSymbols(doc: AnalyzedDocument): Sym[] {
  const layout = doc.layout;
  if (!layout) return [];
  const where = doc.model ? placementsOf(doc.model) : new Map<Mr, Placement>();
  const rowOf = new Map<Span, RamBlockRow>(layout.model.blocks.map((b) => [b.span, b]));
  const region = (d: RegionDecl): Sym => {
    const mr = layout.model.mrOf.get(d);
    const start = mr ? (where.get(mr)?.start ?? mr.addr) : undefined;
    const target = attrOf(d, 'target');
    const detail = `${mr && start !== undefined ? `${printedRange(start, mr.size)} prio ${mr.priority} ` : ''}${d.keyword}${target?.ref ? ` → ${target.ref.byId ? '$' : ''}${target.ref.text}` : ''}`;
    return sym(d.name.text, detail, KEYWORD_KIND[d.keyword], d.span, d.name.span, attrOf(d, 'disabled') !== undefined || (mr !== undefined && !mr.enabled));
  };
  const out: Sym[] = [];
  for (const item of layout.file.items) {
    if (item.type === 'region') pushAll(out, treeSymbols([item], (n) => n.children, region));
    else if (item.type === 'space') out.push(spaceSymbol(item));
    else out.push(blockSymbol(item, rowOf.get(item.span)));
  }
  return out;
}

function spaceSymbol(s: SpaceDecl): Sym {
  return sym(s.name.text, `address-space${s.root ? `, root ${s.root.byId ? '$' : ''}${s.root.text}` : ''}`, 'module', s.span, s.name.span);
}

function blockSymbol(b: BlockDecl, row: RamBlockRow | undefined): Sym {
  return sym(b.name.text, row ? blockDetail(row) : 'ramblock', 'struct', b.span, b.name.span);
}

/**
 * The outline of a document as a tree: for captures one entry per section with its address-space
 * groups and region trees, FlatViews and ranges, RAMBlocks, gpa2hva answers, trace and gdb dumps;
 * for layouts the region trees, address spaces and ramblocks. Linear in the document.
 */
export function documentSymbols(doc: AnalyzedDocument, lines: readonly string[]): OutlineSymbol[] {
  if (doc.layout) return layoutSymbols(doc);
  const c = doc.capture;
  if (!c) return [];
  const prompts = promptsByLine(c);
  const out: Sym[] = [];
  for (const sec of c.sections) {
    const s = sectionSymbol(sec, promptAbove(prompts, sec), lines);
    if (!s) continue;
    for (const child of s.children) extendTo(s, child.span);
    out.push(s);
  }
  return out;
}
