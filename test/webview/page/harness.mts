/**
 * The browser side of the map's browser test, loaded (with the page's nonce) before dist/webview.js:
 * a fake acquireVsCodeApi that records what the webview sends, synthetic map data made in the page (so that
 * 100,000 ranges do not cross the DevTools protocol), and the probes the Node test calls.
 */
import type { MapDataRequest, WireBlock, WireFlatRange, WireRange, WireRegion } from '../../../src/protocol';
import type { HostMessage } from '../../../src/webview/messages';
import type { MapStats } from '../../../src/webview/stats';
import type { AnimationResult, HarnessProbes, Step } from '../probe-api';
import { HOSTILE_NAMES } from '../probe-api';

interface HarnessWindow {
  acquireVsCodeApi?: () => { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): unknown };
  __probes?: HarnessProbes;
  __mapStats?: MapStats;
  __pwned?: number;
}
const win = window as unknown as HarnessWindow;

const posted: unknown[] = [];
let saved: unknown;
win.acquireVsCodeApi = () => ({
  // A copy, as VS Code's postMessage serializes: later changes by the sender must not show.
  postMessage: (m) => posted.push(JSON.parse(JSON.stringify(m)) as unknown),
  getState: () => saved,
  setState: (s) => (saved = JSON.parse(JSON.stringify(s)) as unknown),
});

const hex = (v: bigint): string => '0x' + v.toString(16);
const where = (line: number): WireRange => ({ start: { line, character: 2 }, end: { line, character: 12 } });
const TOP = (1n << 64n) - 1n;
const TYPES = ['ram', 'ram', 'i/o', 'rom', 'romd', 'ramd', 'nv-ram', 'i/o'];

function region(name: string, type: string, start: bigint, last: bigint, line: number, children: WireRegion[] = [], priority = 0): WireRegion {
  return { name, type, start: hex(start), end: hex(last), size: hex(last - start + 1n), priority, enabled: true, visible: hex(last - start + 1n), range: where(line), children };
}

function block(name: string, offset: bigint, max: bigint, hva: bigint | undefined, line: number): WireBlock {
  return { name, offset: hex(offset), used: hex(max), max: hex(max), pageSize: '0x1000', hva: hva === undefined ? undefined : hex(hva), range: where(line) };
}

/** `count` ranges of 4 KiB … 32 GiB with gaps, in containers of 1000 leaves each, and 64 RAMBlocks. */
function synthetic(count: number): MapDataRequest.Result {
  const ranges: WireFlatRange[] = [];
  const containers: WireRegion[] = [];
  let leaves: WireRegion[] = [];
  let at = 0n;
  let chunkStart = 0n;
  for (let i = 0; i < count; i++) {
    if (i % 3 === 2) at += 0x10000n << BigInt(i % 11);
    const size = 0x1000n << BigInt((i * 7) % 24);
    const type = TYPES[i % TYPES.length]!;
    const name = HOSTILE_NAMES[i] ?? (type === 'ram' ? `ram-${i % 64}` : `dev${i}`);
    const offset = type === 'ram' ? BigInt(Math.floor(i / 64)) * 0x1000n : 0n;
    ranges.push({ start: hex(at), end: hex(at + size - 1n), name, offset: hex(offset), type, priority: i % 3, range: where(i) });
    if (leaves.length === 0) chunkStart = at;
    leaves.push(region(name, type, at, at + size - 1n, i));
    at += size;
    if (leaves.length === 1000 || i === count - 1) {
      containers.push(region(`bus${containers.length}`, 'i/o', chunkStart, at - 1n, count + containers.length, leaves));
      leaves = [];
    }
  }
  const blocks = Array.from({ length: 64 }, (_, k) => block(`ram-${k}`, BigInt(k) << 36n, 1n << 36n, 0x7f0000000000n + (BigInt(k) << 37n), k));
  return { space: 'memory', spaces: ['memory', 'I/O', 'cpu-memory-0'], ranges, regions: [region('system', 'i/o', 0n, TOP, 0, containers)], blocks };
}

/** A QEMU pc machine with 2 GiB + 128 MiB of RAM, a VGA and an e1000, roughly as `info mtree -f` shows it. */
function pc(): MapDataRequest.Result {
  const r = (start: bigint, last: bigint, name: string, type: string, offset = 0n, priority = 0): WireFlatRange => ({ start: hex(start), end: hex(last), name, offset: hex(offset), type, priority, range: where(ranges.length) });
  const ranges: WireFlatRange[] = [];
  ranges.push(r(0x0n, 0x9ffffn, 'pc.ram', 'ram'));
  ranges.push(r(0xa0000n, 0xbffffn, 'vga-lowmem', 'i/o', 0n, 1));
  ranges.push(r(0xc0000n, 0xc9fffn, 'pc.rom', 'rom'));
  ranges.push(r(0xca000n, 0xdffffn, 'pc.ram', 'rom', 0xca000n));
  ranges.push(r(0xe0000n, 0xfffffn, 'pc.ram', 'rom', 0xe0000n));
  ranges.push(r(0x100000n, 0x7fffffffn, 'pc.ram', 'ram', 0x100000n));
  ranges.push(r(0xfd000000n, 0xfdffffffn, 'vga.vram', 'ram', 0n, 1));
  ranges.push(r(0xfebc0000n, 0xfebdffffn, 'e1000-mmio', 'i/o', 0n, 1));
  ranges.push(r(0xfebf0000n, 0xfebf0fffn, 'vga.mmio', 'i/o', 0n, 1));
  ranges.push(r(0xfec00000n, 0xfec00fffn, 'ioapic', 'i/o'));
  ranges.push(r(0xfed00000n, 0xfed003ffn, 'hpet', 'i/o'));
  ranges.push(r(0xfee00000n, 0xfeefffffn, 'kvm-apic-msi', 'i/o', 0n, 4096));
  ranges.push(r(0xfffc0000n, 0xffffffffn, 'pc.bios', 'romd'));
  ranges.push(r(0x100000000n, 0x107ffffffn, 'pc.ram', 'ram', 0x80000000n));
  const pci = region('pci', 'i/o', 0n, TOP, 100, [
    region('vga-lowmem', 'i/o', 0xa0000n, 0xbffffn, 101, [], 1),
    region('pc.rom', 'rom', 0xc0000n, 0xdffffn, 102, [], 1),
    region('isa-bios', 'alias', 0xe0000n, 0xfffffn, 103, [], 1),
    region('vga.vram', 'ram', 0xfd000000n, 0xfdffffffn, 104, [], 1),
    region('e1000-mmio', 'i/o', 0xfebc0000n, 0xfebdffffn, 105, [], 1),
    region('vga.mmio', 'i/o', 0xfebf0000n, 0xfebf0fffn, 106, [region('vga ioports remapped', 'i/o', 0xfebf0400n, 0xfebf041fn, 107), region('bochs dispi interface', 'i/o', 0xfebf0500n, 0xfebf0515n, 108)], 1),
    region('pc.bios', 'romd', 0xfffc0000n, 0xffffffffn, 109),
  ], -1);
  const system = region('system', 'i/o', 0n, TOP, 99, [
    region('ram-below-4g', 'alias', 0n, 0x7fffffffn, 110),
    region('ram-above-4g', 'alias', 0x100000000n, 0x107ffffffn, 111),
    pci,
    region('ioapic', 'i/o', 0xfec00000n, 0xfec00fffn, 112),
    region('hpet', 'i/o', 0xfed00000n, 0xfed003ffn, 113),
    region('kvm-apic-msi', 'i/o', 0xfee00000n, 0xfeefffffn, 114, [], 4096),
  ]);
  const blocks = [
    block('pc.ram', 0n, 0x88000000n, 0x7f1a40000000n, 200),
    block('vga.vram', 0x88000000n, 0x1000000n, 0x7f1a2f000000n, 201),
    block('/rom@etc/acpi/tables', 0x89000000n, 0x200000n, 0x7f1a2ec00000n, 202),
    block('pc.bios', 0x89200000n, 0x40000n, 0x7f1a2eb00000n, 203),
    block('0000:00:03.0/e1000.rom', 0x89240000n, 0x40000n, undefined, 204),
    block('pc.rom', 0x89280000n, 0x20000n, 0x7f1a2ea00000n, 205),
  ];
  return { space: 'memory', spaces: ['memory', 'I/O'], ranges, regions: [system], blocks };
}

let data: MapDataRequest.Result | undefined;
let postedAt: number | undefined;

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
const canvas = (): HTMLCanvasElement => {
  const c = document.querySelector('canvas');
  if (!c) throw new Error('no canvas');
  return c;
};
const stats = (): MapStats => {
  if (!win.__mapStats) throw new Error('the webview published no __mapStats');
  return win.__mapStats;
};

function dispatch(step: Step): void {
  const c = canvas();
  if (step.kind === 'key') {
    c.dispatchEvent(new KeyboardEvent('keydown', { key: step.key, bubbles: true, cancelable: true }));
    return;
  }
  const r = c.getBoundingClientRect();
  c.dispatchEvent(new WheelEvent('wheel', { deltaX: step.dx, deltaY: step.dy, shiftKey: step.shift ?? false, clientX: r.left + step.x, clientY: r.top + 40, bubbles: true, cancelable: true }));
}

const probes: HarnessProbes = {
  makeSynthetic(count) {
    data = synthetic(count);
    return { ranges: data.ranges.length, regions: count + Math.ceil(count / 1000) + 1, blocks: data.blocks.length };
  },
  makePc() {
    data = pc();
    return { ranges: data.ranges.length, regions: 16, blocks: data.blocks.length };
  },
  postData() {
    if (!data) throw new Error('make data first');
    const message: HostMessage = { type: 'data', uri: 'file:///work/synthetic.mtree', result: data };
    postedAt = performance.now();
    window.postMessage(message, '*');
  },
  useResult(result) {
    data = result;
  },
  texts: () => ({
    summary: document.querySelector('.summary')?.textContent ?? '',
    options: [...document.querySelectorAll('option')].map((o) => o.textContent ?? ''),
    label: document.querySelector('canvas')?.getAttribute('aria-label') ?? '',
  }),
  stats() {
    const s = stats();
    return { ...s, drawMs: [...s.drawMs], endToEndMs: s.firstPaintAt !== undefined && postedAt !== undefined ? s.firstPaintAt - postedAt : undefined };
  },
  ink() {
    const c = canvas();
    const g = c.getContext('2d');
    if (!g) throw new Error('no 2d context');
    const px = g.getImageData(0, 0, c.width, c.height).data;
    const bg = [px[0], px[1], px[2]];
    let painted = 0;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4) {
      if (px[i] !== bg[0] || px[i + 1] !== bg[1] || px[i + 2] !== bg[2]) {
        painted++;
        if (i % 64 === 0) colours.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
      }
    }
    return { painted, total: px.length / 4, colours: colours.size };
  },
  inkIn(top, bottom) {
    const c = canvas();
    const g = c.getContext('2d');
    if (!g) throw new Error('no 2d context');
    const dpr = c.width / c.clientWidth;
    const bg = g.getImageData(0, 0, 1, 1).data;
    const y0 = Math.max(0, Math.floor(top * dpr));
    const h = Math.max(1, Math.floor((bottom - top) * dpr));
    const px = g.getImageData(0, y0, c.width, h).data;
    let painted = 0;
    for (let i = 0; i < px.length; i += 4) if (px[i] !== bg[0] || px[i + 1] !== bg[1] || px[i + 2] !== bg[2]) painted++;
    return { painted, total: px.length / 4 };
  },
  parseSvg(svg) {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    return { ok: !err, error: err?.textContent ?? '', texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''), paths: doc.querySelectorAll('path').length };
  },
  async animate(steps) {
    const s = stats();
    const framesBefore = s.frames;
    const intervals: number[] = [];
    let last = await nextFrame();
    for (const step of steps) {
      dispatch(step);
      const now = await nextFrame();
      intervals.push(now - last);
      last = now;
    }
    await nextFrame();
    await nextFrame();
    const painted = s.frames - framesBefore;
    const result: AnimationResult = { intervals, draws: s.drawMs.slice(-painted) };
    return result;
  },
  nextFrame: () => nextFrame().then(() => nextFrame()),
  tooltip() {
    const t = document.querySelector<HTMLElement>('.tooltip');
    return { visible: !!t && !t.hidden, text: t?.textContent ?? '' };
  },
  live: () => document.querySelector('[aria-live]')?.textContent ?? '',
  posted: () => posted,
  state: () => saved,
  dom: () => ({ images: document.querySelectorAll('img').length, scripts: document.querySelectorAll('script').length, pwned: win.__pwned !== undefined }),
  async cspProbe() {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = 1';
    document.body.append(s);
    const holder = document.createElement('div');
    document.body.append(holder);
    // The one deliberate use of markup in this test: it is what a careless webview would do with a name.
    holder.insertAdjacentHTML('beforeend', HOSTILE_NAMES[0]);
    for (let i = 0; i < 50 && violations.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    holder.remove();
    s.remove();
    return { violations, pwned: win.__pwned !== undefined };
  },
};
win.__probes = probes;
