import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { GdbSource, QemuProcess } from '../../gdb';
import { GDB_SCRIPT, GdbCaptureError, captureWithGdb, isFile, processExecutable, processExists, qemuProcesses, readCoreFile } from '../../gdb';
import type { GdbOrigin } from '../../gdb';
import { baseName, uriArgument } from '../editor';
import { writeFileAtomically } from '../../qmp/write-file';
import { askTarget, localTarget, openCapture, stamp, trusted } from './capture-file';
import type { Services } from './services';

/** What an untrusted workspace is told. */
const REFUSED = 'capturing through gdb starts gdb, which attaches to a process or reads a core file';

interface SourceItem extends vscode.QuickPickItem {
  readonly pick: 'pid' | 'core' | 'other-pid';
  readonly pid?: number;
}

/** A command line shortened for a quick pick's detail line. */
function shortArgs(argv: readonly string[]): string {
  const text = argv.slice(1).join(' ');
  return text.length > 240 ? `${text.slice(0, 237)}...` : text;
}

/** `-name guest=NAME,…` or `-name NAME` of a QEMU's command line, else its `-M`/`-machine`. */
function describe(p: QemuProcess): string {
  const value = (flag: string): string | undefined => {
    const i = p.argv.findIndex((a) => a === flag || a === `-${flag}`);
    return i >= 0 ? p.argv[i + 1] : undefined;
  };
  const name = value('-name')?.split(',').map((part) => part.replace(/^guest=/, ''))[0];
  if (name) return name;
  const machine = value('-M') ?? value('-machine');
  return machine ? `-M ${machine.split(',')[0] ?? machine}` : '';
}

/** The quick pick's items: the running QEMUs (newest first), then a core file or another process ID. */
function sourceItems(): SourceItem[] {
  const running = qemuProcesses().map((p): SourceItem => ({
    pick: 'pid',
    pid: p.pid,
    label: `$(vm) ${basename(p.exe ?? p.argv[0] ?? 'qemu')} (PID ${String(p.pid)})`,
    description: describe(p),
    detail: shortArgs(p.argv),
  }));
  return [
    ...running,
    { pick: 'core', label: '$(file) Core file…', detail: 'A core dump of a QEMU (for instance after a crash): gdb reads it with the QEMU binary that wrote it.', alwaysShow: true },
    { pick: 'other-pid', label: '$(symbol-number) Another process ID…', detail: 'A QEMU that is not listed (its program is not named qemu-system-*).', alwaysShow: true },
  ];
}

/** A process ID typed by the user (validated as a running process). */
async function askPid(): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'QEMU Memory: Capture from gdb',
    prompt: 'The process ID of a running QEMU (gdb attaches to it; QEMU stops for about a second)',
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d+$/.test(v.trim()) && processExists(Number(v.trim())) ? undefined : `no process ${v.trim()} is running`),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** A core file picked in an open dialog. */
async function askCore(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ title: 'QEMU Memory: the core file of a QEMU', openLabel: 'Capture from This Core', canSelectMany: false });
  const uri = picked?.[0];
  if (uri && !localTarget(uri)) return undefined;
  return uri?.fsPath;
}

/**
 * The QEMU binary that wrote `core`: the one the core names (its NT_FILE mappings), offered first when it is on
 * this machine, else picked in an open dialog.
 */
async function askBinary(core: string): Promise<string | undefined> {
  let named: string | undefined;
  let args: string | undefined;
  try {
    const info = readCoreFile(core);
    named = info.executable;
    args = info.args;
  } catch (e) {
    const why = (e as Error).message;
    void vscode.window.showErrorMessage(`QEMU Memory: ${core} is not a core file gdb can read: ${why}.`);
    return undefined;
  }
  const pickFile = async (): Promise<string | undefined> => {
    const picked = await vscode.window.showOpenDialog({
      title: `QEMU Memory: the QEMU binary that wrote ${basename(core)}${args ? ` (${args})` : ''}`,
      openLabel: 'Use This QEMU',
      canSelectMany: false,
      ...(named ? { defaultUri: vscode.Uri.file(named) } : {}),
    });
    return picked?.[0]?.fsPath;
  };
  if (named === undefined || !isFile(named)) return pickFile();
  const choice = await vscode.window.showQuickPick([
    { label: `$(check) ${basename(named)}`, description: 'named in the core file', detail: named, use: named },
    { label: '$(folder-opened) Another QEMU binary…', detail: 'When the binary moved, or has its debug info elsewhere.', use: undefined },
  ], { title: `QEMU Memory: the QEMU binary that wrote ${basename(core)}`, ignoreFocusOut: true });
  if (!choice) return undefined;
  return choice.use ?? pickFile();
}


/** A path from a command argument: a URI (string or vscode.Uri) or a plain path. */
function pathArgument(arg: unknown): string | undefined {
  return uriArgument(arg)?.fsPath ?? (typeof arg === 'string' && arg.trim() !== '' ? arg : undefined);
}

/**
 * The source named by the command's arguments: a PID (number or digits), or a core file (path or URI) with
 * `binary` (asked for when not given); undefined (ask for everything) without `given`, or when the user cancels.
 */
async function sourceArgument(given: unknown, binary: unknown): Promise<GdbSource | undefined> {
  if (typeof given === 'number') return { kind: 'pid', pid: given };
  if (typeof given === 'string' && /^\d+$/.test(given.trim())) return { kind: 'pid', pid: Number(given.trim()) };
  const core = pathArgument(given);
  if (core === undefined) return askSource();
  const qemu = pathArgument(binary) ?? (await askBinary(core));
  return qemu === undefined ? undefined : { kind: 'core', core, binary: qemu };
}

/** Asks what to capture: a running QEMU from /proc, a core file (then its binary), or a typed process ID. */
async function askSource(): Promise<GdbSource | undefined> {
  const choice = await vscode.window.showQuickPick(sourceItems(), {
    title: 'QEMU Memory: Capture from gdb',
    placeHolder: 'A running QEMU (gdb attaches and stops it for about a second), or a core file',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  if (choice.pick === 'pid' && choice.pid !== undefined) return { kind: 'pid', pid: choice.pid };
  if (choice.pick === 'other-pid') {
    const pid = await askPid();
    return pid === undefined ? undefined : { kind: 'pid', pid };
  }
  const core = await askCore();
  if (core === undefined) return undefined;
  const binary = await askBinary(core);
  return binary === undefined ? undefined : { kind: 'core', core, binary };
}

/**
 * Captures `source` through gdb into `target` (temp file, then rename) under a cancellable progress notification,
 * then opens it. Failures are shown (and logged with gdb's output), not thrown; resolves to the URI written.
 */
async function gdbCaptureInto(s: Services, source: GdbSource, target: vscode.Uri, command: string): Promise<vscode.Uri | undefined> {
  if (!localTarget(target)) return undefined;
  const what = source.kind === 'pid' ? `process ${String(source.pid)}` : `core file ${source.core}`;
  try {
    const capture = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `QEMU Memory: capturing ${what} through gdb…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        return captureWithGdb(source, { script: s.context.asAbsolutePath(GDB_SCRIPT), command, signal: abort.signal }).finally(() => cancel.dispose());
      },
    );
    writeFileAtomically(target.fsPath, capture.text);
    s.output.appendLine(`Captured ${what} through gdb into ${target.fsPath}.`);
  } catch (e) {
    if (e instanceof GdbCaptureError && e.kind === 'cancelled') return undefined;
    const message = e instanceof GdbCaptureError ? e.message : `cannot write ${target.fsPath}: ${(e as Error).message}`;
    s.output.appendLine(`Capture of ${what} through gdb failed: ${message}`);
    if (e instanceof GdbCaptureError && e.gdbOutput.trim() !== '') s.output.appendLine(`gdb said:\n${e.gdbOutput.trimEnd()}`);
    void vscode.window.showErrorMessage(`QEMU Memory: capture through gdb failed: ${message}`);
    return undefined;
  }
  await openCapture(target);
  return target;
}

/**
 * `qemu-memmap.captureFromGdb [source] [target] [binary]`: asks for a running QEMU (the qemu-system-* processes
 * /proc lists, or a typed PID) or a core file and the QEMU binary that wrote it, then where to save; runs gdb
 * with gdb/qemu-memmap.py and opens the capture. `source` may be a PID or a core file's path or URI (then
 * `binary` names the QEMU).
 */
export async function captureFromGdb(s: Services, sourceArg?: unknown, targetArg?: unknown, binaryArg?: unknown): Promise<vscode.Uri | undefined> {
  if (!trusted(REFUSED)) return undefined;
  const source = await sourceArgument(sourceArg, binaryArg);
  if (!source) return undefined;
  const name = source.kind === 'pid' ? `qemu-${String(source.pid)}-${stamp(new Date())}.qemu-capture` : `${basename(source.core)}-${stamp(new Date())}.qemu-capture`;
  const target = await askTarget(targetArg, name);
  if (!target) return undefined;
  return gdbCaptureInto(s, source, target, 'VS Code: QEMU Memory: Capture from gdb');
}

/** The same file, whatever the path's spelling (symlinks, `..`); false when either cannot be resolved. */
function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * Re-capture of a capture that came through gdb: from the same process when it still runs the same QEMU binary,
 * or from the same core file and binary when both are still there; otherwise says why not (nothing is written).
 */
export async function recaptureFromGdb(s: Services, uri: vscode.Uri, origin: GdbOrigin): Promise<vscode.Uri | undefined> {
  const file = baseName(uri);
  const refuse = (why: string): undefined => {
    void vscode.window.showErrorMessage(`QEMU Memory: cannot re-capture ${file}: ${why} Use Capture from gdb… to pick a running QEMU or a core file.`);
    return undefined;
  };
  let source: GdbSource;
  if (origin.kind === 'pid') {
    if (!processExists(origin.pid)) return refuse(`it came through gdb from QEMU process ${String(origin.pid)}, which is no longer running.`);
    const exe = processExecutable(origin.pid);
    if (exe !== undefined && origin.binary !== undefined && !sameFile(exe, origin.binary)) {
      return refuse(`process ${String(origin.pid)} now runs ${exe}, not ${origin.binary}, the QEMU this capture came from (the PID was reused).`);
    }
    source = { kind: 'pid', pid: origin.pid };
  } else {
    if (origin.binary === undefined) return refuse(`it came through gdb from core file ${origin.core}, but its header names no QEMU binary ("# binary:").`);
    if (!isFile(origin.core)) return refuse(`it came through gdb from core file ${origin.core}, which is no longer there.`);
    if (!isFile(origin.binary)) return refuse(`the QEMU binary ${origin.binary} that read its core file is no longer there.`);
    source = { kind: 'core', core: origin.core, binary: origin.binary };
  }
  return gdbCaptureInto(s, source, uri, 'VS Code: QEMU Memory: Re-capture from QEMU');
}
