import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

/** A running QEMU, as /proc shows it. */
export interface QemuProcess {
  readonly pid: number;
  /** The executable (/proc/PID/exe), when it can be read (another user's process: not without privileges). */
  readonly exe?: string;
  /** The command line, one word per element. */
  readonly argv: readonly string[];
}

function readOr<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Whether a process with this PID exists (it may belong to another user). */
export function processExists(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The executable a process runs (/proc/PID/exe, without " (deleted)"), or undefined when it cannot be read. */
export function processExecutable(pid: number, proc = '/proc'): string | undefined {
  return readOr(() => readlinkSync(`${proc}/${String(pid)}/exe`))?.replace(/ \(deleted\)$/, '');
}

/** True when the program name is a QEMU system emulator (qemu-system-ARCH, and Red Hat's qemu-kvm). */
export function isQemuProgram(path: string): boolean {
  return /^(qemu-system-[\w.-]+|qemu-kvm)$/.test(basename(path));
}

/**
 * The running QEMU system emulators (their executable or argv[0] named qemu-system-*), newest PID first,
 * read from /proc (Linux). Empty where there is no /proc.
 */
export function qemuProcesses(proc = '/proc'): QemuProcess[] {
  const pids = (readOr(() => readdirSync(proc)) ?? []).filter((d) => /^\d+$/.test(d)).map(Number);
  const found: QemuProcess[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const raw = readOr(() => readFileSync(`${proc}/${String(pid)}/cmdline`, 'utf8'));
    if (!raw) continue; // kernel threads have no command line; the process may have ended meanwhile
    const argv = raw.replace(/\0$/, '').split('\0');
    const exe = processExecutable(pid, proc);
    if (!isQemuProgram(exe ?? '') && !isQemuProgram(argv[0] ?? '')) continue;
    found.push({ pid, argv, ...(exe !== undefined ? { exe } : {}) });
  }
  return found.sort((a, b) => b.pid - a.pid);
}
