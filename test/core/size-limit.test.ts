import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/core';
import { limitText } from '../../src/core/size-limit';

test('a text within the limit is kept whole, without CAP005', () => {
  assert.deepEqual(limitText('a\nb\n', { maxChars: 4 }), { text: 'a\nb\n', issue: undefined });
  assert.deepEqual(limitText('a\nb\n', undefined), { text: 'a\nb\n', issue: undefined });
});

test('a longer text is cut after the last whole line within the limit; CAP005 sits on the first line left out', () => {
  const r = limitText('line0\nline1\nline2 is long\n', { maxChars: 14, raise: 'set X' });
  assert.equal(r.text, 'line0\nline1\n');
  assert.equal(r.issue?.code, 'CAP005');
  assert.deepEqual(r.issue?.span, { line: 2, col: 0, endLine: 2, endCol: 13 });
  assert.equal(r.issue?.message, 'File is larger than the analysis limit (14 B); only the first 2 lines were analysed (set X)');
});

test('CRLF and CR-only line ends; a first line longer than the limit leaves nothing', () => {
  assert.equal(limitText('ab\r\ncd\r\nef\r\n', { maxChars: 9 }).text, 'ab\r\ncd\r\n');
  const cr = limitText('ab\rcd\ref\r', { maxChars: 7 });
  assert.equal(cr.text, 'ab\rcd\r');
  assert.equal(cr.issue?.span.line, 2);
  const none = limitText('x'.repeat(100), { maxChars: 10 });
  assert.equal(none.text, '');
  assert.equal(none.issue?.args.lines, '0');
  assert.equal(limitText('abc\n', { maxChars: 0 }).text, '');
});

test('analyzeDocument with a limit: issues of the analysed part, then CAP005', () => {
  const text = 'ram r size 4K\nram s size 4K frob\nram t size 4K frob\n';
  const d = analyzeDocument(text, 'layout', { maxChars: 33 });
  assert.deepEqual(d.issues.map((i) => [i.code, i.span.line]), [['LP004', 1], ['CAP005', 2]]);
});
