/**
 * The memory-map webview's host: one panel per document and address space, a strict CSP with a fresh nonce,
 * data sent only by postMessage (never in the HTML), and a serializer that restores panels after a reload.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { MapDataRequest, WireRange } from '../../protocol';
import { mapHtml } from '../../webview/html';
import type { ExportMessage, HostMessage } from '../../webview/messages';
import { isMapViewState, isViewMessage } from '../../webview/messages';

/** The memory-map panel's view type (package.json needs `onWebviewPanel:qemuMemmap.map` for restoring). */
export const MapViewType = 'qemuMemmap.map';

/** Where one document's map gets its data and sends reveals: the client builds one per document. */
export interface MapSource {
  request(space?: string): Promise<MapDataRequest.Result | null>;
  reveal(range: WireRange): void;
}

/** One open map panel: a document, the address space it shows, and its webview. */
class MapPanel {
  private seq = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri | undefined,
    public space: string | undefined,
    private readonly source: MapSource,
    extensionUri: vscode.Uri,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = renderHtml(panel.webview, extensionUri);
    this.retitle();
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Fetches the data of `space` and posts it; an older answer arriving late is dropped. */
  async load(space = this.space): Promise<void> {
    const seq = ++this.seq;
    let message: HostMessage;
    try {
      const result = await this.source.request(space);
      message = { type: 'data', uri: this.uri?.toString(), result };
      if (result?.space !== undefined) this.space = result.space;
    } catch (e) {
      message = { type: 'data', uri: this.uri?.toString(), result: null, error: `Could not get the map: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (seq !== this.seq || !openPanels.has(this)) return;
    this.retitle();
    await this.panel.webview.postMessage(message);
  }

  private receive(m: unknown): void {
    if (!isViewMessage(m)) return;
    switch (m.type) {
      case 'ready':
        // Sent on every (re)load: panels are not retained while hidden, so the data is sent again.
        void this.load();
        break;
      case 'chooseSpace':
        void this.load(m.space);
        break;
      case 'reveal':
        this.source.reveal(m.range);
        break;
      case 'export':
        void savePicture(m, this.uri).then(undefined, (e: unknown) => void vscode.window.showErrorMessage(`Could not save the picture: ${e instanceof Error ? e.message : String(e)}`));
        break;
    }
  }

  private retitle(): void {
    const doc = this.uri ? ` — ${this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1)}` : '';
    this.panel.title = `Memory Map: ${this.space ?? 'default'}${doc}`;
  }

  dispose(): void {
    if (!openPanels.delete(this)) return;
    this.seq++;
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/**
 * Asks where to save a picture the map exported and writes it there (webviews cannot download: their CSP
 * blocks it and VS Code gives them no file system). Beside the document by default.
 */
export async function savePicture(m: ExportMessage, document: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const folder = document && document.scheme === 'file' ? vscode.Uri.joinPath(document, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, m.name) : undefined,
    filters: m.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    title: m.format === 'svg' ? 'Export the memory map as SVG' : 'Export the memory map as PNG',
  });
  if (!target) return undefined;
  const bytes = m.format === 'svg' ? new TextEncoder().encode(m.data) : Buffer.from(m.data, 'base64');
  await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}

const openPanels = new Set<MapPanel>();
let cleanupRegistered = false;

/** Closes every panel when the extension deactivates (registered once, on first use). */
function registerCleanup(context: vscode.ExtensionContext): void {
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  context.subscriptions.push({
    dispose: () => {
      for (const p of [...openPanels]) p.dispose();
      cleanupRegistered = false;
    },
  });
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The page with a fresh nonce each time: a nonce that never repeats cannot be guessed from an earlier page. */
function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return mapHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(18).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'map.css')).toString(),
  });
}

/**
 * Opens the memory map of one document in one address space, or reveals the panel already showing it
 * (with no space given, any panel of the document). `uri` names the document so that panels can be
 * matched and restored after a reload; without it, the active editor's document is assumed.
 */
export function showMapPanel(
  context: vscode.ExtensionContext,
  request: (space?: string) => Promise<MapDataRequest.Result | null>,
  reveal: (range: WireRange) => void,
  space?: string,
  uri: vscode.Uri | undefined = vscode.window.activeTextEditor?.document.uri,
): void {
  registerCleanup(context);
  const key = uri?.toString();
  const open = [...openPanels].find((p) => p.uri?.toString() === key && (space === undefined || p.space === space));
  if (open) {
    open.panel.reveal(undefined, true);
    return;
  }
  const panel = vscode.window.createWebviewPanel(MapViewType, 'Memory Map', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
    ...webviewOptions(context.extensionUri),
    retainContextWhenHidden: false,
  });
  openPanels.add(new MapPanel(panel, uri, space, { request, reveal }, context.extensionUri));
}

/**
 * Restores map panels after VS Code reloads: the webview's saved state names the document and space, and
 * `sourceFor` (the client's) gives that document's data source, or undefined when it cannot (the panel closes).
 * Call once during activation.
 */
export function registerMapSerializer(
  context: vscode.ExtensionContext,
  sourceFor: (uri: vscode.Uri) => MapSource | undefined | Thenable<MapSource | undefined>,
): void {
  registerCleanup(context);
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(MapViewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const saved = isMapViewState(state) ? state : undefined;
        const uri = saved?.uri ? vscode.Uri.parse(saved.uri, true) : undefined;
        const source = uri ? await sourceFor(uri) : undefined;
        if (!source) {
          panel.dispose();
          return;
        }
        openPanels.add(new MapPanel(panel, uri, saved?.space, source, context.extensionUri));
      },
    }),
  );
}

/** Reloads the data of every open map of `uri` (or of every map), e.g. after the document changed. */
export function refreshMapPanels(uri?: vscode.Uri): void {
  for (const p of openPanels) {
    if (!uri || p.uri?.toString() === uri.toString()) void p.load();
  }
}
