import type { CodeLens, CodeLensParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ReflattenCommand, ShowMapCommand } from '../protocol';
import { toRange } from './convert';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

/** What to add to the server's capabilities (lenses come with their commands: nothing to resolve). */
export const codeLensCapability = { codeLensProvider: { resolveProvider: false } };

/** textDocument/codeLens: "Reflatten" and "Show map" on address-space and FlatView headers. */
export function onCodeLens(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, null, (a, params: CodeLensParams): CodeLens[] => {
    const uri = params.textDocument.uri;
    return store.service.lenses(a.analysis).map((l) => ({
      range: toRange(l.span),
      command: l.action === 'reflatten'
        ? { title: l.title, command: ReflattenCommand, arguments: [uri] }
        : { title: l.title, command: ShowMapCommand, arguments: [uri, l.space] },
    }));
  });
}
