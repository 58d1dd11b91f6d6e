/**
 * Runs every consumer of a document over one text, the way the server and the CLI would: analysis, the
 * engine (reflatten, translate, why, convert, format, JSON), and each editor feature at given positions.
 * Checks what must hold for any input: nothing throws, every span points into the text, formatting is
 * stable, a conversion is a layout that parses.
 */
import assert from 'node:assert/strict';
import type { AnalyzedDocument, DocumentKind, Issue, Span } from '../../src/core';
import {
  analyzeDocument, captureToLayout, diffFlatViews, formatFlatViews, formatGpa2hva, formatLayout, formatWhy, gpa2hva, hva2gpa,
  parseLayout, reflattenCapture, resolveKind, splitLines, toJsonData, whyAddress,
} from '../../src/core';
import { codeActionsFor } from '../../src/core/features/actions';
import { COMPLETION_TRIGGERS, completeLayout } from '../../src/core/features/completion';
import { foldingRanges } from '../../src/core/features/folding';
import { hoverAt } from '../../src/core/features/hover';
import { inlayHints } from '../../src/core/features/inlay';
import { codeLenses } from '../../src/core/features/lens';
import { DocumentIndex } from '../../src/core/features/locate';
import { definitionAt, referencesAt } from '../../src/core/features/navigation';
import { prepareRename, renameRegion } from '../../src/core/features/rename';
import { documentSymbols } from '../../src/core/features/symbols';
import { semanticTokens } from '../../src/core/features/tokens';
import { EDGE_NUMBERS } from './corpus';

/** A cursor position; both are taken modulo the text's size, so any pair of naturals will do. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/**
 * Asserts that a span lies inside the lines of the text (an end one past the last line is the end of the
 * text). `what` names the span's owner; a function is called only on failure, so that the checks of a big
 * document do not build a message per span (the hostile benchmark times this harness).
 */
export function assertSpanIn(span: Span, lines: readonly string[], what: string | (() => string)): void {
  const ok = Number.isInteger(span.line) && Number.isInteger(span.col) && span.line >= 0 && span.col >= 0
    && span.endLine >= span.line && span.endLine <= lines.length && (span.endLine > span.line || span.endCol >= span.col);
  if (!ok) assert.fail(`${typeof what === 'string' ? what : what()}: span ${JSON.stringify(span)} outside ${lines.length} lines`);
}

function checkIssues(issues: readonly Issue[], lines: readonly string[]): void {
  for (const i of issues) {
    assertSpanIn(i.span, lines, i.code);
    assert.ok(i.message.length > 0, `${i.code} has a message`);
  }
}

/** Every engine call a model allows, at addresses from the model and at 2^64 edges. */
function exerciseModel(doc: AnalyzedDocument, outputs: boolean): void {
  const model = doc.model;
  if (!model) return;
  formatFlatViews(model.views);
  if (doc.capture) diffFlatViews(model.views, doc.capture.sections.flatMap((s) => (s.kind === 'flatview' ? s.views : [])));
  const addrs = new Set<bigint>(EDGE_NUMBERS.filter((v) => v < 1n << 64n));
  for (const v of model.views.slice(0, 4)) for (const r of v.ranges.slice(0, 8)) addrs.add(r.start).add(r.start + r.size - 1n);
  for (const b of model.blocks.slice(0, 8)) if (b.hva !== undefined) addrs.add(b.hva);
  for (const base of [...model.bases.values()].slice(0, 8)) addrs.add(base.base);
  for (const a of [...addrs].slice(0, 48)) {
    formatGpa2hva(gpa2hva(model, a));
    hva2gpa(model, a);
    if (outputs) for (const v of model.views.slice(0, 3)) for (const s of v.spaces.slice(0, 2)) if (s.root) formatWhy(whyAddress(s.root, a, 10_000));
  }
}

/** The editor features over an analysed document, at the given positions. */
function exerciseFeatures(doc: AnalyzedDocument, lines: readonly string[], positions: readonly Position[]): void {
  const index = new DocumentIndex(doc);
  const symbols = [...documentSymbols(doc, lines)];
  for (let s = symbols.pop(); s; s = symbols.pop()) {
    assertSpanIn(s.span, lines, () => `symbol ${s.name}`);
    assertSpanIn(s.selectionSpan, lines, () => `symbol ${s.name}`);
    for (const c of s.children) symbols.push(c);
  }
  for (const t of semanticTokens(doc, lines)) if (!(t.line >= 0 && t.line < lines.length && t.col >= 0 && t.length >= 0)) assert.fail(`token ${JSON.stringify(t)}`);
  for (const f of foldingRanges(doc)) if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lines.length)) assert.fail(`fold ${JSON.stringify(f)}`);
  for (const l of codeLenses(doc)) assertSpanIn(l.span, lines, 'lens');
  codeActionsFor(index, doc.issues);
  inlayHints(index, 0, lines.length);
  for (const p of positions) {
    const line = p.line % lines.length;
    const text = lines[line] ?? '';
    const col = p.col % (text.length + 2);
    const h = hoverAt(index, text, line, col);
    if (h) assertSpanIn(h.span, lines, 'hover');
    for (const s of definitionAt(index, line, col)) assertSpanIn(s, lines, 'definition');
    for (const s of referencesAt(index, line, col, true)) assertSpanIn(s, lines, 'reference');
    const r = prepareRename(index, line, col);
    if (r) for (const e of renameRegion(index, line, col, 'renamed')) assertSpanIn(e.span, lines, 'rename edit');
    if (doc.kind === 'layout') {
      // As asked for, and as opened by each trigger character (cycle-free targets, free addresses).
      completeLayout(index, text, col, line);
      for (const trigger of COMPLETION_TRIGGERS) completeLayout(index, text, col, line, trigger);
    }
  }
}

/** What a layout text must satisfy besides not throwing: formatting is stable. */
function exerciseLayoutText(text: string): void {
  const once = formatLayout(text);
  if (once !== undefined) assert.equal(formatLayout(once), once, 'formatting a formatted layout changes nothing');
}

/** What a capture must satisfy besides not throwing: its JSON is plain data, its conversion a layout without syntax errors. */
function exerciseCapture(doc: AnalyzedDocument): void {
  const capture = doc.capture;
  if (!capture) return;
  toJsonData(capture);
  reflattenCapture(capture);
  const converted = captureToLayout(capture, { source: 'fuzz' });
  if (converted) {
    const syntax = parseLayout(converted.text).issues.filter((i) => i.severity === 'error');
    assert.deepEqual(syntax.map((i) => `${i.code}@${i.span.line + 1}:${i.span.col + 1} ${i.message}`), [], 'the converted layout parses');
  }
}

/**
 * Everything, for a text read as `kind` (by content when not given). Without `outputs`, leaves out what
 * writes one line per level of nesting indented by its depth (formatting, convert, why): their answer, and
 * so their time, grows with the square of the depth.
 */
export function exercise(text: string, positions: readonly Position[] = [], kind?: DocumentKind, outputs = true): AnalyzedDocument {
  const { lines } = splitLines(text);
  const doc = analyzeDocument(text, resolveKind(text, kind));
  checkIssues(doc.issues, lines);
  exerciseModel(doc, outputs);
  exerciseFeatures(doc, lines, positions);
  if (!outputs) return doc;
  if (doc.kind === 'layout') exerciseLayoutText(text);
  else exerciseCapture(doc);
  return doc;
}
