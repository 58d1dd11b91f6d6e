import { writeFileSync } from 'node:fs';
import { captureToLayout, parseCapture } from '../core/service';
import type { Io } from './io';
import { tryRead } from './io';
import { reportProblems } from './load';

/** `qemu-memmap convert CAPTURE [-o OUT]`: writes a layout that rebuilds the capture's memory model, to OUT or stdout. */
export function runConvert(io: Io, file: string, out: string | undefined): number {
  const text = tryRead(io, file);
  if (text === undefined) return 2;
  const capture = parseCapture(text);
  const result = captureToLayout(capture, { source: file });
  // Problems in the capture and facts the conversion had to assume are the capture's, at its lines.
  reportProblems(io, file, [...capture.issues, ...(result?.issues ?? [])]);
  if (!result) {
    io.err(`qemu-memmap: ${file} has no info mtree tree to convert\n`);
    return 1;
  }
  if (out === undefined) {
    io.out(result.text);
    return 0;
  }
  try {
    writeFileSync(out, result.text, 'utf8');
  } catch (e) {
    io.err(`qemu-memmap: cannot write ${out}: ${(e as Error).message}\n`);
    return 2;
  }
  return 0;
}
