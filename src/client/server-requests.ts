/**
 * Requests to the language server that wait for it: after a window reload or a restart the views ask
 * before the server is up, and that is no error. This module knows the client only by what it uses
 * (vscode-languageclient's LanguageClient fits), so it is tested without VS Code.
 */

/** What these helpers use of a language client. */
export interface ServerClient {
  isRunning(): boolean;
  onDidChangeState(listener: () => void): { dispose(): void };
  sendRequest<R>(method: string, params: unknown, token?: CancelToken): Promise<R>;
}

/** A cancellation token (VS Code's and vscode-jsonrpc's both fit). */
export interface CancelToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** JSON-RPC error codes of a connection that went away under a request (vscode-jsonrpc's ErrorCodes). */
const PENDING_RESPONSE_REJECTED = -32097;
const CONNECTION_INACTIVE = -32096;

/** Resolves true once the client runs (at once when it does), false when the token is cancelled first. */
export function whenRunning(client: ServerClient, token?: CancelToken): Promise<boolean> {
  if (client.isRunning()) return Promise.resolve(true);
  if (token?.isCancellationRequested) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (running: boolean): void => {
      state.dispose();
      cancel?.dispose();
      resolve(running);
    };
    const state = client.onDidChangeState(() => client.isRunning() && done(true));
    const cancel = token?.onCancellationRequested(() => done(false));
  });
}

/** True when a request failed because the server was not up (stopping, restarting, not started yet). */
function failedForServerDown(client: ServerClient, e: unknown): boolean {
  const code = typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
  return !client.isRunning() || code === CONNECTION_INACTIVE || code === PENDING_RESPONSE_REJECTED;
}

/**
 * Sends a request once the server runs. A request that fails because the server went down meanwhile
 * is sent again once it runs, once; any other failure is real and thrown. Resolves `undefined` when the
 * token is cancelled first.
 */
export async function requestWhenRunning<R>(client: ServerClient, method: string, params: unknown, token?: CancelToken): Promise<R | undefined> {
  for (let attempt = 0; ; attempt++) {
    if (!(await whenRunning(client, token))) return undefined;
    try {
      return await client.sendRequest<R>(method, params, token);
    } catch (e) {
      if (token?.isCancellationRequested) return undefined;
      if (attempt > 0 || !failedForServerDown(client, e)) throw e;
    }
  }
}
