import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { GdbSource } from './command-line';
import { gdbArguments } from './command-line';
import { NotACoreFile, readCoreFile } from './core-file';
import { isQemuProgram, processExecutable, processExists } from './processes';

/**
 * Why a capture through gdb failed: `input` (no such process, not a core file, no binary: the caller's
 * arguments), `no-gdb` (gdb is not installed), `ptrace` (the kernel refused the attach), `capture` (gdb ran,
 * the extension said why it wrote nothing), `timeout`, `cancelled`.
 */
export type GdbCaptureErrorKind = 'input' | 'no-gdb' | 'ptrace' | 'capture' | 'timeout' | 'cancelled';

/** A failure of a capture through gdb: one clear sentence, and the kind for code to switch on. */
export class GdbCaptureError extends Error {
  override readonly name = 'GdbCaptureError';
  constructor(readonly kind: GdbCaptureErrorKind, message: string, readonly gdbOutput = '') {
    super(message);
  }
}

/** Options of a capture through gdb. */
export interface GdbCaptureOptions {
  /** The gdb extension: gdb/qemu-memmap.py of the package. */
  readonly script: string;
  /** The command that takes the capture, for its header (`qemu-memmap capture --gdb …`, the VS Code command). */
  readonly command: string;
  /** How long gdb may take (ms); 120 s by default. A live QEMU is stopped while gdb is attached (about a second). */
  readonly timeoutMs?: number;
  /** Aborting interrupts gdb (it detaches and writes nothing); the capture rejects with kind `cancelled`. */
  readonly signal?: AbortSignal;
  /** The gdb to run; `gdb` (on PATH) by default. */
  readonly gdb?: string;
}

/** A capture read through gdb. */
export interface GdbCapture {
  /** The capture: the header (with `gdb:` and `binary:` keys), info mtree -o -D, -f, info ramblock, gpa2hva. */
  readonly text: string;
  /** What gdb printed (its warnings), for a log. */
  readonly gdbOutput: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** How long gdb gets to detach after an interrupt, and again after SIGTERM, before it is killed. */
const GRACE_MS = 3_000;
/** gdb's output kept for messages and logs (its tail). */
const MAX_OUTPUT = 256 * 1024;

/**
 * Checks what `source` names before gdb runs: a PID must be a running process; a core file and the QEMU
 * binary must be files, the core an ELF core. Throws a GdbCaptureError of kind `input` that says what is wrong.
 * Returns the source with absolute paths (the capture's header names them; Re-capture reads them back).
 */
export function checkSource(source: GdbSource): GdbSource {
  if (source.kind === 'pid') {
    if (!Number.isSafeInteger(source.pid) || source.pid <= 0) throw new GdbCaptureError('input', `${String(source.pid)} is not a process ID`);
    if (!processExists(source.pid)) throw new GdbCaptureError('input', `no process ${String(source.pid)} is running`);
    if (source.pid === process.pid) throw new GdbCaptureError('input', `process ${String(source.pid)} is this program, not a QEMU`);
    return source;
  }
  const core = resolve(source.core);
  const binary = resolve(source.binary);
  if (!isFile(core)) throw new GdbCaptureError('input', `${core} is not a file (a core file is needed)`);
  try {
    readCoreFile(core);
  } catch (e) {
    if (e instanceof NotACoreFile) throw new GdbCaptureError('input', `${core} is not a core file: ${e.message}`);
    throw new GdbCaptureError('input', `cannot read ${core}: ${(e as Error).message}`);
  }
  if (!isFile(binary)) throw new GdbCaptureError('input', `${binary} is not a file (the QEMU binary that wrote the core is needed)`);
  return { kind: 'core', core, binary };
}

/** True when `path` names a regular file (following links). */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The kernel's Yama ptrace_scope (0 classic, 1 restricted to descendants, 2 admin only, 3 none), when it has Yama. */
function ptraceScope(): number | undefined {
  try {
    return Number(readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** The sentence for gdb's "ptrace: Operation not permitted.": who may attach, and what to change. */
export function ptraceAdvice(pid: number, scope = ptraceScope(), uid = process.getuid?.()): string {
  const parts = [`gdb may not attach to process ${String(pid)} (ptrace: Operation not permitted).`];
  if (uid !== 0) parts.push('Attaching needs the same user as the QEMU and, unless you are root, a kernel that allows it.');
  if (scope !== undefined && scope >= 1) {
    const meaning = scope === 1 ? 'only a parent may attach to its children' : scope === 2 ? 'only root (CAP_SYS_PTRACE) may attach' : 'no process may attach, not even root';
    parts.push(`/proc/sys/kernel/yama/ptrace_scope is ${String(scope)} here: ${meaning}.`);
    if (scope < 3) parts.push('Run as root (sudo), or allow attaching until the next boot with `sudo sysctl kernel.yama.ptrace_scope=0`.');
    else parts.push('That lasts until the next boot; take a core file instead (`kill -ABRT` with core dumps enabled) and capture from it.');
  } else if (uid === 0) {
    parts.push('Even root may not: the process is being debugged already (only one tracer at a time), or a security module (SELinux, AppArmor, a container without CAP_SYS_PTRACE) forbids it.');
  } else {
    parts.push('Run as root (sudo), or as the user that runs the QEMU; a process already being debugged cannot be attached to.');
  }
  return parts.join(' ');
}

/** The reason gdb gave for a failure, out of its stderr (which also holds warnings and noise). */
export function failureMessage(stderr: string, source: GdbSource, status: number | null): { kind: GdbCaptureErrorKind; message: string } {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (source.kind === 'pid') {
    if (lines.some((l) => /^ptrace: Operation not permitted/.test(l))) return { kind: 'ptrace', message: ptraceAdvice(source.pid) };
    if (lines.some((l) => /^ptrace: No such process/.test(l))) return { kind: 'input', message: `process ${String(source.pid)} ended before gdb could attach` };
  } else {
    const core = lines.find((l) => /is not a core dump|not in executable format|No such file or directory/.test(l));
    if (core) return { kind: 'capture', message: `gdb cannot read it: ${core}` };
  }
  const ours = [...lines].reverse().find((l) => l.startsWith('qemu-memmap:'));
  if (ours) {
    let message = ours.slice('qemu-memmap:'.length).trim();
    if (source.kind === 'core' && lines.some((l) => /core file may not match specified executable/.test(l))) {
      message += ` (gdb warned that ${source.core} may not have been written by ${source.binary})`;
    }
    return { kind: 'capture', message };
  }
  const last = lines[lines.length - 1];
  return { kind: 'capture', message: last ? `gdb failed: ${last}` : `gdb exited with status ${String(status)} and said nothing` };
}

/**
 * Runs gdb in batch mode on `source` with the extension (`qemu-memmap capture`), and resolves with the capture
 * it wrote (into a private temp dir, removed afterwards: the caller writes the file it wants). Never a shell:
 * gdb gets an argument array. Rejects with a GdbCaptureError: gdb's reason (the last `qemu-memmap:` line of its
 * stderr), the ptrace refusal explained, a timeout (gdb is interrupted, so that it detaches), a cancel.
 */
export async function captureWithGdb(source: GdbSource, options: GdbCaptureOptions): Promise<GdbCapture> {
  const checked = checkSource(source);
  if (options.signal?.aborted) throw new GdbCaptureError('cancelled', 'the capture was cancelled');
  if (!existsSync(options.script)) throw new GdbCaptureError('input', `the gdb extension ${options.script} is missing`);
  const dir = mkdtempSync(join(tmpdir(), 'qmm-gdb-'));
  const out = join(dir, 'capture.qemu-capture');
  try {
    const run = await runGdb(options.gdb ?? 'gdb', gdbArguments(checked, options.script, out, options.command), options);
    const gdbOutput = run.stderr;
    if (run.error) throw run.error;
    if (run.ended === 'timeout') {
      const what = checked.kind === 'pid' ? `attached to process ${String(checked.pid)}` : `reading ${checked.core}`;
      throw new GdbCaptureError('timeout', `gdb did not finish within ${String((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s (${what}); it was stopped and nothing was written`, gdbOutput);
    }
    if (run.ended === 'cancelled') throw new GdbCaptureError('cancelled', 'the capture was cancelled', gdbOutput);
    if (run.status !== 0 || !existsSync(out)) {
      const f = failureMessage(gdbOutput, checked, run.status);
      const exe = checked.kind === 'pid' && f.kind === 'capture' ? processExecutable(checked.pid) : undefined;
      const notQemu = exe !== undefined && !isQemuProgram(exe) ? ` (process ${String((checked as { pid: number }).pid)} runs ${exe}, which may not be a QEMU)` : '';
      throw new GdbCaptureError(f.kind, f.message + notQemu, gdbOutput);
    }
    const text = readFileSync(out, 'utf8');
    if (!text.startsWith('# qemu-memmap capture\n')) throw new GdbCaptureError('capture', `gdb wrote something that is not a capture (it starts ${JSON.stringify(text.slice(0, 40))})`, gdbOutput);
    return { text, gdbOutput };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface GdbRun {
  readonly status: number | null;
  readonly stderr: string;
  readonly ended: 'exit' | 'timeout' | 'cancelled';
  readonly error?: GdbCaptureError;
}

/**
 * Spawns gdb (no shell, no stdin) and waits for its end. On timeout or abort: SIGINT (gdb interrupts the
 * command, detaches from a live QEMU and exits), then SIGTERM, then SIGKILL, each after a grace period.
 */
function runGdb(gdb: string, args: readonly string[], options: GdbCaptureOptions): Promise<GdbRun> {
  return new Promise((done) => {
    // English messages: the ptrace refusal is recognised by its text.
    const child = spawn(gdb, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C', LANGUAGE: 'C' } });
    let stderr = '';
    const keep = (d: Buffer): void => {
      stderr += d.toString('utf8');
      if (stderr.length > MAX_OUTPUT) stderr = stderr.slice(-MAX_OUTPUT);
    };
    child.stderr.on('data', keep);
    // stdout holds gdb's "qemu-memmap: wrote …" and warnings some gdbs print there: kept with stderr.
    child.stdout.on('data', keep);
    let ended: GdbRun['ended'] = 'exit';
    const timers: NodeJS.Timeout[] = [];
    const stop = (why: 'timeout' | 'cancelled'): void => {
      if (ended !== 'exit') return;
      ended = why;
      const signal = (s: NodeJS.Signals): void => {
        if (child.exitCode === null && child.signalCode === null) child.kill(s);
      };
      signal('SIGINT');
      timers.push(setTimeout(() => signal('SIGTERM'), GRACE_MS), setTimeout(() => signal('SIGKILL'), 2 * GRACE_MS));
    };
    timers.push(setTimeout(() => stop('timeout'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    const onAbort = (): void => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let finished = false;
    const finish = (run: GdbRun): void => {
      if (finished) return; // a spawn failure is followed by 'close'
      finished = true;
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener('abort', onAbort);
      done(run);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      const error = e.code === 'ENOENT'
        ? new GdbCaptureError('no-gdb', `${gdb} is not installed or not on PATH (Debian: apt-get install gdb)`)
        : new GdbCaptureError('capture', `cannot run ${gdb}: ${e.message}`);
      finish({ status: null, stderr, ended, error });
    });
    child.once('close', (status) => finish({ status, stderr, ended }));
  });
}
