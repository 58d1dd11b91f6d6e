import { formatFlatRange, formatFlatViews } from '../core/service';
import type { ComputedView } from '../core/service';
import { toJsonData } from '../core/model/json';
import type { Io } from './io';
import { tryRead } from './io';
import { analyse, reportProblems } from './load';

/** `qemu-memmap flatview FILE [--as NAME] [--json]`: the views computed from the file's tree or layout, in `info mtree -f` format. */
export function runFlatview(io: Io, file: string, space: string | undefined, json: boolean): number {
  const text = tryRead(io, file);
  if (text === undefined) return 2;
  const doc = analyse(text).doc;
  if (!doc.model?.reflattened) {
    io.err(`qemu-memmap: ${file} has no info mtree tree or layout to flatten\n`);
    return 1;
  }
  reportProblems(io, file, doc.issues);
  let views: ComputedView[] = doc.model.views;
  if (space !== undefined) {
    views = views.filter((v) => v.spaces.some((s) => s.name === space));
    if (views.length === 0) {
      io.err(`qemu-memmap: no address space named ${space} in ${file}\n`);
      return 1;
    }
  }
  // From gdb dumps: the priorities and types are stand-ins, printed as unknown.
  const fromGdb = doc.model.built?.fromGdb === true ? 'dumped' as const : undefined;
  if (json) {
    io.out(JSON.stringify(toJsonData(views.map((v) => ({
      spaces: v.spaces.map((s) => ({ name: s.name, root: s.root?.name })),
      root: v.root?.name,
      ...(fromGdb ? { source: 'gdb dumps' } : {}),
      ranges: v.ranges.map((x) => ({ start: x.start, end: x.start + x.size - 1n, name: x.mr.name, offset: x.offset, priority: fromGdb ? null : x.mr.priority, readonly: x.readonly, nonvolatile: x.nonvolatile, text: formatFlatRange(x, { fromGdb }).trim() })),
    }))), null, 1) + '\n');
  } else io.out(formatFlatViews(views, { fromGdb }));
  return 0;
}
