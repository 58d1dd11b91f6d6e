/**
 * Mutations of real documents, as fast-check arbitraries: lines deleted, duplicated, truncated, swapped and
 * shuffled; bytes inserted (NUL, invalid UTF-8 as a decoder reads it, lone surrogates); numbers replaced by
 * 2^64 edges and huge values; long lines; CR-only and CRLF line ends.
 */
import fc from 'fast-check';
import { EDGE_NUMBERS } from './corpus';

/** One mutation; positions are taken modulo the text's current line count. */
export type Mutation =
  | { readonly op: 'delete' | 'duplicate' | 'truncate' | 'swap' | 'shuffle'; readonly at: number; readonly arg: number }
  | { readonly op: 'insert'; readonly at: number; readonly col: number; readonly text: string }
  | { readonly op: 'number'; readonly at: number; readonly which: number; readonly value: string }
  | { readonly op: 'long-line'; readonly at: number; readonly length: number; readonly unit: string }
  | { readonly op: 'cr-only' | 'crlf' };

/** Text that makes parsers' lives hard: markup, NUL, control characters, separators of the formats. */
const nasty = fc.constantFrom('\0', '\t', '\r', '\u2028', '\uFEFF', '\uFFFD', '{', '}', '(', ')', '"', '@', ':', ',', '-', '->', '#', '$', '0x', ' ', '  ', '<script>', '[disabled]');

/** A string as a UTF-8 decoder reads arbitrary bytes (invalid sequences become U+FFFD), as the CLI and editors do. */
const decodedBytes = fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('utf8'));

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

const inserted = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(nasty, { maxLength: 8 }).map((a) => a.join('')),
  decodedBytes,
  loneSurrogate,
);

const numberText = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS).chain((v) => fc.constantFrom(v.toString(16), v.toString(16).padStart(16, '0'), '0x' + v.toString(16), v.toString(10))),
  fc.bigInt({ min: 0n, max: 1n << 200n }).map((v) => v.toString(16)),
  fc.constantFrom('-1', '', '0x', 'ffffffffffffffffffffffffffffffffffffffff', '9'.repeat(400)),
);

/** Any mutation. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('delete', 'duplicate', 'truncate', 'swap', 'shuffle'), at: fc.nat(), arg: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert'), at: fc.nat(), col: fc.nat(), text: inserted }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('number'), at: fc.nat(), which: fc.nat(), value: numberText }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('long-line'), at: fc.nat(), length: fc.integer({ min: 1_000, max: 100_000 }), unit: fc.constantFrom('0', 'a', ' ', '{', '(', '"', ' owner:{') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('cr-only', 'crlf') }) },
) as fc.Arbitrary<Mutation>;

/** A few mutations in a row. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: 8 });

const NUMBER = /(?:0x)?[0-9a-f]+/gi;

/** Applies mutations to a text, line by line. */
export function applyMutations(text: string, muts: readonly Mutation[]): string {
  let lines = text.split('\n');
  for (const m of muts) {
    const n = Math.max(1, lines.length);
    switch (m.op) {
      case 'delete': lines.splice(m.at % n, 1 + (m.arg % 3)); break;
      case 'duplicate': lines.splice(m.at % n, 0, ...lines.slice(m.at % n, (m.at % n) + 1 + (m.arg % 3))); break;
      case 'truncate': { const l = lines[m.at % n] ?? ''; lines[m.at % n] = l.slice(0, m.arg % (l.length + 1)); break; }
      case 'swap': { const a = m.at % n; const b = m.arg % n; const t = lines[a] ?? ''; lines[a] = lines[b] ?? ''; lines[b] = t; break; }
      case 'shuffle': {
        // Reverses a window of up to 8 lines: order-dependent parsers (trees, tables) meet lines out of place.
        const a = m.at % n;
        lines.splice(a, 0, ...lines.splice(a, 2 + (m.arg % 7)).reverse());
        break;
      }
      case 'insert': { const i = m.at % n; const l = lines[i] ?? ''; const c = m.col % (l.length + 1); lines[i] = l.slice(0, c) + m.text + l.slice(c); break; }
      case 'number': {
        const i = m.at % n;
        const l = lines[i] ?? '';
        const found = [...l.matchAll(NUMBER)];
        const hit = found[m.which % Math.max(1, found.length)];
        if (hit?.index !== undefined) lines[i] = l.slice(0, hit.index) + m.value + l.slice(hit.index + hit[0].length);
        break;
      }
      case 'long-line': { const i = m.at % n; lines[i] = (lines[i] ?? '') + m.unit.repeat(Math.ceil(m.length / m.unit.length)); break; }
      case 'cr-only': lines = [lines.join('\r')]; break;
      case 'crlf': lines = [lines.join('\r\n')]; break;
    }
  }
  return lines.join('\n');
}
