/**
 * Server endurance: 10,000 random incremental didChange steps on a capture and a layout, interleaved
 * with requests, against the real server process (dist/server.js, debounce 0). Afterwards the server is
 * alive and answers, its diagnostics are those of a fresh analysis of the final text, and its heap after
 * a full GC, with the original texts put back, is within 10% of what it was the same way once warmed up. The edits come from the run's seed
 * (test/fuzz/seed.ts); QMM_ENDURANCE_STEPS changes their number. Needs `npm run build` first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { analyzeDocument, resolveKind } from '../../src/core';
import type { DocumentKind } from '../../src/core';
import { FIXTURES, repoRoot } from '../shared/fixtures';
import { SEED } from '../fuzz/seed';
import { TestClient } from './client';

const STEPS = Number(process.env.QMM_ENDURANCE_STEPS ?? 10_000);
/** Steps before the first heap reading: code and caches warm up first. */
const WARMUP = Math.min(1_000, Math.floor(STEPS / 10));
const BATCH = 25;

interface Doc {
  readonly uri: string;
  readonly languageId: string;
  readonly kind: DocumentKind;
  readonly original: string;
  /** What the editor holds: every change is applied here too. */
  text: TextDocument;
}

/** One edit, in numbers that are resolved against the document's text when it is applied. */
interface Edit {
  readonly op: 'insert-line' | 'delete-lines' | 'replace-chars' | 'insert-chars' | 'delete-chars';
  readonly at: number;
  readonly col: number;
  readonly len: number;
  readonly text: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  op: fc.constantFrom('insert-line', 'delete-lines', 'replace-chars', 'insert-chars', 'delete-chars'),
  at: fc.nat(),
  col: fc.nat({ max: 120 }),
  len: fc.nat({ max: 12 }),
  text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('0', 'f', ' ', '\n', '{', '}', '@', 'alias ', '(prio 1, ram)', '0x1000', '->', '[disabled]')),
});

/** The change an edit makes to a document; grows back towards the original size when it has shrunk, and the reverse. */
function changeFor(doc: Doc, e: Edit): TextDocumentContentChangeEvent {
  const t = doc.text;
  const lines = t.lineCount;
  const line = e.at % lines;
  const ratio = t.getText().length / doc.original.length;
  const originalLines = doc.original.split('\n');
  let op = e.op;
  if (ratio > 1.3 && (op === 'insert-line' || op === 'insert-chars')) op = 'delete-lines';
  if (ratio < 0.7 && (op === 'delete-lines' || op === 'delete-chars')) op = 'insert-line';
  const lineLength = t.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '').length;
  const col = Math.min(e.col, lineLength);
  switch (op) {
    case 'insert-line':
      return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: (originalLines[e.at % originalLines.length] ?? '') + '\n' };
    case 'delete-lines':
      return { range: { start: { line, character: 0 }, end: { line: Math.min(lines, line + 1 + (e.len % 3)), character: 0 } }, text: '' };
    case 'replace-chars':
      return { range: { start: { line, character: col }, end: { line, character: Math.min(lineLength, col + e.len) } }, text: e.text };
    case 'insert-chars':
      return { range: { start: { line, character: col }, end: { line, character: col } }, text: e.text };
    case 'delete-chars':
      return { range: { start: { line, character: col }, end: { line, character: Math.min(lineLength, col + e.len) } }, text: '' };
  }
}

let client: TestClient;

/** The server's heap in use after a full GC, read through the test-only probe (heap-probe.ts). */
function serverHeap(): Promise<number> {
  return new Promise((resolve, reject) => {
    client.proc.once('message', (m: { heapUsed?: number; error?: string }) => (m.heapUsed !== undefined ? resolve(m.heapUsed) : reject(new Error(m.error))));
    client.proc.send('heap');
  });
}

async function change(doc: Doc, c: TextDocumentContentChangeEvent): Promise<void> {
  doc.text = TextDocument.update(doc.text, [c], doc.text.version + 1);
  await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.text.version }, contentChanges: [c] });
}

/** One request of the kinds an editor sends while typing, at a position taken from `n`. */
async function request(doc: Doc, n: number): Promise<void> {
  const textDocument = { uri: doc.uri };
  const position = { line: n % doc.text.lineCount, character: (n >> 8) % 60 };
  const requests: [string, unknown][] = [
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/foldingRange', { textDocument }],
    ['textDocument/semanticTokens/full', { textDocument }],
    ['textDocument/inlayHint', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: doc.text.lineCount, character: 0 } } }],
    ['textDocument/codeLens', { textDocument }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/completion', { textDocument, position }],
    ['qemuMemmap/mapData', { uri: doc.uri }],
    ['qemuMemmap/model', { uri: doc.uri }],
  ];
  const [method, params] = requests[n % requests.length] as [string, unknown];
  await client.request(method, params);
}

/** Puts the original text back and waits for its diagnostics: heap readings compare the same documents. */
async function restore(docs: readonly Doc[]): Promise<void> {
  for (const doc of docs) {
    const published = client.nextDiagnostics(doc.uri, doc.text.version + 1);
    await change(doc, { range: { start: { line: 0, character: 0 }, end: { line: doc.text.lineCount, character: 0 } }, text: doc.original });
    await published;
    await request(doc, 0);
  }
}

const comparable = (ds: readonly Diagnostic[], uri: string): string => JSON.stringify(ds).split(JSON.stringify(uri)).join('"URI"');

before(async () => {
  client = new TestClient(undefined, ['--expose-gc', '-r', join(__dirname, 'heap-probe.js')], true);
  await client.start({ debounceMs: 0 });
});

after(async () => {
  if (client.proc.exitCode === null) assert.equal(await client.stop(), 0);
});

test(`endurance: ${STEPS} random edits on a capture and a layout, with requests: alive, right diagnostics, no leak (seed ${SEED})`, { timeout: 600_000 }, async () => {
  const capture = ['mtree.txt', 'ramblock.txt', 'gpa2hva.txt'].map((f) => readFileSync(join(FIXTURES, 'qemu-10.0', 'x86_64-pc', f), 'utf8')).join('\n');
  const layout = readFileSync(join(repoRoot(), 'examples', 'layouts', 'q35-edited.memlayout'), 'utf8');
  const docs: Doc[] = [
    { uri: 'file:///endurance/pc.mtree', languageId: 'qemu-capture', kind: 'capture', original: capture, text: TextDocument.create('file:///endurance/pc.mtree', 'qemu-capture', 1, capture) },
    { uri: 'file:///endurance/q35.memlayout', languageId: 'memlayout', kind: 'layout', original: layout, text: TextDocument.create('file:///endurance/q35.memlayout', 'memlayout', 1, layout) },
  ];
  for (const d of docs) await client.open(d.uri, d.original, d.languageId);
  const edits = fc.sample(edit, { seed: SEED, numRuns: STEPS });
  let heapStart = 0;
  const t0 = Date.now();
  for (let i = 0; i < STEPS; i++) {
    const doc = docs[Math.floor(i / BATCH) % docs.length] as Doc;
    await change(doc, changeFor(doc, edits[i] as Edit));
    if (i % BATCH === BATCH - 1) await request(doc, i * 7919);
    if (i === WARMUP - 1) {
      await restore(docs);
      heapStart = await serverHeap();
    }
  }
  const elapsed = Date.now() - t0;

  for (const doc of docs) {
    // An empty change bumps the version: wait for the diagnostics of the final text.
    const published = client.nextDiagnostics(doc.uri, doc.text.version + 1);
    await change(doc, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' });
    const final = await published;
    const text = doc.text.getText();
    const fresh = analyzeDocument(text, resolveKind(text, doc.kind));
    assert.deepEqual(final.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`), fresh.issues.map((i) => `${i.code}@${i.span.line}:${i.span.col}`), `${doc.uri}: the diagnostics of the final text`);
    const freshUri = doc.uri.replace('/endurance/', '/fresh/');
    const reopened = await client.open(freshUri, text, doc.languageId);
    assert.equal(comparable(final, doc.uri), comparable(reopened, freshUri), `${doc.uri}: the same as opening the final text anew`);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
  }
  await restore(docs);
  const heapEnd = await serverHeap();
  const growth = heapEnd / heapStart - 1;
  console.log(`endurance: ${STEPS} edits in ${(elapsed / 1000).toFixed(1)} s; server heap after GC (less machine code), original texts back: ${(heapStart / 1e6).toFixed(1)} MB after ${WARMUP} edits → ${(heapEnd / 1e6).toFixed(1)} MB at the end (${(growth * 100).toFixed(1)}%)`);
  assert.equal(client.proc.exitCode, null, `the server is alive (stderr: ${client.stderr.slice(-500)})`);
  assert.ok(Math.abs(growth) <= 0.1, `heap within 10%: ${(growth * 100).toFixed(1)}%`);
});
