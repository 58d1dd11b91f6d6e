import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { headerValueIn } from '../../src/core/capture/header';

/** The repository (the tests run from out/test/gdb/). */
export const REPO = resolve(__dirname, '..', '..', '..');
/** The extension under test. */
export const EXTENSION = join(REPO, 'gdb', 'qemu-memmap.py');
/** The CLI (`npm run build` makes it). */
export const CLI = join(REPO, 'dist', 'cli.js');
/** The QEMU versions scripts/build-debug-qemu.sh builds. */
export const DEBUG_VERSIONS = ['7.2', '10.0'] as const;
/** QEMU with debug info, as scripts/build-debug-qemu.sh VERSION builds it; $QMM_DEBUG_QEMU overrides 7.2's. */
export function debugQemu(version: (typeof DEBUG_VERSIONS)[number]): string {
  const built = join(homedir(), '.cache', 'qemu-memmap', `build-${version}`, 'qemu-system-x86_64');
  return version === '7.2' ? process.env.QMM_DEBUG_QEMU ?? built : built;
}
/** Debian's QEMU, which has no debug info. */
export const DEBIAN_QEMU = '/usr/bin/qemu-system-x86_64';
/** Where the debug build finds its firmware (the build tree has none). */
export const FIRMWARE = ['-L', '/usr/share/seabios', '-L', '/usr/share/qemu', '-L', '/usr/lib/ipxe/qemu'];

/** Why gdb cannot run here (it is not installed), or undefined. */
export function noGdb(): string | undefined {
  return spawnSync('gdb', ['--version'], { encoding: 'utf8' }).status === 0 ? undefined : 'gdb is not installed (apt-get install gdb)';
}

/** Why the gdb tests cannot run here, or undefined when they can. */
export function missing(binary: string, version = '7.2'): string | undefined {
  if (!existsSync(binary)) return `${binary} is absent: build it with \`bash scripts/build-debug-qemu.sh ${version}\` (see docs/gdb-capture.md)${version === '7.2' ? ', or set QMM_DEBUG_QEMU' : ''}`;
  const gdb = noGdb();
  if (gdb) return gdb;
  if (!existsSync(CLI)) return `${CLI} is absent: run \`npm run build\``;
  return undefined;
}

/** Why the tests of Debian's QEMU (which has no debug info) cannot run here, or undefined. */
export function debianQemuMissing(): string | undefined {
  if (!existsSync(DEBIAN_QEMU)) return `${DEBIAN_QEMU} is absent (apt-get install qemu-system-x86)`;
  return missing(DEBIAN_QEMU);
}

/** A paused QEMU (TCG) with QMP on a unix socket in its own temp dir. */
export interface PausedQemu {
  readonly pid: number;
  readonly dir: string;
  /** `unix:DIR/qmp.sock` */
  readonly qmp: string;
  output(): string;
  /** Kills this QEMU by its PID, waits for it, removes the temp dir. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts `binary` paused (`-S`, TCG with a 16 MiB translation buffer so that a core file stays small, no NIC,
 * no display, no monitor) with `args`, and resolves once its QMP socket exists.
 */
export async function startPaused(binary: string, args: readonly string[]): Promise<PausedQemu> {
  const dir = mkdtempSync(join(tmpdir(), 'qmm-gdb-'));
  const socket = join(dir, 'qmp.sock');
  const child = spawn(binary, [...FIRMWARE, '-S', '-accel', 'tcg,tb-size=16', '-nic', 'none', '-display', 'none',
    '-monitor', 'none', '-qmp', `unix:${socket},server=on,wait=off`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => void (output += d.toString()));
  let failed: Error | undefined;
  child.once('error', (e) => void (failed = e));
  const qemu: PausedQemu = {
    pid: child.pid ?? -1,
    dir,
    qmp: `unix:${socket}`,
    output: () => output,
    stop: async () => {
      if (!exited(child) && child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await new Promise<void>((done) => {
          const t = setTimeout(done, 5000);
          child.once('exit', () => {
            clearTimeout(t);
            done();
          });
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 30_000;
  while (!existsSync(socket)) {
    if (failed || exited(child) || Date.now() > deadline) {
      await qemu.stop();
      throw new Error(`QEMU did not open its QMP socket: ${failed?.message ?? output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return qemu;
}

/** Runs a command to its end (stdout and stderr as text). */
export function run(command: string, args: readonly string[], timeoutMs = 120_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
}

/** gdb in batch mode, without any init file or debuginfod, with the extension loaded, then `commands`. */
export function gdbBatch(target: readonly string[], commands: readonly string[]): SpawnSyncReturns<string> {
  return run('gdb', ['-batch', '-nx', '-iex', 'set debuginfod enabled off', ...target, '-x', EXTENSION,
    ...commands.flatMap((c) => ['-ex', c])]);
}

/** `node dist/cli.js ARGS`. */
export function cli(args: readonly string[]): SpawnSyncReturns<string> {
  return run(process.execPath, [CLI, ...args]);
}

/** A field of a capture's `# qemu-memmap capture` header. */
export function header(text: string, key: string): string | undefined {
  return headerValueIn(text.split('\n'), key);
}

/** A paused QEMU for `body`, stopped afterwards; a failure says what QEMU printed. */
export async function withQemu(binary: string, args: readonly string[], body: (q: PausedQemu) => Promise<void> | void): Promise<void> {
  const q = await startPaused(binary, args);
  try {
    await body(q);
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nQEMU said: ${q.output().trim()}`, { cause: e });
  } finally {
    await q.stop();
  }
}

/** From `(qemu) info ramblock` to the end: RAMBlocks and gpa2hva answers, whose order QEMU fixes. */
export function ramblockAndAnswers(text: string): string {
  const at = text.indexOf('(qemu) info ramblock\n');
  assert.ok(at >= 0, 'the capture has info ramblock');
  return text.slice(at);
}
