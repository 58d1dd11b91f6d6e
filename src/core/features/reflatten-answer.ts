import type { AnalyzedDocument } from '../document';
import { diffFlatViews } from '../engine/compare';
import { capturedFlat } from '../engine/from-capture';
import { rangeAssumptions } from '../engine/region-kinds';
import { formatFlatRange, formatFlatViews, spacesKey } from '../engine/views';

/** A document's views recomputed from its region tree, next to the views it captured. */
export interface ReflattenAnswer {
  /** The recomputed views in `info mtree -f` format. */
  readonly text: string;
  /** Per address-space set: lines only the engine printed, lines only the capture printed. */
  readonly differences: { spaces: string; onlyComputed: string[]; onlyCaptured: string[] }[];
  /** False when the document holds no captured flat view to compare with. */
  readonly compared: boolean;
  /** Ranges of the recomputed views that rest on a fact nothing settles (RF001, RF002, RF011), with what was assumed. */
  readonly assumptions: { spaces: string; line: string; notes: string[] }[];
}

/** The reflattened views of a document with a region tree or layout; undefined without one. */
export function reflattenAnswer(doc: AnalyzedDocument): ReflattenAnswer | undefined {
  const model = doc.model;
  if (!model?.reflattened) return undefined;
  const captured = doc.capture && capturedFlat(doc.capture);
  const computed = model.recomputed ?? model.views;
  // A gdb session: the tree's own flatten against the dumped views, priorities and types marked unknown.
  const format = model.built?.fromGdb ? { fromGdb: model.recomputed ? 'recomputed' as const : 'dumped' as const } : {};
  const diffs = captured ? diffFlatViews(computed, captured.views, format) : [];
  const assumptions = computed.flatMap((v) => v.ranges.flatMap((r) => {
    const notes = rangeAssumptions(model.built, r);
    return notes.length > 0 ? [{ spaces: spacesKey(v.spaces), line: formatFlatRange(r, format).trim(), notes }] : [];
  }));
  return {
    assumptions,
    text: formatFlatViews(computed, format),
    differences: diffs.map((d) => ({ spaces: d.key, onlyComputed: d.onlyComputed, onlyCaptured: d.onlyCaptured })),
    compared: captured !== undefined,
  };
}
