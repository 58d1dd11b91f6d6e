import * as vscode from 'vscode';
import { ConvertRequest, Languages } from '../../protocol';
import { baseName } from '../editor';
import type { Services } from './services';
import { needDocument, targetDocument } from './services';

/**
 * `qemu-memmap.convertToLayout [uri]`: writes a layout that rebuilds the capture's memory model into an
 * untitled memlayout document (the server converts its analysis of the capture); the facts the conversion
 * had to assume go to the output. Resolves to the new document.
 */
export async function convertToLayout(s: Services, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const doc = await targetDocument(s, arg);
  if (!doc) {
    needDocument();
    return undefined;
  }
  const name = baseName(doc.uri);
  const result = await s.client.sendRequest<ConvertRequest.Result>(ConvertRequest.method, { uri: doc.uri.toString(), text: doc.getText(), source: name } satisfies ConvertRequest.Params);
  if (!result) {
    void vscode.window.showWarningMessage(`QEMU Memory: ${name} holds no info mtree tree to convert into a layout.`);
    return undefined;
  }
  const layout = await vscode.workspace.openTextDocument({ language: Languages.layout, content: result.text });
  await vscode.window.showTextDocument(layout, { preview: false });
  const notes = result.notes;
  if (notes.length > 0) {
    s.output.appendLine(`— Convert ${name} to a layout: ${notes.length} note${notes.length === 1 ? '' : 's'}`);
    for (const i of notes) s.output.appendLine(`${name}:${i.line + 1}:${i.col + 1}: ${i.severity} ${i.code}: ${i.message}`);
    s.output.appendLine('');
    void vscode.window.showInformationMessage(`QEMU Memory: converted ${name}; ${notes.length} fact${notes.length === 1 ? '' : 's'} had to be assumed.`, 'Show Output')
      .then((choice) => choice && s.output.show(true));
  }
  return layout;
}
