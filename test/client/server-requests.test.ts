// Requests that wait for the language server: the views ask while it is still starting (a window
// reload) or restarting, and that must neither fail nor be logged as an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CancelToken, ServerClient } from '../../src/client/server-requests';
import { requestWhenRunning, whenRunning } from '../../src/client/server-requests';

/** A client that runs when told to, and answers (or fails) as told. */
class FakeClient implements ServerClient {
  running = false;
  sent: string[] = [];
  answer: (method: string) => Promise<unknown> = (m) => Promise.resolve(`answer to ${m}`);
  private listeners = new Set<() => void>();

  isRunning(): boolean {
    return this.running;
  }

  onDidChangeState(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  sendRequest<R>(method: string): Promise<R> {
    this.sent.push(method);
    // Like vscode-languageclient, a client that is not running rejects at once.
    if (!this.running) return Promise.reject(Object.assign(new Error('Client is not running'), { code: -32096 }));
    return this.answer(method) as Promise<R>;
  }

  setRunning(running: boolean): void {
    this.running = running;
    for (const l of [...this.listeners]) l();
  }

  get listening(): number {
    return this.listeners.size;
  }
}

function tokenSource(): { token: CancelToken; cancel: () => void } {
  const listeners = new Set<() => void>();
  const token = {
    isCancellationRequested: false,
    onCancellationRequested: (l: () => void) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
  };
  return { token, cancel: () => { token.isCancellationRequested = true; for (const l of listeners) l(); } };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

test('a request made before the server runs is sent once it runs, not failed', async () => {
  const client = new FakeClient();
  const answer = requestWhenRunning<string>(client, 'qemu-memmap/model', {});
  await tick();
  assert.deepEqual(client.sent, [], 'nothing is sent to a server that is not up');
  client.setRunning(true);
  assert.equal(await answer, 'answer to qemu-memmap/model');
  assert.deepEqual(client.sent, ['qemu-memmap/model']);
  assert.equal(client.listening, 0, 'the state listener is disposed');
});

test('a request the server drops by going down (a restart) is sent again once it runs, once', async () => {
  const client = new FakeClient();
  client.running = true;
  let calls = 0;
  client.answer = (m) => {
    calls++;
    if (calls === 1) {
      client.running = false;
      setTimeout(() => client.setRunning(true), 5);
      return Promise.reject(Object.assign(new Error('Pending response rejected since connection got disposed'), { code: -32097 }));
    }
    return Promise.resolve(`again ${m}`);
  };
  assert.equal(await requestWhenRunning<string>(client, 'm', {}), 'again m');
  assert.equal(calls, 2);
});

test('a real failure of a running server is thrown, not retried', async () => {
  const client = new FakeClient();
  client.running = true;
  client.answer = () => Promise.reject(Object.assign(new Error('Request failed: boom'), { code: -32603 }));
  await assert.rejects(requestWhenRunning(client, 'm', {}), /boom/);
  assert.equal(client.sent.length, 1);
});

test('a request superseded while waiting resolves undefined and stops listening', async () => {
  const client = new FakeClient();
  const { token, cancel } = tokenSource();
  const answer = requestWhenRunning(client, 'm', {}, token);
  cancel();
  assert.equal(await answer, undefined);
  assert.equal(client.listening, 0);
  assert.equal(await whenRunning(client, token), false);
  client.running = true;
  assert.equal(await whenRunning(client), true);
});
