import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the gdb extension is in the package, the .vsix and the repository (a loader of the package gdb/qemu_memmap_gdb/ beside it). */
export const GDB_SCRIPT = join('gdb', 'qemu-memmap.py');

/**
 * The gdb extension next to the code that runs: from a bundle in dist/ it is `../gdb/qemu-memmap.py` (the
 * repository, the npm package and the .vsix all have that layout); from compiled sources a few levels deeper,
 * so the folders above `from` are searched, nearest first. Undefined when none holds it.
 */
export function findGdbScript(from: string): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, '..', GDB_SCRIPT);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}
