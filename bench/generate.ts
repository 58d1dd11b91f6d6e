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

/**
 * `info mtree -o -D` text with about `n` region lines, shaped like a big machine: one address space whose
 * 2^64 `system` container holds wide device containers (4 to 64 children), some with nested containers,
 * every 50th a bridge chain 12 levels deep; a fifth of the leaves are aliases (into `pc.ram` or earlier
 * devices), priorities collide on overlapping ranges, 5% of regions are disabled (printed, as -D does,
 * with their children at their real depth); then a `memory-region:` section for the alias target.
 */
export function mtreeText(n: number, seed = 1): string {
  const rnd = prng(seed);
  const out = ['address-space: memory', '  0000000000000000-ffffffffffffffff (prio 0, i/o): system owner:{obj path=/machine}'];
  let dev = 0;
  // QEMU prints NAME or alias, then [disabled], then the owner.
  const line = (depth: number, start: bigint, size: bigint, prio: number, type: string, body: string): void => {
    const disabled = rnd() < 0.05 ? ' [disabled]' : '';
    out.push(`${'  '.repeat(depth)}${hex16(start)}-${hex16(start + size - 1n)} (prio ${prio}, ${type}): ${body}${disabled} owner:{dev path=/machine/unattached/device[${dev}]}`);
  };
  let addr = 0x1_0000_0000n;
  let count = 0;
  for (; count < n; dev++) {
    const kids = 4 + Math.floor(rnd() * 60);
    const devSize = BigInt(kids) * 0x10000n;
    line(2, addr, devSize, Math.floor(rnd() * 3) - 1, 'i/o', `dev${dev}`);
    count++;
    if (dev % 50 === 49) {
      // A bridge chain: each level a container one deeper, with one register block beside it.
      for (let d = 3; d < 15 && count < n; d++) {
        line(d, addr, devSize, 0, 'i/o', `bridge${dev}.${d}`);
        line(d + 1, addr + devSize - 0x1000n, 0x1000n, 1, 'i/o', `bridge${dev}.${d}-regs`);
        count += 2;
      }
    }
    for (let k = 0; k < kids && count < n; k++) {
      const r = rnd();
      // Children overlap: offsets are drawn, not laid end to end, and priorities decide.
      const start = addr + BigInt(Math.floor(rnd() * kids)) * 0x10000n;
      const size = BigInt(1 + Math.floor(rnd() * 0x20)) * 0x1000n;
      const prio = Math.floor(rnd() * 3);
      if (r < 0.2) {
        const target = rnd() < 0.5 || dev === 0 ? 'pc.ram' : `dev${Math.floor(rnd() * dev)}`;
        const off = BigInt(Math.floor(rnd() * 0x1000)) * 0x1000n;
        line(3, start, size, prio, rnd() < 0.5 ? 'ram' : 'i/o', `alias alias${count} @${target} ${hex16(off)}-${hex16(off + size - 1n)}`);
        count++;
      } else if (r < 0.3) {
        line(3, start, size * 4n, prio, 'i/o', `io${count}`);
        count++;
        for (let j = 0; j < 3 && count < n; j++, count++) line(4, start + BigInt(j) * 0x1000n, 0x800n, 0, 'i/o', `reg${count}`);
      } else {
        line(3, start, size, prio, rnd() < 0.5 ? 'ram' : 'i/o', `leaf${count}`);
        count++;
      }
    }
    addr += devSize + (rnd() < 0.3 ? 0n : 0x100000n);
  }
  out.push('', 'memory-region: pc.ram', `  0000000000000000-000000ffffffffff (prio 0, ram): pc.ram owner:{obj path=/objects/pc.ram}`);
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

/**
 * A layout (the `.memlayout` language) with about `n` regions, the same machine shape as mtreeText:
 * wide device containers, a bridge chain 12 levels deep every 50 devices, aliases (by name and by `$id`)
 * into RAM and earlier devices, overlapping children with colliding priorities, some disabled or read-only;
 * then the RAM region, the address space and a RAMBlock per 100 devices.
 */
export function layoutText(n: number, seed = 3): string {
  const rnd = prng(seed);
  const hex = (v: bigint): string => '0x' + v.toString(16);
  const out = ['# Generated by bench/generate.ts', 'container system size 16E {'];
  let addr = 0x1_0000_0000n;
  let count = 0;
  let dev = 0;
  for (; count < n; dev++) {
    const kids = 4 + Math.floor(rnd() * 60);
    const devSize = BigInt(kids) * 0x10000n;
    out.push(`  container dev${dev} $d${dev} @${hex(addr)} size ${hex(devSize)} priority ${Math.floor(rnd() * 3) - 1} {`);
    count++;
    let depth = 2;
    if (dev % 50 === 49) {
      for (let d = 0; d < 12 && count < n; d++, depth++) {
        out.push(`${'  '.repeat(depth)}io bridge${dev}.${d}-regs @${hex(devSize - 0x1000n)} size 4K priority 1`);
        out.push(`${'  '.repeat(depth)}container bridge${dev}.${d} size ${hex(devSize)} {`);
        count += 2;
      }
    }
    const pad = '  '.repeat(depth);
    for (let k = 0; k < kids && count < n; k++) {
      const r = rnd();
      const at = BigInt(Math.floor(rnd() * kids)) * 0x10000n;
      const size = BigInt(1 + Math.floor(rnd() * 0x20)) * 4n;
      const prio = Math.floor(rnd() * 3);
      const flag = rnd() < 0.05 ? ' disabled' : rnd() < 0.05 ? ' readonly' : '';
      if (r < 0.2) {
        // Into RAM anywhere, or into the first 128K of an earlier device (every device has 256K at least).
        const ram = rnd() < 0.5 || dev === 0;
        const target = ram ? 'pc.ram' : `$d${Math.floor(rnd() * dev)}`;
        const offset = ram ? BigInt(Math.floor(rnd() * 0x1000)) * 0x1000n : BigInt(Math.floor(rnd() * 0x20)) * 0x1000n;
        out.push(`${pad}alias alias${count} @${hex(at)} size ${size}K -> ${target} offset ${hex(offset)} priority ${prio}${flag}`);
        count++;
      } else if (r < 0.3) {
        out.push(`${pad}io io${count} @${hex(at)} size ${size * 4n}K priority ${prio}${flag} {`);
        count++;
        for (let j = 0; j < 3 && count < n; j++, count++) out.push(`${pad}  io reg${count} @${j * 4}K size 2K`);
        out.push(`${pad}}`);
      } else {
        out.push(`${pad}${rnd() < 0.5 ? 'ram' : 'io'} leaf${count} @${hex(at)} size ${size}K priority ${prio}${flag}`);
        count++;
      }
    }
    for (let d = depth; d >= 2; d--) out.push(`${'  '.repeat(d - 1)}}`);
    addr += devSize + (rnd() < 0.3 ? 0n : 0x100000n);
  }
  out.push('}', 'ram pc.ram size 1T', '', 'address-space memory root system', '');
  for (let b = 0; b * 100 < dev; b++) out.push(`ramblock blk${b} size 2M page 4K host ${hex(0x7f0000000000n + BigInt(b) * 0x200000n)}`);
  return out.join('\n') + '\n';
}
