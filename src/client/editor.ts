import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WireRange } from '../protocol';

/** A wire range as a VS Code range. */
export function toVsRange(r: WireRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Shows `uri` with `range` selected, in the editor already showing it when there is one. */
export async function revealRange(uri: vscode.Uri, range: WireRange, preserveFocus: boolean): Promise<void> {
  const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const r = toVsRange(range);
  const editor = await vscode.window.showTextDocument(uri, { viewColumn: open?.viewColumn, preserveFocus, preview: open === undefined, selection: r });
  editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** A document's file name, for messages and titles. */
export function baseName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path) || uri.toString();
}

/** A URI from a command argument: a `vscode.Uri` (menus) or a string (code lenses, tests); undefined otherwise. */
export function uriArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && /^[a-z][\w+.-]*:/i.test(arg)) return vscode.Uri.parse(arg);
  return undefined;
}
