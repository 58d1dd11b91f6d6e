import { formatSize, hex0x } from '../model/address';
import type { RegionNode } from '../model/region';
import type { MemoryModel } from '../engine/memory-model';
import { blocksOfRegion, isRamLike } from '../engine/memory-model';
import type { Mr } from '../engine/mr';
import type { RegionDecl } from '../layout/ast';
import type { DocumentIndex } from './locate';
import { placementsOf } from './regions';
import { compareStarts } from '../model/span';

/** A hint shown after a column: a size, a RAM location or a layout region's absolute range. */
export interface InlayHintSpec {
  readonly line: number;
  readonly col: number;
  readonly label: string;
  readonly kind: 'size' | 'ram' | 'range';
  readonly tooltip?: string;
}

/**
 * `HVA 0x…` of byte `offset` of a terminal region when the host address is known, else `ram_addr 0x…`;
 * the hint stays short enough to show whole beside the line, and the tooltip has both and where they come
 * from. Undefined when neither is known.
 */
function ramHint(model: MemoryModel, name: string, offset: bigint, line: number, col: number): InlayHintSpec | undefined {
  // The first RAMBlock (in ram_list order) whose idstr names the region.
  const block = blocksOfRegion(model, name)[0];
  const base = model.bases.get(name);
  const ramAddr = block ? `ram_addr ${hex0x(block.offset + offset)}` : undefined;
  const hva = base ? `HVA ${hex0x(base.base + offset)}` : undefined;
  const label = hva ?? ramAddr;
  if (label === undefined) return undefined;
  const tooltip = [
    `First byte of ${name}${offset !== 0n ? ` +${hex0x(offset)}` : ''}${block ? `, in RAMBlock ${block.name || '(no name)'}` : ''}${base ? `; host base from ${base.source}` : ''}`,
    ...(hva && ramAddr ? [`${ramAddr}, ${hva}`] : []),
  ].join('\n');
  return { line, col, label, kind: 'ram', tooltip };
}

/** The terminal region an alias chain shows and the offset into it; undefined when it is not RAM. */
function terminalRam(mr: Mr): { mr: Mr; offset: bigint } | undefined {
  let m = mr;
  let offset = 0n;
  // A cycle in broken input must not loop forever: no real chain is longer than a few steps.
  for (let guard = 0; m.alias && guard < 64; guard++) {
    offset += m.aliasOffset;
    m = m.alias;
  }
  return m.alias || !isRamLike(m) ? undefined : { mr: m, offset };
}

function sizeLabel(size: bigint, ambiguous: boolean): string {
  return `= ${formatSize(size)}${ambiguous ? '?' : ''}`;
}

function treeHints(model: MemoryModel | undefined, node: RegionNode, mr: Mr | undefined, out: InlayHintSpec[]): void {
  out.push({ line: node.rangeSpan.line, col: node.rangeSpan.endCol, label: sizeLabel(node.size, node.sizeAmbiguous), kind: 'size', ...(node.sizeAmbiguous ? { tooltip: 'QEMU prints a zero-sized and a one-byte region alike' } : {}) });
  if (!model || node.type === 'i/o' || node.type === 'container') return;
  const ram = mr ? terminalRam(mr) : node.alias ? undefined : { mr: undefined, offset: 0n };
  if (!ram) return;
  const h = ramHint(model, ram.mr?.name ?? node.name, ram.offset, node.span.line, node.span.endCol);
  if (h) out.push(h);
}

function layoutHints(model: MemoryModel, decl: RegionDecl, mr: Mr | undefined, out: InlayHintSpec[]): void {
  if (!mr) return;
  // After the last thing written on the header line (before any `{`).
  let col = decl.name.span.endCol;
  for (const s of [decl.id?.span, ...decl.attrs.map((a) => a.span)]) if (s && s.endLine === decl.span.line && s.endCol > col) col = s.endCol;
  const start = placementsOf(model).get(mr)?.start ?? mr.addr;
  const label = mr.size === 0n ? `empty at ${hex0x(start)}` : `${hex0x(start)}-${hex0x(start + mr.size - 1n)}`;
  out.push({ line: decl.span.line, col, label, kind: 'range', tooltip: 'Absolute address range, as info mtree prints it' });
  const ram = terminalRam(mr);
  if (!ram) return;
  const h = ramHint(model, ram.mr.name, ram.offset, decl.span.line, col);
  if (h) out.push(h);
}

/**
 * Inlay hints of lines [fromLine, toLine]: the size after each tree and flat-view range, ram_addr and
 * HVA of RAM regions and ranges when known, and each layout region's absolute range. Linear in the
 * lines asked for.
 */
export function inlayHints(index: DocumentIndex, fromLine: number, toLine: number): InlayHintSpec[] {
  const model = index.doc.model;
  const out: InlayHintSpec[] = [];
  const lineCount = index.doc.capture?.lineCount ?? index.doc.layout?.file.lineCount ?? 0;
  for (let line = Math.max(0, fromLine); line <= Math.min(toLine, lineCount - 1); line++) {
    for (const l of index.onLine(line)) {
      if (l.kind === 'flat-range') {
        const r = l.range;
        out.push({ line, col: r.rangeSpan.endCol, label: sizeLabel(r.size, r.sizeAmbiguous), kind: 'size' });
        if (model && r.type !== 'i/o' && r.type !== 'container') {
          const h = ramHint(model, r.name, r.offset, line, r.span.endCol);
          if (h) out.push(h);
        }
      } else if (l.kind === 'region') {
        if (l.node) treeHints(model, l.node, l.mr, out);
        else if (l.decl && model) layoutHints(model, l.decl, l.mr, out);
      }
    }
  }
  return out.sort(compareStarts);
}
