import type { SemanticTokens, SemanticTokensParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { encodeSemanticTokens, semanticTokenLegend } from '../core/service';
import type { AnalysisStore } from './store';

/** What to add to the server's capabilities: the legend and whole-document tokens. */
export const semanticTokensCapability = { semanticTokensProvider: { legend: semanticTokenLegend, full: true } };

/** textDocument/semanticTokens/full: addresses, names, types and keywords of captures and layouts. */
export function onSemanticTokens(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return (params: SemanticTokensParams): SemanticTokens => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { data: [] };
    // Columns come from the text and the analysis together: both must be of this version. An editor
    // asks for tokens again only after the next edit, so a pending analysis is done now, not skipped.
    const a = store.analyze(doc);
    return { data: encodeSemanticTokens(store.service.tokens(a.analysis, doc.getText())) };
  };
}
