import type { FoldingRange, FoldingRangeParams, TextDocuments } from 'vscode-languageserver';
import { FoldingRangeKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { foldingRanges } from '../core/features/folding';
import type { AnalysisStore } from './store';

/** What to add to the server's capabilities. */
export const foldingRangeCapability = { foldingRangeProvider: true };

/** textDocument/foldingRange: sections, groups, region subtrees, views, tables, layout bodies and comment runs. */
export function onFoldingRanges(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return (params: FoldingRangeParams): FoldingRange[] | null => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const a = store.forRequest(doc);
    if (!a) return null;
    return foldingRanges(a.doc).map((f) => ({ startLine: f.startLine, endLine: f.endLine, kind: f.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region }));
  };
}
