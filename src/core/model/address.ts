/** Address arithmetic on bigint: every address and size in the model is a bigint in [0, 2^64]. */

export const U64_MAX = (1n << 64n) - 1n;
/** 2^64: the size of a region that spans the whole 64-bit space. */
export const SIZE_2_64 = 1n << 64n;

/** Formats as QEMU's %016lx (lowercase, 16 digits, no prefix). Values above 2^64-1 print in full. */
export function hex16(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

/** Formats as QEMU's 0x%lx / %p (no padding). */
export function hex0x(v: bigint): string {
  return '0x' + v.toString(16);
}

const UNITS: readonly [bigint, string][] = [
  [1n << 60n, 'EiB'],
  [1n << 50n, 'PiB'],
  [1n << 40n, 'TiB'],
  [1n << 30n, 'GiB'],
  [1n << 20n, 'MiB'],
  [1n << 10n, 'KiB'],
];

/** A size in human units, exact when it divides evenly ("64 KiB", "16 EiB"), else with up to two decimals ("1.5 MiB"). */
export function formatSize(size: bigint): string {
  for (const [unit, label] of UNITS) {
    if (size >= unit) {
      if (size % unit === 0n) return `${size / unit} ${label}`;
      const hundredths = (size * 100n) / unit;
      const whole = hundredths / 100n;
      const frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
      return frac ? `${whole}.${frac} ${label}` : `${whole} ${label}`;
    }
  }
  return `${size} B`;
}

/** Parses QEMU's size_to_str output ("4 KiB", "2 MiB", "512 B"); undefined when unreadable. */
export function parseHumanSize(text: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?\s*(B|KiB|MiB|GiB|TiB|PiB|EiB)$/.exec(text.trim());
  if (!m) return undefined;
  const shift = { B: 0n, KiB: 10n, MiB: 20n, GiB: 30n, TiB: 40n, PiB: 50n, EiB: 60n }[m[3] as 'B'];
  const whole = BigInt(m[1] as string) << shift;
  if (!m[2]) return whole;
  const frac = m[2];
  return whole + ((BigInt(frac) << shift) / 10n ** BigInt(frac.length));
}

/** `START-END` as QEMU prints it (a zero-sized region prints its start twice). */
export function printedRange(start: bigint, size: bigint): string {
  return `${hex16(start)}-${hex16(size === 0n ? start : start + size - 1n)}`;
}

/** Ascending order of two bigints, for sort(). */
export function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An address as a user types it, read as QEMU's monitor does: `0x…` hex or decimal, blanks around it allowed.
 * `too-large` for 2^64 and above; undefined when the text is not such a number.
 */
export function parseTypedAddress(text: string): bigint | 'too-large' | undefined {
  const m = /^\s*(0x[0-9a-f]+|[0-9]+)\s*$/i.exec(text);
  if (!m) return undefined;
  const value = BigInt(m[1] as string);
  return value >= SIZE_2_64 ? 'too-large' : value;
}
