import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AddressSpaces } from './address-space';
import type { QemuMemmapApi } from './api';
import { registerCommands } from './commands';
import { Comparisons } from './commands/compare';
import { restoreMaps } from './commands/show-map';
import { Views } from '../protocol';
import { createLanguageClient } from './language-client';
import { registerCaptureDetection } from './language-detect';
import { ModelSource } from './model-source';
import { refreshMapPanels } from './panels/map-panel';
import { ReflattenDocuments } from './reflatten-documents';
import { DifferencesProvider } from './views/differences';
import { registerViews } from './views/register';

let running: LanguageClient | undefined;

/** Starts the language server and wires the views, the commands and the status bar item. */
export async function activate(context: vscode.ExtensionContext): Promise<QemuMemmapApi> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('QEMU Memory Map');
  // Before the client starts: a .txt capture then reaches the server as qemu-capture at once.
  const detection = registerCaptureDetection();
  const { client, restart } = createLanguageClient(context);
  running = client;
  const source = new ModelSource(client, output);
  const spaces = new AddressSpaces(context.workspaceState, source);
  const reflattened = new ReflattenDocuments(client, output);
  const views = registerViews(source, output);
  const services = { context, client, source, spaces, output };
  const differences = new DifferencesProvider();
  const comparisons = new Comparisons(differences);
  context.subscriptions.push(
    client, output, detection, source, spaces, reflattened, ...views.disposables,
    differences, vscode.window.createTreeView(Views.differences, { treeDataProvider: differences, showCollapseAll: true }),
    ...registerCommands(services, reflattened, restart, comparisons),
    // Open maps follow their document's edits (the views' refresh is debounced already).
    source.onDidChange(() => source.document && refreshMapPanels(source.document.uri)),
    // The server reads its settings once, at initialize.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('qemuMemmap.server')) restart().catch((err: unknown) => output.appendLine(`Restarting the language server failed: ${String(err)}`));
    }),
  );
  restoreMaps(services);
  try {
    await client.start();
  } catch (e) {
    // The views and commands stay registered: "Restart Server" can bring the server back.
    const message = `The QEMU Memory Map language server did not start: ${e instanceof Error ? e.message : String(e)}`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Restart Server').then((choice) => choice && restart())
      .then(undefined, (err: unknown) => output.appendLine(`Restarting the language server failed: ${String(err)}`));
  }
  return { client, views: views.providers, selection: views.selection, models: source, reflattened, differences, activationMs: performance.now() - started };
}

/** Stops the language server (VS Code waits for the returned promise). */
export async function deactivate(): Promise<void> {
  const client = running;
  running = undefined;
  if (client?.isRunning()) await client.stop();
}
