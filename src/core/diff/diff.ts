import type { AnalyzedDocument } from '../document';
import type { RamBlockRow } from '../model/capture';
import { lastRamBlockTable } from '../model/capture';
import { diffBlocks } from './blocks';
import { diffViews } from './flat';
import { diffRegions } from './regions';
import type { MemoryDiff } from './types';

/** The ram_list a document states: a layout's blocks, or a capture's last `info ramblock` table (a churn log holds several). */
function blocksOf(doc: AnalyzedDocument): RamBlockRow[] | undefined {
  if (doc.kind === 'layout') return doc.model && doc.model.blocks.length > 0 ? doc.model.blocks : undefined;
  return doc.capture && lastRamBlockTable(doc.capture)?.blocks;
}

/** A layout states every region; a capture's tree shows disabled ones only when taken with `info mtree -D`. */
function printsDisabled(doc: AnalyzedDocument): boolean {
  // A gdb dump prints every region, disabled ones too (without saying which).
  return doc.kind === 'layout' || doc.capture?.gdb !== undefined || (doc.capture?.sections ?? []).some((s) => s.kind === 'mtree' && s.flags.disabled);
}

/**
 * The semantic difference between two analysed documents (captures or layouts, mixed too): regions
 * added, removed, moved, resized, re-prioritised, enabled or disabled; FlatView ranges whose owner
 * changed; RAMBlocks added, removed or resized. Swapping the sides swaps every change.
 */
export function diffDocuments(a: AnalyzedDocument, b: AnalyzedDocument): MemoryDiff {
  const notCompared: MemoryDiff['notCompared'] = [];
  let regions: MemoryDiff['regions'] = [];
  let views: MemoryDiff['views'] = [];
  let flat: MemoryDiff['flat'] = [];
  if (a.model && b.model) {
    const enabledOnly = printsDisabled(a) !== printsDisabled(b);
    if (enabledOnly) notCompared.push('disabled');
    const r = diffRegions(a.model, b.model, { enabledOnly });
    if (r.trees) regions = r.changes;
    else notCompared.push('regions');
    ({ views, flat } = diffViews(a.model, r.idA, b.model, r.idB, r.trees));
  } else notCompared.push('regions', 'flat');
  const ba = blocksOf(a);
  const bb = blocksOf(b);
  const blocks = ba && bb ? diffBlocks(ba, bb) : [];
  if (!ba || !bb) notCompared.push('blocks');
  return { regions, views, flat, blocks, notCompared };
}
