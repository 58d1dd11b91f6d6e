import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentIndex } from '../../../src/core/features/locate';
import { documentSymbols } from '../../../src/core/features/symbols';
import { foldingRanges } from '../../../src/core/features/folding';
import { semanticTokens } from '../../../src/core/features/tokens';
import { inlayHints } from '../../../src/core/features/inlay';
import { fixtureFiles, fixtureMachines, repoRoot } from '../../shared/fixtures';
import { checkFolds, checkSymbols, checkTokens, read } from './structure-checks';

test('symbols, folds, tokens: well formed on every fixture file and example', () => {
  const examples = join(repoRoot(), 'examples', 'captures');
  const files = [
    ...fixtureFiles().map((f) => ({ where: `${f.version}/${f.config}/${f.file}`, text: f.text })),
    ...readdirSync(examples).map((f) => ({ where: f, text: readFileSync(join(examples, f), 'utf8') })),
  ];
  for (const { where, text } of files) {
    const { doc, lines } = read(text);
    checkSymbols(documentSymbols(doc, lines), where);
    checkFolds(foldingRanges(doc), lines.length, where);
    checkTokens(semanticTokens(doc, lines), lines, where);
  }
});

test('symbols, folds, tokens, hints: a whole machine at once, on every fixture machine', () => {
  for (const [version, config] of fixtureMachines()) {
    const text = fixtureFiles().filter((f) => f.version === version && f.config === config).map((f) => f.text).join('\n');
    const { doc, lines } = read(text);
    const where = `${version}/${config}`;
    checkSymbols(documentSymbols(doc, lines), where);
    checkFolds(foldingRanges(doc), lines.length, where);
    checkTokens(semanticTokens(doc, lines), lines, where);
    const hints = inlayHints(new DocumentIndex(doc), 0, lines.length);
    for (const h of hints) assert.ok(h.col <= (lines[h.line] ?? '').length, `${where}: hint past the end of line ${h.line}`);
  }
});
