import { diffDocuments, diffToJson, formatDiff, isEmptyDiff, isIncomparable } from '../core/service';
import type { Io } from './io';
import { loadDocument } from './load';

/**
 * `qemu-memmap diff A B [--json]`: what differs between two captures or layouts; 0 equal, 1 different,
 * 2 unreadable or not comparable (the two share no region tree, flat view or RAMBlock list: never "equal").
 */
export function runDiff(io: Io, a: string, b: string, json: boolean): number {
  const da = loadDocument(io, a);
  const db = loadDocument(io, b);
  if (!da || !db) return 2;
  const d = diffDocuments(da, db);
  io.out(json ? JSON.stringify(diffToJson(d), null, 2) + '\n' : formatDiff(d, { a, b }));
  if (isIncomparable(d)) return 2;
  return isEmptyDiff(d) ? 0 : 1;
}
