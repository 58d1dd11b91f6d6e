import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { State } from 'vscode-languageclient/node';
import type { WireModel } from '../protocol';
import { ModelRequest, ContextKeys, DOCUMENT_SELECTOR } from '../protocol';
import { requestWhenRunning } from './server-requests';
import { debounceMs } from './settings';

/**
 * The model of the document the views show: the active editor's when the server serves it; other editors
 * (output, the reflattened views, settings) leave the last one in place. Refreshed on edits, debounced.
 */
export class ModelSource implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WireModel | undefined>();
  /** Fires after the model (or the document) changed. */
  readonly onDidChange = this.changed.event;
  private doc: vscode.TextDocument | undefined;
  private current: WireModel | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: vscode.CancellationTokenSource | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.OutputChannel,
  ) {
    this.disposables.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e?.document)),
      // A language change closes and reopens the document: follow the reopened one.
      vscode.workspace.onDidOpenTextDocument((d) => d === vscode.window.activeTextEditor?.document && this.follow(d)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === this.doc && e.contentChanges.length > 0 && this.schedule()),
      vscode.workspace.onDidCloseTextDocument((d) => d === this.doc && this.closed()),
      // After a restart the server knows the documents again: ask anew.
      client.onDidChangeState((e) => e.newState === State.Running && this.schedule(0)),
    );
    this.follow(vscode.window.activeTextEditor?.document);
  }

  /** The document the views show, if any. */
  get document(): vscode.TextDocument | undefined {
    return this.doc;
  }

  /** Its model, once the server answered (undefined when it has none: not a capture or layout). */
  get model(): WireModel | undefined {
    return this.current;
  }

  /** Asks the server for the shown document's model now; resolves once the views have it. */
  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.inFlight?.cancel();
    this.inFlight?.dispose();
    const cts = new vscode.CancellationTokenSource();
    this.inFlight = cts;
    const doc = this.doc;
    let model: WireModel | undefined;
    if (doc) {
      try {
        // A server not up yet (a reload, a restart) is waited for, not an error.
        model = (await requestWhenRunning<ModelRequest.Result>(this.client, ModelRequest.method, { uri: doc.uri.toString() } satisfies ModelRequest.Params, cts.token)) ?? undefined;
      } catch (e) {
        if (cts.token.isCancellationRequested) return;
        this.log.appendLine(`Could not get the memory model of ${doc.uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // A newer request (another edit, another editor) supersedes this one.
    if (cts.token.isCancellationRequested || doc !== this.doc) return;
    this.set(model);
  }

  /** Starts showing `d` when the server serves it. */
  private follow(d: vscode.TextDocument | undefined): void {
    if (!d || d === this.doc || vscode.languages.match([...DOCUMENT_SELECTOR], d) === 0) return;
    this.doc = d;
    this.schedule(0);
  }

  private closed(): void {
    this.doc = undefined;
    this.inFlight?.cancel();
    this.set(undefined);
    this.follow(vscode.window.activeTextEditor?.document);
  }

  private schedule(delay = Math.max(100, debounceMs())): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private set(model: WireModel | undefined): void {
    // The same version of the same document: views and maps already show it.
    if (model && this.current && model.uri === this.current.uri && model.version === this.current.version) return;
    this.current = model;
    void vscode.commands.executeCommand('setContext', ContextKeys.hasModel, model !== undefined);
    void vscode.commands.executeCommand('setContext', ContextKeys.modelKind, model?.kind);
    void vscode.commands.executeCommand('setContext', ContextKeys.hasBlocks, (model?.blocks.length ?? 0) > 0);
    void vscode.commands.executeCommand('setContext', ContextKeys.hasSpaces, (model?.spaces.length ?? 0) > 0);
    void vscode.commands.executeCommand('setContext', ContextKeys.hasViews, (model?.views.length ?? 0) > 0);
    this.changed.fire(model);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.inFlight?.cancel();
    this.inFlight?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
