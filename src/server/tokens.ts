import type { SemanticTokens, SemanticTokensParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SemanticToken } from '../core/service';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../core/service';
import type { AnalysisStore } from './store';

/** The legend a server announces: the names behind the indices of the encoded data. */
export const semanticTokenLegend: { readonly tokenTypes: string[]; readonly tokenModifiers: string[] } = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

/** LSP's relative encoding: five integers a token (line delta, start delta, length, type index, modifier bits). */
export function encodeSemanticTokens(tokens: readonly SemanticToken[]): number[] {
  const data: number[] = [];
  let line = 0;
  let col = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.col - col : t.col, t.length, TOKEN_TYPES.indexOf(t.type), t.modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0));
    line = t.line;
    col = t.col;
  }
  return data;
}

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
