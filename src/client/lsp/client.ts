import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { IPCMessageReader, IPCMessageWriter, Trace, createMessageConnection } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import * as c from './convert';
import { DocumentSync } from './sync';

/** Where the client is: a restart goes Running → Stopped → Starting → Running. */
export enum ClientState {
  Stopped = 1,
  Starting = 3,
  Running = 2,
}

export interface StateChange {
  readonly oldState: ClientState;
  readonly newState: ClientState;
}

/** What to do when the server process ends without being asked to. */
export interface CloseHandler {
  /** `restart` starts it again; `stop` leaves it stopped (the handler tells the user why). */
  closed(): 'restart' | 'stop';
}

export interface LspClientOptions {
  /** Module of the server, started with Node over IPC. */
  readonly module: string;
  /** Node options for the server process (the debug port in development). */
  readonly execArgv: readonly string[];
  readonly documentSelector: vscode.DocumentSelector;
  /** Read at each start, so that a restart after a settings change sends the new values. */
  readonly initializationOptions: () => unknown;
  /** The setting (`off`, `messages`, `verbose`) that traces the protocol to the output channel. */
  readonly traceSetting: { readonly section: string; readonly key: string };
  readonly onClose: CloseHandler;
  /** Lets a feature see or change what the server sent (the code lenses' command). */
  readonly registerFeatures: (client: LspClient, capabilities: lsp.ServerCapabilities) => vscode.Disposable[];
}

/** How long a server gets to answer `shutdown` and exit before it is killed. */
const STOP_TIMEOUT_MS = 2000;

/**
 * A language client for our server: the bundled server as a Node process over IPC (vscode-jsonrpc),
 * the documents the selector matches kept in sync, diagnostics published to a collection, and the
 * VS Code features the server's capabilities name (features.ts). Requests pending when the server
 * dies are rejected, never left hanging.
 */
export class LspClient implements vscode.Disposable {
  readonly outputChannel: vscode.OutputChannel;
  readonly diagnostics: vscode.DiagnosticCollection;
  private readonly stateChanged = new vscode.EventEmitter<StateChange>();
  readonly onDidChangeState = this.stateChanged.event;
  private current = ClientState.Stopped;
  private proc: ChildProcess | undefined;
  private conn: MessageConnection | undefined;
  private session: vscode.Disposable[] = [];
  private stopping = false;
  private starting: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly options: LspClientOptions,
  ) {
    this.outputChannel = vscode.window.createOutputChannel(name);
    this.diagnostics = vscode.languages.createDiagnosticCollection('qemu-memmap');
  }

  /** The server's process id while one runs (diagnosis, and the crash test). */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get state(): ClientState {
    return this.current;
  }

  isRunning(): boolean {
    return this.current === ClientState.Running;
  }

  private setState(next: ClientState): void {
    const old = this.current;
    if (old === next) return;
    this.current = next;
    this.stateChanged.fire({ oldState: old, newState: next });
  }

  /** Starts the server, initializes it and registers the features; resolves once it runs. */
  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    if (this.current === ClientState.Running) return;
    this.setState(ClientState.Starting);
    this.stopping = false;
    try {
      const proc = fork(this.options.module, ['--node-ipc', `--clientProcessId=${process.pid}`], { execArgv: [...this.options.execArgv], silent: true });
      this.proc = proc;
      proc.stdout?.on('data', (d: Buffer) => this.outputChannel.append(d.toString()));
      proc.stderr?.on('data', (d: Buffer) => this.outputChannel.append(d.toString()));
      const conn = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
      this.conn = conn;
      conn.onClose(() => this.closed(proc));
      proc.on('exit', () => this.closed(proc));
      // A process that could not be started: initialize fails (the connection closes) and says why here.
      proc.on('error', (e) => this.outputChannel.appendLine(`The server process failed: ${e.message}`));
      conn.onNotification('window/logMessage', (p: lsp.LogMessageParams) => this.outputChannel.appendLine(p.message));
      conn.onNotification('window/showMessage', (p: lsp.ShowMessageParams) => {
        const show = p.type === 1 ? vscode.window.showErrorMessage : p.type === 2 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
        void show(p.message);
      });
      conn.onNotification('textDocument/publishDiagnostics', (p: lsp.PublishDiagnosticsParams) => this.diagnostics.set(vscode.Uri.parse(p.uri), p.diagnostics.map(c.diagnostic)));
      conn.listen();
      this.applyTrace();
      const folders = vscode.workspace.workspaceFolders ?? [];
      const result = await conn.sendRequest<lsp.InitializeResult>('initialize', {
        processId: process.pid,
        clientInfo: { name: vscode.env.appName, version: vscode.version },
        locale: vscode.env.language,
        rootUri: folders[0]?.uri.toString() ?? null,
        workspaceFolders: folders.map((f) => ({ uri: f.uri.toString(), name: f.name })),
        capabilities: CLIENT_CAPABILITIES,
        initializationOptions: this.options.initializationOptions(),
      } satisfies lsp.InitializeParams);
      await conn.sendNotification('initialized', {});
      this.session = [
        ...this.options.registerFeatures(this, result.capabilities),
        new DocumentSync(conn, this.options.documentSelector),
        vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${this.options.traceSetting.section}.${this.options.traceSetting.key}`) && this.applyTrace()),
      ];
      this.setState(ClientState.Running);
    } catch (e) {
      this.outputChannel.appendLine(`The server did not start: ${e instanceof Error ? e.message : String(e)}`);
      // Not a crash to restart after: the caller hears of it.
      this.stopping = true;
      this.proc?.kill();
      this.drop();
      throw e;
    }
  }

  /** Traces the protocol to the output channel as the setting says. */
  private applyTrace(): void {
    const { section, key } = this.options.traceSetting;
    const value = vscode.workspace.getConfiguration(section).get<string>(key, 'off');
    void this.conn?.trace(Trace.fromString(value), { log: (message: string, data?: string) => this.outputChannel.appendLine(data ? `${message}\n${data}` : message) });
  }

  /** A request to the server; rejects when the client is not running or the server goes away. */
  sendRequest<R>(method: string, params?: unknown, token?: vscode.CancellationToken): Promise<R> {
    const conn = this.conn;
    if (!conn || this.current !== ClientState.Running) return Promise.reject(new Error(`${this.name} is not running`));
    return token ? conn.sendRequest<R>(method, params, token) : conn.sendRequest<R>(method, params);
  }

  /**
   * A request for a VS Code feature: undefined when the client is not running or the server failed
   * (the error goes to the output), so that a stopped server leaves features empty, not failing.
   */
  async request<R>(method: string, params: unknown, token: vscode.CancellationToken): Promise<R | undefined> {
    if (this.current !== ClientState.Running) return undefined;
    try {
      return await this.sendRequest<R>(method, params, token);
    } catch (e) {
      if (!token.isCancellationRequested) this.outputChannel.appendLine(`${method} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Asks the server to shut down and exit; kills it if it does not within two seconds. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const conn = this.conn;
    const proc = this.proc;
    if (!conn || !proc) return;
    this.stopping = true;
    this.teardown();
    this.setState(ClientState.Stopped);
    const exited = new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    try {
      await Promise.race([conn.sendRequest('shutdown').then(() => conn.sendNotification('exit')), timeout]);
    } catch {
      // The server is gone already.
    }
    await Promise.race([exited, timeout]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill();
    conn.dispose();
    if (this.proc === proc) {
      this.proc = undefined;
      this.conn = undefined;
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The server process ended: unless asked to, tell the close handler, and restart if it says so. */
  private closed(proc: ChildProcess): void {
    if (proc !== this.proc || this.stopping) return;
    this.stopping = true;
    this.drop();
    if (this.options.onClose.closed() === 'restart') {
      this.start().catch((e: unknown) => this.outputChannel.appendLine(`Restarting the server failed: ${String(e)}`));
    }
  }

  /** Forgets a server that is gone or being abandoned: its session, its connection, its process. */
  private drop(): void {
    this.teardown();
    this.conn?.dispose();
    this.conn = undefined;
    this.proc = undefined;
    this.setState(ClientState.Stopped);
  }

  /** Drops the features and the documents' diagnostics of the session that ends. */
  private teardown(): void {
    for (const d of this.session) d.dispose();
    this.session = [];
    this.diagnostics.clear();
  }

  dispose(): void {
    void this.stop();
    this.stateChanged.dispose();
    this.diagnostics.dispose();
    this.outputChannel.dispose();
  }
}

/** What this client does with what the server sends (the server reads none of it today; it is the truth). */
const CLIENT_CAPABILITIES: lsp.ClientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false, willSave: false, willSaveWaitUntil: false },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: { lineFoldingOnly: true },
    semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
    inlayHint: {},
    codeLens: {},
    definition: { linkSupport: true },
    references: {},
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: true } },
    rename: { prepareSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
    formatting: {},
  },
  workspace: { workspaceEdit: { documentChanges: true }, executeCommand: {} },
};
