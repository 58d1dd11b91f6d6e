/// <reference types="mocha" />
// "Compare Two Captures" in a real extension host: the command on two example captures (a real pc
// machine before and after a memory hotplug), the Differences view's tree, and opening each side.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { checkpoint, labelOf, workspaceFile } from './helpers';

const EXTENSION_ID = 'qemu-memmap.qemu-memmap';

/** The part of a Differences node the suite reads (src/client/views/differences-tree.ts). */
interface Node {
  kind: 'summary' | 'group' | 'difference' | 'side';
  children: Node[];
  side?: 'a' | 'b';
}

/** What the client's activate() returns, as far as this suite uses it. */
interface Api {
  differences: vscode.TreeDataProvider<Node> & { comparison?: { a: string; b: string; result: { summary: string; equal: boolean } } };
}

const before = workspaceFile('captures', 'pc-hotplug-before-qemu72.txt');
const after = workspaceFile('captures', 'pc-hotplug-after-qemu72.txt');

/** Labels and descriptions of nodes, as the view shows them. */
async function looks(provider: vscode.TreeDataProvider<Node>, nodes: Node[]): Promise<{ label: string; description: string }[]> {
  return Promise.all(nodes.map(async (n) => {
    const item = await provider.getTreeItem(n);
    return { label: labelOf(item), description: typeof item.description === 'string' ? item.description : '' };
  }));
}

/** Runs a tree item's click command (it resolves once the editor shows the range) and returns that editor. */
async function click(item: vscode.TreeItem, uri: vscode.Uri): Promise<vscode.TextEditor> {
  assert.ok(item.command, `${labelOf(item)} has a click command`);
  await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
  const editor = vscode.window.activeTextEditor;
  assert.equal(editor?.document.uri.toString(), uri.toString());
  return editor;
}

suite('Compare Two Captures', () => {
  let api: Api;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    api = await ext.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the command compares two files and the Differences view lists exactly the hotplug', async () => {
    const result = await vscode.commands.executeCommand<{ result: { summary: string; equal: boolean } } | undefined>('qemu-memmap.compareCaptures', before, after);
    assert.equal(result?.result.summary, '1 region change, 2 flat-view ranges changed, 1 RAMBlock change');
    const provider = api.differences;
    const roots = (await provider.getChildren()) ?? [];
    const top = await looks(provider, roots);
    assert.deepEqual(top.map((l) => l.label), [
      'pc-hotplug-before-qemu72.txt ↔ pc-hotplug-after-qemu72.txt',
      'Regions of cpu-memory-0, memory',
      'Flat view of cpu-memory-0, memory',
      'Flat view of cpu-smm-0',
      'RAMBlocks',
    ]);
    assert.equal(top[0]?.description, result?.result.summary);
    const regions = await looks(provider, roots[1]?.children ?? []);
    assert.deepEqual(regions, [{ label: 'system › device-memory › mem1', description: '0000000100000000-000000010fffffff (prio 0, ram)' }]);
    const blocks = await looks(provider, roots[4]?.children ?? []);
    assert.deepEqual(blocks.map((b) => b.label), ['mem1']);
  });

  test('a difference opens where it is written: the added region in B, and after swapping the sides, in A', async () => {
    const provider = api.differences;
    const region = (await provider.getChildren())?.[1]?.children[0];
    assert.ok(region);
    const sides = await looks(provider, region.children);
    assert.deepEqual(sides.map((s) => s.label), ['B: pc-hotplug-after-qemu72.txt:143']);
    const editor = await click(await provider.getTreeItem(region.children[0] as Node), after);
    assert.equal(editor.selection.start.line, 142);
    assert.equal(editor.document.getText(editor.selection), 'mem1');
    // The picture for the README: the differences beside the region they point at.
    await vscode.commands.executeCommand('qemuMemmap.differences.focus');
    await checkpoint('compare', { sideBarWidth: 560 });
    // Swapped: the region is removed from A, and its item opens A.
    const swapped = await vscode.commands.executeCommand<{ a: string } | undefined>('qemu-memmap.swapCompare');
    assert.equal(swapped?.a, after.toString());
    const removed = (await provider.getChildren())?.[1]?.children[0];
    assert.ok(removed);
    const item = await provider.getTreeItem(removed);
    assert.equal(item.contextValue, 'difference.a');
    const inA = await click(item, after);
    assert.equal(inA.document.getText(inA.selection), 'mem1');
  });

  test('comparing a file with itself: no differences, only the summary', async () => {
    const same = await vscode.commands.executeCommand<{ result: { summary: string; equal: boolean } } | undefined>('qemu-memmap.compareCaptures', before, before);
    assert.deepEqual([same?.result.equal, same?.result.summary], [true, 'No differences']);
    assert.equal((await api.differences.getChildren())?.length, 1);
  });
});
