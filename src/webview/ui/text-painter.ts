/**
 * Text on the map: lane labels placed by labels.ts (never overlapping, clusters counted) and axis ticks from
 * ticks.ts at every zoom. Paints on a canvas context or on the SVG recorder alike.
 */
import { formatSize } from '../../core/model/address';
import type { DrawnExtent, LabelText, PlacedLabel } from '../labels';
import { layoutLabels } from '../labels';
import type { TickSource, TickWindow } from '../ticks';
import { computeTicks } from '../ticks';
import type { Painter } from '../svg';
import type { Palette } from './theme';

/** Measures text in the painter's current font, with a cache. */
export class TextPainter {
  private readonly widths = new Map<string, number>();
  /** The labels placed in this frame, per lane name (the browser test reads them to check overlap). */
  readonly placed = new Map<string, PlacedLabel[]>();
  readonly tickCount = new Map<string, number>();
  /** The step between inner ticks per lane in the last frame, as a size (`64 KiB`), when there were inner ticks. */
  readonly tickStep = new Map<string, string>();

  constructor(public ctx: Painter) {}

  /** Forgets cached widths (fonts change with the theme). */
  clear(): void {
    this.widths.clear();
  }

  measure = (text: string): number => {
    const key = this.ctx.font + '\u0000' + text;
    let w = this.widths.get(key);
    if (w === undefined) {
      if (this.widths.size > 20000) this.widths.clear();
      w = this.ctx.measureText(text).width;
      this.widths.set(key, w);
    }
    return w;
  };

  /** Places and draws the labels of one lane on the row centred at `y`; a cluster gets a bracket over its span. */
  labels(lane: string, extents: readonly DrawnExtent[], width: number, y: number, text: Omit<LabelText, 'measure'>, p: Palette): void {
    const { ctx } = this;
    ctx.font = p.font;
    const placed = layoutLabels(extents, width, { ...text, measure: this.measure });
    this.placed.set(lane, placed);
    ctx.fillStyle = p.foreground;
    for (const l of placed) {
      if (l.count === 0) ctx.fillStyle = p.muted;
      ctx.fillText(l.text, l.x0 + 3, y);
      if (l.count === 0) ctx.fillStyle = p.foreground;
    }
  }

  /** Ticks and hex labels of one lane's axis, centred on `y`. */
  axis(lane: string, src: TickSource, w: TickWindow, y: number, half: number, p: Palette): void {
    const { ctx } = this;
    ctx.font = p.mono;
    const { ticks, step } = computeTicks(src, w, this.measure);
    this.tickCount.set(lane, ticks.length);
    this.tickStep.delete(lane);
    ctx.fillStyle = p.muted;
    ctx.strokeStyle = p.muted;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const t of ticks) {
      const x = Math.round(t.x) + 0.5;
      ctx.moveTo(x, y - half);
      ctx.lineTo(x, t.major ? y - 2 : y - half + 4);
      ctx.fillText(t.label, t.x + 3, y + 1);
    }
    ctx.stroke();
    // Inner ticks are a power of two apart: say how far, at the right end when the last label leaves room.
    if (step !== undefined) {
      const text = `| ${formatSize(step)} |`;
      const tw = this.measure(text);
      const last = ticks.at(-1);
      const x = w.width - tw - 4;
      if (!last || last.x + 3 + this.measure(last.label) + 12 <= x) {
        ctx.fillText(text, x, y + 1);
        this.tickStep.set(lane, formatSize(step));
      }
    }
  }
}
