// Waiting helpers for the integration suite: every wait is on an event (or a file the harness
// writes), bounded by a timeout that names what did not happen. No sleeps.
import * as vscode from 'vscode';
import { existsSync, mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'node:assert/strict';

/** Prints a line of the suite's own output (a measured figure): tagged like the reporter's lines, so the harness shows it. */
export function report(line: string): void {
  console.log(process.env.QMM_IT_DIR ? `[qmm-suite] ${line}` : line);
}

/** The workspace folder the harness filled with copies of examples/captures and examples/layouts. */
export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration suite needs a workspace folder (scripts/run-integration.mjs opens one)');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/**
 * Resolves with `check()`'s first non-undefined value, checking now and again each time `event` fires.
 * Rejects after `ms` with a message naming `what`.
 */
export function waitFor<T>(event: vscode.Event<unknown>, check: () => T | undefined | Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sub.dispose();
      fn();
    };
    const attempt = (): void => {
      Promise.resolve()
        .then(check)
        .then((value) => {
          if (value !== undefined) finish(() => resolve(value));
        })
        .catch((err: unknown) => finish(() => reject(err instanceof Error ? err : new Error(String(err)))));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`))), ms);
    const sub = event(attempt);
    attempt();
  });
}

/** The diagnostics of `uri` once `accept` takes them (they arrive from the language server asynchronously). */
export function diagnosticsOf(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean, what: string): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(vscode.languages.onDidChangeDiagnostics, () => {
    const diags = vscode.languages.getDiagnostics(uri);
    return accept(diags) ? diags : undefined;
  }, `diagnostics of ${uri.path}: ${what}`);
}

/** A diagnostic's code as a plain string (LSP codes may arrive as `{ value, target }`). */
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' ? String(c.value) : String(c ?? '');
}

/** A hover's contents as one markdown string. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** A tree item's label as a string. */
export function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/**
 * The root children of a view's provider once `accept` takes them: the provider may still be
 * loading the model of the editor that just became active, so this re-asks on each onDidChangeTreeData.
 */
export async function childrenOf<T>(provider: vscode.TreeDataProvider<T>, accept: (labels: string[]) => boolean, what: string): Promise<{ items: T[]; labels: string[] }> {
  const event: vscode.Event<unknown> = provider.onDidChangeTreeData ?? (() => new vscode.Disposable(() => undefined));
  return waitFor(event, async () => {
    const items = (await provider.getChildren()) ?? [];
    const labels = await Promise.all(items.map(async (i) => labelOf(await provider.getTreeItem(i))));
    return accept(labels) ? { items, labels } : undefined;
  }, what);
}

/** What the harness answers at a checkpoint: where it put the screenshot, and the map webview's stats. */
export interface CheckpointAnswer {
  screenshot?: string;
  /** For a hover checkpoint: whether the hover was on screen, with the asked text, when photographed. */
  hover?: boolean;
  mapStats?: Record<string, unknown> | null;
  /** The map's tooltip over the range `mapPoint` named (null when the pointer found none). */
  tooltip?: string | null;
  error?: string;
}

/**
 * Asks the harness (scripts/run-integration.mjs, which drives the browser) to photograph the
 * workbench now, and for `map` checkpoints to read `window.__mapStats` from the webview, which the
 * extension host cannot see; `hover` makes sure the editor's hover is up in the picture (a hover
 * shown by command closes when code lenses or inlay hints arrive and move the text), holding `hoverText`
 * when given, and answers an error when it never is; `sideBarWidth` drags the side bar to that many
 * pixels for this picture and back afterwards; `mapSpace` picks the map panel of that address space when
 * several are open; `mapPoint` hovers the first range of that name in the map before the picture (its
 * tooltip comes back) and `mapClick` then clicks it; `mapButton` clicks that toolbar button of the map
 * after the picture, and `savePath` answers the save dialog it opens; `pickFilter` types into the filter of the
 * quick pick the workbench shows (before the picture) and `pickRow` then clicks the first row whose text matches
 * that regular expression (after it).
 * The request and the answer are files in $QMM_IT_DIR/checkpoints.
 * Without the harness (a desktop run through @vscode/test-electron) it answers undefined at once.
 */
export function checkpoint(
  name: string,
  ask: {
    mapStats?: boolean; mapSpace?: string; mapPoint?: string; mapClick?: boolean; mapButton?: string; savePath?: string; hover?: boolean; hoverText?: string;
    sideBarWidth?: number; pickFilter?: string; pickRow?: string;
  } = {},
  ms = 45_000,
): Promise<CheckpointAnswer | undefined> {
  const root = process.env.QMM_IT_DIR;
  if (!root) return Promise.resolve(undefined);
  const dir = join(root, 'checkpoints');
  mkdirSync(dir, { recursive: true });
  const answer = join(dir, `${name}.done.json`);
  return new Promise((resolve, reject) => {
    const read = (): boolean => {
      if (!existsSync(answer)) return false;
      const text = readFileSync(answer, 'utf8');
      if (!text.endsWith('\n')) return false; // still being written
      finish();
      resolve(JSON.parse(text) as CheckpointAnswer);
      return true;
    };
    const watcher = watch(dir, () => void read());
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${ms} ms waiting for the harness to answer checkpoint ${name}`));
    }, ms);
    const finish = (): void => {
      clearTimeout(timer);
      watcher.close();
    };
    writeFileSync(join(dir, `${name}.request.json`), `${JSON.stringify(ask)}\n`);
    read();
  });
}

/**
 * Shows the editor hover at `position` as a person would open it and asks the harness for its picture,
 * taken once the hover is on screen with `text` in it; fails when it never shows.
 */
export async function photographHover(editor: vscode.TextEditor, position: vscode.Position, name: string, text: string): Promise<void> {
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  await vscode.commands.executeCommand('editor.action.showHover');
  const answer = await checkpoint(name, { hover: true, hoverText: text });
  // Without the harness (a desktop run) there is no picture to check.
  if (answer === undefined) return;
  assert.equal(answer.error, undefined, answer.error);
  assert.equal(answer.hover, true, `the hover of ${name} was not on screen when photographed`);
}
