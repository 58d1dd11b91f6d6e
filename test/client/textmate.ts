import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../shared/fixtures';

// A small TextMate tokenizer, enough to sanity-check the grammars without vscode-textmate: match and
// begin/end rules, includes, captures (with nested patterns), name and contentName, a rule stack kept
// across lines. Like vscode-textmate, each line gets a trailing "\n" and `$` matches before it (the `m`
// flag gives JS regexes that Oniguruma behaviour). The grammars avoid Oniguruma-only syntax (\G, \A, \z,
// \h, atomic groups, possessive quantifiers, inline flags, variable-length lookbehind), which is checked.

export interface Capture {
  name?: string;
  patterns?: Rule[];
}

export interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
  patterns?: Rule[];
  comment?: string;
}

export interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const ROOT = repoRoot();

/** A grammar of syntaxes/, parsed. */
export function loadGrammar(file: string): Grammar {
  return JSON.parse(readFileSync(join(ROOT, 'syntaxes', file), 'utf8')) as Grammar;
}

const regexCache = new Map<string, RegExp>();

/** The JS form of a grammar regex: global (searched from a position), with indices, `$` before "\n". */
export function regex(source: string): RegExp {
  let r = regexCache.get(source);
  if (!r) {
    r = new RegExp(source, 'dgmu');
    regexCache.set(source, r);
  }
  return r;
}

/** Every rule of a grammar, including those inside captures, for whole-grammar checks. */
export function allRules(g: Grammar): Rule[] {
  const out: Rule[] = [];
  const stack: Rule[] = [...g.patterns, ...Object.values(g.repository)];
  while (stack.length > 0) {
    const r = stack.pop() as Rule;
    out.push(r);
    stack.push(...(r.patterns ?? []));
    for (const caps of [r.captures, r.beginCaptures, r.endCaptures]) for (const c of Object.values(caps ?? {})) stack.push(...(c.patterns ?? []));
  }
  return out;
}

/** The match/begin/end rules a pattern list stands for, includes resolved. */
export function expand(g: Grammar, rules: readonly Rule[], seen = new Set<Rule>()): Rule[] {
  const out: Rule[] = [];
  for (const r of rules) {
    if (r.include !== undefined) {
      const target = r.include === '$self' || r.include === '$base' ? { patterns: g.patterns } : g.repository[r.include.slice(1)];
      assert.ok(target, `include ${r.include} resolves`);
      if (!seen.has(target)) {
        seen.add(target);
        out.push(...expand(g, [target], seen));
      }
    } else if (r.match !== undefined || r.begin !== undefined) out.push(r);
    else if (r.patterns) out.push(...expand(g, r.patterns, seen));
  }
  return out;
}

/** The scope names of a space-separated `name`. */
export const split = (name: string | undefined): string[] => (name ? name.split(/\s+/).filter((s) => s.length > 0) : []);

interface Frame {
  rule: Rule;
  /** Scopes of the begin/end text. */
  scopes: string[];
  /** Scopes of the text between. */
  content: string[];
  pushedAt: number;
}

/** Scopes each character of the line gets; appends capture scopes (nested groups inside out). */
class LineScopes {
  readonly chars: string[][];
  constructor(readonly text: string) {
    this.chars = Array.from({ length: text.length }, () => []);
  }

  set(from: number, to: number, scopes: readonly string[]): void {
    for (let i = from; i < to; i++) this.chars[i] = [...scopes];
  }

  add(from: number, to: number, scopes: readonly string[]): void {
    for (let i = from; i < to; i++) (this.chars[i] as string[]).push(...scopes);
  }
}

function applyCaptures(g: Grammar, out: LineScopes, m: RegExpExecArray, caps: Record<string, Capture> | undefined): void {
  if (!caps || !m.indices) return;
  for (let i = 0; i < m.indices.length; i++) {
    const range = m.indices[i];
    const cap = caps[String(i)];
    if (!range || !cap || range[0] === range[1]) continue;
    out.add(range[0], range[1], split(cap.name));
    if (cap.patterns) {
      // As vscode-textmate does, a capture's patterns see the line cut at the capture's end.
      const inner = new LineScopes(out.text.slice(0, range[1]));
      tokenizeFrom(g, inner, range[0], [{ rule: { patterns: cap.patterns }, scopes: [], content: [], pushedAt: -1 }]);
      for (let c = range[0]; c < range[1]; c++) (out.chars[c] as string[]).push(...(inner.chars[c] as string[]));
    }
  }
}

/** Tokenizes `out.text` from `pos` with the given rule stack (top last); returns the stack at the end. */
function tokenizeFrom(g: Grammar, out: LineScopes, pos: number, stack: Frame[]): Frame[] {
  const text = out.text;
  while (pos < text.length) {
    const frame = stack[stack.length - 1] as Frame;
    const candidates: { rule: Rule; isEnd: boolean; source: string }[] = [];
    if (frame.rule.end !== undefined) candidates.push({ rule: frame.rule, isEnd: true, source: frame.rule.end });
    for (const r of expand(g, frame.rule.patterns ?? [])) candidates.push({ rule: r, isEnd: false, source: (r.match ?? r.begin) as string });
    let best: { rule: Rule; isEnd: boolean; m: RegExpExecArray } | undefined;
    for (const c of candidates) {
      const re = regex(c.source);
      re.lastIndex = pos;
      const m = re.exec(text);
      // Ties go to the earlier candidate, so the end pattern wins over the rule's own patterns.
      if (m && (!best || m.index < best.m.index)) best = { rule: c.rule, isEnd: c.isEnd, m };
    }
    if (!best) {
      out.set(pos, text.length, frame.content);
      return stack;
    }
    const { m, rule } = best;
    const start = m.index;
    const end = start + m[0].length;
    out.set(pos, start, frame.content);
    if (best.isEnd) {
      out.set(start, end, frame.scopes);
      applyCaptures(g, out, m, rule.endCaptures ?? rule.captures);
      stack = stack.slice(0, -1);
      if (end === start && pos === start && frame.pushedAt === pos) pos++;
      pos = Math.max(pos, end);
      continue;
    }
    const scopes = [...frame.content, ...split(rule.name)];
    out.set(start, end, scopes);
    if (rule.match !== undefined) {
      applyCaptures(g, out, m, rule.captures);
      pos = end > start ? end : start + 1;
      continue;
    }
    applyCaptures(g, out, m, rule.beginCaptures ?? rule.captures);
    stack = [...stack, { rule, scopes, content: [...scopes, ...split(rule.contentName)], pushedAt: end }];
    pos = end;
  }
  return stack;
}

/** Tokenizes a document line by line; returns each line's per-character scopes (without the "\n"). */
export function tokenize(g: Grammar, text: string): { line: string; scopes: string[][] }[] {
  let stack: Frame[] = [{ rule: { patterns: g.patterns }, scopes: [g.scopeName], content: [g.scopeName], pushedAt: -1 }];
  return text.split('\n').map((line) => {
    const out = new LineScopes(line + '\n');
    stack = tokenizeFrom(g, out, 0, stack);
    return { line, scopes: out.chars.slice(0, line.length) };
  });
}

/** The scopes of the first character of `needle` (its `nth` occurrence) in a one-line document. */
export function scopesAt(g: Grammar, line: string, needle: string, nth = 0): string[] {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(needle)} occurs in ${JSON.stringify(line)}`);
  const [first] = tokenize(g, line);
  return (first as { scopes: string[][] }).scopes[at] as string[];
}

/** Asserts that every character of `needle` carries `scope` (and reports what it carries instead). */
export function expectScope(g: Grammar, line: string, needle: string, scope: string, nth = 0): void {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(needle)} occurs in ${JSON.stringify(line)}`);
  const [first] = tokenize(g, line);
  for (let i = at; i < at + needle.length; i++) {
    const got = (first as { scopes: string[][] }).scopes[i] as string[];
    assert.ok(got.includes(scope), `${JSON.stringify(needle)} in ${JSON.stringify(line)}: expected ${scope}, got ${got.join(' ')} at column ${i}`);
  }
}
