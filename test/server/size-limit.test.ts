/** Documents above `maxFileSizeMB` are analysed up to the limit, with CAP005 where the analysis stops. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { FIXTURES } from '../shared/fixtures';
import { TestClient } from './client';

const tree = readFileSync(join(FIXTURES, 'qemu-10.0', 'x86_64-pc-4G', 'mtree-D.txt'), 'utf8');
const ramblock = readFileSync(join(FIXTURES, 'qemu-10.0', 'x86_64-pc-4G', 'ramblock.txt'), 'utf8');
// The limit falls inside the ramblock table: the tree and its first rows are analysed, the rest is not.
const text = `${tree}\n${ramblock}`;
const cutAt = tree.length + 1 + ramblock.indexOf('\n', ramblock.indexOf('pc.bios')) + 1;
const limitMB = (cutAt + 10) / (1024 * 1024);
const firstLeftOut = text.slice(0, cutAt).split('\n').length - 1;
let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.start({ debounceMs: 0, maxFileSizeMB: limitMB });
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

const hover = (uri: string, line: number, character: number): Promise<Hover | null> =>
  client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

test('a document above the limit: CAP005 on the first line left out, saying how to raise the limit', async () => {
  const diags = await client.open('file:///big.mtree', text, 'qemu-capture');
  const cap = diags.filter((d) => d.code === 'CAP005');
  assert.equal(cap.length, 1);
  assert.equal(cap[0]?.severity, 2);
  assert.equal(cap[0]?.range.start.line, firstLeftOut);
  assert.equal(cap[0]?.range.start.character, 0);
  assert.match(String(cap[0]?.message), new RegExp(`only the first ${firstLeftOut} lines were analysed`));
  assert.match(String(cap[0]?.message), /maxFileSizeMB/);
  // The rest of the document raised nothing else.
  assert.deepEqual(diags.filter((d) => d.severity === 1), []);
});

test('features work on the analysed part and find nothing beyond it', async () => {
  const lines = text.split('\n');
  const analysedRow = lines.findIndex((l) => /^\s+pc\.bios\s/.test(l));
  const leftOutRow = lines.findIndex((l) => /^\s+pc\.rom\s/.test(l));
  assert.ok(analysedRow > 0 && analysedRow < firstLeftOut && leftOutRow >= firstLeftOut);
  const inside = await hover('file:///big.mtree', analysedRow, lines[analysedRow]!.indexOf('pc.bios') + 1);
  assert.match((inside?.contents as { value: string }).value, /pc\.bios/);
  assert.equal(await hover('file:///big.mtree', leftOutRow, lines[leftOutRow]!.indexOf('pc.rom') + 1), null);
  const region = lines.findIndex((l) => l.includes('alias ram-above-4g'));
  const h = await hover('file:///big.mtree', region, lines[region]!.indexOf('ram-above-4g') + 1);
  assert.match((h?.contents as { value: string }).value, /ram-above-4g/);
});

test('an edit that brings the document under the limit clears CAP005', async () => {
  const uri = 'file:///big.mtree';
  const wait = client.nextDiagnostics(uri, 2);
  const last = text.split('\n').length - 1;
  await client.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: firstLeftOut - 1, character: 0 }, end: { line: last, character: 0 } }, text: '' }],
  });
  assert.deepEqual((await wait).filter((d) => d.code === 'CAP005'), []);
});

test('a document within the limit gets no CAP005', async () => {
  const diags = await client.open('file:///small.mtree', tree, 'qemu-capture');
  assert.deepEqual(diags.filter((d) => d.code === 'CAP005'), []);
});
