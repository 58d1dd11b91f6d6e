import type { Capture, CaptureSection, Issue } from '../../src/core';

/** The sections of one kind, typed. */
export function sectionsOf<K extends CaptureSection['kind']>(c: Capture, kind: K): Extract<CaptureSection, { kind: K }>[] {
  return c.sections.filter((s): s is Extract<CaptureSection, { kind: K }> => s.kind === kind);
}

/** `CODE@line:col` (1-based) for each issue: compact for assertions. */
export function codesAt(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.code}@${i.span.line + 1}:${i.span.col + 1}`);
}

/** Issues at error severity. */
export function errorsOf(c: Capture): Issue[] {
  return c.issues.filter((i) => i.severity === 'error');
}

/** Joins lines with LF (test texts are written as arrays for readability). */
export function lines(...ls: string[]): string {
  return ls.join('\n') + '\n';
}
