import * as vscode from 'vscode';
import type { WireModel } from '../../protocol';
import { Commands } from '../../protocol';
import type { ModelSource } from '../model-source';
import type { Position } from '../reveal';
import { LineIndex } from '../reveal';
import { lookOf } from './labels';
import type { TreeNode } from './model-tree';

/** A tree view over the shown document's model: the subclasses say which nodes; items come from `lookOf`. */
export abstract class ModelTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  /** Fires when the whole tree changed (a new model). */
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private index = new LineIndex([]);
  private uri: vscode.Uri | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(source: ModelSource) {
    this.subscription = source.onDidChange((model) => this.load(model));
    this.load(source.model);
  }

  /** The top-level nodes for a model. */
  protected abstract build(model: WireModel): TreeNode[];

  /** Whether a node starts expanded (the top level, by default). */
  protected expandedByDefault(node: TreeNode): boolean {
    return node.parent === undefined;
  }

  /** The document whose model the tree shows. */
  get documentUri(): vscode.Uri | undefined {
    return this.uri;
  }

  /** The top-level nodes, or a node's children. */
  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.roots;
  }

  /** The parent, for TreeView.reveal. */
  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** The item: label, description, tooltip, codicon, and a click that reveals where the node is written. */
  getTreeItem(node: TreeNode): vscode.TreeItem {
    const look = lookOf(node);
    const state = node.children.length === 0 ? vscode.TreeItemCollapsibleState.None
      : this.expandedByDefault(node) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(look.label, state);
    item.id = node.id;
    item.description = look.description;
    item.tooltip = look.tooltip;
    item.iconPath = new vscode.ThemeIcon(look.icon, look.dimmed ? new vscode.ThemeColor('disabledForeground') : undefined);
    item.contextValue = look.contextValue;
    if (node.range && this.uri) item.command = { command: Commands.revealRange, title: 'Reveal in Editor', arguments: [this.uri, node.range] };
    return item;
  }

  /** The node written at a position of the shown document, to reveal when the cursor moves there. */
  nodeAt(position: Position): TreeNode | undefined {
    return this.index.nodeAt(position);
  }

  private load(model: WireModel | undefined): void {
    this.roots = model ? this.build(model) : [];
    this.index = new LineIndex(this.roots);
    this.uri = model ? vscode.Uri.parse(model.uri) : undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
