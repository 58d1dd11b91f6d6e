import type { FlatRangeLine } from '../model/capture';
import type { AliasInfo, ObjectRef, PrintedHead, RegionNode, RegionType } from '../model/region';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';
import type { RangeHead, SuffixAt } from './range-head';

/** What tree and flat-view lines both say: the `START-END (prio P, TYPE): NAME` head and the owners. */
type LineHead = PrintedHead & Pick<FlatRangeLine, 'owner' | 'parentObject'>;

/** Where a line's name is, and the line's number and length. */
export interface LineAt {
  readonly line: number;
  readonly lineEnd: number;
  readonly name: string;
  readonly nameCol: number;
}

/**
 * A range line of a printed tree or flat view whose spans are made when asked for, from the columns
 * it keeps: three span objects per line were a third of what a big capture's parse kept in memory.
 * Each read of a span gives a new object (equal, not the same). Made straight from the head and the
 * suffixes the parser has read, not from an object that copies their fields first (a big capture has a
 * hundred thousand such lines).
 */
abstract class PrintedLine implements LineHead {
  readonly name: string;
  readonly start: bigint;
  readonly size: bigint;
  readonly sizeAmbiguous: boolean;
  readonly priority: number;
  readonly type: RegionType;
  readonly nonvolatile: boolean;
  readonly owner: ObjectRef | undefined;
  readonly parentObject: ObjectRef | undefined;
  /** The 0-based line it is written on. */
  readonly line: number;
  private readonly lineEnd: number;
  private readonly rangeCol: number;
  private readonly rangeEndCol: number;
  private readonly nameCol: number;

  /** `size` is the head's unless the parser knows better (an unprogrammed alias window is empty). */
  constructor(head: RangeHead, size: bigint, suffix: SuffixAt, at: LineAt) {
    this.name = at.name;
    this.start = head.start;
    this.size = size;
    // START-END names one byte or none: QEMU prints both as START-START.
    this.sizeAmbiguous = head.last === head.start;
    this.priority = head.priority;
    this.type = head.type;
    this.nonvolatile = head.nonvolatile;
    this.owner = suffix.owner;
    this.parentObject = suffix.parentObject;
    this.line = at.line;
    this.lineEnd = at.lineEnd;
    this.rangeCol = head.rangeCol;
    this.rangeEndCol = head.rangeEndCol;
    this.nameCol = at.nameCol;
  }

  /** The whole line. */
  get span(): Span {
    return lineSpan(this.line, 0, this.lineEnd);
  }

  get nameSpan(): Span {
    return lineSpan(this.line, this.nameCol, this.nameCol + this.name.length);
  }

  /** The `START-END` part. */
  get rangeSpan(): Span {
    return lineSpan(this.line, this.rangeCol, this.rangeEndCol);
  }
}

/** Children of a node that has none yet: shared, and replaced by the node's own list at its first child. */
const NO_CHILDREN: readonly RegionNode[] = Object.freeze([]);

/** A region line of an `info mtree` tree. */
export class PrintedRegion extends PrintedLine implements RegionNode {
  readonly id: number;
  readonly enabled: boolean;
  readonly alias: AliasInfo | undefined;
  readonly orphan: boolean;
  readonly overflow: boolean;
  /** Set when the tree places the node. */
  hiddenParents = 0;
  private kids: RegionNode[] | undefined;

  constructor(id: number, head: RangeHead, size: bigint, suffix: SuffixAt, at: LineAt, enabled: boolean, alias: AliasInfo | undefined, overflow: boolean) {
    super(head, size, suffix, at);
    this.id = id;
    this.enabled = enabled;
    this.alias = alias;
    this.orphan = suffix.orphan;
    this.overflow = overflow;
  }

  /** Most lines are leaves: they share one empty list until a child is added (addChild). */
  get children(): readonly RegionNode[] {
    return this.kids ?? NO_CHILDREN;
  }

  addChild(node: RegionNode): void {
    if (this.kids) this.kids.push(node);
    else this.kids = [node];
  }

  /** The plain node, keys in RegionNode's order (what JSON exports show). */
  toJSON(): RegionNode {
    const { id, name, start, size, sizeAmbiguous, priority, type, nonvolatile, enabled, alias, owner, parentObject, orphan, overflow, children, span, nameSpan, rangeSpan, hiddenParents } = this;
    return {
      id, name, start, size, sizeAmbiguous, priority, type, nonvolatile, enabled,
      ...(alias ? { alias } : {}), ...(owner ? { owner } : {}), ...(parentObject ? { parentObject } : {}),
      orphan, overflow, children, span, nameSpan, rangeSpan, hiddenParents,
    };
  }
}

/** A range line of an `info mtree -f` flat view. */
export class PrintedRange extends PrintedLine implements FlatRangeLine {
  readonly offset: bigint;
  readonly accel: string[];

  constructor(head: RangeHead, suffix: SuffixAt, at: LineAt, offset: bigint, accel: string[]) {
    super(head, head.size, suffix, at);
    this.offset = offset;
    this.accel = accel;
  }

  /** The plain line, keys in FlatRangeLine's order (what JSON exports show). */
  toJSON(): FlatRangeLine {
    const { start, size, sizeAmbiguous, priority, type, nonvolatile, name, offset, owner, parentObject, accel, span, nameSpan, rangeSpan } = this;
    return {
      start, size, sizeAmbiguous, priority, type, nonvolatile, name, offset,
      ...(owner ? { owner } : {}), ...(parentObject ? { parentObject } : {}),
      accel, span, nameSpan, rangeSpan,
    };
  }
}
