import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeDocument, formatGpa2hva, gpa2hva } from '../../src/core';
import { FIXTURES } from '../shared/fixtures';

/** A QMP request as the client sent it. */
export interface Request {
  readonly execute: string;
  readonly arguments?: Record<string, unknown>;
  readonly id?: unknown;
}

/** A fake peer listening on a unix socket in a private temp dir. */
export interface FakePeer {
  readonly dir: string;
  readonly address: string;
  /** Every request received, in order. */
  readonly requests: Request[];
  /** Files in the temp dir other than the socket. */
  files(): string[];
  close(): Promise<void>;
}

/** Starts a peer that runs `onConnection` for each client. */
export async function fakePeer(onConnection: (socket: Socket, peer: FakePeer) => void): Promise<FakePeer> {
  const dir = mkdtempSync(join(tmpdir(), 'qmm-fakeqmp-'));
  const path = join(dir, 'qmp.sock');
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onConnection(s, peer);
  });
  const peer: FakePeer = {
    dir,
    address: `unix:${path}`,
    requests: [],
    files: () => readdirSync(dir).filter((f) => f !== 'qmp.sock'),
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      });
    }),
  };
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return peer;
}

/** Reads newline-separated JSON requests from a socket. */
export function onRequests(socket: Socket, peer: FakePeer, handle: (r: Request) => void): void {
  let buf = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    buf += d;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line === '') continue;
      const r = JSON.parse(line) as Request;
      peer.requests.push(r);
      handle(r);
    }
  });
}

export const GREETING = { QMP: { version: { qemu: { micro: 22, minor: 2, major: 7 }, package: 'Debian 1:7.2+dfsg-7+deb12u18+b3' }, capabilities: ['oob'] } };

/**
 * A QEMU-like QMP peer: sends the greeting, then answers each request with `answer(request)`: a value
 * becomes `return`, `{ error }` an error reply, `undefined` no answer at all.
 */
export function qmpPeer(answer: (r: Request, socket: Socket) => unknown): Promise<FakePeer> {
  return fakePeer((socket, peer) => {
    socket.write(JSON.stringify(GREETING) + '\r\n');
    onRequests(socket, peer, (r) => {
      if (r.execute === 'qmp_capabilities') {
        socket.write(JSON.stringify({ return: {}, id: r.id }) + '\r\n');
        return;
      }
      const a = answer(r, socket);
      if (a === undefined || socket.destroyed) return;
      const msg = typeof a === 'object' && a !== null && 'error' in a ? { ...a, id: r.id } : { return: a, id: r.id };
      socket.write(JSON.stringify(msg) + '\r\n');
    });
  });
}

/** The HMP texts of one fixture machine, with a gpa2hva that answers as that QEMU did (host bases from its gpa2hva.txt). */
export function fixtureMonitor(version: string, config: string): (commandLine: string) => string | undefined {
  const read = (file: string): string => readFileSync(join(FIXTURES, version, config, file), 'utf8');
  const texts = new Map([
    ['info mtree -o -D', read('mtree-o-D.txt')],
    ['info mtree -f', read('mtree-f.txt')],
    ['info ramblock', read('ramblock.txt')],
  ]);
  const model = analyzeDocument(read('mtree-D.txt') + read('mtree-f.txt') + read('ramblock.txt') + read('gpa2hva.txt')).model;
  return (commandLine) => {
    const text = texts.get(commandLine);
    if (text !== undefined) return text.replace(/\n/g, '\r\n');
    const m = /^gpa2hva (0x[0-9a-f]+)$/.exec(commandLine);
    if (m && model) return formatGpa2hva(gpa2hva(model, BigInt(m[1] as string))) + '\r\n';
    return undefined;
  };
}

/**
 * A QMP peer that answers as the fixture machine's QEMU would; `hmp` can override single HMP answers (text to
 * send instead, `null` for no answer at all, `undefined` for the fixture's answer).
 */
export function fixtureQemu(version: string, config: string, hmp?: (commandLine: string, socket: Socket) => unknown): Promise<FakePeer> {
  const monitor = fixtureMonitor(version, config);
  return qmpPeer((r, socket) => {
    switch (r.execute) {
      case 'query-version': return GREETING.QMP.version;
      case 'query-target': return { arch: 'x86_64' };
      case 'query-name': return {};
      case 'qom-get': return 'pc-i440fx-7.2-machine';
      case 'human-monitor-command': {
        const line = String(r.arguments?.['command-line']);
        const override = hmp?.(line, socket);
        if (override === null || socket.destroyed) return undefined;
        if (override !== undefined) return override;
        return monitor(line) ?? `unknown command: '${line}'\r\n`;
      }
      default: return { error: { class: 'CommandNotFound', desc: `The command ${r.execute} has not been found` } };
    }
  });
}
