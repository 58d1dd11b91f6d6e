import * as vscode from 'vscode';
import { Languages } from '../../protocol';
import { uriArgument } from '../editor';

/**
 * True in a trusted workspace; otherwise says why `what` (a capture: it opens a socket or starts gdb, and
 * writes a file) is refused, and is false.
 */
export function trusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`QEMU Memory: ${what}, so it is available only in a trusted workspace.`);
  return false;
}

/** `2026-11-22T07-30-00`: a timestamp that is a valid file name everywhere. */
export function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/:/g, '-');
}

/**
 * The file to write: the URI given, else one picked in a save dialog that starts in the first workspace folder
 * with `name` (default `qemu-TIME.qemu-capture`).
 */
export async function askTarget(given: unknown, name = `qemu-${stamp(new Date())}.qemu-capture`): Promise<vscode.Uri | undefined> {
  const uri = uriArgument(given);
  if (uri) return uri;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: 'Save the QEMU Capture',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: { 'QEMU capture': ['qemu-capture', 'mtree', 'txt'] },
  });
}

/** Refuses (with a message) a target that is not a local file: captures are written with node's fs. */
export function localTarget(target: vscode.Uri): boolean {
  if (target.scheme === 'file') return true;
  void vscode.window.showErrorMessage(`QEMU Memory: captures are written to local files; ${target.toString()} is not one.`);
  return false;
}

/** Opens a capture just written, as a `qemu-capture` document. */
export async function openCapture(target: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(target);
  if (doc.languageId !== Languages.capture) await vscode.languages.setTextDocumentLanguage(doc, Languages.capture);
  await vscode.window.showTextDocument(doc, { preview: false });
}
