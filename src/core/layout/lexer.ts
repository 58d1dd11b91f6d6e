import type { Span } from '../model/span';
import { lineSpan } from '../model/span';
import { LAYOUT_KEYWORDS } from './keywords';

type TokenKind = 'word' | 'string' | 'number' | 'punct' | 'id' | 'bad';
type TokenProblem = 'unterminated-string' | 'bad-number' | 'bad-char';

/**
 * A token of the layout language. One class, every field always set: the parser reads one shape. It
 * keeps its columns and makes its span when asked (most tokens' spans are never read).
 */
export class Token {
  constructor(
    readonly kind: TokenKind,
    /** The word, the unquoted string, the number's text, the punctuation, or the id without `$`. */
    readonly text: string,
    /** The 0-based line, and the columns it covers (end exclusive). */
    readonly line: number,
    readonly col: number,
    readonly endCol: number,
    /** First token on its line (used for error recovery). */
    readonly startsLine: boolean,
    /** Numbers only: the value (undefined when out of range or malformed). */
    readonly value: bigint | undefined = undefined,
    /** Problem found while lexing it. */
    readonly problem: TokenProblem | undefined = undefined,
  ) {}

  /** Each read gives a new object (equal, not the same). */
  get span(): Span {
    return lineSpan(this.line, this.col, this.endCol);
  }
}

/** A comment found while lexing. */
export interface LexComment {
  readonly text: string;
  readonly span: Span;
  readonly trailing: boolean;
}

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

/** The one-character punctuation tokens, by char code (each text made once). */
const PUNCT: readonly (string | undefined)[] = Array.from({ length: 128 }, (_, c) => ('{}@+-*()'.includes(String.fromCharCode(c)) ? String.fromCharCode(c) : undefined));

/** The language's words, by length: a word token that is one of them shares its text instead of a copy. */
const WORDS_BY_LENGTH: readonly (readonly string[])[] = (() => {
  const byLength: string[][] = [];
  for (const w of LAYOUT_KEYWORDS) (byLength[w.length] ??= []).push(w);
  return Array.from(byLength, (ws) => ws ?? []);
})();

/** The word line[start, end): the language's own words shared, other words sliced. */
function wordAt(line: string, start: number, end: number): string {
  const words = WORDS_BY_LENGTH[end - start];
  if (words) for (const w of words) if (line.startsWith(w, start)) return w;
  return line.slice(start, end);
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
  const base = hex ? 16 : 10;
  let i = from;
  let underscores = 0;
  // The value as a double, exact while the digits are few (see below).
  let d = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const lower = c | 0x20;
    if (c === 95) underscores++;
    else if (c >= 48 && c <= 57) d = d * base + (c - 48);
    else if (hex && lower >= 97 && lower <= 102) d = d * 16 + (lower - 87);
    else break;
  }
  if (i === from || (!hex && text.charCodeAt(0) === 95)) return undefined;
  let shift = 0;
  if (i < n) {
    shift = unitShift(text.charCodeAt(i));
    const rest = n - i - 1;
    if (shift === 0 || !(rest === 0 || (rest === 1 && text.endsWith('B')) || (rest === 2 && text.endsWith('iB')))) return undefined;
    if (hex && shift === 60) return undefined;
  }
  const count = i - from - underscores;
  if (count === 0 || from + count > 40) return undefined;
  // Few digits: the double is exact, and so is its product with a power of two. Much cheaper than a
  // BigInt of a string and a bigint shift.
  if (count <= (hex ? EXACT_HEX : EXACT_DEC)) return BigInt(d * 2 ** shift);
  const run = text.slice(from, i);
  const digits = underscores > 0 ? run.replace(/_/g, '') : run;
  return BigInt(hex ? '0x' + digits : digits) << BigInt(shift);
}

/** The power of two a unit letter (K M G T P E, either case) stands for; 0 for any other character. */
function unitShift(c: number): number {
  switch (c | 0x20) {
    case 107: return 10;
    case 109: return 20;
    case 103: return 30;
    case 116: return 40;
    case 112: return 50;
    case 101: return 60;
    default: return 0;
  }
}

/**
 * Reads layout text a token at a time, collecting comments on the way. Linear, never throws. The parser
 * pulls tokens as it goes, so a token lives only as long as the parser needs it.
 */
export class Lexer {
  readonly comments: LexComment[] = [];
  private ln = 0;
  private i = 0;
  /** No token read yet on line `ln`. */
  private first = true;

  constructor(private readonly lines: readonly string[]) {}

  /** The next token, or undefined at the end of the text. */
  next(): Token | undefined {
    const lines = this.lines;
    for (; this.ln < lines.length; this.ln++, this.i = 0, this.first = true) {
      const token = this.nextOnLine(this.ln, lines[this.ln] as string);
      if (token) return token;
    }
    return undefined;
  }

  /** The next token on line `ln` from column `this.i`, or undefined when the line has no more. */
  private nextOnLine(ln: number, line: string): Token | undefined {
    const n = line.length;
    let i = this.i;
    while (i < n) {
      const c = line.charCodeAt(i);
      // ' ', '\t', '\f', '\v'
      if (c === 32 || c === 9 || c === 12 || c === 11) {
        i++;
        continue;
      }
      const start = i;
      const startsLine = this.first;
      this.first = false;
      let token: Token;
      if (c === 35 /* # */) {
        this.comments.push({ text: line.slice(i), span: lineSpan(ln, i, n), trailing: !startsLine });
        i = n;
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
        token = new Token('string', text, ln, start, i, startsLine, undefined, closed ? undefined : 'unterminated-string');
      } else if (c >= 48 && c <= 57) {
        while (i < n && hasClass(line.charCodeAt(i), NUMBER_CHAR)) i++;
        const text = line.slice(start, i);
        const value = numberValue(text);
        token = new Token('number', text, ln, start, i, startsLine, value, value === undefined ? 'bad-number' : undefined);
      } else if (c === 36 /* $ */ || hasClass(c, WORD_START)) {
        // A word ends before "->" so that `a->b` reads as an alias arrow.
        if (c === 36) i++;
        for (;;) {
          const d = line.charCodeAt(i);
          if (i >= n || !hasClass(d, WORD_CHAR) || (d === 45 && line.charCodeAt(i + 1) === 62)) break;
          i++;
        }
        token = c === 36 ? new Token('id', line.slice(start + 1, i), ln, start, i, startsLine) : new Token('word', wordAt(line, start, i), ln, start, i, startsLine);
      } else if (c === 45 && line.charCodeAt(i + 1) === 62) {
        i += 2;
        token = new Token('punct', '->', ln, start, i, startsLine);
      } else if (c < 128 && PUNCT[c] !== undefined) {
        i++;
        token = new Token('punct', PUNCT[c] as string, ln, start, i, startsLine);
      } else {
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
        token = new Token('bad', line.slice(start, i), ln, start, i, startsLine, undefined, 'bad-char');
      }
      this.i = i;
      return token;
    }
    this.i = i;
    return undefined;
  }
}

/** Splits layout text into tokens and comments. Linear, never throws. */
export function lex(lines: readonly string[]): { tokens: Token[]; comments: LexComment[] } {
  const lexer = new Lexer(lines);
  const tokens: Token[] = [];
  for (let t = lexer.next(); t; t = lexer.next()) tokens.push(t);
  return { tokens, comments: lexer.comments };
}
