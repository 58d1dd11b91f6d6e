import type { CodeAction, CodeActionParams, TextDocuments } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic, toRange } from './convert';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

/** textDocument/codeAction: quick fixes for the layout diagnostics in the requested range. */
export function onCodeAction(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, [], (a, p: CodeActionParams, doc): CodeAction[] => {
    return store.service.actions(a.analysis, p.range.start.line, p.range.end.line).map((x) => ({
      title: x.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(doc.uri, x.issue)],
      ...(x.preferred ? { isPreferred: true } : {}),
      edit: { changes: { [doc.uri]: x.edits.map((e) => ({ range: toRange(e.span), newText: e.text })) } },
    }));
  });
}
