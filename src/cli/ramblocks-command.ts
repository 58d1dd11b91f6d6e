import { formatRamblock, ramListFromSection, replayTrace } from '../core/service';
import type { RamList } from '../core/service';
import { regionNameOfBlock } from '../core/model/block-name';
import type { RamBlockSection, TraceSection } from '../core/model/capture';
import { toJsonData } from '../core/model/json';
import type { Io } from './io';
import { formatIssue, loadDocument } from './load';

/**
 * `qemu-memmap ramblocks FILE [--recompute] [--hva] [--json]`: the ram_list in `info ramblock` format.
 * --recompute replays the file's find_ram_offset trace instead of reprinting captured offsets;
 * --hva adds the HVA/RO columns, with host bases learned from gpa2hva answers where the capture has none.
 */
export function runRamblocks(io: Io, file: string, recompute: boolean, hva: boolean, json: boolean): number {
  const doc = loadDocument(io, file);
  if (!doc) return 2;
  if (doc.layout) {
    // A layout's ram_list is always computed: its blocks are created in file order.
    for (const i of doc.layout.model.issues) if (i.severity === 'error') io.err(formatIssue(file, i) + '\n');
    const list = doc.layout.model.ramList;
    if (json) io.out(JSON.stringify(toJsonData(list.blocks), null, 1) + '\n');
    else io.out(formatRamblock(list, { hostColumns: hva }));
    return 0;
  }
  const c = doc.capture;
  if (!c) return 2;
  const section = c.sections.find((s): s is RamBlockSection => s.kind === 'ramblock');
  const trace = c.sections.find((s): s is TraceSection => s.kind === 'trace');
  let list: RamList;
  let hostColumns = section?.hostColumns ?? false;
  if (recompute) {
    if (!trace) {
      io.err(`qemu-memmap: ${file} has no find_ram_offset trace to recompute the ram_list from\n`);
      return 1;
    }
    const replay = replayTrace(trace, section);
    for (const i of replay.issues) if (i.severity !== 'information' && i.severity !== 'hint') io.err(formatIssue(file, i) + '\n');
    list = replay.final;
  } else if (section) {
    list = ramListFromSection(section).list;
  } else {
    io.err(`qemu-memmap: ${file} has no info ramblock table\n`);
    return 1;
  }
  if (hva) {
    hostColumns = true;
    const model = doc.model;
    list = {
      blocks: list.blocks.map((b) => {
        if (b.hva !== undefined) return b;
        const name = regionNameOfBlock(b.name);
        const base = model?.bases.get(name);
        // QEMU 8.0+ prints RO from the block's own region: read-only RAM prints as rom in the tree.
        const region = model?.views.flatMap((v) => v.ranges).find((r) => r.mr.name === name)?.mr;
        return { ...b, ...(base ? { hva: base.base } : {}), ...(region ? { readonly: region.readonly } : {}) };
      }),
    };
  }
  if (json) io.out(JSON.stringify(toJsonData(list.blocks), null, 1) + '\n');
  else io.out(formatRamblock(list, { hostColumns }));
  return 0;
}
