import * as vscode from 'vscode';
import { DiffRequest, ContextKeys, Languages, SCHEME, Views } from '../../protocol';
import { baseName, revealRange, uriArgument } from '../editor';
import type { DifferencesProvider } from '../views/differences';
import type { Comparison } from '../views/differences-tree';
import { isDiffNode } from '../views/differences-tree';
import type { Services } from './services';

/** What the compare commands share: the Differences view and the file chosen with "Select for Compare". */
export class Comparisons {
  private selected: vscode.Uri | undefined;

  constructor(readonly view: DifferencesProvider) {}

  /** Remembers side A for "Compare with Selected". */
  async select(uri: vscode.Uri): Promise<void> {
    this.selected = uri;
    await vscode.commands.executeCommand('setContext', ContextKeys.compareSelected, true);
  }

  get selection(): vscode.Uri | undefined {
    return this.selected;
  }
}

const FILTERS = { 'QEMU captures and layouts': ['txt', 'mtree', 'qemu-capture', 'memlayout', 'log'], 'All files': ['*'] };

/** Asks for a file with the open dialog. */
async function browse(title: string): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: FILTERS });
  return picked?.[0];
}

/** Side B: another open capture or layout, or a file from the open dialog. */
async function pickOther(a: vscode.Uri): Promise<vscode.Uri | undefined> {
  const open = vscode.workspace.textDocuments.filter((d) =>
    d.uri.toString() !== a.toString() && (d.languageId === Languages.capture || d.languageId === Languages.layout) && d.uri.scheme !== SCHEME);
  const BROWSE = 'Browse…';
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = [
    ...open.map((d) => ({ label: baseName(d.uri), description: vscode.workspace.asRelativePath(d.uri), uri: d.uri })),
    { label: BROWSE, description: 'choose a file' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: `QEMU Memory: Compare ${baseName(a)} with…`, placeHolder: 'a capture or layout (side B)' });
  if (!choice) return undefined;
  return choice.uri ?? browse(`Compare ${baseName(a)} with`);
}

/** Reads both documents (as the editor has them, unsaved edits included), asks the server, shows the result. */
async function run(s: Services, comparisons: Comparisons, a: vscode.Uri, b: vscode.Uri): Promise<Comparison> {
  const [da, db] = await Promise.all([vscode.workspace.openTextDocument(a), vscode.workspace.openTextDocument(b)]);
  const result = await s.client.sendRequest<DiffRequest.Result>(DiffRequest.method, {
    a: { uri: a.toString(), text: da.getText() },
    b: { uri: b.toString(), text: db.getText() },
  } satisfies DiffRequest.Params);
  const comparison: Comparison = { a: a.toString(), b: b.toString(), result };
  comparisons.view.show(comparison);
  await vscode.commands.executeCommand('setContext', ContextKeys.hasComparison, true);
  await vscode.commands.executeCommand(`${Views.differences}.focus`);
  s.output.appendLine(`Compared ${a.toString()} with ${b.toString()}: ${result.summary}`);
  return comparison;
}

/**
 * `qemu-memmap.compareCaptures [A] [B]`: compares two captures or layouts. From the explorer with two
 * files selected, those; with one, it and a second one picked; from the palette, the active editor's
 * document and a second one picked (another open capture or layout, or a file). Resolves to the comparison.
 */
export async function compareCaptures(s: Services, comparisons: Comparisons, first?: unknown, second?: unknown): Promise<Comparison | undefined> {
  // The explorer passes (clicked, all selected).
  const selected = Array.isArray(second) ? second.map(uriArgument).filter((u): u is vscode.Uri => u !== undefined) : [];
  let a = selected.length === 2 ? selected[0] : uriArgument(first);
  let b = selected.length === 2 ? selected[1] : uriArgument(second);
  a ??= vscode.window.activeTextEditor?.document.uri ?? (await browse('Compare: side A'));
  if (!a) return undefined;
  b ??= await pickOther(a);
  if (!b) return undefined;
  return run(s, comparisons, a, b);
}

/** `qemu-memmap.compareWithSelected URI`: compares the file chosen with "Select for Compare" (A) with this one (B). */
export async function compareWithSelected(s: Services, comparisons: Comparisons, arg?: unknown): Promise<Comparison | undefined> {
  const a = comparisons.selection;
  const b = uriArgument(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!a || !b) {
    void vscode.window.showWarningMessage('QEMU Memory: choose "Select for Compare" on a capture or layout first.');
    return undefined;
  }
  return run(s, comparisons, a, b);
}

/** `qemu-memmap.selectForCompare URI`: remembers side A. */
export async function selectForCompare(comparisons: Comparisons, arg?: unknown): Promise<void> {
  const uri = uriArgument(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) return;
  await comparisons.select(uri);
  vscode.window.setStatusBarMessage(`QEMU Memory: ${baseName(uri)} selected for compare`, 5000);
}

/** `qemu-memmap.rerunCompare`: compares the same two documents again (after editing or re-capturing them). */
export async function rerunCompare(s: Services, comparisons: Comparisons): Promise<Comparison | undefined> {
  const c = comparisons.view.comparison;
  return c ? run(s, comparisons, vscode.Uri.parse(c.a), vscode.Uri.parse(c.b)) : undefined;
}

/** `qemu-memmap.swapCompare`: the same comparison with the sides swapped. */
export async function swapCompare(s: Services, comparisons: Comparisons): Promise<Comparison | undefined> {
  const c = comparisons.view.comparison;
  return c ? run(s, comparisons, vscode.Uri.parse(c.b), vscode.Uri.parse(c.a)) : undefined;
}

/** `qemu-memmap.openDifferenceA` / `…B` with a difference node: opens the document of that side at the difference. */
export async function openSide(side: 'a' | 'b', node?: unknown): Promise<void> {
  if (!isDiffNode(node) || node.kind !== 'difference') return;
  const range = node.difference[side];
  if (range) await revealRange(vscode.Uri.parse(node.comparison[side]), range, false);
}
