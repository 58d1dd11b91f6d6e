/**
 * Axis ticks at every zoom level: a labelled tick where a segment (range, gap or block) starts, and inside
 * segments wide enough on screen, ticks at a power-of-two step so that even deep inside one range the
 * axis has addresses. Labels are hex; they never overlap (segment starts win over inner ticks).
 * Pure: no DOM types.
 */
import { hex0x } from '../core/model/address';
import { visibleRange } from './placement';

/** What ticks need of a lane: extents in world units with the inclusive address span of each. */
export interface TickSource {
  readonly count: number;
  readonly x0: Float64Array;
  readonly x1: Float64Array;
  readonly segStart: BigUint64Array;
  readonly segLast: BigUint64Array;
}

/** One tick: screen x, its address and label; `major` marks a segment start. */
export interface Tick {
  readonly x: number;
  readonly addr: bigint;
  readonly label: string;
  readonly major: boolean;
}

/** The visible window: world x at screen 0, CSS px per world unit, and the screen width. */
export interface TickWindow {
  readonly left: number;
  readonly zoom: number;
  readonly width: number;
}

/** Space between two labels (CSS px), and how far apart inner ticks should be at least. */
export const TICK_GAP = 12;
export const MIN_STEP_PX = 90;

/** Extents of labels already placed, in the order placed: overlap checks against each, for a few dozen labels. */
class Occupied {
  private readonly spans: [number, number][] = [];
  fits(a: number, b: number): boolean {
    return this.spans.every(([c, d]) => b + TICK_GAP <= c || a >= d + TICK_GAP);
  }
  add(a: number, b: number): void {
    this.spans.push([a, b]);
  }
}

/** The smallest power of two at least `v` (v ≥ 1), as a bigint. */
export function stepAtLeast(v: bigint): bigint {
  let s = 1n;
  while (s < v) s <<= 1n;
  return s;
}

/**
 * The ticks of `src` in the window, with labels from `label` (hex by default) measured by `measure`.
 * Labels start at the tick (`x + 3`) and must end inside the window.
 */
export function computeTicks(src: TickSource, w: TickWindow, measure: (text: string) => number, label: (addr: bigint) => string = hex0x): { ticks: Tick[]; step: bigint | undefined } {
  const out: Tick[] = [];
  const taken = new Occupied();
  const right = w.left + w.width / w.zoom;
  const place = (x: number, addr: bigint, major: boolean): void => {
    const text = label(addr);
    const a = x;
    const b = x + 3 + measure(text);
    if (a < 0 || b > w.width || !taken.fits(a, b)) return;
    taken.add(a, b);
    out.push({ x, addr, label: text, major });
  };
  // The visible segments, by binary search on both edges of the window.
  const [first, end] = visibleRange(src, w.left, right);
  // Segment starts first, skipping over those too close to the previous one so that this stays O(width).
  let lastX = -Infinity;
  for (let i = first; i < end; i++) {
    const x = (src.x0[i]! - w.left) * w.zoom;
    if (x > w.width) break;
    if (x - lastX < 40) continue;
    // Tried or placed, the next try is at least 40 px on: a screen of 100k segments costs ~width/40 labels.
    lastX = x;
    place(x, src.segStart[i]!, true);
  }
  // Then inner ticks in every segment wider than two steps on screen.
  let step: bigint | undefined;
  for (let i = first; i < end; i++) {
    const s0 = (src.x0[i]! - w.left) * w.zoom;
    const s1 = (src.x1[i]! - w.left) * w.zoom;
    const px = s1 - s0;
    if (px < 2 * MIN_STEP_PX) continue;
    const start = src.segStart[i]!;
    const size = src.segLast[i]! - start + 1n;
    // Bytes per MIN_STEP_PX, rounded up to a power of two: a "nice" hex step.
    const perPx = Number(size) / px;
    const want = BigInt(Math.max(1, Math.ceil(Math.min(perPx * MIN_STEP_PX, Number(size)))));
    const st = stepAtLeast(want);
    if (st >= size) continue;
    step = step === undefined || st < step ? st : step;
    // Only the multiples inside the window: from the address at the left edge.
    const v0 = Math.max(0, -s0);
    const skip = BigInt(Math.floor((v0 / px) * Number(size / st)));
    let a = ((start + skip * st + st - 1n) / st) * st;
    if (a <= start) a = ((start / st) + 1n) * st;
    for (let guard = 0; a <= src.segLast[i]! && guard < 400; guard++, a += st) {
      const x = s0 + (Number(a - start) / Number(size)) * px;
      if (x > w.width) break;
      if (x >= 0) place(x, a, false);
    }
  }
  out.sort((p, q) => p.x - q.x);
  return { ticks: out, step };
}
