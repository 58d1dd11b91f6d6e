import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCapture, toJsonData, writeJsonText } from '../../../src/core';
import { toJsonText } from './json-text';
import { fixtureFiles } from '../../shared/fixtures';

test('toJsonText writes what JSON.stringify writes, at every indent', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(0, 1, 2), (v, indent) => {
      assert.equal(toJsonText(v, indent), JSON.stringify(v, null, indent));
    }),
    { numRuns: 500 },
  );
  const odd = { a: undefined, b: [undefined, () => 1, Symbol('s'), NaN, -0, 'x"\u2028'], c: {}, d: [], e: new Map([[1, 2]]) };
  assert.equal(toJsonText(odd, 1), JSON.stringify(odd, null, 1));
  const data = toJsonData(parseCapture(fixtureFiles()[0]!.text));
  assert.equal(toJsonText(data, 1), JSON.stringify(data, null, 1));
});

test('toJsonText writes 100,000 levels of nesting, where JSON.stringify overflows the stack', () => {
  const root: { children: unknown[] } = { children: [] };
  let at = root;
  for (let i = 0; i < 100_000; i++) {
    const next = { children: [] };
    at.children.push(next);
    at = next;
  }
  assert.throws(() => JSON.stringify(root), RangeError);
  const text = toJsonText(root);
  assert.equal(text.length, '{"children":[]}'.length + 100_000 * '{"children":[]}'.length);
  assert.ok(text.startsWith('{"children":[{"children":[{'));
});

test('writeJsonText hands the text over in pieces of about the chunk size', () => {
  const data = toJsonData(parseCapture(fixtureFiles()[0]!.text));
  const pieces: string[] = [];
  writeJsonText(data, 2, (t) => pieces.push(t), 4096);
  assert.ok(pieces.length > 2);
  assert.ok(pieces.slice(0, -1).every((p) => p.length >= 4096 && p.length < 8192));
  assert.equal(pieces.join(''), JSON.stringify(data, null, 2));
});
