import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzedDocument, Span } from '../../../src/core';
import { analyzeDocument, splitLines } from '../../../src/core';
import type { OutlineSymbol } from '../../../src/core/features/symbols';
import type { FoldRange } from '../../../src/core/features/folding';
import type { SemanticToken } from '../../../src/core/features/tokens';
import { encodeSemanticTokens, semanticTokenLegend } from '../../../src/server/tokens';
import { decodeSemanticTokens } from './semantic-tokens';
import { FIXTURES, repoRoot } from '../../shared/fixtures';

// The documents the outline, folding, token, hint and lens tests read, and the checks that what those
// features give is well formed.

export const fixture = (v: string, c: string, ...files: string[]): string => files.map((f) => readFileSync(join(FIXTURES, v, c, f), 'utf8')).join('\n');
export const PC4G = fixture('qemu-10.0', 'x86_64-pc-4G', 'mtree-D.txt', 'mtree-f.txt', 'ramblock.txt', 'gpa2hva.txt', 'trace.txt');
export const BOARD = readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8');

interface Doc {
  readonly doc: AnalyzedDocument;
  readonly lines: string[];
}

export function read(text: string): Doc {
  return { doc: analyzeDocument(text), lines: splitLines(text).lines };
}

/** The line index of the first line containing `needle` (after `from`). */
export function lineOf(lines: readonly string[], needle: string, from = 0): number {
  const i = lines.findIndex((l, n) => n >= from && l.includes(needle));
  assert.ok(i >= 0, `no line contains ${needle}`);
  return i;
}

function startsBefore(a: Span, b: Span): boolean {
  return a.line < b.line || (a.line === b.line && a.col <= b.col);
}

function endsAfter(a: Span, b: Span): boolean {
  return a.endLine > b.endLine || (a.endLine === b.endLine && a.endCol >= b.endCol);
}

/** Every symbol, with its parent, iteratively. */
function walk(symbols: readonly OutlineSymbol[]): { s: OutlineSymbol; parent: OutlineSymbol | undefined; depth: number }[] {
  const out: { s: OutlineSymbol; parent: OutlineSymbol | undefined; depth: number }[] = [];
  const stack = symbols.map((s) => ({ s, parent: undefined as OutlineSymbol | undefined, depth: 0 })).reverse();
  while (stack.length > 0) {
    const e = stack.pop() as (typeof stack)[number];
    out.push(e);
    for (let i = e.s.children.length - 1; i >= 0; i--) stack.push({ s: e.s.children[i] as OutlineSymbol, parent: e.s, depth: e.depth + 1 });
  }
  return out;
}

export function child(s: OutlineSymbol | undefined, name: string): OutlineSymbol {
  const c = s?.children.find((x) => x.name === name);
  assert.ok(c, `${s?.name ?? '(top)'} has no child ${name}: ${s?.children.map((x) => x.name).join(', ')}`);
  return c;
}

/** Symbols are well formed: names non-empty, selection inside range, children inside parents. */
export function checkSymbols(symbols: readonly OutlineSymbol[], where: string): void {
  for (const { s, parent } of walk(symbols)) {
    assert.ok(s.name.length > 0, `${where}: empty name`);
    assert.ok(startsBefore(s.span, s.selectionSpan) && endsAfter(s.span, s.selectionSpan), `${where}: selection of ${s.name} outside its range`);
    if (parent) assert.ok(startsBefore(parent.span, s.span) && endsAfter(parent.span, s.span), `${where}: ${s.name} outside ${parent.name}`);
  }
}

/** Folds are sorted, one per start line, non-empty and properly nested. */
export function checkFolds(folds: readonly FoldRange[], lineCount: number, where: string): void {
  const open: FoldRange[] = [];
  let prev = -1;
  for (const f of folds) {
    assert.ok(f.startLine > prev, `${where}: folds not sorted or two start at ${f.startLine}`);
    assert.ok(f.endLine > f.startLine && f.endLine < lineCount, `${where}: bad fold ${f.startLine}-${f.endLine}`);
    while (open.length > 0 && (open[open.length - 1] as FoldRange).endLine < f.startLine) open.pop();
    const outer = open[open.length - 1];
    if (outer) assert.ok(f.endLine <= outer.endLine, `${where}: fold ${f.startLine}-${f.endLine} crosses ${outer.startLine}-${outer.endLine}`);
    open.push(f);
    prev = f.startLine;
  }
}

/** Tokens are sorted, inside their line, never overlap, and survive the wire encoding. */
export function checkTokens(tokens: readonly SemanticToken[], lines: readonly string[], where: string): void {
  let line = -1;
  let end = 0;
  for (const t of tokens) {
    assert.ok(t.line > line || (t.line === line && t.col >= end), `${where}: token at ${t.line}:${t.col} overlaps or is out of order`);
    assert.ok(t.length > 0 && t.col + t.length <= (lines[t.line] ?? '').length, `${where}: token at ${t.line}:${t.col} leaves its line`);
    assert.ok(semanticTokenLegend.tokenTypes.includes(t.type));
    line = t.line;
    end = t.col + t.length;
  }
  assert.deepEqual(decodeSemanticTokens(encodeSemanticTokens(tokens)), tokens.map((t) => ({ ...t, modifiers: [...t.modifiers] })));
}

/** The tokens of one line as `text:type[+modifier…]`. */
export function tokensOn(tokens: readonly SemanticToken[], lines: readonly string[], line: number): string[] {
  return tokens.filter((t) => t.line === line).map((t) => `${(lines[line] ?? '').slice(t.col, t.col + t.length)}:${[t.type, ...t.modifiers].join('+')}`);
}
