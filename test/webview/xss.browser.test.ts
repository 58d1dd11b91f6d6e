/**
 * A capture whose region, address-space and RAMBlock names carry markup and script, end to end: the
 * language server (dist/server.js) reads it and answers qemuMemmap/mapData; the map webview
 * (dist/webview.js, in the page the extension serves, in chromium) shows those names as text in its
 * summary, space picker, tooltip and live region; nothing runs, no element is injected, and the page's CSP
 * refuses an inline script without the nonce. Needs `npm run build` first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MapDataRequest } from '../../src/protocol';
import { MapDataRequest as MapData } from '../../src/protocol';
import { TestClient } from '../server/client';
import { MapPage, browserMissing } from './map-page';
import type { HarnessProbes } from './probe-api';
import { HOSTILE_NAMES } from './probe-api';

const [IMG, SCRIPT] = HOSTILE_NAMES;
const CAPTURE = [
  `address-space: ${IMG}`,
  '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
  `    0000000000000000-0000000000000fff (prio 0, ram): ${IMG}`,
  `    0000000000001000-0000000000001fff (prio 0, i/o): ${SCRIPT}`,
  '',
  'address-space: memory',
  '  0000000000000000-ffffffffffffffff (prio 0, i/o): system',
  '',
  '(qemu) info ramblock',
  '              Block Name    PSize              Offset               Used              Total',
  `${IMG}    4 KiB  0x0000000000000000 0x0000000000001000 0x0000000000001000`,
  '',
].join('\n');

const skip = browserMissing() ?? false;
let opened: MapPage;

function probe<K extends keyof HarnessProbes>(name: K, ...args: Parameters<HarnessProbes[K]>): Promise<Awaited<ReturnType<HarnessProbes[K]>>> {
  return opened.probe(name, ...args);
}

/** What the server sends the map for the hostile capture's first address space. */
async function serverMapData(): Promise<MapDataRequest.Result> {
  const server = new TestClient();
  try {
    await server.start();
    await server.open('file:///xss.mtree', CAPTURE, 'qemu-capture');
    const result = await server.request<MapDataRequest.Result | null>(MapData.method, { uri: 'file:///xss.mtree', space: IMG });
    assert.ok(result, 'the server has a map for the capture');
    return result;
  } finally {
    await server.stop();
  }
}

before(async () => {
  if (skip) return;
  opened = await MapPage.open();
});

after(async () => {
  await opened?.close();
});

test('names with markup and script, from a capture through the server, are shown as text and never run', { skip }, async () => {
  const result = await serverMapData();
  assert.deepEqual(result.ranges.map((r) => r.name), [IMG, SCRIPT]);
  assert.equal(result.space, IMG);
  await probe('useResult', result);
  await probe('postData');
  await opened.page.waitForFunction(() => (globalThis as unknown as { __mapStats: { firstPaintMs?: number } }).__mapStats.firstPaintMs !== undefined);

  const texts = await probe('texts');
  assert.ok(texts.summary.startsWith(`${IMG}: 2 ranges`), texts.summary);
  assert.deepEqual(texts.options, [IMG, 'memory']);
  // Select each range from the keyboard: its name heads the tooltip and is announced, as text.
  await opened.page.locator('canvas').focus();
  await opened.page.keyboard.press('Home');
  await opened.page.keyboard.press('ArrowDown');
  const first = await probe('tooltip');
  assert.ok(first.visible && first.text.startsWith(`${IMG}  (ram, prio 0)`), first.text);
  assert.match(first.text, new RegExp(`RAMBlock .*${IMG.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'the RAMBlock name too');
  assert.ok((await probe('live')).includes(IMG));
  await opened.page.keyboard.press('ArrowDown');
  const second = await probe('tooltip');
  assert.ok(second.text.startsWith(`${SCRIPT}  (i/o, prio 0)`), second.text);
  assert.ok((await probe('live')).includes(SCRIPT));

  // Nothing was injected: no image element, only the two nonce'd scripts of the page, no flag, no alert.
  assert.deepEqual(await probe('dom'), { images: 0, scripts: 2, pwned: false });
  assert.deepEqual(opened.dialogs, []);
  assert.deepEqual(opened.consoleErrors, [], `no console errors (paths not found: ${opened.notFound.join(', ') || 'none'})`);
});

test('the CSP of the page the extension serves blocks an inline script without the nonce', { skip }, async () => {
  const csp = await probe('cspProbe');
  assert.equal(csp.pwned, false, 'the inline script did not run');
  assert.ok(csp.violations.some((v) => v.startsWith('script-src')), `a script-src violation was reported: ${csp.violations.join('; ')}`);
  assert.deepEqual(opened.dialogs, []);
});
