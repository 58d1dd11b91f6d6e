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
  const a = store.analyseText(documents.get(p.a.uri), p.a.text);
  const b = store.analyseText(documents.get(p.b.uri), p.b.text);
  const d = store.service.diff(a, b, { a: fileName(p.a.uri), b: fileName(p.b.uri) });
  const differences = d.differences.map((x): WireDifference => ({ ...x, a: x.a ? toRange(x.a) : undefined, b: x.b ? toRange(x.b) : undefined }));
  return { equal: d.equal, comparable: d.comparable, summary: d.summary, differences, notCompared: d.notCompared };
};
