/**
 * Alias cycles and self-aliases, in layouts and captures: analysis, every feature, convert and the CLI
 * terminate, and the cycle is reported where it is written (LY110 in layouts, RF007 in captures).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, makeMr } from '../../../src/core';
import { AliasEnds } from '../../../src/core/engine/mr';
import type { Mr } from '../../../src/core/engine/mr';
import { exercise } from '../../fuzz/exercise';
import { codesAt } from '../../shared/helpers';

const R = (start: string, end: string): string => `${start.padStart(16, '0')}-${end.padStart(16, '0')}`;

function cycleCodes(text: string): string[] {
  const doc = exercise(text, [{ line: 1, col: 10 }, { line: 2, col: 12 }, { line: 4, col: 8 }]);
  return codesAt(doc.issues.filter((i) => i.code === 'LY110' || i.code === 'RF007'));
}

test('layout: an alias to itself', () => {
  assert.deepEqual(cycleCodes(['container s size 1M {', '  alias self @0 size 4K -> self', '}', 'address-space memory root s'].join('\n')), ['LY110@2:9']);
});

test('layout: A → B → A, and a root that is an alias of itself', () => {
  assert.deepEqual(cycleCodes(['container s size 1M {', '  alias a @0 size 4K -> b', '}', 'alias b size 4K -> a', 'address-space memory root s'].join('\n')), ['LY110@2:9']);
  const rootSelf = analyzeDocument(['alias r size 4K -> r', 'address-space memory root r'].join('\n'), 'layout');
  assert.ok(rootSelf.issues.some((i) => i.code === 'LY110'), codesAt(rootSelf.issues).join(' '));
});

test('capture: an info mtree alias of the tree it sits in, over itself (a window beside itself is no cycle)', () => {
  const over = ['address-space: memory', `  ${R('0', 'ffffffffffffffff')} (prio 0, i/o): system`, `    ${R('0', 'fff')} (prio 0, i/o): alias loop @system ${R('0', 'fff')}`].join('\n');
  assert.deepEqual(cycleCodes(over), ['RF007@3:60']);
  const beside = ['address-space: memory', `  ${R('0', 'ffffffffffffffff')} (prio 0, i/o): system`, `    ${R('1000', '1fff')} (prio 0, i/o): alias window @system ${R('0', 'fff')}`].join('\n');
  assert.deepEqual(cycleCodes(beside), []);
});

test('capture: memory-region sections whose aliases refer to each other', () => {
  const text = [
    'address-space: memory',
    `  ${R('0', 'ffffffffffffffff')} (prio 0, i/o): system`,
    `    ${R('0', 'fff')} (prio 0, i/o): alias to-a @a ${R('0', 'fff')}`,
    '',
    'memory-region: a',
    `  ${R('0', 'fff')} (prio 0, i/o): a`,
    `    ${R('0', 'fff')} (prio 0, i/o): alias a-to-b @b ${R('0', 'fff')}`,
    '',
    'memory-region: b',
    `  ${R('0', 'fff')} (prio 0, i/o): b`,
    `    ${R('0', 'fff')} (prio 0, i/o): alias b-to-a @a ${R('0', 'fff')}`,
  ].join('\n');
  const codes = cycleCodes(text);
  assert.ok(codes.length >= 1 && codes.every((c) => c.startsWith('RF007@')), codes.join(' '));
  const doc = analyzeDocument(text);
  assert.deepEqual(doc.model?.views.flatMap((v) => v.ranges.map((r) => r.mr.name)), [], 'the cycle renders nothing');
});

test('capture: a section that is an alias of itself', () => {
  const text = ['memory-region: self', `  ${R('0', 'fff')} (prio 0, i/o): alias self @self ${R('0', 'fff')}`, '', 'address-space: memory', `  ${R('0', 'ffffffffffffffff')} (prio 0, i/o): system`, `    ${R('0', 'fff')} (prio 0, i/o): alias in @self ${R('0', 'fff')}`].join('\n');
  const codes = cycleCodes(text);
  assert.ok(codes.length >= 1 && codes.every((c) => c.startsWith('RF007@')), codes.join(' '));
});

test('alias chains end where their last alias points, once for the whole chain; a cycle ends nowhere', () => {
  const ram = makeMr(1, 'ram', 'ram', 0n, 0x1000n);
  const chain: Mr[] = [];
  let target = ram;
  for (let i = 0; i < 5; i++) chain.push((target = makeMr(10 + i, `a${i}`, 'container', 0n, 0x1000n, { alias: target })));
  const a = makeMr(20, 'a', 'container', 0n, 0x1000n);
  const b = makeMr(21, 'b', 'container', 0n, 0x1000n, { alias: a });
  a.alias = b;
  const into = makeMr(22, 'into-cycle', 'container', 0n, 0x1000n, { alias: a });
  const ends = new AliasEnds();
  // From the middle first, then from the top: the memo answers the rest.
  assert.equal(ends.of(chain[2] as Mr), ram);
  assert.equal(ends.of(chain[4] as Mr), ram);
  assert.equal(ends.of(chain[0] as Mr), ram);
  assert.equal(ends.of(ram), ram);
  assert.equal(ends.of(into), undefined);
  assert.equal(ends.of(b), undefined);
  assert.equal(ends.of(a), undefined);
});
