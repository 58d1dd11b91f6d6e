import { U64_MAX } from '../model/address';
import { firstNotBefore } from '../model/arrays';
import type { OffsetFailure, RamBlock, RamList } from './ramlist';
import { RAM_OFFSET_ALIGN, candidateAfter } from './ramlist';

const U64 = U64_MAX + 1n;

/** A block in the builder: where find_ram_offset would try after it, and the gap there. */
interface Entry {
  readonly max: bigint;
  /** Creation number: equal max_length keeps creation order in ram_list. */
  readonly seq: number;
  readonly candidate: bigint;
  /** The lowest offset at or above the candidate (U64_MAX when none), and the gap up to it. */
  next: bigint;
  gap: bigint;
}

/** Best fit's order: the smallest gap, then ram_list order (max_length descending, then creation). */
function byGapThenListOrder(a: Entry, b: Entry): number {
  if (a.gap !== b.gap) return a.gap < b.gap ? -1 : 1;
  if (a.max !== b.max) return a.max > b.max ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * A ram_list built from empty, block after block, as ram_block_add builds it, answering
 * find_ram_offset as findRamOffset does (the same offsets, without its trace lines). findRamOffset
 * looks at every block for each new one; the builder keeps the gaps sorted and, when a block lands,
 * updates only the gaps it splits, so a list of n blocks costs about n binary searches and n moves of
 * sorted arrays (a layout of 12,000 blocks took a minute).
 */
export class RamListBuilder {
  /** ram_list order. */
  private readonly blocks: RamBlock[] = [];
  private readonly entries: Entry[] = [];
  /** Every block's offset (mod 2^64), sorted. */
  private readonly offsets: bigint[] = [];
  /** The entries by candidate, and by gap then list order. */
  private readonly byCandidate: Entry[] = [];
  private readonly byGap: Entry[] = [];

  constructor(private readonly align: bigint = RAM_OFFSET_ALIGN) {}

  /** find_ram_offset(size) on the list so far. */
  find(size: bigint): { readonly ok: true; readonly offset: bigint } | { readonly ok: false; readonly reason: OffsetFailure } {
    if (size <= 0n || size > U64_MAX) return { ok: false, reason: 'bad-size' };
    if (this.align <= 0n || this.align > U64_MAX) return { ok: false, reason: 'bad-align' };
    if (this.blocks.length === 0) return { ok: true, offset: 0n };
    // The smallest gap that fits, the first in list order among equals; a gap must be below
    // RAM_ADDR_MAX (QEMU's starting mingap) and the offset must not be RAM_ADDR_MAX.
    const best = this.byGap[firstNotBefore(this.byGap, (e) => e.gap < size)];
    if (!best || best.gap >= U64_MAX || best.candidate === U64_MAX) return { ok: false, reason: 'no-gap' };
    return { ok: true, offset: best.candidate };
  }

  /** Links in a block whose offset is known (found, or pinned), before the first strictly smaller block. */
  insert(block: RamBlock): void {
    const at = firstNotBefore(this.blocks, (b) => b.max >= block.max);
    this.blocks.splice(at, 0, block);
    const offset = block.offset % U64;
    const k = firstNotBefore(this.offsets, (o) => o < offset);
    // Candidates above the next lower offset and up to this one now find this offset first.
    const below = k > 0 ? (this.offsets[k - 1] as bigint) : -1n;
    this.offsets.splice(k, 0, offset);
    const from = firstNotBefore(this.byCandidate, (e) => e.candidate <= below);
    const to = firstNotBefore(this.byCandidate, (e) => e.candidate <= offset);
    for (let i = from; i < to; i++) {
      const e = this.byCandidate[i] as Entry;
      if (e.next === offset) continue;
      this.byGap.splice(this.gapIndex(e), 1);
      e.next = offset;
      e.gap = offset - e.candidate;
      this.addByGap(e);
    }
    const candidate = candidateAfter(block, this.align);
    const n = firstNotBefore(this.offsets, (o) => o < candidate);
    const next = n < this.offsets.length ? (this.offsets[n] as bigint) : U64_MAX;
    const entry: Entry = { max: block.max, seq: this.entries.length, candidate, next, gap: next - candidate };
    this.entries.push(entry);
    this.byCandidate.splice(firstNotBefore(this.byCandidate, (e) => e.candidate <= candidate), 0, entry);
    this.addByGap(entry);
  }

  /** The list so far, in ram_list order. */
  list(): RamList {
    return { blocks: this.blocks.slice() };
  }

  private gapIndex(e: Entry): number {
    return firstNotBefore(this.byGap, (x) => byGapThenListOrder(x, e) < 0);
  }

  private addByGap(e: Entry): void {
    this.byGap.splice(this.gapIndex(e), 0, e);
  }
}

