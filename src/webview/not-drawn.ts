/**
 * The legend's "not drawn" section: every entry of the data the map leaves out, by name, with the reason —
 * unreadable addresses, regions past the band rows' stacking limit, band rows with no room, host spans
 * whose HVA the capture does not have. Pure: no DOM types.
 */
import { MAX_ROWS_PER_DEPTH } from './bands';
import type { Scene } from './scene';

/** One line of the section. */
export interface NotDrawnLine {
  readonly what: string;
  readonly reason: string;
}

/** What the map leaves out of `scene` with `hiddenRows` band rows not shown, and how many more there are than listed. */
export function notDrawnLines(scene: Scene, hiddenRows: number): { lines: NotDrawnLine[]; more: number } {
  const m = scene.model;
  const lines: NotDrawnLine[] = m.notDrawn.map((e) => ({ what: `${e.kind} ${e.name}`, reason: e.reason }));
  let more = m.invalid - m.notDrawn.length;
  for (const ref of scene.bands.droppedRefs) {
    const r = m.regions[ref];
    if (r) lines.push({ what: `region ${r.wire.name}`, reason: `overlaps more siblings than the band rows stack (${MAX_ROWS_PER_DEPTH} per depth)` });
  }
  more += scene.bands.dropped - scene.bands.droppedRefs.length;
  if (hiddenRows > 0) lines.push({ what: `${hiddenRows} deeper band rows of the region tree`, reason: 'no room at this panel height (hover a range for its region)' });
  if (!scene.io) {
    m.blocks.forEach((b, i) => {
      if (scene.hostLane.segOf[i] === -1) lines.push({ what: `host span of RAMBlock ${b.wire.name}`, reason: b.hva === undefined ? 'the capture has no HVA for it' : 'its HVA span runs past 2^64' });
    });
  } else if (m.blocks.length > 0) {
    lines.push({ what: `${m.blocks.length} RAMBlocks`, reason: 'a port I/O space has no RAM behind it: no ram_addr or host lane' });
  }
  return { lines, more };
}
