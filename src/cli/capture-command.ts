import { LiveCaptureError } from '../core/service';
import { QmpError, captureFromQmp, writeFileAtomically } from '../qmp';
import { parseArgs } from './args';
import type { Io } from './io';
import { UsageError } from './io';

/**
 * `qemu-memmap capture --qmp unix:PATH|tcp:HOST:PORT [-o FILE] [--timeout MS]`: takes a capture from a running
 * QEMU and writes it to FILE (atomically) or stdout. Exit 0 on success, 1 when the capture failed (nothing is
 * written then), 2 on usage errors or when FILE cannot be written.
 */
export async function runCapture(io: Io, args: readonly string[]): Promise<number> {
  const a = parseArgs(args, [], ['--qmp', '--out', '--timeout']);
  const address = a.values.get('--qmp');
  if (address === undefined) throw new UsageError('capture needs --qmp unix:PATH or --qmp tcp:HOST:PORT');
  if (a.rest.length > 0) throw new UsageError(`capture takes no FILE arguments (use -o FILE): ${a.rest.join(' ')}`);
  const timeoutText = a.values.get('--timeout');
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError(`--timeout needs milliseconds > 0, not ${timeoutText}`);
  const out = a.values.get('--out');
  let text: string;
  try {
    const capture = await captureFromQmp(address, { command: ['qemu-memmap', 'capture', ...args].join(' '), ...(timeoutMs ? { timeoutMs } : {}) });
    text = capture.text;
  } catch (e) {
    if (e instanceof QmpError || e instanceof LiveCaptureError) {
      io.err(`qemu-memmap: capture failed: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (out === undefined) {
    io.out(text);
    return 0;
  }
  try {
    writeFileAtomically(out, text);
  } catch (e) {
    io.err(`qemu-memmap: cannot write ${out}: ${(e as Error).message}\n`);
    return 2;
  }
  return 0;
}
