import type { NetConnectOpts } from 'node:net';

/** Where a QMP server listens: `unix:PATH` or `tcp:HOST:PORT` (as QEMU's -qmp option spells them). */
export type QmpAddress = { readonly kind: 'unix'; readonly path: string } | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

/** Reads `unix:PATH` or `tcp:HOST:PORT` (`tcp:[::1]:4444` for IPv6); throws a sentence saying what is wrong. */
export function parseQmpAddress(text: string): QmpAddress {
  const t = text.trim();
  if (t.startsWith('unix:')) {
    // QEMU's own -qmp spelling may carry options (unix:PATH,server=on,wait=off): only the path matters here.
    const path = t.slice(5).split(',')[0] ?? '';
    if (path === '') throw new Error(`QMP address "${text}" has no socket path after unix:`);
    return { kind: 'unix', path };
  }
  if (t.startsWith('tcp:')) {
    const m = /^tcp:(\[[^\]]+\]|[^:,]+):(\d{1,5})(?:,.*)?$/.exec(t);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) throw new Error(`QMP address "${text}" is not tcp:HOST:PORT with a port from 1 to 65535`);
    const host = (m[1] as string).replace(/^\[(.*)\]$/, '$1');
    return { kind: 'tcp', host, port };
  }
  throw new Error(`QMP address "${text}" must be unix:PATH or tcp:HOST:PORT`);
}

/** The address as the user writes it. */
export function formatQmpAddress(a: QmpAddress): string {
  return a.kind === 'unix' ? `unix:${a.path}` : `tcp:${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/** Options for net.createConnection. */
export function connectOptions(a: QmpAddress): NetConnectOpts {
  return a.kind === 'unix' ? { path: a.path } : { host: a.host, port: a.port };
}
