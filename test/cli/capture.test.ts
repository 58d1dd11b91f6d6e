import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { Io } from '../../src/cli/io';
import { analyzeDocument, headerValue } from '../../src/core';
import type { FakePeer } from '../qmp/fake-qmp';
import { fakePeer, fixtureQemu } from '../qmp/fake-qmp';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t), readText: (p) => readFileSync(p, 'utf8') };
  const code = await runCli(argv, io);
  return { code, out, err };
}

async function withPeer(start: () => Promise<FakePeer>, body: (peer: FakePeer) => Promise<void>): Promise<void> {
  const peer = await start();
  try {
    await body(peer);
  } finally {
    await peer.close();
  }
}

test('capture -o FILE writes a transcript that lint reads without errors or warnings', () => withPeer(() => fixtureQemu('qemu-7.2', 'x86_64-pc'), async (peer) => {
  const out = join(peer.dir, 'pc.qemu-capture');
  const r = await run('capture', '--qmp', peer.address, '-o', out);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '');
  assert.deepEqual(peer.files(), ['pc.qemu-capture'], 'no temp file left');
  const doc = analyzeDocument(readFileSync(out, 'utf8'));
  assert.deepEqual(doc.issues.filter((i) => i.severity === 'error' || i.severity === 'warning'), []);
  assert.equal(headerValue(doc.capture?.header, 'command'), `qemu-memmap capture --qmp ${peer.address} -o ${out}`);
  assert.equal(headerValue(doc.capture?.header, 'qemu'), '7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)');
  assert.equal(headerValue(doc.capture?.header, 'machine'), 'pc-i440fx-7.2');
  // Without -o the transcript goes to stdout.
  const s = await run('capture', '--qmp', peer.address);
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /^# qemu-memmap capture\n/);
}));

const FAILURES: [string, () => Promise<FakePeer>, RegExp][] = [
  ['a silent peer', () => fakePeer(() => undefined), /capture failed: no QMP greeting from unix:.* within 300 ms/],
  ['a peer that closes at once', () => fakePeer((s) => s.destroy()), /capture failed: the peer at unix:.* closed the connection before sending a QMP greeting/],
  ['a peer that speaks HTTP', () => fakePeer((s) => s.write('HTTP/1.1 200 OK\r\n\r\n')), /capture failed: the peer at unix:.* is not a QMP server: it sent "HTTP\/1.1 200 OK"/],
  ['a QEMU that dies during info ramblock', () => fixtureQemu('qemu-7.2', 'x86_64-pc', (c, s) => (c === 'info ramblock' ? void s.destroy() : undefined)),
    /capture failed: QEMU closed the QMP connection at unix:.* while waiting for "human-monitor-command" \(did QEMU exit\?\)/],
  ['a QEMU that stops answering during the gpa2hva probes', () => fixtureQemu('qemu-7.2', 'x86_64-pc', (c) => (c === 'gpa2hva 0x100000' ? null : undefined)),
    /capture failed: QEMU at unix:.* did not answer "human-monitor-command" within 300 ms/],
  ['a monitor that does not know info mtree -f', () => fixtureQemu('qemu-7.2', 'x86_64-pc', (c) => (c === 'info mtree -f' ? "unknown command: 'info'\r\n" : undefined)),
    /capture failed: QEMU's answer to "info mtree -f" is not what it should print: unknown command: 'info'/],
];

for (const [what, start, message] of FAILURES) {
  test(`capture from ${what}: a clear error, exit 1, and no file (nor temp file) left`, () => withPeer(start, async (peer) => {
    const out = join(peer.dir, 'cap.qemu-capture');
    const r = await run('capture', '--qmp', peer.address, '-o', out, '--timeout', '300');
    assert.equal(r.code, 1);
    assert.match(r.err, message);
    assert.equal(existsSync(out), false);
    assert.deepEqual(peer.files(), []);
  }));
}

test('capture: usage errors exit 2; an unwritable FILE exits 2 and leaves nothing', async () => {
  for (const argv of [['capture'], ['capture', '--qmp'], ['capture', '--qmp', 'unix:/x', 'extra'], ['capture', '--qmp', 'unix:/x', '--timeout', '0'], ['capture', '--nope']]) {
    const r = await run(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /^qemu-memmap: .*\n\nUsage:/);
  }
  const bad = await run('capture', '--qmp', 'localhost:4444');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /must be unix:PATH or tcp:HOST:PORT/);
  await withPeer(() => fixtureQemu('qemu-7.2', 'x86_64-pc'), async (peer) => {
    const r = await run('capture', '--qmp', peer.address, '-o', join(peer.dir, 'missing-dir', 'cap.qemu-capture'));
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot write .*missing-dir/);
    assert.deepEqual(readdirSync(peer.dir).filter((f) => f !== 'qmp.sock'), []);
  });
});
