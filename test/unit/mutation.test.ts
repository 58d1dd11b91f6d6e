import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCapture } from '../../src/core';
import type { Capture } from '../../src/core';
import { fixtureFiles } from './fixtures';

/** Seeded so a failure can be replayed: QMM_SEED=<n> npm run test:unit. */
const seed = Number(process.env.QMM_SEED ?? Date.now() % 2147483647);
const runs = Number(process.env.QMM_FUZZ_RUNS ?? 300);
const texts = fixtureFiles().map((f) => f.text);

type Mutation =
  | { op: 'delete' | 'duplicate' | 'truncate' | 'swap'; at: number; arg: number }
  | { op: 'bytes'; at: number; bytes: string }
  | { op: 'cr-only' | 'crlf' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'duplicate', 'truncate', 'swap'), at: fc.nat(), arg: fc.nat() }),
  fc.record({ op: fc.constant('bytes'), at: fc.nat(), bytes: fc.string({ unit: 'binary', maxLength: 40 }) }),
  fc.record({ op: fc.constantFrom('cr-only', 'crlf') }),
) as fc.Arbitrary<Mutation>;

function apply(text: string, muts: Mutation[]): string {
  let lines = text.split('\n');
  for (const m of muts) {
    const n = Math.max(1, lines.length);
    switch (m.op) {
      case 'delete': lines.splice(m.at % n, 1 + (m.arg % 3)); break;
      case 'duplicate': lines.splice(m.at % n, 0, ...lines.slice(m.at % n, (m.at % n) + 1 + (m.arg % 3))); break;
      case 'truncate': { const l = lines[m.at % n] ?? ''; lines[m.at % n] = l.slice(0, m.arg % (l.length + 1)); break; }
      case 'swap': { const a = m.at % n; const b = m.arg % n; const t = lines[a] ?? ''; lines[a] = lines[b] ?? ''; lines[b] = t; break; }
      case 'bytes': { const i = m.at % n; const l = lines[i] ?? ''; const c = m.at % (l.length + 1); lines[i] = l.slice(0, c) + m.bytes + l.slice(c); break; }
      case 'cr-only': lines = [lines.join('\r')]; break;
      case 'crlf': lines = [lines.join('\r\n')]; break;
    }
  }
  return lines.join('\n');
}

/** Every span must lie inside the text: editors reject diagnostics that point nowhere. */
function checkSpans(c: Capture, text: string): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const i of c.issues) {
    assert.ok(i.span.line >= 0 && i.span.endLine < lineCount + 1, `${i.code} line ${i.span.line} of ${lineCount}`);
    assert.ok(i.span.col >= 0 && i.span.endCol >= 0, `${i.code} columns`);
    assert.ok(typeof i.message === 'string' && i.message.length > 0);
  }
}

test(`mutated fixtures never make the parser throw (seed ${seed}, ${runs} runs)`, () => {
  console.log(`mutation fuzz seed: ${seed} (replay with QMM_SEED=${seed})`);
  fc.assert(
    fc.property(fc.nat({ max: texts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (which, muts) => {
      const text = apply(texts[which] as string, muts);
      const c = parseCapture(text);
      checkSpans(c, text);
    }),
    { seed, numRuns: runs },
  );
});

test(`arbitrary strings never make the parser throw (seed ${seed})`, () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      checkSpans(parseCapture(text), text);
    }),
    { seed, numRuns: runs },
  );
});

test('hostile shapes: huge numbers, 2^64 edges, deep nesting, long lines, NUL bytes', () => {
  const deep = ['address-space: memory'];
  for (let d = 1; d <= 10000; d++) deep.push(`${' '.repeat(2 * d)}0000000000000000-ffffffffffffffff (prio 0, i/o): r${d}`);
  const cases = [
    deep.join('\n'),
    'address-space: m\n  ' + '0'.repeat(1_000_000) + '-1 (prio 0, ram): x',
    'address-space: m\n  0000000000000000-ffffffffffffffff (prio 0, i/o): ' + ' owner:{dev id='.repeat(60_000),
    'FlatView #0\n AS "' + '"'.repeat(500_000) + '", root: x',
    'address-space: m\n  0000000000000000-10000000000000000 (prio 99999999999, ram): big',
    '\0\0\0address-space: \0\n\0  0-0 (prio 0, ram): \0',
    '\uFFFD'.repeat(100_000),
  ];
  for (const text of cases) checkSpans(parseCapture(text), text);
});
