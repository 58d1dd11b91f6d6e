import type { FlatRangeLine } from '../model/capture';
import type { AliasInfo, ObjectRef, RegionNode, RegionType } from '../model/region';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';

/** Where the parts of a `START-END (prio P, TYPE): NAME…` line are: columns of its line. */
export interface LineColumns {
  readonly line: number;
  /** The line's length. */
  readonly lineEnd: number;
  readonly rangeCol: number;
  readonly rangeEndCol: number;
  readonly nameCol: number;
}

/** What tree and flat-view lines both say: the `START-END (prio P, TYPE): NAME` head and the owners. */
type LineHead = Pick<FlatRangeLine, 'name' | 'start' | 'size' | 'sizeAmbiguous' | 'priority' | 'type' | 'nonvolatile' | 'owner' | 'parentObject'>;

/**
 * A range line of a printed tree or flat view whose spans are made when asked for, from the columns
 * it keeps: three span objects per line were a third of what a big capture's parse kept in memory.
 * Each read of a span gives a new object (equal, not the same).
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

  constructor(f: LineHead, at: LineColumns) {
    this.name = f.name;
    this.start = f.start;
    this.size = f.size;
    this.sizeAmbiguous = f.sizeAmbiguous;
    this.priority = f.priority;
    this.type = f.type;
    this.nonvolatile = f.nonvolatile;
    this.owner = f.owner;
    this.parentObject = f.parentObject;
    this.line = at.line;
    this.lineEnd = at.lineEnd;
    this.rangeCol = at.rangeCol;
    this.rangeEndCol = at.rangeEndCol;
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

/** What a tree's region line says: a RegionNode without its spans and its place in the tree. */
export type RegionLineFields = Omit<RegionNode, 'span' | 'nameSpan' | 'rangeSpan' | 'children' | 'hiddenParents' | 'notPrinted'>;

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

  constructor(f: RegionLineFields, at: LineColumns) {
    super(f, at);
    this.id = f.id;
    this.enabled = f.enabled;
    this.alias = f.alias;
    this.orphan = f.orphan;
    this.overflow = f.overflow;
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

/** What a flat view's range line says: a FlatRangeLine without its spans. */
export type RangeLineFields = Omit<FlatRangeLine, 'span' | 'nameSpan' | 'rangeSpan'>;

/** A range line of an `info mtree -f` flat view. */
export class PrintedRange extends PrintedLine implements FlatRangeLine {
  readonly offset: bigint;
  readonly accel: string[];

  constructor(f: RangeLineFields, at: LineColumns) {
    super(f, at);
    this.offset = f.offset;
    this.accel = f.accel;
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
