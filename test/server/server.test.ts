import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { FIXTURES, repoRoot } from '../shared/fixtures';
import { TestClient } from './client';

const fixture = (v: string, c: string, ...files: string[]): string => files.map((f) => readFileSync(join(FIXTURES, v, c, f), 'utf8')).join('\n');
let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.start();
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

test('a capture opened under any language id gets diagnostics; a clean one gets none', async () => {
  const clean = await client.open('file:///pc.txt', fixture('qemu-7.2', 'x86_64-pc', 'mtree-D.txt', 'mtree-f.txt'));
  // Lint notes (information) and hints are fine; no error or warning on a real capture.
  assert.deepEqual(clean.filter((d) => d.severity === 1 || d.severity === 2), []);
  const broken = await client.open('file:///broken.txt', 'address-space: memory\n  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n    0000000000001000-0000000000000fff (prio 0, ram): backwards\n');
  const mt006 = broken.find((d) => d.code === 'MT006');
  assert.ok(mt006);
  assert.deepEqual(mt006.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 37 } });
});

test('hover on a GPA shows the whole chain down to the HVA', async () => {
  const text = fixture('qemu-10.0', 'x86_64-pc-4G', 'mtree-D.txt', 'mtree-f.txt', 'ramblock.txt');
  await client.open('file:///pc4g.txt', text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('alias ram-above-4g'));
  const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: 'file:///pc4g.txt' }, position: { line, character: 6 } });
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /system › ram-above-4g \(alias → pc\.ram \+0xc0000000\) › pc\.ram/);
  assert.match(value, /ram_addr 0xc0000000/);
  const hva = /is (0x[0-9a-f]+)/.exec(readFileSync(join(FIXTURES, 'qemu-10.0', 'x86_64-pc-4G', 'gpa2hva.txt'), 'utf8').split('\n').find((l) => l.includes('0x100000000 (pc.ram)')) ?? '')?.[1];
  assert.ok(hva && value.includes(`HVA **${hva}**`), `expected HVA ${hva} in ${value}`);
});

test('a layout is recognised by content and gets its diagnostics', async () => {
  const layout = readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8');
  assert.deepEqual((await client.open('file:///board.anything', layout)).filter((d) => d.severity === 1), []);
  const bad = await client.open('file:///bad.memlayout', 'container s size 16E {\n  ram r size 4K frob\n}\n', 'memlayout');
  assert.deepEqual(bad.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['LP004', 1, 16]]);
});

test('edits are re-analysed and published for the new version', async () => {
  const uri = 'file:///edit.memlayout';
  await client.open(uri, 'ram r size 4K\n', 'memlayout');
  const wait = client.nextDiagnostics(uri, 2);
  await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 11 }, end: { line: 0, character: 13 } }, text: '' }] });
  const diags = await wait;
  assert.deepEqual(diags.filter((d) => d.severity === 1).map((d) => d.code), ['LP005']);
});
