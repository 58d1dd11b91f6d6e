import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReflattenRequest, SCHEME } from '../protocol';
import { baseName } from './editor';
import type { ReflattenDocument } from './reflatten-text';
import { reflattenDocument } from './reflatten-text';
import { requestWhenRunning } from './server-requests';

/** How long a source document rests after an edit before its open reflattened view is recomputed. */
const REFRESH_DELAY_MS = 400;

/**
 * The read-only `qemu-memmap:` documents holding a capture's or layout's FlatViews recomputed by the
 * server, with the lines that differ from the captured flat view highlighted. The path ends in `.mtree`
 * (the capture grammar colours it); the query is the source document's URI.
 */
export class ReflattenDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a reflattened document should be read again. */
  readonly onDidChange = this.changed.event;
  private readonly contents = new Map<string, ReflattenDocument>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly added = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly removed = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.OutputChannel,
  ) {
    this.disposables = [
      this.changed, this.added, this.removed,
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, this),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme === SCHEME) this.decorateDocument(e.document);
        else this.sourceChanged(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === SCHEME && this.contents.delete(d.uri.toString())),
    ];
  }

  /** The reflattened document of a source document. */
  static uriFor(source: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: SCHEME, path: `/${baseName(source)} (reflattened).mtree`, query: source.toString() });
  }

  /** Asks the server for the views of the source document named in the query. */
  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const source = vscode.Uri.parse(uri.query);
    let doc: ReflattenDocument;
    try {
      // Reopened documents ask while the server is still starting (a window reload): wait for it.
      const result = (await requestWhenRunning<ReflattenRequest.Result | null>(this.client, ReflattenRequest.method, { uri: source.toString() } satisfies ReflattenRequest.Params, token)) ?? null;
      doc = result
        ? reflattenDocument(baseName(source), result)
        : { text: `# ${baseName(source)} has no region tree to reflatten: open an info mtree capture or a memory layout (and keep it open).\n`, added: [], removed: [] };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.appendLine(`Reflattening ${source.toString()} failed: ${message}`);
      doc = { text: `# Reflattening ${baseName(source)} failed: ${message}\n`, added: [], removed: [] };
    }
    this.contents.set(uri.toString(), doc);
    return doc.text;
  }

  /** Opens (or recomputes) the reflattened views of `source` beside the active editor; resolves to their editor. */
  async show(source: vscode.Uri): Promise<vscode.TextEditor> {
    const uri = ReflattenDocuments.uriFor(source);
    // An open one shows an older answer: read it again.
    if (this.contents.has(uri.toString())) this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    this.decorate(editor);
    return editor;
  }

  /** The highlighted lines of an open reflattened document (for tests and the decorations). */
  linesOf(uri: vscode.Uri): { added: number[]; removed: number[] } | undefined {
    const doc = this.contents.get(uri.toString());
    return doc && { added: doc.added, removed: doc.removed };
  }

  private decorateDocument(d: vscode.TextDocument): void {
    for (const e of vscode.window.visibleTextEditors) if (e.document === d) this.decorate(e);
  }

  private decorate(editor: vscode.TextEditor): void {
    const doc = editor.document.uri.scheme === SCHEME ? this.contents.get(editor.document.uri.toString()) : undefined;
    if (!doc) return;
    const lines = (list: number[]): vscode.Range[] => list.filter((l) => l < editor.document.lineCount).map((l) => new vscode.Range(l, 0, l, 0));
    editor.setDecorations(this.added, lines(doc.added));
    editor.setDecorations(this.removed, lines(doc.removed));
  }

  /** Recomputes, after a pause, the open reflattened document of an edited source. */
  private sourceChanged(source: vscode.Uri): void {
    const uri = ReflattenDocuments.uriFor(source);
    const key = uri.toString();
    if (!this.contents.has(key)) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.changed.fire(uri);
    }, REFRESH_DELAY_MS));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
