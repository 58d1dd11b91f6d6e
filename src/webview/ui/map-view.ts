/**
 * The map's state and behaviour: data in, frames out. Everything that changes what is shown calls
 * invalidate(), which asks for one animation frame; each frame paints once and saves the view state.
 */
import { announce, describeRange, describeTarget, hex } from '../format';
import { computeRows, ROW } from '../geometry';
import type { Rows } from '../geometry';
import { DEFAULT_SCALE, GAP, hitTest, upperBound, xOfAddress } from '../placement';
import { notDrawnLines } from '../not-drawn';
import type { WireRange } from '../../protocol';
import type { DataMessage, MapViewState } from '../messages';
import { parseHex, parseMapData } from '../model';
import { buildScene, targetAt } from '../scene';
import type { Scene, Target } from '../scene';
import type { MapStats } from '../stats';
import { emptyStats } from '../stats';
import type { Frame, Viewport } from '../viewport';
import { centreOn, clamp, fit, fitWithMargin, fromSaved, panBy, toSaved, zoomAt } from '../viewport';
import type { Chrome } from './chrome';
import { hideTooltip, setNotDrawn, showScene, showTooltip, sizeCanvas } from './chrome';
import { picture } from './export';
import { Renderer } from './renderer';
import type { FrameState } from './renderer';
import { watchTheme } from './theme';
import type { MapHostApi } from './vscode-api';

const DRAW_HISTORY = 2000;

/** The map view behind the canvas. */
export class MapView {
  readonly stats: MapStats = emptyStats();
  private readonly ctx: CanvasRenderingContext2D;
  private readonly renderer: Renderer;
  private scene: Scene | undefined;
  private viewport: Viewport = { left: 0, zoom: 1 };
  /** A saved view (or "fit") waiting for the canvas to have a size. */
  private restore: MapViewState | 'fit' | undefined;
  private width = 0;
  private height = 0;
  private rows: Rows = computeRows({ width: 0, height: 0, bandRows: 0, blocks: false, host: false });
  private hover: Target | undefined;
  private pointer: { x: number; y: number } | undefined;
  private selected = -1;
  /** Whether the data shown is a port I/O space (the legend opens when a narrow panel switches to one). */
  private io = false;
  private uri: string | undefined;
  private framePending = false;
  private stateDirty = false;
  private dataAt: number | undefined;
  private announced = '';

  constructor(
    private readonly chrome: Chrome,
    private readonly host: MapHostApi,
    private saved: MapViewState | undefined,
  ) {
    const ctx = chrome.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('qemu-memmap map: no 2D canvas context');
    this.ctx = ctx;
    this.renderer = new Renderer(ctx);
    this.uri = saved?.uri;
    new ResizeObserver(() => this.resize()).observe(chrome.stage);
    watchTheme(() => {
      this.renderer.retheme();
      this.invalidate();
    });
    chrome.picker.addEventListener('change', () => host.postMessage({ type: 'chooseSpace', space: chrome.picker.value }));
    chrome.exportSvg.addEventListener('click', () => this.exportPicture('svg'));
    chrome.exportPng.addEventListener('click', () => this.exportPicture('png'));
  }

  /** Takes a data message from the host: parses, lays out, and asks for a frame. */
  setData(msg: DataMessage): void {
    const t0 = performance.now();
    this.stats.dataMessages++;
    this.uri = msg.uri ?? this.uri;
    this.hover = undefined;
    this.selected = -1;
    hideTooltip(this.chrome);
    if (!msg.result) {
      this.scene = undefined;
      this.showMessage(msg.error ?? 'This document has no flat view or region tree to draw.');
      this.invalidate();
      return;
    }
    const model = parseMapData(msg.result);
    const t1 = performance.now();
    this.scene = buildScene(model);
    this.relayoutRows();
    this.stats.parseMs = t1 - t0;
    this.stats.layoutMs = performance.now() - t1;

    const saved = this.saved && (this.saved.space === undefined || this.saved.space === model.space) ? this.saved : undefined;
    this.saved = undefined; // a saved view applies to the first data only: a new space starts from "everything"
    this.restore = saved ?? 'fit';
    if (saved?.selected !== undefined) this.selected = this.segmentStartingAt(parseHex(saved.selected));

    showScene(this.chrome, this.scene, this.io);
    this.io = this.scene.io;
    this.stats.io = this.scene.io;
    this.stats.space = model.space;
    this.updateNotDrawn();
    this.dataAt = t0;
    this.invalidate();
  }

  /** Saves a picture of the current view: the host asks where (a webview cannot write files or download). */
  exportPicture(format: 'svg' | 'png'): void {
    const s = this.scene;
    if (!s || this.width === 0) return;
    this.host.postMessage(picture(format, s, { canvas: this.chrome.canvas, ctx: this.ctx, renderer: this.renderer, frame: this.frameState() }));
    this.invalidate(); // the SVG recorder shared the text caches: repaint the canvas as it was
  }

  /** Asks for one frame (several calls before it is painted still paint once). */
  invalidate(): void {
    if (this.framePending) return;
    this.framePending = true;
    requestAnimationFrame(() => this.frame());
  }

  /** Zooms by `factor` around screen x `anchor` (default: the selection if visible, else the centre). */
  zoomBy(factor: number, anchor?: number): void {
    if (!this.scene) return;
    const at = anchor ?? this.selectionX() ?? this.width / 2;
    this.setViewport(zoomAt(this.viewport, factor, at, this.frameInfo()));
  }

  /** Pans by `dx` CSS px. */
  panBy(dx: number): void {
    if (this.scene) this.setViewport(panBy(this.viewport, dx, this.frameInfo()));
  }

  /** Shows the whole space. */
  fitAll(): void {
    if (this.scene) this.setViewport(fit(this.frameInfo()));
  }

  /** Goes to the start (`-1`) or the end (`1`) of the space, keeping the zoom. */
  toEnd(which: -1 | 1): void {
    if (this.scene) this.setViewport(clamp({ left: which < 0 ? 0 : Infinity, zoom: this.viewport.zoom }, this.frameInfo()));
  }

  /** Selects the next (`1`) or previous (`-1`) flat range; the first step picks the first one in view. */
  step(dir: -1 | 1): void {
    const s = this.scene;
    if (!s || s.model.ranges.length === 0) return;
    let i = this.selected;
    if (i < 0) {
      const first = upperBound(s.scale.x1, this.viewport.left, 0, s.scale.count);
      i = Math.min(first, s.scale.count - 1);
      while (i >= 0 && i < s.scale.count && s.scale.ref[i] === GAP) i += dir;
    } else {
      i += dir;
      while (i >= 0 && i < s.scale.count && s.scale.ref[i] === GAP) i += dir;
    }
    if (i < 0 || i >= s.scale.count) return;
    this.selected = i;
    this.stateDirty = true;
    const x0 = (s.scale.x0[i]! - this.viewport.left) * this.viewport.zoom;
    const x1 = (s.scale.x1[i]! - this.viewport.left) * this.viewport.zoom;
    if (x0 < 0 || x1 > this.width) this.viewport = centreOn(this.viewport, (s.scale.x0[i]! + s.scale.x1[i]!) / 2, this.frameInfo());
    this.pointer = undefined;
    this.hover = undefined;
    this.showSelection();
    this.invalidate();
  }

  /** Reveals the selected range in the editor. */
  activate(): void {
    const ref = this.scene && this.selected >= 0 ? this.scene.scale.ref[this.selected]! : GAP;
    const range = ref === GAP ? undefined : this.scene?.model.ranges[ref]?.range;
    if (range) this.host.postMessage({ type: 'reveal', range });
  }

  /** Clears the selection. */
  clearSelection(): void {
    this.selected = -1;
    this.stateDirty = true;
    hideTooltip(this.chrome);
    this.invalidate();
  }

  /** The pointer moved to (x, y) in canvas CSS px. */
  pointerAt(x: number, y: number): void {
    this.pointer = { x, y };
    this.updateHover();
  }

  /** The pointer left the canvas. */
  pointerLeft(): void {
    this.pointer = undefined;
    this.hover = undefined;
    hideTooltip(this.chrome);
    this.invalidate();
  }

  /** A click (not a drag) at (x, y): select and reveal what is there. */
  click(x: number, y: number): void {
    const s = this.scene;
    const t = this.targetAt(x, y);
    if (!s || !t) return;
    let range: WireRange | undefined;
    if (t.kind === 'range') {
      const ref = s.scale.ref[t.seg]!;
      if (ref === GAP) return;
      this.selected = t.seg;
      this.stateDirty = true;
      range = s.model.ranges[ref]?.range;
    } else if (t.kind === 'region') {
      range = s.model.regions[s.bands.rows[t.row]!.lane.ref[t.ext]!]?.wire.range;
    } else if (t.kind === 'block') {
      range = s.model.blocks[t.seg]?.wire.range;
    } else {
      const ref = s.hostLane.scale.ref[t.seg]!;
      range = ref === GAP ? undefined : s.model.blocks[s.hostLane.block[ref]!]?.wire.range;
    }
    this.invalidate();
    if (range) this.host.postMessage({ type: 'reveal', range });
  }

  private frame(): void {
    this.framePending = false;
    const s = this.scene;
    const dpr = window.devicePixelRatio || 1;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!s || this.width === 0) {
      this.ctx.clearRect(0, 0, this.width, this.height);
      return;
    }
    if (this.restore) {
      const f = this.frameInfo();
      this.viewport = this.restore === 'fit' ? fit(f) : fromSaved(this.restore, f);
      this.restore = undefined;
    }
    const t = performance.now();
    this.stats.rects = this.renderer.draw(s, this.frameState());
    const end = performance.now();
    this.stats.labels = Object.fromEntries(this.renderer.text.placed);
    this.stats.ticks = Object.fromEntries(this.renderer.text.tickCount);
    this.stats.tickStep = Object.fromEntries(this.renderer.text.tickStep);
    this.stats.ribbons = this.renderer.ribbons.drawn;
    this.stats.phases = { ...this.renderer.phases };
    this.stats.lastDrawMs = end - t;
    this.stats.drawMs.push(end - t);
    if (this.stats.drawMs.length > DRAW_HISTORY) this.stats.drawMs.splice(0, this.stats.drawMs.length - DRAW_HISTORY);
    this.stats.frames++;
    if (this.dataAt !== undefined) {
      this.stats.firstPaintMs = end - this.dataAt;
      this.stats.firstPaintAt = end;
      this.dataAt = undefined;
    }
    if (this.stateDirty) this.save();
  }

  private frameState(): FrameState {
    const s = this.scene!;
    // The lower lanes always show all of themselves, with a little margin at each end.
    return {
      viewport: this.viewport,
      blockViewport: fitWithMargin(s.blockLane.width, this.width),
      hostViewport: fitWithMargin(s.hostLane.scale.width, this.width),
      width: this.width,
      height: this.height,
      rows: this.rows,
      hover: this.hover,
      selected: this.selected,
    };
  }

  private updateNotDrawn(): void {
    const s = this.scene;
    if (!s) return;
    const { lines, more } = notDrawnLines(s, this.rows.hiddenRegionRows);
    setNotDrawn(this.chrome, lines, more);
    this.stats.notDrawn = lines.length + more;
  }

  private save(): void {
    this.stateDirty = false;
    const s = this.scene;
    if (!s) return;
    const saved = toSaved(this.viewport, this.frameInfo());
    const sel = this.selected >= 0 ? hex(s.scale.segStart[this.selected]!) : undefined;
    this.host.setState({ uri: this.uri, space: s.model.space, zoom: saved.zoom, centre: saved.centre, selected: sel });
  }

  private resize(): void {
    const r = this.chrome.stage.getBoundingClientRect();
    const width = Math.floor(r.width);
    const height = Math.floor(r.height);
    if (width === this.width && height === this.height) return;
    // Keep what was in view across the resize: zoom relative to "fit" and the centre fraction do not depend on size.
    const keep = this.scene && this.width > 0 && !this.restore ? toSaved(this.viewport, this.frameInfo()) : undefined;
    this.width = width;
    this.height = height;
    sizeCanvas(this.chrome, width, height);
    this.stats.width = width;
    this.stats.height = height;
    this.relayoutRows();
    const compact = this.rows.compact;
    // The legend folds away when the panel becomes narrow and opens again when it widens (a person's choice in between stays).
    if (compact !== document.body.classList.contains('compact')) this.chrome.legend.open = !compact;
    document.body.classList.toggle('compact', compact);
    this.updateNotDrawn();
    if (keep) this.viewport = fromSaved(keep, this.frameInfo());
    this.invalidate();
  }

  private relayoutRows(): void {
    const s = this.scene;
    this.rows = computeRows({
      width: this.width,
      height: this.height,
      bandRows: s ? s.bands.rows.length : 0,
      blocks: !!s && s.blockLane.count > 0,
      host: !!s && s.hostLane.block.length > 0,
    });
    this.stats.rows = this.rows;
  }

  private frameInfo(): Frame {
    const world = this.scene?.scale.width ?? 1;
    // At most, the narrowest possible segment fills half the screen.
    return { world, screen: this.width, maxZoom: this.width / (2 * Math.min(DEFAULT_SCALE.rangeMin, DEFAULT_SCALE.gapMin)) };
  }

  private setViewport(v: Viewport): void {
    this.viewport = v;
    this.stateDirty = true;
    if (this.pointer) this.updateHover();
    else if (this.selected >= 0) this.showSelection();
    this.invalidate();
  }

  private targetAt(x: number, y: number): Target | undefined {
    if (!this.scene) return undefined;
    const f = this.frameState();
    return targetAt(this.scene, this.rows, { gpa: f.viewport, ram: f.blockViewport, host: f.hostViewport }, x, y);
  }

  private updateHover(): void {
    const s = this.scene;
    const p = this.pointer;
    const t = p && this.targetAt(p.x, p.y);
    const changed = JSON.stringify(t) !== JSON.stringify(this.hover);
    this.hover = t;
    if (!s || !p || !t) {
      hideTooltip(this.chrome);
      if (changed) this.invalidate();
      return;
    }
    const lines = describeTarget(s, t, this.viewport.left + p.x / this.viewport.zoom);
    showTooltip(this.chrome, lines, p.x, p.y);
    this.say(announce(lines));
    if (changed) this.invalidate();
  }

  private showSelection(): void {
    const s = this.scene;
    const x = this.selectionX();
    if (!s || this.selected < 0 || x === undefined) {
      hideTooltip(this.chrome);
      return;
    }
    const lines = describeRange(s.model, s.scale.ref[this.selected]!, undefined, s.io);
    showTooltip(this.chrome, lines, x, this.rows.axisTop + ROW.text);
    this.say(announce(lines));
  }

  /** Screen x of the selection's centre when it is in view. */
  private selectionX(): number | undefined {
    const s = this.scene;
    if (!s || this.selected < 0) return undefined;
    const x = ((s.scale.x0[this.selected]! + s.scale.x1[this.selected]!) / 2 - this.viewport.left) * this.viewport.zoom;
    return x >= 0 && x <= this.width ? x : undefined;
  }

  /** The range segment starting at `addr`, or -1. */
  private segmentStartingAt(addr: bigint | undefined): number {
    const s = this.scene;
    if (!s || addr === undefined) return -1;
    const x = xOfAddress(s.scale, addr);
    const seg = hitTest(s.scale, x);
    return seg >= 0 && s.scale.segStart[seg] === addr && s.scale.ref[seg] !== GAP ? seg : -1;
  }

  private say(text: string): void {
    if (text === this.announced) return;
    this.announced = text;
    this.chrome.live.textContent = text;
  }

  private showMessage(text: string): void {
    this.chrome.message.textContent = text;
    this.chrome.message.hidden = false;
    this.chrome.summary.textContent = '';
    this.chrome.canvas.setAttribute('aria-label', `Memory map: ${text}`);
  }
}
