// Reflatten, gpa2hva and Convert from a bare `info mtree` (and `-D`) alone, on every real fixture machine,
// against QEMU's own answers: exact, or every difference covered by a diagnostic on a region of that
// range that names the missing fact. QEMU's source (src/core/knowledge) settles what the text leaves out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, gpa2hva } from '../../../src/core';
import { DocumentIndex } from '../../../src/core/features/locate';
import { hoverAt } from '../../../src/core/features/hover';
import { bareConvert, bareGpa2hva, bareReflatten } from './bare-mtree';
import { FIXTURES, fixtureMachines } from '../../shared/fixtures';

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

test('what rests on an assumption says so: the note on the region, its hover, gpa2hva and Reflatten', () => {
  // QEMU's source makes regions named virtio-pci both ways (the modern BAR container, the legacy I/O BAR).
  const dir = join(FIXTURES, 'qemu-7.2', 'x86_64-pc-pci');
  const text = readFileSync(join(dir, 'mtree.txt'), 'utf8');
  const doc = analyzeDocument(text);
  const notes = doc.issues.filter((i) => i.code === 'RF011');
  assert.ok(notes.length > 0 && notes.every((i) => /^Cannot tell whether virtio-pci is an I\/O region or an empty container: .*as container and io/.test(i.message)), notes.map((i) => i.message).join('\n'));
  const line = notes[0]?.span.line ?? -1;
  const hover = hoverAt(new DocumentIndex(doc), text.split('\n')[line] ?? '', line, notes[0]?.span.col ?? 0)?.markdown ?? '';
  assert.match(hover, /An I\/O region \(it shows through the holes between its subregions\): assumed: neither the text nor QEMU's source settles it/);
  const model = doc.model;
  assert.ok(model);
  const at = /^\s*([0-9a-f]{16})-/.exec(text.split('\n')[line] ?? '')?.[1];
  const answer = gpa2hva(model, BigInt(`0x${at}`), 'I/O');
  assert.match(answer.assumed.join('\n'), /rests on an assumption: virtio-pci is taken as an I\/O region/);
  // A region QEMU's source settles says how and where: every rtc is made with memory_region_init_io.
  const rtc = text.split('\n').findIndex((l) => / \(prio 0, i\/o\): rtc$/.test(l));
  const onRtc = hoverAt(new DocumentIndex(doc), text.split('\n')[rtc] ?? '', rtc, (text.split('\n')[rtc] ?? '').indexOf('rtc'))?.markdown ?? '';
  assert.match(onRtc, /An I\/O region .*: QEMU's source \(memory_region_init_io, \d+ calls in QEMU 7\.2 and 10\.0, the first at hw\/[\w/.-]+\.c:\d+\)/);
});
