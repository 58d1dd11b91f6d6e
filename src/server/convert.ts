import type { Diagnostic, Range } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Issue } from '../core/model/issues';
import type { Span } from '../core/model/span';

/** A core span as an LSP range. */
export function toRange(s: Span): Range {
  return { start: { line: s.line, character: s.col }, end: { line: s.endLine, character: s.endCol } };
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** A core issue as an LSP diagnostic (code, related locations in the same document, "unnecessary" tag). */
export function toDiagnostic(uri: string, issue: Issue): Diagnostic {
  return {
    range: toRange(issue.span),
    severity: SEVERITY[issue.severity],
    code: issue.code,
    source: 'qemu-memmap',
    message: issue.message,
    ...(issue.related?.length ? { relatedInformation: issue.related.map((r) => ({ location: { uri, range: toRange(r.span) }, message: r.message })) } : {}),
    ...(issue.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}
