import type { LayoutFile, RefNode } from '../layout/ast';
import { attrOf } from '../layout/ast';
import { allRegions } from '../layout/build';
import { LAYOUT_KEYWORDS } from '../layout/keywords';
import { lex } from '../layout/lexer';
import { spanKey } from '../model/span';
import type { Sink, TokenModifier, TokenType } from './token-sink';

const KEYWORDS: ReadonlySet<string> = new Set(LAYOUT_KEYWORDS);
const OPERATORS: ReadonlySet<string> = new Set(['->', '@', '+', '-', '*']);

/** Layouts: the lexer's tokens, with names classified by where the syntax tree uses them. */
export function layoutTokens(out: Sink, file: LayoutFile, lines: readonly string[]): void {
  const named = new Map<string, { type: TokenType; mods: TokenModifier[] }>();
  const ref = (r: RefNode): void => {
    named.set(spanKey(r.span), { type: r.byId ? 'enumMember' : 'type', mods: [] });
  };
  for (const d of allRegions(file)) {
    const mods: TokenModifier[] = ['declaration'];
    if (d.keyword === 'rom' || attrOf(d, 'readonly')) mods.push('readonly');
    if (attrOf(d, 'disabled')) mods.push('deprecated');
    named.set(spanKey(d.name.span), { type: 'variable', mods });
    if (d.id) named.set(spanKey(d.id.span), { type: 'enumMember', mods: ['declaration'] });
    const target = attrOf(d, 'target');
    if (target?.ref) ref(target.ref);
  }
  for (const item of file.items) {
    if (item.type === 'space') {
      named.set(spanKey(item.name.span), { type: 'namespace', mods: ['declaration'] });
      if (item.root) ref(item.root);
    } else if (item.type === 'ramblock') named.set(spanKey(item.name.span), { type: 'variable', mods: [] });
  }
  const { tokens, comments } = lex(lines);
  for (const t of tokens) {
    const n = named.get(spanKey(t.span));
    if (n) out.span(t.span, n.type, n.mods);
    else if (t.kind === 'word' && KEYWORDS.has(t.text)) out.span(t.span, 'keyword');
    else if (t.kind === 'number') out.span(t.span, 'number');
    else if (t.kind === 'string') out.span(t.span, 'string');
    else if (t.kind === 'id') out.span(t.span, 'enumMember');
    else if (t.kind === 'punct' && OPERATORS.has(t.text)) out.span(t.span, 'operator');
  }
  for (const c of comments) out.span(c.span, 'comment');
}
