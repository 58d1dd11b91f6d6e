import type { AnalyzedDocument, Issue, MemoryModel } from '../core';
import { analyzeDocument } from '../core';
import type { Io } from './io';
import { tryRead } from './io';

/** A capture or layout (told apart by content), analysed; undefined when unreadable. */
export function loadDocument(io: Io, path: string): AnalyzedDocument | undefined {
  const text = tryRead(io, path);
  return text === undefined ? undefined : analyzeDocument(text);
}

/** The translation model of a capture or layout, or undefined after telling the user why not. */
export function loadModel(io: Io, path: string): MemoryModel | undefined {
  const doc = loadDocument(io, path);
  if (!doc) return undefined;
  if (!doc.model) io.err(`qemu-memmap: ${path} has neither an info mtree tree nor an info mtree -f flat view\n`);
  return doc.model;
}

/** One issue as `PATH:LINE:COL: SEVERITY CODE: message` (1-based), the format editors and CI parse. */
export function formatIssue(path: string, issue: Issue): string {
  return `${path}:${issue.span.line + 1}:${issue.span.col + 1}: ${issue.severity} ${issue.code}: ${issue.message}`;
}

/** Writes the errors and warnings among `issues` to stderr (hints and notes stay quiet on the CLI). */
export function reportProblems(io: Io, path: string, issues: readonly Issue[]): void {
  for (const i of issues) if (i.severity === 'error' || i.severity === 'warning') io.err(formatIssue(path, i) + '\n');
}
