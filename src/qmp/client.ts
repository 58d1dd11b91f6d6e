import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import type { QmpAddress } from './address';
import { connectOptions, formatQmpAddress, parseQmpAddress } from './address';

/** Why a QMP exchange failed; each kind has its own sentence. */
export type QmpErrorKind = 'address' | 'connect' | 'timeout' | 'closed' | 'not-qmp' | 'command' | 'cancelled';

/** A QMP failure: a clear sentence, with the kind for code to switch on. */
export class QmpError extends Error {
  override readonly name = 'QmpError';
  constructor(readonly kind: QmpErrorKind, message: string, readonly errorClass?: string) {
    super(message);
  }
}

/** The greeting QEMU sends when a client connects. */
export interface QmpGreeting {
  readonly version?: { qemu?: { major: number; minor: number; micro: number }; package?: string };
  readonly capabilities?: unknown[];
}

/** An asynchronous event (STOP, DEVICE_DELETED, …). */
export interface QmpEvent {
  readonly event: string;
  readonly data?: unknown;
  readonly timestamp?: { seconds: number; microseconds: number };
}

/** Options of a connection. */
export interface QmpOptions {
  /** How long to wait for the connection, the greeting and each answer (ms); 30 s by default. */
  readonly timeoutMs?: number;
  /** Aborting closes the connection; pending calls reject with kind `cancelled`. */
  readonly signal?: AbortSignal;
  /** Called for each event; events are otherwise ignored. */
  readonly onEvent?: (event: QmpEvent) => void;
}

interface Waiter {
  readonly what: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: QmpError) => void;
  readonly timer: NodeJS.Timeout;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** A line this long without a line end is not QMP (QEMU's largest answers are well under a megabyte). */
const MAX_LINE = 64 * 1024 * 1024;

/** A short, printable excerpt of what a peer sent. */
function excerpt(text: string): string {
  const t = text.replace(/[^\x20-\x7e]/g, '?').trim();
  return t.length > 80 ? t.slice(0, 77) + '...' : t;
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A QMP client over a unix socket or TCP: reads the greeting, negotiates capabilities, runs commands with
 * ids, passes events to `onEvent`, and fails every pending call with one clear QmpError when the peer times
 * out, closes, dies or is not QMP. After a failure the client stays failed (the stream's state is unknown).
 */
export class QmpClient {
  /** The greeting QEMU sent (its version and capabilities). */
  greeting: QmpGreeting = {};
  private readonly socket: Socket;
  private readonly where: string;
  private readonly timeoutMs: number;
  private buffer = '';
  private nextId = 1;
  private greeted = false;
  private connected = false;
  private failure: QmpError | undefined;
  private greetingWaiter: Waiter | undefined;
  private readonly pending = new Map<number, Waiter>();
  private readonly abort: (() => void) | undefined;

  private constructor(address: QmpAddress, private readonly options: QmpOptions) {
    this.where = formatQmpAddress(address);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.socket = createConnection(connectOptions(address));
    this.socket.setEncoding('utf8');
    this.socket.on('connect', () => void (this.connected = true));
    this.socket.on('data', (chunk: string) => this.receive(chunk));
    this.socket.on('error', (e) => this.fail(this.connected
      ? new QmpError('closed', `the QMP connection to ${this.where} failed${this.doing()}: ${e.message}`)
      : new QmpError('connect', `cannot connect to QMP at ${this.where}: ${e.message}`)));
    this.socket.on('close', () => this.fail(new QmpError('closed', this.greeted
      ? `QEMU closed the QMP connection at ${this.where}${this.doing()} (did QEMU exit?)`
      : `the peer at ${this.where} closed the connection before sending a QMP greeting`)));
    const signal = options.signal;
    if (signal) {
      this.abort = () => this.fail(new QmpError('cancelled', `QMP exchange with ${this.where} cancelled`));
      signal.addEventListener('abort', this.abort, { once: true });
    }
  }

  /** Connects, waits for the greeting and leaves capabilities negotiation mode; rejects with a QmpError. */
  static async connect(address: QmpAddress | string, options: QmpOptions = {}): Promise<QmpClient> {
    let parsed: QmpAddress;
    try {
      parsed = typeof address === 'string' ? parseQmpAddress(address) : address;
    } catch (e) {
      throw new QmpError('address', (e as Error).message);
    }
    if (options.signal?.aborted) throw new QmpError('cancelled', `QMP exchange with ${formatQmpAddress(parsed)} cancelled`);
    const client = new QmpClient(parsed, options);
    try {
      client.greeting = (await client.wait('the QMP greeting', (w) => void (client.greetingWaiter = w))) as QmpGreeting;
      await client.execute('qmp_capabilities');
    } catch (e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** True once the connection failed or was closed. */
  get closed(): boolean {
    return this.failure !== undefined;
  }

  /** Runs a QMP command and resolves to its `return` value; a QMP error reply rejects with kind `command`. */
  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    const message = JSON.stringify(args === undefined ? { execute: command, id } : { execute: command, arguments: args, id });
    const answer = this.wait(`"${command}"`, (w) => this.pending.set(id, w));
    if (!this.failure) this.socket.write(message + '\n');
    return answer;
  }

  /** Runs an HMP command line through `human-monitor-command` and resolves to its text (CRLF as QEMU sends it). */
  async hmp(commandLine: string): Promise<string> {
    const out = await this.execute('human-monitor-command', { 'command-line': commandLine });
    if (typeof out !== 'string') throw new QmpError('not-qmp', `human-monitor-command "${commandLine}" returned ${excerpt(JSON.stringify(out) ?? 'nothing')}, not text`);
    return out;
  }

  /** Closes the connection; pending calls reject with kind `closed`. */
  close(): void {
    this.fail(new QmpError('closed', `the QMP connection to ${this.where} was closed`));
  }

  /** A waiter with a timeout, registered by `register`; rejects at once when the client has failed. */
  private wait(what: string, register: (w: Waiter) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.failure) {
        reject(this.failure);
        return;
      }
      const timer = setTimeout(() => this.fail(new QmpError('timeout', what === 'the QMP greeting'
        ? `no QMP greeting from ${this.where} within ${this.timeoutMs} ms (not a QMP socket, or QEMU is serving another QMP client)`
        : `QEMU at ${this.where} did not answer ${what} within ${this.timeoutMs} ms`)), this.timeoutMs);
      register({ what, resolve, reject, timer });
    });
  }

  /** ` while waiting for "cmd"` for the oldest pending command, if any. */
  private doing(): string {
    const first = this.pending.values().next();
    return first.done ? '' : ` while waiting for ${first.value.what}`;
  }

  /** Splits the stream into lines; each line is one JSON message. Linear in the bytes received. */
  private receive(chunk: string): void {
    let from = this.buffer.length;
    this.buffer += chunk;
    let nl: number;
    while (!this.failure && (nl = this.buffer.indexOf('\n', from)) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      from = 0;
      if (line !== '') this.message(line);
    }
    if (!this.failure && this.buffer.length > MAX_LINE) this.fail(new QmpError('not-qmp', `the peer at ${this.where} sent more than ${MAX_LINE} bytes without a line end: not QMP`));
  }

  private message(line: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      msg = undefined;
    }
    if (!isObject(msg)) {
      this.fail(new QmpError('not-qmp', `the peer at ${this.where} is not a QMP server: it sent "${excerpt(line)}"`));
      return;
    }
    if (!this.greeted) {
      if (!isObject(msg.QMP)) {
        this.fail(new QmpError('not-qmp', `the peer at ${this.where} is not a QMP server: its first message is ${excerpt(line)}, not a QMP greeting`));
        return;
      }
      this.greeted = true;
      this.settle(this.greetingWaiter, msg.QMP);
      this.greetingWaiter = undefined;
      return;
    }
    if (typeof msg.event === 'string') {
      this.options.onEvent?.(msg as unknown as QmpEvent);
      return;
    }
    if (!('return' in msg) && !isObject(msg.error)) {
      this.fail(new QmpError('not-qmp', `the peer at ${this.where} sent a message that is neither an answer nor an event: ${excerpt(line)}`));
      return;
    }
    // QEMU answers without an id when it could not read the request: that is the oldest one.
    const id = typeof msg.id === 'number' ? msg.id : this.pending.keys().next().value;
    const waiter = id === undefined ? undefined : this.pending.get(id);
    if (!waiter || id === undefined) return;
    this.pending.delete(id);
    if (isObject(msg.error)) {
      const cls = typeof msg.error.class === 'string' ? msg.error.class : 'Error';
      const desc = typeof msg.error.desc === 'string' ? msg.error.desc : excerpt(JSON.stringify(msg.error));
      clearTimeout(waiter.timer);
      waiter.reject(new QmpError('command', `QEMU refused ${waiter.what}: ${desc} (${cls})`, cls));
    } else this.settle(waiter, msg.return);
  }

  private settle(waiter: Waiter | undefined, value: unknown): void {
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.resolve(value);
  }

  /** Fails the client once: rejects every pending call with `error` and closes the socket. */
  private fail(error: QmpError): void {
    if (this.failure) return;
    this.failure = error;
    if (this.abort) this.options.signal?.removeEventListener('abort', this.abort);
    const waiters = [...(this.greetingWaiter ? [this.greetingWaiter] : []), ...this.pending.values()];
    this.greetingWaiter = undefined;
    this.pending.clear();
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    this.socket.destroy();
  }
}
