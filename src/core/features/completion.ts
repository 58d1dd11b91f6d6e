import type { DocumentIndex } from './locate';
import { allRegions } from '../layout/build';
import { layoutName } from '../layout/names';

/** One completion: the text to insert and what it is. */
export interface CompletionItemData {
  readonly label: string;
  readonly kind: 'keyword' | 'region' | 'attribute' | 'id';
  readonly detail: string;
  /** Text to insert when it differs from the label (quoted names). */
  readonly insert?: string;
}

const KINDS: readonly [string, string][] = [
  ['container', 'pure container (memory_region_init)'],
  ['ram', 'RAM (memory_region_init_ram)'],
  ['rom', 'read-only RAM (memory_region_init_rom)'],
  ['io', 'I/O region (memory_region_init_io): fills the holes between its subregions'],
  ['rom-device', 'ROM device (memory_region_init_rom_device)'],
  ['ram-device', 'RAM device (memory_region_init_ram_device_ptr)'],
  ['alias', 'alias (memory_region_init_alias)'],
];
const TOP: readonly [string, string][] = [
  ['address-space', 'address_space_init: address-space NAME root REGION'],
  ['ramblock', 'a RAMBlock: ramblock NAME size EXPR [max] [page] [host] [offset]'],
];
const ATTRS: readonly [string, string][] = [
  ['size', 'size EXPR (2^64 = 16E)'], ['priority', 'priority N (may be negative)'], ['order', 'order N: explicit insertion order'],
  ['disabled', 'memory_region_set_enabled(false)'], ['readonly', 'memory_region_set_readonly(true)'], ['nonvolatile', 'non-volatile'],
  ['romd', 'rom-device in romd mode'], ['offset', 'alias offset into the target'],
];
const BLOCK_FIELDS: readonly [string, string][] = [['size', 'used length'], ['max', 'max length'], ['page', 'page size'], ['host', 'HVA of the first byte'], ['offset', 'pin the ram_addr offset'], ['resizeable', 'resizeable block'], ['readonly', 'read-only block (RO column)']];


/** Completions for a layout at (line, col): keywords at a line start, attributes after a header, region names after `->`, `root` or `ramblock`. */
export function completeLayout(index: DocumentIndex, lineText: string, col: number): CompletionItemData[] {
  const layout = index.doc.layout;
  if (!layout) return [];
  const before = lineText.slice(0, col);
  const regionNames = (): CompletionItemData[] => {
    const seen = new Set<string>();
    const out: CompletionItemData[] = [];
    for (const d of allRegions(layout.file)) {
      if (!seen.has(d.name.text)) {
        seen.add(d.name.text);
        out.push({ label: d.name.text, kind: 'region', detail: `${d.keyword} region`, ...(layoutName(d.name.text) !== d.name.text ? { insert: layoutName(d.name.text) } : {}) });
      }
      if (d.id) out.push({ label: '$' + d.id.text, kind: 'id', detail: `id of ${d.name.text}` });
    }
    return out;
  };
  if (/(?:->|\broot)\s*[^\s]*$/.test(before) || /^\s*ramblock\s+[^\s]*$/.test(before)) return regionNames();
  if (/^\s*ramblock\s+\S+\s/.test(before)) return BLOCK_FIELDS.map(([label, detail]) => ({ label, kind: 'attribute', detail }));
  if (/^\s*[A-Za-z-]*$/.test(before)) {
    const inBody = /^\s+/.test(before);
    return [...KINDS, ...(inBody ? [] : TOP)].map(([label, detail]) => ({ label, kind: 'keyword', detail }));
  }
  if (/^\s*(?:container|ram|rom|io|rom-device|ram-device|alias)\s+\S+/.test(before)) return ATTRS.map(([label, detail]) => ({ label, kind: 'attribute', detail }));
  return [];
}
