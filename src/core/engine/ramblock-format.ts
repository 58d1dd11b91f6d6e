import { U64_MAX, hex16 } from '../model/address';
import type { RamBlockSection } from '../model/capture';
import type { RamList } from './ramlist';
import { ramListFromRows } from './ramlist';

const U64 = U64_MAX + 1n;

/** `info ramblock` printing, byte for byte as QEMU 7.2 and 8.0+ print it (size_to_str included). */

/** The value C gets from (double)v: round to 53 significant bits, ties to even. */
function toDoubleValue(v: bigint): bigint {
  const bits = v.toString(2).length;
  if (bits <= 53) return v;
  const shift = BigInt(bits - 53);
  const unit = 1n << shift;
  const half = unit >> 1n;
  let q = v >> shift;
  const rem = v & (unit - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return q << shift;
}

/** Rounds n/d to the nearest integer, ties to even, as glibc's printf does on the exact binary value. */
function divRoundEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = (n % d) * 2n;
  return r2 > d || (r2 === d && (q & 1n) === 1n) ? q + 1n : q;
}

/** Compares the rational num/den with 10^p: negative, zero or positive like a comparator. */
function cmpPow10(num: bigint, den: bigint, p: number): number {
  const l = p >= 0 ? num : num * 10n ** BigInt(-p);
  const r = p >= 0 ? den * 10n ** BigInt(p) : den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** printf("%0.3g") of the exact rational num/den (num >= 0, den > 0). */
function format3g(num: bigint, den: bigint): string {
  if (num === 0n) return '0';
  // Decimal exponent e with 10^e <= num/den < 10^(e+1).
  let e = 0;
  while (cmpPow10(num, den, e + 1) >= 0) e++;
  while (cmpPow10(num, den, e) < 0) e--;
  // Three significant digits: q = round(x * 10^(2-e)).
  const s = 2 - e;
  let q = s >= 0 ? divRoundEven(num * 10n ** BigInt(s), den) : divRoundEven(num, den * 10n ** BigInt(-s));
  if (q >= 1000n) {
    e++;
    q = s - 1 >= 0 ? divRoundEven(num * 10n ** BigInt(s - 1), den) : divRoundEven(num, den * 10n ** BigInt(1 - s));
  }
  const digits = q.toString();
  const strip = (t: string): string => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
  if (e < -4 || e >= 3) {
    const mant = strip(`${digits[0] ?? '0'}.${digits.slice(1)}`);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const decimals = 2 - e;
  const padded = digits.padStart(decimals + 1, '0');
  const cut = padded.length - decimals;
  return strip(decimals > 0 ? `${padded.slice(0, cut)}.${padded.slice(cut)}` : padded);
}

const SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;

/** QEMU's size_to_str: "%0.3g %sB", switching unit once the value reaches 1000 of the smaller one ("4 KiB", "0.977 MiB"). */
export function sizeToStr(value: bigint): string {
  const v = toDoubleValue(value < 0n ? 0n : value % U64);
  // frexp(v / (1000.0 / 1024.0)) exponent minus one = floor(log2(v * 128 / 125)); frexp(0) gives 0.
  let i = 0;
  if (v > 0n) {
    let k = (v * 128n).toString(2).length - 1;
    while (k > 0 && 125n << BigInt(k) > v * 128n) k--;
    i = Math.min(Math.trunc(k / 10), SUFFIXES.length - 1);
  }
  return `${format3g(v, 1n << BigInt(10 * i))} ${SUFFIXES[i] ?? ''}B`;
}

/** UTF-8 length: printf pads %24s by bytes, not by characters. */
function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** printf("%Ns"): right-aligned in width bytes, never cut. */
function padLeft(text: string, width: number): string {
  const len = utf8Length(text);
  return len >= width ? text : ' '.repeat(width - len) + text;
}

/** printf("0x%016lx") of a uint64. */
function hexField(v: bigint): string {
  return '0x' + hex16(((v % U64) + U64) % U64);
}

/** Options of formatRamblock: QEMU 8.0+ columns, and the page size printed for blocks that do not know theirs. */
export interface RamblockFormatOptions {
  /** Print the HVA and RO columns (QEMU 8.0 and newer). */
  readonly hostColumns: boolean;
  /** Page size for blocks without one (default 4 KiB, the host page size of anonymous RAM on x86 hosts). */
  readonly defaultPageSize?: bigint;
}

/**
 * The exact text of `info ramblock` for this list, LF line ends; blocks without an HVA print 0
 * there and blocks without an RO flag print rw (QEMU's default for RAM).
 */
export function formatRamblock(list: RamList, options: RamblockFormatOptions): string {
  const host = options.hostColumns;
  const header =
    `${padLeft('Block Name', 24)} ${padLeft('PSize', 8)}  ${padLeft('Offset', 18)} ${padLeft('Used', 18)} ${padLeft('Total', 18)}` +
    (host ? ` ${padLeft('HVA', 18)} ${padLeft('RO', 3)}` : '');
  const out = [header];
  for (const b of list.blocks) {
    const psize = sizeToStr(b.pageSize ?? options.defaultPageSize ?? 0x1000n);
    let row = `${padLeft(b.name, 24)} ${padLeft(psize, 8)}  ${hexField(b.offset)} ${hexField(b.used)} ${hexField(b.max)}`;
    // An unknown host base is said so, not printed as a misleading 0.
    if (host) row += ` ${b.hva !== undefined ? hexField(b.hva) : padLeft('unknown', 18)} ${padLeft(b.readonly === true ? 'ro' : 'rw', 3)}`;
    out.push(row);
  }
  return out.join('\n') + '\n';
}

/** The list an `info ramblock` section shows, ready for formatRamblock with the same columns. */
export function ramListFromSection(section: RamBlockSection): { list: RamList; hostColumns: boolean } {
  return { list: ramListFromRows(section.blocks), hostColumns: section.hostColumns };
}
