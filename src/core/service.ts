/**
 * The core's front door: one language service that the language server and the CLI call. Every position
 * it takes or gives is 0-based (lines, and columns in UTF-16 code units as in the text), every address
 * and size a bigint. Each method answers from an `Analysis`, which owns what it derives (the position
 * index, placements, indexes by name) and drops it with itself. No method throws.
 */
import { Analysis } from './analysis';
import type { AnalyzedDocument, DocumentKind } from './document';
import { analyzeDocument, resolveKind } from './document';
import type { AddressSpace } from './engine/machine';
import { spaceNamed, viewOf } from './engine/memory-model';
import type { Mr } from './engine/mr';
import type { Gpa2hvaResult, HvaHit } from './engine/translate';
import { gpa2hva, hva2gpa } from './engine/translate';
import type { ComputedView } from './engine/views';
import type { CodeActionData } from './features/actions';
import { codeActionsFor } from './features/actions';
import type { CompletionItemData } from './features/completion';
import { COMPLETION_TRIGGERS, completeLayout } from './features/completion';
import type { DiffAnswer } from './features/diff-answer';
import { diffAnswer } from './features/diff-answer';
import type { FoldRange } from './features/folding';
import { foldingRanges } from './features/folding';
import type { HoverResult } from './features/hover';
import { hoverAt } from './features/hover';
import type { InlayHintSpec } from './features/inlay';
import { inlayHints } from './features/inlay';
import type { LensSpec } from './features/lens';
import { codeLenses } from './features/lens';
import { definitionAt, referencesAt } from './features/navigation';
import type { ReflattenAnswer } from './features/reflatten-answer';
import { reflattenAnswer } from './features/reflatten-answer';
import type { TextEdit } from './features/rename';
import { prepareRename, renameRegion } from './features/rename';
import type { OutlineSymbol } from './features/symbols';
import { documentSymbols } from './features/symbols';
import type { SemanticToken } from './features/tokens';
import { semanticTokens } from './features/tokens';
import type { TranslateAnswer, TranslateDirection } from './features/translate-answer';
import { translateAnswer } from './features/translate-answer';
import type { WhyAnswer } from './features/why-answer';
import { whyAnswer } from './features/why-answer';
import type { ConvertOptions, ConvertResult } from './layout/convert';
import { captureToLayout } from './layout/convert';
import { formatLayout } from './layout/format';
import { splitLines } from './capture/lines';
import type { RamBlockRow } from './model/capture';
import type { Span } from './model/span';
import type { AnalysisLimit } from './size-limit';

/** How `analyse` reads a text. */
export interface AnalyseOptions {
  /** What the editor says the document is; it counts unless the text plainly starts the other kind. Detected from the content when absent. */
  readonly claimed?: DocumentKind;
  /** Analyse at most this much (a bigger text is analysed up to its last whole line within, with CAP005). */
  readonly limit?: AnalysisLimit;
}

/** A model's address spaces grouped by shared root region, in creation order. */
export interface SpaceGroup {
  readonly names: string[];
  readonly root: Mr | undefined;
}

/** What the tree views show of an analysis: its address spaces, views and RAMBlocks. */
export interface ModelOverview {
  readonly spaces: SpaceGroup[];
  readonly views: readonly ComputedView[];
  readonly blocks: readonly RamBlockRow[];
  /** The address space gpa2hva looks in. */
  readonly gpaSpace: string | undefined;
}

/** What the map shows of one address space. */
export interface MapData {
  /** The address space shown (the one asked for, else gpa2hva's, else the first). */
  readonly space: string | undefined;
  /** Every address space's name, view by view. */
  readonly spaces: string[];
  /** The view the space uses (undefined when no view has that name). */
  readonly view: ComputedView | undefined;
  /** The space's root region, when it has a tree. */
  readonly root: Mr | undefined;
  readonly blocks: readonly RamBlockRow[];
}

/** The language service: every question a front end asks about a capture or a layout. */
export interface LanguageService {
  /** Reads and analyses a text (kind from `options.claimed` and the content). Derived data is built on first use. */
  analyse(text: string, options?: AnalyseOptions): Analysis;
  /** The hover at (line, col) of `lineText` (that line's text, without its end of line). */
  hover(a: Analysis, lineText: string, line: number, col: number): HoverResult | undefined;
  /** The outline (sections, address spaces, region trees); `text` is the document's whole text. */
  symbols(a: Analysis, text: string): OutlineSymbol[];
  /** Semantic tokens of the whole text, in document order. */
  tokens(a: Analysis, text: string): SemanticToken[];
  /** Inlay hints of lines fromLine..toLine (both included). */
  inlayHints(a: Analysis, fromLine: number, toLine: number): InlayHintSpec[];
  /** "Reflatten" and "Show map" lenses on address-space and FlatView headers. */
  lenses(a: Analysis): LensSpec[];
  /** Foldable line ranges (sections, groups, region subtrees, views, tables, layout bodies, comment runs). */
  folding(a: Analysis): FoldRange[];
  /** Where what is at (line, col) is defined. */
  definition(a: Analysis, line: number, col: number): Span[];
  /** Every place that names the region at (line, col), its declaration too when asked. */
  references(a: Analysis, line: number, col: number, includeDeclaration: boolean): Span[];
  /** Layout completion at column `col` of `lineText` on `line`; asked by `trigger`, only what it starts. */
  completion(a: Analysis, lineText: string, line: number, col: number, trigger?: string): CompletionItemData[];
  /** The characters that open completion by themselves. */
  readonly completionTriggers: readonly string[];
  /** The span of the region name or reference at (line, col) that a rename would change. */
  prepareRename(a: Analysis, line: number, col: number): Span | undefined;
  /** The edits that rename the region at (line, col) and every reference to it. */
  rename(a: Analysis, line: number, col: number, newName: string): TextEdit[];
  /** Quick fixes for the issues on lines fromLine..toLine. */
  actions(a: Analysis, fromLine: number, toLine: number): CodeActionData[];
  /** A layout's canonical text; undefined for a capture, a layout that does not parse, or one already canonical. */
  formatting(a: Analysis, text: string): string | undefined;
  /** The views recomputed from the region tree next to the captured ones; undefined without a tree or layout. */
  reflatten(a: Analysis): ReflattenAnswer | undefined;
  /** What the tree views show; undefined when the document describes no memory map. */
  overview(a: Analysis): ModelOverview | undefined;
  /** What the map shows of `space` (default: gpa2hva's address space); undefined without a memory map. */
  mapData(a: Analysis, space?: string): MapData | undefined;
  /** A capture's memory model as a layout; undefined when it holds no region tree. */
  convert(a: Analysis, options?: ConvertOptions): ConvertResult | undefined;
  /** An answer in text for an address a user typed; undefined without a memory map or when the address is not a number. */
  translate(a: Analysis, direction: TranslateDirection, address: string, space?: string): TranslateAnswer | undefined;
  /** gpa2hva of each address, as QEMU answers it, with the whole chain (default space: gpa2hva's). */
  gpa2hva(a: Analysis, gpas: readonly bigint[], space?: string): Gpa2hvaResult[] | undefined;
  /** Every GPA in every address space whose RAM lives at each host address. */
  hva2gpa(a: Analysis, hvas: readonly bigint[]): { hva: bigint; region: string | undefined; offset: bigint | undefined; hits: HvaHit[] }[] | undefined;
  /** Why a region wins at `addr` in `space` (default: gpa2hva's); undefined when that space has no region tree. */
  why(a: Analysis, addr: bigint, space?: string): WhyAnswer | undefined;
  /** The address space of that name in the analysis, if any. */
  space(a: Analysis, name: string | undefined): AddressSpace | undefined;
  /** The semantic diff of two analyses; `sides` names them in the words of the differences. */
  diff(a: Analysis, b: Analysis, sides: { a: string; b: string }): DiffAnswer;
}

/** Address spaces grouped by shared root, in creation order. */
function spaceGroups(spaces: readonly AddressSpace[]): SpaceGroup[] {
  const groups: { names: string[]; root: Mr | undefined }[] = [];
  const byRoot = new Map<Mr, { names: string[]; root: Mr | undefined }>();
  for (const as of spaces) {
    const g = as.root && byRoot.get(as.root);
    if (g) g.names.push(as.name);
    else {
      const group = { names: [as.name], root: as.root };
      groups.push(group);
      if (as.root) byRoot.set(as.root, group);
    }
  }
  return groups;
}

function overview(doc: AnalyzedDocument): ModelOverview | undefined {
  const model = doc.model;
  if (!model) return undefined;
  return { spaces: spaceGroups(model.views.flatMap((v) => v.spaces)), views: model.views, blocks: model.blocks, gpaSpace: model.gpaSpace };
}

function mapData(doc: AnalyzedDocument, asked: string | undefined): MapData | undefined {
  const model = doc.model;
  if (!model) return undefined;
  const spaces = model.views.flatMap((v) => v.spaces.map((s) => s.name));
  const space = asked ?? model.gpaSpace ?? spaces[0];
  return { space, spaces, view: viewOf(model.views, space), root: spaceNamed(model.views, space)?.root, blocks: model.blocks };
}

function analyse(text: string, options: AnalyseOptions = {}): Analysis {
  return new Analysis(analyzeDocument(text, resolveKind(text, options.claimed), options.limit));
}

/** Makes the language service. It keeps nothing between calls: each analysis holds its own data. */
export function createLanguageService(): LanguageService {
  return {
    analyse,
    hover: (a, lineText, line, col) => hoverAt(a.index, lineText, line, col),
    symbols: (a, text) => documentSymbols(a.doc, splitLines(text).lines),
    tokens: (a, text) => semanticTokens(a.doc, splitLines(text).lines),
    inlayHints: (a, fromLine, toLine) => inlayHints(a.index, fromLine, toLine),
    lenses: (a) => codeLenses(a.doc),
    folding: (a) => foldingRanges(a.doc),
    definition: (a, line, col) => definitionAt(a.index, line, col),
    references: (a, line, col, includeDeclaration) => referencesAt(a.index, line, col, includeDeclaration),
    completion: (a, lineText, line, col, trigger) => completeLayout(a.index, lineText, col, line, trigger),
    completionTriggers: COMPLETION_TRIGGERS,
    prepareRename: (a, line, col) => prepareRename(a.index, line, col),
    rename: (a, line, col, newName) => renameRegion(a.index, line, col, newName),
    actions: (a, fromLine, toLine) => codeActionsFor(a.index, a.doc.issues.filter((i) => i.span.line <= toLine && i.span.endLine >= fromLine)),
    formatting: (a, text) => {
      const formatted = a.doc.kind === 'layout' ? formatLayout(text) : undefined;
      return formatted === text ? undefined : formatted;
    },
    reflatten: (a) => reflattenAnswer(a.doc),
    overview: (a) => overview(a.doc),
    mapData: (a, space) => mapData(a.doc, space),
    convert: (a, options) => (a.doc.capture ? captureToLayout(a.doc.capture, options) : undefined),
    translate: (a, direction, address, space) => (a.doc.model ? translateAnswer(a.doc.model, direction, address, space) : undefined),
    gpa2hva: (a, gpas, space) => {
      const model = a.doc.model;
      return model && gpas.map((g) => gpa2hva(model, g, space ?? model.gpaSpace));
    },
    hva2gpa: (a, hvas) => {
      const model = a.doc.model;
      return model && hvas.map((hva) => ({ hva, ...hva2gpa(model, hva) }));
    },
    why: (a, addr, space) => (a.doc.model ? whyAnswer(a.doc.model, space ?? a.doc.model.gpaSpace, addr) : undefined),
    space: (a, name) => (a.doc.model ? spaceNamed(a.doc.model.views, name) : undefined),
    diff: (a, b, sides) => diffAnswer(a.doc, b.doc, sides),
  };
}

export { Analysis };
export type { AnalyzedDocument, DocumentKind, AnalysisLimit, HoverResult, OutlineSymbol, SemanticToken, InlayHintSpec, LensSpec, FoldRange, CompletionItemData, TextEdit, CodeActionData, ReflattenAnswer, TranslateAnswer, TranslateDirection, WhyAnswer, DiffAnswer, ConvertOptions, ConvertResult, Gpa2hvaResult, HvaHit };
export type { OutlineKind } from './features/symbols';
export type { MemoryModel } from './engine/memory-model';
export type { Mr } from './engine/mr';
export type { ComputedView };
export type { FlatRange } from './engine/flatten';
export type { Placement } from './features/regions';

/** The token types and modifiers `tokens` uses, in the order the server's legend announces them. */
export { TOKEN_MODIFIERS, TOKEN_TYPES } from './features/tokens';

/** How front ends word a region's and a flat range's type, as `info mtree` prints them. */
export { regionTypeWord } from './engine/mr';
export { flatRangeType } from './engine/views';

// Whole-file tools the CLI runs besides the service's questions: each reads or prints one kind of text.
export { parseCapture } from './capture/parse';
export { summarizeCapture } from './capture/summary';
export { parseLayout } from './layout/parser';
export { formatLayout };
export { captureToLayout };
export { formatFlatViews, formatFlatRange } from './engine/views';
export { formatGpa2hva } from './engine/translate';
export { formatRamblock } from './engine/ramblock-format';
export { ramListFromSection } from './engine/ramblock-format';
export { replayTrace } from './engine/ramlist-replay';
export type { RamList } from './engine/ramlist';
export { diffDocuments } from './diff/diff';
export { isEmptyDiff, isIncomparable } from './diff/types';
export { formatDiff, diffToJson } from './diff/format';
export { lintJson, lintSarif, type LintedFile } from './report/lint-report';
export { parseRuleDocs, type RuleDoc } from './report/rule-docs';
export { LiveCaptureError } from './live/transcript';
