import type { DocumentFormattingParams, TextDocuments, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisStore } from './store';

/** textDocument/formatting (layouts): the canonical text as one edit; nothing for captures or broken layouts. */
export function onFormatting(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return (p: DocumentFormattingParams): TextEdit[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const formatted = store.service.formatting(store.analyze(doc).analysis, text);
    if (formatted === undefined) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: formatted }];
  };
}
