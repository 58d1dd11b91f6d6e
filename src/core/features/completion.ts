import type { DocumentIndex } from './locate';
import type { LayoutFile, RegionDecl } from '../layout/ast';
import { allRegions } from '../layout/build';
import { layoutName } from '../layout/names';
import type { BlockField, BlockFlag, RegionExprWord, RegionFlag, RegionIntWord, RegionKeyword } from '../layout/keywords';
import { alternation, BLOCK_KEYWORD, REGION_KEYWORDS, ROOT_KEYWORD, SPACE_KEYWORD } from '../layout/keywords';
import { addressCompletions, regionOnLine } from './address-completion';

/** One completion: the text to insert and what it is. */
export interface CompletionItemData {
  readonly label: string;
  readonly kind: 'keyword' | 'region' | 'attribute' | 'id' | 'address';
  readonly detail: string;
  /** Text to insert when it differs from the label (quoted names). */
  readonly insert?: string;
  /** Where it sorts among the others when that is not by label (addresses in ascending order). */
  readonly sort?: string;
}

/** The characters after which an editor asks for completions by itself; a space only counts after `->` and `root`. */
export const COMPLETION_TRIGGERS: readonly string[] = ['>', '@', '$', ' '];

/** What each region keyword makes (a Record: every keyword has one). */
const KIND_DETAIL: Readonly<Record<RegionKeyword, string>> = {
  container: 'pure container (memory_region_init)',
  ram: 'RAM (memory_region_init_ram)',
  rom: 'read-only RAM (memory_region_init_rom)',
  io: 'I/O region (memory_region_init_io): fills the holes between its subregions',
  'rom-device': 'ROM device (memory_region_init_rom_device)',
  'ram-device': 'RAM device (memory_region_init_ram_device_ptr)',
  alias: 'alias (memory_region_init_alias)',
};
const KINDS: readonly [string, string][] = REGION_KEYWORDS.map((k) => [k, KIND_DETAIL[k]]);
const TOP: readonly [string, string][] = [
  [SPACE_KEYWORD, 'address_space_init: address-space NAME root REGION'],
  [BLOCK_KEYWORD, 'a RAMBlock: ramblock NAME size EXPR [max] [page] [host] [offset]'],
];
/** Region attributes, in the order offered. */
const ATTR_DETAIL: Readonly<Record<RegionExprWord | RegionIntWord | RegionFlag, string>> = {
  size: 'size EXPR (2^64 = 16E)', priority: 'priority N (may be negative)', order: 'order N: explicit insertion order',
  disabled: 'memory_region_set_enabled(false)', readonly: 'memory_region_set_readonly(true)', nonvolatile: 'non-volatile',
  romd: 'rom-device in romd mode', offset: 'alias offset into the target',
};
const ATTRS = Object.entries(ATTR_DETAIL);
/** Ramblock fields and flags, in the order offered. */
const BLOCK_DETAIL: Readonly<Record<BlockField | BlockFlag, string>> = {
  size: 'used length', max: 'max length', page: 'page size', host: 'HVA of the first byte', offset: 'pin the ram_addr offset', resizeable: 'resizeable block', readonly: 'read-only block (RO column)',
};
const BLOCK_FIELDS = Object.entries(BLOCK_DETAIL);

/** `->` or `root` and a space: where a space asks for completions. */
const SPACE_TRIGGER = new RegExp(`(?:->|\\b${ROOT_KEYWORD})\\s+$`);
const AFTER_ARROW = /->\s*\S*$/;
const AFTER_ROOT = new RegExp(`^\\s*${SPACE_KEYWORD}\\s+\\S+\\s+${ROOT_KEYWORD}\\s*\\S*$`);
const AFTER_AT = /(?:^|\s)@\s*\S*$/;
const RAMBLOCK_NAME = new RegExp(`^\\s*${BLOCK_KEYWORD}\\s+\\S*$`);
const BLOCK_BODY = new RegExp(`^\\s*${BLOCK_KEYWORD}\\s+\\S+\\s`);
const REGION_HEADER = new RegExp(`^\\s*${alternation(REGION_KEYWORDS)}\\s+\\S+`);

/** Region names (and `$id`s) as targets, leaving out those that would close an alias cycle for `from`. */
function targetNames(index: DocumentIndex, file: LayoutFile, from: RegionDecl | undefined): CompletionItemData[] {
  const cyclic = (from && index.renderedBy()?.cycleMakers(from)) || new Set<RegionDecl>();
  const badNames = new Set<string>();
  for (const r of cyclic) badNames.add(r.name.text);
  const seen = new Set<string>();
  const out: CompletionItemData[] = [];
  for (const d of allRegions(file)) {
    if (!seen.has(d.name.text) && !badNames.has(d.name.text)) {
      seen.add(d.name.text);
      const written = layoutName(d.name.text);
      out.push({ label: d.name.text, kind: 'region', detail: `${d.keyword} region`, ...(written !== d.name.text ? { insert: written } : {}) });
    }
    if (d.id && !cyclic.has(d)) out.push({ label: '$' + d.id.text, kind: 'id', detail: `id of ${d.name.text}` });
  }
  return out;
}

/**
 * Completions for a layout at (line, col): keywords at a line start, attributes after a header, region
 * names after `->` (none that would make an alias cycle), `root` or `ramblock`, free addresses after `@`.
 * `trigger` is the character the editor asked after, if it asked by itself: a space asks only after `->`
 * and `root`.
 */
export function completeLayout(index: DocumentIndex, lineText: string, col: number, line = -1, trigger?: string): CompletionItemData[] {
  const layout = index.doc.layout;
  if (!layout) return [];
  const before = lineText.slice(0, col);
  if (trigger === ' ' && !SPACE_TRIGGER.test(before)) return [];
  if (trigger === '>' && !/->$/.test(before)) return [];
  if (AFTER_ARROW.test(before)) return targetNames(index, layout.file, line >= 0 ? regionOnLine(layout.file, line, col) : undefined);
  if (AFTER_ROOT.test(before) || RAMBLOCK_NAME.test(before)) return targetNames(index, layout.file, undefined);
  if (AFTER_AT.test(before)) return line >= 0 ? addressCompletions(index, line, col) : [];
  if (trigger !== undefined) return [];
  if (BLOCK_BODY.test(before)) return BLOCK_FIELDS.map(([label, detail]) => ({ label, kind: 'attribute', detail }));
  if (/^\s*[A-Za-z-]*$/.test(before)) {
    const inBody = /^\s+/.test(before);
    return [...KINDS, ...(inBody ? [] : TOP)].map(([label, detail]) => ({ label, kind: 'keyword', detail }));
  }
  if (REGION_HEADER.test(before)) return ATTRS.map(([label, detail]) => ({ label, kind: 'attribute', detail }));
  return [];
}
