import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { WireModel } from '../../protocol';
import { ModelRequest } from '../../protocol';
import type { AddressSpaces } from '../address-space';
import { uriArgument } from '../editor';
import type { ModelSource } from '../model-source';

/** What the commands need from the extension. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly client: LanguageClient;
  readonly source: ModelSource;
  readonly spaces: AddressSpaces;
  /** The "QEMU Memory Map" output channel: full answers and notes. */
  readonly output: vscode.OutputChannel;
}

/** The document a command acts on: the one an argument names, else the one the views show, else the active editor's. */
export async function targetDocument(s: Services, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = uriArgument(arg);
  if (uri) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
  return s.source.document ?? vscode.window.activeTextEditor?.document;
}

/** The model of a document: the views' when it is the shown one, else asked from the server. */
export async function modelOf(s: Services, doc: vscode.TextDocument): Promise<WireModel | undefined> {
  if (doc === s.source.document && s.source.model) return s.source.model;
  return (await s.client.sendRequest<ModelRequest.Result>(ModelRequest.method, { uri: doc.uri.toString() } satisfies ModelRequest.Params)) ?? undefined;
}

/** Tells the user that a command needs a capture or a layout. */
export function needDocument(): void {
  void vscode.window.showWarningMessage('QEMU Memory: open a QEMU capture (info mtree, info ramblock, …) or a memory layout (.memlayout) first.');
}
