import type { CodeAction, CodeActionParams, TextDocuments } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsFor } from '../core/features/actions';
import { toDiagnostic, toRange } from './convert';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

/** textDocument/codeAction: quick fixes for the layout diagnostics in the requested range. */
export function onCodeAction(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, [], (a, p: CodeActionParams, doc): CodeAction[] => {
    const { start, end } = p.range;
    const issues = a.doc.issues.filter((i) => i.span.line <= end.line && i.span.endLine >= start.line);
    return codeActionsFor(a.index, issues).map((x) => ({
      title: x.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(doc.uri, x.issue)],
      ...(x.preferred ? { isPreferred: true } : {}),
      edit: { changes: { [doc.uri]: x.edits.map((e) => ({ range: toRange(e.span), newText: e.text })) } },
    }));
  });
}
