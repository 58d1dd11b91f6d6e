import { formatSize, hex0x } from '../model/address';
import type { RenderPath, RenderProblem } from './flatten';
import { collectFills, pathAt, pathRegions } from './flatten';
import type { Reporter } from './lint-reporter';
import { rangeAt } from './memory-model';
import type { Mr } from './mr';
import { terminates } from './mr';
import type { ComputedView } from './views';

type Fill = ReturnType<typeof collectFills>[number];

/** Every region on the render path of some range of some view: the regions that show at least one byte. */
function contributingRegions(views: readonly ComputedView[], id: (mr: Mr) => unknown): Set<unknown> {
  const out = new Set<unknown>();
  // Paths share their upper parts, so each path node is walked once.
  const seen = new Set<RenderPath>();
  const walk = (start: RenderPath): void => {
    for (let n: RenderPath | undefined = start; n && !seen.has(n); n = n.up) {
      seen.add(n);
      out.add(id(n.mr));
    }
  };
  for (const v of views) {
    for (const r of v.ranges) {
      walk(r.path);
      if (r.parts) for (const p of r.parts) walk(p.path);
    }
  }
  return out;
}

/** The region on the winning path where it parts from the hidden region's path: the one that wins there. */
function winnerAt(view: ComputedView, fill: Fill): Mr | undefined {
  const range = rangeAt(view, fill.start);
  if (!range) return undefined;
  const win = pathRegions(pathAt(range, fill.start));
  const lost = pathRegions(fill.path);
  let i = 0;
  while (i < win.length && i < lost.length && win[i] === lost[i]) i++;
  return win[i];
}

/**
 * LY103: regions rendering reached with something to show (they have fills) that show no byte in any
 * view, because other regions claimed every address first. A region is reported only where nothing
 * above it on its path is itself wholly hidden, so one mistake gives one warning. Regions a window
 * never reaches (a BAR outside its bridge window) or inside disabled regions have no fills: they are
 * not hidden, just not mapped. `regions` are all the regions the views' render paths can reach.
 */
export function lintHidden(regions: readonly Mr[], rep: Reporter): void {
  const views = rep.input.views;
  const id = rep.id;
  const shows = contributingRegions(views, id);
  // A terminating region with enabled subregions is a background (an I/O region filling the holes
  // between its registers): its children being in front is the point, so it is never reported itself.
  const candidates = new Set<Mr>();
  for (const mr of regions) {
    if (mr.size > 0n && (mr.alias !== undefined || (terminates(mr) && !mr.subregions.some((k) => k.enabled))) && !shows.has(id(mr))) candidates.add(mr);
  }
  // Rendering again to find who hides what is the costly part: most machines hide nothing.
  if (candidates.size === 0) return;
  const hiddenCandidate = (mr: Mr): boolean => candidates.has(mr);
  const blocked = new Map<RenderPath, boolean>();
  const reported = new Set<Mr>();
  for (const view of views) {
    // A cut-short render cannot tell hidden from not reached (and rendering it again costs as much).
    if (!view.root || view.problems.some((p) => p.kind === 'too-large')) continue;
    const problems: RenderProblem[] = [];
    const fills = collectFills(view.root, problems);
    if (problems.some((p) => p.kind === 'too-large')) continue;
    for (const fill of fills) {
      const chain: RenderPath[] = [];
      let n: RenderPath | undefined = fill.path;
      while (n && !blocked.has(n)) {
        chain.push(n);
        n = n.up;
      }
      let above = n ? (blocked.get(n) as boolean) : false;
      for (let i = chain.length - 1; i >= 0; i--) {
        const node = chain[i] as RenderPath;
        const hidden = hiddenCandidate(node.mr);
        if (hidden && !above && !reported.has(node.mr)) {
          reported.add(node.mr);
          const by = winnerAt(view, fill);
          rep.region('LY103', node.mr, { name: node.mr.name, size: formatSize(node.mr.size), by: by?.name ?? '', at: hex0x(fill.start) }, {
            related: by ? rep.related(by, `${by.name} (priority ${by.priority}) wins here`) : [],
            unnecessary: true,
          });
        }
        above ||= hidden;
        blocked.set(node, above);
      }
    }
  }
}
