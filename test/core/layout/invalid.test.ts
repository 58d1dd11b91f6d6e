import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core';
import type { Issue } from '../../../src/core';
import { repoRoot } from '../../shared/fixtures';

const DIR = join(repoRoot(), 'test', 'layouts', 'invalid');

/** Every issue of a layout, as the editor and the CLI get them: parse, build and lint. */
function layoutIssues(text: string): Issue[] {
  return analyzeDocument(text, 'layout').issues;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.memlayout')).sort();

test('there is an invalid layout for every lint rule', () => {
  for (let n = 101; n <= 110; n++) assert.ok(files.some((f) => f.startsWith(`ly${n}-`)), `no test/layouts/invalid/ly${n}-*.memlayout`);
});

for (const file of files) {
  test(`invalid layout ${file}: exactly the expected diagnostics`, () => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const m = /^# expect:((?: +[A-Z]+\d+@\d+:\d+)+) *$/m.exec(text.split(/\r\n|\r|\n/, 1)[0] ?? '');
    assert.ok(m, `${file}: the first line must be "# expect: CODE@LINE:COL ..."`);
    const expected = (m[1] as string).trim().split(/ +/).sort();
    const found = layoutIssues(text)
      .filter((i) => i.severity !== 'hint')
      .map((i) => `${i.code}@${i.span.line + 1}:${i.span.col + 1}`)
      .sort();
    assert.deepEqual(found, expected);
  });
}
