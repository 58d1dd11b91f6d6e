// Layout editing in the core: completion (cycle-free alias targets, addresses after `@`, what a trigger
// character asks for) and the "did you mean" quick fix for unknown names, with its bounded edit distance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument } from '../../../src/core';
import { DocumentIndex } from '../../../src/core/features/locate';
import { completeLayout } from '../../../src/core/features/completion';
import { codeActionsFor } from '../../../src/core/features/actions';
import { boundedDistance } from '../../../src/core/features/edit-distance';
import { closestNames } from '../../../src/core/features/suggest-names';
import { HOSTILE } from '../../fuzz/corpus';

function complete(text: string, line: number, col?: number, trigger?: string): string[] {
  const lineText = text.split('\n')[line] ?? '';
  const index = new DocumentIndex(analyzeDocument(text, 'layout'));
  return completeLayout(index, lineText, col ?? lineText.length, line, trigger).map((c) => c.label);
}

const BOARD = [
  'container sys size 4G {', //                                   0
  '  ram pc.ram $ram size 1G', //                                 1
  '  container bus size 1M @ 0x80000000 {', //                    2
  '    alias win @ 0x0 size 4K -> ', //                           3
  '    ram dev size 4K @ 0x1000', //                              4
  '  }', //                                                       5
  '  alias lo size 4K @ 0x40000000 -> bus', //                    6
  '  alias hi size 4K @ 0x50000000 -> lo', //                     7
  '  rom c size 4K @ ', //                                        8
  '}', //                                                         9
  'ram other $o size 4K', //                                      10
  'address-space memory root ', //                                11
  '',
].join('\n');

test('completion after -> never offers a target that makes an alias cycle', () => {
  const offered = complete(BOARD, 3, undefined, ' ');
  // win itself, its containers bus and sys, and lo and hi, which show bus: each would render win again.
  for (const bad of ['win', 'bus', 'sys', 'lo', 'hi']) assert.ok(!offered.includes(bad), `${bad} offered: ${offered.join(', ')}`);
  for (const good of ['pc.ram', '$ram', 'dev', 'c', 'other', '$o']) assert.ok(offered.includes(good), `${good} missing: ${offered.join(', ')}`);
  // An alias chain leading back: retargeting lo at hi (hi → lo) is a cycle, at pc.ram is not.
  const lo = complete(BOARD, 6, '  alias lo size 4K @ 0x40000000 -> '.length);
  assert.ok(!lo.includes('hi') && !lo.includes('lo') && !lo.includes('sys'), lo.join(', '));
  assert.ok(lo.includes('pc.ram') && lo.includes('bus'), lo.join(', '));
});

test('completion after root offers the regions, after @ the free addresses in the container', () => {
  const roots = complete(BOARD, 11, undefined, ' ');
  assert.ok(roots.includes('sys') && roots.includes('other'), roots.join(', '));
  const text = analyzeDocument(BOARD, 'layout');
  const items = completeLayout(new DocumentIndex(text), '  rom c size 4K @ ', '  rom c size 4K @ '.length, 8, '@');
  // pc.ram covers 0 … 1G, lo and hi follow it; bus lies at 2G: the ends of lo, hi and bus are free.
  assert.deepEqual(items.map((i) => i.label), ['0x40001000', '0x50001000', '0x80100000']);
  assert.match(items[0]?.detail ?? '', /free after lo/);
  assert.deepEqual(items.map((i) => i.sort), ['000', '001', '002']);
  // In the bus: win is 0 … 4K, dev 4K … 8K; what follows dev is free up to the bus's end.
  assert.deepEqual(complete(BOARD.replace('    ram dev size 4K @ 0x1000', '    ram dev size 4K @ 0x1000\n    ram new size 4K @ '), 5, undefined, '@'), ['0x2000']);
});

test('a trigger character asks only for what it starts', () => {
  assert.deepEqual(complete('container s size 1M {\n  \n}\n', 1, 2, ' '), [], 'a space while indenting opens nothing');
  assert.deepEqual(complete('ram a size \n', 0, undefined, ' '), [], 'a space after size opens nothing');
  assert.deepEqual(complete('ram a size 4K\nalias b >\n', 1, undefined, '>'), [], 'a lone > opens nothing');
  assert.deepEqual(complete('ram a size 4K\nalias b ->\n', 1, undefined, '>'), ['a']);
  assert.ok(complete('container s size 1M {\n  \n}\n', 1, 2).includes('ram'), 'asked for, keywords are offered');
});

test('did you mean: an unknown target or root gets the nearest declared name as a quick fix, never a cyclic one', () => {
  const text = [
    'container system size 4G {',
    '  ram pc.ram $ram size 1G',
    '  alias lo size 4K @ 0x40000000 -> pc.rma',
    '  alias s2 size 4K @ 0x50000000 -> sytsem',
    '  alias i2 size 4K @ 0x60000000 -> $rma',
    '}',
    'address-space memory root sytsem',
    'address-space io root nothing-like-it',
    '',
  ].join('\n');
  const doc = analyzeDocument(text, 'layout');
  const actions = codeActionsFor(new DocumentIndex(doc), doc.issues).filter((a) => a.code === 'LC001');
  const summary = actions.map((a) => `${a.issue?.span.line}:${a.title}:${a.edits.map((e) => `${e.span.line}.${e.span.col}-${e.span.endCol}=${e.text}`).join()}`);
  assert.deepEqual(summary, [
    '2:Did you mean pc.ram?:2.35-41=pc.ram',
    // line 3: system is s2's own container: a cycle, so no fix.
    '4:Did you mean $ram?:4.35-39=$ram',
    '6:Did you mean system?:6.26-32=system',
  ]);
  assert.ok(actions.every((a) => a.preferred === true && a.issue?.code === 'LC001'));
});

test('did you mean quotes a name that needs it', () => {
  const doc = analyzeDocument('ram "pc ram" size 4K\naddress-space memory root "pc rma"\n', 'layout');
  const fix = codeActionsFor(new DocumentIndex(doc), doc.issues).find((a) => a.code === 'LC001');
  assert.equal(fix?.edits[0]?.text, '"pc ram"');
});

/** The distance by the whole table, for comparison. */
function fullDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min(up[j] as number + 1, row[j - 1] as number + 1, up[j - 1] as number + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, (d[i - 2] as number[])[j - 2] as number + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

test('the bounded edit distance is the whole-table distance, capped at max + 1', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.'), maxLength: 9 });
  fc.assert(fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
    assert.equal(boundedDistance(a, b, max), Math.min(fullDistance(a, b), max + 1));
  }), { numRuns: 3000 });
  assert.equal(boundedDistance('pc.rma', 'pc.ram', 1), 1, 'a swap of neighbours is one edit');
});

test('did you mean among 200 000 names finds the near ones (length prefilter, banded distance)', () => {
  const names = Array.from({ length: 200_000 }, (_, i) => `device-${i.toString(36)}.mmio`);
  names.push('pc.ram');
  assert.deepEqual(closestNames('pc.rma', names), ['pc.ram']);
  assert.deepEqual(closestNames('device-zz.mmoi', names).slice(0, 1), ['device-zz.mmio']);
});

// How their time grows with the layout is measured by the hostile benchmark (npm run bench: the shape
// "layout: n misspelt alias targets and roots"), not here.
test('quick fixes on a big layout are capped per request, and completion leaves out what makes a cycle', () => {
  const n = 2_000;
  const text = HOSTILE['layout: n misspelt alias targets and roots']?.(n) ?? '';
  const doc = analyzeDocument(text, 'layout');
  const index = new DocumentIndex(doc);
  const line = 2;
  const lineText = text.split('\n')[line] as string;
  const fixes = codeActionsFor(index, doc.issues).filter((a) => a.code === 'LC001');
  assert.ok(fixes.length > 0 && fixes.length <= 50 * 3, `${fixes.length} fixes`);
  const targets = completeLayout(index, lineText, lineText.length, line);
  assert.ok(targets.length > n && !targets.some((t) => t.label === 'win-0' || t.label === 'system'));
});
