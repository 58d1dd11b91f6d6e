import { parseCapture, summarizeCapture } from '../core/service';
import { toJsonData, writeJsonText } from '../core/model/json';
import type { Io } from './io';
import { tryRead } from './io';

/** `qemu-memmap parse FILE... [--json]`: a summary per file, or the whole model as JSON. */
export function runParse(io: Io, files: string[], json: boolean): number {
  let status = 0;
  const models: Record<string, unknown> = {};
  for (const file of files) {
    const text = tryRead(io, file);
    if (text === undefined) {
      status = 2;
      continue;
    }
    const capture = parseCapture(text);
    if (json) {
      models[file] = toJsonData(capture);
      continue;
    }
    const s = summarizeCapture(capture);
    const parts = [
      `${s.addressSpaces} address spaces`,
      `${s.regions} regions`,
      `${s.regionSections} memory-region sections`,
      `${s.flatViews} flat views (${s.flatRanges} ranges)`,
      `${s.ramBlocks} RAM blocks`,
      `${s.gpa2hva} gpa2hva answers`,
      `${s.traceSteps} trace steps`,
      `${s.gdbSections} gdb dumps`,
    ];
    io.out(`${file}: ${capture.lineCount} lines\n  ${parts.join(', ')}\n  issues: ${s.issues.error} errors, ${s.issues.warning} warnings, ${s.issues.information} information\n`);
  }
  // Written in pieces, without recursion: a capture's region tree is as deep as its indentation says.
  if (json) {
    writeJsonText(files.length === 1 ? models[files[0] as string] : models, 1, (t) => io.out(t));
    io.out('\n');
  }
  return status;
}
