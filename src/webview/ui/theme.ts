/**
 * The canvas's colours and fonts, read from the CSS custom properties that media/map.css derives from
 * VS Code's theme variables (--vscode-charts-blue, --vscode-editor-foreground, …), re-read on theme change.
 */
import { DEVICE_COLOURS } from '../devices';
import { TYPE_KEYS } from '../model';

/** How many ribbon colours the CSS defines (`--map-ribbon-0` …): ribbons take their block's. */
export const RIBBON_COLOURS = 6;

/** Everything the renderer paints with. */
export interface Palette {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly focus: string;
  readonly hover: string;
  readonly gap: CanvasPattern | string;
  /** By type code (TYPE_KEYS order). */
  readonly types: readonly string[];
  /** Device colours of an I/O space, by deviceColour(). */
  readonly devices: readonly string[];
  /** Ribbon colours, by block index modulo RIBBON_COLOURS. */
  readonly ribbons: readonly string[];
  /** The gap colour as a plain colour (for SVG export, which has no canvas pattern). */
  readonly gapColour: string;
  readonly font: string;
  readonly mono: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** A diagonal hatch for gaps: "nothing here" without a solid colour that could be read as a type. */
function hatch(colour: string, background: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const g = tile.getContext('2d');
  if (!g) return colour;
  g.fillStyle = background;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = colour;
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(-2, 10);
  g.lineTo(10, -2);
  g.moveTo(-2, 2);
  g.lineTo(2, -2);
  g.moveTo(6, 10);
  g.lineTo(10, 6);
  g.stroke();
  return g.createPattern(tile, 'repeat') ?? colour;
}

/** Reads the palette from the document's computed style. */
export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const background = cssVar(style, '--map-background', '#1e1e1e');
  const muted = cssVar(style, '--map-muted', '#8b8b8b');
  const family = cssVar(style, '--map-font', 'system-ui, sans-serif');
  const mono = cssVar(style, '--map-mono', 'monospace');
  return {
    background,
    foreground: cssVar(style, '--map-foreground', '#cccccc'),
    muted,
    focus: cssVar(style, '--map-focus', '#007fd4'),
    hover: cssVar(style, '--map-hover', '#cccccc'),
    gap: hatch(cssVar(style, '--map-gap', muted), background),
    gapColour: cssVar(style, '--map-gap', muted),
    types: TYPE_KEYS.map((k) => cssVar(style, `--map-${k}`, muted)),
    devices: Array.from({ length: DEVICE_COLOURS }, (_, k) => cssVar(style, `--map-dev-${k}`, muted)),
    ribbons: Array.from({ length: RIBBON_COLOURS }, (_, k) => cssVar(style, `--map-ribbon-${k}`, muted)),
    font: `11px ${family}`,
    mono: `11px ${mono}`,
  };
}

/** Calls `changed` when VS Code switches theme (it rewrites the body's class and the root's style). */
export function watchTheme(changed: () => void): void {
  const observer = new MutationObserver(changed);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
