import * as vscode from 'vscode';
import { baseName } from '../editor';
import type { Services } from './services';
import { modelOf, needDocument, targetDocument } from './services';

/** Where the JSON goes: an untitled document, or a file picked in a save dialog. */
export type ExportTarget = 'untitled' | 'file';

async function pickTarget(): Promise<ExportTarget | undefined> {
  const items: (vscode.QuickPickItem & { target: ExportTarget })[] = [
    { label: '$(new-file) Open as an Untitled JSON Document', target: 'untitled' },
    { label: '$(save-as) Save to a File…', target: 'file' },
  ];
  return (await vscode.window.showQuickPick(items, { title: 'QEMU Memory: Export Model as JSON' }))?.target;
}

/**
 * `qemu-memmap.exportJson [uri] [target]`: the document's model (regions, flat views, RAMBlocks; addresses as
 * `0x…` strings) as JSON, in an untitled document or a file. Resolves to the URI written or opened.
 */
export async function exportJson(s: Services, arg?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> {
  const doc = await targetDocument(s, arg);
  if (!doc) {
    needDocument();
    return undefined;
  }
  const model = await modelOf(s, doc);
  if (!model) {
    void vscode.window.showWarningMessage(`QEMU Memory: ${baseName(doc.uri)} holds no memory model to export.`);
    return undefined;
  }
  const json = JSON.stringify(model, null, 2) + '\n';
  const target = targetArg === 'untitled' || targetArg === 'file' ? targetArg : await pickTarget();
  if (target === 'untitled') {
    const out = await vscode.workspace.openTextDocument({ language: 'json', content: json });
    await vscode.window.showTextDocument(out, { preview: false });
    return out.uri;
  }
  if (target !== 'file') return undefined;
  const defaultUri = doc.uri.scheme === 'untitled' ? undefined : doc.uri.with({ path: doc.uri.path.replace(/(\.[^./]*)?$/, '.memmap.json'), query: '', fragment: '' });
  const uri = await vscode.window.showSaveDialog({ title: 'Export Memory Model as JSON', defaultUri, filters: { JSON: ['json'] } });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
  void vscode.window.showInformationMessage(`QEMU Memory: wrote ${baseName(uri)}.`, 'Open').then((choice) => choice && vscode.window.showTextDocument(uri));
  return uri;
}
