/** Synthetic MemoryRegion graphs shaped like big machines: many devices, nesting, aliases, overlap. */
import { addSubregion, addSubregions, makeMr } from '../src/core';
import type { Mr } from '../src/core';
import { prng } from './generate';

/**
 * About `n` regions: a 2^64 system container holding device containers (some nested two deep), each with
 * I/O and RAM leaves and I/O regions that have subregions; a fifth of the leaves are aliases into a big
 * RAM region or into other devices; priorities collide so overlaps are common.
 */
export function machineTree(n: number, seed = 7): Mr {
  const rnd = prng(seed);
  let id = 1;
  const system = makeMr(id++, 'system', 'container', 0n, 1n << 64n);
  const ram = makeMr(id++, 'pc.ram', 'ram', 0n, 1n << 40n);
  const devices: Mr[] = [];
  // Alias targets are devices without aliases of their own, so alias expansion stays bounded (as in
  // real machines, where aliases point at RAM, buses and windows, not at chains of each other).
  const plain: Mr[] = [];
  let count = 2;
  let addr = 0x1_0000_0000n;
  while (count < n) {
    const kids = 4 + Math.floor(rnd() * 60);
    const size = BigInt(kids) * 0x10000n;
    const dev = makeMr(id++, `dev${devices.length}`, rnd() < 0.2 ? 'io' : 'container', addr, size, { priority: Math.floor(rnd() * 3) - 1 });
    count++;
    for (let k = 0; k < kids && count < n; k++) {
      const r = rnd();
      const off = BigInt(Math.floor(rnd() * kids)) * 0x10000n;
      const len = BigInt(1 + Math.floor(rnd() * 0x20)) * 0x1000n;
      let child: Mr;
      if (r < 0.2) {
        const target = rnd() < 0.5 || plain.length === 0 ? ram : (plain[Math.floor(rnd() * plain.length)] as Mr);
        child = makeMr(id++, `alias${count}`, 'container', off, len, { alias: target, aliasOffset: BigInt(Math.floor(rnd() * 0x1000)) * 0x1000n, priority: Math.floor(rnd() * 3) });
      } else if (r < 0.3) {
        child = makeMr(id++, `io${count}`, 'io', off, len * 4n, { priority: Math.floor(rnd() * 2) });
        for (let j = 0; j < 3 && count < n; j++, count++) addSubregion(child, makeMr(id++, `reg${count}`, 'io', BigInt(j) * 0x1000n, 0x800n));
      } else {
        child = makeMr(id++, `leaf${count}`, rnd() < 0.5 ? 'ram' : 'io', off, len, { priority: Math.floor(rnd() * 3), enabled: rnd() > 0.05 });
      }
      addSubregion(dev, child);
      count++;
    }
    devices.push(dev);
    if (!dev.subregions.some((c) => c.alias)) plain.push(dev);
    addr += size + (rnd() < 0.3 ? 0n : 0x100000n);
  }
  // One call for the whole bus: adding a million devices one by one is quadratic.
  addSubregions(system, [...devices, makeMr(id++, 'ram-below-4g', 'container', 0n, 0xc000_0000n, { alias: ram })]);
  return system;
}
