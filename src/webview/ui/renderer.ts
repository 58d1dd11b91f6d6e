/**
 * Paints one frame of the map on a 2D canvas in a single pass per lane. Work per frame is bounded by the
 * canvas width, not by the number of ranges: each lane is culled to the window by binary search, and runs of
 * extents narrower than a pixel are painted as one pixel column and skipped over by binary search too.
 */
import { formatSize } from '../../core/model/address';
import { hex } from '../format';
import { ROW } from '../geometry';
import type { Rows } from '../geometry';
import type { Lane, Scale } from '../layout';
import { addressAtX, GAP, lowerBound, upperBound, xOfAddress } from '../layout';
import { parseHex, TYPE_KEYS } from '../model';
import type { Scene, Target } from '../scene';
import type { Viewport } from '../viewport';
import type { Palette } from './theme';
import { readPalette } from './theme';

/** Per-frame inputs. */
export interface FrameState {
  readonly viewport: Viewport;
  /** The RAMBlock lane always shows all of ram_addr space. */
  readonly blockViewport: Viewport;
  readonly width: number;
  readonly height: number;
  readonly rows: Rows;
  readonly hover: Target | undefined;
  /** Segment index of the selected range in the range scale, or -1. */
  readonly selected: number;
}

const LABEL_MIN = 28;
const LABEL_CAP = 2048;
const RAM = TYPE_KEYS.indexOf('ram');

/** Paints frames; keeps the palette and a text-width cache between them. */
export class Renderer {
  private palette: Palette = readPalette();
  private readonly widths = new Map<string, number>();
  // Labels found while painting a lane, drawn after it so that fills and text do not interleave.
  private readonly labelSeg = new Int32Array(LABEL_CAP);
  private readonly labelX0 = new Float64Array(LABEL_CAP);
  private readonly labelX1 = new Float64Array(LABEL_CAP);
  private labelCount = 0;

  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  /** Re-reads colours after a theme change. */
  retheme(): void {
    this.palette = readPalette();
    this.widths.clear();
  }

  /** Paints a frame; returns how many rectangles it filled. */
  draw(scene: Scene, f: FrameState): number {
    const { ctx } = this;
    const p = this.palette;
    const { rows, viewport: v, width } = f;
    ctx.globalAlpha = 1;
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, width, f.height);
    ctx.textBaseline = 'middle';
    let rects = 0;

    // Region bands: translucent so that text in the foreground colour reads on any theme.
    for (let k = 0; k < rows.regionRows; k++) {
      const row = scene.bands.rows[k]!;
      const top = rows.regionTop + k * ROW.region;
      ctx.globalAlpha = 0.4;
      rects += this.lane(row.lane, v, width, top + 1, ROW.region - 2, scene.regionCode, p.types[RAM]!);
      ctx.globalAlpha = 1;
      ctx.font = p.font;
      ctx.fillStyle = p.foreground;
      this.labels(top + ROW.region / 2, (seg) => scene.model.regions[row.lane.ref[seg]!]?.wire.name ?? '');
    }
    const notes: string[] = [];
    if (rows.hiddenRegionRows > 0) notes.push(`${rows.hiddenRegionRows} deeper band rows not shown`);
    if (scene.bands.dropped > 0) notes.push(`${scene.bands.dropped} overlapping regions not drawn`);
    if (notes.length > 0) this.note(notes.join(' · '), width, rows.rangeTop - ROW.gap / 2);

    // Flat ranges, then their names and start addresses on the rows below (plain background: always legible).
    rects += this.lane(scene.scale, v, width, rows.rangeTop, ROW.range, scene.model.rangeCode, p.types[RAM]!);
    ctx.font = p.font;
    ctx.fillStyle = p.foreground;
    this.labels(rows.nameTop + ROW.text / 2, (seg) => {
      const ref = scene.scale.ref[seg]!;
      if (ref !== GAP) return scene.model.ranges[ref]?.name ?? '';
      return `${formatSize(scene.scale.segLast[seg]! - scene.scale.segStart[seg]! + 1n)} unmapped`;
    });
    this.axis(scene.scale, v, width, rows.axisTop + ROW.text / 2);

    if (rows.block) {
      const b = rows.block;
      ctx.font = p.font;
      ctx.fillStyle = p.muted;
      ctx.fillText('RAMBlocks (ram_addr space; solid = used)', 4, b.titleTop + ROW.blockTitle / 2);
      ctx.globalAlpha = 0.4;
      rects += this.lane(scene.blockScale, f.blockViewport, width, b.top, ROW.block, undefined, p.types[RAM]!);
      ctx.globalAlpha = 1;
      rects += this.used(scene, f.blockViewport, width, b.top);
      ctx.font = p.font;
      ctx.fillStyle = p.foreground;
      this.labels(b.nameTop + ROW.text / 2, (seg) => {
        const ref = scene.blockScale.ref[seg]!;
        return ref === GAP ? '' : scene.model.blocks[ref]?.wire.name ?? '';
      });
      this.axis(scene.blockScale, f.blockViewport, width, b.axisTop + ROW.text / 2);
    }
    this.highlights(scene, f);
    return rects;
  }

  /** Fills a lane's visible extents, coalescing sub-pixel runs, and records the extents wide enough for a label. */
  private lane(lane: Lane, v: Viewport, width: number, top: number, h: number, codes: Uint8Array | undefined, fixed: string): number {
    const { ctx } = this;
    const p = this.palette;
    const n = lane.count;
    const { left, zoom } = v;
    const right = left + width / zoom;
    let i = upperBound(lane.x1, left, 0, n);
    let rects = 0;
    let current: CanvasPattern | string | undefined;
    this.labelCount = 0;
    while (i < n) {
      const a = lane.x0[i]!;
      if (a >= right) break;
      const ref = lane.ref[i]!;
      const style = ref === GAP ? p.gap : codes ? p.types[codes[ref]!]! : fixed;
      if (style !== current) {
        ctx.fillStyle = style;
        current = style;
      }
      const s0 = (a - left) * zoom;
      const s1 = (lane.x1[i]! - left) * zoom;
      if (s1 - s0 >= 1) {
        const c0 = Math.max(s0, -1);
        const c1 = Math.min(s1, width + 1);
        // A one-pixel seam between wide neighbours keeps equal colours apart.
        ctx.fillRect(c0, top, c1 - c0 - (s1 - s0 >= 4 ? 1 : 0), h);
        rects++;
        if (c1 - c0 >= LABEL_MIN && this.labelCount < LABEL_CAP) {
          this.labelSeg[this.labelCount] = i;
          this.labelX0[this.labelCount] = c0;
          this.labelX1[this.labelCount] = c1;
          this.labelCount++;
        }
        i++;
      } else {
        // Everything that ends inside this pixel column shares it: paint the column once and jump past them.
        const px = Math.floor(s0);
        ctx.fillRect(px, top, 1, h);
        rects++;
        i = upperBound(lane.x1, left + (px + 1) / zoom, i + 1, n);
      }
    }
    return rects;
  }

  /** The used part of each visible RAMBlock, solid over the translucent whole. */
  private used(scene: Scene, v: Viewport, width: number, top: number): number {
    const { ctx } = this;
    const lane = scene.blockScale;
    const [first, end] = [upperBound(lane.x1, v.left, 0, lane.count), lowerBound(lane.x0, v.left + width / v.zoom, 0, lane.count)];
    ctx.fillStyle = this.palette.types[RAM]!;
    let rects = 0;
    for (let i = first; i < end; i++) {
      if (lane.ref[i]! === GAP) continue;
      const s0 = (lane.x0[i]! - v.left) * v.zoom;
      const s1 = (scene.blockUsedX[i]! - v.left) * v.zoom;
      if (s1 - s0 >= 1) {
        ctx.fillRect(s0, top, s1 - s0 - 1, ROW.block);
        rects++;
      }
    }
    return rects;
  }

  /** Draws the labels the last lane() recorded, centred on `y`, each cut to its extent. */
  private labels(y: number, text: (seg: number) => string): void {
    for (let k = 0; k < this.labelCount; k++) {
      const x0 = this.labelX0[k]!;
      const x1 = this.labelX1[k]!;
      // A label that does not fit at all becomes "…": the tooltip has the whole of it.
      const s = this.fit(text(this.labelSeg[k]!), x1 - x0 - 6) ?? (x1 - x0 >= 14 ? '…' : undefined);
      if (s) this.ctx.fillText(s, Math.max(x0, 0) + 3, y);
    }
  }

  /** Start addresses under segment starts, as many as fit without overlapping. */
  private axis(scale: Scale, v: Viewport, width: number, y: number): void {
    const { ctx } = this;
    ctx.font = this.palette.mono;
    ctx.fillStyle = this.palette.muted;
    ctx.strokeStyle = this.palette.muted;
    const right = v.left + width / v.zoom;
    let i = lowerBound(scale.x0, v.left, 0, scale.count);
    ctx.beginPath();
    // Zoomed in deep, no segment may start on screen: the address at the left edge keeps the axis readable.
    const firstX = i < scale.count ? (scale.x0[i]! - v.left) * v.zoom : width;
    const edge = v.left > 0 ? addressAtX(scale, v.left) : undefined;
    if (edge !== undefined && firstX > 0) {
      const label = `◂ ${hex(edge)}`;
      const w = this.measure(label);
      if (w + 16 < firstX) ctx.fillText(label, 3, y + 1);
    }
    while (i < scale.count && scale.x0[i]! < right) {
      const sx = (scale.x0[i]! - v.left) * v.zoom;
      const label = hex(scale.segStart[i]!);
      const w = this.measure(label);
      if (sx + w + 4 > width) break;
      ctx.moveTo(Math.round(sx) + 0.5, y - ROW.text / 2);
      ctx.lineTo(Math.round(sx) + 0.5, y - 2);
      ctx.fillText(label, sx + 3, y + 1);
      i = lowerBound(scale.x0, v.left + (sx + w + 16) / v.zoom, i + 1, scale.count);
    }
    ctx.stroke();
  }

  /** Outlines what is hovered and selected, and, for a range backed by a RAMBlock, where it lies in ram_addr space. */
  private highlights(scene: Scene, f: FrameState): void {
    const { ctx } = this;
    const p = this.palette;
    const { rows } = f;
    const outline = (lane: Lane, i: number, v: Viewport, top: number, h: number, colour: string, lineWidth: number): void => {
      const s0 = (lane.x0[i]! - v.left) * v.zoom;
      const s1 = Math.max((lane.x1[i]! - v.left) * v.zoom, s0 + 2);
      if (s1 < 0 || s0 > f.width) return;
      ctx.strokeStyle = colour;
      ctx.lineWidth = lineWidth;
      ctx.strokeRect(Math.max(s0, -2) + lineWidth / 2, top + lineWidth / 2, Math.min(s1, f.width + 2) - Math.max(s0, -2) - lineWidth, h - lineWidth);
    };
    const ramLink = (seg: number): void => {
      const ref = scene.scale.ref[seg]!;
      const b = ref === GAP ? undefined : scene.model.blocks[scene.model.rangeBlock[ref]!];
      const span = scene.model.rangeSpans[ref];
      if (!b || !span || !rows.block) return;
      const start = b.start + (parseHex(scene.model.ranges[ref]!.offset) ?? 0n);
      const bv = f.blockViewport;
      const x0 = (xOfAddress(scene.blockScale, start) - bv.left) * bv.zoom;
      const x1 = (xOfAddress(scene.blockScale, start + (span.last - span.start) + 1n) - bv.left) * bv.zoom;
      ctx.globalAlpha = 0.6;
      ctx.fillStyle = p.focus;
      ctx.fillRect(x0, rows.block.top - 4, Math.max(2, x1 - x0), 4);
      ctx.globalAlpha = 1;
    };
    if (f.selected >= 0) {
      outline(scene.scale, f.selected, f.viewport, rows.rangeTop, ROW.range, p.focus, 2);
      ramLink(f.selected);
    }
    const h = f.hover;
    if (h?.kind === 'range') {
      outline(scene.scale, h.seg, f.viewport, rows.rangeTop, ROW.range, p.hover, 1);
      ramLink(h.seg);
    } else if (h?.kind === 'block' && rows.block) {
      outline(scene.blockScale, h.seg, f.blockViewport, rows.block.top, ROW.block, p.hover, 1);
    } else if (h?.kind === 'region') {
      const row = scene.bands.rows[h.row];
      if (row) outline(row.lane, h.ext, f.viewport, rows.regionTop + h.row * ROW.region, ROW.region, p.hover, 1);
    }
  }

  /** A muted line of text at the right edge. */
  private note(text: string, width: number, y: number): void {
    this.ctx.font = this.palette.font;
    this.ctx.fillStyle = this.palette.muted;
    const w = this.measure(text);
    this.ctx.fillText(text, Math.max(4, width - w - 4), y);
  }

  private measure(text: string): number {
    const key = this.ctx.font + '\u0000' + text;
    let w = this.widths.get(key);
    if (w === undefined) {
      if (this.widths.size > 20000) this.widths.clear();
      w = this.ctx.measureText(text).width;
      this.widths.set(key, w);
    }
    return w;
  }

  /** The text, or its longest prefix + "…" that fits in `max` px; undefined when not even one letter does. */
  private fit(text: string, max: number): string | undefined {
    if (max < 8 || text.length === 0) return undefined;
    if (this.measure(text) <= max) return text;
    let lo = 0;
    let hi = text.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.ctx.measureText(text.slice(0, mid) + '…').width <= max) lo = mid;
      else hi = mid - 1;
    }
    return lo > 0 ? text.slice(0, lo) + '…' : undefined;
  }
}
