/**
 * The map's data, parsed once: `0x…` strings become bigints, types become small codes for the draw loop,
 * the region tree becomes a depth-annotated list, and each flat range learns its RAMBlock.
 * Pure: no DOM types.
 */
import type { MapDataRequest, WireBlock, WireFlatRange, WireRegion } from '../protocol';
import type { Span } from './placement';
import { regionNameOfBlock } from '../core/model/block-name';

/** Colour keys, in legend order; the CSS defines `--map-<key>` for each. */
export const TYPE_KEYS = ['ram', 'rom', 'romd', 'ramd', 'io', 'alias', 'container', 'undumped', 'other'] as const;

/** The colour of what a gdb dump leaves the type of unknown: the wire's type word is a stand-in (`gdb` set). */
const UNDUMPED = TYPE_KEYS.indexOf('undumped');

/** True when some range or region of the map is drawn in the colour of an undumped type. */
export function hasUndumped(m: MapModel): boolean {
  return m.rangeCode.includes(UNDUMPED) || m.regions.some((r) => r.code === UNDUMPED);
}

/** One of TYPE_KEYS. */
export type TypeKey = (typeof TYPE_KEYS)[number];

/** The colour code of a QEMU type word (`nv-` marks non-volatile memory and does not change the colour). */
export function typeCode(type: string, container = false): number {
  const word = type.startsWith('nv-') ? type.slice(3) : type;
  if (word === 'i/o') return TYPE_KEYS.indexOf(container ? 'container' : 'io');
  const i = TYPE_KEYS.indexOf(word as TypeKey);
  return i >= 0 && word !== 'io' ? i : TYPE_KEYS.indexOf('other');
}

/** A `0x…` string as a bigint, or undefined (BigInt('') would be 0n, and decimals are not on the wire). */
export function parseHex(text: unknown): bigint | undefined {
  // Character checks and BigInt's own parser, not a regex: this runs 400,000 times for a 100k-range map.
  if (typeof text !== 'string' || text.length < 3 || text.length > 19 || text.charCodeAt(0) !== 48 || (text.charCodeAt(1) | 32) !== 120) return undefined;
  try {
    return BigInt(text);
  } catch {
    return undefined;
  }
}

/** A region of the tree, flattened with its depth. */
export interface RegionItem extends Span {
  readonly wire: WireRegion;
  readonly depth: number;
  readonly code: number;
}

/** A RAMBlock with its numbers parsed; its span is offset … offset + max - 1 in ram_addr space. */
export interface BlockItem extends Span {
  readonly wire: WireBlock;
  readonly used: bigint;
  readonly hva: bigint | undefined;
}

/** Everything the map draws, parsed. */
export interface MapModel {
  readonly space: string | undefined;
  readonly spaces: readonly string[];
  /** Flat ranges with valid addresses, by start address. */
  readonly ranges: readonly WireFlatRange[];
  readonly rangeSpans: readonly Span[];
  readonly rangeCode: Uint8Array;
  /** Index into `blocks` of the RAMBlock behind each range, or -1. */
  readonly rangeBlock: Int32Array;
  readonly regions: readonly RegionItem[];
  readonly blocks: readonly BlockItem[];
  /** Entries left out because an address did not parse. */
  readonly invalid: number;
  /** Which entries were left out and why (the first NOT_DRAWN_CAP of them; `invalid` counts all). */
  readonly notDrawn: readonly NotDrawn[];
}

/** An entry of the data that the map does not draw, and why: the legend lists these. */
export interface NotDrawn {
  readonly kind: 'flat range' | 'region' | 'RAMBlock';
  readonly name: string;
  readonly reason: string;
}

/** How many left-out entries are kept by name; the rest are only counted. */
export const NOT_DRAWN_CAP = 200;

/** Why a start/end pair cannot be drawn, or undefined when it can. */
export function spanProblem(start: unknown, end: unknown): string | undefined {
  const a = parseHex(start);
  const b = parseHex(end);
  if (a === undefined) return `start ${describeValue(start)} is not a hex address`;
  if (b === undefined) return `end ${describeValue(end)} is not a hex address`;
  if (b < a) return `ends (${String(end)}) before it starts (${String(start)})`;
  return undefined;
}

function describeValue(v: unknown): string {
  if (typeof v !== 'string') return `(${typeof v})`;
  return v.length > 24 ? JSON.stringify(v.slice(0, 24) + '…') : JSON.stringify(v);
}

/** Records an entry left out of the map, and why. */
type Leave = (kind: NotDrawn['kind'], name: unknown, reason: string) => void;

/** Flattens region trees depth first, iteratively (trees can be deep); regions that cannot be drawn go to `leave`. */
function flattenRegions(roots: readonly WireRegion[], leave: Leave): RegionItem[] {
  const items: RegionItem[] = [];
  const stack: [WireRegion, number][] = roots.map((r) => [r, 0] as [WireRegion, number]).reverse();
  while (stack.length > 0) {
    const [wire, depth] = stack.pop()!;
    const start = parseHex(wire.start);
    const last = parseHex(wire.end);
    if (start === undefined || last === undefined || last < start) leave('region', wire.name, spanProblem(wire.start, wire.end) ?? 'unreadable');
    else items.push({ wire, depth, start, last, code: wire.gdb ? UNDUMPED : typeCode(wire.type, wire.children.length > 0) });
    for (let i = wire.children.length - 1; i >= 0; i--) stack.push([wire.children[i]!, depth + 1]);
  }
  return items;
}

/** Parses the host's answer; entries whose addresses do not parse are counted, not drawn. */
export function parseMapData(result: MapDataRequest.Result): MapModel {
  let invalid = 0;
  const left: NotDrawn[] = [];
  const leave: Leave = (kind, name, reason) => {
    invalid++;
    if (left.length < NOT_DRAWN_CAP) left.push({ kind, name: String(name), reason });
  };
  const ranges: WireFlatRange[] = [];
  const rangeSpans: Span[] = [];
  for (const r of result.ranges) {
    const start = parseHex(r.start);
    const last = parseHex(r.end);
    if (start === undefined || last === undefined || last < start) {
      leave('flat range', r.name, spanProblem(r.start, r.end) ?? 'unreadable');
      continue;
    }
    ranges.push(r);
    rangeSpans.push({ start, last });
  }
  if (rangeSpans.some((s, i) => i > 0 && s.start < rangeSpans[i - 1]!.start)) {
    // Flat views come sorted; sort anyway rather than draw a scrambled map.
    const order = rangeSpans.map((_, i) => i).sort((a, b) => (rangeSpans[a]!.start < rangeSpans[b]!.start ? -1 : 1));
    const r2 = order.map((i) => ranges[i]!);
    const s2 = order.map((i) => rangeSpans[i]!);
    ranges.splice(0, ranges.length, ...r2);
    rangeSpans.splice(0, rangeSpans.length, ...s2);
  }

  const blocks: BlockItem[] = [];
  for (const b of result.blocks) {
    const offset = parseHex(b.offset);
    const max = parseHex(b.max);
    const used = parseHex(b.used);
    if (offset === undefined || max === undefined || used === undefined) {
      const bad = offset === undefined ? ['offset', b.offset] : max === undefined ? ['max', b.max] : ['used', b.used];
      leave('RAMBlock', b.name, `${bad[0]} ${describeValue(bad[1])} is not a hex number`);
      continue;
    }
    const size = [max, used, 1n].reduce((a, v) => (v > a ? v : a));
    blocks.push({ wire: b, start: offset, last: offset + size - 1n, used, hva: parseHex(b.hva) });
  }
  const blockByRegion = new Map<string, number>();
  blocks.forEach((b, i) => {
    const name = regionNameOfBlock(b.wire.name);
    if (!blockByRegion.has(name)) blockByRegion.set(name, i);
  });

  const rangeCode = new Uint8Array(ranges.length);
  const rangeBlock = new Int32Array(ranges.length);
  const codes = new Map<string, number>();
  ranges.forEach((r, i) => {
    let code = codes.get(r.type);
    if (code === undefined) codes.set(r.type, (code = typeCode(r.type)));
    rangeCode[i] = r.gdb ? UNDUMPED : code;
    rangeBlock[i] = blockByRegion.get(r.name) ?? -1;
  });

  const regions = flattenRegions(result.regions, leave);
  return {
    space: result.space,
    spaces: result.spaces,
    ranges,
    rangeSpans,
    rangeCode,
    rangeBlock,
    regions,
    blocks,
    invalid,
    notDrawn: left,
  };
}
