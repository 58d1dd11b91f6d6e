import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const uri = 'file:///board.memlayout';
const text = ['container system size 16E {', '  alias low @0 size 1M -> pc.ram', '  ', '}', 'ram pc.ram size 1M', 'address-space memory root system', 'address-space other root pc.ram', 'ramblock pc.ram size 1M'].join('\n');
let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.start();
  await client.open(uri, text, 'memlayout');
});

after(async () => {
  await client.stop();
});

test('completion: kinds at a line start, names after ->, attributes after a header', async () => {
  const atStart = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 2 } });
  assert.ok(atStart.some((c) => c.label === 'rom-device'));
  assert.ok(!atStart.some((c) => c.label === 'address-space'), 'address-space is top-level only');
  const afterArrow = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 28 } });
  assert.deepEqual(afterArrow.map((c) => c.label).sort(), ['low', 'pc.ram', 'system']);
  const attrs = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 19 } });
  assert.ok(attrs.some((c) => c.label === 'priority'));
});

test('rename: the declaration, alias targets, address-space roots and the RAMBlock follow; names get quoted when needed', async () => {
  const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: { line: 4, character: 6 }, newName: 'main ram' });
  const changes = edit.changes?.[uri] ?? [];
  assert.deepEqual(changes.map((c) => [c.range.start.line, c.range.start.character, c.newText]).sort(), [
    [1, 26, '"main ram"'], [4, 4, '"main ram"'], [6, 25, '"main ram"'], [7, 9, '"main ram"'],
  ].sort());
  const prep = await client.request<unknown>('textDocument/prepareRename', { textDocument: { uri }, position: { line: 5, character: 2 } });
  assert.equal(prep, null);
});

test('formatting a layout returns its canonical text; code actions fix an unknown attribute', async () => {
  const u = 'file:///messy.memlayout';
  await client.open(u, 'ram   r   size 4K    priority 1\n', 'memlayout');
  const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri: u }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(edits[0]?.newText, 'ram r size 4K priority 1\n');
  const b = 'file:///frob.memlayout';
  const diags = await client.open(b, 'ram r size 4K frob\n', 'memlayout');
  const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', { textDocument: { uri: b }, range: diags[0]?.range, context: { diagnostics: diags } });
  assert.equal(actions[0]?.title, 'Remove "frob"');
});
