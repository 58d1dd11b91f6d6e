/**
 * Paints one frame of the three-lane map — region bands and flat ranges (GPA), RAMBlocks (ram_addr) and their
 * host spans (HVA), linked by ribbons — on a canvas context or on the SVG recorder. Work per frame is bounded
 * by the canvas width: each lane is culled to the window by binary search, and runs of extents narrower than
 * a pixel are painted as one pixel column and skipped over by binary search too.
 */
import { formatSize } from '../../core/model/address';
import { regionNameOfBlock } from '../../core/model/block-name';
import { deviceOf } from '../devices';
import { ROW } from '../geometry';
import type { Rows } from '../geometry';
import type { DrawnExtent } from '../labels';
import type { Lane } from '../placement';
import { ribbonOfRange } from '../lanes';
import { GAP, upperBound } from '../placement';
import { TYPE_KEYS } from '../model';
import type { Scene, Target } from '../scene';
import type { Painter } from '../svg';
import type { Viewport } from '../viewport';
import type { LaneViews, PathHighlight } from './ribbon-painter';
import { RibbonPainter } from './ribbon-painter';
import { TextPainter } from './text-painter';
import type { Palette } from './theme';
import { readPalette } from './theme';

/** Per-frame inputs. */
export interface FrameState {
  readonly viewport: Viewport;
  /** The RAMBlock lane always shows all of ram_addr space. */
  readonly blockViewport: Viewport;
  /** The host lane always shows all of its spans. */
  readonly hostViewport: Viewport;
  readonly width: number;
  readonly height: number;
  readonly rows: Rows;
  readonly hover: Target | undefined;
  /** Segment index of the selected range in the range scale, or -1. */
  readonly selected: number;
}

const EXTENT_CAP = 8192;
const CONTAINER = TYPE_KEYS.indexOf('container');

/** Paints frames; keeps the palette, text widths and scratch lists between them. */
export class Renderer {
  palette: Palette = readPalette();
  readonly text: TextPainter;
  readonly ribbons = new RibbonPainter();
  private extents: DrawnExtent[] = [];
  /** ms spent in each part of the last frame (the benchmark prints them). */
  readonly phases: Record<string, number> = {};
  private mark = 0;
  private phase(name: string): void {
    const now = performance.now();
    this.phases[name] = now - this.mark;
    this.mark = now;
  }

  constructor(private ctx: Painter) {
    this.text = new TextPainter(ctx);
  }

  /** Re-reads colours after a theme change. */
  retheme(): void {
    this.palette = readPalette();
    this.text.clear();
  }

  /** Paints a frame on `onto` (default: the canvas); returns how many rectangles it filled. */
  draw(scene: Scene, f: FrameState, onto: Painter = this.ctx): number {
    const saved = this.ctx;
    this.ctx = onto;
    this.text.ctx = onto;
    try {
      return this.paint(scene, f);
    } finally {
      this.ctx = saved;
      this.text.ctx = saved;
    }
  }

  private paint(scene: Scene, f: FrameState): number {
    const { ctx } = this;
    const p = this.palette;
    const { rows, viewport: v, width } = f;
    const m = scene.model;
    ctx.globalAlpha = 1;
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, width, f.height);
    ctx.textBaseline = 'middle';
    let rects = 0;
    this.mark = performance.now();

    // Region bands: translucent so that text in the foreground colour reads on any theme.
    for (let k = 0; k < rows.regionRows; k++) {
      const row = scene.bands.rows[k]!;
      const top = rows.regionTop + k * ROW.region;
      ctx.globalAlpha = 0.4;
      rects += this.lane(row.lane, v, width, top + 1, ROW.region - 2, (ref) => p.types[scene.regionCode[ref]!]!);
      ctx.globalAlpha = 1;
      this.text.labels(`band${k}`, this.extents, width, top + ROW.region / 2, {
        name: (seg) => m.regions[row.lane.ref[seg]!]?.wire.name ?? '',
        key: (seg) => m.regions[row.lane.ref[seg]!]?.wire.name,
        noun: 'regions',
      }, p);
    }

    this.phase('bands');
    // Ribbons first, under the lanes' edges.
    const views: LaneViews = { gpa: v, ram: f.blockViewport, host: f.hostViewport, width };
    this.ribbons.draw(ctx, scene, rows, views, p, this.highlight(scene, f));

    this.phase('ribbons');
    // Flat ranges: by type, or by device in an I/O space; names (with sizes when they fit) and the axis below.
    const colour = scene.io
      ? (ref: number) => (scene.unclaimed[ref] ? p.types[CONTAINER]! : p.devices[scene.deviceCode[ref]!]!)
      : (ref: number) => p.types[m.rangeCode[ref]!]!;
    // Unclaimed ports label like gaps: they are not a device.
    rects += this.lane(scene.scale, v, width, rows.rangeTop, rows.rangeHeight, colour, scene.rangesBefore, scene.io ? scene.unclaimed : undefined);
    this.phase('ranges');
    const sizeOf = (seg: number): string => formatSize(scene.scale.segLast[seg]! - scene.scale.segStart[seg]! + 1n);
    this.text.labels('range', this.extents, width, rows.nameTop + ROW.text / 2, {
      name: (seg) => m.ranges[scene.scale.ref[seg]!]?.name ?? '',
      long: rows.compact ? undefined : (seg) => `${m.ranges[scene.scale.ref[seg]!]?.name ?? ''} · ${sizeOf(seg)}`,
      key: (seg) => {
        const name = m.ranges[scene.scale.ref[seg]!]?.name;
        return name === undefined ? undefined : scene.io ? deviceOf(name) : name;
      },
      gap: (seg) => (scene.scale.ref[seg]! !== GAP ? `${sizeOf(seg)} unclaimed` : `${sizeOf(seg)} unmapped`),
      noun: scene.io ? 'ports' : 'ranges',
    }, p);
    this.phase('rangeLabels');
    this.text.axis('range', scene.scale, { left: v.left, zoom: v.zoom, width }, rows.axisTop + ROW.text / 2, ROW.text / 2, p);
    this.phase('rangeAxis');

    const notes: string[] = [];
    if (rows.hiddenRegionRows > 0) notes.push(`${rows.hiddenRegionRows} deeper band row${rows.hiddenRegionRows === 1 ? '' : 's'} not shown`);
    if (scene.bands.dropped > 0) notes.push(`${scene.bands.dropped} overlapping regions not drawn`);
    if (notes.length > 0) this.note(notes.join(' · '), width, rows.rangeTop - ROW.gap / 2);

    if (rows.block) rects += this.blockLane(scene, f, rows.block);
    if (rows.host) rects += this.hostLane(scene, f, rows.host);
    this.phase('lower');
    this.outlines(scene, f);
    return rects;
  }

  /** The ram_addr lane: each block translucent over its max length, solid over its used length. */
  private blockLane(scene: Scene, f: FrameState, b: NonNullable<Rows['block']>): number {
    const { ctx } = this;
    const p = this.palette;
    const lane = scene.blockLane;
    const v = f.blockViewport;
    ctx.font = p.font;
    ctx.fillStyle = p.muted;
    ctx.fillText(f.rows.compact ? 'ram_addr (RAMBlocks)' : 'ram_addr: RAMBlocks in ram_list order (solid = used, pale = up to max)', 4, b.titleTop + ROW.blockTitle / 2);
    let rects = 0;
    this.extents = [];
    for (let i = 0; i < lane.count; i++) {
      const s0 = (lane.x0[i]! - v.left) * v.zoom;
      const s1 = (lane.x1[i]! - v.left) * v.zoom;
      const u1 = (lane.usedX[i]! - v.left) * v.zoom;
      ctx.fillStyle = p.ribbons[i % p.ribbons.length]!;
      ctx.globalAlpha = 0.35;
      ctx.fillRect(s0, b.top, Math.max(1, s1 - s0), b.height);
      ctx.globalAlpha = 1;
      ctx.fillRect(s0, b.top, Math.max(1, u1 - s0), b.height);
      rects += 2;
      this.extents.push({ x0: s0, x1: s1, item: i, count: 1, seg: i });
    }
    const m = scene.model;
    this.text.labels('block', this.extents, f.width, b.nameTop + ROW.text / 2, {
      name: (i) => {
        const n = scene.ribbons.perBlock[i]!;
        // The short label is the block's region (`vga.vram`, not `0000:00:01.0/vga.vram`); the long one is whole.
        const name = regionNameOfBlock(m.blocks[i]?.wire.name ?? '');
        return n > 1 ? `${name} ← ${n}` : name;
      },
      long: (i) => {
        const bl = m.blocks[i]!;
        const n = scene.ribbons.perBlock[i]!;
        return `${bl.wire.name} · ${formatSize(bl.used)}/${formatSize(bl.last - bl.start + 1n)}${n > 1 ? ` · ${n} GPA ranges` : ''}`;
      },
      noun: 'blocks',
    }, this.palette);
    this.text.axis('block', lane, { left: v.left, zoom: v.zoom, width: f.width }, b.axisTop + ROW.text / 2, ROW.text / 2, p);
    return rects;
  }

  /** The host lane: each block's HVA span, on a scale that collapses the gaps between them. */
  private hostLane(scene: Scene, f: FrameState, h: NonNullable<Rows['host']>): number {
    const { ctx } = this;
    const p = this.palette;
    const hs = scene.hostLane.scale;
    ctx.font = p.font;
    ctx.fillStyle = p.muted;
    ctx.fillText(f.rows.compact ? 'HVA (host)' : 'HVA: where each RAMBlock lives in the QEMU process', 4, h.titleTop + ROW.blockTitle / 2);
    const rects = this.lane(hs, f.hostViewport, f.width, h.top, h.height, (ref) => p.ribbons[scene.hostLane.block[ref]! % p.ribbons.length]!);
    this.text.labels('host', this.extents, f.width, h.nameTop + ROW.text / 2, {
      name: (seg) => regionNameOfBlock(scene.model.blocks[scene.hostLane.block[hs.ref[seg]!]!]?.wire.name ?? ''),
      gap: (seg) => `${formatSize(hs.segLast[seg]! - hs.segStart[seg]! + 1n)} not RAM`,
      noun: 'blocks',
    }, p);
    this.text.axis('host', hs, { left: f.hostViewport.left, zoom: f.hostViewport.zoom, width: f.width }, h.axisTop + ROW.text / 2, ROW.text / 2, p);
    return rects;
  }

  /**
   * Fills a lane's visible extents, coalescing sub-pixel runs, and records what it drew (for the labels).
   * `rangesBefore` (prefix counts of items among segments) lets a merged column say how many items it holds;
   * an extent of one item that `unlabelled` flags (by item) is recorded as a gap (item -1) for the labels.
   */
  private lane(lane: Lane, v: Viewport, width: number, top: number, h: number, colourOf: (ref: number) => string, rangesBefore?: Int32Array, unlabelled?: Uint8Array): number {
    const { ctx } = this;
    const p = this.palette;
    const n = lane.count;
    const { left, zoom } = v;
    const right = left + width / zoom;
    let i = upperBound(lane.x1, left, 0, n);
    let rects = 0;
    let current: string | object | undefined;
    const extents: DrawnExtent[] = [];
    this.extents = extents;
    while (i < n) {
      const a = lane.x0[i]!;
      if (a >= right) break;
      const ref = lane.ref[i]!;
      const style = ref === GAP ? p.gap : colourOf(ref);
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
        if (extents.length < EXTENT_CAP) extents.push({ x0: s0, x1: s1, item: ref === GAP || unlabelled?.[ref] ? -1 : i, count: 1, seg: i });
        i++;
      } else {
        // Everything that ends inside this pixel column shares it: paint the column once and jump past them.
        const px = Math.floor(s0);
        ctx.fillRect(px, top, 1, h);
        rects++;
        const next = upperBound(lane.x1, left + (px + 1) / zoom, i + 1, n);
        const count = rangesBefore ? rangesBefore[next]! - rangesBefore[i]! : next - i;
        if (extents.length < EXTENT_CAP && count > 0) extents.push({ x0: px, x1: px + 1, item: count === 1 && unlabelled?.[ref] ? -1 : i, count, seg: i });
        i = next;
      }
    }
    return rects;
  }

  /** The path to draw strong: the hovered range's ribbons (else the selected one's), or every ribbon into a hovered block. */
  private highlight(s: Scene, f: FrameState): PathHighlight | undefined {
    const ribbonsOfSeg = (seg: number): number[] => {
      const ref = s.scale.ref[seg]!;
      const first = ref === GAP ? -1 : ribbonOfRange(s.ribbons, ref);
      const out: number[] = [];
      for (let i = first; i >= 0 && i < s.ribbons.count && s.ribbons.range[i] === ref; i++) out.push(i);
      return out;
    };
    const h = f.hover;
    if (h?.kind === 'range') {
      const rb = ribbonsOfSeg(h.seg);
      return rb.length > 0 ? { ribbons: rb, blocks: [] } : undefined;
    }
    if (h?.kind === 'block' || h?.kind === 'host') {
      const b = h.kind === 'block' ? h.seg : s.hostLane.block[s.hostLane.scale.ref[h.seg]!] ?? -1;
      if (b < 0) return undefined;
      // The block's ribbons in GPA order, indexed once per scene (the painter draws at most 256 of them strong).
      const start = s.ribbons.blockStart[b]!;
      return { ribbons: s.ribbons.byBlock.subarray(start, Math.min(s.ribbons.blockStart[b + 1]!, start + 256)), blocks: [b] };
    }
    if (f.selected >= 0) {
      const rb = ribbonsOfSeg(f.selected);
      return rb.length > 0 ? { ribbons: rb, blocks: [] } : undefined;
    }
    return undefined;
  }

  /** Outlines what is hovered and selected. */
  private outlines(scene: Scene, f: FrameState): void {
    const { ctx } = this;
    const p = this.palette;
    const { rows } = f;
    const outline = (x0: number, x1: number, top: number, h: number, colour: string, lineWidth: number): void => {
      const s0 = x0;
      const s1 = Math.max(x1, s0 + 2);
      if (s1 < 0 || s0 > f.width) return;
      ctx.strokeStyle = colour;
      ctx.lineWidth = lineWidth;
      ctx.strokeRect(Math.max(s0, -2) + lineWidth / 2, top + lineWidth / 2, Math.min(s1, f.width + 2) - Math.max(s0, -2) - lineWidth, h - lineWidth);
    };
    const sx = (lane: { x0: Float64Array; x1: Float64Array }, i: number, v: Viewport): [number, number] => [(lane.x0[i]! - v.left) * v.zoom, (lane.x1[i]! - v.left) * v.zoom];
    if (f.selected >= 0) outline(...sx(scene.scale, f.selected, f.viewport), rows.rangeTop, rows.rangeHeight, p.focus, 2);
    const h = f.hover;
    if (h?.kind === 'range') outline(...sx(scene.scale, h.seg, f.viewport), rows.rangeTop, rows.rangeHeight, p.hover, 1);
    else if (h?.kind === 'block' && rows.block) outline(...sx(scene.blockLane, h.seg, f.blockViewport), rows.block.top, rows.block.height, p.hover, 1);
    else if (h?.kind === 'host' && rows.host) outline(...sx(scene.hostLane.scale, h.seg, f.hostViewport), rows.host.top, rows.host.height, p.hover, 1);
    else if (h?.kind === 'region') {
      const row = scene.bands.rows[h.row];
      if (row) outline(...sx(row.lane, h.ext, f.viewport), rows.regionTop + h.row * ROW.region, ROW.region, p.hover, 1);
    }
  }

  /** A muted line of text at the right edge. */
  private note(text: string, width: number, y: number): void {
    this.ctx.font = this.palette.font;
    this.ctx.fillStyle = this.palette.muted;
    const w = this.text.measure(text);
    this.ctx.fillText(text, Math.max(4, width - w - 4), y);
  }
}
