import * as vscode from 'vscode';
import { ReflattenCommand } from '../protocol';
import { CLIENT_ID, Commands, DOCUMENT_SELECTOR } from './ids';
import type { CloseHandler } from './lsp/client';
import { ClientState, LspClient } from './lsp/client';
import { registerFeatures } from './lsp/features';
import { RestartPolicy } from './restart-policy';
import { debounceMs, maxFileSizeMB } from './settings';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;
const NAME = 'QEMU Memory Map Language Server';

/** Restarts the server after a crash while crashes are rare, then stops and offers a "Restart Server" button. */
class CrashHandler implements CloseHandler {
  readonly policy = new RestartPolicy(MAX_RESTARTS, RESTART_WINDOW_MS);
  client: LspClient | undefined;

  closed(): 'restart' | 'stop' {
    const minutes = RESTART_WINDOW_MS / 60_000;
    if (this.policy.crashed(Date.now()) === 'restart') {
      const message = `The QEMU Memory Map language server stopped unexpectedly and is being restarted (restart ${this.policy.recent} of ${MAX_RESTARTS} allowed in ${minutes} minutes).`;
      this.client?.outputChannel.appendLine(message);
      void vscode.window.showWarningMessage(message, 'Show Output').then((choice) => choice && this.client?.outputChannel.show());
      return 'restart';
    }
    const message = `The QEMU Memory Map language server crashed ${this.policy.recent} times in ${minutes} minutes and was not restarted. Diagnostics, hovers and the QEMU Memory views stay off until it runs again.`;
    this.client?.outputChannel.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Restart Server', 'Show Output').then((choice) => {
      if (choice === 'Restart Server') return vscode.commands.executeCommand(Commands.restartServer);
      if (choice === 'Show Output') this.client?.outputChannel.show();
      return undefined;
    });
    return 'stop';
  }
}

/** Code lenses come from the server with its `qemu-memmap.reflatten` command, which would only return data: open the view instead. */
function showReflattenFromLens(lens: vscode.CodeLens): vscode.CodeLens {
  if (lens.command?.command === ReflattenCommand) lens.command = { ...lens.command, command: Commands.reflattenActive };
  return lens;
}

/** Creates (but does not start) the language client: the bundled server over IPC, settings as initializationOptions. */
export function createLanguageClient(context: vscode.ExtensionContext): { client: LspClient; restart: () => Promise<void> } {
  const handler = new CrashHandler();
  const selector = [...DOCUMENT_SELECTOR];
  const client = new LspClient(NAME, {
    module: context.asAbsolutePath('dist/server.js'),
    // "Attach to Server" attaches to this port when the extension runs from source.
    execArgv: context.extensionMode === vscode.ExtensionMode.Development ? ['--nolazy', '--inspect=6009'] : [],
    documentSelector: selector,
    initializationOptions: () => ({ debounceMs: debounceMs(), maxFileSizeMB: maxFileSizeMB() }),
    traceSetting: { section: CLIENT_ID, key: 'trace.server' },
    onClose: handler,
    registerFeatures: (c, capabilities) => registerFeatures(c, capabilities, selector, { codeLens: showReflattenFromLens }),
  });
  handler.client = client;
  const restart = async (): Promise<void> => {
    handler.policy.reset();
    // A client that gave up is stopped (or failed to start): start it; a running one restarts.
    if (client.state === ClientState.Running) await client.restart();
    else await client.start();
  };
  return { client, restart };
}
