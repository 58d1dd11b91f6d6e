/** The language service: each analysis owns what it derives, built once, and answers only from it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService } from '../../src/core/service';
import { placementsOf, visibleOf } from '../../src/core/features/regions';
import { repoRoot } from '../shared/fixtures';

const LAYOUT = readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8');

test('an analysis builds its index and derived data once, and a new analysis of the same text has its own', () => {
  const service = createLanguageService();
  const a = service.analyse(LAYOUT);
  assert.equal(a.index, a.index);
  assert.equal(a.placements, a.placements);
  assert.equal(a.visibleBytes, a.visibleBytes);
  const model = a.doc.model;
  assert.ok(model);
  assert.equal(placementsOf(model), a.placements, 'features and the analysis share one table');
  assert.equal(visibleOf(model), a.visibleBytes);
  const b = service.analyse(LAYOUT);
  assert.notEqual(b.index, a.index);
  assert.notEqual(b.placements, a.placements);
  assert.deepEqual([...b.placements.keys()].map((m) => m.name), [...a.placements.keys()].map((m) => m.name));
});

test('the service answers from the analysis it is given: GPA→HVA through the alias, hover on the same address', () => {
  const service = createLanguageService();
  const a = service.analyse(LAYOUT, { claimed: 'layout' });
  assert.equal(a.doc.kind, 'layout');
  const [r] = service.gpa2hva(a, [0x1000n]) ?? [];
  assert.equal(r?.hva, 0x7f3c00001000n);
  assert.match(service.translate(a, 'gpa2hva', '0x1000')?.text ?? '', /^Host virtual address for 0x1000 \(pc\.ram\) is 0x7f3c00001000/);
  assert.equal(service.translate(a, 'gpa2hva', 'nope'), undefined);
  assert.equal(service.formatting(a, service.formatting(a, LAYOUT) ?? LAYOUT), undefined, 'a canonical layout needs no edit');
});
