import { U64_MAX, compareBigint } from '../model/address';
import type { RamBlockRow } from '../model/capture';
import { firstNotBefore } from '../model/arrays';

/**
 * QEMU's ram_list (system/physmem.c): the RAMBlocks in list order, how find_ram_offset places a
 * new one (best fit) and how ram_block_add links it in. Printing is in ramblock-format.ts, trace
 * replay in ramlist-replay.ts. Everything is bigint and wraps like QEMU's uint64 ram_addr_t
 * arithmetic; nothing throws.
 */

/** BITS_PER_LONG << TARGET_PAGE_BITS: 64 target pages of 4 KiB, the value on every target captured. */
export const RAM_OFFSET_ALIGN = 0x40000n;

/** One RAMBlock: `max` is max_length (what offsets and list order use), `used` is used_length. */
export interface RamBlock {
  readonly name: string;
  readonly offset: bigint;
  readonly used: bigint;
  readonly max: bigint;
  readonly pageSize?: bigint;
  readonly hva?: bigint;
  readonly readonly?: boolean;
}

/** ram_list.blocks in list order (max_length descending, equal sizes in insertion order). */
export interface RamList {
  readonly blocks: readonly RamBlock[];
}

/** One line QEMU traces while placing a block: a `find_ram_offset_loop` or the final `find_ram_offset`. */
export type OffsetStep =
  | { readonly kind: 'loop'; readonly size: bigint; readonly candidate: bigint; readonly offset: bigint; readonly next: bigint; readonly mingap: bigint }
  | { readonly kind: 'chosen'; readonly size: bigint; readonly offset: bigint };

/** Why no offset came out: QEMU asserts on a zero size and aborts when no gap fits. */
export type OffsetFailure = 'no-gap' | 'bad-size' | 'bad-align';

/** What find_ram_offset does for one size: the offset, or why QEMU would stop, with the trace lines either way. */
export type OffsetSearch =
  | { readonly ok: true; readonly offset: bigint; readonly steps: readonly OffsetStep[] }
  | { readonly ok: false; readonly reason: OffsetFailure; readonly steps: readonly OffsetStep[] };

const U64 = U64_MAX + 1n;

/** QEMU's ROUND_UP(n, d) = (n + d - 1) & -d on uint64 (wraps, as in C). */
export function roundUpU64(n: bigint, d: bigint): bigint {
  return ((n + d - 1n) % U64) & ((U64 - d) % U64);
}

/** ROUND_UP(offset + max_length, align): where find_ram_offset tries to put a block after this one. */
export function candidateAfter(block: RamBlock, align: bigint = RAM_OFFSET_ALIGN): bigint {
  return roundUpU64((block.offset + block.max) % U64, align);
}

/** A block from an `info ramblock` row (name, offset, lengths, page size and, from QEMU 8.0, host columns). */
export function blockFromRow(row: RamBlockRow): RamBlock {
  return {
    name: row.name,
    offset: row.offset,
    used: row.used,
    max: row.max,
    pageSize: row.pageSize,
    ...(row.hva !== undefined ? { hva: row.hva } : {}),
    ...(row.readonly !== undefined ? { readonly: row.readonly } : {}),
  };
}

/** The list an `info ramblock` table shows: its rows in printed order, which is ram_list order. */
export function ramListFromRows(rows: readonly RamBlockRow[]): RamList {
  return { blocks: rows.map(blockFromRow) };
}

/**
 * find_ram_offset(size): best fit over the gaps that start right after a block, visiting blocks in
 * list order; O(n log n) (QEMU's nested loop is O(n²) but finds the same `next`).
 */
export function findRamOffset(list: RamList, size: bigint, align: bigint = RAM_OFFSET_ALIGN): OffsetSearch {
  // QEMU asserts size != 0 (it would hand out the same offset twice); ram_addr_t is 64-bit.
  if (size <= 0n || size > U64_MAX) return { ok: false, reason: 'bad-size', steps: [] };
  if (align <= 0n || align > U64_MAX) return { ok: false, reason: 'bad-align', steps: [] };
  // The first block is placed without any trace line.
  if (list.blocks.length === 0) return { ok: true, offset: 0n, steps: [] };
  const sorted = list.blocks.map((b) => b.offset % U64).sort(compareBigint);
  let offset = U64_MAX;
  let mingap = U64_MAX;
  const steps: OffsetStep[] = [];
  for (const block of list.blocks) {
    const candidate = candidateAfter(block, align);
    const i = firstNotBefore(sorted, (o) => o < candidate);
    const next = i < sorted.length ? (sorted[i] as bigint) : U64_MAX;
    const gap = next - candidate;
    // Strictly smaller: among equal gaps the block visited first keeps it.
    if (gap >= size && gap < mingap) {
      offset = candidate;
      mingap = gap;
    }
    steps.push({ kind: 'loop', size, candidate, offset, next, mingap });
  }
  // QEMU checks the offset, not the gap: it stays RAM_ADDR_MAX when nothing fitted.
  if (offset === U64_MAX) return { ok: false, reason: 'no-gap', steps };
  steps.push({ kind: 'chosen', size, offset });
  return { ok: true, offset, steps };
}

/** Links a block that already has its offset into the list as ram_block_add does: before the first strictly smaller block. */
export function insertBlock(list: RamList, block: RamBlock): { list: RamList; index: number } {
  // A linear walk, like QEMU's, so an unsorted list (from a damaged table) behaves as QEMU's would.
  let index = list.blocks.findIndex((b) => b.max < block.max);
  if (index < 0) index = list.blocks.length;
  const blocks = [...list.blocks.slice(0, index), block, ...list.blocks.slice(index)];
  return { list: { blocks }, index };
}
