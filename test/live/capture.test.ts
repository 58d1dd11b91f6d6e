import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { Io } from '../../src/cli/io';
import { analyzeDocument, diffDocuments, diffFlatViews, formatGpa2hva, gpa2hva, gpa2hvaFlatView, headerValue } from '../../src/core';
import type { AnalyzedDocument, FlatViewSection, RamBlockSection } from '../../src/core';
import { QmpClient, captureFromQmp } from '../../src/qmp';
import { HOTPLUG, captureBeforeAndAfterHotplug } from './hotplug';
import type { RunningQemu } from './qemu';
import { qemu10, startQemu, withQmp } from './qemu';

const hex = (n: bigint): string => '0x' + n.toString(16);

/** Starts QEMU, runs the body, and always kills QEMU by PID afterwards. */
async function withQemu(args: string[], body: (q: RunningQemu) => Promise<void>, qemu: Parameters<typeof startQemu>[1] = undefined, extra: string[] = [], env?: NodeJS.ProcessEnv): Promise<void> {
  const q = await startQemu(args, qemu, extra, env);
  try {
    await body(q);
  } finally {
    await q.stop();
  }
}

function analyzed(text: string): AnalyzedDocument & { model: NonNullable<AnalyzedDocument['model']>; capture: NonNullable<AnalyzedDocument['capture']> } {
  const doc = analyzeDocument(text);
  assert.ok(doc.model && doc.capture);
  assert.deepEqual(doc.issues.filter((i) => i.severity === 'error' || i.severity === 'warning').map((i) => `${i.span.line + 1}: ${i.code} ${i.message}`), []);
  return doc as ReturnType<typeof analyzed>;
}

/** Captures `qemu`, then checks the reflattening and our GPA→HVA answers against QEMU's own, live. */
async function checkCapture(q: RunningQemu, expectVersion: RegExp): Promise<void> {
  const { text } = await captureFromQmp(q.address, { command: 'live test', timeoutMs: 20_000 });
  const doc = analyzed(text);
  assert.match(headerValue(doc.capture.header, 'qemu') ?? '', expectVersion);
  assert.equal(headerValue(doc.capture.header, 'target'), 'x86_64');
  assert.match(headerValue(doc.capture.header, 'machine') ?? '', /^pc-i440fx-/);
  const captured = doc.capture.sections.filter((s): s is FlatViewSection => s.kind === 'flatview').flatMap((s) => s.views);
  assert.ok(captured.length > 0);
  assert.deepEqual(diffFlatViews(doc.model.views, captured), [], 'the tree reflattens to QEMU\'s own flat views');
  // Start, middle and last byte of every RAM-like range, plus an I/O address and a hole, asked live.
  const view = gpa2hvaFlatView(doc.capture);
  assert.ok(view);
  const addresses = new Set<bigint>();
  for (const r of view.ranges) {
    if (r.type === 'i/o') continue;
    addresses.add(r.start).add(r.start + r.size / 2n).add(r.start + r.size - 1n);
  }
  const io = view.ranges.find((r) => r.type === 'i/o');
  if (io) addresses.add(io.start);
  addresses.add(0xffffffffffffffffn);
  assert.ok(addresses.size > 10);
  await withQmp(q, async (client) => {
    for (const a of addresses) {
      const live = (await client.hmp(`gpa2hva ${hex(a)}`)).trim();
      const ours = formatGpa2hva(gpa2hva(doc.model, a));
      assert.equal(ours, live, hex(a));
    }
  });
}

test('a real QEMU 7.2: the capture parses cleanly, reflattens to its flat views, and its GPA→HVA answers match gpa2hva', () =>
  withQemu(['-M', 'pc', '-m', '256M', '-device', 'VGA'], (q) => checkCapture(q, /^7\.2\./)));

test('QEMU 10 (when scripts/install-qemu10.sh has unpacked it): the same checks', { skip: qemu10() ? false : 'no /opt/qemu-10' }, () => {
  const q10 = qemu10();
  assert.ok(q10);
  return withQemu(['-M', 'pc', '-m', '256M', '-device', 'VGA'], (q) => checkCapture(q, /^10\./), q10.binary, q10.extra, q10.env);
});

test('hot-adding a memory backend and a pc-dimm shows up in the second capture and not in the first', async () => {
  const { before, after } = await captureBeforeAndAfterHotplug();
  const a = analyzed(before);
  const b = analyzed(after);
  const blocks = (d: AnalyzedDocument): string[] => d.capture?.sections.filter((s): s is RamBlockSection => s.kind === 'ramblock').flatMap((s) => s.blocks.map((x) => x.name)) ?? [];
  const added = blocks(b).filter((n) => !blocks(a).includes(n));
  assert.deepEqual(added, [HOTPLUG.backend]);
  const newBlock = b.model.blocks.find((x) => x.name === HOTPLUG.backend);
  assert.equal(newBlock?.max, HOTPLUG.size);
  const hasRange = (d: AnalyzedDocument): boolean => d.model?.views.some((v) => v.ranges.some((r) => r.mr.name === HOTPLUG.backend)) ?? false;
  assert.equal(hasRange(a), false);
  assert.equal(hasRange(b), true);

  // The semantic diff reports exactly that change: the DIMM's region, its guest-physical range in every
  // FlatView that shows device memory, and the backend's RAMBlock; nothing else.
  const d = diffDocuments(a, b);
  assert.deepEqual(d.notCompared, []);
  assert.deepEqual(d.views, []);
  const dimmStart = b.model.views.flatMap((v) => v.ranges).find((r) => r.mr.name === HOTPLUG.backend)?.start;
  assert.ok(dimmStart !== undefined && dimmStart >= 0x100000000n, 'the DIMM sits in device memory above 4 GiB');
  assert.deepEqual(d.regions.map((c) => ({ kind: c.kind, name: c.path.at(-1), start: c.b?.start, size: c.b?.size, subregions: c.subregions })),
    [{ kind: 'added', name: HOTPLUG.backend, start: dimmStart, size: HOTPLUG.size, subregions: 0 }]);
  const viewsWithDimm = b.model.views.filter((v) => v.ranges.some((r) => r.mr.name === HOTPLUG.backend)).length;
  assert.equal(d.flat.length, viewsWithDimm);
  for (const f of d.flat) {
    assert.deepEqual({ kind: f.kind, start: f.start, size: f.size, owner: f.b?.region, a: f.a }, { kind: 'added', start: dimmStart, size: HOTPLUG.size, owner: HOTPLUG.backend, a: undefined });
  }
  assert.deepEqual(d.blocks.map((c) => ({ kind: c.kind, name: c.b?.name, max: c.b?.max })), [{ kind: 'added', name: HOTPLUG.backend, max: HOTPLUG.size }]);
});

/**
 * A unix-socket proxy to `q`'s QMP socket that kills QEMU (by PID) as soon as the client asks for `trigger`,
 * without forwarding that request: QEMU dies mid-capture.
 */
async function killingProxy(q: RunningQemu, trigger: string): Promise<{ address: string; close: () => Promise<void> }> {
  const path = join(q.dir, 'proxy.sock');
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(q.address.slice('unix:'.length));
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    upstream.pipe(client);
    client.on('data', (d: Buffer) => {
      if (d.toString().includes(trigger)) process.kill(q.pid, 'SIGKILL');
      else upstream.write(d);
    });
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    address: `unix:${path}`,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

test('a real QEMU killed mid-capture: a clear error, exit 1, and no capture file nor temp file', () =>
  withQemu(['-M', 'pc', '-m', '128M'], async (q) => {
    const proxy = await killingProxy(q, 'info mtree -f');
    try {
      let err = '';
      const io: Io = { out: () => undefined, err: (t) => void (err += t), readText: (p) => readFileSync(p, 'utf8') };
      const out = join(q.dir, 'cap.qemu-capture');
      const code = await runCli(['capture', '--qmp', proxy.address, '-o', out, '--timeout', '20000'], io);
      assert.equal(code, 1);
      assert.match(err, /capture failed: QEMU closed the QMP connection at unix:.*proxy\.sock while waiting for "human-monitor-command" \(did QEMU exit\?\)/);
      assert.equal(existsSync(out), false);
      assert.deepEqual(readdirSync(q.dir).filter((f) => !f.endsWith('.sock')), []);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(q.exited(), true, 'QEMU was killed');
    } finally {
      await proxy.close();
    }
  }));

test('a second client while QEMU serves one gets no greeting: a timeout that says so', () =>
  withQemu(['-M', 'pc', '-m', '128M'], async (q) => {
    const first = await QmpClient.connect(q.address, { timeoutMs: 20_000 });
    try {
      await assert.rejects(QmpClient.connect(q.address, { timeoutMs: 500 }), /no QMP greeting .*serving another QMP client/);
    } finally {
      first.close();
    }
  }));
