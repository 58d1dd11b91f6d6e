import * as vscode from 'vscode';
import type { WireModel } from '../protocol';
import { Commands } from '../protocol';
import type { ModelSource } from './model-source';
import { defaultAddressSpace } from './settings';
import { chooseSpace, spaceNames } from './spaces';

/** workspaceState key of the address space picked per document (uri → name). */
const PICKS_KEY = 'qemuMemmap.addressSpaceByDocument';
const MAX_PICKS = 200;

/** The address space map, translate and why use per document, shown in the status bar; a click picks another. */
export class AddressSpaces implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('qemuMemmap.addressSpace', vscode.StatusBarAlignment.Right, 100);
  private readonly picks: Map<string, string>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly source: ModelSource,
  ) {
    this.picks = new Map(Object.entries(state.get<Record<string, string>>(PICKS_KEY, {})));
    this.item.name = 'QEMU Memory: Address Space';
    this.item.command = Commands.selectAddressSpace;
    this.disposables.push(
      this.item,
      source.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('qemuMemmap.map.defaultAddressSpace') && this.update()),
    );
    this.update();
  }

  /** The address space for a document whose model is `model`. */
  spaceFor(uri: vscode.Uri, model: WireModel): string | undefined {
    return chooseSpace(model, this.picks.get(uri.toString()), defaultAddressSpace(uri));
  }

  /** The address space of the document the views show. */
  current(): string | undefined {
    const doc = this.source.document;
    const model = this.source.model;
    return doc && model ? this.spaceFor(doc.uri, model) : undefined;
  }

  /** Sets the shown document's address space to `space`, or asks with a quick pick; resolves to the space chosen. */
  async select(space?: string): Promise<string | undefined> {
    const doc = this.source.document;
    const model = this.source.model;
    if (!doc || !model) {
      void vscode.window.showWarningMessage('Open a QEMU capture or a memory layout to pick an address space.');
      return undefined;
    }
    const names = spaceNames(model);
    const current = this.spaceFor(doc.uri, model);
    let chosen = space;
    if (chosen === undefined) {
      const items = names.map((name) => ({ label: name, description: [name === current ? 'current' : '', name === model.gpaSpace ? 'guest physical memory' : ''].filter(Boolean).join(', ') }));
      chosen = (await vscode.window.showQuickPick(items, { title: 'QEMU Memory: Address Space', placeHolder: 'The address space for the map, translations and "why"' }))?.label;
    }
    if (chosen === undefined || !names.includes(chosen)) return undefined;
    // Most recent last; old documents' picks fall off so the workspace state stays small.
    this.picks.delete(doc.uri.toString());
    this.picks.set(doc.uri.toString(), chosen);
    for (const key of this.picks.keys()) if (this.picks.size > MAX_PICKS) this.picks.delete(key);
    await this.state.update(PICKS_KEY, Object.fromEntries(this.picks));
    this.update();
    return chosen;
  }

  private update(): void {
    const doc = this.source.document;
    const space = this.current();
    if (!doc || space === undefined || vscode.window.activeTextEditor?.document !== doc) {
      this.item.hide();
      return;
    }
    this.item.text = `$(symbol-structure) ${space}`;
    this.item.tooltip = `QEMU Memory: address space "${space}" for the map, translations and "why". Click to pick another.`;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
