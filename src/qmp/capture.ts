import type { LiveCapture, LiveCaptureInfo } from '../core/live';
import { captureTranscript } from '../core/live';
import type { QmpOptions } from './client';
import { QmpClient, QmpError, isObject } from './client';

/** Options of a live capture. */
export interface QmpCaptureOptions extends QmpOptions {
  /** The command that takes the capture, for its header (`qemu-memmap capture …`, the VS Code command). */
  readonly command: string;
  /** The clock (tests fix it). */
  readonly now?: () => Date;
}

/** `7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)` from query-version's answer. */
function versionText(v: unknown): string {
  const q = isObject(v) && isObject(v.qemu) ? v.qemu : undefined;
  if (!q) throw new QmpError('not-qmp', `query-version answered ${JSON.stringify(v)}, not a QEMU version`);
  const pkg = isObject(v) && typeof v.package === 'string' ? v.package.trim().replace(/^\((.*)\)$/, '$1') : '';
  return `${String(q.major)}.${String(q.minor)}.${String(q.micro)}${pkg ? ` (${pkg})` : ''}`;
}

/** The machine type (`pc-i440fx-7.2`), or undefined when QEMU does not say (qom-get is not in every build's schema). */
async function machineType(client: QmpClient): Promise<string | undefined> {
  try {
    const type = await client.execute('qom-get', { path: '/machine', property: 'type' });
    return typeof type === 'string' ? type.replace(/-machine$/, '') : undefined;
  } catch (e) {
    if (e instanceof QmpError && e.kind === 'command') return undefined;
    throw e;
  }
}

/**
 * Connects to QMP at `address`, reads QEMU's version, target, name and machine type, and takes a capture
 * (see captureTranscript). Rejects with a QmpError (connection, timeout, QEMU gone, not QMP) or a
 * LiveCaptureError (an answer that is not what the command prints).
 */
export async function captureFromQmp(address: string, options: QmpCaptureOptions): Promise<LiveCapture> {
  const time = (options.now ?? (() => new Date()))().toISOString();
  const client = await QmpClient.connect(address, options);
  try {
    const qemu = versionText(await client.execute('query-version'));
    const target = await client.execute('query-target');
    const name = await client.execute('query-name');
    const info: LiveCaptureInfo = {
      qemu,
      target: isObject(target) && typeof target.arch === 'string' ? target.arch : 'unknown',
      ...optional('machine', await machineType(client)),
      ...optional('name', isObject(name) && typeof name.name === 'string' ? name.name : undefined),
      time,
      command: options.command,
      qmp: address.trim(),
    };
    return await captureTranscript((commandLine) => client.hmp(commandLine), info);
  } finally {
    client.close();
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
