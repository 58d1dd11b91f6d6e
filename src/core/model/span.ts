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
