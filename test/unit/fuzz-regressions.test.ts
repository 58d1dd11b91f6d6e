/** Inputs the fuzz suites (test/fuzz) found breaking something, kept as plain tests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLayout } from '../../src/core';
import { codesAt } from './helpers';

test('layout lexer: whitespace the lexer does not skip (U+FEFF, U+00A0, U+2028) is one bad token, not an endless run of empty ones', () => {
  for (const ws of ['\uFEFF', '\u00A0', '\u2028', '\u3000']) {
    const { issues } = parseLayout(`ram r size 4K ${ws}\ncontainer system size 1M {${ws}\uFFFD\n}`);
    assert.deepEqual(codesAt(issues), ['LX001@1:15', 'LX001@2:27'], JSON.stringify(ws));
  }
});
