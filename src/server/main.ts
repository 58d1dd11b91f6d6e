import { CodeActionKind, ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConvertRequest, DiffRequest, MapDataRequest, ModelRequest, ReflattenCommand, ReflattenRequest, TranslateRequest } from '../protocol';
import { onCodeAction } from './actions';
import { diffRequest } from './diff';
import { DiagnosticsPublisher } from './diagnostics';
import { completionCapability, onCompletion, onPrepareRename, onRename } from './editing';
import { onFormatting } from './formatting';
import { onHover } from './hover';
import { documentSymbolCapability, onDocumentSymbol } from './symbols';
import { foldingRangeCapability, onFoldingRanges } from './folding';
import { onSemanticTokens, semanticTokensCapability } from './tokens';
import { inlayHintCapability, onInlayHints } from './inlay';
import { codeLensCapability, onCodeLens } from './lens';
import { onDefinition, onReferences } from './navigation';
import { CustomRequests } from './requests';
import { AnalysisStore } from './store';
import { DEFAULT_OPTIONS, analysisLimit, readOptions } from './options';

// Wires the connection (stdio, IPC or a socket, chosen by the command line) to the features.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let options = DEFAULT_OPTIONS;
const store = new AnalysisStore(() => analysisLimit(options));
const diagnostics = new DiagnosticsPublisher(connection, documents, store, () => options.debounceMs);

connection.onInitialize((params) => {
  options = readOptions(params.initializationOptions);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      ...documentSymbolCapability,
      ...foldingRangeCapability,
      ...semanticTokensCapability,
      ...inlayHintCapability,
      ...codeLensCapability,
      definitionProvider: true,
      referencesProvider: true,
      executeCommandProvider: { commands: [ReflattenCommand] },
      completionProvider: completionCapability(store),
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentFormattingProvider: true,
    },
    serverInfo: { name: 'qemu-memmap', version: '0.1.0' },
  };
});

documents.onDidOpen((e) => diagnostics.schedule(e.document.uri, true));
documents.onDidChangeContent((e) => diagnostics.schedule(e.document.uri));
documents.onDidClose((e) => {
  store.forget(e.document.uri);
  diagnostics.clear(e.document.uri);
});
connection.onHover(onHover(documents, store));
connection.onDocumentSymbol(onDocumentSymbol(documents, store));
connection.onFoldingRanges(onFoldingRanges(documents, store));
connection.languages.semanticTokens.on(onSemanticTokens(documents, store));
connection.languages.inlayHint.on(onInlayHints(documents, store));
connection.onCodeLens(onCodeLens(documents, store));
connection.onDefinition(onDefinition(documents, store));
connection.onReferences(onReferences(documents, store));
connection.onCompletion(onCompletion(documents, store));
connection.onPrepareRename(onPrepareRename(documents, store));
connection.onRenameRequest(onRename(documents, store));
connection.onCodeAction(onCodeAction(documents, store));
connection.onDocumentFormatting(onFormatting(documents, store));

const custom = new CustomRequests(documents, store);
connection.onRequest(ModelRequest.method, (p: ModelRequest.Params) => custom.model(p));
connection.onRequest(ReflattenRequest.method, (p: ReflattenRequest.Params) => custom.reflatten(p));
connection.onRequest(TranslateRequest.method, (p: TranslateRequest.Params) => custom.translate(p));
connection.onRequest(MapDataRequest.method, (p: MapDataRequest.Params) => custom.mapData(p));
connection.onRequest(ConvertRequest.method, (p: ConvertRequest.Params) => custom.convert(p));
connection.onRequest(DiffRequest.method, diffRequest(documents, store));
connection.onExecuteCommand((p) => {
  const uri = p.arguments?.[0];
  return p.command === ReflattenCommand && typeof uri === 'string' ? custom.reflatten({ uri }) : null;
});

documents.listen(connection);
connection.listen();
