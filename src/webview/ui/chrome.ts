/**
 * The few DOM elements around the canvas: the space picker, a summary, export buttons, the legend (colours by
 * type, or by device for an I/O space, and what is not drawn), the tooltip, the live region and a message line.
 * Built with createElement/textContent only: no markup strings anywhere.
 */
import { deviceLegend, DEVICE_GUESS_NOTE } from '../devices';
import { mapLabel } from '../format';
import { hasUndumped, TYPE_KEYS } from '../model';
import type { TypeKey } from '../model';
import type { NotDrawnLine } from '../not-drawn';
import type { Scene } from '../scene';

/** Handles on the page's elements. */
export interface Chrome {
  readonly stage: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly picker: HTMLSelectElement;
  readonly pickerLabel: HTMLElement;
  readonly summary: HTMLElement;
  readonly exportSvg: HTMLButtonElement;
  readonly exportPng: HTMLButtonElement;
  readonly legend: HTMLDetailsElement;
  readonly types: HTMLElement;
  /** The type legend's entry for what a gdb dump leaves untyped: shown only when the data has such entries. */
  readonly undumped: HTMLElement;
  readonly devices: HTMLElement;
  readonly notDrawn: HTMLDetailsElement;
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
  undumped: 'type not dumped (gdb)',
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
  const tools = el('span', 'tools', bar);
  const exportSvg = el('button', 'export', tools);
  exportSvg.type = 'button';
  exportSvg.textContent = 'Export SVG';
  exportSvg.title = 'Save the current view as an SVG picture';
  const exportPng = el('button', 'export', tools);
  exportPng.type = 'button';
  exportPng.textContent = 'Export PNG';
  exportPng.title = 'Save the current view as a PNG picture';

  const legend = el('details', 'legend-box', bar);
  legend.open = true;
  el('summary', '', legend).textContent = 'Legend';
  const types = el('ul', 'legend', legend);
  types.setAttribute('aria-label', 'Colours by region type');
  let undumped: HTMLElement | undefined;
  for (const key of TYPE_KEYS) {
    const item = el('li', '', types);
    el('span', `swatch ${key}`, item).setAttribute('aria-hidden', 'true');
    item.append(LEGEND[key]);
    if (key === 'undumped') {
      undumped = item;
      item.hidden = true;
    }
  }
  const gapItem = el('li', '', types);
  el('span', 'swatch gap', gapItem).setAttribute('aria-hidden', 'true');
  gapItem.append('unmapped (collapsed)');
  const devices = el('ul', 'legend devices', legend);
  devices.setAttribute('aria-label', 'Colours by device');
  devices.hidden = true;
  const notDrawn = el('details', 'not-drawn', legend);
  notDrawn.hidden = true;

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
  return { stage, canvas, picker, pickerLabel, summary, exportSvg, exportPng, legend, types, undumped: undumped as HTMLElement, devices, notDrawn, tooltip, live, message };
}

/** Shows the type legend, or for an I/O space the devices (with their colour index) and the note that they are guessed. */
export function setDeviceLegend(c: Chrome, devices: readonly [string, number][] | undefined): void {
  c.types.hidden = devices !== undefined;
  c.devices.hidden = devices === undefined;
  if (!devices) return;
  const items = devices.slice(0, 24).map(([name, colour]) => {
    const li = document.createElement('li');
    const sw = document.createElement('span');
    sw.className = `swatch dev-${colour}`;
    sw.setAttribute('aria-hidden', 'true');
    li.append(sw, name);
    return li;
  });
  if (devices.length > 24) {
    const li = document.createElement('li');
    li.textContent = `… ${devices.length - 24} more devices`;
    items.push(li);
  }
  const note = document.createElement('li');
  note.className = 'note';
  note.textContent = `Colour = ${DEVICE_GUESS_NOTE}`;
  items.push(note);
  c.devices.replaceChildren(...items);
}

/** Fills the legend's "not drawn" section (hidden when nothing is left out). */
export function setNotDrawn(c: Chrome, lines: readonly NotDrawnLine[], more: number): void {
  const total = lines.length + more;
  c.notDrawn.hidden = total === 0;
  const summary = document.createElement('summary');
  summary.textContent = `Not drawn (${total})`;
  const list = document.createElement('ul');
  for (const l of lines) {
    const li = document.createElement('li');
    const what = document.createElement('strong');
    what.textContent = l.what;
    li.append(what, `: ${l.reason}`);
    list.append(li);
  }
  if (more > 0) {
    const li = document.createElement('li');
    li.textContent = `… and ${more} more`;
    list.append(li);
  }
  c.notDrawn.replaceChildren(summary, list);
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

/**
 * Fills the chrome around a newly drawn scene: the space picker, the summary line, the type or
 * device legend, the undumped note and the canvas's label. `wasIo` says whether the scene before was a port I/O space.
 */
export function showScene(c: Chrome, scene: Scene, wasIo: boolean): void {
  const model = scene.model;
  const gaps = scene.scale.count - model.ranges.length;
  setSpaces(c, model.spaces, model.space);
  c.summary.textContent =
    `${model.space ?? '(no address space)'}: ${model.ranges.length} ranges, ${gaps} gaps, ${model.regions.length} regions` +
    (scene.io ? ' (port I/O: coloured by device)' : `, ${model.blocks.length} RAMBlocks`);
  // Narrow, the type legend folds away, but an I/O space's colours mean devices: their legend shows.
  if (scene.io !== wasIo && document.body.classList.contains('compact')) c.legend.open = scene.io;
  setDeviceLegend(c, scene.io ? deviceLegend(scene) : undefined);
  c.undumped.hidden = !hasUndumped(model);
  c.canvas.setAttribute('aria-label', mapLabel(model, gaps));
  c.message.hidden = true;
}

/** Sizes the canvas to `width` × `height` CSS px, in device pixels behind. */
export function sizeCanvas(c: Chrome, width: number, height: number): void {
  const dpr = window.devicePixelRatio || 1;
  c.canvas.width = Math.round(width * dpr);
  c.canvas.height = Math.round(height * dpr);
  c.canvas.style.width = `${width}px`;
  c.canvas.style.height = `${height}px`;
}
