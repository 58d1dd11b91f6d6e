import { hex0x } from '../model/address';
import type { RamBlockRow } from '../model/capture';
import type { FlatRange } from './flatten';
import { pathAt, pathRegions } from './flatten';
import type { HostBase, MemoryModel } from './memory-model';
import { blocksOfRegion, derivedOf, isRamLike, rangeAt, viewOf } from './memory-model';
import type { Mr } from './mr';
import { assumptionsOn } from './region-kinds';
import type { ComputedView } from './views';
import { pushTo } from '../model/arrays';

/** Everything known about one guest-physical address, from the address space down to the host. */
export interface Gpa2hvaResult {
  readonly gpa: bigint;
  readonly space: string | undefined;
  /** The outcome, worded as QEMU's three answers; 'unknown-host' when the region is RAM but no host base is known. */
  readonly kind: 'hva' | 'unknown-host' | 'not-ram' | 'unmapped';
  readonly range?: FlatRange;
  /** Root … aliases … terminal region, in render order. */
  readonly chain: Mr[];
  /** Offset inside the terminal region (= inside its RAMBlock for RAM). */
  readonly offset?: bigint;
  readonly block?: RamBlockRow;
  /** Other RAMBlocks whose idstr also names this region. */
  readonly otherBlocks: RamBlockRow[];
  readonly ramAddr?: bigint;
  readonly hva?: bigint;
  readonly base?: HostBase;
  /** Why a fact is missing, in words for people. */
  readonly why: string[];
  /** The facts the text did not print that this answer rests on and nothing settled (RF001, RF002, RF011), in words. */
  readonly assumed: string[];
}

/**
 * The regions of an address space's tree that contain `gpa` (containers followed down, aliases not): where
 * nothing renders, one of them taken as a pure container may be an I/O region that would answer.
 */
function containersAt(root: Mr | undefined, gpa: bigint): Mr[] {
  const out: Mr[] = [];
  const stack: { mr: Mr; base: bigint }[] = root ? [{ mr: root, base: 0n }] : [];
  for (let f = stack.pop(); f && out.length < 64; f = stack.pop()) {
    if (gpa < f.base + f.mr.addr || gpa >= f.base + f.mr.addr + f.mr.size || f.mr.alias || !f.mr.enabled) continue;
    out.push(f.mr);
    for (const c of f.mr.subregions) stack.push({ mr: c, base: f.base + f.mr.addr });
  }
  return out;
}

/** Translates a guest-physical address the way QEMU's gpa2hva does, keeping the whole chain. */
export function gpa2hva(model: MemoryModel, gpa: bigint, space = model.gpaSpace): Gpa2hvaResult {
  const view = viewOf(model.views, space);
  const range = view ? rangeAt(view, gpa) : undefined;
  if (!range) {
    const assumed = assumptionsOn(model.built, containersAt(view?.spaces.find((s) => s.name === space)?.root, gpa));
    return { gpa, space, kind: 'unmapped', chain: [], otherBlocks: [], why: view ? [] : [`no address space named ${space ?? '(none)'}`], assumed };
  }
  const chain = pathRegions(pathAt(range, gpa));
  const assumed = assumptionsOn(model.built, chain);
  const offset = range.offset + (gpa - range.start);
  if (!isRamLike(range.mr)) return { gpa, space, kind: 'not-ram', range, chain, offset, otherBlocks: [], why: [], assumed };
  const why: string[] = [];
  const [block, ...otherBlocks] = blocksOfRegion(model, range.mr.name);
  if (!block) why.push(model.blocks.length === 0 ? 'the capture has no info ramblock, so ram_addr is unknown' : `no RAMBlock is named ${range.mr.name}`);
  if (otherBlocks.length > 0) why.push(`${otherBlocks.length + 1} RAMBlocks end in /${range.mr.name}; the first was used`);
  const ramAddr = block ? block.offset + offset : undefined;
  const base = model.bases.get(range.mr.name);
  if (!base) why.push(`no host base for ${range.mr.name}: add one gpa2hva answer for it (QEMU 7.2's info ramblock has no HVA column), capture with QEMU 8.0+, or give its ramblock a host address in a layout`);
  return {
    gpa, space, kind: base ? 'hva' : 'unknown-host', range, chain, offset,
    ...(block ? { block } : {}), otherBlocks,
    ...(ramAddr !== undefined ? { ramAddr } : {}),
    ...(base ? { base, hva: base.base + offset } : {}),
    why,
    assumed,
  };
}

/** The one-line answer exactly as QEMU's `gpa2hva` prints it (a plain sentence when the host base is unknown). */
export function formatGpa2hva(r: Gpa2hvaResult): string {
  switch (r.kind) {
    case 'hva':
      return `Host virtual address for ${hex0x(r.gpa)} (${r.range?.mr.name ?? ''}) is ${hex0x(r.hva ?? 0n)}`;
    case 'unknown-host':
      return `Host virtual address for ${hex0x(r.gpa)} (${r.range?.mr.name ?? ''}) is unknown: ${r.why.join('; ')}`;
    case 'not-ram':
      return `Memory at address ${hex0x(r.gpa)} is not RAM`;
    case 'unmapped':
      return `No memory is mapped at address ${hex0x(r.gpa)}`;
  }
}

/** One guest-physical address that maps to a host address. */
export interface HvaHit {
  readonly spaces: string[];
  readonly gpa: bigint;
  readonly range: FlatRange;
  readonly offset: bigint;
}

/** Every GPA, in every address space, whose RAM lives at `hva` (no QEMU command does this). */
export function hva2gpa(model: MemoryModel, hva: bigint): { region: string | undefined; offset: bigint | undefined; hits: HvaHit[] } {
  let region: string | undefined;
  let offset: bigint | undefined;
  let bestBase = -1n;
  for (const [name, b] of model.bases) {
    if (hva < b.base) continue;
    const block = blocksOfRegion(model, name)[0];
    if (block) {
      if (hva < b.base + block.max) {
        region = name;
        offset = hva - b.base;
        break;
      }
    } else if (b.base > bestBase) {
      // Without its RAMBlock the region's length is unknown: the nearest base below is the best guess,
      // and the flat ranges below confirm it or find nothing.
      bestBase = b.base;
      region = name;
      offset = hva - b.base;
    }
  }
  const hits: HvaHit[] = [];
  if (region !== undefined && offset !== undefined) {
    for (const { view, range: r } of derivedOf(model, rangesNamed).get(region) ?? []) {
      if (!isRamLike(r.mr) || offset < r.offset || offset >= r.offset + r.size) continue;
      hits.push({ spaces: view.spaces.map((s) => s.name), gpa: r.start + (offset - r.offset), range: r, offset });
    }
  }
  return { region, offset, hits };
}

/** The flat ranges of every view by their region's name, in view and address order. */
function rangesNamed(model: MemoryModel): Map<string, { view: ComputedView; range: FlatRange }[]> {
  const index = new Map<string, { view: ComputedView; range: FlatRange }[]>();
  for (const view of model.views) {
    for (const range of view.ranges) {
      pushTo(index, range.mr.name, { view, range });
    }
  }
  return index;
}
