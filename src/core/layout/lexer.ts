import type { Span } from '../model/span';
import { lineSpan } from '../model/span';

/** A token of the layout language. */
export interface Token {
  readonly kind: 'word' | 'string' | 'number' | 'punct' | 'id' | 'bad';
  /** The word, the unquoted string, the number's text, the punctuation, or the id without `$`. */
  readonly text: string;
  /** Numbers only: the value (undefined when out of range or malformed). */
  readonly value?: bigint;
  readonly span: Span;
  /** First token on its line (used for error recovery). */
  readonly startsLine: boolean;
  /** Problem found while lexing it. */
  readonly problem?: 'unterminated-string' | 'bad-number' | 'bad-char';
}

/** A comment found while lexing. */
export interface LexComment {
  readonly text: string;
  readonly span: Span;
  readonly trailing: boolean;
}

const UNITS: Readonly<Record<string, bigint>> = { K: 10n, M: 20n, G: 30n, T: 40n, P: 50n, E: 60n };

/** Character classes by char code (ASCII only; everything else is in no class). */
const WORD_START = 1;
const WORD_CHAR = 2;
const NUMBER_CHAR = 4;
/** Characters that end a run of bad characters: white space, `"#$`, word and number characters, punctuation. */
const NOT_BAD = 8;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let k = 0;
  if (/[A-Za-z_]/.test(ch)) k |= WORD_START;
  if (/[A-Za-z0-9_.\-/:@[\]]/.test(ch)) k |= WORD_CHAR;
  if (/[0-9A-Za-z_]/.test(ch)) k |= NUMBER_CHAR;
  if (/[\s"#$A-Za-z0-9_{}@+\-*()]/.test(ch)) k |= NOT_BAD;
  CLASS[c] = k;
}

function hasClass(c: number, k: number): boolean {
  return c < 128 && ((CLASS[c] as number) & k) !== 0;
}

/** True for a character outside ASCII that the old per-character \s test counted as white space (ends a bad run). */
function isOtherSpace(c: number): boolean {
  return c >= 128 && /\s/.test(String.fromCharCode(c));
}

/** Digit counts that a double holds exactly: 13 hex digits (2^52), 15 decimal ones. */
const EXACT_HEX = 13;
const EXACT_DEC = 15;

/** Reads a number token's value: hex or decimal digits (with `_`), then an optional binary unit. */
function numberValue(text: string): bigint | undefined {
  // By hand, what /^(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)([KMGTPEkmgtpe](?:iB|B)?)?$/ accepts. The one case
  // where that pattern backtracks (hex digits ending in E before "iB") is E after hex: refused either way.
  const n = text.length;
  const hex = n >= 2 && text.charCodeAt(0) === 48 && (text.charCodeAt(1) | 0x20) === 120;
  const from = hex ? 2 : 0;
  let i = from;
  let underscores = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 95) underscores++;
    else if (!((c >= 48 && c <= 57) || (hex && (c | 0x20) >= 97 && (c | 0x20) <= 102))) break;
  }
  if (i === from || (!hex && text.charCodeAt(0) === 95)) return undefined;
  let shift: bigint | undefined;
  if (i < n) {
    shift = UNITS[text[i]?.toUpperCase() ?? ''];
    const rest = n - i - 1;
    if (shift === undefined || !(rest === 0 || (rest === 1 && text.endsWith('B')) || (rest === 2 && text.endsWith('iB')))) return undefined;
    if (hex && shift === 60n) return undefined;
  }
  const run = text.slice(from, i);
  const digits = underscores > 0 ? run.replace(/_/g, '') : run;
  if (digits.length === 0 || from + digits.length > 40) return undefined;
  // Short numbers go through an exact double: much cheaper than BigInt of a string.
  let v = hex
    ? digits.length <= EXACT_HEX ? BigInt(parseInt(digits, 16)) : BigInt('0x' + digits)
    : digits.length <= EXACT_DEC ? BigInt(Number(digits)) : BigInt(digits);
  if (shift !== undefined) v <<= shift;
  return v;
}

/** Splits layout text into tokens and comments. Linear, never throws. */
export function lex(lines: readonly string[]): { tokens: Token[]; comments: LexComment[] } {
  const tokens: Token[] = [];
  const comments: LexComment[] = [];
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln] as string;
    const n = line.length;
    let i = 0;
    let first = true;
    while (i < n) {
      const c = line.charCodeAt(i);
      // ' ', '\t', '\f', '\v'
      if (c === 32 || c === 9 || c === 12 || c === 11) {
        i++;
        continue;
      }
      const start = i;
      const startsLine = first;
      first = false;
      if (c === 35 /* # */) {
        comments.push({ text: line.slice(i), span: lineSpan(ln, i, n), trailing: !startsLine });
        break;
      }
      if (c === 34 /* " */) {
        let text = '';
        i++;
        let closed = false;
        let run = i;
        while (i < n) {
          const d = line.charCodeAt(i);
          if (d === 92 /* \ */ && i + 1 < n) {
            text += line.slice(run, i) + line[i + 1];
            i += 2;
            run = i;
          } else if (d === 34) {
            closed = true;
            break;
          } else i++;
        }
        text += line.slice(run, i);
        if (closed) i++;
        const span = lineSpan(ln, start, i);
        tokens.push(closed ? { kind: 'string', text, span, startsLine } : { kind: 'string', text, span, problem: 'unterminated-string', startsLine });
        continue;
      }
      if (c >= 48 && c <= 57) {
        while (i < n && hasClass(line.charCodeAt(i), NUMBER_CHAR)) i++;
        const text = line.slice(start, i);
        const value = numberValue(text);
        const span = lineSpan(ln, start, i);
        tokens.push(value !== undefined ? { kind: 'number', text, value, span, startsLine } : { kind: 'number', text, problem: 'bad-number', span, startsLine });
        continue;
      }
      if (c === 36 /* $ */ || hasClass(c, WORD_START)) {
        // A word ends before "->" so that `a->b` reads as an alias arrow.
        if (c === 36) i++;
        for (;;) {
          const d = line.charCodeAt(i);
          if (i >= n || !hasClass(d, WORD_CHAR) || (d === 45 && line.charCodeAt(i + 1) === 62)) break;
          i++;
        }
        const span = lineSpan(ln, start, i);
        tokens.push(c === 36 ? { kind: 'id', text: line.slice(start + 1, i), span, startsLine } : { kind: 'word', text: line.slice(start, i), span, startsLine });
        continue;
      }
      if (c === 45 && line.charCodeAt(i + 1) === 62) {
        i += 2;
        tokens.push({ kind: 'punct', text: '->', span: lineSpan(ln, start, i), startsLine });
        continue;
      }
      const ch = line[i] as string;
      if ('{}@+-*()'.includes(ch)) {
        i++;
        tokens.push({ kind: 'punct', text: ch, span: lineSpan(ln, start, i), startsLine });
        continue;
      }
      // Anything else: one bad token for the run of such characters (one typo, one diagnostic). The
      // first one is always taken: a white space that is not a separator (NBSP, a BOM) used to match
      // the stop test at once, make an empty token and never move on.
      i++;
      for (;;) {
        if (i >= n) break;
        const d = line.charCodeAt(i);
        if (hasClass(d, NOT_BAD) || isOtherSpace(d)) break;
        i++;
      }
      tokens.push({ kind: 'bad', text: line.slice(start, i), span: lineSpan(ln, start, i), problem: 'bad-char', startsLine });
    }
  }
  return { tokens, comments };
}
