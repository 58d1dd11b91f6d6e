import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Location } from 'vscode-languageserver-protocol';
import { DiffRequest, MapDataRequest, ModelRequest, ReflattenCommand, ReflattenRequest, TranslateRequest } from '../../src/protocol';
import { FIXTURES, repoRoot } from '../shared/fixtures';
import { TestClient } from './client';

const uri = 'file:///pc-4g.txt';
const text = ['mtree-D.txt', 'mtree-f.txt', 'ramblock.txt'].map((f) => readFileSync(join(FIXTURES, 'qemu-10.0', 'x86_64-pc-4G', f), 'utf8')).join('\n');
const lines = text.split('\n');
const lineOf = (needle: string, from = 0): number => lines.findIndex((l, i) => i >= from && l.includes(needle));
let client: TestClient;

before(async () => {
  client = new TestClient();
  await client.start();
  await client.open(uri, text);
});

after(async () => {
  await client.stop();
});

test('definition: alias target → its memory-region: section; flat range → its region; region → its RAMBlock', async () => {
  const aliasLine = lineOf('alias ram-above-4g @pc.ram');
  const col = (lines[aliasLine] as string).indexOf('@pc.ram') + 2;
  const def = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: aliasLine, character: col } });
  const section = lineOf('memory-region: pc.ram');
  assert.equal(def[0]?.range.start.line, section + 1);
  const flatLine = lineOf('pc.ram @00000000c0000000', lineOf('FlatView #'));
  const def2 = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: flatLine, character: (lines[flatLine] as string).indexOf('pc.ram') + 1 } });
  assert.equal(def2[0]?.range.start.line, section + 1);
  const def3 = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: section + 1, character: (lines[section + 1] as string).indexOf('pc.ram') + 1 } });
  assert.equal(def3[0]?.range.start.line, lineOf('  pc.ram    4 KiB'));
});

test('references: every alias, flat range and RAMBlock row naming pc.ram', async () => {
  const section = lineOf('memory-region: pc.ram') + 1;
  const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: section, character: (lines[section] as string).indexOf('pc.ram') + 1 }, context: { includeDeclaration: false } });
  const kinds = refs.map((r) => lines[r.range.start.line] as string);
  assert.ok(kinds.some((l) => l.includes('alias ram-below-4g @pc.ram')));
  assert.ok(kinds.some((l) => l.includes('alias ram-above-4g @pc.ram')));
  assert.ok(kinds.some((l) => l.includes('(prio 0, ram): pc.ram @00000000c0000000')));
  assert.ok(kinds.some((l) => l.includes('  pc.ram    4 KiB')));
});

test('custom requests: model, reflatten (with differences), translate, map data; the reflatten command', async () => {
  const model = await client.request<ModelRequest.Result>(ModelRequest.method, { uri });
  assert.ok(model);
  assert.equal(model.kind, 'capture');
  assert.ok(model.spaces.some((s) => s.names.includes('memory') && s.root?.name === 'system'));
  assert.ok(model.views.some((v) => v.spaces.includes('memory')));
  assert.equal(model.blocks[0]?.name, 'pc.ram');
  assert.match(model.blocks[0]?.hva ?? '', /^0x7f/);
  const re = await client.request<ReflattenRequest.Result>(ReflattenRequest.method, { uri });
  assert.equal(re.compared, true);
  assert.deepEqual(re.differences, []);
  assert.match(re.text, /FlatView #0\n AS "/);
  const viaCommand = await client.request<ReflattenRequest.Result>('workspace/executeCommand', { command: ReflattenCommand, arguments: [uri] });
  assert.equal(viaCommand.text, re.text);
  const t = await client.request<TranslateRequest.Result>(TranslateRequest.method, { uri, direction: 'gpa2hva', address: '0x100000000' });
  assert.match(t.text, /^Host virtual address for 0x100000000 \(pc\.ram\) is 0x7f/);
  assert.match(t.text, /ram_addr 0xc0000000/);
  const hva = /is (0x[0-9a-f]+)/.exec(t.text)?.[1] as string;
  const back = await client.request<TranslateRequest.Result>(TranslateRequest.method, { uri, direction: 'hva2gpa', address: hva });
  assert.match(back.text, /GPA 0x100000000 in .*memory/);
  const why = await client.request<TranslateRequest.Result>(TranslateRequest.method, { uri, direction: 'why', address: '0xfffc0000' });
  assert.match(why.text, /pc\.bios .*WINS/);
  // The first line (what the notification shows) names the winner and the way to it.
  assert.equal(why.text.split('\n')[0], '0xfffc0000 → pc.bios (prio -1) in address space memory');
  const map = await client.request<MapDataRequest.Result>(MapDataRequest.method, { uri });
  assert.equal(map.space, 'memory');
  assert.ok(map.ranges.length > 5);
  assert.equal(map.regions[0]?.name, 'system');
});

test('qemuMemmap/diff: two texts (open or not) compared, each difference with its range on each side', async () => {
  const example = (name: string): string => readFileSync(join(repoRoot(), 'examples', 'captures', name), 'utf8');
  const before = example('pc-hotplug-before-qemu72.txt');
  const after = example('pc-hotplug-after-qemu72.txt');
  const d = await client.request<DiffRequest.Result>(DiffRequest.method, { a: { uri: 'file:///before.txt', text: before }, b: { uri: 'file:///after.txt', text: after } });
  assert.equal(d.equal, false);
  assert.equal(d.summary, '1 region change, 2 flat-view ranges changed, 1 RAMBlock change');
  assert.deepEqual(d.differences.map((x) => `${x.group} ${x.kind} ${x.scope}: ${x.label}`), [
    'regions added cpu-memory-0, memory: system › device-memory › mem1',
    'flat added cpu-memory-0, memory: 0000000100000000-000000010fffffff',
    'flat added cpu-smm-0: 0000000100000000-000000010fffffff',
    'blocks added : mem1',
  ]);
  const region = d.differences[0];
  assert.equal(region?.a, undefined);
  const line = after.split('\n')[region?.b?.start.line ?? -1] ?? '';
  assert.equal(line.slice(region?.b?.start.character, region?.b?.end.character), 'mem1');
  const same = await client.request<DiffRequest.Result>(DiffRequest.method, { a: { uri, text }, b: { uri: 'file:///copy.txt', text } });
  assert.deepEqual([same.equal, same.summary, same.differences], [true, 'No differences', []]);
});

test('a gdb session: hovers, model, reflatten, map data and navigation between pointers, dumps and lines', async () => {
  const gdbUri = 'file:///gdb-session.txt';
  const seed = readFileSync(join(repoRoot(), 'examples', 'captures', 'gdb-scripts.txt'), 'utf8');
  const seedLines = seed.split('\n');
  const at = (needle: string): number => seedLines.findIndex((l) => l.startsWith(needle));
  await client.open(gdbUri, seed);
  const model = await client.request<ModelRequest.Result>(ModelRequest.method, { uri: gdbUri });
  assert.ok(model);
  assert.ok(model.spaces.some((s) => s.names.includes('memory') && s.names.includes('cpu-memory-0') && s.root?.name === 'system'));
  assert.deepEqual(model.views.find((v) => v.spaces.includes('memory'))?.ranges.map((r) => r.name), ['ram-below-4g', 'smram-region', 'pc.rom', 'isa-bios', 'ram-below-4g', 'ioapic', 'hpet', 'apic-msi', 'pc.bios']);
  const range = at('[000000000000e0000-');
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: gdbUri }, position: { line: range, character: 4 } });
  assert.match(hover?.contents.value ?? '', /From gdb dumps: .*named after isa-bios/);
  const re = await client.request<ReflattenRequest.Result>(ReflattenRequest.method, { uri: gdbUri });
  assert.equal(re.compared, true);
  // Recomputed from the tree alone (rank order, every region enabled): ram-below-4g would win at 0xc0000.
  assert.match(re.text, /^# From gdb dumps: /);
  assert.ok(re.differences.length > 0);
  const map = await client.request<MapDataRequest.Result>(MapDataRequest.method, { uri: gdbUri, space: 'memory' });
  assert.ok(map && map.ranges.length === 9);
  // The Root MR pointer of `memory` leads to its dumped tree.
  const rootLine = at('     Root MR : 0x555556804b00');
  const def = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: gdbUri }, position: { line: rootLine, character: 20 } });
  assert.equal(def[0]?.range.start.line, at('(gdb) dump_memory_region 0x555556804b00'));
});
