import type { Capture, FlatViewBlock } from '../model/capture';
import { compareBigint } from '../model/address';
import { memoryModelFromCapture } from '../engine/memory-model';

/**
 * The flat view QEMU's gpa2hva looks in (the address space rooted at system's outermost container, as the
 * engine decides it from the tree), taken from the capture's own `info mtree -f`.
 */
export function gpa2hvaFlatView(capture: Capture): FlatViewBlock | undefined {
  const space = memoryModelFromCapture(capture)?.gpaSpace ?? 'memory';
  for (const section of capture.sections) {
    if (section.kind !== 'flatview') continue;
    const view = section.views.find((v) => v.spaces.some((s) => s.name === space));
    if (view) return view;
  }
  return undefined;
}

/**
 * Where to ask gpa2hva: the start of every RAM, ROM, romd and RAM-device range of that view, in address
 * order. One answer per region is enough to learn its RAMBlock's host base, which QEMU 7.2's info ramblock
 * does not print.
 */
export function probeAddresses(capture: Capture): bigint[] {
  const view = gpa2hvaFlatView(capture);
  if (!view) return [];
  const starts = new Set<bigint>();
  for (const r of view.ranges) if (r.type !== 'i/o' && r.type !== 'container') starts.add(r.start);
  return [...starts].sort(compareBigint);
}
