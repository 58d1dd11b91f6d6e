/**
 * The three-lane map on a real capture (examples/captures/q35-devices-qemu10.txt through the language server,
 * as the extension gets it), in chromium: ribbons from RAM ranges to their RAMBlock and on to the host lane,
 * the alias pair ram-below-4g / ram-above-4g landing in pc.ram, the hovered path, click → reveal, labels that
 * never overlap, axis ticks deep in a zoom, the whole panel height, the compact layout, the I/O space by
 * device with clusters, the not-drawn list, and SVG/PNG export. Needs `npm run build` first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { MapDataRequest } from '../../src/protocol';
import { MapDataRequest as MapData } from '../../src/protocol';
import { TestClient } from '../server/client';
import { repoRoot } from '../shared/fixtures';
import { MapPage, browserMissing } from './map-page';
import type { HarnessProbes } from './probe-api';
import { HOSTILE_NAMES } from './probe-api';

const ROOT = repoRoot();
const OUT = join(ROOT, 'test', 'webview', 'out');
const CAPTURE = readFileSync(join(ROOT, 'examples', 'captures', 'q35-devices-qemu10.txt'), 'utf8');
const skip = browserMissing() ?? false;

let map: MapPage;
let page: Page;
let memory: MapDataRequest.Result;
let io: MapDataRequest.Result;

function probe<K extends keyof HarnessProbes>(name: K, ...args: Parameters<HarnessProbes[K]>): Promise<Awaited<ReturnType<HarnessProbes[K]>>> {
  return map.probe(name, ...args);
}

type Stats = Awaited<ReturnType<HarnessProbes['stats']>>;

/** Posts `result` and waits for the frame that shows it. */
async function show(result: MapDataRequest.Result): Promise<Stats> {
  const before = (await probe('stats')).dataMessages;
  await probe('useResult', result);
  await probe('postData');
  await page.waitForFunction((n) => (globalThis as unknown as { __mapStats: { dataMessages: number; firstPaintMs?: number } }).__mapStats.dataMessages > n, before);
  await probe('nextFrame');
  return probe('stats');
}

/** No two labels of any lane overlap, and none is a bare letter and "…". */
function assertLabelsClean(s: Stats, what: string): void {
  for (const [lane, labels] of Object.entries(s.labels)) {
    const sorted = [...labels].sort((a, b) => a.x0 - b.x0);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i]!.x0 >= sorted[i - 1]!.x1 - 0.5, `${what}: labels of ${lane} overlap: ${JSON.stringify([sorted[i - 1], sorted[i]])}`);
    for (const l of labels) assert.ok(!/^.{0,2}…$/u.test(l.text), `${what}: a bare "${l.text}" in ${lane}`);
  }
}

before(async () => {
  if (skip) return;
  const server = new TestClient();
  try {
    await server.start();
    await server.open('file:///q35.txt', CAPTURE, 'qemu-capture');
    memory = (await server.request<MapDataRequest.Result | null>(MapData.method, { uri: 'file:///q35.txt', space: 'memory' }))!;
    io = (await server.request<MapDataRequest.Result | null>(MapData.method, { uri: 'file:///q35.txt', space: 'I/O' }))!;
  } finally {
    await server.stop();
  }
  assert.ok(memory && io, 'the server has both spaces');
  map = await MapPage.open();
  page = map.page;
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await map?.close();
});

test('q35 memory: three lanes over the whole height, ribbons, the alias pair into pc.ram, ticks and labels', { skip }, async () => {
  const s = await show(memory);
  const rows = s.rows!;
  assert.ok(rows.block && rows.host, 'a ram_addr lane and a host lane');
  assert.ok(rows.bottom >= s.height - 8, `the map uses the whole height: bottom ${rows.bottom} of ${s.height}`);
  assert.ok(rows.host.top > s.height * 0.6, `the host lane sits in the lower part: ${rows.host.top} of ${s.height}`);
  assert.ok(s.ribbons >= 3, `ribbons drawn: ${s.ribbons}`);
  const block = s.labels.block!.map((l) => l.text);
  assert.ok(block.some((t) => /^pc\.ram\b.*(2 GPA ranges|← 2)/.test(t)), `pc.ram shows it backs two GPA ranges: ${block.join(' | ')}`);
  assert.ok((s.ticks.range ?? 0) >= 3 && (s.ticks.block ?? 0) >= 2 && (s.ticks.host ?? 0) >= 2, `ticks: ${JSON.stringify(s.ticks)}`);
  assertLabelsClean(s, 'fit');
  // Ribbon pixels: the zone between the GPA axis and the block lane is painted, not background.
  const ink = await probe('inkIn', rows.axisTop + 18, rows.block.top - 2);
  assert.ok(ink.painted > ink.total * 0.05, `the ribbon zone has ink: ${ink.painted}/${ink.total}`);
  await page.screenshot({ path: join(OUT, 'lanes-q35.png') });
});

test('hovering a RAM range highlights its whole path; clicking reveals it in the editor', { skip }, async () => {
  const s = await probe('stats');
  const rows = s.rows!;
  const box = (await page.locator('canvas').boundingBox())!;
  const plain = await probe('inkIn', rows.block!.top - 3, rows.block!.top);
  let found = -1;
  for (let x = 2; x < box.width && found < 0; x += 6) {
    await page.mouse.move(box.x + x, box.y + rows.rangeTop + 8);
    if ((await probe('tooltip')).text.startsWith('pc.ram  (ram')) found = x;
  }
  assert.ok(found >= 0, 'the pointer finds a pc.ram range');
  await probe('nextFrame');
  const tip = (await probe('tooltip')).text;
  assert.match(tip, /^RAMBlock pc\.ram {2}ram_addr 0x/m);
  assert.match(tip, /^HVA 0x/m);
  assert.match(tip, /^2 GPA ranges show RAMBlock pc\.ram$/m, tip);
  // The path marks the block part and the host part (a focus-coloured bar over each lane).
  const marked = await probe('inkIn', rows.block!.top - 3, rows.block!.top);
  assert.ok(marked.painted > plain.painted, `the block part is marked: ${marked.painted} > ${plain.painted}`);
  const host = await probe('inkIn', rows.host!.top - 3, rows.host!.top);
  assert.ok(host.painted > 0, 'the host part is marked');
  await page.screenshot({ path: join(OUT, 'lanes-hover.png') });
  await page.mouse.click(box.x + found, box.y + rows.rangeTop + 8);
  const posted = await probe('posted');
  const last = posted.at(-1) as { type: string; range: { start: { line: number } } };
  assert.equal(last.type, 'reveal');
  assert.ok(CAPTURE.split('\n')[last.range.start.line]!.includes('pc.ram'), 'the revealed line is the pc.ram range');
  // Hovering the block highlights every range it backs.
  await page.mouse.move(box.x + 30, box.y + rows.block!.top + 4);
  assert.match((await probe('tooltip')).text, /^backs \d+ GPA ranges/m);
});

test('zoomed deep into one range, the axis still has hex ticks; labels never overlap at any zoom', { skip }, async () => {
  const canvas = page.locator('canvas');
  await canvas.focus();
  await page.keyboard.press('0');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('+');
    if (i % 8 === 7) assertLabelsClean(await probe('stats'), `zoom step ${i}`);
  }
  await probe('nextFrame');
  const s = await probe('stats');
  assert.ok((s.ticks.range ?? 0) >= 3, `ticks when zoomed in: ${s.ticks.range}`);
  assert.match(s.tickStep.range ?? '', /^\d+(\.\d+)? (B|KiB|MiB|GiB|TiB)$/, `the axis says the tick step as a size: ${JSON.stringify(s.tickStep)}`);
  await page.screenshot({ path: join(OUT, 'lanes-zoomed.png') });
  await page.keyboard.press('0');
});

test('a narrow panel (620 px) gets the compact layout with clean labels', { skip }, async () => {
  await page.setViewportSize({ width: 620, height: 640 });
  await probe('nextFrame');
  await probe('nextFrame');
  const s = await probe('stats');
  assert.equal(s.width, 620);
  assert.ok(s.rows!.compact, 'compact rows');
  assertLabelsClean(s, 'compact');
  const legendOpen = await page.locator('details.legend-box').evaluate((e) => (e as unknown as { open: boolean }).open);
  assert.equal(legendOpen, false, 'the legend folds away');
  await page.screenshot({ path: join(OUT, 'lanes-compact.png') });
  await page.setViewportSize({ width: 1400, height: 640 });
  await probe('nextFrame');
});

test('the I/O space: no RAMBlock lane, colours by device (said to be guessed), clusters that open on zoom', { skip }, async () => {
  const s = await show(io);
  assert.ok(s.io, 'drawn as an I/O space');
  assert.equal(s.rows!.block, undefined, 'no ram_addr lane');
  assert.equal(s.rows!.host, undefined, 'no host lane');
  const ink = await probe('ink');
  assert.ok(ink.colours >= 6, `several device colours: ${ink.colours}`);
  const legend = (await page.locator('.legend.devices').textContent()) ?? '';
  assert.match(legend, /guessed from the region name/);
  assert.match(legend, /dma/);
  const labels = s.labels.range!;
  assert.ok(labels.some((l) => l.count > 1 && /(×\d+| ports)$/.test(l.text)), `clusters at fit: ${labels.map((l) => l.text).join(' | ')}`);
  assertLabelsClean(s, 'I/O fit');
  await page.screenshot({ path: join(OUT, 'lanes-io.png') });
  await page.locator('canvas').focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('+');
  await page.keyboard.press('Home');
  await probe('nextFrame');
  const zoomed = await probe('stats');
  assert.ok(zoomed.labels.range!.some((l) => l.count === 1 && /^(dma|pic|pit|acpi)/.test(l.text)), `single ports named when zoomed: ${zoomed.labels.range!.map((l) => l.text).join(' | ')}`);
  assertLabelsClean(zoomed, 'I/O zoomed');
  const box = (await page.locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + zoomed.rows!.rangeTop + 8);
  assert.match((await probe('tooltip')).text, /^device \S+ {2}\(device guessed from the region name/m);
  await page.keyboard.press('0');
});

test('left-out entries are listed by name with the reason', { skip }, async () => {
  const broken: MapDataRequest.Result = {
    ...memory,
    ranges: [...memory.ranges, { ...memory.ranges[0]!, name: HOSTILE_NAMES[0], start: '0xzz' }, { ...memory.ranges[0]!, name: 'backwards', start: '0x2000', end: '0x1000' }],
    blocks: [...memory.blocks, { ...memory.blocks[0]!, name: 'no-hva', hva: undefined, offset: '0x7000000000' }],
  };
  const s = await show(broken);
  const text = (await page.locator('.not-drawn').textContent()) ?? '';
  assert.ok(s.notDrawn >= 3, `not drawn: ${s.notDrawn}`);
  assert.ok(text.includes(`flat range ${HOSTILE_NAMES[0]}: start "0xzz" is not a hex address`), text);
  assert.ok(text.includes('flat range backwards: ends (0x1000) before it starts (0x2000)'), text);
  assert.ok(text.includes('host span of RAMBlock no-hva: the capture has no HVA for it'), text);
  assert.deepEqual(await probe('dom'), { images: 0, scripts: 2, pwned: false });
});

test('Export SVG and PNG post the picture to the host: well-formed SVG with names escaped, a real PNG', { skip }, async () => {
  const hostile: MapDataRequest.Result = { ...memory, blocks: memory.blocks.map((b, i) => (i === 0 ? { ...b, name: HOSTILE_NAMES[0] } : b)) };
  await show(hostile);
  await page.getByRole('button', { name: 'Export SVG' }).click();
  const svg = (await probe('posted')).at(-1) as { type: string; format: string; name: string; data: string };
  assert.equal(svg.type, 'export');
  assert.equal(svg.format, 'svg');
  assert.equal(svg.name, 'memory-map-memory.svg');
  assert.ok(svg.data.startsWith('<?xml') && svg.data.includes('<svg'), svg.data.slice(0, 80));
  assert.ok(!svg.data.includes('<img') && !svg.data.includes('<script'), 'no markup from a name');
  const parsed = await probe('parseSvg', svg.data);
  assert.ok(parsed.ok, parsed.error);
  assert.ok(parsed.texts.some((t) => t.startsWith('<img src=x')), `the hostile block name is text in the SVG: ${parsed.texts.join(' | ').slice(0, 400)}`);
  assert.ok(parsed.texts.some((t) => t.startsWith('pc.ram')), `texts: ${parsed.texts.slice(0, 12).join(' | ')}`);
  assert.ok(parsed.paths > 0, 'the ribbons are in the SVG');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const png = (await probe('posted')).at(-1) as { format: string; data: string; name: string };
  assert.equal(png.format, 'png');
  assert.equal(png.name, 'memory-map-memory.png');
  const bytes = Buffer.from(png.data, 'base64');
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.ok(bytes.length > 10_000, `a picture: ${bytes.length} bytes`);
});
