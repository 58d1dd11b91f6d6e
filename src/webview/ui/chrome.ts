/**
 * The few DOM elements around the canvas: the space picker, a summary, the colour legend, the tooltip, the
 * live region and a message line. Built with createElement/textContent only: no markup strings anywhere.
 */
import { TYPE_KEYS } from '../model';
import type { TypeKey } from '../model';

/** Handles on the page's elements. */
export interface Chrome {
  readonly stage: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly picker: HTMLSelectElement;
  readonly pickerLabel: HTMLElement;
  readonly summary: HTMLElement;
  readonly tooltip: HTMLElement;
  readonly live: HTMLElement;
  readonly message: HTMLElement;
}

const LEGEND: Record<TypeKey, string> = {
  ram: 'ram',
  rom: 'rom',
  romd: 'romd',
  ramd: 'ramd',
  io: 'i/o',
  alias: 'alias',
  container: 'container',
  other: 'other',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, parent: HTMLElement): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  parent.append(e);
  return e;
}

/** Builds the page inside `body`. */
export function createChrome(body: HTMLElement): Chrome {
  const bar = el('header', 'bar', body);
  const pickerLabel = el('label', 'space', bar);
  pickerLabel.append('Address space ');
  const picker = el('select', '', pickerLabel);
  pickerLabel.hidden = true;
  const summary = el('span', 'summary', bar);

  const legend = el('ul', 'legend', bar);
  legend.setAttribute('aria-label', 'Colours by region type');
  for (const key of TYPE_KEYS) {
    const item = el('li', '', legend);
    el('span', `swatch ${key}`, item).setAttribute('aria-hidden', 'true');
    item.append(LEGEND[key]);
  }
  const gapItem = el('li', '', legend);
  el('span', 'swatch gap', gapItem).setAttribute('aria-hidden', 'true');
  gapItem.append('unmapped (collapsed)');

  const stage = el('div', 'stage', body);
  const canvas = el('canvas', 'map', stage);
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-roledescription', 'memory map');
  canvas.setAttribute('aria-label', 'Memory map: waiting for data');
  const help = el('p', 'visually-hidden', body);
  help.id = 'map-help';
  help.textContent = 'Wheel or plus and minus: zoom. Drag, shift+wheel or arrows: pan. Up and down: select a range. Enter: reveal it in the editor. Home, End: the ends. 0: everything.';
  canvas.setAttribute('aria-describedby', help.id);
  const tooltip = el('div', 'tooltip', stage);
  tooltip.setAttribute('role', 'tooltip');
  tooltip.hidden = true;

  const live = el('div', 'visually-hidden', body);
  live.setAttribute('aria-live', 'polite');
  const message = el('p', 'message', body);
  message.hidden = true;
  return { stage, canvas, picker, pickerLabel, summary, tooltip, live, message };
}

/** Fills the space picker; it is shown only when there is a choice to make. */
export function setSpaces(c: Chrome, spaces: readonly string[], current: string | undefined): void {
  c.picker.replaceChildren(
    ...spaces.map((s) => {
      const o = document.createElement('option');
      o.value = s;
      o.textContent = s;
      o.selected = s === current;
      return o;
    }),
  );
  c.pickerLabel.hidden = spaces.length < 2;
}

/** Shows the tooltip's lines near (x, y) in stage coordinates, kept inside the stage. */
export function showTooltip(c: Chrome, lines: readonly string[], x: number, y: number): void {
  c.tooltip.textContent = lines.join('\n');
  c.tooltip.hidden = false;
  const w = c.tooltip.offsetWidth;
  const h = c.tooltip.offsetHeight;
  const left = x + 14 + w > c.stage.clientWidth ? Math.max(0, x - 14 - w) : x + 14;
  const top = y + 14 + h > c.stage.clientHeight ? Math.max(0, y - 14 - h) : y + 14;
  c.tooltip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
}

/** Hides the tooltip. */
export function hideTooltip(c: Chrome): void {
  c.tooltip.hidden = true;
}
