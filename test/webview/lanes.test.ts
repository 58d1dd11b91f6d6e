import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MapDataRequest, WireBlock, WireFlatRange } from '../../src/protocol';
import { deviceColour, deviceOf, isIoSpace } from '../../src/webview/devices';
import { describeBlock, sizeText } from '../../src/webview/format';
import { areaAt, computeRows } from '../../src/webview/geometry';
import { buildBlockLane, ribbonOfRange } from '../../src/webview/lanes';
import { parseMapData } from '../../src/webview/model';
import { notDrawnLines } from '../../src/webview/not-drawn';
import { buildScene, targetAt } from '../../src/webview/scene';
import { fit, fitWithMargin } from '../../src/webview/viewport';

const GiB = 1n << 30n;
const hex = (v: bigint): string => '0x' + v.toString(16);

function flat(start: bigint, last: bigint, name: string, type = 'ram', offset = 0n): WireFlatRange {
  return { start: hex(start), end: hex(last), name, offset: hex(offset), type, priority: 0, range: undefined };
}

function block(name: string, offset: bigint, max: bigint, hva?: bigint, used = max): WireBlock {
  return { name, offset: hex(offset), used: hex(used), max: hex(max), pageSize: '0x1000', hva: hva === undefined ? undefined : hex(hva), range: undefined };
}

/** A q35 machine with 3 GiB: ram-below-4g and ram-above-4g both show pc.ram (listed second in ram_list). */
export const q35: MapDataRequest.Result = {
  space: 'memory',
  spaces: ['memory', 'I/O'],
  ranges: [
    flat(0n, 0x9ffffn, 'pc.ram'),
    flat(0xa0000n, 0xbffffn, 'vga-lowmem', 'i/o'),
    flat(0x100000n, 2n * GiB - 1n, 'pc.ram', 'ram', 0x100000n),
    flat(0xfffc0000n, 0xffffffffn, 'pc.bios', 'rom'),
    flat(4n * GiB, 5n * GiB - 1n, 'pc.ram', 'ram', 2n * GiB),
  ],
  regions: [],
  blocks: [block('vga.vram', 3n * GiB, 16n << 20n, 0x7f0000000000n), block('pc.ram', 0n, 3n * GiB, 0x7f1000000000n), block('pc.bios', 3n * GiB + (16n << 20n), 256n << 10n, undefined)],
};

test('the ram_addr lane keeps ram_list order, with used and max lengths', () => {
  const m = parseMapData({ ...q35, blocks: [block('a', 4n * GiB, GiB, undefined, GiB / 2n), block('b', 0n, 4n * GiB)] });
  const lane = buildBlockLane(m.blocks);
  assert.ok(lane.x0[0]! < lane.x0[1]!, 'a (listed first, at a higher offset) is drawn first');
  assert.ok(lane.x1[0]! <= lane.x0[1]!, 'disjoint');
  const mid = (lane.x0[0]! + lane.x1[0]!) / 2;
  assert.ok(Math.abs(lane.usedX[0]! - mid) < 1e-9, 'used half of max: its bar ends half way');
  assert.equal(lane.usedX[1], lane.x1[1], 'fully used');
});

test('ribbons: each RAM range to the part of its block that backs it and on to the host span; aliases of one block show', () => {
  const s = buildScene(parseMapData(q35));
  const r = s.ribbons;
  assert.equal(r.count, 4, 'three pc.ram ranges and pc.bios (a rom backed by its RAMBlock); not vga-lowmem');
  const pcRam = 1;
  assert.equal(r.perBlock[pcRam], 3, 'pc.ram backs three GPA ranges');
  const lane = s.blockLane;
  const at = (off: bigint): number => lane.x0[pcRam]! + (Number(off) / Number(3n * GiB)) * (lane.x1[pcRam]! - lane.x0[pcRam]!);
  const below = ribbonOfRange(r, 2);
  const above = ribbonOfRange(r, 4);
  assert.ok(below >= 0 && above >= 0);
  assert.ok(Math.abs(r.ram0[below]! - at(0x100000n)) < 1e-6 && Math.abs(r.ram1[below]! - at(2n * GiB)) < 1e-6, 'below 4G: ram_addr 1 MiB … 2 GiB');
  assert.ok(Math.abs(r.ram0[above]! - at(2n * GiB)) < 1e-6 && Math.abs(r.ram1[above]! - at(3n * GiB)) < 1e-6, 'above 4G: ram_addr 2 GiB … 3 GiB');
  assert.ok(r.gpa0[above]! > r.gpa1[below]!, 'GPA sides in address order');
  // Host: the same fractions of pc.ram's host segment.
  const hs = s.hostLane.scale;
  const seg = s.hostLane.segOf[pcRam]!;
  assert.ok(seg >= 0);
  const hx = (off: bigint): number => hs.x0[seg]! + (Number(off) / Number(3n * GiB)) * (hs.x1[seg]! - hs.x0[seg]!);
  assert.ok(Math.abs(r.host0[above]! - hx(2n * GiB)) < 1e-6 && Math.abs(r.host1[above]! - hx(3n * GiB)) < 1e-6);
  assert.equal(s.hostLane.segOf[2], -1, 'pc.bios has no HVA: no host span');
  assert.equal(ribbonOfRange(r, 1), -1, 'an i/o range has no ribbon');
});

test('rows use the whole height, with the host lane at the bottom; a narrow panel is compact', () => {
  for (const height of [360, 640, 900, 1400]) {
    const rows = computeRows({ width: 1200, height, bandRows: 6, blocks: true, host: true });
    assert.ok(Math.abs(rows.bottom - height) <= 1, `height ${height}: bottom ${rows.bottom}`);
    assert.ok(rows.host && rows.block && rows.host.top > rows.block.top && rows.block.top > rows.axisTop);
    assert.deepEqual(areaAt(rows, rows.host.top + 1), { kind: 'host' });
    assert.ok(!rows.compact);
  }
  const io = computeRows({ width: 1200, height: 640, bandRows: 4, blocks: false, host: false });
  assert.equal(io.block, undefined);
  assert.ok(Math.abs(io.nameTop + 32 + 4 - 640) <= 1, `an I/O space's lane fills the height: ${io.nameTop}`);
  assert.ok(computeRows({ width: 620, height: 640, bandRows: 6, blocks: true, host: true }).compact);
});

test('I/O spaces: the device from the region name, a stable colour, and the space is recognised', () => {
  assert.equal(deviceOf('dma-chan'), 'dma');
  assert.equal(deviceOf('i8042-data'), 'i8042');
  assert.equal(deviceOf('fwcfg.dma'), 'fwcfg');
  assert.equal(deviceOf('vga ioports remapped'), 'vga');
  assert.equal(deviceOf('-x'), '-x', 'a leading separator is part of the name');
  assert.equal(deviceColour('dma'), deviceColour('dma'));
  assert.notEqual(deviceColour('dma'), deviceColour('pic'), 'neighbours in every pc differ');
  const io = parseMapData({ space: 'I/O', spaces: ['I/O'], ranges: [flat(0n, 7n, 'dma-chan', 'i/o'), flat(0x20n, 0x21n, 'pic', 'i/o')], regions: [], blocks: q35.blocks });
  assert.ok(isIoSpace(io));
  assert.ok(!isIoSpace(parseMapData(q35)));
  const s = buildScene(io);
  assert.ok(s.io && s.blockLane.count === 0 && s.ribbons.count === 0, 'no RAMBlock lane in an I/O space');
});

test('units: RAMBlock tooltips say KiB/MiB/GiB, never a raw 0x page size', () => {
  const m = parseMapData(q35);
  const lines = describeBlock(m, 1, 2);
  assert.ok(lines.includes('used 3 GiB of max 3 GiB, page size 4 KiB'), lines.join('\n'));
  assert.ok(lines.includes('backs 2 GPA ranges (aliases of one block)'));
  assert.ok(!lines.some((l) => /page size 0x/.test(l)));
  assert.equal(sizeText('0x200000'), '2 MiB');
  assert.equal(sizeText('0x10000000000000000'), '16 EiB');
  assert.equal(sizeText('huge'), 'huge');
});

test('not drawn: each left-out entry by name with its reason', () => {
  const m = parseMapData({
    ...q35,
    ranges: [...q35.ranges, flat(0n, 1n, 'x'), { ...flat(0n, 0n, 'bad-start'), start: '12' }, flat(0x2000n, 0x1000n, 'backwards')],
    blocks: [...q35.blocks, { ...block('bad', 0n, 1n), max: 'lots' }],
  });
  const { lines, more } = notDrawnLines(buildScene(m), 2);
  const text = lines.map((l) => `${l.what}: ${l.reason}`);
  assert.equal(more, 0);
  assert.ok(text.includes('flat range bad-start: start "12" is not a hex address'), text.join('\n'));
  assert.ok(text.includes('flat range backwards: ends (0x1000) before it starts (0x2000)'));
  assert.ok(text.includes('RAMBlock bad: max "lots" is not a hex number'));
  assert.ok(text.includes('host span of RAMBlock pc.bios: the capture has no HVA for it'));
  assert.ok(text.some((t) => t.startsWith('2 deeper band rows of the region tree: no room')));
  assert.equal(m.invalid, 3);
});

test('the pointer finds ranges, RAMBlocks (in ram_list order) and host spans in their lanes', () => {
  const s = buildScene(parseMapData(q35));
  const width = 1000;
  const rows = computeRows({ width, height: 640, bandRows: 0, blocks: true, host: true });
  const v = { gpa: fit({ world: s.scale.width, screen: width, maxZoom: 100 }), ram: fitWithMargin(s.blockLane.width, width), host: fitWithMargin(s.hostLane.scale.width, width) };
  assert.deepEqual(targetAt(s, rows, v, 2, rows.rangeTop + 5), { kind: 'range', seg: 0 });
  assert.deepEqual(targetAt(s, rows, v, 6, rows.block!.top + 5), { kind: 'block', seg: 0 }, 'vga.vram: first in ram_list');
  assert.deepEqual(targetAt(s, rows, v, width - 6, rows.block!.top + 5), { kind: 'block', seg: 2 });
  const host = targetAt(s, rows, v, width / 2, rows.host!.top + 5);
  assert.equal(host?.kind, 'host');
  assert.equal(targetAt(s, rows, v, 10, rows.block!.top - 10), undefined, 'a ribbon zone is not a target');
});
