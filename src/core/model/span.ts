/** A half-open range of text: 0-based lines, 0-based UTF-16 columns, end exclusive. */
export interface Span {
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

/** A span inside one line. */
export function lineSpan(line: number, col: number, endCol: number): Span {
  return { line, col, endLine: line, endCol };
}

/** Orders positions by where they start: line, then column (for sort). */
export function compareStarts(a: { readonly line: number; readonly col: number }, b: { readonly line: number; readonly col: number }): number {
  return a.line - b.line || a.col - b.col;
}

/** Orders things with a span by where it starts (issues, for sort). */
export function compareBySpan(a: { readonly span: Span }, b: { readonly span: Span }): number {
  return compareStarts(a.span, b.span);
}

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}

/** True when the position (line, col) lies in the span (end inclusive, so a cursor right after a word counts). */
export function spanContains(s: Span, line: number, col: number): boolean {
  if (line < s.line || line > s.endLine) return false;
  if (line === s.line && col < s.col) return false;
  if (line === s.endLine && col > s.endCol) return false;
  return true;
}

/** `line:col` of a span's start: the key of what is written there. */
export function spanKey(s: Span): string {
  return `${s.line}:${s.col}`;
}
