import { ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from './diagnostics';
import { onHover } from './hover';
import { AnalysisStore } from './store';

// Wires the connection (stdio, IPC or a socket, chosen by the command line) to the features.
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const store = new AnalysisStore();
let debounceMs = 150;
const diagnostics = new DiagnosticsPublisher(connection, documents, store, () => debounceMs);

connection.onInitialize((params) => {
  const opts = params.initializationOptions as { debounceMs?: number } | undefined;
  if (typeof opts?.debounceMs === 'number') debounceMs = opts.debounceMs;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
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

documents.listen(connection);
connection.listen();
