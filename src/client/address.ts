import { hex0x } from '../core/model/address';
/** Addresses typed by the user or found under the cursor, normalised to the `0x…` form the server reads. */

const U64_LIMIT = 1n << 64n;

/** Parses `0x…` hex or decimal (with `_` or `'` between digits, surrounding blanks ignored); undefined otherwise or when ≥ 2^64. */
export function parseAddress(text: string): bigint | undefined {
  const t = text.trim().replace(/(?<=[0-9a-fA-F])['_](?=[0-9a-fA-F])/g, '');
  let v: bigint | undefined;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = BigInt(t);
  else if (/^[0-9]+$/.test(t)) v = BigInt(t);
  return v !== undefined && v < U64_LIMIT ? v : undefined;
}

/** The input box's validation message for a typed address, or undefined when it is valid. */
export function validateAddress(text: string): string | undefined {
  if (text.trim() === '') return 'Type an address: 0x… (hex) or decimal';
  if (parseAddress(text) !== undefined) return undefined;
  const t = text.trim();
  if (/^(0[xX][0-9a-fA-F_']+|[0-9_']+)$/.test(t)) return 'The address must be below 2^64';
  if (/^[0-9a-fA-F]+$/.test(t)) return 'Hex addresses need the 0x prefix (decimal otherwise)';
  return 'Not an address: use 0x… (hex) or decimal digits';
}

/** `0x…` lowercase: core's hex0x. */
export const toHex = hex0x;

/**
 * The address written at `character` in a line, as `0x…`: a `0x…` token, or in a capture (where QEMU prints
 * addresses as bare hex: `0000000000000000-00000000000fffff`, `@00000000c0000000`) a bare hex token of at
 * least 8 digits; a decimal token otherwise. Undefined when the cursor is on no address.
 */
export function addressAt(line: string, character: number, bareHex: boolean): string | undefined {
  const token = /(?:0[xX])?[0-9a-fA-F]+/g;
  for (let m = token.exec(line); m; m = token.exec(line)) {
    const from = m.index;
    const to = from + m[0].length;
    if (character < from || character > to) continue;
    // A token inside a word (`pc.ram2`, `fw_cfg`) is no address.
    const before = line[from - 1];
    const after = line[to];
    if ((before !== undefined && /[\w.]/.test(before)) || (after !== undefined && /\w/.test(after))) continue;
    const text = m[0];
    if (/^0[xX]/.test(text)) return normalise(BigInt(text));
    if (bareHex && text.length >= 8) return normalise(BigInt('0x' + text));
    if (/^[0-9]+$/.test(text)) return normalise(BigInt(text));
  }
  return undefined;
}

function normalise(v: bigint): string | undefined {
  return v < U64_LIMIT ? toHex(v) : undefined;
}
