import type { Issue, IssueCode } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { PromptLine } from '../model/capture';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';

/**
 * Splits text at LF, CRLF and lone CR; reports whether any lone CR ended a line. Linear: the line ends
 * are found with indexOf (native, many times faster than a charCodeAt loop over every character), and
 * the search for the next CR only restarts once the cursor has passed the last one found.
 */
export function splitLines(text: string): { lines: string[]; crOnly: boolean } {
  const lines: string[] = [];
  let crOnly = false;
  let start = 0;
  let cr = text.indexOf('\r');
  if (cr < 0) {
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lines.push(text.slice(start, nl));
      start = nl + 1;
    }
  } else {
    let nl = text.indexOf('\n');
    for (;;) {
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
      if (nl >= 0 && nl < start) nl = text.indexOf('\n', start);
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        lines.push(text.slice(start, cr));
        if (nl === cr + 1) start = cr + 2;
        else {
          crOnly = true;
          start = cr + 1;
        }
      } else if (nl >= 0) {
        lines.push(text.slice(start, nl));
        start = nl + 1;
      } else break;
    }
  }
  lines.push(text.slice(start));
  // A final line end does not start an empty last line worth reading.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return { lines, crOnly };
}

/** The parse state shared by the format parsers: the lines, a cursor, the issues and id counter. */
export class LineReader {
  pos = 0;
  readonly issues: Issue[] = [];
  readonly prompts: PromptLine[] = [];
  private nextRegionId = 1;

  constructor(readonly lines: readonly string[]) {}

  /** True when the cursor is past the last line. */
  get done(): boolean {
    return this.pos >= this.lines.length;
  }

  /** The current line ('' past the end). */
  get line(): string {
    return this.lines[this.pos] ?? '';
  }

  /** The line at `i` ('' past the end). */
  at(i: number): string {
    return this.lines[i] ?? '';
  }

  /** A fresh id for a region node. */
  regionId(): number {
    return this.nextRegionId++;
  }

  /** Records an issue on the current line, or on the given span. */
  report(code: IssueCode, span: Span, args: Record<string, string> = {}): void {
    this.issues.push(makeIssue(code, span, args));
  }

  /** Span of the whole current line. */
  lineSpan(i = this.pos): Span {
    return lineSpan(i, 0, this.at(i).length);
  }

  /** Span covering lines [from, to] (inclusive), whole lines. */
  blockSpan(from: number, to: number): Span {
    return { line: from, col: 0, endLine: to, endCol: this.at(to).length };
  }
}

/** True for a line that holds nothing but white space. */
export function isBlank(line: string): boolean {
  // Most lines start with a visible character: answer those without trimming a copy.
  const c = line.charCodeAt(0);
  if (c > 32 && c < 127) return false;
  return line.trim().length === 0;
}
