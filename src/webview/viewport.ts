/**
 * Zoom and pan over a world of a given width (world units) shown in a canvas of a given width (CSS px).
 * Pure: the input handlers and the saved state both go through these functions, and tests can too.
 */

/** `left` is the world position at screen x = 0; `zoom` is CSS px per world unit. */
export interface Viewport {
  readonly left: number;
  readonly zoom: number;
}

/** What the world and the screen measure, and how far one may zoom in (CSS px per world unit). */
export interface Frame {
  readonly world: number;
  readonly screen: number;
  readonly maxZoom: number;
}

/** The zoom that shows the whole world. */
export function fitZoom(f: Frame): number {
  return f.world > 0 && f.screen > 0 ? f.screen / f.world : 1;
}

/** The whole world in view. */
export function fit(f: Frame): Viewport {
  return { left: 0, zoom: fitZoom(f) };
}

/** Keeps the zoom between "all of it" and `maxZoom`, and the view inside the world. */
export function clamp(v: Viewport, f: Frame): Viewport {
  const min = fitZoom(f);
  const zoom = Math.min(Math.max(v.zoom, min), Math.max(min, f.maxZoom));
  const span = f.screen / zoom;
  const left = Math.min(Math.max(v.left, 0), Math.max(0, f.world - span));
  return { left, zoom };
}

/** Zooms by `factor` keeping the world point under screen x `anchor` where it is. */
export function zoomAt(v: Viewport, factor: number, anchor: number, f: Frame): Viewport {
  const worldAnchor = v.left + anchor / v.zoom;
  const zoom = v.zoom * factor;
  return clamp({ left: worldAnchor - anchor / zoom, zoom }, f);
}

/** Pans by `dx` CSS px (positive shows what is to the right). */
export function panBy(v: Viewport, dx: number, f: Frame): Viewport {
  return clamp({ left: v.left + dx / v.zoom, zoom: v.zoom }, f);
}

/** Pans so that world position `x` is at the screen's centre. */
export function centreOn(v: Viewport, x: number, f: Frame): Viewport {
  return clamp({ left: x - f.screen / (2 * v.zoom), zoom: v.zoom }, f);
}

/** The viewport as a resize-proof pair: zoom relative to "fit", and the centre as a fraction of the world. */
export function toSaved(v: Viewport, f: Frame): { zoom: number; centre: number } {
  const centre = f.world > 0 ? (v.left + f.screen / (2 * v.zoom)) / f.world : 0.5;
  return { zoom: v.zoom / fitZoom(f), centre };
}

/** The inverse of toSaved for the current frame. */
export function fromSaved(saved: { zoom: number; centre: number }, f: Frame): Viewport {
  const zoom = fitZoom(f) * (Number.isFinite(saved.zoom) && saved.zoom > 0 ? saved.zoom : 1);
  const centre = Number.isFinite(saved.centre) ? saved.centre : 0.5;
  return clamp({ left: centre * f.world - f.screen / (2 * zoom), zoom }, f);
}

/** A view of a whole lane of width `world` in `screen` px, with 4 px to spare at each end (the lower lanes). */
export function fitWithMargin(world: number, screen: number): Viewport {
  if (world <= 0 || screen <= 8) return { left: 0, zoom: 1 };
  const zoom = (screen - 8) / world;
  return { left: -4 / zoom, zoom };
}
