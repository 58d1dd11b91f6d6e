import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LiveCaptureError, analyzeDocument, captureTranscript, diffFlatViews, gpa2hvaFlatView, headerValue, parseCapture, probeAddresses,
} from '../../../src/core';
import type { FlatViewSection, LiveCaptureInfo } from '../../../src/core';
import { fixtureMonitor } from '../../qmp/fake-qmp';

const INFO: LiveCaptureInfo = {
  qemu: '7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)', target: 'x86_64', machine: 'pc-i440fx-7.2', time: '2026-11-22T07:00:00.000Z',
  command: 'qemu-memmap capture --qmp unix:/tmp/q/qmp.sock', qmp: 'unix:/tmp/q/qmp.sock',
};

/** A runner over a fixture machine that records the commands it was given. */
function runner(version: string, config: string, asked: string[] = []): (c: string) => Promise<string> {
  const monitor = fixtureMonitor(version, config);
  return (c) => {
    asked.push(c);
    const text = monitor(c);
    return text === undefined ? Promise.reject(new Error(`unexpected command ${c}`)) : Promise.resolve(text);
  };
}

const MACHINES: [string, string][] = [
  ['qemu-7.2', 'x86_64-pc'], ['qemu-7.2', 'x86_64-q35-pci'], ['qemu-7.2', 'x86_64-q35-numa'], ['qemu-7.2', 'aarch64-virt-secure'],
  ['qemu-7.2', 'x86_64-pc-ramblock-churn'], ['qemu-10.0', 'x86_64-pc-pci'], ['qemu-10.0', 'riscv64-virt'],
];

for (const [version, config] of MACHINES) {
  test(`${version}/${config}: the transcript parses cleanly, reflattens as QEMU printed it, and has a host base for every RAM range`, async () => {
    const asked: string[] = [];
    const { text, probes } = await captureTranscript(runner(version, config, asked), INFO);
    assert.deepEqual(asked.slice(0, 3), ['info mtree -o -D', 'info mtree -f', 'info ramblock']);
    assert.deepEqual(asked.slice(3), probes.map((p) => `gpa2hva 0x${p.toString(16)}`));
    assert.ok(!text.includes('\r'), 'LF line ends');
    const doc = analyzeDocument(text);
    const capture = doc.capture;
    assert.ok(capture && doc.model);
    assert.deepEqual(doc.issues.filter((i) => i.severity === 'error' || i.severity === 'warning').map((i) => `${i.code} ${i.message}`), []);
    assert.equal(headerValue(capture.header, 'qmp'), INFO.qmp);
    assert.equal(headerValue(capture.header, 'machine'), INFO.machine);
    const captured = capture.sections.filter((s): s is FlatViewSection => s.kind === 'flatview').flatMap((s) => s.views);
    assert.deepEqual(diffFlatViews(doc.model.views, captured), []);
    // One probe at the start of each RAM-like range of the view gpa2hva looks in, and a host base for each.
    const view = gpa2hvaFlatView(capture);
    assert.ok(view);
    const ramRanges = view.ranges.filter((r) => r.type !== 'i/o');
    assert.deepEqual(probes, [...new Set(ramRanges.map((r) => r.start))]);
    for (const r of ramRanges) assert.ok(doc.model.bases.has(r.name), `host base of ${r.name}`);
  });
}

test('aarch64 virt,secure=on: probes come from secure-memory, where gpa2hva looks (flash at 0 is only there)', async () => {
  const { text, probes } = await captureTranscript(runner('qemu-7.2', 'aarch64-virt-secure'), INFO);
  assert.ok(probes.includes(0n));
  assert.match(text, /^Host virtual address for 0x0 \(virt\.flash0\) is 0x[0-9a-f]+$/m);
  const view = gpa2hvaFlatView(parseCapture(text));
  assert.ok(view?.spaces.some((s) => s.name === 'cpu-secure-memory-0'));
});

test('the header: fields with spans, read only at the top, no diagnostics', () => {
  const text = '\n# qemu-memmap capture\n# qemu: 7.2.22\n# a comment line\n# qmp: unix:/tmp/a b.sock\n(qemu) info ramblock\n' +
    '              Block Name    PSize              Offset               Used              Total\n' +
    '                  pc.ram    4 KiB  0x0000000000000000 0x0000000008000000 0x0000000008000000\n';
  const c = parseCapture(text);
  assert.deepEqual(c.issues, []);
  assert.deepEqual(c.header?.fields.map((f) => [f.key, f.value]), [['qemu', '7.2.22'], ['qmp', 'unix:/tmp/a b.sock']]);
  assert.deepEqual(c.header?.span, { line: 1, col: 0, endLine: 4, endCol: 25 });
  assert.deepEqual(c.header?.fields[1]?.valueSpan, { line: 4, col: 7, endLine: 4, endCol: 25 });
  assert.equal(headerValue(c.header, 'target'), undefined);
  assert.deepEqual(c.sections.map((s) => s.kind), ['ramblock']);
  // The same lines further down are not a header: unknown text, as before.
  const late = parseCapture('(qemu) info ramblock\n# qemu-memmap capture\n# qemu: 7.2.22\n');
  assert.equal(late.header, undefined);
  assert.ok(late.issues.some((i) => i.code === 'CAP001'));
  // A file that is only a header is a capture with nothing in it, and no complaint.
  assert.deepEqual(parseCapture('# qemu-memmap capture\n').issues, []);
  assert.equal(analyzeDocument('# qemu-memmap capture\n# qemu: 7.2.22\n(qemu) info mtree -f\n').kind, 'capture');
});

test('answers that are not what the command prints stop the capture with the command named', async () => {
  const base = fixtureMonitor('qemu-7.2', 'x86_64-pc');
  const failing = (bad: (c: string) => string | undefined) => (c: string): Promise<string> => Promise.resolve(bad(c) ?? base(c) ?? '');
  await assert.rejects(captureTranscript(failing((c) => (c === 'info mtree -f' ? "unknown command: 'info'\r\n" : undefined)), INFO),
    (e: unknown) => e instanceof LiveCaptureError && /"info mtree -f" is not what it should print: unknown command: 'info'/.test(e.message));
  await assert.rejects(captureTranscript(failing((c) => (c === 'info ramblock' ? '' : undefined)), INFO),
    (e: unknown) => e instanceof LiveCaptureError && /"info ramblock" .*\(nothing\)/.test(e.message));
  await assert.rejects(captureTranscript(failing((c) => (c.startsWith('gpa2hva') ? 'number too large\r\n' : undefined)), INFO),
    (e: unknown) => e instanceof LiveCaptureError && /"gpa2hva 0x0" .*number too large/.test(e.message));
  const gone = new Error('QEMU went away');
  await assert.rejects(captureTranscript((c) => (c === 'info ramblock' ? Promise.reject(gone) : Promise.resolve(base(c) ?? '')), INFO), (e) => e === gone);
});

test('probeAddresses: nothing to probe without a flat view', () => {
  assert.deepEqual(probeAddresses(parseCapture('(qemu) info ramblock\n')), []);
});
