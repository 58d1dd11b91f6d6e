import { analyzeDocument, describeBlockChange, describeFlatChange, describeRegionChange, describeViewChange, diffDocuments, diffSummary, isEmptyDiff, notComparedText } from '../core';
import type { DiffRequest, WireDifference } from '../protocol';
import { fileName } from '../protocol';
import { toRange } from './convert';

/** qemuMemmap/diff: both texts analysed (whatever the editor has open) and compared; every change with its places. */
export function diffRequest(p: DiffRequest.Params): DiffRequest.Result {
  const d = diffDocuments(analyzeDocument(p.a.text), analyzeDocument(p.b.text));
  const sides = { a: fileName(p.a.uri), b: fileName(p.b.uri) };
  const at = (x: { span?: Parameters<typeof toRange>[0] } | undefined): WireDifference['a'] => (x?.span ? toRange(x.span) : undefined);
  const differences: WireDifference[] = [
    ...d.regions.map((c): WireDifference => ({ group: 'regions', scope: c.tree, kind: c.kind, ...describeRegionChange(c), a: at(c.a), b: at(c.b) })),
    ...d.views.map((v): WireDifference => ({ group: 'spaces', scope: v.spaces, kind: v.kind, ...describeViewChange(v, sides), a: v.kind === 'removed' ? at(v) : undefined, b: v.kind === 'added' ? at(v) : undefined })),
    ...d.flat.map((c): WireDifference => ({ group: 'flat', scope: c.spaces, kind: c.kind, ...describeFlatChange(c), a: at(c.a), b: at(c.b) })),
    ...d.blocks.map((c): WireDifference => ({ group: 'blocks', scope: '', kind: c.kind, ...describeBlockChange(c), a: at(c.a), b: at(c.b) })),
  ];
  return { equal: isEmptyDiff(d), summary: diffSummary(d), differences, notCompared: d.notCompared.map(notComparedText) };
}
