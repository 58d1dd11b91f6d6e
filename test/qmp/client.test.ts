import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { QmpClient, QmpError, formatQmpAddress, parseQmpAddress } from '../../src/qmp';
import type { QmpErrorKind, QmpEvent } from '../../src/qmp';
import { fakePeer, onRequests, qmpPeer } from './fake-qmp';

/** Asserts that `p` rejects with a QmpError of `kind` whose message matches `message`. */
async function rejectsWith(p: Promise<unknown>, kind: QmpErrorKind, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof QmpError, String(e));
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, message);
    return true;
  });
}

test('parseQmpAddress: unix and tcp, QEMU option suffixes, IPv6, and clear errors', () => {
  assert.deepEqual(parseQmpAddress('unix:/tmp/q/qmp.sock'), { kind: 'unix', path: '/tmp/q/qmp.sock' });
  assert.deepEqual(parseQmpAddress(' unix:/tmp/q.sock,server=on,wait=off '), { kind: 'unix', path: '/tmp/q.sock' });
  assert.deepEqual(parseQmpAddress('tcp:127.0.0.1:4444'), { kind: 'tcp', host: '127.0.0.1', port: 4444 });
  assert.deepEqual(parseQmpAddress('tcp:[::1]:4444'), { kind: 'tcp', host: '::1', port: 4444 });
  assert.equal(formatQmpAddress(parseQmpAddress('tcp:[::1]:4444')), 'tcp:[::1]:4444');
  assert.throws(() => parseQmpAddress('/tmp/qmp.sock'), /must be unix:PATH or tcp:HOST:PORT/);
  assert.throws(() => parseQmpAddress('unix:'), /no socket path/);
  assert.throws(() => parseQmpAddress('tcp:localhost'), /tcp:HOST:PORT/);
  assert.throws(() => parseQmpAddress('tcp:localhost:70000'), /port from 1 to 65535/);
});

test('connect: greeting, capabilities, commands matched by id, events passed on, error replies', async () => {
  const events: QmpEvent[] = [];
  const peer = await qmpPeer((r, socket) => {
    if (r.execute === 'query-status') {
      // An event before the answer must not be taken for it.
      socket.write(JSON.stringify({ event: 'STOP', data: {}, timestamp: { seconds: 1, microseconds: 2 } }) + '\r\n');
      return { status: 'prelaunch', running: false };
    }
    if (r.execute === 'human-monitor-command') return `you said ${String(r.arguments?.['command-line'])}\r\n`;
    return { error: { class: 'CommandNotFound', desc: `The command ${r.execute} has not been found` } };
  });
  try {
    const client = await QmpClient.connect(peer.address, { timeoutMs: 2000, onEvent: (e) => events.push(e) });
    assert.deepEqual(client.greeting.version?.qemu, { major: 7, minor: 2, micro: 22 });
    assert.deepEqual(await client.execute('query-status'), { status: 'prelaunch', running: false });
    assert.equal(await client.hmp('info mtree'), 'you said info mtree\r\n');
    await rejectsWith(client.execute('no-such-thing'), 'command', /QEMU refused "no-such-thing": The command no-such-thing has not been found \(CommandNotFound\)/);
    // A refused command does not break the connection.
    assert.deepEqual(await client.execute('query-status'), { status: 'prelaunch', running: false });
    assert.deepEqual(events.map((e) => e.event), ['STOP', 'STOP']);
    assert.deepEqual(peer.requests.map((r) => r.execute), ['qmp_capabilities', 'query-status', 'human-monitor-command', 'no-such-thing', 'query-status']);
    const ids = peer.requests.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'every request has its own id');
    client.close();
    assert.equal(client.closed, true);
    await rejectsWith(client.execute('query-status'), 'closed', /was closed/);
  } finally {
    await peer.close();
  }
});

test('answers are matched by id even out of order, and an id-less error goes to the oldest request', async () => {
  const held: { id: unknown; execute: string }[] = [];
  const peer = await qmpPeer((r, socket) => {
    if (r.execute === 'bad') {
      socket.write(JSON.stringify({ error: { class: 'GenericError', desc: 'JSON parse error' } }) + '\n');
      return undefined;
    }
    held.push({ id: r.id, execute: r.execute });
    if (held.length === 2) for (const h of held.reverse()) socket.write(JSON.stringify({ return: h.execute, id: h.id }) + '\n');
    return undefined;
  });
  try {
    const client = await QmpClient.connect(peer.address, { timeoutMs: 2000 });
    const [a, b] = await Promise.all([client.execute('first'), client.execute('second')]);
    assert.deepEqual([a, b], ['first', 'second']);
    await rejectsWith(client.execute('bad'), 'command', /JSON parse error/);
    client.close();
  } finally {
    await peer.close();
  }
});

test('a silent peer times out with a sentence that says why', async () => {
  const peer = await fakePeer(() => undefined);
  try {
    const t0 = Date.now();
    await rejectsWith(QmpClient.connect(peer.address, { timeoutMs: 200 }), 'timeout', /no QMP greeting from unix:.*within 200 ms/);
    assert.ok(Date.now() - t0 < 2000);
  } finally {
    await peer.close();
  }
});

test('a peer that stops answering a command times out naming the command', async () => {
  const peer = await qmpPeer(() => undefined);
  try {
    const client = await QmpClient.connect(peer.address, { timeoutMs: 200 });
    await rejectsWith(client.hmp('info mtree'), 'timeout', /did not answer "human-monitor-command" within 200 ms/);
    assert.equal(client.closed, true);
  } finally {
    await peer.close();
  }
});

test('a peer that closes at once, or dies while a command runs, is a closed connection', async () => {
  const closer = await fakePeer((s) => s.destroy());
  try {
    await rejectsWith(QmpClient.connect(closer.address, { timeoutMs: 2000 }), 'closed', /closed the connection before sending a QMP greeting/);
  } finally {
    await closer.close();
  }
  const dies = await qmpPeer((_r, socket) => void socket.destroy());
  try {
    const client = await QmpClient.connect(dies.address, { timeoutMs: 2000 });
    await rejectsWith(client.hmp('info mtree -f'), 'closed', /QEMU closed the QMP connection at unix:.* while waiting for "human-monitor-command" \(did QEMU exit\?\)/);
  } finally {
    await dies.close();
  }
});

test('peers that are not QMP: HTTP, garbage, JSON that is not a greeting', async () => {
  const cases: [string, RegExp][] = [
    ['HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n', /is not a QMP server: it sent "HTTP\/1.1 400 Bad Request"/],
    ['\x00\x01\x02garbage\n', /is not a QMP server: it sent "\?\?\?garbage"/],
    ['{"hello": "world"}\n', /its first message is \{"hello": "world"\}, not a QMP greeting/],
    ['[1, 2, 3]\n', /is not a QMP server/],
  ];
  for (const [text, message] of cases) {
    const peer = await fakePeer((s) => s.write(text));
    try {
      await rejectsWith(QmpClient.connect(peer.address, { timeoutMs: 2000 }), 'not-qmp', message);
    } finally {
      await peer.close();
    }
  }
  // After the greeting too: a line that is not JSON ends the connection.
  const peer = await qmpPeer((_r, socket) => void socket.write('SSH-2.0-OpenSSH_9.2\n'));
  try {
    const client = await QmpClient.connect(peer.address, { timeoutMs: 2000 });
    await rejectsWith(client.execute('query-status'), 'not-qmp', /it sent "SSH-2.0-OpenSSH_9.2"/);
  } finally {
    await peer.close();
  }
});

test('nothing listening, a bad address, and cancelling', async () => {
  await rejectsWith(QmpClient.connect('unix:/nonexistent/qmm/qmp.sock', { timeoutMs: 2000 }), 'connect', /cannot connect to QMP at unix:\/nonexistent\/qmm\/qmp.sock: .*ENOENT/);
  await rejectsWith(QmpClient.connect('qmp.sock'), 'address', /must be unix:PATH or tcp:HOST:PORT/);
  const peer = await qmpPeer(() => undefined);
  try {
    const abort = new AbortController();
    const client = await QmpClient.connect(peer.address, { timeoutMs: 5000, signal: abort.signal });
    const pending = client.hmp('info mtree');
    abort.abort();
    await rejectsWith(pending, 'cancelled', /cancelled/);
    await rejectsWith(QmpClient.connect(peer.address, { signal: abort.signal }), 'cancelled', /cancelled/);
  } finally {
    await peer.close();
  }
});

test('TCP on 127.0.0.1', async () => {
  const server = createServer((s) => {
    s.write(JSON.stringify({ QMP: { version: {}, capabilities: [] } }) + '\n');
    onRequests(s, { requests: [] } as never, (r) => s.write(JSON.stringify({ return: r.execute === 'query-name' ? { name: 'vm1' } : {}, id: r.id }) + '\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const client = await QmpClient.connect(`tcp:127.0.0.1:${port}`, { timeoutMs: 2000 });
    assert.deepEqual(await client.execute('query-name'), { name: 'vm1' });
    client.close();
  } finally {
    server.close();
  }
});
