import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../shared/fixtures';

// A small TextMate tokenizer, enough to sanity-check the grammars without vscode-textmate: match and
// begin/end rules, includes, captures (with nested patterns), name and contentName, a rule stack kept
// across lines. Like vscode-textmate, each line gets a trailing "\n" and `$` matches before it (the `m`
// flag gives JS regexes that Oniguruma behaviour). The grammars avoid Oniguruma-only syntax (\G, \A, \z,
// \h, atomic groups, possessive quantifiers, inline flags, variable-length lookbehind), which is checked.

interface Capture {
  name?: string;
  patterns?: Rule[];
}

interface Rule {
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

interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const ROOT = repoRoot();

function loadGrammar(file: string): Grammar {
  return JSON.parse(readFileSync(join(ROOT, 'syntaxes', file), 'utf8')) as Grammar;
}

const regexCache = new Map<string, RegExp>();

/** The JS form of a grammar regex: global (searched from a position), with indices, `$` before "\n". */
function regex(source: string): RegExp {
  let r = regexCache.get(source);
  if (!r) {
    r = new RegExp(source, 'dgmu');
    regexCache.set(source, r);
  }
  return r;
}

/** Every rule of a grammar, including those inside captures, for whole-grammar checks. */
function allRules(g: Grammar): Rule[] {
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
function expand(g: Grammar, rules: readonly Rule[], seen = new Set<Rule>()): Rule[] {
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

const split = (name: string | undefined): string[] => (name ? name.split(/\s+/).filter((s) => s.length > 0) : []);

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
function tokenize(g: Grammar, text: string): { line: string; scopes: string[][] }[] {
  let stack: Frame[] = [{ rule: { patterns: g.patterns }, scopes: [g.scopeName], content: [g.scopeName], pushedAt: -1 }];
  return text.split('\n').map((line) => {
    const out = new LineScopes(line + '\n');
    stack = tokenizeFrom(g, out, 0, stack);
    return { line, scopes: out.chars.slice(0, line.length) };
  });
}

/** The scopes of the first character of `needle` (its `nth` occurrence) in a one-line document. */
function scopesAt(g: Grammar, line: string, needle: string, nth = 0): string[] {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(needle)} occurs in ${JSON.stringify(line)}`);
  const [first] = tokenize(g, line);
  return (first as { scopes: string[][] }).scopes[at] as string[];
}

/** Asserts that every character of `needle` carries `scope` (and reports what it carries instead). */
function expectScope(g: Grammar, line: string, needle: string, scope: string, nth = 0): void {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(needle)} occurs in ${JSON.stringify(line)}`);
  const [first] = tokenize(g, line);
  for (let i = at; i < at + needle.length; i++) {
    const got = (first as { scopes: string[][] }).scopes[i] as string[];
    assert.ok(got.includes(scope), `${JSON.stringify(needle)} in ${JSON.stringify(line)}: expected ${scope}, got ${got.join(' ')} at column ${i}`);
  }
}

const ONIGURUMA_ONLY: [RegExp, string][] = [
  [/\\[GAzZh]/, '\\G, \\A, \\z, \\Z or \\h'],
  [/\(\?>/, 'an atomic group'],
  [/[*+?}]\+/, 'a possessive quantifier'],
  [/\(\?[imx-]+[):]/, 'inline flags'],
];

for (const [file, scopeName] of [['memlayout.tmLanguage.json', 'source.memlayout'], ['qemu-capture.tmLanguage.json', 'source.qemu-capture']] as const) {
  test(`${file}: valid JSON, scopeName, includes resolve, every regex compiles in JS and avoids Oniguruma-only syntax`, () => {
    const g = loadGrammar(file);
    assert.equal(g.scopeName, scopeName);
    const rules = allRules(g);
    let count = 0;
    for (const r of rules) {
      for (const source of [r.match, r.begin, r.end]) {
        if (source === undefined) continue;
        count++;
        assert.doesNotThrow(() => regex(source), source);
        for (const [bad, what] of ONIGURUMA_ONLY) assert.ok(!bad.test(source.replace(/\\\\/g, '')), `${what} in ${source}`);
        // Oniguruma wants fixed-length lookbehind: no quantifiers inside one.
        for (const lb of source.matchAll(/\(\?<[=!]((?:[^()\\]|\\.|\([^()]*\))*)\)/g)) {
          assert.ok(!/(?<!\\)[*+?{]/.test((lb[1] as string).replace(/\[(?:[^\]\\]|\\.)*\]/g, 'x')), `variable-length lookbehind in ${source}`);
        }
      }
      if (r.begin !== undefined) assert.ok(r.end !== undefined, `begin without end: ${r.begin}`);
      if (r.include !== undefined) expand(g, [r]);
      for (const caps of [r.captures, r.beginCaptures, r.endCaptures]) {
        for (const c of Object.values(caps ?? {})) for (const s of split(c.name)) assert.ok(s.endsWith(scopeName.slice('source.'.length)), `scope ${s} ends in the language name`);
      }
      for (const s of [...split(r.name), ...split(r.contentName)]) assert.ok(s.endsWith(scopeName.slice('source.'.length)), `scope ${s} ends in the language name`);
    }
    assert.ok(count > 10);
  });
}

test('language-configuration.json: comments, brackets, auto-closing quotes, indentation rules', () => {
  const conf = JSON.parse(readFileSync(join(ROOT, 'language-configuration.json'), 'utf8')) as {
    comments: { lineComment: string };
    brackets: string[][];
    autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
    wordPattern: string;
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  };
  assert.equal(conf.comments.lineComment, '#');
  assert.deepEqual(conf.brackets, [['{', '}'], ['(', ')']]);
  assert.ok(conf.autoClosingPairs.some((p) => p.open === '"' && p.close === '"' && p.notIn?.includes('string')));
  const word = new RegExp(`^(?:${conf.wordPattern})$`);
  for (const w of ['pc.ram', 'ram-below-4g', 'gicv3_redist_region[0]', '$bridge1', '0xfee00000', '4KiB', '16E']) assert.ok(word.test(w), w);
  const inc = new RegExp(conf.indentationRules.increaseIndentPattern);
  const dec = new RegExp(conf.indentationRules.decreaseIndentPattern);
  for (const l of ['container system size 16E {', '  container pci size 16E priority -1 { # the bus', 'container "a}b" size 1 {']) assert.ok(inc.test(l), l);
  for (const l of ['container e size 1 {}', 'ram a size 1 # {', 'container "x{" size 1']) assert.ok(!inc.test(l), l);
  assert.ok(dec.test('  } # end'));
});

// ---------------------------------------------------------------------------------------------------------
// memlayout

test('memlayout: declarations, attributes, numbers with units, expressions, targets, ids, strings, comments', () => {
  const g = loadGrammar('memlayout.tmLanguage.json');
  const l1 = 'container system size 16E { # the root';
  expectScope(g, l1, 'container', 'storage.type.region.memlayout');
  expectScope(g, l1, 'system', 'entity.name.type.region.memlayout');
  expectScope(g, l1, 'size', 'keyword.other.attribute.memlayout');
  expectScope(g, l1, '16', 'constant.numeric.decimal.memlayout');
  expectScope(g, l1, 'E', 'keyword.other.unit.memlayout');
  expectScope(g, l1, '{', 'punctuation.section.block.begin.memlayout');
  expectScope(g, l1, '# the root', 'comment.line.number-sign.memlayout');
  expectScope(g, l1, '#', 'punctuation.definition.comment.memlayout');

  const l2 = '  alias isa-bios @0xe0000 size 128K -> pc.bios offset 128K priority -1 readonly';
  expectScope(g, l2, 'alias', 'storage.type.region.memlayout');
  expectScope(g, l2, 'isa-bios', 'entity.name.type.region.memlayout');
  expectScope(g, l2, '@', 'keyword.operator.address.memlayout');
  expectScope(g, l2, '0xe0000', 'constant.numeric.hex.memlayout');
  expectScope(g, l2, 'K', 'keyword.other.unit.memlayout');
  expectScope(g, l2, '->', 'keyword.operator.arrow.memlayout');
  expectScope(g, l2, 'pc.bios', 'variable.other.reference.memlayout');
  expectScope(g, l2, 'offset', 'keyword.other.attribute.memlayout');
  expectScope(g, l2, 'priority', 'keyword.other.attribute.memlayout');
  expectScope(g, l2, '-', 'keyword.operator.arithmetic.memlayout', 2);
  expectScope(g, l2, 'readonly', 'storage.modifier.flag.memlayout');

  const l3 = 'rom "pc bios \\"x\\"" $bios @4G - 256K size (1 + 2) * 64KiB';
  expectScope(g, l3, '"pc bios', 'string.quoted.double.memlayout');
  expectScope(g, l3, '"pc bios', 'entity.name.type.region.memlayout');
  expectScope(g, l3, '\\"', 'constant.character.escape.memlayout');
  expectScope(g, l3, '$bios', 'variable.other.id.memlayout');
  expectScope(g, l3, '$', 'punctuation.definition.variable.memlayout');
  expectScope(g, l3, '-', 'keyword.operator.arithmetic.memlayout');
  expectScope(g, l3, '(', 'punctuation.section.parens.begin.memlayout');
  expectScope(g, l3, '*', 'keyword.operator.arithmetic.memlayout');
  expectScope(g, l3, 'KiB', 'keyword.other.unit.memlayout');

  // A region may be called like a keyword: the name slot wins.
  const l4 = 'ram size size 4K } io ram-device size 1';
  expectScope(g, l4, 'size', 'entity.name.type.region.memlayout');
  expectScope(g, l4, 'size', 'keyword.other.attribute.memlayout', 1);
  expectScope(g, l4, 'io', 'storage.type.region.memlayout');
  expectScope(g, l4, 'ram-device', 'entity.name.type.region.memlayout');
  // Keywords inside names stay names.
  expectScope(g, 'alias a -> pc.ram-size', 'pc.ram-size', 'variable.other.reference.memlayout');

  const l5 = 'address-space memory root $sys # AS';
  expectScope(g, l5, 'address-space', 'storage.type.address-space.memlayout');
  expectScope(g, l5, 'memory', 'entity.name.namespace.address-space.memlayout');
  expectScope(g, l5, 'root', 'keyword.other.root.memlayout');
  expectScope(g, l5, '$sys', 'variable.other.id.memlayout');
  expectScope(g, l5, '# AS', 'comment.line.number-sign.memlayout');

  const l6 = 'ramblock "0000:00:02.0/vga.vram" size 16M max 32M page 4K host 0x7f3c00000000 offset 0 resizeable';
  expectScope(g, l6, 'ramblock', 'storage.type.ramblock.memlayout');
  expectScope(g, l6, '"0000', 'entity.name.type.ramblock.memlayout');
  for (const k of ['max', 'page', 'host']) expectScope(g, l6, k, 'keyword.other.attribute.memlayout');
  expectScope(g, l6, 'resizeable', 'storage.modifier.flag.memlayout');
  expectScope(g, 'ram a size 12Q', '12Q', 'invalid.illegal.numeric.memlayout');
  expectScope(g, 'ram a size 0x10E', '0x10E', 'constant.numeric.hex.memlayout');
  expectScope(g, 'ram a size 1 ~ 2', '~', 'invalid.illegal.character.memlayout');
  // An unterminated string ends with its line, as in the lexer.
  const lines = tokenize(g, 'ram "open size 1\nram b size 1');
  assert.ok(!(lines[1]?.scopes[0] as string[]).includes('string.quoted.double.memlayout'));
});

test('memlayout: every non-blank character of the example layouts gets a scope', () => {
  const g = loadGrammar('memlayout.tmLanguage.json');
  const dir = join(ROOT, 'examples', 'layouts');
  const text = readdirSync(dir).filter((f) => f.endsWith('.memlayout')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  for (const { line, scopes } of tokenize(g, text)) {
    for (let i = 0; i < line.length; i++) {
      if (/\s/.test(line[i] as string)) continue;
      const s = scopes[i] as string[];
      assert.ok(s.length > 1, `${JSON.stringify(line)} column ${i} has only ${s.join(' ')}`);
      assert.ok(!s.some((x) => x.startsWith('invalid')), `${JSON.stringify(line)} column ${i}: ${s.join(' ')}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------------------
// qemu-capture

const fixture = (version: string, file: string): string => readFileSync(join(ROOT, 'test', 'fixtures', version, 'x86_64-pc', file), 'utf8');

/** The first line of a fixture that contains `needle`. */
function lineWith(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  assert.ok(line !== undefined, needle);
  return line;
}

test('qemu-capture: info mtree tree lines (alias, -D, -o) and headers, from real captures', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const od = fixture('qemu-7.2', 'mtree-o-D.txt');
  const as = lineWith(od, 'address-space: memory');
  expectScope(g, as, 'address-space', 'keyword.other.header.qemu-capture');
  expectScope(g, as, 'memory', 'entity.name.namespace.address-space.qemu-capture');

  const alias = lineWith(od, 'alias bus master @system');
  expectScope(g, alias, '0000000000000000', 'constant.numeric.hex.address.qemu-capture');
  expectScope(g, alias, 'prio', 'keyword.other.priority.qemu-capture');
  assert.ok(scopesAt(g, alias, '0, i/o').includes('constant.numeric.decimal.priority.qemu-capture'));
  expectScope(g, alias, 'i/o', 'storage.type.io.qemu-capture');
  expectScope(g, alias, 'alias', 'keyword.other.alias.qemu-capture');
  expectScope(g, alias, 'bus master', 'entity.name.type.region.qemu-capture');
  expectScope(g, alias, '@', 'keyword.operator.at.qemu-capture');
  expectScope(g, alias, 'system', 'variable.other.reference.qemu-capture');
  expectScope(g, alias, '0000000000000000', 'constant.numeric.hex.offset.qemu-capture', 1);
  expectScope(g, alias, '[disabled]', 'storage.modifier.disabled.qemu-capture');
  expectScope(g, alias, 'owner', 'keyword.other.owner.qemu-capture');
  expectScope(g, alias, 'dev', 'storage.type.qom.qemu-capture');
  expectScope(g, alias, 'path', 'variable.parameter.key.qemu-capture');
  expectScope(g, alias, '/machine/unattached/device[', 'string.unquoted.qom-path.qemu-capture');

  const plain = lineWith(od, '(prio -1, i/o): pci');
  expectScope(g, plain, '-1', 'constant.numeric.decimal.priority.qemu-capture');
  expectScope(g, plain, 'pci', 'entity.name.type.region.qemu-capture');
  expectScope(g, plain, 'parent', 'keyword.other.owner.qemu-capture');
  assert.ok(!scopesAt(g, plain, 'parent').includes('entity.name.type.region.qemu-capture'));

  const rom = lineWith(od, '(prio 1, rom): alias isa-bios @pc.bios');
  expectScope(g, rom, 'rom', 'storage.type.rom.qemu-capture');
  expectScope(g, rom, 'pc.bios', 'variable.other.reference.qemu-capture');
  expectScope(g, rom, 'isa-bios', 'entity.name.type.region.qemu-capture');

  const names = '    0000000000000000-0000000000000003 (prio 0, nv-ram): vga ioports remapped';
  expectScope(g, names, 'nv-', 'storage.modifier.nonvolatile.qemu-capture');
  expectScope(g, names, 'ram', 'storage.type.ram.qemu-capture');
  expectScope(g, names, 'vga ioports remapped', 'entity.name.type.region.qemu-capture');
  const romd = '  0000000000000000-0000000003ffffff (prio 0, romd): virt.flash0 owner:{dev id=pflash0}';
  expectScope(g, romd, 'romd', 'storage.type.romd.qemu-capture');
  expectScope(g, romd, 'virt.flash0', 'entity.name.type.region.qemu-capture');
  expectScope(g, romd, 'pflash0', 'string.unquoted.qom-path.qemu-capture');
  const ppc = '      0000000080000000-00000000ffffffff (prio 0, i/o): alias pci@800000020000000.mmio32-alias @pci@800000020000000.mmio 0000000080000000-00000000ffffffff';
  expectScope(g, ppc, 'pci@800000020000000.mmio32-alias', 'entity.name.type.region.qemu-capture');
  expectScope(g, ppc, 'pci@800000020000000.mmio', 'variable.other.reference.qemu-capture', 1);
  const overflow = '[DETECTED OVERFLOW!]   0000000000000000-ffffffffffffffff (prio 0, i/o): big';
  expectScope(g, overflow, '[DETECTED OVERFLOW!]', 'invalid.illegal.overflow.qemu-capture');
  expectScope(g, overflow, 'big', 'entity.name.type.region.qemu-capture');
  expectScope(g, 'memory-region: pc.bios', 'pc.bios', 'entity.name.type.region.qemu-capture');
  expectScope(g, '  0000000000000000-0000000000000fff (prio 0, xyz): odd', 'xyz', 'invalid.illegal.region-type.qemu-capture');
});

test('qemu-capture: info mtree -f views, offsets, dispatch dump, from real captures', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const fd = fixture('qemu-7.2', 'mtree-f-d-o.txt');
  expectScope(g, 'FlatView #12', 'FlatView', 'keyword.other.header.qemu-capture');
  expectScope(g, 'FlatView #12', '12', 'constant.numeric.decimal.qemu-capture');
  const asLine = lineWith(fd, ' AS "I/O", root: io');
  expectScope(g, asLine, 'AS', 'keyword.other.header.qemu-capture');
  expectScope(g, asLine, 'I/O', 'entity.name.namespace.address-space.qemu-capture');
  expectScope(g, asLine, '"I/O"', 'string.quoted.double.qemu-capture');
  expectScope(g, asLine, 'io', 'entity.name.type.region.qemu-capture');
  const aliased = ' AS "vtd-root", root: vtd-00.0, alias vtd-nodmar';
  expectScope(g, aliased, 'vtd-00.0', 'entity.name.type.region.qemu-capture');
  expectScope(g, aliased, 'alias', 'keyword.other.alias.qemu-capture');
  expectScope(g, aliased, 'vtd-nodmar', 'variable.other.reference.qemu-capture');
  expectScope(g, ' Root memory region: (none)', '(none)', 'constant.language.none.qemu-capture');
  expectScope(g, ' Root memory region: bus master container', 'bus master container', 'entity.name.type.region.qemu-capture');
  expectScope(g, '  No rendered FlatView', 'No rendered FlatView', 'constant.language.no-flatview.qemu-capture');

  const off = lineWith(fd, '(prio 0, i/o): rtc @0000000000000001');
  expectScope(g, off, 'rtc', 'entity.name.type.region.qemu-capture');
  assert.ok(!scopesAt(g, off, ' @').includes('entity.name.type.region.qemu-capture'));
  expectScope(g, off, '@', 'keyword.operator.at.qemu-capture');
  expectScope(g, off, '0000000000000001', 'constant.numeric.hex.offset.qemu-capture');
  expectScope(g, off, 'owner', 'keyword.other.owner.qemu-capture');

  expectScope(g, lineWith(fd, 'Dispatch'), 'Dispatch', 'keyword.other.header.dispatch.qemu-capture');
  expectScope(g, lineWith(fd, 'Physical sections'), 'Physical sections', 'keyword.other.header.dispatch.qemu-capture');
  const section = lineWith(fd, '(noname) [unassigned]');
  expectScope(g, section, '(noname)', 'constant.language.noname.qemu-capture');
  expectScope(g, section, '[unassigned]', 'storage.modifier.flag.qemu-capture');
  const named = lineWith(fd, 'io [ROOT]');
  expectScope(g, named, 'io', 'entity.name.type.region.qemu-capture');
  expectScope(g, named, '[ROOT]', 'storage.modifier.flag.qemu-capture');
  expectScope(g, '      #2 @00000000000a0000..00000000000bffff vga-lowmem [ROM]', 'vga-lowmem', 'entity.name.type.region.qemu-capture');
  expectScope(g, '      #3 @00000000000c0000..00000000000dffff pc.rom [not dirty] [MRU]', '[not dirty]', 'storage.modifier.flag.qemu-capture');
  const nodes = lineWith(fd, 'Nodes (');
  expectScope(g, nodes, 'Nodes', 'keyword.other.header.dispatch.qemu-capture');
  expectScope(g, nodes, 'ptr', 'variable.parameter.key.qemu-capture');
  expectScope(g, nodes, 'skip', 'variable.parameter.key.qemu-capture');
  expectScope(g, lineWith(fd, '      [0]'), '0', 'constant.numeric.decimal.node.qemu-capture');
  const row = lineWith(fd, '\t  1..511');
  expectScope(g, row, '1', 'constant.numeric.decimal.qemu-capture');
  expectScope(g, row, 'NIL', 'constant.language.nil.qemu-capture');
  expectScope(g, lineWith(fd, 'ptr=[5]'), '[5]', 'variable.other.node.qemu-capture');
});

test('qemu-capture: info ramblock (7.2 and 10.0 columns), gpa2hva answers, trace, prompts, monitor messages', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const rb10 = fixture('qemu-10.0', 'ramblock.txt');
  const header = rb10.split('\n')[0] as string;
  for (const col of ['Block Name', 'PSize', 'Offset', 'Used', 'Total', 'HVA', 'RO']) expectScope(g, header, col, 'keyword.other.column.qemu-capture');
  const vram = lineWith(rb10, 'vga.vram');
  expectScope(g, vram, '0000:00:02.0/vga.vram', 'entity.name.type.ramblock.qemu-capture');
  expectScope(g, vram, '4 KiB', 'constant.numeric.size.qemu-capture');
  expectScope(g, vram, '0x00007f', 'constant.numeric.hex.hva.qemu-capture');
  expectScope(g, vram, 'rw', 'storage.modifier.rw.qemu-capture');
  const rb72 = fixture('qemu-7.2', 'ramblock.txt');
  const tables = lineWith(rb72, '/rom@etc/acpi/tables');
  expectScope(g, tables, '/rom@etc/acpi/tables', 'entity.name.type.ramblock.qemu-capture');
  expectScope(g, tables, '0x0000000000200000', 'constant.numeric.hex.total.qemu-capture');
  const empty = '                            4 KiB  0x0000000009340000 0x0000000004000000 0x0000000004000000 0x00007f0ffb400000  ro';
  expectScope(g, empty, '4 KiB', 'constant.numeric.size.qemu-capture');
  expectScope(g, empty, 'ro', 'storage.modifier.ro.qemu-capture');

  const gh = fixture('qemu-7.2', 'gpa2hva.txt');
  const prompt = lineWith(gh, '(qemu) gpa2hva');
  expectScope(g, prompt, '(qemu)', 'keyword.control.prompt.qemu.qemu-capture');
  expectScope(g, prompt, 'gpa2hva', 'entity.name.function.command.qemu-capture');
  expectScope(g, prompt, '0x', 'constant.numeric.hex.qemu-capture');
  const hit = lineWith(gh, 'Host virtual address for');
  expectScope(g, hit, 'Host virtual address for', 'keyword.other.gpa2hva.qemu-capture');
  expectScope(g, hit, 'pc.ram', 'entity.name.type.region.qemu-capture');
  expectScope(g, hit, '0x7f', 'constant.numeric.hex.hva.qemu-capture');
  const notRam = lineWith(gh, 'is not RAM');
  expectScope(g, notRam, '0x', 'constant.numeric.hex.gpa.qemu-capture');
  expectScope(g, notRam, 'is not RAM', 'keyword.other.gpa2hva.qemu-capture');
  expectScope(g, lineWith(gh, 'No memory is mapped'), 'No memory is mapped at address', 'keyword.other.gpa2hva.qemu-capture');
  const tsv = '0x0000000000100000\tHost virtual address for 0x100000 (pc.ram) is 0x7f91ebf00000';
  expectScope(g, tsv, '0x0000000000100000', 'constant.numeric.hex.gpa.qemu-capture');
  expectScope(g, tsv, 'pc.ram', 'entity.name.type.region.qemu-capture');

  const tr = fixture('qemu-7.2', 'trace.txt');
  const loop = lineWith(tr, 'find_ram_offset_loop');
  expectScope(g, loop, 'find_ram_offset_loop', 'entity.name.function.trace-event.qemu-capture');
  expectScope(g, loop, 'mingap', 'variable.parameter.key.qemu-capture');
  expectScope(g, loop, '0x40000', 'constant.numeric.hex.qemu-capture');
  const chosen = lineWith(tr, 'find_ram_offset size');
  expectScope(g, chosen, 'find_ram_offset', 'entity.name.function.trace-event.qemu-capture');
  expectScope(g, chosen, '@', 'keyword.operator.at.qemu-capture');
  expectScope(g, '12345@1700000000.123456:find_ram_offset size: 0x1000 @ 0x0', '12345', 'constant.numeric.decimal.pid.qemu-capture');

  const mtreePrompt = '(qemu) info mtree -f -d -o';
  expectScope(g, mtreePrompt, 'info', 'entity.name.function.command.qemu-capture');
  expectScope(g, mtreePrompt, 'mtree', 'entity.name.function.command.qemu-capture');
  expectScope(g, mtreePrompt, '-d', 'variable.parameter.option.qemu-capture');
  expectScope(g, 'mtree: unsupported option -d', 'mtree:', 'invalid.illegal.monitor-error.qemu-capture');
  expectScope(g, 'Try "help info mtree" for more information', 'Try', 'comment.line.hint.qemu-capture');
  expectScope(g, "QEMU 7.2.22 monitor - type 'help' for more information", 'QEMU', 'comment.line.banner.qemu-capture');
});

test('qemu-capture: gdb script dumps', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const text = readFileSync(join(ROOT, 'examples', 'captures', 'gdb-scripts.txt'), 'utf8');
  const p = lineWith(text, '(gdb) dump_flatview');
  expectScope(g, p, '(gdb)', 'keyword.control.prompt.gdb.qemu-capture');
  expectScope(g, p, 'dump_flatview', 'entity.name.function.command.qemu-capture');
  expectScope(g, p, '0x555557a2e650', 'constant.numeric.hex.qemu-capture');
  const as = lineWith(text, 'AddressSpace : memory');
  expectScope(g, as, 'AddressSpace', 'keyword.other.header.gdb.qemu-capture');
  expectScope(g, as, 'memory', 'entity.name.namespace.address-space.qemu-capture');
  expectScope(g, as, '0x5555566ed920', 'constant.numeric.hex.pointer.qemu-capture');
  expectScope(g, lineWith(text, 'Root MR'), '0x555556804b00', 'constant.numeric.hex.pointer.qemu-capture');
  expectScope(g, lineWith(text, '    FlatView : '), 'FlatView', 'keyword.other.header.gdb.qemu-capture');
  expectScope(g, lineWith(text, 'Dump MemoryRegion'), 'system', 'entity.name.type.region.qemu-capture');
  const mr = lineWith(text, ']:apic-msi');
  expectScope(g, mr, '00000000fee00000', 'constant.numeric.hex.address.qemu-capture');
  expectScope(g, mr, 'apic-msi', 'entity.name.type.region.qemu-capture');
  const fv = lineWith(text, 'offset_in_region 0000000000020000');
  expectScope(g, fv, 'offset_in_region', 'variable.parameter.key.qemu-capture');
  expectScope(g, fv, '0000000000020000', 'constant.numeric.hex.offset.qemu-capture');
});

test('qemu-capture: every non-blank line of the real captures and examples is recognised', () => {
  const g = loadGrammar('qemu-capture.tmLanguage.json');
  const texts: [string, string][] = [];
  for (const version of ['qemu-7.2', 'qemu-10.0']) {
    for (const f of ['mtree-o-D.txt', 'mtree-f-d-o.txt', 'mtree-f-d.txt', 'ramblock.txt', 'trace.txt', 'gpa2hva.txt', 'transcript.txt']) texts.push([`${version}/${f}`, fixture(version, f)]);
  }
  for (const f of ['aarch64-virt-secure-flatview-qemu10.txt', 'churn-ramblock-qemu10.txt', 'churn-trace-qemu72.txt', 'gdb-scripts.txt', 'pc-4G-mtree-o-D-qemu72.txt', 'pc-gpa2hva-qemu72.txt', 'q35-devices-qemu10.txt']) {
    texts.push([f, readFileSync(join(ROOT, 'examples', 'captures', f), 'utf8')]);
  }
  for (const [name, text] of texts) {
    for (const { line, scopes } of tokenize(g, text)) {
      const at = line.search(/\S/);
      if (at < 0) continue;
      const s = scopes[at] as string[];
      assert.ok(s.length > 1, `${name}: ${JSON.stringify(line)} is not recognised`);
      assert.ok(!s.some((x) => x.startsWith('invalid')), `${name}: ${JSON.stringify(line)}: ${s.join(' ')}`);
    }
  }
});
