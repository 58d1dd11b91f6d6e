import { hex0x } from '../../../src/core/model/address';
import type { OffsetFailure, OffsetStep, RamBlock, RamList } from '../../../src/core/engine/ramlist';
import { RAM_OFFSET_ALIGN, findRamOffset, insertBlock } from '../../../src/core/engine/ramlist';

/** The ram_list operations only the tests use, on top of the engine's find_ram_offset and insertion. */

/** A block about to be added: QEMU picks its offset. */
export type NewRamBlock = Omit<RamBlock, 'offset' | 'used'> & { readonly used?: bigint };

/** The outcome of addBlock: the new list and where the block went, or the unchanged list and why not. */
export type AddBlockResult =
  | { readonly ok: true; readonly list: RamList; readonly block: RamBlock; readonly offset: bigint; readonly index: number; readonly steps: readonly OffsetStep[] }
  | { readonly ok: false; readonly reason: OffsetFailure; readonly list: RamList; readonly steps: readonly OffsetStep[] };

/** An empty ram_list. */
export function emptyRamList(): RamList {
  return { blocks: [] };
}

/** ram_block_add: picks the offset with find_ram_offset(max) and links the block in; a failure leaves the list as it was. */
export function addBlock(list: RamList, block: NewRamBlock, align: bigint = RAM_OFFSET_ALIGN): AddBlockResult {
  const found = findRamOffset(list, block.max, align);
  if (!found.ok) return { ok: false, reason: found.reason, list, steps: found.steps };
  const placed: RamBlock = { ...block, used: block.used ?? block.max, offset: found.offset };
  const ins = insertBlock(list, placed);
  return { ok: true, list: ins.list, block: placed, offset: found.offset, index: ins.index, steps: found.steps };
}

/** Unlinks a block by offset (unique) or by name (the first match: several blocks may have the empty name). */
export function removeBlock(list: RamList, key: string | bigint): { list: RamList; removed: RamBlock | undefined } {
  const index = list.blocks.findIndex((b) => (typeof key === 'bigint' ? b.offset === key : b.name === key));
  if (index < 0) return { list, removed: undefined };
  return { list: { blocks: [...list.blocks.slice(0, index), ...list.blocks.slice(index + 1)] }, removed: list.blocks[index] };
}

/** One step as QEMU's log trace backend prints it (trace-events formats of QEMU 7.2 to 10.x). */
export function formatOffsetStep(step: OffsetStep): string {
  if (step.kind === 'chosen') return `find_ram_offset size: ${hex0x(step.size)} @ ${hex0x(step.offset)}`;
  return (
    `find_ram_offset_loop trying size: ${hex0x(step.size)} @ ${hex0x(step.candidate)}, ` +
    `offset: ${hex0x(step.offset)} next: ${hex0x(step.next)} mingap: ${hex0x(step.mingap)}`
  );
}
