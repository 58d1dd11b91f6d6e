import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCapture } from '../../../src/core';
import type { Gpa2hvaSection } from '../../../src/core';
import { memoryModelFromCapture } from '../../../src/core/engine/memory-model';
import { formatGpa2hva, gpa2hva, hva2gpa } from '../../../src/core/engine/translate';
import { whyAddress, whyHeadline } from '../../../src/core/engine/why';
import { FIXTURES, fixtureMachines } from '../../shared/fixtures';

const read = (version: string, config: string, file: string): string => readFileSync(join(FIXTURES, version, config, file), 'utf8');

/** The fixture's gpa2hva transcript cut down to the first successful answer per region. */
function oneAnswerPerRegion(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const m = /^Host virtual address for \S+ \((.*)\) is /.exec(lines[i + 1] as string);
    if (m && !seen.has(m[1] as string)) {
      seen.add(m[1] as string);
      out.push(lines[i] as string, lines[i + 1] as string);
    }
  }
  return out.join('\n') + '\n';
}

for (const [version, config] of fixtureMachines()) {
  const answers = (parseCapture(read(version, config, 'gpa2hva.txt')).sections[0] as Gpa2hvaSection).answers;

  test(`${version}/${config}: every gpa2hva answer is reproduced from one answer per region`, () => {
    const text = [read(version, config, 'mtree-D.txt'), read(version, config, 'mtree-f.txt'), read(version, config, 'ramblock.txt'), oneAnswerPerRegion(read(version, config, 'gpa2hva.txt'))].join('\n');
    const model = memoryModelFromCapture(parseCapture(text));
    assert.ok(model);
    const lines = read(version, config, 'gpa2hva.txt').split('\n');
    answers.forEach((a, i) => assert.equal(formatGpa2hva(gpa2hva(model, a.gpa)), lines[2 * i + 1], `gpa 0x${a.gpa.toString(16)}`));
  });

  test(`${version}/${config}: hva2gpa inverts every successful answer`, () => {
    const text = [read(version, config, 'mtree-D.txt'), read(version, config, 'mtree-f.txt'), read(version, config, 'ramblock.txt'), read(version, config, 'gpa2hva.txt')].join('\n');
    const model = memoryModelFromCapture(parseCapture(text));
    assert.ok(model);
    for (const a of answers) {
      if (a.result.kind !== 'hva') continue;
      const back = hva2gpa(model, a.result.hva);
      assert.ok(back.hits.some((h) => h.gpa === a.gpa && h.spaces.includes(model.gpaSpace ?? '')), `hva 0x${a.result.hva.toString(16)} → gpa 0x${a.gpa.toString(16)}`);
    }
  });

  if (version !== 'qemu-7.2') {
    test(`${version}/${config}: the HVA column alone gives every gpa2hva answer`, () => {
      const text = [read(version, config, 'mtree-D.txt'), read(version, config, 'mtree-f.txt'), read(version, config, 'ramblock.txt')].join('\n');
      const model = memoryModelFromCapture(parseCapture(text));
      assert.ok(model);
      const lines = read(version, config, 'gpa2hva.txt').split('\n');
      answers.forEach((a, i) => assert.equal(formatGpa2hva(gpa2hva(model, a.gpa)), lines[2 * i + 1], `gpa 0x${a.gpa.toString(16)}`));
    });
  }
}

test('the chain names the address space, the aliases and the RAMBlock', () => {
  const [version, config] = ['qemu-7.2', 'x86_64-pc-4G'];
  const text = [read(version, config, 'mtree-D.txt'), read(version, config, 'mtree-f.txt'), read(version, config, 'ramblock.txt'), read(version, config, 'gpa2hva.txt')].join('\n');
  const model = memoryModelFromCapture(parseCapture(text));
  assert.ok(model);
  const r = gpa2hva(model, 0x100000000n);
  assert.equal(r.space, 'memory');
  assert.deepEqual(r.chain.map((m) => m.name), ['system', 'ram-above-4g', 'pc.ram']);
  assert.equal(r.offset, 0xc0000000n);
  assert.equal(r.block?.name, 'pc.ram');
  assert.equal(r.ramAddr, 0xc0000000n);
  assert.equal(r.kind, 'hva');
});

test('why in one line: the winner, the aliases on the way, the priority that won under the root', () => {
  const model = memoryModelFromCapture(parseCapture(read('qemu-10.0', 'x86_64-pc', 'mtree-D.txt')));
  const root = model?.views.flatMap((v) => v.spaces).find((s) => s.name === 'memory')?.root;
  assert.ok(root);
  assert.equal(whyHeadline(whyAddress(root, 0xa0000n), 'memory'), '0xa0000 → vga-lowmem (via smram-region, prio 1) in address space memory');
  assert.equal(whyHeadline(whyAddress(root, 0x1000n), 'memory'), '0x1000 → pc.ram (via ram-below-4g, prio 0) in address space memory');
  assert.equal(whyHeadline(whyAddress(root, 0x100000000n), 'memory'), '0x100000000 in address space memory: nothing claims it (No memory is mapped)');
  // A gdb session: what the dumped view shows stands instead, and no priority is claimed.
  assert.equal(whyHeadline(whyAddress(root, 0x1000n), 'memory', 'ram-below-4g'), '0x1000 → ram-below-4g (as the dumped view shows it; gdb prints no priorities) in address space memory');
});
