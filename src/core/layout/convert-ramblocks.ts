import { BLOCK_KEYWORD } from './keywords';
import type { Capture, RamBlockRow, RamBlockSection, TraceSection } from '../model/capture';
import { lastRamBlockTable } from '../model/capture';
import type { MemoryModel } from '../engine/memory-model';
import { regionNameOfBlock } from '../engine/memory-model';
import { RamListBuilder } from '../engine/ramlist-builder';
import { replayTrace } from '../engine/ramlist-replay';
import { pushTo } from '../model/arrays';
import { hexNumber, layoutSize } from './convert-numbers';
import { layoutName } from './names';

/** The blocks in the order to create them, and which ones best fit would place elsewhere (they get `offset`). */
function blockOrder(rows: readonly RamBlockRow[], section: RamBlockSection, trace: TraceSection | undefined): { order: RamBlockRow[]; pinned: Set<RamBlockRow>; fromTrace: boolean } {
  let order: RamBlockRow[];
  const byOffset = (a: RamBlockRow, b: RamBlockRow): number => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0);
  if (trace) {
    // The replay knows the real creation order of every block the trace placed.
    const replay = replayTrace(trace, section);
    const traced = replay.blocks.filter((b) => b.row !== undefined).sort((a, b) => a.id - b.id).map((b) => b.row as RamBlockRow);
    const seen = new Set(traced);
    order = [...traced.filter((r) => rows.includes(r)), ...rows.filter((r) => !seen.has(r)).sort(byOffset)];
  } else {
    // Without a trace, creation in offset order is the likeliest story: best fit fills the space upwards.
    order = [...rows].sort(byOffset);
  }
  // ram_list keeps blocks of equal size in creation order, so those must be created in list order.
  const rowIndex = new Map<RamBlockRow, number>();
  rows.forEach((r, i) => rowIndex.set(r, i));
  const slots = new Map<bigint, number[]>();
  order.forEach((r, i) => pushTo(slots, r.max, i));
  const fixed = [...order];
  for (const positions of slots.values()) {
    const members = positions.map((i) => order[i] as RamBlockRow).sort((a, b) => (rowIndex.get(a) as number) - (rowIndex.get(b) as number));
    positions.forEach((p, k) => (fixed[p] = members[k] as RamBlockRow));
  }
  // Replay the creation: a block that find_ram_offset would put elsewhere is pinned where it is.
  const pinned = new Set<RamBlockRow>();
  const list = new RamListBuilder();
  for (const r of fixed) {
    const found = list.find(r.max);
    if (!found.ok || found.offset !== r.offset) pinned.add(r);
    list.insert({ name: r.name, offset: r.offset, used: r.used, max: r.max });
  }
  return { order: fixed, pinned, fromTrace: trace !== undefined };
}

/**
 * The host address to write for each block, asked in creation order: the HVA column, else the base
 * that gpa2hva answers give the block's region (a layout gives a region the host address of its first
 * block, as the capture's model does).
 */
function hostAddresses(model: MemoryModel): (row: RamBlockRow) => bigint | undefined {
  const regionSeen = new Set<string>();
  return (row) => {
    const region = regionNameOfBlock(row.name);
    const first = !regionSeen.has(region);
    regionSeen.add(region);
    if (row.hva !== undefined) return row.hva;
    return first ? model.bases.get(region)?.base : undefined;
  };
}

/** One line per RAMBlock in creation order, with page size, host address and pins where needed. */
export function ramblockLines(c: Capture, model: MemoryModel): string[] {
  const section = lastRamBlockTable(c);
  if (!section || section.blocks.length === 0) return [];
  const hostOf = hostAddresses(model);
  const trace = c.sections.find((s): s is TraceSection => s.kind === 'trace');
  const { order, pinned, fromTrace } = blockOrder(section.blocks, section, trace);
  const out = [
    '',
    fromTrace
      ? '# RAMBlocks in creation order, as the find_ram_offset trace shows it.'
      : '# RAMBlocks in offset order (the capture has no find_ram_offset trace to tell the creation order).',
  ];
  if (pinned.size > 0) out.push(`# ${pinned.size} block${pinned.size === 1 ? '' : 's'} carr${pinned.size === 1 ? 'ies' : 'y'} "offset": best fit in this order would place ${pinned.size === 1 ? 'it' : 'them'} elsewhere (blocks freed since, or an unknown order).`);
  for (const r of order) {
    const parts = [BLOCK_KEYWORD, layoutName(r.name), 'size', layoutSize(r.used)];
    if (r.max !== r.used) parts.push('max', layoutSize(r.max));
    if (r.pageSize !== 0x1000n) parts.push('page', layoutSize(r.pageSize));
    const host = hostOf(r);
    if (host !== undefined) parts.push('host', hexNumber(host));
    if (pinned.has(r)) parts.push('offset', hexNumber(r.offset));
    // Only a resizeable block can use less than its maximum.
    if (r.max !== r.used) parts.push('resizeable');
    if (r.readonly === true) parts.push('readonly');
    out.push(parts.join(' '));
  }
  return out;
}
