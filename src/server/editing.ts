import type { CompletionItem, CompletionOptions, CompletionParams, PrepareRenameParams, Range, RenameParams, TextDocuments, WorkspaceEdit } from 'vscode-languageserver';
import { CompletionItemKind, CompletionTriggerKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toRange } from './convert';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

const KIND = { keyword: CompletionItemKind.Keyword, region: CompletionItemKind.Reference, attribute: CompletionItemKind.Property, id: CompletionItemKind.Constant, address: CompletionItemKind.Value } as const;

/** Completion opens by itself after `->`, `@`, `$` and the space after `->` or `root`. */
export const completionCapability = (store: AnalysisStore): CompletionOptions => ({ triggerCharacters: [...store.service.completionTriggers] });

function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/**
 * textDocument/completion (layouts): keywords, attributes, region names after `->` and `root`, addresses
 * after `@`. Asked by a trigger character, only what that character starts is answered.
 */
export function onCompletion(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, [], (a, p: CompletionParams, doc): CompletionItem[] => {
    const trigger = p.context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? p.context.triggerCharacter : undefined;
    return store.service.completion(a.analysis, lineText(doc, p.position.line), p.position.line, p.position.character, trigger).map((c) => ({
      label: c.label, kind: KIND[c.kind], detail: c.detail, ...(c.insert ? { insertText: c.insert } : {}), ...(c.sort ? { sortText: c.sort } : {}),
    }));
  });
}

/** textDocument/prepareRename (layouts): the region name or reference under the cursor. */
export function onPrepareRename(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return (p: PrepareRenameParams): Range | null => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const span = store.service.prepareRename(store.analyze(doc).analysis, p.position.line, p.position.character);
    return span ? toRange(span) : null;
  };
}

/** textDocument/rename (layouts): the declaration and every reference that resolves to it. */
export function onRename(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return (p: RenameParams): WorkspaceEdit | null => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const edits = store.service.rename(store.analyze(doc).analysis, p.position.line, p.position.character, p.newName);
    return edits.length ? { changes: { [doc.uri]: edits.map((e) => ({ range: toRange(e.span), newText: e.text })) } } : null;
  };
}
