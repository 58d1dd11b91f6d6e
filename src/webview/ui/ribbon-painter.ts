/**
 * The ribbons between the lanes: from each visible RAM range down to the part of its RAMBlock that backs it,
 * and from each block down to its host span; and, for what is hovered or selected, the whole path drawn
 * strong. Work is bounded by the canvas width: ribbons narrower than a pixel share one per pixel column.
 */
import type { Rows } from '../geometry';
import type { Ribbons } from '../lanes';
import { upperBound } from '../layout';
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
  readonly ribbons: readonly number[];
  readonly blocks: readonly number[];
}

const MAX_RIBBONS = 4096;
const COLUMN = 3;

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

  /** All ribbons, translucent, each in its block's colour; the path in `hl` strong on top. */
  draw(ctx: Painter, s: Scene, rows: Rows, v: LaneViews, p: Palette, hl: PathHighlight | undefined): void {
    const r = s.ribbons;
    const b = rows.block;
    if (!b || s.blockLane.count === 0) return;
    const y0 = rows.axisTop + 16;
    const y1 = b.top;
    const k = this.visible(r, v);
    this.drawn = k;
    const gx = (x: number): number => Math.min(Math.max((x - v.gpa.left) * v.gpa.zoom, -50), v.width + 50);
    const bx = (x: number): number => (x - v.ram.left) * v.ram.zoom;
    ctx.globalAlpha = hl ? 0.14 : 0.3;
    for (let c = 0; c < RIBBON_COLOURS; c++) {
      ctx.fillStyle = p.ribbons[c]!;
      ctx.beginPath();
      let any = false;
      for (let j = 0; j < k; j++) {
        const i = this.pick[j]!;
        if (r.block[i]! % RIBBON_COLOURS !== c) continue;
        const [a0, a1, b0, b1] = clipped(r, i, v, gx, bx, r.ram0, r.ram1);
        ribbonPath(ctx, a0, Math.max(a1, a0 + 1), y0, b0, Math.max(b1, b0 + 1), y1);
        any = true;
      }
      if (any) ctx.fill();
    }
    // Block → host: one ribbon per block whose HVA is known.
    const h = rows.host;
    if (h) {
      const hs = s.hostLane.scale;
      const hx = (x: number): number => (x - v.host.left) * v.host.zoom;
      for (let c = 0; c < RIBBON_COLOURS; c++) {
        ctx.fillStyle = p.ribbons[c]!;
        ctx.beginPath();
        let any = false;
        for (let bi = c; bi < s.blockLane.count; bi += RIBBON_COLOURS) {
          const seg = s.hostLane.segOf[bi]!;
          if (seg < 0) continue;
          ribbonPath(ctx, bx(s.blockLane.x0[bi]!), bx(s.blockLane.x1[bi]!), b.axisTop + 16, hx(hs.x0[seg]!), Math.max(hx(hs.x1[seg]!), hx(hs.x0[seg]!) + 1), h.top);
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
    const gx = (x: number): number => Math.min(Math.max((x - v.gpa.left) * v.gpa.zoom, -50), v.width + 50);
    const bx = (x: number): number => (x - v.ram.left) * v.ram.zoom;
    const hx = (x: number): number => (x - v.host.left) * v.host.zoom;
    for (const i of hl.ribbons.slice(0, 256)) {
      const [a0, a1raw, b0, b1raw] = clipped(r, i, v, gx, bx, r.ram0, r.ram1);
      const a1 = Math.max(a1raw, a0 + 2);
      const b1 = Math.max(b1raw, b0 + 2);
      const colour = p.ribbons[r.block[i]! % RIBBON_COLOURS]!;
      litRibbon(ctx, p, colour, a0, a1, rows.axisTop + 16, b0, b1, b.top);
      if (h && Number.isFinite(r.host0[i]!)) {
        const [, , c0, c1raw] = clipped(r, i, v, gx, hx, r.host0, r.host1);
        litRibbon(ctx, p, colour, b0, b1, b.axisTop + 16, c0, Math.max(c1raw, c0 + 2), h.top);
      }
    }
    if (!h) return;
    const hs = s.hostLane.scale;
    for (const bi of hl.blocks) {
      const seg = s.hostLane.segOf[bi] ?? -1;
      if (seg < 0) continue;
      ctx.globalAlpha = 0.5;
      ctx.fillStyle = p.ribbons[bi % RIBBON_COLOURS]!;
      ctx.beginPath();
      ribbonPath(ctx, bx(s.blockLane.x0[bi]!), bx(s.blockLane.x1[bi]!), b.axisTop + 16, hx(hs.x0[seg]!), Math.max(hx(hs.x1[seg]!), hx(hs.x0[seg]!) + 2), h.top);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = p.hover;
      ctx.stroke();
    }
  }
}

/**
 * The GPA side of ribbon `i` cut to the screen, and the matching part of its other side (`lo`/`hi` in the
 * other lane's world units, shown with `ox`): zoomed into a range, the ribbon lands on the bytes in view.
 */
function clipped(r: Ribbons, i: number, v: LaneViews, gx: (x: number) => number, ox: (x: number) => number, lo: Float64Array, hi: Float64Array): [number, number, number, number] {
  const g0 = (r.gpa0[i]! - v.gpa.left) * v.gpa.zoom;
  const g1 = (r.gpa1[i]! - v.gpa.left) * v.gpa.zoom;
  const a0 = gx(r.gpa0[i]!);
  const a1 = gx(r.gpa1[i]!);
  const span = g1 - g0;
  const t0 = span > 0 ? (a0 - g0) / span : 0;
  const t1 = span > 0 ? (a1 - g0) / span : 1;
  const o0 = lo[i]!;
  const o1 = hi[i]!;
  return [a0, a1, ox(o0 + t0 * (o1 - o0)), ox(o0 + t1 * (o1 - o0))];
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
