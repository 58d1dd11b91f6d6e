/**
 * Everything laid out for one data message — the range scale, the region bands and the RAMBlock scale —
 * and what the pointer or keyboard can point at in it. Built once per message; frames only read it.
 * Pure: no DOM types.
 */
import { buildBands } from './bands';
import type { Bands } from './bands';
import { buildScale, xOfAddress } from './layout';
import type { Scale } from './layout';
import type { MapModel } from './model';

/** The laid-out data. */
export interface Scene {
  readonly model: MapModel;
  readonly scale: Scale;
  readonly bands: Bands;
  /** Colour code of each region, indexed like `model.regions`. */
  readonly regionCode: Uint8Array;
  readonly blockScale: Scale;
  /** World x where each block segment's used part ends (NaN for gaps). */
  readonly blockUsedX: Float64Array;
}

/** A segment of the range or block scale, or an extent of a band row. */
export type Target =
  | { readonly kind: 'range'; readonly seg: number }
  | { readonly kind: 'block'; readonly seg: number }
  | { readonly kind: 'region'; readonly row: number; readonly ext: number };

/** Lays out a parsed model. */
export function buildScene(model: MapModel): Scene {
  const scale = buildScale(model.rangeSpans);
  const blockScale = buildScale(model.blocks);
  const blockUsedX = new Float64Array(blockScale.count).fill(Number.NaN);
  for (let i = 0; i < blockScale.count; i++) {
    const b = model.blocks[blockScale.ref[i]!];
    if (!b) continue;
    const size = b.last - b.start + 1n;
    blockUsedX[i] = xOfAddress(blockScale, b.start + (b.used < size ? b.used : size));
  }
  const bands = buildBands(model.regions, scale);
  return { model, scale, bands, regionCode: Uint8Array.from(model.regions, (r) => r.code), blockScale, blockUsedX };
}
