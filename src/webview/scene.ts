/**
 * Everything laid out for one data message — the range scale, the region bands, the ram_addr and host
 * lanes and the ribbons between them — and what the pointer or keyboard can point at in it. Built once per
 * message; frames only read it. Pure: no DOM types.
 */
import { buildBands } from './bands';
import type { Bands } from './bands';
import { deviceCodes, isIoSpace } from './devices';
import type { BlockLane, HostLane, Ribbons } from './lanes';
import { buildBlockLane, buildHostLane, buildRibbons, noRibbons } from './lanes';
import { areaAt } from './geometry';
import type { Rows } from './geometry';
import { buildScale, GAP, hitTest } from './placement';
import type { Scale } from './placement';
import type { MapModel } from './model';
import type { Viewport } from './viewport';

/** The laid-out data. */
export interface Scene {
  readonly model: MapModel;
  readonly scale: Scale;
  readonly bands: Bands;
  /** Colour code of each region, indexed like `model.regions`. */
  readonly regionCode: Uint8Array;
  /** A port I/O space: no RAMBlock lanes, ranges coloured by device. */
  readonly io: boolean;
  /** Device colour index of each range (meaningful when `io`). */
  readonly deviceCode: Uint8Array;
  /**
   * 1 for a range of an I/O space that only the space's root shows (QEMU's `io` region answers every port no
   * device claims): drawn muted and not counted as a device.
   */
  readonly unclaimed: Uint8Array;
  readonly blockLane: BlockLane;
  readonly hostLane: HostLane;
  readonly ribbons: Ribbons;
  /** Flat ranges among the range scale's segments before segment `i` (length count + 1): counts merged columns in O(1). */
  readonly rangesBefore: Int32Array;
}

/** A segment of the range scale, a RAMBlock, a host span, or an extent of a band row. */
export type Target =
  | { readonly kind: 'range'; readonly seg: number }
  | { readonly kind: 'block'; readonly seg: number }
  | { readonly kind: 'host'; readonly seg: number }
  | { readonly kind: 'region'; readonly row: number; readonly ext: number };

/** Lays out a parsed model. */
export function buildScene(model: MapModel): Scene {
  const scale = buildScale(model.rangeSpans);
  const io = isIoSpace(model);
  const blocks = io ? [] : model.blocks;
  const blockLane = buildBlockLane(blocks);
  const hostLane = buildHostLane(blocks);
  const ribbons = io ? noRibbons(model.blocks.length) : buildRibbons(model, scale, blockLane, hostLane);
  const rangesBefore = new Int32Array(scale.count + 1);
  for (let i = 0; i < scale.count; i++) rangesBefore[i + 1] = rangesBefore[i]! + (scale.ref[i]! !== GAP ? 1 : 0);
  const bands = buildBands(model.regions, scale);
  const root = model.regions.find((r) => r.depth === 0)?.wire.name;
  const unclaimed = Uint8Array.from(model.ranges, (r) => (io && r.name === root ? 1 : 0));
  return {
    unclaimed,
    model,
    scale,
    bands,
    regionCode: Uint8Array.from(model.regions, (r) => r.code),
    io,
    deviceCode: io ? deviceCodes(model) : new Uint8Array(0),
    blockLane,
    hostLane,
    ribbons,
    rangesBefore,
  };
}

/** The viewports of the three lanes (GPA zoomable; ram_addr and host fitted). */
export interface LaneViewports {
  readonly gpa: Viewport;
  readonly ram: Viewport;
  readonly host: Viewport;
}

/** What the point (x, y) in canvas CSS px points at: a band extent, a range segment, a block, a host span. */
export function targetAt(s: Scene, rows: Rows, v: LaneViewports, x: number, y: number): Target | undefined {
  const area = areaAt(rows, y);
  if (area === undefined) return undefined;
  if (area.kind === 'range' || area.kind === 'region') {
    const wx = v.gpa.left + x / v.gpa.zoom;
    if (area.kind === 'range') {
      const seg = hitTest(s.scale, wx);
      return seg >= 0 ? { kind: 'range', seg } : undefined;
    }
    const lane = s.bands.rows[area.row]?.lane;
    const ext = lane ? hitTest(lane, wx) : -1;
    return ext >= 0 ? { kind: 'region', row: area.row, ext } : undefined;
  }
  const view = area.kind === 'block' ? v.ram : v.host;
  const seg = hitTest(area.kind === 'block' ? s.blockLane : s.hostLane.scale, view.left + x / view.zoom);
  return seg >= 0 ? { kind: area.kind, seg } : undefined;
}
