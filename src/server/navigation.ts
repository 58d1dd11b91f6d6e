import type { DefinitionParams, Location, ReferenceParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toRange } from './convert';
import type { AnalysisStore } from './store';
import { answerFrom } from './store';

/** textDocument/definition: alias → target, flat range → its region, region ↔ RAMBlock. */
export function onDefinition(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, [], (a, p: DefinitionParams, doc): Location[] =>
    store.service.definition(a.analysis, p.position.line, p.position.character).map((s) => ({ uri: doc.uri, range: toRange(s) })));
}

/** textDocument/references: every alias target, flat range and RAMBlock row that names the region. */
export function onReferences(documents: TextDocuments<TextDocument>, store: AnalysisStore) {
  return answerFrom(documents, store, [], (a, p: ReferenceParams, doc): Location[] =>
    store.service.references(a.analysis, p.position.line, p.position.character, p.context.includeDeclaration).map((s) => ({ uri: doc.uri, range: toRange(s) })));
}
