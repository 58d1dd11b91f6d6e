import { kindOfTypeWord } from '../model/region-kind';
import type { Capture, FlatViewBlock, Gpa2hvaSection, RamBlockRow, RamBlockSection } from '../model/capture';
import type { Issue } from '../model/issues';
import type { RegionType } from '../model/region';
import type { Span } from '../model/span';
import { regionNameOfBlock } from '../model/block-name';
import type { FlatRange } from './flatten';
import type { AddressSpace } from './machine';
import type { Mr, MrKind } from './mr';
import { makeMr } from './mr';
import type { CaptureMachine } from './from-capture';
import { capturedFlat } from './from-capture';
import { gdbViews } from './gdb-views';
import { reflattenCapture } from './reflatten';
import type { ComputedView } from './views';
import { pushTo } from '../model/arrays';
import { DerivedData } from '../model/derived';

/** Where a region's host address came from. */
export interface HostBase {
  /** HVA of the region's (and its RAMBlock's) byte 0. */
  readonly base: bigint;
  readonly source: 'ramblock' | 'gpa2hva' | 'layout';
  readonly span?: Span;
}

/** Everything translation needs: the views, the RAMBlocks, the host bases and the AS gpa2hva uses. */
export interface MemoryModel {
  readonly views: ComputedView[];
  /** True when the views were recomputed from the tree, false when read from a captured flat view. */
  readonly reflattened: boolean;
  readonly blocks: RamBlockRow[];
  /** Host bases by terminal region name. */
  readonly bases: Map<string, HostBase>;
  /** The address space gpa2hva looks in (the one rooted at system's outermost container). */
  readonly gpaSpace: string | undefined;
  readonly issues: Issue[];
  /** Where each region is written (its name in the tree line or layout declaration). */
  readonly nameSpanOf: ReadonlyMap<Mr, Span>;
  /** For a capture with a tree: the rebuilt machine and its links to the parsed lines. */
  readonly built?: CaptureMachine;
  /**
   * The views recomputed from the tree, when `views` are not those: in a gdb session `views` are the
   * dumped ones named by the tree, and these are what the tree alone gives (Reflatten compares them).
   */
  readonly recomputed?: ComputedView[];
  /** What features derive from the model on first use (placements, indexes by name), kept with it. */
  readonly derived: DerivedData<MemoryModel>;
}

/** What `build` makes of the model, built once per model and dropped with it. */
export function derivedOf<T>(model: MemoryModel, build: (model: MemoryModel) => T): T {
  return model.derived.of(build, model);
}


export { regionNameOfBlock };

const NO_BLOCKS: readonly RamBlockRow[] = [];

/** The model's RAMBlocks whose idstr names this region (`NAME` or `qdev-path/NAME`), in ram_list order (shared: read only). */
export function blocksOfRegion(model: MemoryModel, name: string): readonly RamBlockRow[] {
  return derivedOf(model, blocksByName).get(name) ?? NO_BLOCKS;
}

/** Rows by every name they answer to (the idstr, and each part of it after a `/`). */
function blocksByName(model: MemoryModel): Map<string, RamBlockRow[]> {
  const index = new Map<string, RamBlockRow[]>();
  for (const b of model.blocks) {
    const names = new Set([b.name]);
    for (let i = b.name.indexOf('/'); i >= 0; i = b.name.indexOf('/', i + 1)) names.add(b.name.slice(i + 1));
    for (const n of names) {
      pushTo(index, n, b);
    }
  }
  return index;
}

/** True for regions gpa2hva treats as RAM: RAM, ROM, RAM devices and ROM devices in romd mode. */
export function isRamLike(mr: Mr): boolean {
  return mr.kind === 'ram' || mr.kind === 'ram-device' || (mr.kind === 'rom-device' && mr.romd);
}

/** Stand-in regions for a capture that has a flat view but no tree: one per (name, type). */
function viewsFromFlat(blocks: readonly FlatViewBlock[]): ComputedView[] {
  const regions = new Map<string, Mr>();
  let id = 1;
  const regionFor = (name: string, type: RegionType): Mr => {
    const key = `${type}\n${name}`;
    let mr = regions.get(key);
    if (!mr) {
      // No flat range is a pure container: a stand-in printed `container` (or the ambiguous `i/o`) answers as I/O.
      const kind: MrKind = (type === 'container' ? undefined : kindOfTypeWord(type)) ?? 'io';
      mr = makeMr(id++, name, kind, 0n, 0n, { readonly: type === 'rom', romd: type === 'romd' });
      regions.set(key, mr);
    }
    return mr;
  };
  return blocks.map((v) => {
    const spaces: AddressSpace[] = v.spaces.map((s) => ({ name: s.name, root: undefined, span: s.span }));
    const ranges: FlatRange[] = v.ranges.map((r) => {
      const mr = regionFor(r.name, r.type);
      return { start: r.start, size: r.size, mr, offset: r.offset, readonly: r.type === 'rom', nonvolatile: r.nonvolatile, romd: r.type === 'romd', path: { mr, up: undefined } };
    });
    const root = v.rootName !== undefined ? makeMr(id++, v.rootName, 'container', 0n, 0n) : undefined;
    return { root, spaces, ranges, problems: [] };
  });
}

/**
 * The address space QEMU's gpa2hva searches: the one whose root is the outermost container of the
 * `system` region (AS "memory" on most machines, "cpu-secure-memory-0" on arm virt,secure=on).
 */
export function gpa2hvaSpace(views: readonly ComputedView[]): string | undefined {
  const spaces = views.flatMap((v) => v.spaces);
  for (const as of spaces) {
    const stack = as.root ? [...as.root.subregions] : [];
    while (stack.length > 0) {
      const mr = stack.pop() as Mr;
      if (mr.name === 'system' && !mr.alias) return as.name;
      for (const c of mr.subregions) stack.push(c);
    }
  }
  // Several address spaces share system (memory, cpu-memory-N): name the one QEMU calls "memory".
  const systemRooted = spaces.filter((s) => s.root?.name === 'system');
  return (systemRooted.find((s) => s.name === 'memory') ?? systemRooted[0] ?? spaces.find((s) => s.name === 'memory') ?? spaces[0])?.name;
}

/** The range of a view that contains `addr` (binary search over the sorted ranges). */
export function rangeAt(view: ComputedView, addr: bigint): FlatRange | undefined {
  let lo = 0;
  let hi = view.ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = view.ranges[mid] as FlatRange;
    if (addr < r.start) hi = mid - 1;
    else if (addr >= r.start + r.size) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** The address space of that name, with its root region (undefined when there is none). */
export function spaceNamed(views: readonly ComputedView[], name: string | undefined): AddressSpace | undefined {
  for (const v of views) for (const s of v.spaces) if (s.name === name) return s;
  return undefined;
}

/** The view an address space uses. */
export function viewOf(views: readonly ComputedView[], space: string | undefined): ComputedView | undefined {
  return views.find((v) => v.spaces.some((s) => s.name === space));
}

/**
 * Builds the translation model of a capture: views recomputed from its tree (or, without a tree, read
 * from its flat view), its RAMBlocks, and host bases from the HVA column and from gpa2hva answers.
 */
export function memoryModelFromCapture(c: Capture): MemoryModel | undefined {
  const re = reflattenCapture(c);
  const flat = capturedFlat(c);
  // A gdb session's views are the dumped ones (QEMU's own ranges), named by the dumped tree.
  const dumped = re?.built.fromGdb && c.gdb?.flat ? gdbViews(re.built, c.gdb.flat, re.views) : undefined;
  const views = dumped ?? (re ? re.views : flat ? viewsFromFlat(flat.views) : undefined);
  if (!views) return undefined;
  const blocks = c.sections.filter((s): s is RamBlockSection => s.kind === 'ramblock').flatMap((s) => s.blocks);
  const bases = new Map<string, HostBase>();
  const issues: Issue[] = re ? [...re.issues] : [];
  // A block's region is the idstr without its qdev path; fw_cfg blobs ("/rom@etc/...") are named whole.
  for (const b of blocks) {
    if (b.hva === undefined) continue;
    const name = regionNameOfBlock(b.name);
    if (!bases.has(name)) bases.set(name, { base: b.hva, source: 'ramblock', span: b.span });
  }
  const gpaSpace = gpa2hvaSpace(views);
  const view = viewOf(views, gpaSpace);
  for (const sec of c.sections.filter((s): s is Gpa2hvaSection => s.kind === 'gpa2hva')) {
    for (const a of sec.answers) {
      if (a.result.kind !== 'hva' || !view || bases.has(a.result.region)) continue;
      const r = rangeAt(view, a.gpa);
      if (!r || r.mr.name !== a.result.region) continue;
      bases.set(a.result.region, { base: a.result.hva - (r.offset + a.gpa - r.start), source: 'gpa2hva', span: a.span });
    }
  }
  const nameSpanOf = re ? re.built.nodeOfMr.derive((node) => node.nameSpan) : new Map<Mr, Span>();
  return { views, reflattened: re !== undefined, blocks, bases, gpaSpace, issues, nameSpanOf, derived: new DerivedData(), ...(re ? { built: re.built } : {}), ...(dumped && re ? { recomputed: re.views } : {}) };
}
