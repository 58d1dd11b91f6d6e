import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './convert';
import { collectGarbage } from './memory';
import type { AnalysisStore } from './store';

/**
 * Publishes diagnostics after edits. An edit after a quiet spell is analysed at once; edits that follow
 * an edit or an analysis closely (typing) wait until they pause, and share one analysis. An analysis
 * whose document changed meanwhile is not published (the newer one will be).
 *
 * "Closely" is as long as the document's last analysis took, up to the configured delay: the server is
 * then at most about half busy while someone types, and a document that analyses in a few milliseconds
 * shows its diagnostics with every keystroke.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents whose pending timer fires at once. */
  private readonly now = new Set<string>();
  /** When each document last changed or finished an analysis (performance.now()). */
  private readonly active = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly store: AnalysisStore,
    private readonly delayMs: () => number,
  ) {}

  /** Schedules a (re)analysis of a document. */
  schedule(uri: string, immediately = false): void {
    // An analysis due now (an open, which also reports a change) analyses the latest text anyway.
    if (this.now.has(uri)) return;
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    const now = performance.now();
    const wait = Math.min(this.delayMs(), this.store.lastMs(uri) ?? Infinity);
    const quiet = old === undefined && now - (this.active.get(uri) ?? -Infinity) >= wait;
    this.active.set(uri, now);
    if (immediately || quiet) this.now.add(uri);
    this.timers.set(uri, setTimeout(() => this.publish(uri), immediately || quiet ? 0 : wait));
  }

  /** Clears a closed document's diagnostics. */
  clear(uri: string): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    this.timers.delete(uri);
    this.now.delete(uri);
    this.active.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private publish(uri: string): void {
    this.timers.delete(uri);
    this.now.delete(uri);
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const analysis = this.store.analyze(doc);
    this.active.set(uri, performance.now());
    // An edit that arrived while analysing will publish its own result.
    if (this.documents.get(uri)?.version !== version) return;
    void this.connection.sendDiagnostics({ uri, version, diagnostics: analysis.doc.issues.map((i) => toDiagnostic(uri, i)) });
    // Then, unless more edits are waiting, build what requests need, so the first hover does not wait for it.
    setImmediate(() => {
      if (this.documents.get(uri)?.version !== version || this.timers.has(uri)) return;
      collectGarbage(doc.getText().length);
      analysis.analysis.warm();
    });
  }
}
