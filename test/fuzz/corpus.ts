/**
 * What the fuzz suites, the deep-nesting tests and the hostile-input benchmark feed the tool: the real
 * captures and layouts of the repository, and generators of hostile shapes (deep nesting, long lines, huge
 * numbers) whose size is a parameter, so the benchmark can grow them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFiles, repoRoot } from '../shared/fixtures';

/** One document of the corpus. */
export interface Sample {
  readonly name: string;
  readonly text: string;
}

function filesIn(dir: string, ext: string): Sample[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => ({ name: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
}

/** Every real capture: the QEMU fixtures and the examples. */
export function captureSamples(): Sample[] {
  return [...fixtureFiles().map((f) => ({ name: f.path, text: f.text })), ...filesIn(join(repoRoot(), 'examples', 'captures'), '.txt')];
}

/** Every layout: the examples and the invalid ones the diagnostics tests use. */
export function layoutSamples(): Sample[] {
  return [...filesIn(join(repoRoot(), 'examples', 'layouts'), '.memlayout'), ...filesIn(join(repoRoot(), 'test', 'layouts', 'invalid'), '.memlayout')];
}

const hex16 = (v: bigint): string => v.toString(16).padStart(16, '0');

/** An `info mtree` tree nested `depth` levels deep (each level indented two more spaces), ending in a RAM leaf. */
export function deepMtree(depth: number): string {
  const lines = ['address-space: memory'];
  for (let d = 1; d <= depth; d++) lines.push(`${'  '.repeat(d)}${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): c${d}`);
  lines.push(`${'  '.repeat(depth + 1)}${hex16(0x1000n)}-${hex16(0x1fffn)} (prio 0, ram): leaf`);
  return lines.join('\n') + '\n';
}

/**
 * A layout of `depth` nested containers around one RAM region, with an address space and a RAMBlock.
 * Unindented (indentation means nothing in a layout), so the text grows linearly with the depth.
 */
export function deepLayout(depth: number): string {
  const lines: string[] = [];
  for (let i = 0; i < depth; i++) lines.push(`container c${i} size 16E {`);
  lines.push('ram leaf @0x1000 size 4K');
  for (let i = 0; i < depth; i++) lines.push('}');
  lines.push('address-space memory root c0', 'ramblock leaf size 4K host 0x7f0000000000');
  return lines.join('\n') + '\n';
}

/** A chain of `length` aliases in an `info mtree` tree and `memory-region:` sections, each to the next. */
export function aliasChainMtree(length: number): string {
  const lines = ['address-space: memory', `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): system`];
  lines.push(`    ${hex16(0n)}-${hex16(0xfffn)} (prio 0, ram): alias a0 @r1 ${hex16(0n)}-${hex16(0xfffn)}`);
  for (let i = 1; i < length; i++) lines.push('', `memory-region: r${i}`, `  ${hex16(0n)}-${hex16(0xfffn)} (prio 0, ram): alias a${i} @r${i + 1} ${hex16(0n)}-${hex16(0xfffn)}`);
  lines.push('', `memory-region: r${length}`, `  ${hex16(0n)}-${hex16(0xfffn)} (prio 0, ram): r${length}`);
  return lines.join('\n') + '\n';
}

/** A layout with a chain of `length` aliases, each to the next, ending in RAM. */
export function aliasChainLayout(length: number): string {
  const lines = ['container system size 16E {', '  alias a0 @0 size 4K -> a1', '}'];
  for (let i = 1; i < length; i++) lines.push(`alias a${i} size 4K -> a${i + 1}`);
  lines.push(`ram a${length} size 4K`, 'address-space memory root system');
  return lines.join('\n') + '\n';
}

/** Hostile shapes of a given size, by name: each is linear to read, and none may throw. */
export const HOSTILE: Readonly<Record<string, (n: number) => string>> = {
  'capture: nested n levels': (n) => deepMtree(n),
  'layout: nested n levels': (n) => deepLayout(n),
  'capture: alias chain of n': (n) => aliasChainMtree(n),
  'layout: alias chain of n': (n) => aliasChainLayout(n),
  'capture: a line of 100n zero digits': (n) => `address-space: m\n  ${'0'.repeat(100 * n)}-1 (prio 0, ram): x\n`,
  'capture: 100n-digit priority': (n) => `address-space: m\n  ${hex16(0n)}-${hex16(0xfffn)} (prio ${'9'.repeat(100 * n)}, ram): x\n`,
  'capture: a name of 100n characters': (n) => `address-space: m\n  ${hex16(0n)}-${hex16(0xfffn)} (prio 0, ram): ${'n'.repeat(100 * n)}\n`,
  'capture: n owner fragments on a line': (n) => `address-space: m\n  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): x${' owner:{dev id='.repeat(n)}\n`,
  'capture: n quotes in a FlatView AS line': (n) => `FlatView #0\n AS "${'"'.repeat(10 * n)}", root: x\n`,
  'capture: n CR-only lines': (n) => Array.from({ length: n }, (_, i) => `  ${hex16(BigInt(i) * 0x1000n)}-${hex16(BigInt(i) * 0x1000n + 0xfffn)} (prio 0, ram): r${i}`).join('\r'),
  'capture: n NUL-laden lines': (n) => Array.from({ length: n }, () => '\0address-space: \0\n\0  0-0 (prio 0, ram): \0').join('\n'),
  'capture: a container of n siblings': (n) => ['address-space: memory', `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): system`, ...Array.from({ length: n }, (_, i) => `    ${hex16(BigInt(i) * 0x1000n)}-${hex16(BigInt(i) * 0x1000n + 0xfffn)} (prio 0, i/o): r${i}`)].join('\n'),
  'layout: a container of n siblings': (n) => `container system size 16E {\n${Array.from({ length: n }, (_, i) => `  io r${i} @${i * 4}K size 4K\n`).join('')}}\n`,
  'capture: n address spaces and their flat views': (n) => [
    ...Array.from({ length: n }, (_, i) => [`address-space: as${i}`, `  ${hex16(0n)}-${hex16(0xfffn)} (prio 0, ram): root${i}`, '']).flat(),
    ...Array.from({ length: n }, (_, i) => [`FlatView #${i}`, ` AS "as${i}", root: root${i}`, ` Root memory region: root${i}`, `  ${hex16(0n)}-${hex16(0xfffn)} (prio 0, ram): root${i}`, '']).flat(),
  ].join('\n'),
  'capture: a staircase of n overlapping siblings of one priority': (n) => ['address-space: memory', `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): system`, ...Array.from({ length: n }, (_, i) => `    ${hex16(BigInt(i) * 0x100n)}-${hex16(BigInt(i) * 0x100n + 0xfffn)} (prio 0, ram): r${i}`)].join('\n'),
  // Big machines repeat names: one pci_bridge_pci per bridge, each with its own window alias onto it.
  'capture: n bridges, same-named buses, a window onto each': (n) => bridges(n, false),
  'capture: n bridges behind bridges, same-named buses': (n) => bridges(n, true),
  'capture: n aliases onto one name': (n) => [
    'address-space: memory', `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): system`,
    ...Array.from({ length: n }, (_, i) => `    ${hex16(BigInt(i) * 0x1000n)}-${hex16(BigInt(i) * 0x1000n + 0xfffn)} (prio 1, i/o): alias w${i} @bus ${hex16(BigInt(i % 16) * 0x1000n)}-${hex16(BigInt(i % 16) * 0x1000n + 0xfffn)}`),
    '', 'memory-region: bus', `  ${hex16(0n)}-${hex16(0xffffn)} (prio 0, i/o): bus`, `    ${hex16(0n)}-${hex16(0xfffn)} (prio 0, i/o): dev`,
  ].join('\n'),
  'capture: n address spaces sharing one root name': (n) => Array.from({ length: n }, (_, i) => [
    `address-space: as${i}`, `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): bus master container`,
    `    ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): alias bus master @system ${hex16(0n)}-${hex16((1n << 64n) - 1n)}`, '',
  ].join('\n')).join('\n') + `\nmemory-region: system\n  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): system\n    ${hex16(0n)}-${hex16(0xfffffn)} (prio 0, ram): ram\n`,
  // gdb sessions are joined into a model while parsing: every join and every naming must stay linear.
  'gdb: a dumped tree of n leaves and a view of n ranges': (n) => gdbSession(n, false),
  'gdb: n same-range siblings (PAM-like) and a view through them': (n) => gdbSession(n, true),
  'gdb: n address spaces sharing one root and one view': (n) => [
    '(gdb) dump_address_spaces 0',
    ...Array.from({ length: n }, (_, i) => `AddressSpace : as${i}(0x${(0x1000 + i).toString(16)})\n     Root MR : 0x10\n    FlatView : 0x20`),
    '', '(gdb) dump_memory_region 0x10', 'Dump MemoryRegion:system', '[0000000000000000-100000000ffffffff]:system', '  [0000000000000000-00000000000000fff]:ram',
    '', '(gdb) dump_flatview 0x20', '[00000000000000000-00000000000001000], offset_in_region 0000000000000000', '',
  ].join('\n'),
  'layout: n address spaces with unknown roots': (n) => Array.from({ length: n }, (_, i) => `address-space as${i} root missing${i}\n`).join(''),
  // Unknown names everywhere: each gets a did-you-mean search among the declared names (an alias onto each
  // RAM region, misspelt; n address spaces with a misspelt root).
  'layout: n misspelt alias targets and roots': (n) => {
    const lines = ['container system size 16E {'];
    for (let i = 0; i < n; i++) lines.push(`  ram ram-${i} @${i * 8}K size 4K`, `  alias win-${i} @${i * 8 + 4}K size 4K -> rma-${i}`);
    lines.push('}');
    for (let i = 0; i < n; i++) lines.push(`address-space as${i} root sytsem`);
    return lines.join('\n') + '\n';
  },
  'layout: n ramblocks': (n) => Array.from({ length: n }, (_, i) => `ramblock b${i} size 64K\n`).join(''),
  'layout: a line of 100n digits': (n) => `ram r size ${'9'.repeat(100 * n)}\n`,
  'layout: expression of n terms': (n) => `ram r size ${Array.from({ length: n }, () => '4K').join(' + ')}\n`,
  'layout: n nested parentheses': (n) => `ram r size ${'('.repeat(n)}4K${')'.repeat(n)}\n`,
  'layout: n unclosed braces': (n) => 'container c size 16E {\n'.repeat(n),
  'layout: n stray closing braces': (n) => '}\n'.repeat(n),
};

/**
 * n bridges as QEMU 7.2 prints them: a window alias per bridge onto `pci_bridge_pci`, and one
 * `memory-region: pci_bridge_pci` per bridge with a device at its own place. Nested: each bus also holds
 * the window onto the next one (bridges behind bridges).
 */
function bridges(n: number, nested: boolean): string {
  const dev = (i: number): bigint => 0xc0000000n + BigInt(i) * 0x10000n;
  const window = (i: number, at: bigint): string => `${hex16(at)}-${hex16(at + 0xffffn)} (prio 1, i/o): alias pci_bridge_mem @pci_bridge_pci ${hex16(dev(i))}-${hex16(dev(i) + 0xffffn)}`;
  const lines = ['address-space: memory', `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): system`];
  for (let i = 0; i < (nested ? 1 : n); i++) lines.push(`    ${window(i, dev(i))}`);
  for (let i = 0; i < n; i++) {
    lines.push('', 'memory-region: pci_bridge_pci', `  ${hex16(0n)}-${hex16((1n << 64n) - 1n)} (prio 0, i/o): pci_bridge_pci`);
    lines.push(`    ${hex16(dev(i))}-${hex16(dev(i) + 0xfffn)} (prio 1, i/o): dev${i}`);
    if (nested && i + 1 < n) lines.push(`    ${window(i + 1, dev(i + 1))}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A gdb session of one address space: a tree of n leaves (side by side, or n siblings on one range) and the
 * dumped view of n ranges (one per leaf; through the stack, a range each at its offset).
 */
function gdbSession(n: number, stacked: boolean): string {
  const h16 = (v: bigint): string => v.toString(16).padStart(16, '0');
  const h17 = (v: bigint): string => v.toString(16).padStart(17, '0');
  const lines = ['(gdb) dump_address_spaces 0', 'AddressSpace : memory(0x1)', '     Root MR : 0x10', '    FlatView : 0x20', '', '(gdb) dump_memory_region 0x10', 'Dump MemoryRegion:system', '[0000000000000000-100000000ffffffff]:system'];
  for (let i = 0; i < n; i++) {
    const at = stacked ? 0n : BigInt(i) * 0x1000n;
    const size = stacked ? BigInt(n) * 0x1000n : 0x1000n;
    lines.push(`  [${h16(at)}-${h17(at + size - 1n)}]:r${i}`);
  }
  lines.push('', '(gdb) dump_flatview 0x20');
  for (let i = 0; i < n; i++) {
    const at = BigInt(i) * 0x1000n;
    lines.push(`[${h17(at)}-${h17(at + 0x1000n)}], offset_in_region ${h16(stacked ? at : 0n)}`);
  }
  return lines.join('\n') + '\n';
}

/** Edge values for addresses and sizes: around 0, 2^32, 2^63 and 2^64 (which is a legal size, not address). */
export const EDGE_NUMBERS: readonly bigint[] = [0n, 1n, 0xfffn, 0x1000n, (1n << 32n) - 1n, 1n << 32n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 2n, (1n << 64n) - 1n, 1n << 64n, (1n << 64n) + 1n, 1n << 80n];
