import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { IPCMessageReader, IPCMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from '../shared/fixtures';

test('the server also speaks over Node IPC (how the VS Code client starts it)', async () => {
  const child = fork(join(repoRoot(), 'dist', 'server.js'), ['--node-ipc'], { silent: true });
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  conn.listen();
  const published = new Promise<PublishDiagnosticsParams>((resolve) => conn.onNotification('textDocument/publishDiagnostics', resolve));
  const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } })) as { capabilities: { hoverProvider?: boolean } };
  assert.equal(init.capabilities.hoverProvider, true);
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///x.memlayout', languageId: 'memlayout', version: 1, text: 'ram r size 4K bogus\n' } });
  const d = await published;
  assert.deepEqual(d.diagnostics.filter((x) => x.severity === 1).map((x) => x.code), ['LP004']);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0);
  conn.dispose();
});
