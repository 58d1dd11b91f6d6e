import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../shared/fixtures';
import { expectScope, loadGrammar, tokenize } from './textmate';

// The memlayout grammar (syntaxes/memlayout.tmLanguage.json), run through the small tokenizer of textmate.ts.

const ROOT = repoRoot();

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
