// Reflatten, gpa2hva and Convert from a bare `info mtree` (and `-D`) alone, on every real fixture machine,
// against QEMU's own answers: exact, or every difference covered by a diagnostic on a region of that
// range that names the missing fact. QEMU's source (src/core/knowledge) settles what the text leaves out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bareConvert, bareGpa2hva, bareReflatten } from './bare-mtree';
import { fixtureMachines } from './fixtures';

for (const tree of ['mtree.txt', 'mtree-D.txt'] as const) {
  test(`reflatten from ${tree} alone: equal to QEMU's info mtree -f, or each difference said on its region`, (t) => {
    let views = 0;
    let equal = 0;
    let exactMachines = 0;
    const silent: string[] = [];
    for (const [version, config] of fixtureMachines()) {
      const r = bareReflatten(version, config, tree);
      views += r.views;
      equal += r.equalViews;
      if (r.lines === 0) exactMachines++;
      silent.push(...r.silent.map((s) => `${version}/${config}: ${s}`));
    }
    t.diagnostic(`${tree}: ${exactMachines} of ${fixtureMachines().length} machines and ${equal} of ${views} views equal QEMU's own info mtree -f`);
    assert.deepEqual(silent, []);
  });

  test(`gpa2hva from ${tree}, info ramblock and one answer per RAMBlock: QEMU's own answers`, (t) => {
    const wrong: string[] = [];
    let total = 0;
    for (const [version, config] of fixtureMachines()) {
      for (const a of bareGpa2hva(version, config, tree)) {
        total++;
        if (a.ours !== a.qemu) wrong.push(`${version}/${config} 0x${a.gpa.toString(16)}: QEMU "${a.qemu}", ours "${a.ours}"`);
      }
    }
    t.diagnostic(`${tree}: ${total - wrong.length} of ${total} answers identical`);
    assert.deepEqual(wrong, []);
  });

  test(`convert of ${tree} alone: the layout's flat views equal QEMU's info mtree -f`, () => {
    const differing: string[] = [];
    for (const [version, config] of fixtureMachines()) {
      for (const key of bareConvert(version, config, tree).differing) differing.push(`${version}/${config}: ${key}`);
    }
    assert.deepEqual(differing, []);
  });
}
