import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeLens, DocumentSymbol, FoldingRange, InlayHint, SemanticTokens, ServerCapabilities } from 'vscode-languageserver-protocol';
import { decodeSemanticTokens } from '../core/features/semantic-tokens';
import { FIXTURES, repoRoot } from '../shared/fixtures';
import { TestClient } from './client';

// Needs the wiring of src/server/{symbols,folding,tokens,inlay,lens}.ts in src/server/main.ts and a build (dist/server.js).

const fixture = (v: string, c: string, ...files: string[]): string => files.map((f) => readFileSync(join(FIXTURES, v, c, f), 'utf8')).join('\n');
const PC4G = fixture('qemu-10.0', 'x86_64-pc-4G', 'mtree-D.txt', 'mtree-f.txt', 'ramblock.txt', 'gpa2hva.txt');
const PC4G_LINES = PC4G.split('\n');
const BOARD = readFileSync(join(repoRoot(), 'examples', 'layouts', 'tiny-board.memlayout'), 'utf8');
const CAPTURE = 'file:///structure-pc4g.txt';
const LAYOUT = 'file:///structure-board.memlayout';

let client: TestClient;
let capabilities: ServerCapabilities;

before(async () => {
  client = new TestClient();
  capabilities = ((await client.start()) as { capabilities: ServerCapabilities }).capabilities;
  await client.open(CAPTURE, PC4G);
  await client.open(LAYOUT, BOARD, 'memlayout');
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

const doc = (uri: string): { textDocument: { uri: string } } => ({ textDocument: { uri } });
const lineOf = (needle: string, from = 0): number => PC4G_LINES.findIndex((l, i) => i >= from && l.includes(needle));

test('the server announces symbols, folding, semantic tokens, inlay hints and code lenses', () => {
  assert.ok(capabilities.documentSymbolProvider);
  assert.equal(capabilities.foldingRangeProvider, true);
  assert.equal(capabilities.inlayHintProvider, true);
  assert.deepEqual(capabilities.codeLensProvider, { resolveProvider: false });
  const st = capabilities.semanticTokensProvider;
  assert.ok(st && 'legend' in st);
  assert.equal(st.full, true);
  assert.deepEqual(st.legend.tokenModifiers, ['declaration', 'readonly', 'deprecated']);
  assert.equal(st.legend.tokenTypes.length, 12);
});

test('documentSymbol: sections, groups and region trees, disabled regions deprecated', async () => {
  const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc(CAPTURE));
  assert.deepEqual(symbols.map((s) => s.name), ['info mtree', 'info mtree -f', 'info ramblock', 'gpa2hva']);
  const memory = symbols[0]?.children?.find((g) => g.name === 'cpu-memory-0, memory');
  const system = memory?.children?.[0];
  assert.equal(system?.name, 'system');
  assert.equal(system?.kind, 3); // Namespace
  assert.equal(system?.range.end.line, lineOf('alias ram-above-4g'));
  const pm = symbols[0]?.children?.[0]?.children?.[0]?.children?.find((r) => r.name === 'piix4-pm');
  assert.deepEqual(pm?.tags, [1]); // Deprecated
  const layout = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', doc(LAYOUT));
  assert.deepEqual(layout.map((s) => s.name), ['system', 'pc.ram', 'memory', 'pc.ram', 'pc.bios']);
  assert.deepEqual(layout[0]?.children?.map((c) => c.name), ['ram-below-4g', 'legacy-windows', 'pci', 'ioapic']);
});

test('foldingRange: groups, regions and views of a capture; bodies of a layout', async () => {
  const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', doc(CAPTURE));
  assert.ok(folds.some((f) => f.startLine === lineOf('FlatView #0') && f.endLine === lineOf('pc.ram @00000000c0000000')));
  assert.ok(folds.some((f) => f.startLine === lineOf('piix4-pm') && f.endLine === lineOf('acpi-tmr') && f.kind === 'region'));
  const layout = await client.request<FoldingRange[]>('textDocument/foldingRange', doc(LAYOUT));
  assert.deepEqual(layout.map((f) => [f.startLine, f.endLine]), [[1, 10], [5, 8]]);
});

test('semanticTokens/full: the data decodes to the written names and numbers', async () => {
  const result = await client.request<SemanticTokens>('textDocument/semanticTokens/full', doc(CAPTURE));
  const tokens = decodeSemanticTokens(result.data);
  const line = lineOf('alias ram-above-4g');
  const text = PC4G_LINES[line] ?? '';
  assert.deepEqual(tokens.filter((t) => t.line === line).map((t) => `${text.slice(t.col, t.col + t.length)}:${t.type}`), [
    '0000000100000000:number', '000000013fffffff:number', '0:number', 'ram:keyword', 'alias:keyword', 'ram-above-4g:variable', '@:operator', 'pc.ram:type', '00000000c0000000:number', '00000000ffffffff:number',
  ]);
  const layout = decodeSemanticTokens((await client.request<SemanticTokens>('textDocument/semanticTokens/full', doc(LAYOUT))).data);
  assert.deepEqual(layout.slice(0, 3).map((t) => t.type), ['comment', 'keyword', 'variable']);
});

test('inlayHint: size and HVA on the asked lines only', async () => {
  const line = lineOf('pc.ram @00000000c0000000');
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { ...doc(CAPTURE), range: { start: { line, character: 0 }, end: { line, character: 200 } } });
  assert.deepEqual(hints.map((h) => [h.position.line, h.label]), [[line, '= 1 GiB'], [line, 'HVA 0x7ff473e00000']]);
});

test('codeLens: Reflatten and Show map with the document and the space', async () => {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', doc(CAPTURE));
  const header = lenses.filter((l) => l.range.start.line === lineOf('address-space: cpu-memory-0'));
  assert.deepEqual(header.map((l) => l.command), [
    { title: 'Reflatten', command: 'qemu-memmap.reflatten', arguments: [CAPTURE] },
    { title: 'Show map', command: 'qemu-memmap.showMap', arguments: [CAPTURE, 'memory'] },
  ]);
  const layout = await client.request<CodeLens[]>('textDocument/codeLens', doc(LAYOUT));
  assert.deepEqual(layout.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments]), [
    [14, 'qemu-memmap.reflatten', [LAYOUT]],
    [14, 'qemu-memmap.showMap', [LAYOUT, 'memory']],
  ]);
});
