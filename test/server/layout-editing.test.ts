import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const uri = 'file:///board.memlayout';
const text = ['container system size 16E {', '  alias low @0 size 1M -> pc.ram', '  ', '}', 'ram pc.ram size 1M', 'address-space memory root system', 'address-space other root pc.ram', 'ramblock pc.ram size 1M'].join('\n');
let client: TestClient;
let capabilities: { completionProvider?: { triggerCharacters?: string[] } };

before(async () => {
  client = new TestClient();
  ({ capabilities } = (await client.start()) as { capabilities: typeof capabilities });
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
  // low itself and its container system would make an alias cycle.
  assert.deepEqual(afterArrow.map((c) => c.label).sort(), ['pc.ram']);
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

test('completion opens by itself after ->, @ and the space after -> or root, with what each starts', async () => {
  assert.deepEqual([...(capabilities.completionProvider?.triggerCharacters ?? [])].sort(), [' ', '$', '>', '@']);
  const u = 'file:///typing.memlayout';
  const typed = ['container system size 4G {', '  ram pc.ram size 1G', '  alias lo size 4K @ 0x40000000 -> ', '  rom flash size 64K @', '  ', '}', 'address-space memory root ', ''].join('\n');
  await client.open(u, typed, 'memlayout');
  const ask = async (line: number, character: number, triggerCharacter: string): Promise<CompletionItem[]> =>
    client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: u }, position: { line, character }, context: { triggerKind: 2, triggerCharacter } });
  assert.deepEqual((await ask(2, 35, ' ')).map((c) => c.label).sort(), ['flash', 'pc.ram'], 'after "-> ": the targets that make no cycle');
  assert.deepEqual((await ask(2, 34, '>')).map((c) => c.label).sort(), ['flash', 'pc.ram'], 'after "->"');
  const at = await ask(3, 22, '@');
  assert.deepEqual(at.map((c) => [c.label, c.kind, c.sortText]), [['0x40001000', 12, '000']], 'after "@": the free addresses in the container');
  assert.deepEqual((await ask(6, 26, ' ')).map((c) => c.label).sort(), ['flash', 'lo', 'pc.ram', 'system'], 'after "root "');
  assert.deepEqual(await ask(4, 2, ' '), [], 'a space while indenting opens nothing');
});

test('did you mean: an unknown target gets a quick fix to the nearest declared name, linked to its diagnostic', async () => {
  const u = 'file:///typo.memlayout';
  const diags = await client.open(u, 'ram pc.ram size 1M\nalias low size 4K -> pc.rma\naddress-space memory root pc.ram\n', 'memlayout');
  const unknown = diags.find((d) => d.code === 'LC001');
  assert.ok(unknown, JSON.stringify(diags));
  type Action = { title: string; kind: string; isPreferred?: boolean; diagnostics?: { code: string; range: unknown }[]; edit: WorkspaceEdit };
  const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri: u }, range: unknown.range, context: { diagnostics: [unknown] } });
  const fix = actions.find((a) => a.title === 'Did you mean pc.ram?');
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(fix.diagnostics?.map((d) => [d.code, d.range]), [['LC001', unknown.range]]);
  assert.deepEqual(fix.edit.changes?.[u], [{ range: { start: { line: 1, character: 21 }, end: { line: 1, character: 27 } }, newText: 'pc.ram' }]);
});

test('a half-typed -> line gets its errors on that line only', async () => {
  const u = 'file:///half.memlayout';
  const diags = await client.open(u, ['container system size 4G {', '  ram pc.ram size 1G', '  alias low size 4K @ 0x1000 ->', '  ram b size 4K @ 0x2000 priority 1', '}', 'address-space memory root system', ''].join('\n'), 'memlayout');
  const errors = diags.filter((d) => d.severity === 1);
  assert.ok(errors.length > 0);
  assert.deepEqual([...new Set(errors.map((d) => d.range.start.line))], [2], JSON.stringify(errors.map((d) => [d.code, d.message])));
});
