import type { Capture } from './model/capture';
import { lastRamBlockTable } from './model/capture';
import { pushAll } from './model/arrays';
import type { Issue } from './model/issues';
import { parseCapture } from './capture/parse';
import { splitLines } from './capture/lines';
import type { LayoutFile } from './layout/ast';
import type { LayoutModel } from './layout/build';
import { buildLayout } from './layout/build';
import { parseLayout } from './layout/parser';
import type { MemoryModel } from './engine/memory-model';
import { gpa2hvaSpace, memoryModelFromCapture } from './engine/memory-model';
import { computeViews } from './engine/views';
import { lintMachine } from './engine/lint';
import { attrOf } from './layout/ast';
import type { Mr } from './engine/mr';
import type { Span } from './model/span';
import type { AnalysisLimit } from './size-limit';
import { limitText } from './size-limit';
import { compareBySpan } from './model/span';
import { CAPTURE_START, LAYOUT_START } from './document-starts';
import { DerivedData } from './model/derived';

/** The two kinds of document the tool reads. */
export type DocumentKind = 'capture' | 'layout';

/**
 * Tells a layout from a capture by content: the first line that is neither blank nor a `#` comment
 * starts with a layout keyword (`address-space NAME`, without the capture's colon, counts).
 * Only the first 200 lines are looked at.
 */
export function detectKind(text: string): DocumentKind {
  const { lines } = splitLines(text.length > 100_000 ? text.slice(0, 100_000) : text);
  for (const line of lines.slice(0, 200)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    return LAYOUT_START.test(t) ? 'layout' : 'capture';
  }
  return 'capture';
}

/**
 * The kind a document is, given what the editor says it is: the editor's word counts unless the first
 * meaningful line plainly starts the other kind (editors such as eglot send one language id for every
 * file of a server).
 */
export function resolveKind(text: string, claimed: DocumentKind | undefined): DocumentKind {
  const detected = detectKind(text);
  if (claimed === undefined || claimed === detected) return detected;
  if (claimed === 'layout') {
    const first = splitLines(text.slice(0, 10_000)).lines.find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
    return CAPTURE_START.test(first) ? 'capture' : 'layout';
  }
  return detected;
}

/** A document read and analysed: its syntax, its model and every issue. */
export interface AnalyzedDocument {
  readonly kind: DocumentKind;
  readonly capture?: Capture;
  readonly layout?: { readonly file: LayoutFile; readonly model: LayoutModel };
  /** What translation, views and hovers use; undefined when the document describes no memory map. */
  readonly model: MemoryModel | undefined;
  /** Parse, build and reflatten issues, sorted by position. */
  readonly issues: Issue[];
}

/** The translation model of a layout. */
function layoutMemoryModel(model: LayoutModel, issues: Issue[]): MemoryModel {
  const views = computeViews(model.machine);
  const nameSpanOf = new Map<Mr, Span>();
  for (const [mr, decl] of model.declOf) nameSpanOf.set(mr, decl.name.span);
  return { views, reflattened: true, blocks: model.blocks, bases: model.bases, gpaSpace: gpa2hvaSpace(views), issues, nameSpanOf, derived: new DerivedData() };
}

/**
 * Reads a document of either kind (detected from its content unless given) and builds its model. With a
 * limit, a bigger document is analysed up to the last whole line within it, with CAP005 where it stops.
 */
export function analyzeDocument(text: string, kind: DocumentKind = detectKind(text), limit?: AnalysisLimit): AnalyzedDocument {
  const limited = limitText(text, limit);
  const analyzed = analyzeWhole(limited.text, kind);
  if (!limited.issue) return analyzed;
  return { ...analyzed, issues: [...analyzed.issues, limited.issue] };
}

function analyzeWhole(text: string, kind: DocumentKind): AnalyzedDocument {
  if (kind === 'layout') {
    const { file, issues } = parseLayout(text);
    const model = buildLayout(file);
    const all = [...issues, ...model.issues];
    const mem = layoutMemoryModel(model, model.issues);
    pushAll(all, lintMachine({
      machine: model.machine, views: mem.views, blocks: model.blocks,
      spanOf: (mr) => model.declOf.get(mr)?.name.span,
      explicitOrder: (mr) => {
        const d = model.declOf.get(mr);
        return d !== undefined && attrOf(d, 'order') !== undefined;
      },
      reported: all,
    }));
    return { kind, layout: { file, model }, model: mem, issues: sortIssues(all) };
  }
  const capture = parseCapture(text);
  const model = memoryModelFromCapture(capture);
  const all = [...capture.issues, ...(model?.issues ?? [])];
  const built = model?.built;
  if (model && built) {
    // Several ramblock tables (a churn log) would repeat blocks: lint the last one, the final state.
    const lint = lintMachine({
      machine: built.machine, views: model.views, blocks: lastRamBlockTable(capture)?.blocks ?? [],
      spanOf: (mr) => built.nodeOfMr.get(mr)?.nameSpan,
      // A gdb dump prints siblings in QEMU's list order: who wins among equals is known, not guessed.
      explicitOrder: () => built.fromGdb,
      sizeAmbiguous: (mr) => built.nodeOfMr.get(mr)?.sizeAmbiguous === true,
      origin: 'capture',
      reported: all,
    });
    // In a gdb session the views' names are inferred (an alias shows as itself, its target not dumped), so
    // "hidden" would judge QEMU by a guess: GDB014 and GDB015 say what the dumped views show instead.
    pushAll(all, built.fromGdb ? lint.filter((i) => i.code !== 'LY102' && i.code !== 'LY103') : lint);
  }
  return { kind, capture, model, issues: sortIssues(all) };
}

function sortIssues(issues: Issue[]): Issue[] {
  return issues.sort(compareBySpan);
}
