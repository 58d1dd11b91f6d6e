/**
 * The ribbons between the lanes: from each visible RAM range down to the part of its RAMBlock that backs it,
 * and from each block down to its host span; and, for what is hovered or selected, the whole path drawn
 * strong. Work is bounded by the canvas width: ribbons narrower than a pixel share one per pixel column.
 */
import { ROW } from '../geometry';
import type { Rows } from '../geometry';
import type { Ribbons } from '../lanes';
import { upperBound } from '../placement';
import type { Scene } from '../scene';
import type { Painter } from '../svg';
import type { Viewport } from '../viewport';
import type { Palette } from './theme';
import { RIBBON_COLOURS } from './theme';

/** The three viewports: GPA (zoomable), ram_addr and host (each always shows all of its lane). */
export interface LaneViews {
  readonly gpa: Viewport;
  readonly ram: Viewport;
  readonly host: Viewport;
  readonly width: number;
}

/** What to draw strong: ribbon indices, and blocks whose block → host ribbon is part of the path. */
export interface PathHighlight {
  readonly ribbons: ArrayLike<number>;
  readonly blocks: readonly number[];
}

const MAX_RIBBONS = 4096;
const COLUMN = 3;
/** At most this many ribbons of a path are drawn strong. */
const MAX_LIT = 256;

/** One quadrilateral with curved sides from [a0, a1] at y0 to [b0, b1] at y1. */
export function ribbonPath(ctx: Painter, a0: number, a1: number, y0: number, b0: number, b1: number, y1: number): void {
  const ym = (y0 + y1) / 2;
  ctx.moveTo(a0, y0);
  ctx.bezierCurveTo(a0, ym, b0, ym, b0, y1);
  ctx.lineTo(b1, y1);
  ctx.bezierCurveTo(b1, ym, a1, ym, a1, y0);
  ctx.closePath();
}

/** Draws ribbons; keeps scratch arrays between frames. */
export class RibbonPainter {
  private readonly pick = new Int32Array(MAX_RIBBONS);
  /** What `clipped` computes: [a0, a1, b0, b1]. */
  private readonly clip = new Float64Array(4);
  /** How many GPA → ram_addr ribbons the last frame drew (the browser test reads it). */
  drawn = 0;

  /** The ribbons whose GPA side is in view, one per pixel column at most, in GPA order. */
  private visible(r: Ribbons, v: LaneViews): number {
    const { left, zoom } = v.gpa;
    const right = left + v.width / zoom;
    let i = upperBound(r.gpa1, left, 0, r.count);
    let k = 0;
    while (i < r.count && r.gpa0[i]! < right && k < MAX_RIBBONS) {
      this.pick[k++] = i;
      const s1 = (r.gpa1[i]! - left) * zoom;
      const s0 = (r.gpa0[i]! - left) * zoom;
      // Narrow ribbons: the first of each COLUMN-px column stands for the rest (more would be one blur, and slow).
      i = s1 - s0 >= COLUMN ? i + 1 : upperBound(r.gpa0, left + (Math.floor(s0) + COLUMN) / zoom, i + 1, r.count);
    }
    return k;
  }

  /**
   * The GPA side of ribbon `i` cut to the screen, and the matching part of its other side (`lo`/`hi` in the
   * world units of the lane `other` shows), into `clip` as [a0, a1, b0, b1]: zoomed into a range, the ribbon
   * lands on the bytes in view.
   */
  private clipped(r: Ribbons, i: number, v: LaneViews, other: Viewport, lo: Float64Array, hi: Float64Array): void {
    const g0 = screenX(v.gpa, r.gpa0[i]!);
    const g1 = screenX(v.gpa, r.gpa1[i]!);
    const a0 = gpaX(v, r.gpa0[i]!);
    const a1 = gpaX(v, r.gpa1[i]!);
    const span = g1 - g0;
    const t0 = span > 0 ? (a0 - g0) / span : 0;
    const t1 = span > 0 ? (a1 - g0) / span : 1;
    const o0 = lo[i]!;
    const o1 = hi[i]!;
    const out = this.clip;
    out[0] = a0;
    out[1] = a1;
    out[2] = screenX(other, o0 + t0 * (o1 - o0));
    out[3] = screenX(other, o0 + t1 * (o1 - o0));
  }

  /** All ribbons, translucent, each in its block's colour; the path in `hl` strong on top. */
  draw(ctx: Painter, s: Scene, rows: Rows, v: LaneViews, p: Palette, hl: PathHighlight | undefined): void {
    const r = s.ribbons;
    const b = rows.block;
    if (!b || s.blockLane.count === 0) return;
    // Ribbons start under a lane's axis row.
    const y0 = rows.axisTop + ROW.text;
    const y1 = b.top;
    const k = this.visible(r, v);
    this.drawn = k;
    const clip = this.clip;
    ctx.globalAlpha = hl ? 0.14 : 0.3;
    for (let c = 0; c < RIBBON_COLOURS; c++) {
      ctx.fillStyle = p.ribbons[c]!;
      ctx.beginPath();
      let any = false;
      for (let j = 0; j < k; j++) {
        const i = this.pick[j]!;
        if (r.block[i]! % RIBBON_COLOURS !== c) continue;
        this.clipped(r, i, v, v.ram, r.ram0, r.ram1);
        ribbonPath(ctx, clip[0]!, Math.max(clip[1]!, clip[0]! + 1), y0, clip[2]!, Math.max(clip[3]!, clip[2]! + 1), y1);
        any = true;
      }
      if (any) ctx.fill();
    }
    // Block → host: one ribbon per block whose HVA is known.
    const h = rows.host;
    if (h) {
      for (let c = 0; c < RIBBON_COLOURS; c++) {
        ctx.fillStyle = p.ribbons[c]!;
        ctx.beginPath();
        let any = false;
        for (let bi = c; bi < s.blockLane.count; bi += RIBBON_COLOURS) {
          if (s.hostLane.segOf[bi]! < 0) continue;
          blockToHost(ctx, s, v, bi, b.axisTop + ROW.text, h.top, 1);
          any = true;
        }
        if (any) ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
    if (hl) this.path(ctx, s, rows, v, p, hl);
  }

  /** The highlighted path: ribbons, the block parts and the host parts they reach, strong and outlined. */
  private path(ctx: Painter, s: Scene, rows: Rows, v: LaneViews, p: Palette, hl: PathHighlight): void {
    const r = s.ribbons;
    const b = rows.block!;
    const h = rows.host;
    const clip = this.clip;
    const lit = Math.min(hl.ribbons.length, MAX_LIT);
    for (let j = 0; j < lit; j++) {
      const i = hl.ribbons[j]!;
      this.clipped(r, i, v, v.ram, r.ram0, r.ram1);
      const a0 = clip[0]!;
      const a1 = Math.max(clip[1]!, a0 + 2);
      const b0 = clip[2]!;
      const b1 = Math.max(clip[3]!, b0 + 2);
      const colour = p.ribbons[r.block[i]! % RIBBON_COLOURS]!;
      litRibbon(ctx, p, colour, a0, a1, rows.axisTop + ROW.text, b0, b1, b.top);
      if (h && Number.isFinite(r.host0[i]!)) {
        this.clipped(r, i, v, v.host, r.host0, r.host1);
        litRibbon(ctx, p, colour, b0, b1, b.axisTop + ROW.text, clip[2]!, Math.max(clip[3]!, clip[2]! + 2), h.top);
      }
    }
    if (!h) return;
    for (const bi of hl.blocks) {
      if ((s.hostLane.segOf[bi] ?? -1) < 0) continue;
      ctx.globalAlpha = 0.5;
      ctx.fillStyle = p.ribbons[bi % RIBBON_COLOURS]!;
      ctx.beginPath();
      blockToHost(ctx, s, v, bi, b.axisTop + ROW.text, h.top, 2);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = p.hover;
      ctx.stroke();
    }
  }
}

/** A world x of the lane that `view` shows, on screen. */
function screenX(view: Viewport, x: number): number {
  return (x - view.left) * view.zoom;
}

/** A GPA world x on screen, held to a little past the canvas's edges. */
function gpaX(v: LaneViews, x: number): number {
  return Math.min(Math.max(screenX(v.gpa, x), -50), v.width + 50);
}

/** Adds block `bi`'s block → host ribbon (its HVA known) to the path, from y `from` to `to`, its host side at least `min` px wide. */
function blockToHost(ctx: Painter, s: Scene, v: LaneViews, bi: number, from: number, to: number, min: number): void {
  const seg = s.hostLane.segOf[bi]!;
  const hs = s.hostLane.scale;
  const h0 = screenX(v.host, hs.x0[seg]!);
  ribbonPath(ctx, screenX(v.ram, s.blockLane.x0[bi]!), screenX(v.ram, s.blockLane.x1[bi]!), from, h0, Math.max(screenX(v.host, hs.x1[seg]!), h0 + min), to);
}

/** One ribbon of a highlighted path, from [a0, a1) at y `from` down to [b0, b1) at `to`: filled, outlined, and its end marked on the lane below. */
function litRibbon(ctx: Painter, p: Palette, colour: string, a0: number, a1: number, from: number, b0: number, b1: number, to: number): void {
  ctx.globalAlpha = 0.55;
  ctx.fillStyle = colour;
  ctx.beginPath();
  ribbonPath(ctx, a0, a1, from, b0, b1, to);
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = p.hover;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.fillStyle = p.focus;
  ctx.fillRect(b0, to - 3, b1 - b0, 3);
}
