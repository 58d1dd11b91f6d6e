import * as vscode from 'vscode';
import { headerValueIn } from '../../core/capture/header';
import { splitLines } from '../../core/capture/lines';
import { parseQmpAddress } from '../../qmp/address';
import { parseGdbOrigin } from '../../gdb/origin';
import { baseName } from '../editor';
import { loadQmp } from '../qmp-bundle';
import { qmpAddress } from '../settings';
import type { Services } from './services';
import { targetDocument } from './services';
import { askTarget, localTarget, openCapture, trusted } from './capture-file';
import { recaptureFromGdb } from './gdb-capture';

/** Where the last capture's QMP address is kept (global state: it names a socket on this machine). */
const LAST_ADDRESS = 'qemuMemmap.qmp.lastAddress';
/** Lines of a capture that hold its header. */
const HEADER_LINES = 20;

/** Refuses in an untrusted workspace (with a message): a capture opens a socket and writes a file. */
function trustedForQmp(): boolean {
  return vscode.workspace.isTrusted || trusted('capturing from QEMU opens a QMP connection');
}

/** The address given, else asked for (pre-filled with the last one used, else the `qemuMemmap.qmp.address` setting). */
async function askAddress(s: Services, given: unknown): Promise<string | undefined> {
  if (typeof given === 'string' && given.trim() !== '') return given.trim();
  return vscode.window.showInputBox({
    title: 'QEMU Memory: Capture from QEMU',
    prompt: 'QMP address of a running QEMU (started with -qmp unix:PATH,server=on,wait=off or -qmp tcp:HOST:PORT,server=on,wait=off)',
    placeHolder: 'unix:/tmp/qemu/qmp.sock or tcp:127.0.0.1:4444',
    value: s.context.globalState.get<string>(LAST_ADDRESS) ?? qmpAddress(),
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        parseQmpAddress(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
}

/**
 * Captures from `address` into `target` (temp file, then rename) under a cancellable progress notification,
 * then opens it. Failures are shown, not thrown; resolves to the URI written.
 */
async function captureInto(s: Services, address: string, target: vscode.Uri, command: string): Promise<vscode.Uri | undefined> {
  if (!localTarget(target)) return undefined;
  const { QmpError, LiveCaptureError, captureFromQmp, writeFileAtomically } = loadQmp(s.context);
  try {
    const capture = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `QEMU Memory: capturing from ${address}…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        return captureFromQmp(address, { command, signal: abort.signal }).finally(() => cancel.dispose());
      },
    );
    writeFileAtomically(target.fsPath, capture.text);
    await s.context.globalState.update(LAST_ADDRESS, address);
    s.output.appendLine(`Captured ${address} into ${target.fsPath} (${capture.probes.length} gpa2hva probes).`);
  } catch (e) {
    if (e instanceof QmpError && e.kind === 'cancelled') return undefined;
    const message = e instanceof QmpError || e instanceof LiveCaptureError ? e.message : `cannot write ${target.fsPath}: ${(e as Error).message}`;
    s.output.appendLine(`Capture from ${address} failed: ${message}`);
    void vscode.window.showErrorMessage(`QEMU Memory: capture failed: ${message}`);
    return undefined;
  }
  await openCapture(target);
  return target;
}

/**
 * `qemu-memmap.captureFromQemu [address] [target]`: asks for a running QEMU's QMP address and where to save,
 * takes a capture (info mtree -o -D, info mtree -f, info ramblock, gpa2hva probes) and opens it.
 */
export async function captureFromQemu(s: Services, addressArg?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> {
  if (!trustedForQmp()) return undefined;
  const address = await askAddress(s, addressArg);
  if (address === undefined) return undefined;
  const target = await askTarget(targetArg);
  if (!target) return undefined;
  return captureInto(s, address, target, 'VS Code: QEMU Memory: Capture from QEMU');
}

/**
 * `qemu-memmap.recapture [uri]`: takes the capture again into the same file, from the QMP address its header
 * names (else the last one used, else asked for). A capture that came through gdb (a `gdb:` header key and no
 * `qmp:`) is taken again through gdb from the same process or core file, or the user is told why it cannot be.
 * A document with unsaved changes is left alone.
 */
export async function recapture(s: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  if (!trusted('capturing from QEMU again opens a QMP connection or starts gdb')) return undefined;
  const doc = await targetDocument(s, arg);
  if (!doc || doc.uri.scheme !== 'file') return captureFromQemu(s);
  if (doc.isDirty) {
    void vscode.window.showWarningMessage(`QEMU Memory: ${baseName(doc.uri)} has unsaved changes; save or revert it before re-capturing into it.`);
    return undefined;
  }
  const header = splitLines(doc.getText(new vscode.Range(0, 0, HEADER_LINES, 0))).lines;
  const qmp = headerValueIn(header, 'qmp');
  const gdb = headerValueIn(header, 'gdb');
  if (qmp === undefined && gdb !== undefined) {
    const origin = parseGdbOrigin(gdb, headerValueIn(header, 'binary'));
    if (origin) return recaptureFromGdb(s, doc.uri, origin);
    void vscode.window.showErrorMessage(`QEMU Memory: ${baseName(doc.uri)} came through gdb ("gdb: ${gdb}"), from neither a process nor a core file that can be read again; use Capture from gdb… or Capture from QEMU….`);
    return undefined;
  }
  const address = qmp ?? (await askAddress(s, undefined));
  if (address === undefined) return undefined;
  return captureInto(s, address, doc.uri, 'VS Code: QEMU Memory: Re-capture from QEMU');
}
