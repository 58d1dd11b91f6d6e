import { formatSize } from './model/address';
import type { Issue } from './model/issues';
import { makeIssue } from './model/issues';

/** What part of a document to analyse when it is bigger than a limit. */
export interface AnalysisLimit {
  /** The most UTF-16 characters to analyse; whole lines only. */
  readonly maxChars: number;
  /** How to raise the limit, as the caller's user would do it (a setting, an option); added to CAP005. */
  readonly raise?: string;
}

/** The part of a text that is analysed, and CAP005 at the first line left out when it is not all of it. */
export interface LimitedText {
  readonly text: string;
  readonly issue: Issue | undefined;
}

/**
 * Cuts a text at the last line end within `limit.maxChars` characters (a text within the limit is
 * returned as is). The cut text keeps its line numbers, so everything found in it points at the
 * document itself; CAP005 sits on the first line that was left out.
 */
export function limitText(text: string, limit: AnalysisLimit | undefined): LimitedText {
  if (!limit || text.length <= limit.maxChars) return { text, issue: undefined };
  const max = Math.max(0, Math.floor(limit.maxChars));
  // Line ends are LF or CRLF, or CR alone in CR-only files (which the capture reader splits at CR).
  let cut = text.lastIndexOf('\n', max - 1) + 1;
  const crOnly = cut === 0 && text.indexOf('\n') < 0;
  if (crOnly) cut = text.lastIndexOf('\r', max - 1) + 1;
  const kept = text.slice(0, cut);
  const breaks = countOf(kept, crOnly ? '\r' : '\n');
  const lineEnd = text.indexOf(crOnly ? '\r' : '\n', cut);
  const firstLeftOut = text.slice(cut, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  const span = { line: breaks, col: 0, endLine: breaks, endCol: Math.min(firstLeftOut.length, 200) };
  const args: Record<string, string> = { limit: formatSize(BigInt(max)), lines: String(breaks) };
  if (limit.raise) args.raise = limit.raise;
  return { text: kept, issue: makeIssue('CAP005', span, args) };
}

function countOf(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}
