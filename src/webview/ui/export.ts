/**
 * Export SVG / Export PNG: the current view as a picture message for the host, which asks where to save it
 * (the webview's CSP forbids download links, and it has no file system). The SVG is the same frame painted
 * on the recorder of svg.ts, so it escapes every name; the PNG is the canvas itself.
 */
import type { ExportMessage } from '../messages';
import { exportFileName } from '../messages';
import type { Scene } from '../scene';
import { SvgPainter } from '../svg';
import type { FrameState, Renderer } from './renderer';

/** What painting a picture needs from the view. */
export interface PictureSource {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  readonly renderer: Renderer;
  readonly frame: FrameState;
}

/** The export message for the current frame of `scene`. */
export function picture(format: 'svg' | 'png', scene: Scene, src: PictureSource): ExportMessage {
  const name = exportFileName(scene.model.space, format);
  if (format === 'png') {
    const url = src.canvas.toDataURL('image/png');
    return { type: 'export', format, name, data: url.slice(url.indexOf(',') + 1) };
  }
  const measure = (text: string, font: string): number => {
    src.ctx.font = font;
    return src.ctx.measureText(text).width;
  };
  const svg = new SvgPainter(src.frame.width, src.frame.height, measure, src.renderer.palette.gapColour);
  src.renderer.draw(scene, src.frame, svg);
  return { type: 'export', format, name, data: svg.toString() };
}
