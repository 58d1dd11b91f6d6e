import * as path from 'node:path';
import * as vscode from 'vscode';
import { Views } from '../../protocol';
import type { ModelSource } from '../model-source';
import { rangeContains } from '../reveal';
import type { TreeNode } from './model-tree';
import { AddressSpacesProvider } from './address-spaces';
import { FlatViewProvider } from './flat-view';
import { RamBlocksProvider } from './ram-blocks';
import type { ModelTreeProvider } from './tree-provider';

/** The three tree data providers, as the extension's API hands them to tests. */
export interface ViewProviders {
  readonly addressSpaces: AddressSpacesProvider;
  readonly flatView: FlatViewProvider;
  readonly ramBlocks: RamBlocksProvider;
}

/** How long the cursor rests before the views follow it. */
const CURSOR_DELAY_MS = 150;

/** Reveals (selects, without focusing) the node written where the cursor is, in each visible view. */
function followCursor(pairs: readonly [ModelTreeProvider, vscode.TreeView<TreeNode>][], editor: vscode.TextEditor, log: vscode.OutputChannel): void {
  const position = editor.selection.active;
  for (const [provider, view] of pairs) {
    if (!view.visible || provider.documentUri?.toString() !== editor.document.uri.toString()) continue;
    // The selected node may be one of several written on this line (a region's flat ranges): keep it.
    const selected = view.selection[0]?.range;
    if (selected && rangeContains(selected, position)) continue;
    const node = provider.nodeAt(position);
    if (!node) continue;
    view.reveal(node, { select: true, focus: false }).then(undefined, (e: unknown) => log.appendLine(`Could not reveal ${node.id}: ${String(e)}`));
  }
}

/** What each view has selected, by the provider's name (the integration suite reads it). */
export type ViewSelection = (view: keyof ViewProviders) => readonly TreeNode[];

/** Creates the three views of the "QEMU Memory" container; they follow the shown document and the cursor. */
export function registerViews(source: ModelSource, log: vscode.OutputChannel): { providers: ViewProviders; selection: ViewSelection; disposables: vscode.Disposable[] } {
  const providers: ViewProviders = {
    addressSpaces: new AddressSpacesProvider(source),
    flatView: new FlatViewProvider(source),
    ramBlocks: new RamBlocksProvider(source),
  };
  const pairs: [ModelTreeProvider, vscode.TreeView<TreeNode>][] = [
    [providers.addressSpaces, vscode.window.createTreeView(Views.addressSpaces, { treeDataProvider: providers.addressSpaces, showCollapseAll: true })],
    [providers.flatView, vscode.window.createTreeView(Views.flatView, { treeDataProvider: providers.flatView, showCollapseAll: true })],
    [providers.ramBlocks, vscode.window.createTreeView(Views.ramBlocks, { treeDataProvider: providers.ramBlocks })],
  ];
  // Each view's description names the document it shows: the views stay on it while other editors are active.
  const describe = (): void => {
    const name = source.model ? path.posix.basename(vscode.Uri.parse(source.model.uri).path) : undefined;
    for (const [, view] of pairs) view.description = name;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const disposables: vscode.Disposable[] = [
    ...Object.values(providers),
    ...pairs.map(([, view]) => view),
    source.onDidChange(describe),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      clearTimeout(timer);
      timer = setTimeout(() => followCursor(pairs, e.textEditor, log), CURSOR_DELAY_MS);
    }),
    { dispose: () => clearTimeout(timer) },
  ];
  describe();
  const viewOf = new Map<ModelTreeProvider, vscode.TreeView<TreeNode>>(pairs);
  return { providers, selection: (name) => viewOf.get(providers[name])?.selection ?? [], disposables };
}
