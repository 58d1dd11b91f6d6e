import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from '../shared/fixtures';

/** A language-server process over stdio, driven the way an editor drives it. */
export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; version: number | undefined; resolve: (d: Diagnostic[]) => void }[] = [];
  stderr = '';

  /**
   * Starts the server bundle at `server` (default: the built dist/server.js); `nodeArgs` go to node before
   * it, and `ipc` adds a Node IPC channel (for test probes loaded with -r).
   */
  constructor(server = join(repoRoot(), 'dist', 'server.js'), nodeArgs: readonly string[] = [], ipc = false) {
    this.proc = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout as NodeJS.ReadableStream), new StreamMessageWriter(this.proc.stdin as NodeJS.WritableStream));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      for (const w of this.waiters.splice(0)) {
        if (w.uri === p.uri && (w.version === undefined || p.version === w.version)) w.resolve(p.diagnostics);
        else this.waiters.push(w);
      }
    });
    this.conn.listen();
  }

  /** initialize + initialized, with a short debounce so tests run fast. */
  async start(options: Record<string, unknown> = { debounceMs: 10 }): Promise<unknown> {
    const result = await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: options });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  /** Opens a document and waits for its diagnostics. */
  async open(uri: string, text: string, languageId = 'plaintext', version = 1): Promise<Diagnostic[]> {
    const wait = this.nextDiagnostics(uri, version);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return wait;
  }

  /** Diagnostics published for `uri` (of `version` when given), waiting for them. */
  nextDiagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /** Sends a request. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  /** shutdown + exit, then waits for the process to end. */
  async stop(): Promise<number | null> {
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      else this.proc.on('exit', (code) => resolve(code));
    });
  }
}
