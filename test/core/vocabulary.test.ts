import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURE_FIRST_LINE, CAPTURE_START, LAYOUT_START } from '../../src/core/document-starts';
import { BLOCK_FIELDS, BLOCK_FLAGS, BLOCK_KEYWORD, ITEM_KEYWORDS, LAYOUT_KEYWORDS, REGION_EXPR_WORDS, REGION_FLAGS, REGION_INT_WORDS, REGION_KEYWORDS, ROOT_KEYWORD, SPACE_KEYWORD } from '../../src/core/layout/keywords';
import type { MrKind } from '../../src/core/model/region-kind';
import { kindOfKeyword, kindOfTypeWord, keywordOfKind, typeWordOfKind } from '../../src/core/model/region-kind';
import { fixtureFiles, repoRoot } from '../shared/fixtures';

/** The alternatives of a `^(a|b|…)` or `^(?:a|b|…)` pattern (none of them holds a `|`). */
function alternatives(source: string): string[] {
  const m = /^\^\((?:\?:)?(.*)\)$/.exec(source);
  assert.ok(m, source);
  return (m[1] as string).split('|');
}

test("package.json's firstLine is the core's capture start, narrowed for line 1 of any file", () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: { languages: { id: string; firstLine?: string }[] } };
  const firstLine = pkg.contributes.languages.find((l) => l.id === 'qemu-capture')?.firstLine ?? '';
  assert.equal(firstLine, CAPTURE_FIRST_LINE);
  // The exact relation: the same starts in the same order, with a gdb prompt only before the script's
  // dump_ commands, and no gpa2hva answer or trace line.
  const narrowed = alternatives(CAPTURE_START.source)
    .filter((s) => s !== 'Host virtual address for ' && s !== '\\[[0-9a-f]+-[0-9a-f]+\\]')
    .map((s) => (s === '\\(gdb\\)' ? '\\(gdb\\) dump_' : s));
  assert.deepEqual(alternatives(firstLine), narrowed);
  assert.equal(alternatives(CAPTURE_START.source).length, narrowed.length + 2);
});

test('every line the firstLine takes for a capture, the core does too', () => {
  const firstLine = new RegExp(CAPTURE_FIRST_LINE);
  let seen = 0;
  for (const f of fixtureFiles()) {
    for (const line of f.text.split(/\r\n|\r|\n/)) {
      if (!firstLine.test(line)) continue;
      seen++;
      assert.ok(CAPTURE_START.test(line), `${f.version}/${f.config}/${f.file}: ${line}`);
    }
  }
  assert.ok(seen > 0);
});

test('a layout starts with an item keyword, and no capture start is one', () => {
  for (const k of ITEM_KEYWORDS) {
    assert.ok(LAYOUT_START.test(`${k} x`), k);
    assert.ok(!CAPTURE_START.test(`${k} x`), k);
  }
  assert.ok(!LAYOUT_START.test('address-space: memory'));
  assert.ok(CAPTURE_START.test('address-space: memory'));
});

/** The words of the first `(a|b|…)` or `(?:a|b|…)` group of lowercase words in a grammar rule's match. */
function grammarWords(match: string | undefined): string[] {
  const m = /\((?:\?:)?((?:[a-z-]+\|)*[a-z-]+)\)/.exec(match ?? '');
  assert.ok(m, match);
  return (m[1] as string).split('|');
}

test('the TextMate grammar names the words of layout/keywords.ts', () => {
  const grammar = JSON.parse(readFileSync(join(repoRoot(), 'syntaxes', 'memlayout.tmLanguage.json'), 'utf8')) as { repository: Record<string, { match?: string }> };
  const rule = (name: string): string | undefined => grammar.repository[name]?.match;
  const sorted = (words: Iterable<string>): string[] => [...new Set(words)].sort();
  assert.deepEqual(sorted(grammarWords(rule('region-declaration'))), sorted(REGION_KEYWORDS));
  assert.deepEqual(grammarWords(rule('address-space-declaration')), [SPACE_KEYWORD]);
  assert.ok((rule('address-space-declaration') ?? '').includes(`(${ROOT_KEYWORD})`));
  assert.deepEqual(grammarWords(rule('ramblock-declaration')), [BLOCK_KEYWORD]);
  const attributes = grammarWords(rule('attribute'));
  const flags = grammarWords(rule('flag'));
  assert.deepEqual(sorted(attributes), sorted([...REGION_EXPR_WORDS, ...REGION_INT_WORDS, ...BLOCK_FIELDS]));
  assert.deepEqual(sorted(flags), sorted([...REGION_FLAGS, ...BLOCK_FLAGS]));
  assert.deepEqual(sorted([...REGION_KEYWORDS, SPACE_KEYWORD, ROOT_KEYWORD, BLOCK_KEYWORD, ...attributes, ...flags]), sorted(LAYOUT_KEYWORDS));
});

test('a region keyword and its kind go both ways', () => {
  for (const k of REGION_KEYWORDS) assert.equal(keywordOfKind(kindOfKeyword(k), k === 'rom', k === 'alias'), k);
  const kinds: MrKind[] = ['container', 'ram', 'io', 'rom-device', 'ram-device'];
  assert.deepEqual(kinds.map((k) => typeWordOfKind(k, false, false)), ['i/o', 'ram', 'i/o', 'i/o', 'ramd']);
  assert.deepEqual(kinds.map((k) => typeWordOfKind(k, true, true)), ['i/o', 'rom', 'i/o', 'romd', 'ramd']);
});

test('a printed type word names a kind only when no other kind prints it', () => {
  assert.equal(kindOfTypeWord('ram'), 'ram');
  assert.equal(kindOfTypeWord('rom'), 'ram');
  assert.equal(kindOfTypeWord('romd'), 'rom-device');
  assert.equal(kindOfTypeWord('ramd'), 'ram-device');
  assert.equal(kindOfTypeWord('container'), 'container');
  // QEMU prints i/o for I/O regions, pure containers before 10.0 and ROM devices out of romd mode.
  assert.equal(kindOfTypeWord('i/o'), undefined);
  // Each word a kind prints in a state leads back to that kind (i/o aside).
  for (const kind of ['container', 'ram', 'io', 'rom-device', 'ram-device'] as const) {
    for (const [ro, romd] of [[false, false], [true, false], [false, true]] as const) {
      const word = typeWordOfKind(kind, ro, romd);
      if (word !== 'i/o') assert.equal(kindOfTypeWord(word), kind);
    }
  }
});
