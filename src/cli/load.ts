import type { Analysis, AnalyzedDocument, MemoryModel } from '../core/service';
import { createLanguageService } from '../core/service';
import type { Issue } from '../core/model/issues';
import type { Io } from './io';
import { tryRead } from './io';

/** The core's language service, which every command asks. */
export const service = createLanguageService();

/** A capture or layout analysed whole (its kind told by its content). */
export function analyse(text: string): Analysis {
  return service.analyse(text);
}

/** A capture or layout (told apart by content), analysed; undefined when unreadable. */
export function loadDocument(io: Io, path: string): AnalyzedDocument | undefined {
  const text = tryRead(io, path);
  return text === undefined ? undefined : analyse(text).doc;
}

/** The analysis of a capture or layout and its memory model, or undefined after telling the user why not. */
export function loadModel(io: Io, path: string): { analysis: Analysis; model: MemoryModel } | undefined {
  const text = tryRead(io, path);
  if (text === undefined) return undefined;
  const analysis = analyse(text);
  const model = analysis.doc.model;
  if (!model) io.err(`qemu-memmap: ${path} has neither an info mtree tree nor an info mtree -f flat view\n`);
  return model && { analysis, model };
}

/** One issue as `PATH:LINE:COL: SEVERITY CODE: message` (1-based), the format editors and CI parse. */
export function formatIssue(path: string, issue: Issue): string {
  return `${path}:${issue.span.line + 1}:${issue.span.col + 1}: ${issue.severity} ${issue.code}: ${issue.message}`;
}

/** Writes the errors and warnings among `issues` to stderr (hints and notes stay quiet on the CLI). */
export function reportProblems(io: Io, path: string, issues: readonly Issue[]): void {
  for (const i of issues) if (i.severity === 'error' || i.severity === 'warning') io.err(formatIssue(path, i) + '\n');
}
