import type { RegionNode } from '../model/region';
import type { CtorKind, KnownRegion, QemuVersion } from '../knowledge/regions';
import { lookupRegion } from '../knowledge/regions';
import type { Mr, MrKind } from './mr';
import type { FlatRange } from './flatten';
import { pathRegions } from './flatten';

/**
 * Where a fact the `info mtree` text does not print came from:
 * - `flat`: the file's own `info mtree -f` (only regions that terminate show there);
 * - `knowledge`: QEMU's source (the knowledge base) makes every region of this name one way;
 * - `rule`: a structure QEMU guarantees (the root of address space "I/O" is physmem.c's `io`);
 * - `assumed`: nothing settles it; the engine's default, said by a diagnostic on the region's line.
 */
export type Basis = 'flat' | 'knowledge' | 'rule' | 'assumed';

/** How the kind of a region printed as `i/o`, or the read-only flag of an alias, was decided. */
export interface Decision {
  readonly basis: Basis;
  /** The knowledge base's answer for the name, when it has one (for the words of hovers and notes). */
  readonly known?: KnownRegion;
  /** For `rule`: which one. */
  readonly rule?: string;
}

/** What a known name's kinds say of an `i/o` line: `io`, `container`, or undefined (both, or neither). */
function ioOrContainer(known: KnownRegion | undefined): 'io' | 'container' | undefined {
  if (!known) return undefined;
  // Of the constructors, only these print `i/o`: an I/O region, an IOMMU region and a ROM device out of
  // romd mode terminate (they answer where they are), a container does not. RAM, ROM and RAM devices print
  // their own words, aliases `alias`: a name also made that way does not make this line ambiguous.
  const io = known.kinds.has('io') || known.kinds.has('iommu') || known.kinds.has('rom-device');
  // A name the source makes only as a container (or an alias, printed as its target's) never fills holes.
  const container = known.kinds.has('container');
  if (io && !container) return 'io';
  if (container && !io) return 'container';
  return undefined;
}

/**
 * Decides what a region printed as `i/o` is: an I/O region (it shows through the holes between its
 * subregions, and answers where it has none) or a pure container (it renders only its subregions).
 * The file's own flat view settles it; else QEMU's source by name; else a rule QEMU guarantees; else the
 * default (a container when it has subregions, an I/O region when it has none), marked `assumed`.
 */
export function decideIoKind(node: RegionNode, flatNames: ReadonlySet<string> | undefined, version: QemuVersion | undefined, rootOf: string | undefined): { kind: MrKind; decision: Decision } {
  if (flatNames) return { kind: flatNames.has(node.name) ? 'io' : 'container', decision: { basis: 'flat' } };
  const known = lookupRegion(node.name, version);
  const said = ioOrContainer(known);
  if (said) return { kind: said, decision: { basis: 'knowledge', ...(known ? { known } : {}) } };
  // physmem.c: address space "I/O" is rooted at system_io, made with memory_region_init_io as "io".
  if (rootOf === 'I/O' && node.name === 'io') return { kind: 'io', decision: { basis: 'rule', rule: 'the root of address space "I/O" is system_io (memory_region_init_io in physmem.c)', ...(known ? { known } : {}) } };
  return { kind: node.children.length > 0 ? 'container' : 'io', decision: { basis: 'assumed', ...(known ? { known } : {}) } };
}

/**
 * Decides whether an alias is read-only, which `info mtree` does not print: QEMU's source when every
 * constructor of that name sets it one way next to the call; else assumed writable.
 */
export function decideAliasReadonly(node: RegionNode, version: QemuVersion | undefined): { readonly: boolean; decision: Decision } {
  const known = lookupRegion(node.name, version);
  if (known && known.kinds.size === 1 && known.kinds.has('alias') && known.readonly !== undefined) {
    return { readonly: known.readonly, decision: { basis: 'knowledge', known } };
  }
  return { readonly: false, decision: { basis: 'assumed', ...(known ? { known } : {}) } };
}

/** The constructor QEMU's source calls for each kind (the first of each family). */
const CONSTRUCTOR: Record<CtorKind, string> = {
  container: 'memory_region_init', io: 'memory_region_init_io', ram: 'memory_region_init_ram', rom: 'memory_region_init_rom',
  'rom-device': 'memory_region_init_rom_device', alias: 'memory_region_init_alias', iommu: 'memory_region_init_iommu',
  'ram-device': 'memory_region_init_ram_device_ptr',
};

/** In words, for hovers and notes: what decided a fact, e.g. `QEMU's source (memory_region_init_io, hw/rtc/mc146818rtc.c:1234)`. */
export function basisText(d: Decision, kind?: CtorKind): string {
  switch (d.basis) {
    case 'flat':
      return 'the info mtree -f in this file';
    case 'rule':
      return d.rule ?? 'a rule QEMU guarantees';
    case 'knowledge': {
      // The knowledge base keeps the first call site of each (name, kind, facts) per version, and how many there are.
      const sources = d.known?.sources.filter((x) => kind === undefined || x.kind === kind) ?? [];
      const first = sources[0];
      if (!first) return "QEMU's source";
      const calls = Math.max(...sources.map((x) => x.count));
      const versions = [...new Set(sources.flatMap((x) => x.versions))].join(' and ');
      return `QEMU's source (${CONSTRUCTOR[first.kind]}, ${calls === 1 ? 'one call' : `${calls} calls`} in QEMU ${versions}, the first at ${first.file}:${first.line})`;
    }
    case 'assumed':
      return 'assumed: neither the text nor QEMU\'s source settles it';
  }
}

/** What QEMU's source says of a name that it makes several ways, for the notes: ` (… as io and container)`. */
export function kindsText(d: Decision): string {
  return d.known ? ` (QEMU's source makes regions named ${d.known.name} as ${[...d.known.kinds].join(' and ')})` : '';
}

/** The decisions of a machine built from a capture (CaptureMachine's kindBasis, readonlyBasis and, for gdb dumps, each node's facts). */
export interface Decisions {
  readonly kindBasis: ReadonlyMap<Mr, Decision>;
  readonly readonlyBasis: ReadonlyMap<Mr, Decision>;
  readonly nodeOfMr: Pick<ReadonlyMap<Mr, RegionNode>, 'get'>;
}

/** For each of `regions` whose kind or read-only flag was assumed, a sentence saying so (for answers that rest on them). */
export function assumptionsOn(built: Decisions | undefined, regions: Iterable<Mr>): string[] {
  if (!built) return [];
  const out: string[] = [];
  for (const mr of regions) {
    const kind = built.kindBasis.get(mr);
    if (kind?.basis === 'assumed') out.push(`rests on an assumption: ${mr.name} is taken as ${mr.kind === 'io' ? 'an I/O region' : 'a pure container'}, as info mtree prints both as i/o${kindsText(kind)}`);
    const ro = built.readonlyBasis.get(mr);
    if (ro?.basis === 'assumed' && mr.alias) out.push(`rests on an assumption: alias ${mr.name} is taken as writable, as info mtree does not print its read-only flag${kindsText(ro)}`);
    // A gdb dump prints no types: a region typed by nothing, or an alias whose target is not dumped, stands in for what shows.
    const gdb = built.nodeOfMr.get(mr)?.gdb;
    if (gdb && mr.subregions.length === 0 && (gdb.typeFrom === 'assumed' || gdb.known === 'alias')) {
      out.push(`rests on an inference: ${mr.name}'s type is not in the dump${gdb.known ? ` (QEMU's source makes it as ${gdb.known}${gdb.known === 'alias' ? ', whose target is not dumped' : ''})` : ''}; taken as ${mr.kind === 'ram' ? 'RAM' : 'an I/O region'}, so the answer may differ from QEMU's`);
    }
  }
  return out;
}

/** The assumptions a range of a view rests on: those on every region of each of its render paths. */
export function rangeAssumptions(built: Decisions | undefined, r: FlatRange): string[] {
  return assumptionsOn(built, new Set([r.path, ...(r.parts ?? []).map((p) => p.path)].flatMap((p) => pathRegions(p))));
}
