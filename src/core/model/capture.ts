import type { Issue } from './issues';
import type { ObjectRef, PrintedHead, RegionNode } from './region';
import type { Span } from './span';

/** Flags of the `info mtree` command that printed a section, as far as the text shows them. */
export interface MtreeFlags {
  /** `-o`: owners were printed (known when any line carries owner:/parent:/orphan or the prompt said so). */
  readonly owners: boolean;
  /** `-D`: disabled regions were printed (known when any line says [disabled] or the prompt said so). */
  readonly disabled: boolean;
}

/** An `address-space:` header line. */
export interface NamedSpan {
  readonly name: string;
  readonly span: Span;
  readonly nameSpan: Span;
}

/** One group of `address-space:` lines that share a root region, with that region's tree. */
export interface AddressSpaceGroup {
  readonly spaces: NamedSpan[];
  readonly root: RegionNode | undefined;
  readonly span: Span;
}

/** A `memory-region: NAME` section: an alias target printed as its own tree. */
export interface RegionSection {
  readonly name: string;
  readonly nameSpan: Span;
  readonly root: RegionNode | undefined;
  readonly span: Span;
}

/** Output of `info mtree` without -f. */
export interface MtreeSection {
  readonly kind: 'mtree';
  readonly flags: MtreeFlags;
  /** `├──` / `└──` glyph indentation (the upstream tree-drawing proposal) instead of spaces. */
  readonly glyphs: boolean;
  readonly groups: AddressSpaceGroup[];
  readonly regionSections: RegionSection[];
  readonly span: Span;
}

/** ` AS "NAME", root: ROOT[, alias TARGET]` inside a FlatView. */
export interface FlatViewSpace {
  readonly name: string;
  readonly root: string;
  readonly aliasOf?: string;
  readonly span: Span;
  readonly nameSpan: Span;
  readonly rootSpan: Span;
}

/** One printed flat range; its name is the terminal region's (aliases resolved). */
export interface FlatRangeLine extends PrintedHead {
  /** offset_in_region; 0 when QEMU left `@OFFSET` out. */
  readonly offset: bigint;
  readonly owner?: ObjectRef;
  readonly parentObject?: ObjectRef;
  /** Accelerator markers after the name (` kvm`); none under TCG. */
  readonly accel: string[];
  /** Set on a range read from a gdb `dump_flatview`: how its region was told (the dump names none). */
  readonly gdb?: GdbRangeNaming;
  readonly span: Span;
  readonly nameSpan: Span;
  readonly rangeSpan: Span;
}

/** A `#N @START..END NAME [flags]` line of a dispatch dump. */
export interface DispatchSectionLine {
  readonly index: number;
  readonly start: bigint;
  readonly end: bigint;
  /** undefined for `(noname)` (a subpage container). */
  readonly name: string | undefined;
  readonly flags: string[];
  readonly span: Span;
}

/** A pointer in the dispatch node table. */
export type DispatchPtr = { readonly kind: 'nil' } | { readonly kind: 'section'; readonly index: number } | { readonly kind: 'node'; readonly index: number };

/** A row `  0..511  skip=1  ptr=NIL` of one node. */
export interface DispatchEntry {
  readonly from: number;
  readonly to: number;
  readonly skip: number;
  readonly ptr: DispatchPtr;
  readonly span: Span;
}

/** The `-f -d` dispatch dump after a view's ranges. */
export interface Dispatch {
  readonly sections: DispatchSectionLine[];
  readonly bitsPerLevel: number | undefined;
  readonly levels: number | undefined;
  readonly rootPtr: number | undefined;
  readonly rootSkip: number | undefined;
  readonly nodes: { readonly index: number; readonly entries: DispatchEntry[]; readonly span: Span }[];
  readonly span: Span;
}

/** One `FlatView #N` block. */
export interface FlatViewBlock {
  readonly number: number;
  readonly spaces: FlatViewSpace[];
  /** The reduced root; undefined when printed as `(none)` or missing. */
  readonly rootName: string | undefined;
  readonly rootSpan: Span | undefined;
  /** `No rendered FlatView` was printed. */
  readonly unrendered: boolean;
  readonly ranges: FlatRangeLine[];
  readonly dispatch?: Dispatch;
  readonly span: Span;
}

/** Output of `info mtree -f`. */
export interface FlatViewSection {
  readonly kind: 'flatview';
  /** Owners printed (`-o`). */
  readonly owners: boolean;
  readonly views: FlatViewBlock[];
  readonly span: Span;
}

/** One row of `info ramblock`. */
export interface RamBlockRow {
  /** idstr; may be empty. */
  readonly name: string;
  readonly pageSize: bigint;
  /** ram_addr of the block's first byte. */
  readonly offset: bigint;
  readonly used: bigint;
  readonly max: bigint;
  /** Host address of the first byte (QEMU 8.0+ column). */
  readonly hva?: bigint;
  /** RO column (QEMU 8.0+). */
  readonly readonly?: boolean;
  readonly span: Span;
  readonly nameSpan: Span;
}

/** Output of `info ramblock`. */
export interface RamBlockSection {
  readonly kind: 'ramblock';
  /** The HVA and RO columns are present (QEMU 8.0 and newer). */
  readonly hostColumns: boolean;
  readonly blocks: RamBlockRow[];
  readonly span: Span;
}

/** One gpa2hva answer, with the address that was asked when the text shows it. */
export interface Gpa2hvaAnswer {
  readonly gpa: bigint;
  readonly result:
    | { readonly kind: 'hva'; readonly region: string; readonly hva: bigint; readonly regionSpan: Span }
    | { readonly kind: 'not-ram' }
    | { readonly kind: 'unmapped' }
    | { readonly kind: 'error'; readonly text: string };
  readonly span: Span;
  /** Where the question was asked (`(qemu) gpa2hva ADDR` or a leading address column). */
  readonly askSpan?: Span;
}

/** A run of gpa2hva answers. */
export interface Gpa2hvaSection {
  readonly kind: 'gpa2hva';
  readonly answers: Gpa2hvaAnswer[];
  readonly span: Span;
}

/** `find_ram_offset_loop` and `find_ram_offset` trace lines. */
export type TraceStep =
  | {
      readonly kind: 'loop';
      readonly size: bigint;
      readonly candidate: bigint;
      readonly offset: bigint;
      readonly next: bigint;
      readonly mingap: bigint;
      readonly span: Span;
    }
  | { readonly kind: 'chosen'; readonly size: bigint; readonly offset: bigint; readonly span: Span };

/** A run of find_ram_offset trace lines. */
export interface TraceSection {
  readonly kind: 'trace';
  readonly steps: TraceStep[];
  readonly span: Span;
}

/** One entry of gdb's `dump_address_spaces`. */
export interface GdbAddressSpace {
  readonly name: string;
  readonly pointer: bigint | undefined;
  readonly rootPointer: bigint | undefined;
  readonly flatViewPointer: bigint | undefined;
  /** Where the `Root MR` and `FlatView` pointers are written. */
  readonly rootSpan?: Span;
  readonly flatViewSpan?: Span;
  readonly span: Span;
  readonly nameSpan: Span;
}

/** Output of the gdb script `dump_address_spaces`. */
export interface GdbAddressSpacesSection {
  readonly kind: 'gdb-address-spaces';
  readonly spaces: GdbAddressSpace[];
  readonly span: Span;
}

/** A node of gdb's `dump_memory_region` tree: `[START-END]:NAME`, end inclusive. */
export interface GdbRegionNode {
  readonly name: string;
  readonly start: bigint;
  /** Inclusive last address, after the quirks are resolved. */
  readonly last: bigint;
  readonly children: GdbRegionNode[];
  readonly span: Span;
  readonly nameSpan: Span;
}

/** Output of the gdb script `dump_memory_region`. */
export interface GdbMemoryRegionSection {
  readonly kind: 'gdb-memory-region';
  /** The name on the `Dump MemoryRegion:NAME` line. */
  readonly title: string;
  /** The pointer passed to the command when the `(gdb)` line is present, and where it is written. */
  readonly pointer: bigint | undefined;
  readonly pointerSpan?: Span;
  readonly root: GdbRegionNode | undefined;
  readonly span: Span;
}

/** A `[START-END], offset_in_region OFF` line of gdb's `dump_flatview`, end exclusive. */
export interface GdbFlatRange {
  readonly start: bigint;
  /** Exclusive end, after the quirks are resolved. */
  readonly end: bigint;
  readonly offset: bigint;
  readonly span: Span;
}

/** Output of the gdb script `dump_flatview`. */
export interface GdbFlatViewSection {
  readonly kind: 'gdb-flatview';
  readonly pointer: bigint | undefined;
  readonly pointerSpan?: Span;
  readonly ranges: GdbFlatRange[];
  readonly span: Span;
}

/**
 * How a dumped flat range got its region: `exact`, the highest-ranked region covering it whose own
 * range explains the offset; `alias`, a region that covers it and shows it from a larger offset (taken
 * as an alias); `container`, no region without subregions can show it but a container's own range
 * explains the offset (an I/O region showing through its holes); `through`, a region covering it shows
 * it from a smaller offset (an alias onto a container: a subregion of its target starts inside it);
 * `partial`, no region covers the whole range; `none`, none at all.
 */
export interface GdbRangeNaming {
  readonly how: 'exact' | 'alias' | 'container' | 'through' | 'partial' | 'none';
  /** The region the range is named after (none for `none`): one of the dumped tree, or what a gpa2hva answer names. */
  readonly region: RegionNode | undefined;
  /** The dumped region it shows through, when a gpa2hva answer named what shows (an alias and its target). */
  readonly via?: RegionNode;
  /** The regions ranked above the chosen one that cover the range but do not show there. */
  readonly passedOver: readonly string[];
}

/**
 * A gdb session read as the model's own sections: the dumped trees as an `info mtree` tree (address
 * spaces grouped by root pointer; dumps no address space names as `memory-region:` sections) and the
 * dumped views as `info mtree -f`, each range named by the tree. Every stand-in is marked (`gdb`).
 */
export interface GdbModel {
  readonly mtree: MtreeSection;
  readonly flat: FlatViewSection | undefined;
}

/** A block of text that matched no format. */
export interface UnrecognisedSection {
  readonly kind: 'unrecognised';
  readonly span: Span;
}

/** Every kind of section a capture file can hold. */
export type CaptureSection =
  | MtreeSection
  | FlatViewSection
  | RamBlockSection
  | Gpa2hvaSection
  | TraceSection
  | GdbAddressSpacesSection
  | GdbMemoryRegionSection
  | GdbFlatViewSection
  | UnrecognisedSection;

/** A monitor or gdb prompt line (`(qemu) info mtree -f`, `(gdb) dump_flatview 0x…`). */
export interface PromptLine {
  readonly tool: 'qemu' | 'gdb';
  readonly command: string;
  readonly span: Span;
}

/** A `# key: value` line of a capture header. */
export interface HeaderField {
  readonly key: string;
  readonly value: string;
  readonly span: Span;
  readonly valueSpan: Span;
}

/**
 * The header `qemu-memmap capture` writes at the top of a file (`# qemu-memmap capture`, then `# key: value`
 * lines: qemu, target, machine, name, time, command, qmp): where and how the capture was taken.
 */
export interface CaptureHeader {
  readonly fields: HeaderField[];
  readonly span: Span;
}

/** Everything one file tells, in file order, with the issues found while reading it. */
export interface Capture {
  /** The `qemu-memmap capture` header, when the file starts with one. */
  readonly header?: CaptureHeader;
  readonly sections: CaptureSection[];
  readonly prompts: PromptLine[];
  readonly issues: Issue[];
  readonly lineCount: number;
  /** The gdb dumps joined into a model, when the file has gdb dumps and no `info mtree` tree. */
  readonly gdb?: GdbModel;
}

/** The capture's last `info ramblock` table: the ram_list as the capture ends (a churn log holds several). */
export function lastRamBlockTable(c: Capture): RamBlockSection | undefined {
  for (let i = c.sections.length - 1; i >= 0; i--) {
    const s = c.sections[i] as CaptureSection;
    if (s.kind === 'ramblock') return s;
  }
  return undefined;
}
