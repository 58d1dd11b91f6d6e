/**
 * Labels under a lane that never overlap and never shrink to a bare "h…": an extent wide enough for its
 * name (or at least a few letters of it) gets it; runs of narrower extents are grouped into clusters that
 * say what they hold — `dma ×4` when they share a name or device, `12 ranges` when they do not — and open
 * into single labels as the zoom widens them. Pure: no DOM types.
 */

/** One drawn extent, in screen px, in left-to-right order; `count` items when it is a merged pixel column. */
export interface DrawnExtent {
  readonly x0: number;
  readonly x1: number;
  /** The first item it shows (an index the caller understands), or -1 for an empty gap. */
  readonly item: number;
  readonly count: number;
  /** The lane's segment (for a gap's label). */
  readonly seg: number;
}

/** A placed label: its box on screen, its text, and how many items it stands for (>1: a cluster). */
export interface PlacedLabel {
  readonly x0: number;
  readonly x1: number;
  readonly text: string;
  readonly count: number;
  /** The first item of the label (for a cluster, the first of its run). */
  readonly item: number;
}

/** What label placement needs from the caller. */
export interface LabelText {
  /** The item's own label. */
  name(item: number): string;
  /** A longer label tried first (the name with its size), when there is room for all of it. */
  long?(item: number): string;
  /** The label of a wide empty gap (segment `seg`), if gaps have one. */
  gap?(seg: number): string;
  /** What items of a cluster share to be named together (a name, a device), or undefined; none when omitted. */
  key?(item: number): string | undefined;
  /** The noun of a cluster count: `ranges`, `ports`, `blocks`. */
  readonly noun: string;
  measure(text: string): number;
}

/** Padding inside a label box, and the fewest letters of a name worth showing before "…". */
export const LABEL_PAD = 3;
export const MIN_LETTERS = 3;
/** A cluster stops growing past this width, so that a screen of tiny ranges gets several counted labels. */
export const CLUSTER_MAX_PX = 140;

/** `text` cut to fit `max` px with "…", keeping at least MIN_LETTERS letters; undefined when that does not fit. */
export function fitText(text: string, max: number, measure: (t: string) => number): string | undefined {
  if (text.length === 0 || max <= 0) return undefined;
  if (measure(text) <= max) return text;
  if (text.length <= MIN_LETTERS) return undefined;
  let lo = MIN_LETTERS;
  let hi = text.length - 1;
  if (measure(text.slice(0, lo) + '…') > max) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (measure(text.slice(0, mid) + '…') <= max) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + '…';
}

/**
 * Places labels for `extents` (screen px, sorted, disjoint) inside [0, width). Each label's box lies inside
 * the extents it stands for, so no two labels overlap.
 */
export function layoutLabels(extents: readonly DrawnExtent[], width: number, t: LabelText): PlacedLabel[] {
  const out: PlacedLabel[] = [];
  let run: { x0: number; x1: number; count: number; item: number; key: string | undefined; mixed: boolean; keys: string[]; opaque: boolean } | undefined;
  const flush = (): void => {
    if (!run) return;
    const r = run;
    run = undefined;
    const x0 = Math.max(0, r.x0);
    const room = Math.min(width, r.x1) - x0 - 2 * LABEL_PAD;
    if (room <= 0) return;
    if (r.count === 1) {
      const long = t.long?.(r.item);
      const s = long !== undefined && t.measure(long) <= room ? long : fitText(t.name(r.item), room, t.measure);
      if (s) out.push({ x0, x1: x0 + t.measure(s) + 2 * LABEL_PAD, text: s, count: 1, item: r.item });
      return;
    }
    // Names first: what the cluster holds (`dma·pic·pit`, `dma +2`), then only how many.
    const named = !r.opaque && r.keys.length > 1 && r.keys.length <= 6 ? [r.keys.join('·'), `${r.keys[0]} +${r.keys.length - 1}`] : [];
    const options = !r.mixed && r.key !== undefined ? [`${r.key} ×${r.count}`, r.key, `×${r.count}`] : [...named, `${r.count} ${t.noun}`, `${r.count}`];
    for (const o of options) {
      if (t.measure(o) <= room) {
        out.push({ x0, x1: x0 + t.measure(o) + 2 * LABEL_PAD, text: o, count: r.count, item: r.item });
        return;
      }
    }
    const s = !r.mixed && r.key !== undefined ? fitText(options[0]!, room, t.measure) : undefined;
    if (s) out.push({ x0, x1: x0 + t.measure(s) + 2 * LABEL_PAD, text: s, count: r.count, item: r.item });
  };
  for (const e of extents) {
    if (e.x1 <= 0 || e.x0 >= width) continue;
    if (e.item < 0) {
      // A gap: a wide one ends the run; a narrow one is part of the cluster around it.
      if (e.x1 - e.x0 >= 24) {
        flush();
        const x0 = Math.max(0, e.x0);
        // A gap's label is a size: shown whole or, failing that, its first word (the size alone), never cut.
        const room = Math.min(width, e.x1) - x0 - 2 * LABEL_PAD;
        const full = t.gap?.(e.seg);
        const text = full === undefined ? undefined : [full, full.split(' ').slice(0, 2).join(' ')].find((g) => t.measure(g) <= room);
        if (text) out.push({ x0, x1: x0 + t.measure(text) + 2 * LABEL_PAD, text, count: 0, item: -1 });
      } else if (run) run.x1 = e.x1;
      continue;
    }
    const visible = Math.min(width, e.x1) - Math.max(0, e.x0) - 2 * LABEL_PAD;
    const own = e.count === 1 ? fitText(t.name(e.item), visible, t.measure) : undefined;
    if (own !== undefined) {
      flush();
      run = { x0: e.x0, x1: e.x1, count: 1, item: e.item, key: undefined, mixed: false, keys: [], opaque: false };
      flush();
      continue;
    }
    const key = e.count === 1 ? t.key?.(e.item) : undefined;
    if (run && run.x1 - run.x0 < CLUSTER_MAX_PX) {
      run.x1 = e.x1;
      run.count += e.count;
      if (e.count > 1 || key !== run.key) run.mixed = true;
      if (key !== undefined && !run.keys.includes(key)) run.keys.push(key);
      // A merged pixel column hides what it holds: such a cluster gets a count only.
      if (e.count > 1) run.opaque = true;
    } else {
      flush();
      run = { x0: e.x0, x1: e.x1, count: e.count, item: e.item, key, mixed: e.count > 1 || key === undefined, keys: key === undefined ? [] : [key], opaque: e.count > 1 };
    }
  }
  flush();
  return out;
}
