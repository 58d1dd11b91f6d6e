import type { Capture } from '../model/capture';
import type { RegionNode } from '../model/region';
import type { Severity } from '../model/issues';
import { preorder } from '../model/preorder';

/** Counts of what a capture holds, for the CLI summary and tests. */
export interface CaptureSummary {
  addressSpaces: number;
  regions: number;
  regionSections: number;
  flatViews: number;
  flatRanges: number;
  ramBlocks: number;
  gpa2hva: number;
  traceSteps: number;
  gdbSections: number;
  unrecognised: number;
  issues: Record<Severity, number>;
}

/** How many regions a printed tree has (none without a root). */
function countTree(root: RegionNode | undefined): number {
  return root ? preorder([root], (n) => n.children).length : 0;
}

/** Counts the elements of a capture. */
export function summarizeCapture(c: Capture): CaptureSummary {
  const s: CaptureSummary = {
    addressSpaces: 0, regions: 0, regionSections: 0, flatViews: 0, flatRanges: 0, ramBlocks: 0,
    gpa2hva: 0, traceSteps: 0, gdbSections: 0, unrecognised: 0,
    issues: { error: 0, warning: 0, information: 0, hint: 0 },
  };
  // gdb dumps are counted as the model reads them (address spaces, regions, views), and as dumps.
  const sections = c.gdb ? [...c.sections, c.gdb.mtree, ...(c.gdb.flat ? [c.gdb.flat] : [])] : c.sections;
  for (const sec of sections) {
    switch (sec.kind) {
      case 'mtree':
        for (const g of sec.groups) {
          s.addressSpaces += g.spaces.length;
          s.regions += countTree(g.root);
        }
        for (const m of sec.regionSections) s.regions += countTree(m.root);
        s.regionSections += sec.regionSections.length;
        break;
      case 'flatview':
        s.flatViews += sec.views.length;
        for (const v of sec.views) s.flatRanges += v.ranges.length;
        break;
      case 'ramblock':
        s.ramBlocks += sec.blocks.length;
        break;
      case 'gpa2hva':
        s.gpa2hva += sec.answers.length;
        break;
      case 'trace':
        s.traceSteps += sec.steps.length;
        break;
      case 'unrecognised':
        s.unrecognised++;
        break;
      default:
        s.gdbSections++;
    }
  }
  for (const i of c.issues) s.issues[i.severity]++;
  return s;
}
