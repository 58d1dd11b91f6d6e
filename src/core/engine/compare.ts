import type { FlatRangeLine, FlatViewBlock } from '../model/capture';
import type { ComputedView, FlatViewsFormat } from './views';
import { formatFlatRange, rangeLine, spacesKey } from './views';

/** A view reduced to what both QEMU and the engine print, keyed by its sorted address-space names. */
export interface ViewText {
  readonly key: string;
  readonly root: string;
  readonly lines: string[];
}

/** The printed form of a captured FlatView block (ranges without owners or accelerators). */
export function capturedViewText(v: FlatViewBlock, format: FlatViewsFormat = {}): ViewText {
  // A dumped gdb view has no priorities or types: its lines print them as unknown, like the engine's.
  const line = format.fromGdb
    ? (r: FlatRangeLine) => rangeLine(r.start, r.size, '?', `${(r.nonvolatile ? 'nv-' : '') + r.type}?`, r.name, r.offset)
    : (r: FlatRangeLine) => rangeLine(r.start, r.size, r.priority, (r.nonvolatile ? 'nv-' : '') + r.type, r.name, r.offset);
  return { key: spacesKey(v.spaces), root: v.rootName ?? '(none)', lines: v.ranges.map(line) };
}

/** The printed form of a computed view. */
export function computedViewText(v: ComputedView, format: FlatViewsFormat = {}): ViewText {
  return {
    key: spacesKey(v.spaces),
    root: v.root ? v.root.name : '(none)',
    lines: v.ranges.map((r) => formatFlatRange(r, format)),
  };
}

/** How one address-space set's views differ between the engine and a capture (lines are printed ranges). */
export interface ViewDiff {
  /** The sorted address-space names the views serve. */
  readonly key: string;
  /** Lines (the root line first) only the engine printed. */
  readonly onlyComputed: string[];
  /** Lines only the capture printed. */
  readonly onlyCaptured: string[];
}

function viewLines(v: ViewText): string[] {
  return [`Root memory region: ${v.root}`, ...v.lines];
}

/**
 * Compares views after normalising their order (QEMU prints them in hash order). Views serving the same
 * address-space names (names can repeat) are compared as multisets of lines. Empty result = identical.
 */
export function diffFlatViews(computed: readonly ComputedView[], captured: readonly FlatViewBlock[], format: FlatViewsFormat = {}): ViewDiff[] {
  const group = (views: ViewText[]): Map<string, Map<string, number>> => {
    const m = new Map<string, Map<string, number>>();
    for (const v of views) {
      const counts = m.get(v.key) ?? new Map<string, number>();
      for (const l of viewLines(v)) counts.set(l, (counts.get(l) ?? 0) + 1);
      m.set(v.key, counts);
    }
    return m;
  };
  const mine = group(computed.map((v) => computedViewText(v, format)));
  const theirs = group(captured.map((v) => capturedViewText(v, format)));
  const out: ViewDiff[] = [];
  for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
    const a = mine.get(key) ?? new Map<string, number>();
    const b = theirs.get(key) ?? new Map<string, number>();
    const only = (x: Map<string, number>, y: Map<string, number>): string[] =>
      [...x].flatMap(([l, n]) => Array<string>(Math.max(0, n - (y.get(l) ?? 0))).fill(l));
    const d = { key, onlyComputed: only(a, b), onlyCaptured: only(b, a) };
    if (d.onlyComputed.length > 0 || d.onlyCaptured.length > 0) out.push(d);
  }
  return out;
}
