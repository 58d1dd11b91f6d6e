import type { AnalyzedDocument } from '../document';
import { diffDocuments } from '../diff/diff';
import type { DiffSides } from '../diff/format';
import { describeBlockChange, describeFlatChange, describeRegionChange, describeViewChange, notComparedText, summary } from '../diff/format';
import { isEmptyDiff, isIncomparable } from '../diff/types';
import type { Span } from '../model/span';

/** One difference between two documents, in words, with where it is written on each side. */
export interface DiffEntry {
  /** Which list it belongs to. */
  readonly group: 'regions' | 'spaces' | 'flat' | 'blocks';
  /** The region tree or the address spaces it is in (empty for RAMBlocks). */
  readonly scope: string;
  /** `added`, `removed`, `changed`; for flat ranges `owner`, `offset` or `attributes` instead of `changed`. */
  readonly kind: string;
  /** What it is about: a region's path, a GPA range, address spaces, a RAMBlock's name. */
  readonly label: string;
  /** What happened, in words. */
  readonly detail: string;
  /** Where it is written in A and in B (undefined on the side that lacks it). */
  readonly a: Span | undefined;
  readonly b: Span | undefined;
}

/** The semantic diff of two documents as a front end lists it. */
export interface DiffAnswer {
  /** Something was compared and nothing differs. */
  readonly equal: boolean;
  /** False when the two share nothing to compare. */
  readonly comparable: boolean;
  /** `N region changes, …`, `No differences`, or `Not comparable: …`. */
  readonly summary: string;
  readonly differences: DiffEntry[];
  /** Parts a side could not provide, in words. */
  readonly notCompared: string[];
}

/** Compares two analysed documents; `sides` names them in the words of the differences. */
export function diffAnswer(a: AnalyzedDocument, b: AnalyzedDocument, sides: DiffSides): DiffAnswer {
  const d = diffDocuments(a, b);
  const at = (x: { span?: Span } | undefined): Span | undefined => x?.span;
  const differences: DiffEntry[] = [
    ...d.regions.map((c): DiffEntry => ({ group: 'regions', scope: c.tree, kind: c.kind, ...describeRegionChange(c), a: at(c.a), b: at(c.b) })),
    ...d.views.map((v): DiffEntry => ({ group: 'spaces', scope: v.spaces, kind: v.kind, ...describeViewChange(v, sides), a: v.kind === 'removed' ? at(v) : undefined, b: v.kind === 'added' ? at(v) : undefined })),
    ...d.flat.map((c): DiffEntry => ({ group: 'flat', scope: c.spaces, kind: c.kind, ...describeFlatChange(c), a: at(c.a), b: at(c.b) })),
    ...d.blocks.map((c): DiffEntry => ({ group: 'blocks', scope: '', kind: c.kind, ...describeBlockChange(c), a: at(c.a), b: at(c.b) })),
  ];
  const comparable = !isIncomparable(d);
  return { equal: comparable && isEmptyDiff(d), comparable, summary: summary(d), differences, notCompared: d.notCompared.map(notComparedText) };
}
