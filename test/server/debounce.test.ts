/** When diagnostics follow edits: at once after a quiet spell, once per pause while typing. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestClient } from './client';

const DEBOUNCE_MS = 4000;
let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.start({ debounceMs: DEBOUNCE_MS });
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

const edit = (uri: string, version: number, text: string): Promise<void> =>
  client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 11 }, end: { line: 0, character: 12 } }, text }] });

test('an opened document and an edit after a quiet spell are published at once, not after the configured delay', async () => {
  const uri = 'file:///quiet.memlayout';
  const opened = performance.now();
  await client.open(uri, 'ram r size 4K\n', 'memlayout');
  assert.ok(performance.now() - opened < DEBOUNCE_MS / 2, `open published after ${(performance.now() - opened).toFixed(0)} ms`);
  await sleep(50);
  const t0 = performance.now();
  const wait = client.nextDiagnostics(uri, 2);
  await edit(uri, 2, '8');
  await wait;
  assert.ok(performance.now() - t0 < DEBOUNCE_MS / 2, `published after ${(performance.now() - t0).toFixed(0)} ms`);
});

test('a burst of edits ends with the diagnostics of its last version', async () => {
  const uri = 'file:///burst.memlayout';
  await client.open(uri, 'ram r size 4K\n', 'memlayout');
  const published: number[] = [];
  let last: Promise<number> | undefined;
  for (let v = 2; v <= 21; v++) {
    last = client.nextDiagnostics(uri, v).then(() => published.push(v));
    await edit(uri, v, v % 2 ? '4' : '8');
  }
  await last;
  assert.ok(published.includes(21));
  // Versions are published in order and never after a newer one.
  assert.deepEqual(published, [...published].sort((a, b) => a - b));
});
