import { analyzeDocument } from '../core';
import type { Io } from './io';
import { tryRead } from './io';
import { formatIssue } from './load';

/** `qemu-memmap lint FILE...` (captures and layouts): every issue as PATH:LINE:COL: SEVERITY CODE: message; 1 when any error. */
export function runLint(io: Io, files: string[]): number {
  let errors = false;
  let unreadable = false;
  for (const file of files) {
    const text = tryRead(io, file);
    if (text === undefined) {
      unreadable = true;
      continue;
    }
    // Hints (facts a capture's text leaves open) are for editors; lint reports the rest.
    for (const issue of analyzeDocument(text).issues.filter((i) => i.severity !== 'hint')) {
      if (issue.severity === 'error') errors = true;
      io.out(formatIssue(file, issue) + '\n');
    }
  }
  if (unreadable) return 2;
  return errors ? 1 : 0;
}
