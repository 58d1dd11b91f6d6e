import type { AnalyzedDocument } from '../document';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';

/** A code lens: where it sits and what it does; the server adds the document's URI to the arguments. */
export interface LensSpec {
  readonly span: Span;
  readonly title: string;
  readonly action: 'reflatten' | 'showMap';
  /** The address space the map shows (showMap only). */
  readonly space?: string;
}

function pair(span: Span, space: string | undefined): LensSpec[] {
  return [
    { span, title: 'Reflatten', action: 'reflatten' },
    ...(space !== undefined ? [{ span, title: 'Show map', action: 'showMap' as const, space }] : []),
  ];
}

/**
 * "Reflatten" and "Show map" on each `info mtree` address-space group header, each `FlatView #N`
 * header and each layout `address-space` line. A group or view shared by several spaces shows the
 * one gpa2hva uses when it is among them, else the first. Linear in the document.
 */
export function codeLenses(doc: AnalyzedDocument): LensSpec[] {
  const out: LensSpec[] = [];
  const pick = (names: readonly string[]): string | undefined => names.find((n) => n === doc.model?.gpaSpace) ?? names[0];
  for (const sec of doc.capture?.sections ?? []) {
    if (sec.kind === 'mtree') {
      for (const g of sec.groups) {
        const header = g.spaces[0];
        if (header) out.push(...pair(header.span, pick(g.spaces.map((s) => s.name))));
      }
    } else if (sec.kind === 'flatview') {
      for (const v of sec.views) out.push(...pair(lineSpan(v.span.line, 0, `FlatView #${v.number}`.length), pick(v.spaces.map((s) => s.name))));
    }
  }
  for (const item of doc.layout?.file.items ?? []) {
    if (item.type === 'space') out.push(...pair(lineSpan(item.span.line, item.span.col, item.span.endLine === item.span.line ? item.span.endCol : item.name.span.endCol), item.name.text));
  }
  return out;
}
