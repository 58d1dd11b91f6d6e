/**
 * Every parser on mutated real documents, arbitrary strings and hostile shapes: no exception, every issue
 * span inside the text, formatting stable. Seeded (see seed.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildLayout, formatLayout, parseCapture, parseLayout, splitLines } from '../../src/core';
import type { Issue } from '../../src/core';
import { HOSTILE, captureSamples, layoutSamples } from './corpus';
import { assertSpanIn } from './exercise';
import { applyMutations, mutations } from './mutate';
import { fuzzParams } from './seed';

const captures = captureSamples().map((s) => s.text);
const layouts = layoutSamples().map((s) => s.text);

function checkIssues(issues: readonly Issue[], text: string): void {
  const { lines } = splitLines(text);
  for (const i of issues) {
    assertSpanIn(i.span, lines, i.code);
    assert.ok(i.message.length > 0);
  }
}

function checkLayout(text: string): void {
  const { file, issues } = parseLayout(text);
  checkIssues(issues, text);
  checkIssues(buildLayout(file).issues, text);
  const once = formatLayout(text);
  if (once !== undefined) assert.equal(formatLayout(once), once, 'formatting is stable');
}

test('capture parsers: mutated real captures', () => {
  fc.assert(
    fc.property(fc.nat({ max: captures.length - 1 }), mutations, (which, muts) => {
      const text = applyMutations(captures[which] as string, muts);
      checkIssues(parseCapture(text).issues, text);
    }),
    fuzzParams(3),
  );
});

test('layout parser, builder and formatter: mutated layouts', () => {
  fc.assert(
    fc.property(fc.nat({ max: layouts.length - 1 }), mutations, (which, muts) => checkLayout(applyMutations(layouts[which] as string, muts))),
    fuzzParams(3),
  );
});

test('every parser: arbitrary text, and text made of the formats\' own pieces', () => {
  const pieces = fc.constantFrom(
    'address-space: ', 'memory-region: ', 'FlatView #0\n', ' AS "x", root: y\n', ' Root memory region: ', '(qemu) ', 'info mtree\n', '(prio 0, ram): ', '(prio -1, i/o): ',
    'alias ', ' @', '0000000000000000-ffffffffffffffff ', '-', ' [disabled]', '\n', '  ', 'Block Name    PSize              Offset               Used              Total\n',
    'Host virtual address for 0x0 (pc.ram) is 0x7f0000000000\n', 'find_ram_offset ', 'Dump MemoryRegion:', 'container ', 'ram ', 'alias ', ' size 4K', ' @0x1000', ' -> ', '{', '}', '$', 'address-space m root ', 'ramblock ', ' priority 1', ' offset ',
  );
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.array(pieces, { maxLength: 60 }).map((a) => a.join(''))), (text) => {
      checkIssues(parseCapture(text).issues, text);
      checkLayout(text);
    }),
    fuzzParams(5),
  );
});

test('hostile shapes at 10,000: nesting, alias chains, 1 MB lines, huge numbers, CR-only lines, NUL bytes', () => {
  for (const [name, make] of Object.entries(HOSTILE)) {
    const text = make(name.includes('nested') ? 2_000 : 10_000);
    checkIssues(parseCapture(text).issues, text);
    checkLayout(text);
  }
});
