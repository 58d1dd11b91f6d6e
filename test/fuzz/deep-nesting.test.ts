/**
 * Input-controlled depth never becomes stack depth: 10,000-level nesting in captures and layouts, and
 * 10,000-long alias chains, go through every parser, the engine, each feature, the CLI's JSON and the
 * server's wire model without a RangeError. (A capture nested 10,000 levels is 100 MB of indentation:
 * these tests take seconds because the input is big, not because anything is slow.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalyzedDocument, Capture } from '../../src/core';
import { analyzeDocument, reflattenCapture } from '../../src/core';
import { main } from '../../src/cli/main';
import type { Io } from '../../src/cli/io';
import { placementsOf, visibleOf } from '../../src/core/features/regions';
import type { WireRegion } from '../../src/protocol';
import { MAX_WIRE_DEPTH, WireBuilder } from '../../src/server/wire';
import { HOSTILE, aliasChainLayout, aliasChainMtree, deepLayout, deepMtree } from './corpus';
import { exercise } from './exercise';

const DEPTH = 10_000;

function runCli(text: string, ...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), readText: () => text };
  return { code: main(argv, io), out, err };
}

/** The wire tree of a document's first address space: its depth and how many regions it lists. */
function wireShape(doc: AnalyzedDocument): { depth: number; regions: number; json: string } {
  const model = doc.model;
  const root = model?.views[0]?.spaces[0]?.root;
  assert.ok(model && root);
  const wire = new WireBuilder(model, placementsOf(model), visibleOf(model)).region(root);
  let depth = 0;
  let regions = 0;
  const stack: [WireRegion, number][] = [[wire, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    regions++;
    depth = Math.max(depth, top[1]);
    for (const c of top[0].children) stack.push([c, top[1] + 1]);
  }
  return { depth, regions, json: JSON.stringify(wire) };
}

test('a capture nested 10,000 levels: parsed, flattened, every feature, convert, the wire tree', () => {
  const doc = exercise(deepMtree(DEPTH), [{ line: DEPTH, col: 2 * DEPTH + 20 }, { line: DEPTH + 1, col: 4 * DEPTH }, { line: 1, col: 3 }]);
  assert.deepEqual(doc.issues.filter((i) => i.severity === 'error'), []);
  assert.equal(doc.model?.views[0]?.ranges.find((r) => r.mr.name === 'leaf')?.start, 0x1000n);
  const wire = wireShape(doc);
  assert.equal(wire.regions, DEPTH + 1, 'every region is listed');
  assert.equal(wire.depth, MAX_WIRE_DEPTH + 1, 'deeper ones under their ancestor at the limit');
  assert.ok(wire.json.includes('"name":"leaf"'));
});

test('a layout nested 10,000 levels: parsed, built, formatted, every feature, the wire tree', () => {
  const doc = exercise(deepLayout(DEPTH), [{ line: DEPTH, col: 5 }, { line: 0, col: 12 }, { line: 2 * DEPTH + 2, col: 12 }]);
  assert.deepEqual(doc.issues, []);
  assert.equal(doc.model?.views[0]?.ranges[0]?.mr.name, 'leaf');
  const wire = wireShape(doc);
  assert.equal(wire.regions, DEPTH + 1);
  assert.ok(wire.json.includes('"name":"leaf"'));
});

test('alias chains of 10,000 in a capture and a layout resolve to their end', () => {
  const capture = exercise(aliasChainMtree(DEPTH), [{ line: 2, col: 60 }]);
  assert.deepEqual(capture.issues.filter((i) => i.severity === 'error'), []);
  assert.equal(capture.model?.views[0]?.ranges[0]?.mr.name, `r${DEPTH}`);
  const layout = exercise(aliasChainLayout(DEPTH), [{ line: 1, col: 30 }]);
  assert.deepEqual(layout.issues.filter((i) => i.severity === 'error'), []);
  assert.equal(layout.model?.views[0]?.ranges[0]?.mr.name, `a${DEPTH}`);
});

test('the CLI answers every command on a 10,000-level layout, and parse --json on a 10,000-level capture', () => {
  const layout = deepLayout(DEPTH);
  for (const argv of [['parse', 'doc'], ['lint', 'doc'], ['flatview', 'doc', '--json'], ['ramblocks', 'doc', '--json', '--hva'], ['gpa2hva', 'doc', '0x1000', '--json'], ['hva2gpa', 'doc', '0x7f0000000000'], ['why', 'doc', '0x1000', '--json'], ['fmt', '--check', 'doc']]) {
    const r = runCli(layout, ...argv);
    assert.ok([0, 1].includes(r.code), `${argv.join(' ')}: exit ${r.code} ${r.err.slice(0, 300)}`);
  }
  // Indented, the JSON of a 10,000-level tree is longer than a string can be: it is written in pieces.
  let written = 0;
  let last = '';
  const sink: Io = { out: (t) => ((written += t.length), (last = t)), err: (t) => assert.fail(t), readText: () => deepMtree(DEPTH) };
  assert.equal(main(['parse', 'doc', '--json'], sink), 0);
  assert.ok(written > 2 ** 29, `${written} characters`);
  assert.equal(last, '\n');
  // At 2,000 levels (where JSON.stringify already fails) the text is small enough to read back.
  const r = runCli(deepMtree(2_000), 'parse', 'doc', '--json');
  assert.equal(r.code, 0, r.err);
  const parsed = JSON.parse(r.out) as { sections: { groups: { root: unknown }[] }[] };
  let depth = 0;
  for (let node = parsed.sections[0]?.groups[0]?.root as { children: unknown[] } | undefined; node; node = node.children[0] as typeof node | undefined) depth++;
  assert.equal(depth, 2_001);
});

// Width too: a list of some 120,000 items spread as call arguments (`list.push(...items)`) overflows the
// stack. A gdb session of 150,000 address spaces on one root did, in the gdb model's join.
test('a gdb session of 150,000 address spaces on one root: analysed and reflattened without a RangeError', () => {
  const text = HOSTILE['gdb: n address spaces sharing one root and one view']?.(150_000) ?? '';
  const doc = analyzeDocument(text);
  assert.equal(doc.capture?.gdb?.flat?.views.reduce((n, v) => n + v.spaces.length, 0), 150_000);
  assert.ok(reflattenCapture(doc.capture as Capture));
});
