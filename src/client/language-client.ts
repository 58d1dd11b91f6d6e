import * as vscode from 'vscode';
import type { CloseHandlerResult, ErrorHandler, ErrorHandlerResult, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind } from 'vscode-languageclient/node';
import { ReflattenCommand, CLIENT_ID, Commands, DOCUMENT_SELECTOR } from '../protocol';
import { RestartPolicy } from './restart-policy';
import { debounceMs, maxFileSizeMB } from './settings';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;
/** Errors on the connection in a row (reading or writing a message) before the client shuts it down. */
const MAX_CONNECTION_ERRORS = 3;
const NAME = 'QEMU Memory Map Language Server';

/**
 * Restarts the server after a crash while crashes are rare, then leaves it stopped and offers a
 * "Restart Server" button. Its messages are the ones the user sees (`handled`): the library's own
 * would say the same without the button.
 */
class CrashHandler implements ErrorHandler {
  readonly policy = new RestartPolicy(MAX_RESTARTS, RESTART_WINDOW_MS);
  client: LanguageClient | undefined;

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    return { action: (count ?? 1) <= MAX_CONNECTION_ERRORS ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const minutes = RESTART_WINDOW_MS / 60_000;
    const output = this.client?.outputChannel;
    if (this.policy.crashed(Date.now()) === 'restart') {
      const message = `The QEMU Memory Map language server stopped unexpectedly and is being restarted (restart ${this.policy.recent} of ${MAX_RESTARTS} allowed in ${minutes} minutes).`;
      void vscode.window.showWarningMessage(message, 'Show Output').then((choice) => choice && output?.show());
      return { action: CloseAction.Restart, message, handled: true };
    }
    const message = `The QEMU Memory Map language server crashed ${this.policy.recent} times in ${minutes} minutes and was not restarted. Diagnostics, hovers and the QEMU Memory views stay off until it runs again.`;
    void vscode.window.showErrorMessage(message, 'Restart Server', 'Show Output').then((choice) => {
      if (choice === 'Restart Server') return vscode.commands.executeCommand(Commands.restartServer);
      if (choice === 'Show Output') output?.show();
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

/**
 * Creates (but does not start) the language client: vscode-languageclient running the bundled
 * `dist/server.js` under Node over IPC, with incremental sync (as the server announces), the
 * `qemuMemmap.trace.server` setting, the settings as initializationOptions (read at each start),
 * and the restart policy above.
 */
export function createLanguageClient(context: vscode.ExtensionContext): { client: LanguageClient; restart: () => Promise<void> } {
  const handler = new CrashHandler();
  const server = {
    module: context.asAbsolutePath('dist/server.js'),
    transport: TransportKind.ipc,
    // "Attach to Server" attaches to this port when the extension runs from source.
    options: { execArgv: context.extensionMode === vscode.ExtensionMode.Development ? ['--nolazy', '--inspect=6009'] : [] },
  };
  const serverOptions: ServerOptions = { run: server, debug: server };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR],
    diagnosticCollectionName: 'qemu-memmap',
    initializationOptions: () => ({ debounceMs: debounceMs(), maxFileSizeMB: maxFileSizeMB() }),
    errorHandler: handler,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      provideCodeLenses: async (document, token, next) => (await next(document, token))?.map(showReflattenFromLens),
      resolveCodeLens: async (lens, token, next) => {
        const resolved = await next(lens, token);
        return resolved ? showReflattenFromLens(resolved) : resolved;
      },
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
