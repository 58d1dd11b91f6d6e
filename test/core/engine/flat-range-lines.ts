import type { FlatRange } from '../../../src/core/engine/flatten';
import type { RefRange } from './reference-flatten';

// Flat ranges as text, for failure messages and hand-written expectations.

/** 2^64: the size of a whole address space, one past its last address. */
export const TOP = 1n << 64n;

export const hex = (x: bigint): string => (x < 0n ? `-0x${(-x).toString(16)}` : `0x${x.toString(16)}`);

/** One line per range, for failure messages and the hand-written expectations. */
export function line(r: FlatRange | RefRange): string {
  const flags = [r.readonly ? 'ro' : '', r.nonvolatile ? 'nv' : '', r.romd ? 'romd' : ''].filter((s) => s !== '').join(',');
  return `${hex(r.start)}-${hex(r.start + r.size - 1n)} ${r.mr.name} @${hex(r.offset)}${flags ? ` [${flags}]` : ''}`;
}
