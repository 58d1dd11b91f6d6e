/**
 * Colour by device in I/O address spaces. `info mtree` does not print a region's owner, so the device is
 * guessed from the region's name: the part before the first `-`, `.`, `_`, space or `@` (`dma-chan`,
 * `dma-page` → `dma`; `i8042-data` → `i8042`). The map says it is a guess wherever it shows it.
 * Pure: no DOM types.
 */
import type { MapModel } from './model';
import type { Scene } from './scene';
import { TYPE_KEYS } from './model';

/** How many device colours the palette has (the CSS defines `--map-dev-0` … `--map-dev-15`). */
export const DEVICE_COLOURS = 16;

/** What the legend and tooltips say about the colours of an I/O space. */
export const DEVICE_GUESS_NOTE = 'device guessed from the region name (the capture does not record owners)';

/** The device part of a region name: up to the first separator, lower-cased; the whole name when it has none. */
export function deviceOf(name: string): string {
  let end = name.length;
  for (let i = 1; i < name.length; i++) {
    const c = name[i]!;
    if (c === '-' || c === '.' || c === '_' || c === ' ' || c === '@' || c === ':' || c === '/') {
      end = i;
      break;
    }
  }
  return name.slice(0, end).toLowerCase();
}

/** A stable colour index for a device name (FNV-1a): the same device has the same colour in every capture. */
export function deviceColour(device: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < device.length; i++) {
    h ^= device.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % DEVICE_COLOURS;
}

const IO = TYPE_KEYS.indexOf('io');

/**
 * True for a port I/O space: named `I/O` or `io` as QEMU's are, or made only of i/o ranges with no RAM behind
 * any of them. Such a space gets no RAMBlock lane and is coloured by device.
 */
export function isIoSpace(model: MapModel): boolean {
  const name = (model.space ?? '').toLowerCase();
  if (name === 'i/o' || name === 'io' || name.endsWith('_io') || name.endsWith('-io')) return true;
  if (model.ranges.length === 0) return false;
  for (let i = 0; i < model.ranges.length; i++) if (model.rangeCode[i] !== IO || model.rangeBlock[i]! >= 0) return false;
  return true;
}

/** Per flat range: the colour index of its device (for an I/O space). */
export function deviceCodes(model: MapModel): Uint8Array {
  const out = new Uint8Array(model.ranges.length);
  const cache = new Map<string, number>();
  model.ranges.forEach((r, i) => {
    let c = cache.get(r.name);
    if (c === undefined) cache.set(r.name, (c = deviceColour(deviceOf(r.name))));
    out[i] = c;
  });
  return out;
}

/** The devices of an I/O space in address order with their colour index, for the legend (unclaimed ports left out). */
export function deviceLegend(scene: Pick<Scene, 'model' | 'unclaimed' | 'deviceCode'>): [string, number][] {
  const devices = new Map<string, number>();
  let last: string | undefined;
  scene.model.ranges.forEach((r, i) => {
    // Neighbouring ports often share a name: its device is the one just found.
    if (scene.unclaimed[i] || r.name === last) return;
    last = r.name;
    const d = deviceOf(r.name);
    if (!devices.has(d)) devices.set(d, scene.deviceCode[i]!);
  });
  return [...devices];
}
