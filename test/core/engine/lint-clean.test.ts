import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument, parseCapture } from '../../../src/core';
import type { Issue } from '../../../src/core';
import { lintMachine } from '../../../src/core/engine/lint';
import { reflattenCapture } from '../../../src/core/engine/reflatten';
import { FIXTURES, fixtureMachines, repoRoot } from '../../shared/fixtures';
import { lintLayout } from './lint-layout';

const read = (version: string, config: string, file: string): string => readFileSync(join(FIXTURES, version, config, file), 'utf8');

// --- real QEMU captures: no false positives

/**
 * The rules that must stay silent on QEMU's own output (LY102 is information about QEMU's design; LY104
 * is information in a capture, where QEMU made the child larger than its container on purpose).
 */
const MISTAKES = ['LY101', 'LY103', 'LY104', 'LY105', 'LY106', 'LY107', 'LY108', 'LY109', 'LY110'];

function lintCapture(text: string): Issue[] {
  const capture = parseCapture(text);
  const re = reflattenCapture(capture);
  assert.ok(re);
  // One `info ramblock` table: several tables would list the same blocks again.
  const table = capture.sections.filter((s) => s.kind === 'ramblock').at(-1);
  return lintMachine({
    machine: re.built.machine,
    views: re.views,
    blocks: table?.kind === 'ramblock' ? table.blocks : [],
    spanOf: (mr) => re.built.nodeOfMr.get(mr)?.nameSpan,
    explicitOrder: () => false,
    origin: 'capture',
    reported: re.issues,
  });
}

for (const [version, config] of fixtureMachines()) {
  test(`${version}/${config}: the lint finds no mistake in QEMU's own memory map`, () => {
    const issues = lintCapture(read(version, config, 'mtree-D.txt') + '\n' + read(version, config, 'mtree-f.txt') + '\n' + read(version, config, 'ramblock.txt'));
    assert.deepEqual(issues.filter((i) => MISTAKES.includes(i.code) && i.severity !== 'information').map((i) => `${i.code}@${i.span.line + 1}: ${i.message}`), []);
    assert.ok(issues.every((i) => i.severity === 'information'));
  });

  test(`${version}/${config}: nor in the plain tree, the tree alone, or the monitor transcript`, () => {
    for (const text of [
      read(version, config, 'mtree.txt') + '\n' + read(version, config, 'mtree-f.txt'),
      read(version, config, 'mtree-o-D.txt') + '\n' + read(version, config, 'mtree-f-o.txt'),
      read(version, config, 'mtree-D.txt'),
      read(version, config, 'mtree.txt'),
      read(version, config, 'transcript.txt'),
    ]) {
      assert.deepEqual(lintCapture(text).filter((i) => MISTAKES.includes(i.code) && i.severity !== 'information').map((i) => `${i.code}@${i.span.line + 1}: ${i.message}`), []);
    }
  });
}

test('every info ramblock table of the churn captures is clean (one table at a time: tables repeat blocks)', () => {
  for (const version of ['qemu-7.2', 'qemu-10.0']) {
    const capture = parseCapture(read(version, 'x86_64-pc-ramblock-churn', 'churn.txt'));
    const tables = capture.sections.flatMap((s) => (s.kind === 'ramblock' ? [s.blocks] : []));
    assert.ok(tables.length > 10);
    for (const blocks of tables) {
      assert.deepEqual(lintMachine({ machine: { spaces: [] }, views: [], blocks, spanOf: () => undefined, explicitOrder: () => false, origin: 'capture' }), []);
    }
  }
});

test('the PC legacy windows are information, not warnings: RAM under PAM/SMRAM, nothing said about pci', () => {
  const issues = lintCapture(read('qemu-10.0', 'x86_64-pc', 'mtree-D.txt') + '\n' + read('qemu-10.0', 'x86_64-pc', 'mtree-f.txt'));
  const ram = issues.find((i) => i.code === 'LY102' && i.args.name === 'ram-below-4g');
  assert.ok(ram);
  // vga-lowmem (128 KiB) under smram-region, pc.rom and isa-bios (256 KiB) under the PAM windows onto pci.
  assert.equal(ram.args.hidden, '384 KiB');
  assert.equal(ram.args.by, 'smram-region and 13 more');
  // The windows show pci's own bytes in place: pci is not hidden by them.
  assert.equal(issues.some((i) => i.args.name === 'pci'), false);
});

test('the example layout has no warning or error', () => {
  const { all } = lintLayout(readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8'));
  assert.deepEqual(all.filter((i) => i.severity === 'error' || i.severity === 'warning').map((i) => i.message), []);
});

// Stock machines lint clean: what real QEMU makes on purpose is information at most. The one warning a
// real file keeps is GDB016 in the gdb sessions: the seed's gdb script printed only the low 32 bits of
// addresses at or above 4 GiB, so those ranges really are not where the dump says (docs/gdb-dumps.md).
const warnings = (text: string, allowed: readonly string[] = []): string[] =>
  analyzeDocument(text).issues.filter((i) => (i.severity === 'error' || i.severity === 'warning') && !allowed.includes(i.code)).map((i) => `${i.span.line + 1}: ${i.code} ${i.message}`);

for (const [version, config] of fixtureMachines()) {
  test(`${version}/${config}: the transcript and its gdb session lint without a warning (GDB016 aside)`, () => {
    assert.deepEqual(warnings(read(version, config, 'transcript.txt')), []);
    assert.deepEqual(warnings(read(version, config, 'gdb-session.txt'), ['GDB016']), []);
  });
}

test('the big real q35 (200 root ports, an IOMMU: 201 identical vtd-00.0 regions) lints without a warning', () => {
  assert.deepEqual(warnings(readFileSync(join(repoRoot(), 'bench', 'real', 'q35-200.qemu-capture'), 'utf8')), []);
});
