import type { Span } from './span';
import type { RegionType } from './region-kind';

/** Type words QEMU prints in `(prio P, TYPE)` (see region-kind.ts). */
export type { RegionType } from './region-kind';

/** The QOM object that owns a region or is its parent, as `info mtree -o` prints it. */
export interface ObjectRef {
  /** `dev` for a qdev device, `obj` for any other object. */
  readonly kind: 'dev' | 'obj';
  /** Which identifier QEMU printed: id=, path= or type=. */
  readonly by: 'id' | 'path' | 'type';
  readonly value: string;
}

/** An alias region's target, as printed: `alias NAME @TARGET AOFF-AEND`. */
export interface AliasInfo {
  readonly target: string;
  readonly targetSpan: Span;
  /** alias_offset: first byte of the target that the alias shows. */
  readonly offset: bigint;
  /** Last byte of the target that the alias shows, as printed (inclusive). */
  readonly end: bigint;
}

/** What a tree line and a flat-view line both start with: `START-END (prio P, [nv-]TYPE): NAME`. */
export interface PrintedHead {
  readonly name: string;
  readonly start: bigint;
  readonly size: bigint;
  /** QEMU prints a zero-sized and a one-byte region alike (`X-X`); true when this one is such a line. */
  readonly sizeAmbiguous: boolean;
  readonly priority: number;
  readonly type: RegionType;
  readonly nonvolatile: boolean;
}

/**
 * One MemoryRegion line of an `info mtree` tree (or a region built from a layout).
 * `start` is absolute (QEMU prints parent start + mr->addr), `size` is 0..2^64.
 */
export interface RegionNode extends PrintedHead {
  /** Unique within one capture; stable across re-parses of the same text. */
  readonly id: number;
  /** False when printed with ` [disabled]` (`info mtree -D`). */
  readonly enabled: boolean;
  readonly alias?: AliasInfo;
  readonly owner?: ObjectRef;
  readonly parentObject?: ObjectRef;
  /** `-o` printed ` orphan` (neither owner nor parent). */
  readonly orphan: boolean;
  /** Printed with `[DETECTED OVERFLOW!]`. */
  readonly overflow: boolean;
  /**
   * How many disabled ancestors were left out between this node and the node above it in the text
   * (the indent jumped by more than one level). 0 for ordinary lines.
   */
  readonly hiddenParents: number;
  /**
   * True for a stand-in: the tree's root was disabled and QEMU did not print it (its children were).
   * It carries the section's name, is disabled, and its size is unknown (0).
   */
  readonly notPrinted?: boolean;
  /**
   * Set on a region read from a gdb `dump_memory_region` tree: the dump gives names and ranges only, so
   * `priority`, `type`, `enabled` and `alias` are stand-ins (see GdbRegionFacts), not QEMU's values.
   */
  readonly gdb?: GdbRegionFacts;
  readonly children: readonly RegionNode[];
  /** The whole line's text span. */
  readonly span: Span;
  readonly nameSpan: Span;
  /** The `START-END` span. */
  readonly rangeSpan: Span;
}

/**
 * What a gdb dump tells of a region, and where each stand-in field of its RegionNode came from.
 * QEMU keeps subregions in priority order (later-added first among equals) and the script walks that
 * list, so the print order is the render order: `priority` is 0 for all and the list keeps that order.
 */
export interface GdbRegionFacts {
  /** 1-based position among its siblings in print order (1 = renders first, wins overlaps). */
  readonly rank: number;
  readonly siblings: number;
  /**
   * Where `type` came from: a RAMBlock of that name (`ram`), subregions (`container`), else assumed
   * (`i/o`): gdb prints no type.
   */
  readonly typeFrom: 'ramblock' | 'gpa2hva' | 'subregions' | 'knowledge' | 'assumed';
  /** What QEMU's source makes regions of this name with, when the knowledge base knows it (`alias`, `io`…). */
  readonly known?: string;
  /** The dumped flat view shows this region from an offset its own range does not explain: an alias with this alias_offset. */
  readonly aliasOffset?: bigint;
  /** The dumped views never show it although it would win somewhere by rank: disabled, or an alias or container that shows nothing there. */
  readonly unseen?: boolean;
}
