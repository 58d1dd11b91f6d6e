import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import type { AnalysisStore } from './store';

/**
 * Publishes diagnostics after edits settle: each change restarts a short timer, and an analysis whose
 * document changed meanwhile is not published (the newer one will be).
 *
 * The timer runs as long as the document's last analysis took, up to the configured delay: keystrokes
 * typed within that time share one analysis, so the server is at most about half busy while someone
 * types, and a document that analyses in a few milliseconds shows its diagnostics at once.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly delayMs: () => number,
  ) {}

  /** Schedules a (re)analysis of a document. */
  schedule(uri: string, immediately = false): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    const delay = immediately ? 0 : Math.min(this.delayMs(), this.store.lastMs(uri) ?? Infinity);
    this.timers.set(uri, setTimeout(() => this.publish(uri), delay));
  }

  /** Clears a closed document's diagnostics. */
  clear(uri: string): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private publish(uri: string): void {
    this.timers.delete(uri);
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const analysis = this.store.analyze(doc);
    // An edit that arrived while analysing will publish its own result.
    if (this.documents.get(uri)?.version !== version) return;
    void this.connection.sendDiagnostics({ uri, version, diagnostics: analysis.doc.issues.map((i) => toDiagnostic(uri, i)) });
  }
}
