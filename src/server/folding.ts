import type { FoldingRange, FoldingRangeParams, TextDocuments } from 'vscode-languageserver';
import { FoldingRangeKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

/** What to add to the server's capabilities. */
export const foldingRangeCapability = { foldingRangeProvider: true };

/** textDocument/foldingRange: sections, groups, region subtrees, views, tables, layout bodies and comment runs. */
export function onFoldingRanges(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, null, (a, _p: FoldingRangeParams): FoldingRange[] =>
    store.service.folding(a.analysis).map((f) => ({ startLine: f.startLine, endLine: f.endLine, kind: f.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region })));
}
