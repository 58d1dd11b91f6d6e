import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient } from '../../src/qmp';

/** The QEMU the live tests run: $QMM_QEMU, else Debian's (scripts/setup.sh installs qemu-system-x86). */
export const QEMU_BINARY = process.env.QMM_QEMU ?? '/usr/bin/qemu-system-x86_64';

/** A paused QEMU with QMP on a unix socket in its own temp dir. */
export interface RunningQemu {
  readonly pid: number;
  readonly dir: string;
  /** `unix:DIR/qmp.sock` */
  readonly address: string;
  /** Everything QEMU printed. */
  output(): string;
  /** True once the process has exited. */
  exited(): boolean;
  /** Kills QEMU by its PID (if still running), waits for it, and removes the temp dir. */
  stop(): Promise<void>;
}

function waitExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * Starts QEMU (TCG, paused with -S, no NIC, no display, no HMP monitor) with `args`, and resolves once its
 * QMP socket exists. The caller must call stop(), in a finally.
 */
export async function startQemu(args: readonly string[], binary = QEMU_BINARY, extra: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<RunningQemu> {
  if (!existsSync(binary)) throw new Error(`${binary} not found: run scripts/setup.sh (it installs Debian's qemu-system-x86) or set QMM_QEMU`);
  const dir = mkdtempSync(join(tmpdir(), 'qmm-live-'));
  const socket = join(dir, 'qmp.sock');
  const child = spawn(binary, [...extra, '-S', '-accel', 'tcg', '-nic', 'none', '-display', 'none', '-monitor', 'none',
    '-qmp', `unix:${socket},server=on,wait=off`, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => void (output += d.toString()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const qemu: RunningQemu = {
    pid: child.pid ?? -1,
    dir,
    address: `unix:${socket}`,
    output: () => output,
    exited,
    stop: async () => {
      if (!exited() && child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await waitExit(child, 5000);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 20_000;
  let failed: Error | undefined;
  void spawnError.then((e) => void (failed = e));
  while (!existsSync(socket)) {
    if (failed || exited() || Date.now() > deadline) {
      await qemu.stop();
      throw new Error(`QEMU did not open its QMP socket: ${failed?.message ?? output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return qemu;
}

/** Runs `body` with a QMP client of `qemu`, closed afterwards. */
export async function withQmp<T>(qemu: RunningQemu, body: (client: QmpClient) => Promise<T>): Promise<T> {
  const client = await QmpClient.connect(qemu.address, { timeoutMs: 20_000 });
  try {
    return await body(client);
  } finally {
    client.close();
  }
}

/** QEMU 10 unpacked by scripts/install-qemu10.sh, when present: its binary, options and environment. */
export function qemu10(): { binary: string; extra: string[]; env: NodeJS.ProcessEnv } | undefined {
  const prefix = '/opt/qemu-10';
  const binary = join(prefix, 'usr/bin/qemu-system-x86_64');
  if (!existsSync(binary)) return undefined;
  return {
    binary,
    extra: ['-L', join(prefix, 'usr/share/qemu'), '-L', join(prefix, 'usr/share/seabios')],
    env: { ...process.env, QEMU_MODULE_DIR: join(prefix, 'usr/lib/x86_64-linux-gnu/qemu') },
  };
}
