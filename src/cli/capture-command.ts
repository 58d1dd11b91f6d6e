import { LiveCaptureError } from '../core/service';
import type { GdbSource } from '../gdb';
import { GdbCaptureError, captureWithGdb, findGdbScript } from '../gdb';
import { QmpError, captureFromQmp, writeFileAtomically } from '../qmp';
import { parseArgs } from './args';
import type { Io } from './io';
import { UsageError } from './io';

/**
 * `qemu-memmap capture --qmp unix:PATH|tcp:HOST:PORT [-o FILE] [--timeout MS]`: takes a capture from a running
 * QEMU and writes it to FILE (atomically) or stdout.
 * `qemu-memmap capture --gdb PID|CORE [--qemu BINARY] -o FILE [--timeout MS]`: the same capture read through gdb
 * (gdb/qemu-memmap.py) from a running QEMU or from a core file and the binary that wrote it.
 * Exit 0 on success, 1 when the capture failed (nothing is written then), 2 on usage errors (a PID that is no
 * process, a core that is not a file, …) or when FILE cannot be written.
 */
export async function runCapture(io: Io, args: readonly string[]): Promise<number> {
  const a = parseArgs(args, [], ['--qmp', '--gdb', '--qemu', '--out', '--timeout']);
  const address = a.values.get('--qmp');
  const gdb = a.values.get('--gdb');
  if (address !== undefined && gdb !== undefined) throw new UsageError('capture takes --qmp or --gdb, not both');
  if (address === undefined && gdb === undefined) throw new UsageError('capture needs --qmp unix:PATH, --qmp tcp:HOST:PORT, or --gdb PID|CORE');
  if (a.rest.length > 0) throw new UsageError(`capture takes no FILE arguments (use -o FILE): ${a.rest.join(' ')}`);
  if (gdb === undefined && a.values.has('--qemu')) throw new UsageError('--qemu goes with --gdb CORE (the QEMU binary that wrote the core file)');
  const timeoutText = a.values.get('--timeout');
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) throw new UsageError(`--timeout needs milliseconds > 0, not ${timeoutText}`);
  const out = a.values.get('--out');
  const command = ['qemu-memmap', 'capture', ...args].join(' ');
  let text: string;
  try {
    if (gdb !== undefined) {
      if (out === undefined) throw new UsageError('capture --gdb needs -o FILE');
      const source = gdbSource(gdb, a.values.get('--qemu'));
      const script = findGdbScript(__dirname);
      if (script === undefined) {
        io.err(`qemu-memmap: capture failed: the gdb extension gdb/qemu-memmap.py is not next to ${__dirname} (a broken installation)\n`);
        return 1;
      }
      text = (await captureWithGdb(source, { script, command, ...(timeoutMs ? { timeoutMs } : {}) })).text;
    } else {
      text = (await captureFromQmp(address as string, { command, ...(timeoutMs ? { timeoutMs } : {}) })).text;
    }
  } catch (e) {
    if (e instanceof GdbCaptureError && e.kind === 'input') throw new UsageError(e.message);
    if (e instanceof QmpError || e instanceof LiveCaptureError || e instanceof GdbCaptureError) {
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

/**
 * `--gdb PID` (all digits: a process; write `./1234` for a core file named 1234) or `--gdb CORE --qemu BINARY`.
 * captureWithGdb checks it before gdb runs; what it finds wrong becomes a UsageError.
 */
function gdbSource(value: string, qemu: string | undefined): GdbSource {
  let source: GdbSource;
  if (/^\d+$/.test(value)) {
    if (qemu !== undefined) throw new UsageError(`--qemu is for a core file; gdb reads the binary of process ${value} itself`);
    source = { kind: 'pid', pid: Number(value) };
  } else {
    if (qemu === undefined) throw new UsageError(`capture --gdb ${value} needs --qemu BINARY: the QEMU executable that wrote this core file`);
    source = { kind: 'core', core: value, binary: qemu };
  }
  return source;
}
