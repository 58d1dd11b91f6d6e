import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../shared/fixtures';
import { allRules, expand, loadGrammar, regex, split } from './textmate';

// The grammar files and language-configuration.json as VS Code reads them: well formed, and (for the
// grammars) written in the regex syntax both Oniguruma and JavaScript understand.

const ROOT = repoRoot();

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
