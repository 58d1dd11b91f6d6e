/**
 * The map's rows from top to bottom, over the whole panel height: region bands, the guest-physical lane
 * with its labels and axis, ribbons, the ram_addr lane (RAMBlocks), ribbons again, and the host lane — and
 * which row a y coordinate falls in. Spare height goes to the ribbons and the lanes, not to empty space.
 * Pure: no DOM types.
 */

/** Fixed row heights in CSS px. */
export const ROW = { region: 16, range: 36, text: 16, gap: 10, blockTitle: 18, block: 24 } as const;

/** Below this width the map is compact: fewer band rows, shorter labels. */
export const COMPACT_WIDTH = 700;

/** One lane of the three-lane map: its title row, the lane, its label row and its axis row. */
export interface LaneRows {
  readonly titleTop: number;
  readonly top: number;
  readonly height: number;
  readonly nameTop: number;
  readonly axisTop: number;
}

/** Where each row sits. `regionRows[k]` shows band row `k` (root first); rows that do not fit are counted. */
export interface Rows {
  readonly regionTop: number;
  readonly regionRows: number;
  readonly hiddenRegionRows: number;
  readonly rangeTop: number;
  readonly rangeHeight: number;
  readonly nameTop: number;
  readonly axisTop: number;
  /** The ram_addr lane; undefined when there are no RAMBlocks (or for an I/O space). */
  readonly block?: LaneRows;
  /** The host lane; undefined when no block's HVA is known. */
  readonly host?: LaneRows;
  readonly compact: boolean;
  readonly bottom: number;
}

/** What the rows depend on. */
export interface RowInput {
  readonly width: number;
  readonly height: number;
  readonly bandRows: number;
  readonly blocks: boolean;
  readonly host: boolean;
}

const PAD = 4;

/** The rows for a canvas of `width` × `height` CSS px. */
export function computeRows(input: RowInput): Rows {
  const { height, bandRows } = input;
  const compact = input.width > 0 && input.width < COMPACT_WIDTH;
  const blocks = input.blocks;
  const host = blocks && input.host;
  // A lane's title sits in the ribbon zone above it (ribbonMin leaves room for it).
  const laneFixed = 2 * ROW.text;
  // Minimum heights: lanes, text rows and a ribbon zone above each lower lane.
  const ribbonMin = 28;
  const fixed =
    ROW.gap + 2 * ROW.text + (blocks ? ribbonMin + laneFixed : 0) + (host ? ribbonMin + laneFixed : 0) + 2 * PAD;
  const laneMin = ROW.range + (blocks ? ROW.block : 0) + (host ? ROW.block : 0);
  // Region bands: at most a third of the height (a few rows when compact), at least three rows when the tree has them.
  const bandCap = Math.max(Math.min(bandRows, 3), Math.floor(Math.max(0, (height - fixed - laneMin) * (blocks ? 0.35 : 0.6)) / ROW.region));
  // Compact with three lanes: a few band rows, the lanes need the height; one lane (an I/O space) shows the tree.
  const regionRows = Math.max(0, Math.min(bandRows, compact && blocks ? Math.min(bandCap, 4) : bandCap));
  const spare = Math.max(0, height - fixed - laneMin - regionRows * ROW.region);
  // Spare height: lanes grow (up to twice their size), the rest goes to the ribbons.
  const laneGrow = Math.min(spare * 0.3, laneMin);
  const rangeHeight = ROW.range + (blocks ? laneGrow * 0.5 : spare);
  const blockHeight = ROW.block + (blocks ? laneGrow * (host ? 0.25 : 0.5) : 0);
  const ribbonSpare = blocks ? spare - laneGrow : 0;
  const ribbon = ribbonMin + (host ? ribbonSpare / 2 : ribbonSpare);

  const rangeTop = PAD + regionRows * ROW.region + ROW.gap;
  const nameTop = rangeTop + rangeHeight;
  const axisTop = nameTop + ROW.text;
  let y = axisTop + ROW.text;
  const lane = (h: number): LaneRows => {
    y += ribbon;
    const titleTop = y - ROW.blockTitle;
    const top = y;
    y = top + h + 2 * ROW.text;
    return { titleTop, top, height: h, nameTop: top + h, axisTop: top + h + ROW.text };
  };
  const rows: Rows = {
    regionTop: PAD,
    regionRows,
    hiddenRegionRows: bandRows - regionRows,
    rangeTop,
    rangeHeight,
    nameTop,
    axisTop,
    compact,
    bottom: 0,
  };
  const block = blocks ? lane(blockHeight) : undefined;
  const hostRows = host ? lane(blockHeight) : undefined;
  return { ...rows, ...(block ? { block } : {}), ...(hostRows ? { host: hostRows } : {}), bottom: y + PAD };
}

/** What a y coordinate points at: a region band row (index into the shown rows), a lane, or a ribbon zone. */
export type Area =
  | { readonly kind: 'region'; readonly row: number }
  | { readonly kind: 'range' }
  | { readonly kind: 'block' }
  | { readonly kind: 'host' }
  | undefined;

/** The area under `y`; a lane's label row counts as the lane, so a label can be clicked. */
export function areaAt(rows: Rows, y: number): Area {
  if (y >= rows.regionTop && y < rows.regionTop + rows.regionRows * ROW.region) return { kind: 'region', row: Math.floor((y - rows.regionTop) / ROW.region) };
  if (y >= rows.rangeTop && y < rows.axisTop) return { kind: 'range' };
  if (rows.block && y >= rows.block.top && y < rows.block.axisTop) return { kind: 'block' };
  if (rows.host && y >= rows.host.top && y < rows.host.axisTop) return { kind: 'host' };
  return undefined;
}
