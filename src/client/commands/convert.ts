import * as vscode from 'vscode';
import { captureToLayout, parseCapture } from '../../core';
import { baseName } from '../editor';
import { Languages } from '../ids';
import type { Services } from './services';
import { needDocument, targetDocument } from './services';

/**
 * `qemu-memmap.convertToLayout [uri]`: writes a layout that rebuilds the capture's memory model into an
 * untitled memlayout document (the core is pure, so the client runs it itself); the facts the conversion
 * had to assume go to the output. Resolves to the new document.
 */
export async function convertToLayout(s: Services, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const doc = await targetDocument(s, arg);
  if (!doc) {
    needDocument();
    return undefined;
  }
  const name = baseName(doc.uri);
  const capture = parseCapture(doc.getText());
  const result = captureToLayout(capture, { source: name });
  if (!result) {
    void vscode.window.showWarningMessage(`QEMU Memory: ${name} holds no info mtree tree to convert into a layout.`);
    return undefined;
  }
  const layout = await vscode.workspace.openTextDocument({ language: Languages.layout, content: result.text });
  await vscode.window.showTextDocument(layout, { preview: false });
  if (result.issues.length > 0) {
    s.output.appendLine(`— Convert ${name} to a layout: ${result.issues.length} note${result.issues.length === 1 ? '' : 's'}`);
    for (const i of result.issues) s.output.appendLine(`${name}:${i.span.line + 1}:${i.span.col + 1}: ${i.severity} ${i.code}: ${i.message}`);
    s.output.appendLine('');
    void vscode.window.showInformationMessage(`QEMU Memory: converted ${name}; ${result.issues.length} fact${result.issues.length === 1 ? '' : 's'} had to be assumed.`, 'Show Output')
      .then((choice) => choice && s.output.show(true));
  }
  return layout;
}
