import { SIZE_2_64 } from '../model/address';
import type { Issue, IssueCode } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { Span } from '../model/span';
import { joinSpans } from '../model/span';
import type { ExprNode, NameNode, RefNode } from './ast';
import type { Lexer, Token } from './lexer';
import { BLOCK_FIELDS, isItemKeyword, REGION_EXPR_WORDS, REGION_INT_WORDS, ROOT_KEYWORD } from './keywords';

const MAX_EXPR_DEPTH = 64;
/** `"WORD"` for the attribute words, made once (they only name the attribute in messages). */
const QUOTED: ReadonlyMap<string, string> = new Map([...REGION_EXPR_WORDS, ...REGION_INT_WORDS, ...BLOCK_FIELDS, ROOT_KEYWORD].map((w) => [w, `"${w}"`]));

/** A word in double quotes, as messages name a keyword. */
export function quoted(word: string): string {
  return QUOTED.get(word) ?? `"${word}"`;
}

/** True when a token starts a top-level or nested item. */
export function startsItem(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'word' && isItemKeyword(t.text);
}

/**
 * The layout parser's reading of tokens: the token at hand, reports, names, targets, expressions and
 * integers. The parser (parser.ts) adds the items made of them.
 */
export class TokenReader {
  readonly issues: Issue[] = [];
  /** The token at hand (undefined at the end), and the one before it. */
  private cur: Token | undefined;
  private prev: Token | undefined;

  constructor(private readonly lexer: Lexer) {
    this.cur = lexer.next();
  }

  peek(): Token | undefined {
    return this.cur;
  }

  /** Moves to the next token. */
  advance(): void {
    this.prev = this.cur;
    this.cur = this.lexer.next();
  }

  report(code: IssueCode, span: Span, args: Record<string, string> = {}): void {
    this.issues.push(makeIssue(code, span, args));
  }

  isPunct(t: Token | undefined, p: string): boolean {
    return t !== undefined && t.kind === 'punct' && t.text === p;
  }

  /** True when t opens the next item on a line of its own: never a value for the line before, which may be half typed. */
  startsNextItem(t: Token | undefined): boolean {
    return t !== undefined && t.startsLine && (startsItem(t) || this.isPunct(t, '}'));
  }

  /**
   * Reports LP005 for a value missing before t: at t when it is on the same line, else just after the
   * line's last token, so a half-typed line keeps its errors to itself.
   */
  expected(expected: string, after: string, t: Token | undefined): void {
    const elsewhere = t === undefined || t.startsLine;
    this.report('LP005', elsewhere ? this.endSpan() : t.span, { expected, after, found: elsewhere ? '' : t.text });
  }

  /** Skips to the next token that starts a line and can start an item (or a brace): one typo, one diagnostic. */
  recover(): void {
    // A keyword that opens the next line's item is kept: the mistake was the line before.
    while (this.cur && !this.startsNextItem(this.cur)) this.advance();
  }

  /** A NAME (bare word or string); undefined after reporting. */
  name(after: string): NameNode | undefined {
    const t = this.peek();
    if (t && (t.kind === 'word' || t.kind === 'string') && !this.startsNextItem(t)) {
      this.advance();
      this.lexProblem(t);
      return { text: t.text, quoted: t.kind === 'string', span: t.span };
    }
    this.expected('a name', after, t);
    return undefined;
  }

  /** A TARGET: a name or `$id`. */
  ref(after: string): RefNode | undefined {
    const t = this.peek();
    if (t?.kind === 'id') {
      this.advance();
      return { byId: true, text: t.text, span: t.span };
    }
    const n = this.name(after);
    return n ? { byId: false, text: n.text, span: n.span } : undefined;
  }

  /** Where the last token read ends. */
  endSpan(): Span {
    const last = this.prev;
    return last ? { line: last.span.endLine, col: last.span.endCol, endLine: last.span.endLine, endCol: last.span.endCol } : { line: 0, col: 0, endLine: 0, endCol: 0 };
  }

  /** EXPR := product (('+'|'-') product)*; values are checked against 0 … 2^64 at the top. */
  expr(after: string): ExprNode | undefined {
    const startTok = this.peek();
    const e = this.sum(after, 0);
    if (!e || !startTok) return undefined;
    if (e.value !== undefined && (e.value < 0n || e.value > SIZE_2_64)) {
      this.report('LP007', e.span, { text: e.text });
      return { ...e, value: undefined };
    }
    return e;
  }

  private sum(after: string, depth: number): ExprNode | undefined {
    let left = this.product(after, depth);
    if (!left) return undefined;
    for (;;) {
      const op = this.peek();
      if (!(this.isPunct(op, '+') || this.isPunct(op, '-'))) return left;
      this.advance();
      const right = this.product(`"${(op as Token).text}"`, depth);
      if (!right) return undefined;
      const value: bigint | undefined = left.value !== undefined && right.value !== undefined ? ((op as Token).text === '+' ? left.value + right.value : left.value - right.value) : undefined;
      left = { value, text: `${left.text} ${(op as Token).text} ${right.text}`, span: joinSpans(left.span, right.span) };
    }
  }

  private product(after: string, depth: number): ExprNode | undefined {
    let left = this.factor(after, depth);
    if (!left) return undefined;
    while (this.isPunct(this.peek(), '*')) {
      this.advance();
      const right = this.factor('"*"', depth);
      if (!right) return undefined;
      const value: bigint | undefined = left.value !== undefined && right.value !== undefined ? left.value * right.value : undefined;
      left = { value, text: `${left.text} * ${right.text}`, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  private factor(after: string, depth: number): ExprNode | undefined {
    const t = this.peek();
    if (t?.kind === 'number') {
      this.advance();
      if (t.value === undefined) this.report('LX003', t.span, { text: t.text });
      return { value: t.value, text: t.text, span: t.span };
    }
    if (this.isPunct(t, '(')) {
      if (depth >= MAX_EXPR_DEPTH) {
        this.report('LP006', (t as Token).span);
        return undefined;
      }
      this.advance();
      const inner = this.sum('"("', depth + 1);
      if (!inner) return undefined;
      const close = this.peek();
      if (!this.isPunct(close, ')')) {
        this.expected('")"', inner.text, close);
        return undefined;
      }
      this.advance();
      return { value: inner.value, text: `(${inner.text})`, span: joinSpans((t as Token).span, (close as Token).span) };
    }
    if (this.isPunct(t, '-')) {
      this.advance();
      const inner = this.factor('"-"', depth);
      if (!inner) return undefined;
      return { value: inner.value === undefined ? undefined : -inner.value, text: `-${inner.text}`, span: joinSpans((t as Token).span, inner.span) };
    }
    this.expected('a number or expression', after, t);
    return undefined;
  }

  /** An integer with an optional sign (priority, order). */
  int(after: string): { value: number | undefined; text: string; span: Span } | undefined {
    const sign = this.isPunct(this.peek(), '-') ? (this.peek() as Token) : undefined;
    if (sign) this.advance();
    const t = this.peek();
    if (t?.kind !== 'number' || t.value === undefined || !/^[0-9_]+$/.test(t.text)) {
      this.expected('an integer', after, t);
      return undefined;
    }
    this.advance();
    const v = sign ? -t.value : t.value;
    const ok = v >= -2147483648n && v <= 2147483647n;
    if (!ok) this.report('LP007', t.span, { text: t.text });
    return { value: ok ? Number(v) : undefined, text: (sign ? '-' : '') + t.text, span: sign ? joinSpans(sign.span, t.span) : t.span };
  }

  /** Reports a lexing problem carried by the token; true when there was one. */
  lexProblem(t: Token): boolean {
    if (t.problem === 'bad-char') this.report('LX001', t.span, { text: t.text });
    else if (t.problem === 'unterminated-string') this.report('LX002', t.span);
    else if (t.problem === 'bad-number') this.report('LX003', t.span, { text: t.text });
    else return false;
    return true;
  }
}
