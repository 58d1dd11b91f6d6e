/**
 * The messages between the map panel's host (extension side) and its webview, typed once for both sides,
 * with guards: each side treats what arrives as unknown until checked.
 * Pure: no DOM and no VS Code types.
 */
import type { MapDataRequest, WireRange } from '../protocol';

/** Host → view: the map's data (null when the document has none), or why it could not be had. */
export interface DataMessage {
  readonly type: 'data';
  /** The document the map is of: the view keeps it in its state so that a restored panel finds it again. */
  readonly uri: string | undefined;
  readonly result: MapDataRequest.Result | null;
  readonly error?: string;
}

/** Everything the host sends. */
export type HostMessage = DataMessage;

/** View → host: the script is listening; send the data. Sent on every (re)load of the webview. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** View → host: reveal where this range, region or block is written. */
export interface RevealMessage {
  readonly type: 'reveal';
  readonly range: WireRange;
}

/** View → host: show another address space of the same document. */
export interface ChooseSpaceMessage {
  readonly type: 'chooseSpace';
  readonly space: string;
}

/** View → host: save this picture of the current view (the host asks where with a save dialog). */
export interface ExportMessage {
  readonly type: 'export';
  readonly format: 'svg' | 'png';
  /** The SVG document, or the PNG's bytes in base64. */
  readonly data: string;
  /** A file name to suggest (`memory-map-<space>.svg`). */
  readonly name: string;
}

/** The largest picture the host accepts (characters of `data`). */
export const EXPORT_MAX_CHARS = 64 * 1024 * 1024;

/** Everything the view sends. */
export type ViewMessage = ReadyMessage | RevealMessage | ChooseSpaceMessage | ExportMessage;

/** A file name made safe: letters, digits, `.`, `-`, `_` only (the space's name comes from the capture). */
export function exportFileName(space: string | undefined, format: 'svg' | 'png'): string {
  const base = (space ?? 'map').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|-+$/g, '').slice(0, 60) || 'map';
  return `memory-map-${base}.${format}`;
}

/** What the view keeps across reloads (getState/setState) and what the panel serializer gets back. */
export interface MapViewState {
  readonly uri?: string;
  readonly space?: string;
  /** Zoom relative to "whole space in view". */
  readonly zoom: number;
  /** The view's centre as a fraction of the map's width. */
  readonly centre: number;
  /** Start address (`0x…`) of the selected flat range. */
  readonly selected?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isPosition(v: unknown): boolean {
  return isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);
}

/** True for a well-formed WireRange. */
export function isWireRange(v: unknown): v is WireRange {
  return isObject(v) && isPosition(v.start) && isPosition(v.end);
}

/** True for a message the view may send. */
export function isViewMessage(v: unknown): v is ViewMessage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'ready':
      return true;
    case 'reveal':
      return isWireRange(v.range);
    case 'chooseSpace':
      return typeof v.space === 'string';
    case 'export':
      return (
        (v.format === 'svg' || v.format === 'png') &&
        typeof v.data === 'string' &&
        v.data.length > 0 &&
        v.data.length <= EXPORT_MAX_CHARS &&
        typeof v.name === 'string' &&
        /^[A-Za-z0-9._-]{1,80}$/.test(v.name) &&
        v.name.endsWith(`.${v.format}`)
      );
    default:
      return false;
  }
}

/** True for a message the host may send (the result's contents are checked as they are parsed). */
export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObject(v) || v.type !== 'data') return false;
  const r = v.result;
  return r === null || (isObject(r) && Array.isArray(r.ranges) && Array.isArray(r.regions) && Array.isArray(r.blocks) && Array.isArray(r.spaces));
}

/** True for a state this view saved. */
export function isMapViewState(v: unknown): v is MapViewState {
  return (
    isObject(v) &&
    typeof v.zoom === 'number' &&
    typeof v.centre === 'number' &&
    (v.uri === undefined || typeof v.uri === 'string') &&
    (v.space === undefined || typeof v.space === 'string') &&
    (v.selected === undefined || typeof v.selected === 'string')
  );
}
