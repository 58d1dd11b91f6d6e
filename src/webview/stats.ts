/**
 * The figures the map publishes on `window.__mapStats` for the browser test: frames painted, paint times,
 * and how long the first frame after a data message took. Pure: the test's Node side imports the type.
 */
import type { Rows } from './geometry';

/** Counters and timings, updated in place by the view. */
export interface MapStats {
  frames: number;
  dataMessages: number;
  /** ms from the latest data message's arrival to the end of the first frame that shows it. */
  firstPaintMs: number | undefined;
  /** performance.now() at the end of that frame. */
  firstPaintAt: number | undefined;
  parseMs: number;
  layoutMs: number;
  lastDrawMs: number;
  /** Paint time of recent frames (ms), oldest first. */
  drawMs: number[];
  /** Rectangles filled in the last frame. */
  rects: number;
  width: number;
  height: number;
  rows: Rows | undefined;
  /** Labels placed in the last frame, per lane (`range`, `block`, `host`, `band0` …), in screen px. */
  labels: Record<string, { x0: number; x1: number; text: string; count: number }[]>;
  /** Axis ticks drawn in the last frame, per lane. */
  ticks: Record<string, number>;
  /** The size between inner ticks, per lane that had them in the last frame (`64 KiB`). */
  tickStep: Record<string, string>;
  /** GPA → ram_addr ribbons drawn in the last frame. */
  ribbons: number;
  /** The address space shown. */
  space: string | undefined;
  /** True when the space is drawn as a port I/O space. */
  io: boolean;
  /** ms per part of the last frame's paint. */
  phases: Record<string, number>;
  /** What the legend lists as not drawn. */
  notDrawn: number;
}

/** Fresh counters. */
export function emptyStats(): MapStats {
  return { frames: 0, dataMessages: 0, firstPaintMs: undefined, firstPaintAt: undefined, parseMs: 0, layoutMs: 0, lastDrawMs: 0, drawMs: [], rects: 0, width: 0, height: 0, rows: undefined, labels: {}, ticks: {}, tickStep: {}, ribbons: 0, space: undefined, io: false, notDrawn: 0, phases: {} };
}
