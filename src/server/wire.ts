import type { ComputedView, FlatRange, MemoryModel, Mr, Placement } from '../core/service';
import { flatRangeType, regionTypeWord } from '../core/service';
import { hex0x } from '../core/model/address';
import { regionNameOfBlock } from '../core/model/block-name';
import type { RamBlockRow } from '../core/model/capture';
import type { WireBlock, WireFlatRange, WireRegion, WireView } from '../protocol';
import { toRange } from './convert';

/** Depth of the region trees sent to the client; see WireBuilder.region. */
export const MAX_WIRE_DEPTH = 200;

/** Converts core model pieces into the protocol's wire types (addresses as `0x…` strings). */
export class WireBuilder {
  constructor(
    private readonly model: MemoryModel,
    private readonly where: ReadonlyMap<Mr, Placement>,
    private readonly visible: Map<Mr, bigint>,
  ) {}

  /**
   * A region tree, built iteratively. Regions deeper than MAX_WIRE_DEPTH are listed under their ancestor
   * at that depth: the message is serialised recursively (JSON.stringify), and a pathological tree must
   * not overflow the stack there, as the outline does.
   */
  region(root: Mr): WireRegion {
    const make = (mr: Mr): WireRegion => {
      const start = this.where.get(mr)?.start ?? mr.addr;
      const span = this.model.nameSpanOf.get(mr);
      const g = this.model.built?.nodeOfMr.get(mr)?.gdb;
      return {
        name: mr.name, type: mr.alias ? 'alias' : regionTypeWord(mr), start: hex0x(start), end: hex0x(start + mr.size - 1n), size: hex0x(mr.size),
        priority: mr.priority, enabled: mr.enabled, ...(mr.alias ? { alias: { target: mr.alias.name, offset: hex0x(mr.aliasOffset) } } : {}),
        visible: hex0x(this.visible.get(mr) ?? 0n), range: span ? toRange(span) : undefined, children: [],
        ...(g ? { gdb: `from a gdb dump: rank ${g.rank} of ${g.siblings} among its siblings; its type${g.typeFrom === 'assumed' ? '' : ` (from ${g.typeFrom})`}, priority, enabled flag and alias target are not dumped` } : {}),
      };
    };
    const top = make(root);
    // Subregions form a tree (aliases are not followed), but a region is never listed twice.
    const seen = new Set<Mr>([root]);
    const stack: [Mr, WireRegion, number][] = [[root, top, 0]];
    while (stack.length > 0) {
      const [mr, wire, depth] = stack.pop() as [Mr, WireRegion, number];
      for (const c of mr.subregions) {
        if (seen.has(c)) continue;
        seen.add(c);
        const w = make(c);
        wire.children.push(w);
        if (depth + 1 < MAX_WIRE_DEPTH) stack.push([c, w, depth + 1]);
        else stack.push([c, wire, depth]);
      }
    }
    return top;
  }

  /** One flat range, with where its region is written. */
  range(r: FlatRange): WireFlatRange {
    const span = this.model.nameSpanOf.get(r.mr);
    return {
      start: hex0x(r.start), end: hex0x(r.start + r.size - 1n), name: r.mr.name, offset: hex0x(r.offset), type: flatRangeType(r), priority: r.mr.priority, range: span ? toRange(span) : undefined,
      ...(r.gdb ? { gdb: `from a dumped gdb view: the range and offset are QEMU's; named after ${r.mr.name} by the dumped tree (${r.gdb.how}); type and priority are not dumped` } : {}),
    };
  }

  /** One view. */
  view(v: ComputedView): WireView {
    return { spaces: v.spaces.map((s) => s.name), root: v.root?.name, ranges: v.ranges.map((r) => this.range(r)) };
  }

  /** One RAMBlock row, with the host address when known. */
  block(b: RamBlockRow): WireBlock {
    const hva = b.hva ?? this.model.bases.get(regionNameOfBlock(b.name))?.base;
    return { name: b.name, offset: hex0x(b.offset), used: hex0x(b.used), max: hex0x(b.max), pageSize: hex0x(b.pageSize), hva: hva !== undefined ? hex0x(hva) : undefined, range: toRange(b.nameSpan) };
  }
}
