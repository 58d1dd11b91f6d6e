/**
 * What the renderer paints on — the part of a 2D canvas context it uses — and a recorder with the same
 * surface that writes SVG, so that "Export SVG" is the very frame on screen. Every text and attribute is
 * escaped: names come from the capture. Pure: no DOM types.
 */

/** The subset of CanvasRenderingContext2D the renderer uses (a canvas context is one). */
export interface Painter {
  fillStyle: string | object;
  strokeStyle: string | object;
  globalAlpha: number;
  lineWidth: number;
  font: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void;
  closePath(): void;
  fill(): void;
  stroke(): void;
}

/** Escapes text for SVG element content and double-quoted attributes. */
export function escapeXml(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c === '&') out += '&amp;';
    else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '"') out += '&quot;';
    else if (c === "'") out += '&apos;';
    // XML 1.0 forbids most control characters even as references: drop them.
    else if (code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r') out += '';
    else if (code === 0xfffe || code === 0xffff) out += '';
    else out += c;
  }
  return out;
}

const n = (v: number): string => (Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0');

/** Records painting as SVG elements; `toString` gives the document. */
export class SvgPainter implements Painter {
  fillStyle: string | object = '#000';
  strokeStyle: string | object = '#000';
  globalAlpha = 1;
  lineWidth = 1;
  font = '11px sans-serif';
  textBaseline = 'alphabetic';
  private readonly parts: string[] = [];
  private path = '';

  /**
   * @param width, height: the picture's size in CSS px.
   * @param measure: text widths (the canvas's, so that labels are cut the same way).
   * @param patternColour: what a non-colour fill (the gap hatch) becomes.
   */
  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly measure: (text: string, font: string) => number,
    private readonly patternColour: string,
  ) {}

  private paint(style: string | object): string {
    return escapeXml(typeof style === 'string' ? style : this.patternColour);
  }

  private opacity(): string {
    return this.globalAlpha < 1 ? ` opacity="${n(this.globalAlpha)}"` : '';
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    if (w <= 0 || h <= 0) return;
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${this.paint(this.fillStyle)}"${this.opacity()}/>`);
  }

  strokeRect(x: number, y: number, w: number, h: number): void {
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="${this.paint(this.strokeStyle)}" stroke-width="${n(this.lineWidth)}"${this.opacity()}/>`);
  }

  fillText(text: string, x: number, y: number): void {
    const baseline = this.textBaseline === 'middle' ? ' dominant-baseline="central"' : this.textBaseline === 'top' ? ' dominant-baseline="hanging"' : '';
    this.parts.push(`<text x="${n(x)}" y="${n(y)}" fill="${this.paint(this.fillStyle)}" style="font: ${escapeXml(this.font)}"${baseline}${this.opacity()}>${escapeXml(text)}</text>`);
  }

  measureText(text: string): { width: number } {
    return { width: this.measure(text, this.font) };
  }

  beginPath(): void {
    this.path = '';
  }

  moveTo(x: number, y: number): void {
    this.path += `M${n(x)} ${n(y)}`;
  }

  lineTo(x: number, y: number): void {
    this.path += `L${n(x)} ${n(y)}`;
  }

  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void {
    this.path += `C${n(c1x)} ${n(c1y)} ${n(c2x)} ${n(c2y)} ${n(x)} ${n(y)}`;
  }

  closePath(): void {
    this.path += 'Z';
  }

  fill(): void {
    if (this.path) this.parts.push(`<path d="${this.path}" fill="${this.paint(this.fillStyle)}"${this.opacity()}/>`);
  }

  stroke(): void {
    if (this.path) this.parts.push(`<path d="${this.path}" fill="none" stroke="${this.paint(this.strokeStyle)}" stroke-width="${n(this.lineWidth)}"${this.opacity()}/>`);
  }

  /** The SVG document. */
  toString(): string {
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<svg xmlns="http://www.w3.org/2000/svg" width="${n(this.width)}" height="${n(this.height)}" viewBox="0 0 ${n(this.width)} ${n(this.height)}">\n` +
      this.parts.join('\n') +
      '\n</svg>\n'
    );
  }
}
