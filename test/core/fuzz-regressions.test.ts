/** Inputs the fuzz suites (test/fuzz) found breaking something, kept as plain tests. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, captureToLayout, parseCapture, parseLayout } from '../../src/core';
import { codeActionsFor } from '../../src/core/features/actions';
import { DocumentIndex } from '../../src/core/features/locate';
import { codesAt } from '../shared/helpers';

test('layout lexer: whitespace the lexer does not skip (U+FEFF, U+00A0, U+2028) is one bad token, not an endless run of empty ones', () => {
  for (const ws of ['\uFEFF', '\u00A0', '\u2028', '\u3000']) {
    const { issues } = parseLayout(`ram r size 4K ${ws}\ncontainer system size 1M {${ws}\uFFFD\n}`);
    assert.deepEqual(codesAt(issues), ['LX001@1:15', 'LX001@2:27'], JSON.stringify(ws));
  }
});

test('a subregion printed below its container wrapped (hwaddr): it renders nothing, and converts to a layout that parses', () => {
  const text = [
    'address-space: memory',
    '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
    '    0000000000001000-0000000000001fff (prio 0, i/o): dev',
    '      0000000000000ff0-0000000000001007 (prio 1, ram): below',
    '      0000000000001100-00000000000011ff (prio 0, ram): inside',
  ].join('\n');
  const doc = analyzeDocument(text, 'capture');
  const below = doc.model?.views[0]?.ranges.filter((r) => r.mr.name === 'below');
  assert.deepEqual(below, []);
  assert.ok(doc.model?.views[0]?.ranges.some((r) => r.mr.name === 'inside'));
  const converted = captureToLayout(parseCapture(text));
  assert.ok(converted);
  assert.match(converted.text, /ram below @0xfffffffffffffff0 size 0x18/);
  assert.deepEqual(codesAt(parseLayout(converted.text).issues), []);
});

test('a disabled root QEMU did not print, whose printed subregion wrapped, is at most 2^64 bytes', () => {
  const text = ['address-space: I/O', '      0000000000000004-0000000000000005 (prio 0, i/o): a', '    0000000000000000-0000000000000007 (prio 0, i/o): b'].join('\n');
  const converted = captureToLayout(parseCapture(text));
  assert.ok(converted);
  assert.deepEqual(codesAt(parseLayout(converted.text).issues), []);
});

test('quick fixes are found by position and sibling index (not a scan per issue; bench/hostile-bench.ts measures it): LY101 still states the insertion order', () => {
  const text = ['container s size 1M {', '  ram x @64K size 4K', '  ram a @0 size 8K', '  io b @4K size 8K', '}', 'address-space memory root s'].join('\n');
  const doc = analyzeDocument(text, 'layout');
  const actions = codeActionsFor(new DocumentIndex(doc), doc.issues);
  const order = actions.find((a) => a.title.startsWith('State the insertion order'));
  assert.ok(order, actions.map((a) => a.title).join('; '));
  assert.equal(order.title, 'State the insertion order (b added last, wins)');
  assert.deepEqual(order.edits.map((e) => e.text), [' order 1', ' order 2']);
});
