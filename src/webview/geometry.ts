/**
 * The map's rows from top to bottom (region bands, flat ranges with their names and addresses, then the
 * RAMBlock lane) for a canvas height, and which row a y coordinate falls in. Pure: no DOM types.
 */

/** Row heights in CSS px. */
export const ROW = { region: 16, range: 36, text: 16, gap: 10, blockTitle: 18, block: 24 } as const;

/** Where each row sits. `regionRows[k]` shows band row `k` (root first); rows that do not fit are counted. */
export interface Rows {
  readonly regionTop: number;
  readonly regionRows: number;
  readonly hiddenRegionRows: number;
  readonly rangeTop: number;
  readonly nameTop: number;
  readonly axisTop: number;
  /** Undefined when there are no RAMBlocks. */
  readonly block?: { readonly titleTop: number; readonly top: number; readonly nameTop: number; readonly axisTop: number };
}

/** The rows for a canvas `height` with `bandRows` rows of region bands. */
export function computeRows(height: number, bandRows: number, hasBlocks: boolean): Rows {
  const pad = 4;
  const below = ROW.gap + ROW.range + 2 * ROW.text + (hasBlocks ? ROW.gap + ROW.blockTitle + ROW.block + 2 * ROW.text : 0) + pad;
  // Region bands take what is left, but at least three rows when the tree has them: the root and two levels say the most.
  const room = Math.max(Math.min(bandRows, 3), Math.floor((height - below - pad) / ROW.region));
  const regionRows = Math.max(0, Math.min(bandRows, room));
  const rangeTop = pad + regionRows * ROW.region + ROW.gap;
  const nameTop = rangeTop + ROW.range;
  const axisTop = nameTop + ROW.text;
  const rows = { regionTop: pad, regionRows, hiddenRegionRows: bandRows - regionRows, rangeTop, nameTop, axisTop };
  if (!hasBlocks) return rows;
  const titleTop = axisTop + ROW.text + ROW.gap;
  const top = titleTop + ROW.blockTitle;
  return { ...rows, block: { titleTop, top, nameTop: top + ROW.block, axisTop: top + ROW.block + ROW.text } };
}

/** What a y coordinate points at: a region band row (index into the shown rows), the flat ranges, or a RAMBlock. */
export type Area = { readonly kind: 'region'; readonly row: number } | { readonly kind: 'range' } | { readonly kind: 'block' } | undefined;

/** The area under `y`; the name row counts as the range lane, so a label can be clicked. */
export function areaAt(rows: Rows, y: number): Area {
  if (y >= rows.regionTop && y < rows.regionTop + rows.regionRows * ROW.region) return { kind: 'region', row: Math.floor((y - rows.regionTop) / ROW.region) };
  if (y >= rows.rangeTop && y < rows.axisTop) return { kind: 'range' };
  if (rows.block && y >= rows.block.top && y < rows.block.axisTop) return { kind: 'block' };
  return undefined;
}
