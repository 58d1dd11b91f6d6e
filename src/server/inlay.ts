import type { InlayHint, InlayHintParams, TextDocuments } from 'vscode-languageserver';
import { InlayHintKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisStore } from './store';

/** What to add to the server's capabilities. */
export const inlayHintCapability = { inlayHintProvider: true };

/** textDocument/inlayHint: sizes after ranges, ram_addr and HVA of RAM, absolute ranges of layout regions. */
export function onInlayHints(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return (params: InlayHintParams): InlayHint[] | null => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    // Editors ask again only after an edit or a refresh: a pending analysis is done now, not skipped.
    const a = store.analyze(doc);
    return store.service.inlayHints(a.analysis, params.range.start.line, params.range.end.line).map((h) => ({
      position: { line: h.line, character: h.col },
      label: h.label,
      ...(h.kind === 'size' ? { kind: InlayHintKind.Type } : {}),
      paddingLeft: true,
      ...(h.tooltip ? { tooltip: h.tooltip } : {}),
    }));
  };
}
