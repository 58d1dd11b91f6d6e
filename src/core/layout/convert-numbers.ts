const UNITS: readonly [bigint, string][] = [[60n, 'E'], [50n, 'P'], [40n, 'T'], [30n, 'G'], [20n, 'M'], [10n, 'K']];

/** An address in hex (`0` for zero), as a converted layout writes it. */
export function hexNumber(v: bigint): string {
  return v === 0n ? '0' : '0x' + v.toString(16);
}

/** A size with a binary unit when it is an exact, short multiple of one (`128M`, `16E`), else in hex. */
export function layoutSize(v: bigint): string {
  for (const [shift, unit] of UNITS) {
    const u = 1n << shift;
    // A four-digit count still reads better than hex; beyond that hex shows the structure.
    if (v >= u && v % u === 0n && v / u < 10000n) return `${v / u}${unit}`;
  }
  return hexNumber(v);
}
