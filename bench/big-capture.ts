/**
 * A large capture shaped like a real one, for the server and memory benchmarks: a PC-like `info mtree -D`
 * tree with thousands of PCI devices (BARs, MSI-X tables, option ROMs, RAM aliases), the `info mtree -f`
 * flat view the engine computes from that tree (so the capture is self-consistent, as QEMU's own is), and
 * the `info ramblock` table of its RAM regions.
 */
import { formatFlatViews, hex16, parseCapture, reflattenCapture } from '../src/core';

/** Lines one device adds in all: six in the tree, four flat ranges, one ramblock row. */
const DEVICE_LINES = 11;

function region(depth: number, start: bigint, size: bigint, prio: number, type: string, rest: string): string {
  return `${'  '.repeat(depth)}${hex16(start)}-${hex16(start + size - 1n)} (prio ${prio}, ${type}): ${rest}`;
}

/** The tree part: `address-space: memory` with `devices` PCI devices under `pci`, and `memory-region: pc.ram`. */
function treeText(devices: number): string {
  const out = [
    'address-space: memory',
    region(1, 0n, 1n << 64n, 0, 'i/o', 'system'),
    region(2, 0n, 0xc0000000n, 0, 'ram', `alias ram-below-4g @pc.ram ${hex16(0n)}-${hex16(0xbfffffffn)}`),
    region(2, 0n, 1n << 64n, -1, 'i/o', 'pci'),
  ];
  for (let i = 0; i < devices; i++) {
    const base = 0x800000000n + BigInt(i) * 0x100000n;
    out.push(
      region(3, base, 0x40000n, 1, 'i/o', `dev${i}`),
      region(4, base, 0x1000n, 0, 'i/o', `dev${i}.mmio`),
      region(4, base + 0x2000n, 0x1000n, 0, 'i/o', `dev${i}.msix`),
      region(5, base + 0x2000n, 0x100n, 0, 'i/o', `dev${i}.msix-table`),
      region(4, base + 0x10000n, 0x10000n, 0, 'rom', `dev${i}.rom`),
      region(4, base + 0x20000n, 0x10000n, 0, 'ram', `alias dev${i}.window @pc.ram ${hex16(BigInt(i) * 0x10000n)}-${hex16(BigInt(i) * 0x10000n + 0xffffn)}`),
    );
  }
  out.push(region(2, 0x100000000n, 0x40000000n, 0, 'ram', `alias ram-above-4g @pc.ram ${hex16(0xc0000000n)}-${hex16(0xffffffffn)}`), '');
  out.push('memory-region: pc.ram', region(1, 0n, 0x100000000n, 0, 'ram', 'pc.ram'), '');
  return out.join('\n') + '\n';
}

/** `info ramblock` (QEMU 10 columns) for pc.ram and every device ROM. */
function ramblockText(devices: number): string {
  const row = (name: string, offset: bigint, size: bigint, hva: bigint, ro: string): string =>
    `${name.padStart(24)}    4 KiB  0x${hex16(offset)} 0x${hex16(size)} 0x${hex16(size)} 0x${hex16(hva)}  ${ro}`;
  const out = ['              Block Name    PSize              Offset               Used              Total                HVA  RO'];
  out.push(row('pc.ram', 0n, 0x100000000n, 0x7f0000000000n, 'rw'));
  for (let i = 0; i < devices; i++) out.push(row(`dev${i}.rom`, 0x100000000n + BigInt(i) * 0x10000n, 0x10000n, 0x7f4000000000n + BigInt(i) * 0x200000n, 'ro'));
  return out.join('\n') + '\n';
}

/** A self-consistent capture of about `lines` lines (tree, flat view, ramblock table). */
export function bigCapture(lines: number): string {
  const devices = Math.max(1, Math.round(lines / DEVICE_LINES));
  const tree = treeText(devices);
  const reflattened = reflattenCapture(parseCapture(tree));
  const flat = reflattened ? formatFlatViews(reflattened.views) : '';
  return `${tree}${flat}${ramblockText(devices)}`;
}
