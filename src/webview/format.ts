/**
 * The words of the tooltip and of the screen-reader announcements: plain text lines, set with
 * textContent by the view (names come from the document and are never markup).
 * Pure: no DOM types.
 */
import { formatSize, hex0x } from '../core/model/address';
import { DEVICE_GUESS_NOTE, deviceOf } from './devices';
import { addressAtX, GAP } from './placement';
import type { MapModel } from './model';
import { parseHex } from './model';
import type { Scene, Target } from './scene';

/** `0x…` for an address: core's hex0x. */
export const hex = hex0x;

/** The tooltip of flat range `i`; `at` is the address under the pointer, when there is one. */
export function describeRange(m: MapModel, i: number, at?: bigint, io = false, unclaimed = false): string[] {
  const r = m.ranges[i]!;
  const span = m.rangeSpans[i]!;
  const size = span.last - span.start + 1n;
  const offset = parseHex(r.offset) ?? 0n;
  const lines = [
    // A gdb dump holds no type or priority: the wire's are stand-ins, and r.gdb says what the dump does hold.
    r.gdb ? `${r.name}  (type and priority not dumped)` : `${r.name}  (${r.type}, prio ${r.priority})`,
    `GPA ${hex(span.start)}–${hex(span.last)}  (${formatSize(size)})`,
    `region ${r.name} + ${hex(offset)}`,
  ];
  if (r.gdb) lines.push(r.gdb);
  if (unclaimed) lines.push('no device claims these ports: the I/O space itself answers them');
  else if (io) lines.push(`device ${deviceOf(r.name)}  (${DEVICE_GUESS_NOTE})`);
  const b = m.blocks[m.rangeBlock[i]!];
  if (b) {
    const ramAddr = b.start + offset;
    lines.push(`RAMBlock ${b.wire.name}  ram_addr ${hex(ramAddr)}–${hex(ramAddr + size - 1n)}`);
    if (b.hva !== undefined) lines.push(`HVA ${hex(b.hva + offset)}–${hex(b.hva + offset + size - 1n)}`);
  }
  const aliases = b ? m.ranges.reduce((n, _, k) => n + (m.rangeBlock[k] === m.rangeBlock[i] ? 1 : 0), 0) : 0;
  if (aliases > 1) lines.push(`${aliases} GPA ranges show RAMBlock ${b!.wire.name}`);
  if (at !== undefined && at >= span.start && at <= span.last) {
    const delta = at - span.start;
    const hva = b?.hva !== undefined ? ` → HVA ${hex(b.hva + offset + delta)}` : '';
    lines.push(`pointer: GPA ${hex(at)}${hva}`);
  }
  if (r.range) lines.push('click or Enter: reveal in the editor');
  return lines;
}

/** The tooltip of an empty gap. */
export function describeGap(start: bigint, last: bigint): string[] {
  return [`unmapped`, `${hex(start)}–${hex(last)}  (${formatSize(last - start + 1n)})`];
}

/** The tooltip of region `i` of the tree. */
export function describeRegion(m: MapModel, i: number): string[] {
  const r = m.regions[i]!;
  const lines = r.wire.gdb
    ? [`${r.wire.name}  (type, priority and enabled flag not dumped)`, `${hex(r.start)}–${hex(r.last)}  (${formatSize(r.last - r.start + 1n)})`, r.wire.gdb]
    : [`${r.wire.name}  (${r.wire.type}, prio ${r.wire.priority}${r.wire.enabled ? '' : ', disabled'})`, `${hex(r.start)}–${hex(r.last)}  (${formatSize(r.last - r.start + 1n)})`];
  if (r.wire.alias) lines.push(`alias of ${r.wire.alias.target} + ${r.wire.alias.offset}`);
  const visible = parseHex(r.wire.visible);
  if (visible === 0n) lines.push('hidden: no byte of it is in the flat view');
  return lines;
}

/** A size written on the wire as `0x…`, in KiB/MiB/GiB like every other size; the raw text when it does not parse. */
export function sizeText(wire: string): string {
  const v = parseHex(wire);
  return v === undefined ? wire : formatSize(v);
}

/** The tooltip of RAMBlock `i`; `gpaRanges` is how many flat ranges of the shown space it backs. */
export function describeBlock(m: MapModel, i: number, gpaRanges = 0): string[] {
  const b = m.blocks[i]!;
  const max = b.last - b.start + 1n;
  const lines = [
    `RAMBlock ${b.wire.name}  (#${i} in ram_list)`,
    `ram_addr ${hex(b.start)}–${hex(b.last)}`,
    `used ${formatSize(b.used)} of max ${formatSize(max)}, page size ${sizeText(b.wire.pageSize)}`,
  ];
  lines.push(b.hva !== undefined ? `HVA ${hex(b.hva)}–${hex(b.hva + max - 1n)}` : 'HVA not in the capture');
  if (gpaRanges > 1) lines.push(`backs ${gpaRanges} GPA ranges (aliases of one block)`);
  else if (gpaRanges === 1) lines.push('backs 1 GPA range');
  return lines;
}

/** The tooltip of whatever `t` points at; `wx` is the pointer's world x (for the address under it). */
export function describeTarget(s: Scene, t: Target, wx: number): string[] {
  if (t.kind === 'range') {
    const ref = s.scale.ref[t.seg]!;
    if (ref === GAP) return describeGap(s.scale.segStart[t.seg]!, s.scale.segLast[t.seg]!);
    return describeRange(s.model, ref, addressAtX(s.scale, wx), s.io, s.unclaimed[ref] === 1);
  }
  if (t.kind === 'region') return describeRegion(s.model, s.bands.rows[t.row]!.lane.ref[t.ext]!);
  if (t.kind === 'host') {
    const h = s.hostLane.scale;
    const ref = h.ref[t.seg]!;
    if (ref === GAP) return ['host addresses of no RAMBlock', ...describeGap(h.segStart[t.seg]!, h.segLast[t.seg]!).slice(1)];
    const b = s.hostLane.block[ref]!;
    return ['host span of ' + (s.model.blocks[b]?.wire.name ?? '?'), ...describeBlock(s.model, b, s.ribbons.perBlock[b]).slice(1)];
  }
  return describeBlock(s.model, t.seg, s.ribbons.perBlock[t.seg]);
}

/** A short sentence for the live region: what is under the pointer or selected. */
export function announce(lines: readonly string[]): string {
  return lines.slice(0, 2).join(', ');
}

/** The canvas's accessible name: what the map shows. */
export function mapLabel(m: MapModel, gaps: number): string {
  const space = m.space ?? 'no address space';
  return (
    `Memory map of address space ${space}: ${m.ranges.length} flat ranges, ${gaps} unmapped gaps, ` +
    `${m.regions.length} regions in the tree, ${m.blocks.length} RAMBlocks. ` +
    'Plus and minus zoom, left and right arrows pan, up and down arrows select a range, Enter reveals it, Home and End go to the ends, 0 shows everything.'
  );
}
