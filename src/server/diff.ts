import { describeBlockChange, describeFlatChange, describeRegionChange, describeViewChange, diffDocuments, diffSummary, isEmptyDiff, isIncomparable, notComparedText } from '../core';
import type { DiffRequest, WireDifference } from '../protocol';
import { fileName } from '../protocol';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toRange } from './convert';
import type { AnalysisStore } from './store';

/**
 * qemuMemmap/diff: both texts (whatever the editor has, open or not) compared, each from the open
 * document's analysis when the server has that text, within the size limit otherwise; every change with its places.
 */
export const diffRequest = (documents: TextDocuments<TextDocument>, store: AnalysisStore) => (p: DiffRequest.Params): DiffRequest.Result => {
  const d = diffDocuments(store.analyzeText(documents.get(p.a.uri), p.a.text), store.analyzeText(documents.get(p.b.uri), p.b.text));
  const sides = { a: fileName(p.a.uri), b: fileName(p.b.uri) };
  const at = (x: { span?: Parameters<typeof toRange>[0] } | undefined): WireDifference['a'] => (x?.span ? toRange(x.span) : undefined);
  const differences: WireDifference[] = [
    ...d.regions.map((c): WireDifference => ({ group: 'regions', scope: c.tree, kind: c.kind, ...describeRegionChange(c), a: at(c.a), b: at(c.b) })),
    ...d.views.map((v): WireDifference => ({ group: 'spaces', scope: v.spaces, kind: v.kind, ...describeViewChange(v, sides), a: v.kind === 'removed' ? at(v) : undefined, b: v.kind === 'added' ? at(v) : undefined })),
    ...d.flat.map((c): WireDifference => ({ group: 'flat', scope: c.spaces, kind: c.kind, ...describeFlatChange(c), a: at(c.a), b: at(c.b) })),
    ...d.blocks.map((c): WireDifference => ({ group: 'blocks', scope: '', kind: c.kind, ...describeBlockChange(c), a: at(c.a), b: at(c.b) })),
  ];
  const comparable = !isIncomparable(d);
  return { equal: comparable && isEmptyDiff(d), comparable, summary: diffSummary(d), differences, notCompared: d.notCompared.map(notComparedText) };
};
