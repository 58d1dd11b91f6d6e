import * as vscode from 'vscode';
import { Commands, fileName } from '../../protocol';
import type { Comparison, DiffNode } from './differences-tree';
import { differenceNodes, sideLabel } from './differences-tree';

const GROUP_ICONS = { regions: 'symbol-namespace', spaces: 'symbol-structure', flat: 'list-flat', blocks: 'database' } as const;

function kindIcon(kind: string): string {
  return kind === 'added' ? 'diff-added' : kind === 'removed' ? 'diff-removed' : 'diff-modified';
}

/** The `qemuMemmap.differences` view: the last comparison, grouped by region tree, flat view and the ram_list. */
export class DifferencesProvider implements vscode.TreeDataProvider<DiffNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DiffNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: DiffNode[] = [];
  private shown: Comparison | undefined;

  /** The comparison the view shows. */
  get comparison(): Comparison | undefined {
    return this.shown;
  }

  /** Shows a comparison (replacing the one shown). */
  show(c: Comparison): void {
    this.shown = c;
    this.roots = differenceNodes(c);
    this.changed.fire(undefined);
  }

  getChildren(node?: DiffNode): DiffNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: DiffNode): DiffNode | undefined {
    return node.parent;
  }

  getTreeItem(node: DiffNode): vscode.TreeItem {
    switch (node.kind) {
      case 'summary': {
        const { a, b, result } = node.comparison;
        const item = new vscode.TreeItem(`${fileName(a)} ↔ ${fileName(b)}`, vscode.TreeItemCollapsibleState.None);
        item.description = result.summary;
        item.tooltip = [`A: ${vscode.Uri.parse(a).fsPath}`, `B: ${vscode.Uri.parse(b).fsPath}`, result.summary, ...result.notCompared.map((n) => `Not compared: ${n}`)].join('\n');
        item.iconPath = new vscode.ThemeIcon(!result.comparable ? 'circle-slash' : result.equal ? 'pass' : 'diff');
        item.contextValue = 'comparison';
        return this.identified(item, node);
      }
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.children.length);
        item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.group]);
        item.contextValue = 'differenceGroup';
        return this.identified(item, node);
      }
      case 'difference': {
        const d = node.difference;
        const item = new vscode.TreeItem(d.label, node.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = d.detail;
        // Plain text: names come from the documents.
        item.tooltip = `${d.kind}: ${d.label}\n${d.detail}`;
        item.iconPath = new vscode.ThemeIcon(kindIcon(d.kind));
        item.contextValue = `difference${d.a ? '.a' : ''}${d.b ? '.b' : ''}`;
        const first = node.children[0];
        if (first?.kind === 'side') item.command = { command: Commands.revealRange, title: 'Open', arguments: [vscode.Uri.parse(first.uri), first.range] };
        return this.identified(item, node);
      }
      case 'side': {
        const item = new vscode.TreeItem(sideLabel(node), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('go-to-file');
        item.contextValue = 'differenceSide';
        item.command = { command: Commands.revealRange, title: 'Open', arguments: [vscode.Uri.parse(node.uri), node.range] };
        return this.identified(item, node);
      }
    }
  }

  private identified(item: vscode.TreeItem, node: DiffNode): vscode.TreeItem {
    item.id = node.id;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
