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

function isWordStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}

function isWordChar(c: string): boolean {
  return /[A-Za-z0-9_.\-/:@[\]]/.test(c);
}

/** Reads a number token's value: hex or decimal digits (with `_`), then an optional binary unit. */
function numberValue(text: string): bigint | undefined {
  const m = /^(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)([KMGTPEkmgtpe](?:iB|B)?)?$/.exec(text);
  if (!m) return undefined;
  const digits = (m[1] as string).replace(/_/g, '');
  if (digits.length > 40 || /^0[xX]$/.test(digits)) return undefined;
  let v = BigInt(digits);
  const unit = m[2]?.[0]?.toUpperCase();
  if (unit) {
    // In hex, E is a digit: a unit after hex digits can only be K…P.
    if (/^0[xX]/.test(digits) && unit === 'E') return undefined;
    v <<= UNITS[unit] as bigint;
  }
  return v;
}

/** Splits layout text into tokens and comments. Linear, never throws. */
export function lex(lines: readonly string[]): { tokens: Token[]; comments: LexComment[] } {
  const tokens: Token[] = [];
  const comments: LexComment[] = [];
  lines.forEach((line, ln) => {
    let i = 0;
    let first = true;
    const push = (t: Omit<Token, 'startsLine'>): void => {
      tokens.push({ ...t, startsLine: first });
      first = false;
    };
    while (i < line.length) {
      const c = line[i] as string;
      if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
        i++;
        continue;
      }
      const start = i;
      if (c === '#') {
        comments.push({ text: line.slice(i), span: lineSpan(ln, i, line.length), trailing: !first });
        break;
      }
      if (c === '"') {
        let text = '';
        i++;
        let closed = false;
        while (i < line.length) {
          const d = line[i] as string;
          if (d === '\\' && i + 1 < line.length) {
            text += line[i + 1];
            i += 2;
          } else if (d === '"') {
            closed = true;
            i++;
            break;
          } else {
            text += d;
            i++;
          }
        }
        push({ kind: 'string', text, span: lineSpan(ln, start, i), ...(closed ? {} : { problem: 'unterminated-string' as const }) });
        continue;
      }
      if (/[0-9]/.test(c)) {
        while (i < line.length && /[0-9A-Za-z_]/.test(line[i] as string)) i++;
        const text = line.slice(start, i);
        const value = numberValue(text);
        push({ kind: 'number', text, ...(value !== undefined ? { value } : { problem: 'bad-number' as const }), span: lineSpan(ln, start, i) });
        continue;
      }
      if (c === '$') {
        i++;
        while (i < line.length && isWordChar(line[i] as string) && !(line[i] === '-' && line[i + 1] === '>')) i++;
        push({ kind: 'id', text: line.slice(start + 1, i), span: lineSpan(ln, start, i) });
        continue;
      }
      if (isWordStart(c)) {
        // A word ends before "->" so that `a->b` reads as an alias arrow.
        while (i < line.length && isWordChar(line[i] as string) && !(line[i] === '-' && line[i + 1] === '>')) i++;
        push({ kind: 'word', text: line.slice(start, i), span: lineSpan(ln, start, i) });
        continue;
      }
      if (c === '-' && line[i + 1] === '>') {
        i += 2;
        push({ kind: 'punct', text: '->', span: lineSpan(ln, start, i) });
        continue;
      }
      if ('{}@+-*()'.includes(c)) {
        i++;
        push({ kind: 'punct', text: c, span: lineSpan(ln, start, i) });
        continue;
      }
      // Anything else: one bad token for the run of such characters (one typo, one diagnostic). The first is
      // taken whatever it is: \s also matches spaces the skip above leaves alone (U+FEFF, U+00A0, U+2028).
      i++;
      while (i < line.length && !/[\s"#$A-Za-z0-9_{}@+\-*()]/.test(line[i] as string)) i++;
      push({ kind: 'bad', text: line.slice(start, i), span: lineSpan(ln, start, i), problem: 'bad-char' });
    }
  });
  return { tokens, comments };
}
