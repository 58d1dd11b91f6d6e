import * as vscode from 'vscode';
import type { CloseHandlerResult, ErrorHandler, ErrorHandlerResult, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { CloseAction, ErrorAction, LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import { ReflattenCommand } from '../protocol';
import { CLIENT_ID, Commands, DOCUMENT_SELECTOR } from './ids';
import { RestartPolicy } from './restart-policy';
import { debounceMs, maxFileSizeMB } from './settings';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;
const NAME = 'QEMU Memory Map Language Server';

/** Restarts the server after a crash while crashes are rare, then stops and offers a "Restart Server" button. */
class CrashHandler implements ErrorHandler {
  readonly policy = new RestartPolicy(MAX_RESTARTS, RESTART_WINDOW_MS);
  client: LanguageClient | undefined;

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few write/read errors in a row happen while a process dies; more mean the connection is gone.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const minutes = RESTART_WINDOW_MS / 60_000;
    if (this.policy.crashed(Date.now()) === 'restart') {
      const message = `The QEMU Memory Map language server stopped unexpectedly and is being restarted (restart ${this.policy.recent} of ${MAX_RESTARTS} allowed in ${minutes} minutes).`;
      void vscode.window.showWarningMessage(message, 'Show Output').then((choice) => choice && this.client?.outputChannel.show());
      return { action: CloseAction.Restart, message, handled: true };
    }
    const message = `The QEMU Memory Map language server crashed ${this.policy.recent} times in ${minutes} minutes and was not restarted. Diagnostics, hovers and the QEMU Memory views stay off until it runs again.`;
    void vscode.window.showErrorMessage(message, 'Restart Server', 'Show Output').then((choice) => {
      if (choice === 'Restart Server') return vscode.commands.executeCommand(Commands.restartServer);
      if (choice === 'Show Output') this.client?.outputChannel.show();
      return undefined;
    });
    return { action: CloseAction.DoNotRestart, message, handled: true };
  }
}

/** Code lenses come from the server with its `qemu-memmap.reflatten` command, which would only return data: open the view instead. */
function showReflattenFromLens(lens: vscode.CodeLens): vscode.CodeLens {
  if (lens.command?.command === ReflattenCommand) lens.command = { ...lens.command, command: Commands.reflattenActive };
  return lens;
}

/** Creates (but does not start) the language client: the bundled server over IPC, settings as initializationOptions. */
export function createLanguageClient(context: vscode.ExtensionContext): { client: LanguageClient; restart: () => Promise<void> } {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // "Attach to Server" attaches to this port.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const handler = new CrashHandler();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR],
    diagnosticCollectionName: 'qemu-memmap',
    // A function: a restart after a settings change sends the new values.
    initializationOptions: () => ({ debounceMs: debounceMs(), maxFileSizeMB: maxFileSizeMB() }),
    errorHandler: handler,
    middleware: {
      provideCodeLenses: async (document, token, next) => (await next(document, token))?.map(showReflattenFromLens),
    },
  };
  const client = new LanguageClient(CLIENT_ID, NAME, serverOptions, clientOptions);
  handler.client = client;
  const restart = async (): Promise<void> => {
    handler.policy.reset();
    // A client that gave up is stopped (or failed to start): start it; a running one restarts.
    if (client.state === State.Running) await client.restart();
    else await client.start();
  };
  return { client, restart };
}
