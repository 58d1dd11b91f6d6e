import type { CompletionItem, CompletionParams, PrepareRenameParams, Range, RenameParams, TextDocuments, WorkspaceEdit } from 'vscode-languageserver';
import { CompletionItemKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completeLayout } from '../core/features/completion';
import { prepareRename, renameRegion } from '../core/features/rename';
import { toRange } from './convert';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

const KIND = { keyword: CompletionItemKind.Keyword, region: CompletionItemKind.Reference, attribute: CompletionItemKind.Property, id: CompletionItemKind.Constant } as const;

function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** textDocument/completion (layouts): keywords, attributes, region names after `->` and `root`. */
export function onCompletion(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, [], (a, p: CompletionParams, doc): CompletionItem[] =>
    completeLayout(a.index, lineText(doc, p.position.line), p.position.character).map((c) => ({
      label: c.label, kind: KIND[c.kind], detail: c.detail, ...(c.insert ? { insertText: c.insert } : {}),
    })));
}

/** textDocument/prepareRename (layouts): the region name or reference under the cursor. */
export function onPrepareRename(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return (p: PrepareRenameParams): Range | null => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const span = prepareRename(store.analyze(doc).index, p.position.line, p.position.character);
    return span ? toRange(span) : null;
  };
}

/** textDocument/rename (layouts): the declaration and every reference that resolves to it. */
export function onRename(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return (p: RenameParams): WorkspaceEdit | null => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const edits = renameRegion(store.analyze(doc).index, p.position.line, p.position.character, p.newName);
    return edits.length ? { changes: { [doc.uri]: edits.map((e) => ({ range: toRange(e.span), newText: e.text })) } } : null;
  };
}
