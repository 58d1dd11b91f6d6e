/** Synthetic captures of any size, in QEMU's exact print formats, for benchmarks and scaling checks. */
import { hex16 } from '../src/core';

/** A deterministic PRNG (mulberry32) so every run measures the same text. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `info mtree -o -D` text with about `n` region lines: wide containers, nesting, aliases, disabled regions. */
export function mtreeText(n: number, seed = 1): string {
  const rnd = prng(seed);
  const out = ['address-space: memory', '  0000000000000000-ffffffffffffffff (prio 0, i/o): system'];
  let addr = 0n;
  for (let i = 0; i < n; i++) {
    const depth = 2 + Math.floor(rnd() * 4);
    const size = BigInt(0x1000 * (1 + Math.floor(rnd() * 16)));
    const start = addr;
    addr += size;
    const kind = rnd();
    const range = `${hex16(start)}-${hex16(start + size - 1n)}`;
    const prio = Math.floor(rnd() * 3) - 1;
    const body = kind < 0.2
      ? `alias dev${i}-alias @dev${i >> 1} ${hex16(0n)}-${hex16(size - 1n)}`
      : `dev${i} owner:{dev path=/machine/unattached/device[${i}]}`;
    const type = kind < 0.5 ? 'ram' : kind < 0.6 ? 'rom' : 'i/o';
    out.push(`${'  '.repeat(depth)}${range} (prio ${prio}, ${type}): ${body}${rnd() < 0.05 ? ' [disabled]' : ''}`);
  }
  return out.join('\n') + '\n';
}

/** `info mtree -f -d` text with about `n` ranges. */
export function flatText(n: number): string {
  const out = ['FlatView #0', ' AS "memory", root: system', ' Root memory region: system'];
  let addr = 0n;
  for (let i = 0; i < n; i++) {
    const size = BigInt(0x1000 * (1 + (i % 7)));
    out.push(`  ${hex16(addr)}-${hex16(addr + size - 1n)} (prio 0, ${i % 3 === 0 ? 'i/o' : 'ram'}): r${i}${i % 2 ? ` @${hex16(BigInt(i) * 0x1000n)}` : ''}`);
    addr += size;
  }
  out.push('  Dispatch', '    Physical sections');
  for (let i = 0; i < n / 4; i++) out.push(`      #${i} @${hex16(BigInt(i) * 0x1000n)}..${hex16(BigInt(i) * 0x1000n + 0xfffn)} r${i}`);
  return out.join('\n') + '\n';
}

/** `info ramblock` (QEMU 10 columns) with `n` rows. */
export function ramblockText(n: number): string {
  const out = ['              Block Name    PSize              Offset               Used              Total                HVA  RO'];
  for (let i = 0; i < n; i++) {
    const name = `blk${i}`.padStart(24);
    out.push(`${name}    4 KiB  0x${hex16(BigInt(i) * 0x40000n)} 0x${hex16(0x1000n)} 0x${hex16(0x1000n)} 0x${hex16(0x7f0000000000n + BigInt(i) * 0x200000n)}  rw`);
  }
  return out.join('\n') + '\n';
}

/** A gpa2hva monitor transcript with `n` questions and answers. */
export function gpa2hvaText(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const gpa = (BigInt(i) * 0x1000n).toString(16);
    out.push(`(qemu) gpa2hva 0x${gpa}`, i % 3 === 0 ? `Memory at address 0x${gpa} is not RAM` : `Host virtual address for 0x${gpa} (pc.ram) is 0x7f${gpa}`);
  }
  return out.join('\n') + '\n';
}

/** gdb `dump_memory_region` output with about `n` lines. */
export function gdbRegionText(n: number): string {
  const out = ['(gdb) dump_memory_region 0x555556804b00', 'Dump MemoryRegion:system', '[0000000000000000-100000000ffffffff]:system'];
  for (let i = 0; i < n; i++) out.push(`  [${hex16(BigInt(i) * 0x1000n)}-0${hex16(BigInt(i) * 0x1000n + 0xfffn)}]:r${i}`);
  return out.join('\n') + '\n';
}
