import type { Hover, HoverParams, TextDocuments } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toRange } from './convert';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

/** textDocument/hover: GPA→HVA chains on addresses, facts on regions, RAMBlocks and answers. */
export function onHover(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, null, (a, params: HoverParams, doc): Hover | null => {
    const { line, character } = params.position;
    const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
    const h = store.service.hover(a.analysis, text, line, character);
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(h.span) } : null;
  });
}
