import { writeFileSync } from 'node:fs';
import { formatLayout, parseLayout } from '../core/service';
import type { Io } from './io';
import { tryRead } from './io';
import { formatIssue } from './load';

/** Writes a file's new text; injectable so tests can keep the file system out of it. */
export type WriteText = (path: string, text: string) => void;

const writeToDisk: WriteText = (path, text) => writeFileSync(path, text, 'utf8');

/**
 * `qemu-memmap fmt [--check] FILE...`: rewrites layout files in canonical form, or with --check lists the
 * ones that would change (`PATH: not formatted`); 0 when all are (now) formatted, 1 when --check found
 * one that is not, 2 when a file cannot be read, written or parsed (its errors are printed).
 */
export function runFmt(io: Io, files: string[], check: boolean, write: WriteText = writeToDisk): number {
  let failed = false;
  let unformatted = false;
  for (const file of files) {
    const text = tryRead(io, file);
    if (text === undefined) {
      failed = true;
      continue;
    }
    const formatted = formatLayout(text);
    if (formatted === undefined) {
      // Broken code is never rewritten: say why, the way lint would.
      for (const issue of parseLayout(text).issues) io.err(formatIssue(file, issue) + '\n');
      failed = true;
      continue;
    }
    if (formatted === text) continue;
    if (check) {
      io.out(`${file}: not formatted\n`);
      unformatted = true;
      continue;
    }
    try {
      write(file, formatted);
    } catch (e) {
      io.err(`qemu-memmap: cannot write ${file}: ${(e as Error).message}\n`);
      failed = true;
    }
  }
  if (failed) return 2;
  return unformatted ? 1 : 0;
}
