import type { DocumentSymbol, DocumentSymbolParams, TextDocuments } from 'vscode-languageserver';
import { SymbolKind, SymbolTag } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { OutlineKind, OutlineSymbol } from '../core/service';
import { toRange } from './convert';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

/** What to add to the server's capabilities. */
export const documentSymbolCapability = { documentSymbolProvider: { label: 'QEMU memory map' } };

const KIND: Readonly<Record<OutlineKind, SymbolKind>> = {
  package: SymbolKind.Package,
  module: SymbolKind.Module,
  namespace: SymbolKind.Namespace,
  variable: SymbolKind.Variable,
  constant: SymbolKind.Constant,
  interface: SymbolKind.Interface,
  field: SymbolKind.Field,
  array: SymbolKind.Array,
  struct: SymbolKind.Struct,
  event: SymbolKind.Event,
  object: SymbolKind.Object,
  number: SymbolKind.Number,
};

/**
 * Entries deeper than this are listed under their ancestor at this depth: the message is serialised
 * recursively, and a pathological tree must not overflow the stack there.
 */
const MAX_DEPTH = 200;

function convert(s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    detail: s.detail,
    kind: KIND[s.kind],
    range: toRange(s.span),
    selectionRange: toRange(s.selectionSpan),
    ...(s.disabled ? { tags: [SymbolTag.Deprecated] } : {}),
    children: [],
  };
}

/** The outline as LSP symbols, converted iteratively. */
export function toDocumentSymbols(symbols: readonly OutlineSymbol[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const stack: { s: OutlineSymbol; into: DocumentSymbol[]; depth: number }[] = [];
  for (let i = symbols.length - 1; i >= 0; i--) stack.push({ s: symbols[i] as OutlineSymbol, into: out, depth: 0 });
  while (stack.length > 0) {
    const { s, into, depth } = stack.pop() as { s: OutlineSymbol; into: DocumentSymbol[]; depth: number };
    const d = convert(s);
    into.push(d);
    const target = depth < MAX_DEPTH ? (d.children as DocumentSymbol[]) : into;
    for (let i = s.children.length - 1; i >= 0; i--) stack.push({ s: s.children[i] as OutlineSymbol, into: target, depth: depth < MAX_DEPTH ? depth + 1 : depth });
  }
  return out;
}

/** textDocument/documentSymbol: sections, address spaces and region trees for the outline and breadcrumbs. */
export function onDocumentSymbol(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  // Ranges must match the text the editor has: no outline while a big document's analysis is pending.
  return answerFrom(documents, store, null, (a, _p: DocumentSymbolParams, doc): DocumentSymbol[] =>
    toDocumentSymbols(store.service.symbols(a.analysis, doc.getText())));
}
