/**
 * The engine and every editor feature on mutated captures and layouts, read as either kind, at random
 * cursor positions: nothing throws, spans point into the text, formatting is stable, a capture converts to
 * a layout that parses. Seeded (see seed.ts).
 */
import { test } from 'node:test';
import fc from 'fast-check';
import { captureSamples, layoutSamples } from './corpus';
import type { Position } from './exercise';
import { exercise } from './exercise';
import { applyMutations, mutations } from './mutate';
import { fuzzParams } from './seed';

// Whole fixtures are analysed many times per case: the smaller half of the captures keeps the run short.
const captures = captureSamples().map((s) => s.text).sort((a, b) => a.length - b.length);
const smallCaptures = captures.slice(0, Math.ceil(captures.length / 2));
const layouts = layoutSamples().map((s) => s.text);
const positions: fc.Arbitrary<Position[]> = fc.array(fc.record({ line: fc.nat(), col: fc.nat({ max: 200 }) }), { minLength: 1, maxLength: 12 });
const kind = fc.constantFrom(undefined, 'capture' as const, 'layout' as const);

test('engine and features: mutated captures', () => {
  fc.assert(
    fc.property(fc.nat({ max: smallCaptures.length - 1 }), mutations, positions, kind, (which, muts, at, k) => {
      exercise(applyMutations(smallCaptures[which] as string, muts), at, k);
    }),
    fuzzParams(1),
  );
});

test('engine and features: mutated layouts', () => {
  fc.assert(
    fc.property(fc.nat({ max: layouts.length - 1 }), mutations, positions, kind, (which, muts, at, k) => {
      exercise(applyMutations(layouts[which] as string, muts), at, k);
    }),
    fuzzParams(2),
  );
});

test('engine and features: every real capture and layout, unmutated', () => {
  for (const text of [...captures, ...layouts]) exercise(text, [{ line: 1, col: 4 }, { line: 7, col: 30 }]);
});
