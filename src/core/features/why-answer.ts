import type { MemoryModel } from '../engine/memory-model';
import { rangeAt, spaceNamed, viewOf } from '../engine/memory-model';
import { gdbRangeNote } from '../engine/gdb-views';
import { gpa2hva } from '../engine/translate';
import type { WhyResult } from '../engine/why';
import { formatWhy, whyAddress, whyHeadline } from '../engine/why';

/** "Why does this region win here?" as every front end shows it: the headline, what it rests on, the walk. */
export interface WhyAnswer {
  readonly result: WhyResult;
  /** One line naming the winner (for a gdb session: what the dumped view shows). */
  readonly headline: string;
  /** For a gdb session: what the dumped view shows there and what a dump leaves out. */
  readonly gdb: string[];
  /** The facts nothing settled that the answer rests on (assumed kinds, read-only flags, dumped types). */
  readonly assumed: string[];
  /** The render walk, one line per covering region. */
  readonly walk: string[];
}

/** The answer for `addr` in the address space `space`; undefined when that space has no region tree. */
export function whyAnswer(model: MemoryModel, space: string | undefined, addr: bigint): WhyAnswer | undefined {
  const root = spaceNamed(model.views, space)?.root;
  if (!root) return undefined;
  const result = whyAddress(root, addr);
  const view = viewOf(model.views, space);
  const range = view ? rangeAt(view, addr) : undefined;
  return {
    result,
    headline: whyHeadline(result, space, range?.gdb ? range.mr.name : undefined),
    gdb: gdbRangeNote(range),
    assumed: gpa2hva(model, addr, space).assumed,
    walk: formatWhy(result),
  };
}
