import type {
  AddressSpaceGroup,
  CaptureSection,
  FlatRangeLine,
  FlatViewBlock,
  FlatViewSection,
  FlatViewSpace,
  GdbAddressSpace,
  GdbFlatViewSection,
  GdbMemoryRegionSection,
  GdbModel,
  GdbRangeNaming,
  GdbRegionNode,
  MtreeSection,
  NamedSpan,
  RegionSection,
} from '../model/capture';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { GdbRegionFacts, RegionNode, RegionType } from '../model/region';
import { hex0x, SIZE_2_64, U64_MAX } from '../model/address';
import { regionNameOfBlock } from '../model/block-name';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';
import { pushAll, pushTo } from '../model/arrays';
import { rankedCover } from './gdb-cover';
import type { CtorKind } from '../knowledge/regions';
import { lookupRegion } from '../knowledge/regions';
import { preorder } from '../model/preorder';

/** A region of a dumped tree as the model reads it: absolute addresses, stand-ins marked. */
interface DerivedRegion extends RegionNode {
  readonly children: DerivedRegion[];
  gdb: GdbRegionFacts;
}

const SIZE_2_32 = 1n << 32n;
/** What an address space is called when no `dump_address_spaces` entry names the tree or view. */
const unnamed = (what: string, pointer: bigint | undefined, title: string): string => `(${what} ${pointer !== undefined ? hex0x(pointer) : title})`;

/** The type words a name QEMU's source makes one way stands for; aliases and IOMMUs print as i/o here (their targets are not dumped). */
const TYPE_OF_KIND: Partial<Record<CtorKind, RegionType>> = { ram: 'ram', rom: 'rom', 'ram-device': 'ramd', io: 'i/o', container: 'container', alias: 'i/o', iommu: 'i/o', 'rom-device': 'i/o' };

/**
 * What a dumped region is, as far as anything tells: subregions make it a container; a RAMBlock of its
 * name makes it RAM; else QEMU's source when it makes every region of the name one way; else unknown
 * (printed as i/o, marked `assumed`).
 */
function leafType(n: GdbRegionNode, ram: ReadonlySet<string>): { type: RegionType; typeFrom: GdbRegionFacts['typeFrom']; known?: string } {
  if (n.children.length > 0) return { type: 'container', typeFrom: 'subregions' };
  if (ram.has(n.name)) return { type: 'ram', typeFrom: 'ramblock' };
  const known = lookupRegion(n.name);
  const kinds = known ? [...known.kinds] : [];
  const only = kinds.length === 1 ? TYPE_OF_KIND[kinds[0] as CtorKind] : undefined;
  if (only) return { type: only, typeFrom: 'knowledge', known: kinds[0] as CtorKind };
  return { type: 'i/o', typeFrom: 'assumed', ...(kinds.length > 0 ? { known: kinds.join(' or ') } : {}) };
}

/**
 * Turns one dumped tree into RegionNodes: children's printed starts are offsets in their parent
 * (`mr->addr`), so each absolute start is the parent's plus the printed one (docs/gdb-dumps.md).
 */
function deriveTree(top: GdbRegionNode, nextId: () => number, ram: ReadonlySet<string>, issues: Issue[]): DerivedRegion {
  const make = (n: GdbRegionNode, start: bigint, depth: number, rank: number, siblings: number, parentSize: bigint): DerivedRegion => {
    let size = n.last - n.start + 1n;
    // The script prints the low 32 bits of START + SIZE - 1: a zero-sized region prints as 4 GiB. Inside a
    // container smaller than that, 4 GiB cannot be (PCI bridge windows that are closed, TSEG while off).
    if (size === SIZE_2_32 && parentSize < SIZE_2_32) {
      size = 0n;
      issues.push(makeIssue('GDB017', n.nameSpan, { name: n.name, parent: hex0x(parentSize) }));
    }
    const { type, typeFrom, known } = leafType(n, ram);
    return {
      id: nextId(), name: n.name, start, size: size > SIZE_2_64 ? SIZE_2_64 : size, sizeAmbiguous: false,
      priority: 0, type, nonvolatile: false, enabled: true, orphan: false, overflow: false, hiddenParents: 0,
      gdb: { rank, siblings, typeFrom, ...(known ? { known } : {}) }, children: [], span: n.span, nameSpan: n.nameSpan,
      rangeSpan: lineSpan(n.span.line, depth * 2, Math.max(depth * 2, n.nameSpan.col - 1)),
    };
  };
  const root = make(top, top.start, 0, 1, 1, SIZE_2_64);
  // Iterative: input controls the depth.
  const work: { g: GdbRegionNode; d: DerivedRegion; depth: number }[] = [{ g: top, d: root, depth: 0 }];
  for (let w = work.pop(); w; w = work.pop()) {
    const kids = w.g.children;
    kids.forEach((k, i) => {
      const child = make(k, (w.d.start + k.start) & U64_MAX, w.depth + 1, i + 1, kids.length, w.d.size);
      w.d.children.push(child);
      work.push({ g: k, d: child, depth: w.depth + 1 });
    });
  }
  return root;
}

/** The dumped view's ranges, each named by the region of `root` that shows there (gdb-cover.ts), with notes. */
function nameRanges(view: GdbFlatViewSection, root: DerivedRegion | undefined, issues: Issue[], shown: Set<RegionNode>): FlatRangeLine[] {
  const named = root ? rankedCover(root, view.ranges) : view.ranges.map(() => undefined);
  const aliasAt = new Map<DerivedRegion, { offset: bigint; span: Span }>();
  const passedOverOnce = new Set<RegionNode>();
  const noted = new Set<RegionNode>();
  let end = 0n;
  return view.ranges.map((r, i) => {
    // QEMU's ranges are sorted and disjoint: one that starts before the last one ended lost its high bits.
    if (r.start < end) issues.push(makeIssue('GDB016', r.span, { start: hex0x(r.start), end: hex0x(r.end), before: hex0x(end) }));
    if (r.end > end) end = r.end;
    const pick = named[i];
    const size = r.end - r.start;
    const region = pick?.region as DerivedRegion | undefined;
    const naming: GdbRangeNaming = { how: pick?.how ?? 'none', region, passedOver: pick?.passedOver.map((p) => p.name) ?? [] };
    const related = region ? [{ span: region.nameSpan, message: `${region.name} (rank ${region.gdb.rank} of ${region.gdb.siblings})` }] : [];
    // Without a tree (GDB008 says so once) nothing names the ranges. Notes that explain a region are said
    // once per region (an I/O region's holes, an alias's windows), on its first range.
    const first = region !== undefined && !noted.has(region);
    if (region) noted.add(region);
    if (root && !pick) {
      issues.push(makeIssue('GDB012', r.span, { start: hex0x(r.start), end: hex0x(r.end), why: 'no region of the dumped tree covers any of it' }));
    } else if (pick?.how === 'partial') {
      issues.push(makeIssue('GDB012', r.span, { start: hex0x(r.start), end: hex0x(r.end), why: `no region of the dumped tree covers all of it; ${pick.region.name} covers its start` }, { related }));
    } else if (pick?.how === 'through' && first) {
      issues.push(makeIssue('GDB018', r.span, { name: pick.region.name, offset: hex0x(r.offset), distance: hex0x(r.start - pick.region.start) }, { related }));
    } else if (pick?.how === 'alias' && region) {
      const offset = (r.offset - (r.start - region.start)) & U64_MAX;
      const before = aliasAt.get(region);
      if (before && before.offset !== offset) {
        issues.push(makeIssue('GDB013', r.span, { name: region.name, offset: hex0x(offset), other: hex0x(before.offset) }, { related: [...related, { span: before.span, message: `alias offset ${hex0x(before.offset)} here` }] }));
      } else if (!before) {
        aliasAt.set(region, { offset, span: r.span });
        region.gdb = { ...region.gdb, aliasOffset: offset };
        issues.push(makeIssue('GDB010', r.span, { name: region.name, offset: hex0x(r.offset), alias: hex0x(offset) }, { related }));
      }
    } else if (pick?.how === 'container' && first) {
      issues.push(makeIssue('GDB011', r.span, { name: pick.region.name }, { related }));
    }
    if (region) shown.add(region);
    for (const p of pick?.passedOver ?? []) {
      if (passedOverOnce.has(p)) continue;
      passedOverOnce.add(p);
      issues.push(makeIssue('GDB014', p.nameSpan, { name: p.name, shown: region?.name ?? '?', start: hex0x(r.start), end: hex0x(r.end) }, { related: [{ span: r.span, message: `the dumped range ${hex0x(r.start)}-${hex0x(r.end)}` }] }));
    }
    const type: RegionType = region ? (region.type === 'container' ? 'i/o' : region.type) : 'i/o';
    return {
      start: r.start, size, sizeAmbiguous: false, priority: 0, type, nonvolatile: false,
      name: region?.name ?? '(unknown)', offset: r.offset, accel: [], gdb: naming,
      span: r.span, nameSpan: r.span, rangeSpan: r.span,
    };
  });
}

/**
 * Reads the gdb dumps of a file as one model, joined by pointer as QEMU's structures are: each address
 * space's `Root MR` is the tree dumped at that pointer and its `FlatView` the view dumped there; address
 * spaces sharing a root form one group, those sharing a view one FlatView. What the dumps leave out is
 * marked on each region and range, and every gap in the session gets an information diagnostic naming
 * the gdb command that would fill it. Returns undefined when the sections hold no gdb dump.
 */
export function gdbModel(sections: readonly CaptureSection[], issues: Issue[]): GdbModel | undefined {
  const { spaces, trees, views, ram } = gdbDumps(sections);
  if (spaces.length === 0 && trees.length === 0 && views.length === 0) return undefined;
  let id = 0;
  const nextId = (): number => ++id;
  const derived = trees.map((sec) => ({ sec, root: deriveTree(sec.root as GdbRegionNode, nextId, ram, issues) }));
  const treeAt = new Map<bigint, DerivedTree>();
  for (const t of derived) if (t.sec.pointer !== undefined && !treeAt.has(t.sec.pointer)) treeAt.set(t.sec.pointer, t);
  const mtree = gdbTree(spaces, derived, treeAt, trees[0]?.span ?? lineSpan(0, 0, 0), issues);
  const { blocks, shown, namingRoots } = gdbFlatViews(spaces, views, treeAt, issues);
  targetsFromAnswers(blocks, sections, derived.map((t) => t.root), mtree.regionSections, nextId, issues);
  // Regions no dumped view shows, in trees a dumped view was named by.
  for (const root of namingRoots) {
    for (const leaf of allOf(root)) if (leaf.children.length === 0 && !shown.has(leaf)) leaf.gdb = { ...leaf.gdb, unseen: true };
  }
  for (const t of derived) sameRangeSiblings(t.root, shown, issues);
  const flat: FlatViewSection | undefined = blocks.length > 0 ? { kind: 'flatview', owners: false, views: blocks, span: blocks[0]?.span as Span } : undefined;
  return { mtree, flat };
}

/** A dumped region tree and the regions derived from it. */
interface DerivedTree {
  readonly sec: GdbMemoryRegionSection;
  readonly root: DerivedRegion;
}

/** The gdb dumps among the sections, and the names of regions known to be RAM (RAMBlocks, gpa2hva answers). */
function gdbDumps(sections: readonly CaptureSection[]): { spaces: GdbAddressSpace[]; trees: GdbMemoryRegionSection[]; views: GdbFlatViewSection[]; ram: Set<string> } {
  const spaces: GdbAddressSpace[] = [];
  const trees: GdbMemoryRegionSection[] = [];
  const views: GdbFlatViewSection[] = [];
  const ram = new Set<string>();
  for (const s of sections) {
    if (s.kind === 'gdb-address-spaces') pushAll(spaces, s.spaces);
    else if (s.kind === 'gdb-memory-region' && s.root) trees.push(s);
    else if (s.kind === 'gdb-flatview') views.push(s);
    else if (s.kind === 'ramblock') for (const b of s.blocks) ram.add(regionNameOfBlock(b.name));
    else if (s.kind === 'gpa2hva') for (const a of s.answers) if (a.result.kind === 'hva') ram.add(a.result.region);
  }
  return { spaces, trees, views, ram };
}

/**
 * The tree of a gdb session as an `info mtree` section: address spaces grouped by root pointer, in dump
 * order (QEMU's creation order), and the trees no address space is rooted at as memory-region sections
 * (or, without dump_address_spaces, as groups of their own). Its span is the first group's, else `fallback`.
 */
function gdbTree(spaces: readonly GdbAddressSpace[], derived: readonly DerivedTree[], treeAt: ReadonlyMap<bigint, DerivedTree>, fallback: Span, issues: Issue[]): MtreeSection {
  const groups: AddressSpaceGroup[] = [];
  const groupOf = new Map<bigint, NamedSpan[]>();
  const usedTrees = new Set<GdbMemoryRegionSection>();
  for (const as of spaces) {
    const named: NamedSpan = { name: as.name, span: as.span, nameSpan: as.nameSpan };
    const ptr = as.rootPointer;
    const shared = ptr !== undefined ? groupOf.get(ptr) : undefined;
    if (shared) {
      shared.push(named);
      continue;
    }
    const tree = ptr !== undefined ? treeAt.get(ptr) : undefined;
    if (tree) usedTrees.add(tree.sec);
    else if (ptr !== undefined) issues.push(makeIssue('GDB007', as.span, { name: as.name, what: 'region tree', pointer: hex0x(ptr), command: `dump_memory_region ${hex0x(ptr)}` }));
    const list = [named];
    if (ptr !== undefined) groupOf.set(ptr, list);
    groups.push({ spaces: list, root: tree?.root, span: tree?.sec.span ?? as.span });
  }
  const regionSections: RegionSection[] = [];
  for (const t of derived) {
    if (usedTrees.has(t.sec)) continue;
    const title = t.sec.title || t.root.name;
    if (spaces.length > 0) {
      // Not an address space's root: a region the session dumped for itself (an alias target, say).
      issues.push(makeIssue('GDB009', t.root.nameSpan, { what: 'region tree', name: title, command: 'dump_address_spaces' }));
      regionSections.push({ name: title, nameSpan: t.root.nameSpan, root: t.root, span: t.sec.span });
      continue;
    }
    // No dump_address_spaces at all: the tree is its own group, under a name that says so, so that it renders.
    groups.push({ spaces: [{ name: unnamed('dump_memory_region', t.sec.pointer, title), span: t.root.span, nameSpan: t.root.nameSpan }], root: t.root, span: t.sec.span });
  }
  return { kind: 'mtree', flags: { owners: false, disabled: true }, glyphs: false, groups, regionSections, span: groups[0]?.span ?? fallback };
}

/**
 * The FlatViews of a gdb session: each dumped view with the address spaces that name it, the regions
 * its ranges show, and the trees that name views (GDB007 for a view no dump shows, GDB008 for one no
 * dumped tree names, GDB009 for one no address space uses).
 */
function gdbFlatViews(spaces: readonly GdbAddressSpace[], views: readonly GdbFlatViewSection[], treeAt: ReadonlyMap<bigint, DerivedTree>, issues: Issue[]): { blocks: FlatViewBlock[]; shown: Set<RegionNode>; namingRoots: Set<DerivedRegion> } {
  const viewAt = new Map<bigint, GdbFlatViewSection>();
  for (const v of views) if (v.pointer !== undefined && !viewAt.has(v.pointer)) viewAt.set(v.pointer, v);
  const spacesOfView = new Map<bigint, GdbAddressSpace[]>();
  for (const as of spaces) {
    if (as.flatViewPointer === undefined) continue;
    pushTo(spacesOfView, as.flatViewPointer, as);
    if (!viewAt.has(as.flatViewPointer) && spacesOfView.get(as.flatViewPointer)?.length === 1) {
      issues.push(makeIssue('GDB007', as.span, { name: as.name, what: 'flat view', pointer: hex0x(as.flatViewPointer), command: `dump_flatview ${hex0x(as.flatViewPointer)}` }));
    }
  }
  const blocks: FlatViewBlock[] = [];
  const shown = new Set<RegionNode>();
  const namingRoots = new Set<DerivedRegion>();
  const seenViews = new Set<GdbFlatViewSection>();
  views.forEach((v, n) => {
    if (seenViews.has(v)) return;
    seenViews.add(v);
    const users = v.pointer !== undefined ? spacesOfView.get(v.pointer) ?? [] : [];
    const rooted = users.find((as) => as.rootPointer !== undefined && treeAt.has(as.rootPointer));
    const tree = rooted?.rootPointer !== undefined ? treeAt.get(rooted.rootPointer) : undefined;
    const fvSpaces: FlatViewSpace[] = users.map((as) => {
      const t = as.rootPointer !== undefined ? treeAt.get(as.rootPointer) : undefined;
      return { name: as.name, root: t ? t.root.name : '(not dumped)', span: as.span, nameSpan: as.nameSpan, rootSpan: as.span };
    });
    if (users.length === 0) {
      const name = unnamed('dump_flatview', v.pointer, String(n));
      fvSpaces.push({ name, root: '(not dumped)', span: v.span, nameSpan: v.span, rootSpan: v.span });
      issues.push(makeIssue('GDB009', v.span, { what: 'flat view', name: v.pointer !== undefined ? hex0x(v.pointer) : '', command: 'dump_address_spaces' }));
    } else if (!tree) {
      issues.push(makeIssue('GDB008', v.span, { spaces: users.map((u) => u.name).join(', ') }));
    }
    if (tree) namingRoots.add(tree.root);
    blocks.push({
      number: n, spaces: fvSpaces, rootName: tree?.root.name, rootSpan: tree?.root.nameSpan, unrendered: v.ranges.length === 0,
      ranges: nameRanges(v, tree?.root, issues, shown), span: v.span,
    });
  });
  return { blocks, shown, namingRoots };
}

/**
 * Siblings printed with the same range (PAM's pam-ram, pam-pci and pam-rom): QEMU enables at most one
 * of such a set, and the dump does not say which. One note per set, on its first member, saying what the
 * dumped view shows of them.
 */
function sameRangeSiblings(root: DerivedRegion, shown: ReadonlySet<RegionNode>, issues: Issue[]): void {
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    const byRange = new Map<string, DerivedRegion[]>();
    for (const c of n.children) {
      pushTo(byRange, `${c.start}:${c.size}`, c);
      stack.push(c);
    }
    for (const set of byRange.values()) {
      if (set.length < 2) continue;
      const first = set[0] as DerivedRegion;
      const visible = set.filter((m) => shown.has(m)).map((m) => m.name);
      const verdict = visible.length > 0
        ? `the dumped view shows ${visible.join(', ')}`
        : 'the dumped view shows none of them here: each is disabled, or the enabled one is an alias onto what shows';
      issues.push(makeIssue('GDB015', first.nameSpan, { names: set.map((m) => m.name).join(', '), start: hex0x(first.start), end: hex0x(first.start + first.size), verdict }, {
        related: set.slice(1).map((m) => ({ span: m.nameSpan, message: `${m.name} (rank ${m.gdb.rank} of ${m.gdb.siblings})` })),
      }));
    }
  }
}

/**
 * gpa2hva answers name the region QEMU finds at a GPA: where the dumped view names another region there
 * (`ram-below-4g` where QEMU answers `pc.ram`), that one is an alias of the answered region, from the
 * offset the view shows. The alias gets its target (the dumped region of that name, else a region made
 * for it, sized by its RAMBlock), and every range it shows at that offset is named after the target,
 * through it. Said on the alias's line (GDB019).
 */
function targetsFromAnswers(blocks: FlatViewBlock[], sections: readonly CaptureSection[], roots: readonly DerivedRegion[], regionSections: RegionSection[], nextId: () => number, issues: Issue[]): void {
  const answers = sections.flatMap((s) => (s.kind === 'gpa2hva' ? s.answers : []));
  if (answers.length === 0) return;
  // gpa2hva looks in the address space "memory" (QEMU's address_space_memory).
  const view = blocks.find((b) => b.spaces.some((s) => s.name === 'memory')) ?? blocks[0];
  if (!view) return;
  const maxOf = new Map<string, bigint>();
  for (const s of sections) if (s.kind === 'ramblock') for (const b of s.blocks) maxOf.set(regionNameOfBlock(b.name), b.max);
  const byName = new Map<string, DerivedRegion[]>();
  for (const root of roots) for (const n of allOf(root)) pushTo(byName, n.name, n);
  const made = new Map<string, DerivedRegion>();
  const retarget = new Map<DerivedRegion, { target: DerivedRegion; offset: bigint }>();
  const inside = new Map<FlatRangeLine, DerivedRegion>();
  for (const a of answers) {
    if (a.result.kind !== 'hva') continue;
    const r = rangeAt(view.ranges, a.gpa);
    const leaf = r?.gdb?.region as DerivedRegion | undefined;
    if (!r || !leaf || leaf.name === a.result.region || leaf.children.length > 0 || retarget.has(leaf) || inside.has(r)) continue;
    const name = a.result.region;
    const found = byName.get(name);
    let target = found?.length === 1 ? found[0] : made.get(name);
    if (!target) {
      target = {
        id: nextId(), name, start: 0n, size: maxOf.get(name) ?? 0n, sizeAmbiguous: false, priority: 0, type: 'ram', nonvolatile: false,
        enabled: true, orphan: false, overflow: false, hiddenParents: 0, gdb: { rank: 1, siblings: 1, typeFrom: 'gpa2hva' }, children: [],
        span: a.span, nameSpan: a.result.regionSpan, rangeSpan: a.result.regionSpan,
      };
      made.set(name, target);
      regionSections.push({ name, nameSpan: a.result.regionSpan, root: target, span: a.span });
    }
    const related = [{ span: a.span, message: `gpa2hva ${hex0x(a.gpa)}: ${name}` }];
    if (r.start - leaf.start > r.offset) {
      // It shows a region inside what it maps (a bridge window: the bus, then the device): this range only.
      inside.set(r, target);
      issues.push(makeIssue('GDB019', r.span, { name: leaf.name, target: name, gpa: hex0x(a.gpa), relation: `${name} lies inside what ${leaf.name} maps` }, { related }));
      continue;
    }
    const offset = r.offset - (r.start - leaf.start);
    retarget.set(leaf, { target, offset });
    (leaf as { alias?: RegionNode['alias'] }).alias = { target: name, targetSpan: a.result.regionSpan, offset, end: offset + leaf.size - 1n };
    issues.push(makeIssue('GDB019', leaf.nameSpan, { name: leaf.name, target: name, gpa: hex0x(a.gpa), relation: `it is taken as an alias of ${name} from offset ${hex0x(offset)}` }, { related }));
  }
  for (const b of blocks) {
    b.ranges.forEach((r, i) => {
      const leaf = r.gdb?.region as DerivedRegion | undefined;
      const within = inside.get(r);
      const to = leaf ? (within ? { target: within, offset: r.offset - (r.start - leaf.start) } : retarget.get(leaf)) : undefined;
      if (!to || !leaf || r.offset - (r.start - leaf.start) !== to.offset) return;
      const synthesized = to.target.gdb.typeFrom === 'gpa2hva';
      // A region made for an answer is as large as its RAMBlock, else as far as the ranges reach into it.
      if (synthesized && r.offset + r.size > to.target.size && !maxOf.has(to.target.name)) (to.target as { size: bigint }).size = r.offset + r.size;
      b.ranges[i] = { ...r, name: to.target.name, type: to.target.type === 'container' ? 'i/o' : to.target.type, gdb: { ...(r.gdb as GdbRangeNaming), region: to.target, via: leaf } };
    });
  }
}

/** Every region of a tree (iterative). */
function allOf(root: DerivedRegion): DerivedRegion[] {
  // Last child first, the order the name lists were built in.
  return preorder([root], (n) => [...n.children].reverse());
}

/** The range of a sorted list that holds `addr` (a view whose numbers the script cut may be out of order: GDB016). */
function rangeAt(ranges: readonly FlatRangeLine[], addr: bigint): FlatRangeLine | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as FlatRangeLine;
    if (addr < r.start) hi = mid - 1;
    else if (addr >= r.start + r.size) lo = mid + 1;
    else return r;
  }
  return undefined;
}
