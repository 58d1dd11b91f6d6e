import { SIZE_2_64 } from '../model/address';
import type { Issue, IssueCode } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { Span } from '../model/span';
import { joinSpans } from '../model/span';
import { splitLines } from '../capture/lines';
import type { AttrNode, BlockDecl, ExprNode, LayoutFile, NameNode, RefNode, RegionDecl, RegionKeyword, SpaceDecl } from './ast';
import type { Token } from './lexer';
import { Lexer } from './lexer';

const KINDS: ReadonlySet<string> = new Set(['container', 'ram', 'rom', 'io', 'rom-device', 'ram-device', 'alias']);
const FLAGS: ReadonlySet<string> = new Set(['disabled', 'readonly', 'nonvolatile', 'romd']);
const BLOCK_FIELDS: ReadonlySet<string> = new Set(['size', 'max', 'page', 'host', 'offset']);
const MAX_EXPR_DEPTH = 64;
/** `"WORD"` for the attribute words, made once (they only name the attribute in messages). */
const QUOTED: ReadonlyMap<string, string> = new Map(['size', 'offset', 'priority', 'order', ...BLOCK_FIELDS].map((w) => [w, `"${w}"`]));

function quoted(word: string): string {
  return QUOTED.get(word) ?? `"${word}"`;
}

/** True when a token starts a top-level or nested item. */
function startsItem(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'word' && (KINDS.has(t.text) || t.text === 'address-space' || t.text === 'ramblock');
}

/** A mutable region while its body is open. */
interface OpenRegion {
  keyword: RegionKeyword;
  keywordSpan: Span;
  name: NameNode;
  id: NameNode | undefined;
  attrs: AttrNode[];
  children: RegionDecl[];
  depth: number;
  open: Span;
}

class Parser {
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

  /** Region attributes up to `{`, `}` or the start of the next item. */
  attrs(keyword: RegionKeyword, name: string): AttrNode[] {
    const out: AttrNode[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || this.isPunct(t, '{') || this.isPunct(t, '}') || (t.startsLine && startsItem(t))) return out;
      if (this.isPunct(t, '@')) {
        this.advance();
        const e = this.expr('"@"');
        if (e) out.push({ key: 'at', expr: e, span: joinSpans(t.span, e.span) });
        else this.skipAttr();
        continue;
      }
      if (this.isPunct(t, '->')) {
        this.advance();
        const r = this.ref('"->"');
        out.push(r ? { key: 'target', ref: r, span: joinSpans(t.span, r.span) } : { key: 'target', ref: undefined, span: t.span });
        continue;
      }
      if (t.kind === 'word' && (t.text === 'size' || t.text === 'offset')) {
        this.advance();
        const e = this.expr(quoted(t.text));
        if (e) out.push({ key: t.text, expr: e, span: joinSpans(t.span, e.span) });
        else {
          // Keep the attribute (without a value) so its absence is not reported a second time.
          out.push({ key: t.text, expr: { value: undefined, text: '', span: t.span }, span: t.span });
          this.skipAttr();
        }
        continue;
      }
      if (t.kind === 'word' && (t.text === 'priority' || t.text === 'order')) {
        this.advance();
        const n = this.int(quoted(t.text));
        if (n) out.push({ key: t.text, value: n.value, text: n.text, span: joinSpans(t.span, n.span) });
        else this.skipAttr();
        continue;
      }
      if (t.kind === 'word' && FLAGS.has(t.text)) {
        this.advance();
        out.push({ key: t.text as 'disabled', span: t.span });
        continue;
      }
      if (!this.lexProblem(t)) this.report('LP004', t.span, { text: t.text, what: `${keyword} region ${name}` });
      this.advance();
      // What follows a bad token up to the next attribute belongs to the same mistake.
      this.skipAttr();
    }
  }

  /** After a failed attribute value: skip tokens up to the next attribute word or item. */
  skipAttr(): void {
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === 'word' || t.kind === 'id' || this.isPunct(t, '{') || this.isPunct(t, '}') || this.isPunct(t, '@') || this.isPunct(t, '->')) return;
      this.advance();
    }
  }

  /** Reports a lexing problem carried by the token; true when there was one. */
  lexProblem(t: Token): boolean {
    if (t.problem === 'bad-char') this.report('LX001', t.span, { text: t.text });
    else if (t.problem === 'unterminated-string') this.report('LX002', t.span);
    else if (t.problem === 'bad-number') this.report('LX003', t.span, { text: t.text });
    else return false;
    return true;
  }

  space(): SpaceDecl | undefined {
    const kw = this.peek() as Token;
    this.advance();
    const name = this.name('address-space');
    if (!name) {
      this.recover();
      return undefined;
    }
    const t = this.peek();
    let root: RefNode | undefined;
    if (t?.kind === 'word' && t.text === 'root') {
      this.advance();
      root = this.ref('"root"');
    } else this.expected('"root"', `address-space ${name.text}`, t);
    return { type: 'space', name, root, span: joinSpans(kw.span, root?.span ?? name.span) };
  }

  block(): BlockDecl | undefined {
    const kw = this.peek() as Token;
    this.advance();
    const name = this.name('ramblock');
    if (!name) {
      this.recover();
      return undefined;
    }
    const fields: BlockDecl['fields'] = [];
    let resizeable = false;
    let readonly = false;
    let end = name.span;
    for (;;) {
      const t = this.peek();
      if (!t || this.startsNextItem(t)) break;
      if (t.kind === 'word' && BLOCK_FIELDS.has(t.text)) {
        this.advance();
        const e = this.expr(quoted(t.text));
        if (e) {
          fields.push({ key: t.text as 'size', expr: e, span: joinSpans(t.span, e.span) });
          end = e.span;
        } else this.skipAttr();
        continue;
      }
      if (t.kind === 'word' && t.text === 'readonly') {
        this.advance();
        readonly = true;
        end = t.span;
        continue;
      }
      if (t.kind === 'word' && t.text === 'resizeable') {
        this.advance();
        resizeable = true;
        end = t.span;
        continue;
      }
      if (!this.lexProblem(t)) this.report('LP004', t.span, { text: t.text, what: `ramblock ${name.text}` });
      this.advance();
    }
    return { type: 'ramblock', name, fields, resizeable, readonly, span: joinSpans(kw.span, end) };
  }
}

function closeRegion(o: OpenRegion, end: Span): RegionDecl {
  const { keyword, keywordSpan, name, id, attrs, children, depth } = o;
  const span = joinSpans(keywordSpan, end);
  // Two fixed shapes (id absent, not undefined) rather than a spread.
  return id
    ? { type: 'region', keyword, keywordSpan, name, id, attrs, children, span, depth }
    : { type: 'region', keyword, keywordSpan, name, attrs, children, span, depth };
}

/** Parses a layout with error recovery; never throws; linear (nesting uses an explicit stack). */
export function parseLayout(text: string): { file: LayoutFile; issues: Issue[] } {
  const { lines } = splitLines(text);
  const lexer = new Lexer(lines);
  const p = new Parser(lexer);
  const items: LayoutFile['items'] = [];
  const stack: OpenRegion[] = [];
  const attach = (r: RegionDecl): void => {
    const top = stack[stack.length - 1];
    if (top) top.children.push(r);
    else items.push(r);
  };
  while (p.peek() !== undefined) {
    const t = p.peek() as Token;
    if (p.isPunct(t, '}')) {
      p.advance();
      const o = stack.pop();
      if (o) attach(closeRegion(o, t.span));
      else p.report('LP002', t.span);
      continue;
    }
    if (t.kind === 'word' && KINDS.has(t.text)) {
      p.advance();
      const name = p.name(t.text);
      if (!name) {
        p.recover();
        continue;
      }
      let id: NameNode | undefined;
      const idTok = p.peek();
      if (idTok?.kind === 'id') {
        p.advance();
        id = { text: idTok.text, quoted: false, span: idTok.span };
      }
      const attrs = p.attrs(t.text as RegionKeyword, name.text);
      const open: OpenRegion = { keyword: t.text as RegionKeyword, keywordSpan: t.span, name, id, attrs, children: [], depth: stack.length, open: t.span };
      const brace = p.peek();
      if (p.isPunct(brace, '{')) {
        p.advance();
        open.open = (brace as Token).span;
        stack.push(open);
      } else {
        const last = attrs[attrs.length - 1]?.span ?? id?.span ?? name.span;
        attach(closeRegion(open, last));
      }
      continue;
    }
    if (t.kind === 'word' && (t.text === 'address-space' || t.text === 'ramblock') && stack.length > 0) {
      // These only exist at the top level: the open regions' "}" were forgotten.
      while (stack.length > 0) {
        const o = stack.pop() as OpenRegion;
        p.report('LP003', o.open, { name: o.name.text });
        attach(closeRegion(o, o.open));
      }
    }
    if (t.kind === 'word' && t.text === 'address-space') {
      const s = p.space();
      if (s) items.push(s);
      continue;
    }
    if (t.kind === 'word' && t.text === 'ramblock') {
      const b = p.block();
      if (b) items.push(b);
      continue;
    }
    if (!p.lexProblem(t)) p.report('LP001', t.span, { text: t.text });
    p.recover();
  }
  while (stack.length > 0) {
    const o = stack.pop() as OpenRegion;
    p.report('LP003', o.open, { name: o.name.text });
    attach(closeRegion(o, o.open));
  }
  const file: LayoutFile = { items, comments: lexer.comments.map((c) => ({ text: c.text, span: c.span, trailing: c.trailing })), lineCount: lines.length };
  return { file, issues: p.issues };
}
