import type { Issue } from '../model/issues';
import type { Span } from '../model/span';
import { joinSpans } from '../model/span';
import { splitLines } from '../capture/lines';
import type { AttrNode, BlockDecl, LayoutFile, NameNode, RefNode, RegionDecl, RegionKeyword, SpaceDecl } from './ast';
import type { Token } from './lexer';
import { Lexer } from './lexer';
import { BLOCK_KEYWORD, isBlockField, isRegionExprWord, isRegionFlag, isRegionIntWord, isRegionKeyword, ROOT_KEYWORD, SPACE_KEYWORD } from './keywords';
import { quoted, startsItem, TokenReader } from './token-reader';

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

/** The layout parser: the items (regions' headers, address spaces, ramblocks) made of what TokenReader reads. */
class Parser extends TokenReader {
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
      if (t.kind === 'word' && isRegionExprWord(t.text)) {
        const key = t.text;
        this.advance();
        const e = this.expr(quoted(key));
        if (e) out.push({ key, expr: e, span: joinSpans(t.span, e.span) });
        else {
          // Keep the attribute (without a value) so its absence is not reported a second time.
          out.push({ key, expr: { value: undefined, text: '', span: t.span }, span: t.span });
          this.skipAttr();
        }
        continue;
      }
      if (t.kind === 'word' && isRegionIntWord(t.text)) {
        const key = t.text;
        this.advance();
        const n = this.int(quoted(key));
        if (n) out.push({ key, value: n.value, text: n.text, span: joinSpans(t.span, n.span) });
        else this.skipAttr();
        continue;
      }
      if (t.kind === 'word' && isRegionFlag(t.text)) {
        this.advance();
        out.push({ key: t.text, span: t.span });
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

  /** An item's keyword (the token at hand) and its name; undefined after reporting and recovering. */
  head(keyword: string): { kw: Token; name: NameNode } | undefined {
    const kw = this.peek() as Token;
    this.advance();
    const name = this.name(keyword);
    if (!name) {
      this.recover();
      return undefined;
    }
    return { kw, name };
  }

  space(): SpaceDecl | undefined {
    const head = this.head(SPACE_KEYWORD);
    if (!head) return undefined;
    const { kw, name } = head;
    const t = this.peek();
    let root: RefNode | undefined;
    if (t?.kind === 'word' && t.text === ROOT_KEYWORD) {
      this.advance();
      root = this.ref(quoted(ROOT_KEYWORD));
    } else this.expected(quoted(ROOT_KEYWORD), `${SPACE_KEYWORD} ${name.text}`, t);
    return { type: 'space', name, root, span: joinSpans(kw.span, root?.span ?? name.span) };
  }

  block(): BlockDecl | undefined {
    const head = this.head(BLOCK_KEYWORD);
    if (!head) return undefined;
    const { kw, name } = head;
    const fields: BlockDecl['fields'] = [];
    let resizeable = false;
    let readonly = false;
    let end = name.span;
    for (;;) {
      const t = this.peek();
      if (!t || this.startsNextItem(t)) break;
      if (t.kind === 'word' && isBlockField(t.text)) {
        this.advance();
        const e = this.expr(quoted(t.text));
        if (e) {
          fields.push({ key: t.text, expr: e, span: joinSpans(t.span, e.span) });
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
      if (!this.lexProblem(t)) this.report('LP004', t.span, { text: t.text, what: `${BLOCK_KEYWORD} ${name.text}` });
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

/** The top-level items and the regions whose bodies are open. */
class Nest {
  readonly items: LayoutFile['items'] = [];
  readonly stack: OpenRegion[] = [];

  /** Adds a closed region to the open region's body, or to the top level. */
  attach(r: RegionDecl): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.children.push(r);
    else this.items.push(r);
  }

  /** Closes every open region, each with LP003 (its "}" was forgotten). */
  closeAll(p: Parser): void {
    while (this.stack.length > 0) {
      const o = this.stack.pop() as OpenRegion;
      p.report('LP003', o.open, { name: o.name.text });
      this.attach(closeRegion(o, o.open));
    }
  }
}

/** A region from its kind keyword (the parser's token at hand): a header, then a body opened or not. */
function region(p: Parser, nest: Nest, keyword: RegionKeyword): void {
  const head = p.head(keyword);
  if (!head) return;
  const { kw: t, name } = head;
  let id: NameNode | undefined;
  const idTok = p.peek();
  if (idTok?.kind === 'id') {
    p.advance();
    id = { text: idTok.text, quoted: false, span: idTok.span };
  }
  const attrs = p.attrs(keyword, name.text);
  const open: OpenRegion = { keyword, keywordSpan: t.span, name, id, attrs, children: [], depth: nest.stack.length, open: t.span };
  const brace = p.peek();
  if (p.isPunct(brace, '{')) {
    p.advance();
    open.open = (brace as Token).span;
    nest.stack.push(open);
  } else {
    const last = attrs[attrs.length - 1]?.span ?? id?.span ?? name.span;
    nest.attach(closeRegion(open, last));
  }
}

/** Parses a layout with error recovery; never throws; linear (nesting uses an explicit stack). */
export function parseLayout(text: string): { file: LayoutFile; issues: Issue[] } {
  const { lines } = splitLines(text);
  const lexer = new Lexer(lines);
  const p = new Parser(lexer);
  const nest = new Nest();
  while (p.peek() !== undefined) {
    const t = p.peek() as Token;
    if (p.isPunct(t, '}')) {
      p.advance();
      const o = nest.stack.pop();
      if (o) nest.attach(closeRegion(o, t.span));
      else p.report('LP002', t.span);
      continue;
    }
    if (t.kind === 'word' && isRegionKeyword(t.text)) {
      region(p, nest, t.text);
      continue;
    }
    // These only exist at the top level: the open regions' "}" were forgotten.
    if (t.kind === 'word' && (t.text === SPACE_KEYWORD || t.text === BLOCK_KEYWORD)) nest.closeAll(p);
    if (t.kind === 'word' && t.text === SPACE_KEYWORD) {
      const s = p.space();
      if (s) nest.items.push(s);
      continue;
    }
    if (t.kind === 'word' && t.text === BLOCK_KEYWORD) {
      const b = p.block();
      if (b) nest.items.push(b);
      continue;
    }
    if (!p.lexProblem(t)) p.report('LP001', t.span, { text: t.text });
    p.recover();
  }
  nest.closeAll(p);
  const file: LayoutFile = { items: nest.items, comments: lexer.comments.map((c) => ({ text: c.text, span: c.span, trailing: c.trailing })), lineCount: lines.length };
  return { file, issues: p.issues };
}
