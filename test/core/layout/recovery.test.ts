import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, parseLayout } from '../../../src/core';
import type { RegionDecl } from '../../../src/core';

/** A board whose third line (index 2) is replaced by a half-typed one. */
function board(broken: string): string {
  return [
    'container sys size 4G {',
    '  ram pc.ram size 1G',
    broken,
    '  ram b size 4K @ 0x2000 priority 1',
    '  rom c size 4K @ 0x3000 priority 2',
    '}',
    'address-space memory root sys',
    '',
  ].join('\n');
}

const HALF_TYPED = [
  '  alias a size 4K @ 0x1000 ->',
  '  alias a size 4K @ 0x1000 -> ',
  '  alias a ->',
  '  alias a size 4K @ 0x1000 -',
  '  alias a size 4K @',
  '  alias a size 4K @ (0x1000',
  '  alias a size 4K @ 0x1000 +',
  '  alias a size',
  '  alias a size 4K priority',
  '  alias a size 4K priority -',
  '  alias a size 4K offset',
  '  alias',
  '  ram',
];

for (const line of HALF_TYPED) {
  test(`a half-typed line keeps its errors to itself: ${JSON.stringify(line)}`, () => {
    const doc = analyzeDocument(board(line), 'layout');
    const errors = doc.issues.filter((i) => i.severity === 'error');
    assert.ok(errors.length > 0, 'the broken line is reported');
    for (const e of errors) assert.equal(e.span.line, 2, `${e.code} ${e.message} lies on line ${e.span.line + 1}`);
    // The next line's region is still a region of its own, not the broken one's attributes.
    const sys = doc.layout?.file.items[0] as RegionDecl;
    assert.deepEqual(sys.children.map((c) => c.name.text).slice(-2), ['b', 'c']);
  });
}

test('a line that ends after -> gets one error, the parser\'s: the target is not reported missing again', () => {
  const doc = analyzeDocument(board('  alias a size 4K @ 0x1000 ->'), 'layout');
  const errors = doc.issues.filter((i) => i.severity === 'error');
  assert.deepEqual(errors.map((e) => `${e.code} ${e.span.line}:${e.span.col}`), [`LP005 2:${'  alias a size 4K @ 0x1000 ->'.length}`]);
});

test('a half-typed address-space line keeps its errors to itself', () => {
  for (const line of ['address-space memory root', 'address-space memory', 'address-space']) {
    const { issues } = parseLayout(`ram a size 4K\n${line}\nram b size 4K\n`);
    assert.ok(issues.length > 0);
    for (const i of issues) assert.equal(i.span.line, 1, `${line}: ${i.code} ${i.message}`);
  }
});

test('a value on the next line still counts when it cannot start an item', () => {
  const { file, issues } = parseLayout('alias a size 4K ->\n  "pc.ram"\nram pc.ram size 4K\n');
  assert.deepEqual(issues, []);
  const a = file.items[0] as RegionDecl;
  assert.equal(a.attrs.find((x) => x.key === 'target')?.key, 'target');
});
