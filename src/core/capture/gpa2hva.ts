import type { Gpa2hvaAnswer, Gpa2hvaSection } from '../model/capture';
import { U64_MAX } from '../model/address';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';
import type { LineReader } from './lines';
import { isBlank } from './lines';
import { hexValue } from './range-head';

const HVA_PREFIX = 'Host virtual address for ';
const NOT_RAM_PREFIX = 'Memory at address ';
const NOT_RAM_SUFFIX = ' is not RAM';
const UNMAPPED_PREFIX = 'No memory is mapped at address ';
const TOO_LARGE = 'number too large';
const TRY_HELP = 'Try "help gpa2hva" for more information';
const PROMPT = '(qemu)';
const COMMAND = 'gpa2hva';

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Keeps arguments of messages short when a field is absurdly long. */
function clip(text: string): string {
  return text.length > 48 ? text.slice(0, 45) + '…' : text;
}

/** True when `text` (already trimmed at the end) is one of QEMU's three answers, by its fixed words. */
function isAnswerText(text: string): boolean {
  return text.startsWith(HVA_PREFIX) || text.startsWith(UNMAPPED_PREFIX) || (text.startsWith(NOT_RAM_PREFIX) && text.endsWith(NOT_RAM_SUFFIX));
}

/** End column of a leading `0x…<TAB>` address column, or -1. */
function columnEnd(line: string): number {
  if (!line.startsWith('0x')) return -1;
  let i = 2;
  while (isHexDigit(line.charCodeAt(i))) i++;
  return i > 2 && line[i] === '\t' ? i : -1;
}

interface Prompt {
  readonly command: string;
  readonly argCol: number;
  readonly argText: string;
}

function readPrompt(line: string): Prompt | undefined {
  if (!line.startsWith(PROMPT)) return undefined;
  let c = PROMPT.length;
  while (isSpace(line[c])) c++;
  const cmdCol = c;
  if (!line.startsWith(COMMAND, c)) return undefined;
  c += COMMAND.length;
  if (c < line.length && !isSpace(line[c])) return undefined;
  while (isSpace(line[c])) c++;
  const rest = line.slice(c).trimEnd();
  return { command: line.slice(cmdCol).trimEnd(), argCol: c, argText: rest };
}

/** True for a gpa2hva answer line, a `0x…<TAB>answer` line, or a `(qemu) gpa2hva` prompt. */
export function startsGpa2hva(line: string): boolean {
  if (line.startsWith(PROMPT)) return readPrompt(line) !== undefined;
  const col = columnEnd(line);
  const text = (col >= 0 ? line.slice(col + 1) : line).trimEnd();
  return isAnswerText(text);
}

/**
 * The value HMP gives an address argument: it reads numbers with strtoull base 0, so `0x` is hex,
 * a leading 0 is octal and anything else decimal. 'big' past 2^64-1 (QEMU says "number too large");
 * undefined for an expression this tool does not evaluate.
 */
export function hmpNumber(text: string): bigint | 'big' | undefined {
  let digits: string;
  let radix: 16 | 8 | 10;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) [digits, radix] = [text.slice(2), 16];
  else if (/^0[0-7]*$/.test(text)) [digits, radix] = [text, 8];
  else if (/^[1-9][0-9]*$/.test(text)) [digits, radix] = [text, 10];
  else return undefined;
  if (radix === 16) return hexValue(digits);
  const trimmed = digits.replace(/^0+/, '');
  // 22 octal or 20 decimal digits already exceed 2^64-1; cap before BigInt to stay linear.
  if (trimmed.length > 22) return 'big';
  const v = trimmed === '' ? 0n : radix === 8 ? BigInt('0o' + trimmed) : BigInt(trimmed);
  return v > U64_MAX ? 'big' : v;
}

/** A `0x…` number at `col`: its value and end column, or why not. */
function readHex0x(text: string, col: number): { value: bigint | 'big'; end: number } | undefined {
  if (!text.startsWith('0x', col)) return undefined;
  let i = col + 2;
  while (isHexDigit(text.charCodeAt(i))) i++;
  const v = hexValue(text.slice(col + 2, i));
  return v === undefined ? undefined : { value: v, end: i };
}

type Parsed =
  | { readonly ok: true; readonly gpa: bigint; readonly gpaSpan: Span; readonly result: Gpa2hvaAnswer['result'] }
  | { readonly ok: false; readonly reason: string; readonly span: Span };

/** End of the token (run of non-space) that starts at `a`. */
function tokenEnd(text: string, a: number): number {
  let i = a;
  while (i < text.length && !isSpace(text[i])) i++;
  return i;
}

/** The results that carry nothing but their kind are shared. */
const NOT_RAM = { kind: 'not-ram' } as const;
const UNMAPPED = { kind: 'unmapped' } as const;

/** A failed parse: the reason and the columns [a, max(a, b)) of line `lineNo`. */
function fail(lineNo: number, reason: string, a: number, b: number): Parsed {
  return { ok: false, reason, span: lineSpan(lineNo, a, Math.max(a, b)) };
}

/** The guest address at `at` (after `what`): its value and end column, or the failure. */
function readGpa(text: string, lineNo: number, at: number, what: string): { gpa: bigint; end: number } | Parsed {
  const n = readHex0x(text, at);
  if (!n) return fail(lineNo, `expected the guest address (0x…) after "${what}"`, at, tokenEnd(text, at));
  if (n.value === 'big') return fail(lineNo, 'the guest address does not fit in 64 bits', at, n.end);
  return { gpa: n.value, end: n.end };
}

/** `PREFIX 0x… SUFFIX` answers (not RAM, nothing mapped). */
function simpleAnswer(text: string, lineNo: number, col: number, prefix: string, suffix: string, kind: 'not-ram' | 'unmapped'): Parsed {
  const g = readGpa(text, lineNo, col + prefix.length, 'address');
  if ('ok' in g) return g;
  if (text.length - g.end !== suffix.length || !text.endsWith(suffix)) {
    return fail(lineNo, suffix ? `expected "${suffix.trim()}" after the address` : 'unexpected text after the address', g.end, text.length);
  }
  return { ok: true, gpa: g.gpa, gpaSpan: lineSpan(lineNo, col + prefix.length, g.end), result: kind === 'not-ram' ? NOT_RAM : UNMAPPED };
}

/** Parses the answer that starts at `col` of line `lineNo` (trailing white space ignored). */
function parseAnswer(r: LineReader, lineNo: number, col: number): Parsed {
  const text = r.at(lineNo).trimEnd();
  if (text.startsWith(HVA_PREFIX, col)) {
    const g = readGpa(text, lineNo, col + HVA_PREFIX.length, 'for');
    if ('ok' in g) return g;
    if (!text.startsWith(' (', g.end)) return fail(lineNo, 'expected " (REGION)" after the address', g.end, tokenEnd(text, g.end + 1));
    // Region names may hold ") is " themselves; the host address always follows the last one.
    const close = text.lastIndexOf(') is ');
    if (close < g.end + 2) return fail(lineNo, 'expected ") is 0x…" after the region name', g.end, text.length);
    const hvaCol = close + ') is '.length;
    const hva = readHex0x(text, hvaCol);
    if (!hva || hva.end !== text.length) return fail(lineNo, `host address "${clip(text.slice(hvaCol))}" is not 0x-prefixed hex`, hvaCol, text.length);
    if (hva.value === 'big') return fail(lineNo, 'the host address does not fit in 64 bits', hvaCol, text.length);
    const regionCol = g.end + 2;
    return {
      ok: true,
      gpa: g.gpa,
      gpaSpan: lineSpan(lineNo, col + HVA_PREFIX.length, g.end),
      result: { kind: 'hva', region: text.slice(regionCol, close), hva: hva.value, regionSpan: lineSpan(lineNo, regionCol, close) },
    };
  }
  if (text.startsWith(NOT_RAM_PREFIX, col)) return simpleAnswer(text, lineNo, col, NOT_RAM_PREFIX, NOT_RAM_SUFFIX, 'not-ram');
  if (text.startsWith(UNMAPPED_PREFIX, col)) return simpleAnswer(text, lineNo, col, UNMAPPED_PREFIX, '', 'unmapped');
  return fail(lineNo, 'not one of QEMU\'s gpa2hva answers', col, text.length);
}

/** What was asked, if the text shows it. */
interface Ask {
  readonly value: bigint | 'big' | undefined;
  readonly text: string;
  readonly span: Span;
}

/**
 * Reads a run of gpa2hva questions and answers: `(qemu) gpa2hva ADDR` prompts with their answer,
 * `0x…<TAB>answer` lines and bare answers. Stops before the first line that is none of these.
 */
export function parseGpa2hva(r: LineReader): Gpa2hvaSection {
  const first = r.pos;
  let last = first;
  const answers: Gpa2hvaAnswer[] = [];

  const errorAnswer = (ask: Ask | undefined, msgLine: number, col: number, withTry: boolean): void => {
    const msg = r.at(msgLine).slice(col).trimEnd();
    const span: Span = withTry ? { line: msgLine, col, endLine: msgLine + 1, endCol: r.at(msgLine + 1).trimEnd().length } : lineSpan(msgLine, col, col + msg.length);
    r.report('GH003', span, { text: clip(msg) });
    // An error has no answered address; the asked one (0 when unknown) keeps the answer in file order.
    const gpa = typeof ask?.value === 'bigint' ? ask.value : 0n;
    answers.push({ gpa, result: { kind: 'error', text: msg }, span, ...(ask ? { askSpan: ask.span } : {}) });
    last = withTry ? msgLine + 1 : msgLine;
  };

  const answerAt = (ask: Ask | undefined, lineNo: number, col: number): void => {
    const p = parseAnswer(r, lineNo, col);
    last = lineNo;
    if (!p.ok) {
      r.report('GH001', p.span, { reason: p.reason });
      return;
    }
    if (ask && ask.value !== undefined && ask.value !== p.gpa) {
      r.report('GH002', p.gpaSpan, { answered: r.at(lineNo).slice(p.gpaSpan.col, p.gpaSpan.endCol), asked: clip(ask.text) });
    }
    const span = lineSpan(lineNo, col, r.at(lineNo).trimEnd().length);
    answers.push(ask ? { gpa: p.gpa, result: p.result, span, askSpan: ask.span } : { gpa: p.gpa, result: p.result, span });
  };

  const isTry = (i: number): boolean => i < r.lines.length && r.at(i).trim() === TRY_HELP;

  while (!r.done) {
    const i = r.pos;
    const line = r.line;
    const prompt = readPrompt(line);
    if (prompt) {
      r.prompts.push({ tool: 'qemu', command: prompt.command, span: r.lineSpan(i) });
      const ask: Ask = { value: hmpNumber(prompt.argText), text: prompt.argText, span: lineSpan(i, prompt.argCol, prompt.argCol + prompt.argText.length) };
      last = i;
      const next = r.at(i + 1).trimEnd();
      if (i + 1 < r.lines.length && isAnswerText(next)) {
        answerAt(ask, i + 1, 0);
      } else if (i + 1 < r.lines.length && !isBlank(next) && !next.startsWith(PROMPT) && (next === TOO_LARGE || isTry(i + 2))) {
        // Any HMP argument error is a message and then, usually, the "Try help" line.
        errorAnswer(ask, i + 1, 0, isTry(i + 2));
      } else if (isTry(i + 1)) {
        errorAnswer(ask, i + 1, 0, false);
      } else {
        r.report('GH001', r.lineSpan(i), { reason: 'the command has no answer' });
      }
    } else if (columnEnd(line) >= 0) {
      const col = columnEnd(line);
      const v = hexValue(line.slice(2, col));
      const ask: Ask = { value: v, text: line.slice(0, col), span: lineSpan(i, 0, col) };
      if (line.slice(col + 1).trimEnd() === TOO_LARGE) {
        errorAnswer(ask, i, col + 1, isTry(i + 1));
      } else answerAt(ask, i, col + 1);
    } else if (isAnswerText(line.trimEnd())) {
      answerAt(undefined, i, 0);
    } else if (i > first && line.trimEnd() === TOO_LARGE) {
      errorAnswer(undefined, i, 0, isTry(i + 1));
    } else {
      break;
    }
    r.pos = last + 1;
  }
  return { kind: 'gpa2hva', answers, span: r.blockSpan(first, last) };
}
