import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MapDataRequest, WireFlatRange } from '../../src/protocol';
import { describeRange, describeRegion } from '../../src/webview/format';
import { areaAt, computeRows, ROW } from '../../src/webview/geometry';
import { mapCsp, mapHtml } from '../../src/webview/html';
import { isHostMessage, isMapViewState, isViewMessage } from '../../src/webview/messages';
import { hasUndumped, parseMapData, TYPE_KEYS, typeCode } from '../../src/webview/model';
import { regionNameOfBlock } from '../../src/core/model/block-name';

const where = { start: { line: 3, character: 2 }, end: { line: 3, character: 8 } };

function flat(start: string, end: string, name: string, type = 'ram', offset = '0x0'): WireFlatRange {
  return { start, end, name, offset, type, priority: 0, range: where };
}

const data: MapDataRequest.Result = {
  space: 'memory',
  spaces: ['memory', 'I/O'],
  ranges: [
    flat('0xc0000', '0xdffff', 'pc.ram', 'rom', '0xc0000'),
    flat('0x0', '0x9ffff', 'pc.ram'),
    flat('0xa0000', '0xbffff', 'vga-lowmem', 'i/o'),
    flat('0xzz', '0x1', 'broken'),
    flat('0x100000', '0x7ffffff', 'vga.vram', 'ram', '0x1000'),
  ],
  regions: [
    {
      name: 'system', type: 'i/o', start: '0x0', end: '0xffffffffffffffff', size: '0x10000000000000000', priority: 0, enabled: true, visible: '0x1', range: undefined,
      children: [{ name: 'pc.ram', type: 'ram', start: '0x0', end: '0x7ffffff', size: '0x8000000', priority: 0, enabled: true, visible: '0x1', range: undefined, children: [] }],
    },
  ],
  blocks: [
    { name: 'pc.ram', offset: '0x0', used: '0x8000000', max: '0x8000000', pageSize: '0x1000', hva: '0x7f0000000000', range: where },
    { name: '0000:00:02.0/vga.vram', offset: '0x8000000', used: '0x1000000', max: '0x1000000', pageSize: '0x1000', hva: undefined, range: where },
  ],
};

test('map data: addresses parsed once, sorted, bad entries counted, types coded, ranges matched to RAMBlocks', () => {
  const m = parseMapData(data);
  assert.deepEqual(m.ranges.map((r) => r.start), ['0x0', '0xa0000', '0xc0000', '0x100000']);
  assert.equal(m.invalid, 1);
  assert.deepEqual(m.rangeSpans[0], { start: 0n, last: 0x9ffffn });
  assert.deepEqual([...m.rangeCode].map((c) => TYPE_KEYS[c]), ['ram', 'io', 'rom', 'ram']);
  assert.deepEqual([...m.rangeBlock], [0, -1, 0, 1]);
  assert.deepEqual(m.regions.map((r) => [r.wire.name, r.depth, TYPE_KEYS[r.code]]), [
    ['system', 0, 'container'],
    ['pc.ram', 1, 'ram'],
  ]);
  assert.equal(m.regions[0]!.last, (1n << 64n) - 1n);
  assert.equal(m.blocks[1]!.last, 0x8ffffffn);
});

test('type words and RAMBlock names follow QEMU', () => {
  assert.equal(TYPE_KEYS[typeCode('nv-ram')], 'ram');
  assert.equal(TYPE_KEYS[typeCode('i/o')], 'io');
  assert.equal(TYPE_KEYS[typeCode('i/o', true)], 'container');
  assert.equal(TYPE_KEYS[typeCode('io')], 'other', 'only QEMU spells it i/o');
  assert.equal(TYPE_KEYS[typeCode('alias')], 'alias');
  assert.equal(regionNameOfBlock('0000:00:02.0/vga.vram'), 'vga.vram');
  assert.equal(regionNameOfBlock('/objects/mem0'), '/objects/mem0');
});

test('tooltip: GPA, region offset, ram_addr and HVA (block HVA + offset), and the address under the pointer', () => {
  const m = parseMapData(data);
  assert.deepEqual(describeRange(m, 2, 0xc0010n), [
    'pc.ram  (rom, prio 0)',
    'GPA 0xc0000–0xdffff  (128 KiB)',
    'region pc.ram + 0xc0000',
    'RAMBlock pc.ram  ram_addr 0xc0000–0xdffff',
    'HVA 0x7f00000c0000–0x7f00000dffff',
    '2 GPA ranges show RAMBlock pc.ram',
    'pointer: GPA 0xc0010 → HVA 0x7f00000c0010',
    'click or Enter: reveal in the editor',
  ]);
  const vram = describeRange(m, 3);
  assert.ok(vram.includes('RAMBlock 0000:00:02.0/vga.vram  ram_addr 0x8001000–0xff00fff'));
  assert.ok(!vram.some((l) => l.startsWith('HVA')), 'no HVA when the block has none');
});

test('the page: strict CSP, one script with the nonce and a src, no inline script, no document text', () => {
  const html = mapHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc+/=', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/media/map.css' });
  assert.ok(html.includes(`content="${mapCsp('https://x.vscode-cdn.net', 'abc+/=')}"`));
  assert.equal(mapCsp('S', 'N'), "default-src 'none'; img-src S data:; style-src S; script-src 'nonce-N'; font-src S");
  const scripts = html.match(/<script\b[^>]*>[^<]*<\/script>/g) ?? [];
  assert.deepEqual(scripts, ['<script nonce="abc+/=" src="https://x/dist/webview.js"></script>']);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(!/\son[a-z]+=/i.test(html), 'no inline handlers');
  assert.throws(() => mapHtml({ cspSource: 's', nonce: 'n"><script>', scriptUri: 'u', styleUri: 'u' }));
  // VS Code's own source list has a space and quotes: it must be accepted; a ';' or '"' must not.
  assert.doesNotThrow(() => mapHtml({ cspSource: "'self' https://*.vscode-cdn.net", nonce: 'n', scriptUri: 'u', styleUri: 'u' }));
  assert.throws(() => mapHtml({ cspSource: "'self'; script-src *", nonce: 'n', scriptUri: 'u', styleUri: 'u' }));
});

test('message guards accept what each side sends and nothing else', () => {
  assert.ok(isViewMessage({ type: 'ready' }));
  assert.ok(isViewMessage({ type: 'reveal', range: where }));
  assert.ok(isViewMessage({ type: 'chooseSpace', space: 'I/O' }));
  assert.ok(!isViewMessage({ type: 'reveal', range: { start: 1 } }));
  assert.ok(!isViewMessage({ type: 'chooseSpace' }));
  assert.ok(!isViewMessage('ready'));
  assert.ok(isHostMessage({ type: 'data', uri: 'file:///a', result: data }));
  assert.ok(isHostMessage({ type: 'data', uri: undefined, result: null, error: 'x' }));
  assert.ok(!isHostMessage({ type: 'data', result: { ranges: 'no' } }));
  assert.ok(isMapViewState({ uri: 'file:///a', space: 'memory', zoom: 2, centre: 0.5, selected: '0x0' }));
  assert.ok(!isMapViewState({ zoom: '2', centre: 0.5 }));
});

test('rows: region bands on top, then ranges, names, addresses and the RAMBlock lane; y finds the row', () => {
  const rows = computeRows({ width: 1000, height: 400, bandRows: 4, blocks: true, host: false });
  assert.equal(rows.regionRows, 4);
  assert.deepEqual(areaAt(rows, rows.regionTop + ROW.region + 1), { kind: 'region', row: 1 });
  assert.deepEqual(areaAt(rows, rows.rangeTop + 1), { kind: 'range' });
  assert.deepEqual(areaAt(rows, rows.nameTop + 1), { kind: 'range' });
  assert.deepEqual(areaAt(rows, rows.block!.top + 1), { kind: 'block' });
  assert.equal(areaAt(rows, rows.axisTop + 1), undefined);
  const short = computeRows({ width: 1000, height: 200, bandRows: 40, blocks: false, host: false });
  assert.ok(short.regionRows >= 3 && short.hiddenRegionRows === 40 - short.regionRows);
  assert.equal(short.block, undefined);
});

test('a gdb dump holds no types: its ranges and regions take the "type not dumped" colour, and their tooltips say so', () => {
  const note = 'from a dumped gdb view: the range and offset are QEMU\'s; named after pc.ram by the dumped tree (exact); type and priority are not dumped';
  const m = parseMapData({
    space: 'memory',
    spaces: ['memory'],
    ranges: [{ ...flat('0x0', '0x9ffff', 'pc.ram', 'i/o'), gdb: note }, flat('0xa0000', '0xbffff', 'vga-lowmem', 'i/o')],
    regions: [{ name: 'system', type: 'i/o', start: '0x0', end: '0xffffffffffffffff', size: '0x10000000000000000', priority: 0, enabled: true, visible: '0x1', range: undefined, children: [], gdb: 'from a gdb dump: rank 1 of 1' }],
    blocks: [],
  });
  const undumped = TYPE_KEYS.indexOf('undumped');
  assert.deepEqual([...m.rangeCode], [undumped, typeCode('i/o')], 'the dumped range is not drawn as i/o; the other one is');
  assert.equal(m.regions[0]?.code, undumped);
  assert.ok(hasUndumped(m));
  assert.ok(!hasUndumped(parseMapData(data)), 'a monitor capture has none');
  const tip = describeRange(m, 0);
  assert.equal(tip[0], 'pc.ram  (type and priority not dumped)');
  assert.ok(tip.includes(note), tip.join('\n'));
  assert.doesNotMatch(tip.join('\n'), /i\/o|prio 0/);
  assert.match(describeRegion(m, 0)[0] ?? '', /^system {2}\(type, priority and enabled flag not dumped\)$/);
});
