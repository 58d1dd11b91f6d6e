import type { RamBlockRow } from '../model/capture';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import { formatSize } from '../model/address';
import type { AddressSpace, Machine } from '../engine/machine';
import type { HostBase } from '../engine/memory-model';
import { regionNameOfBlock } from '../engine/memory-model';
import type { Mr } from '../engine/mr';
import { addSubregions, makeMr } from '../engine/mr';
import type { RamList } from '../engine/ramlist';
import { RamListBuilder } from '../engine/ramlist-builder';
import type { BlockDecl, LayoutFile, RefNode, RegionDecl, SpaceDecl } from './ast';
import { attrOf } from './ast';
import { pushTo } from '../model/arrays';
import { kindOfKeyword } from '../model/region-kind';
import { preorder } from '../model/preorder';

/** A layout turned into the engine's model, with the links back to its declarations. */
export interface LayoutModel {
  readonly machine: Machine;
  readonly mrOf: Map<RegionDecl, Mr>;
  readonly declOf: Map<Mr, RegionDecl>;
  /** The ram_list after creating every block in file order. */
  readonly ramList: RamList;
  /** The blocks as rows (with their declarations' spans), in ram_list order. */
  readonly blocks: RamBlockRow[];
  /** Host bases by region name, from `host`. */
  readonly bases: Map<string, HostBase>;
  readonly issues: Issue[];
}

/** Every region declaration, parents before children, iteratively. */
export function allRegions(file: LayoutFile): RegionDecl[] {
  return preorder(file.items.filter((i): i is RegionDecl => i.type === 'region'), (r) => r.children);
}

/** Checks attribute placement: duplicates, alias-only and rom-device-only attributes, required ones. */
function checkAttrs(r: RegionDecl, issues: Issue[]): void {
  const seen = new Set<string>();
  for (const a of r.attrs) {
    if (seen.has(a.key)) issues.push(makeIssue('LP008', a.span, { key: a.key === 'at' ? '@' : a.key === 'target' ? '->' : a.key }));
    seen.add(a.key);
    if ((a.key === 'target' || a.key === 'offset') && r.keyword !== 'alias') issues.push(makeIssue('LP010', a.span, { key: a.key === 'target' ? '->' : 'offset', applies: 'alias regions' }));
    if (a.key === 'romd' && r.keyword !== 'rom-device') issues.push(makeIssue('LP010', a.span, { key: 'romd', applies: 'rom-device regions' }));
  }
  if (r.keyword === 'alias' && !seen.has('target')) issues.push(makeIssue('LP005', r.name.span, { expected: '"-> TARGET"', after: `alias ${r.name.text}`, found: '' }));
  if (r.keyword !== 'alias' && !seen.has('size')) issues.push(makeIssue('LP009', r.name.span, { kind: r.keyword, name: r.name.text }));
}

/** Resolves a TARGET to exactly one region, or reports why not. */
function resolve(ref: RefNode, byName: Map<string, Mr[]>, byId: Map<string, Mr>, what: string, issues: Issue[]): Mr | undefined {
  if (ref.byId) {
    const mr = byId.get(ref.text);
    if (!mr) issues.push(makeIssue('LC001', ref.span, { what: 'id', name: '$' + ref.text }));
    return mr;
  }
  const list = byName.get(ref.text) ?? [];
  if (list.length === 0) issues.push(makeIssue('LC001', ref.span, { what, name: ref.text }));
  else if (list.length > 1) issues.push(makeIssue('LC002', ref.span, { name: ref.text, count: String(list.length) }));
  return list.length === 1 ? list[0] : undefined;
}

/** Creates the regions of a layout and links subregions in QEMU's insertion order. */
function buildRegions(file: LayoutFile, issues: Issue[]): { mrOf: Map<RegionDecl, Mr>; declOf: Map<Mr, RegionDecl>; byName: Map<string, Mr[]>; byId: Map<string, Mr> } {
  const mrOf = new Map<RegionDecl, Mr>();
  const declOf = new Map<Mr, RegionDecl>();
  const byName = new Map<string, Mr[]>();
  const byId = new Map<string, Mr>();
  let id = 1;
  for (const r of allRegions(file)) {
    checkAttrs(r, issues);
    const mr = makeMr(id++, r.name.text, kindOfKeyword(r.keyword), attrOf(r, 'at')?.expr.value ?? 0n, attrOf(r, 'size')?.expr.value ?? 0n, {
      priority: attrOf(r, 'priority')?.value ?? 0,
      enabled: !attrOf(r, 'disabled'),
      readonly: r.keyword === 'rom' || attrOf(r, 'readonly') !== undefined,
      nonvolatile: attrOf(r, 'nonvolatile') !== undefined,
      romd: attrOf(r, 'romd') !== undefined,
      aliasOffset: attrOf(r, 'offset')?.expr.value ?? 0n,
    });
    mrOf.set(r, mr);
    declOf.set(mr, r);
    pushTo(byName, mr.name, mr);
    if (r.id) {
      if (byId.has(r.id.text)) issues.push(makeIssue('LC003', r.id.span, { name: r.id.text }));
      else byId.set(r.id.text, mr);
    }
  }
  for (const [decl, mr] of mrOf) {
    if (decl.children.length === 0) continue;
    // Siblings are added by `order`, else by their position; adding them sorts by priority.
    const keyed = decl.children.map((c, i) => ({ c, key: attrOf(c, 'order')?.value ?? i, i }));
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    addSubregions(mr, keyed.map(({ c }) => mrOf.get(c) as Mr));
  }
  return { mrOf, declOf, byName, byId };
}

/** Creates the RAMBlocks in file order as ram_block_add would. */
function buildBlocks(blocks: readonly BlockDecl[], regionNames: Set<string>, issues: Issue[]): { ramList: RamList; rows: RamBlockRow[]; bases: Map<string, HostBase> } {
  const builder = new RamListBuilder();
  const rowOf = new Map<string, RamBlockRow>();
  const bases = new Map<string, HostBase>();
  const names = new Set<string>();
  for (const b of blocks) {
    const field = (k: BlockDecl['fields'][number]['key']): bigint | undefined => b.fields.find((f) => f.key === k)?.expr.value;
    const size = field('size');
    if (size === undefined) {
      if (!b.fields.some((f) => f.key === 'size')) issues.push(makeIssue('LP005', b.name.span, { expected: '"size EXPR"', after: `ramblock ${b.name.text}`, found: '' }));
      continue;
    }
    const max = field('max') ?? size;
    if (size > max) issues.push(makeIssue('LC006', b.span, { used: formatSize(size), max: formatSize(max) }));
    if (names.has(b.name.text) && b.name.text !== '') issues.push(makeIssue('LC004', b.name.span, { name: b.name.text }));
    names.add(b.name.text);
    const region = regionNameOfBlock(b.name.text);
    if (!regionNames.has(region)) issues.push(makeIssue('LC007', b.name.span, { name: b.name.text }));
    const host = field('host');
    const block = { name: b.name.text, used: size, max, pageSize: field('page') ?? 0x1000n, ...(host !== undefined ? { hva: host } : {}), ...(b.readonly ? { readonly: true } : {}) };
    const pinned = field('offset');
    let offset: bigint;
    if (pinned !== undefined) offset = pinned;
    else {
      const found = builder.find(max);
      if (!found.ok) {
        issues.push(makeIssue('LC005', b.span, { name: b.name.text, size: formatSize(max) }));
        continue;
      }
      offset = found.offset;
    }
    builder.insert({ ...block, offset });
    // Unnamed blocks (backends added with object-add) share the empty name: key rows by place too.
    rowOf.set(`${b.name.text}\n${offset}`, { name: b.name.text, pageSize: block.pageSize, offset, used: size, max, ...(host !== undefined ? { hva: host } : {}), ...(b.readonly ? { readonly: true } : {}), span: b.span, nameSpan: b.name.span });
  }
  const list = builder.list();
  const rows = list.blocks.map((blk) => rowOf.get(`${blk.name}\n${blk.offset}`)).filter((r): r is RamBlockRow => r !== undefined);
  // Translation picks a region's block in ram_list order: take its host base from the same block.
  for (const row of rows) {
    const region = regionNameOfBlock(row.name);
    if (row.hva !== undefined && !bases.has(region)) bases.set(region, { base: row.hva, source: 'layout', span: row.span });
  }
  return { ramList: list, rows, bases };
}

/**
 * Turns a parsed layout into the engine's model: regions with aliases resolved, subregions in QEMU's
 * order, address spaces, and the ram_list. Without any `address-space`, every top-level region that
 * no alias shows becomes an address space of its own name.
 */
export function buildLayout(file: LayoutFile): LayoutModel {
  const issues: Issue[] = [];
  const { mrOf, declOf, byName, byId } = buildRegions(file, issues);
  const targeted = new Set<Mr>();
  for (const [decl, mr] of mrOf) {
    const target = attrOf(decl, 'target');
    if (decl.keyword !== 'alias' || !target?.ref) continue;
    const t = resolve(target.ref, byName, byId, 'alias target', issues);
    if (!t) {
      mr.enabled = false;
      continue;
    }
    mr.alias = t;
    targeted.add(t);
    if (!attrOf(decl, 'size')) mr.size = t.size > mr.aliasOffset ? t.size - mr.aliasOffset : 0n;
  }
  const spaces: AddressSpace[] = [];
  const declared = file.items.filter((i): i is SpaceDecl => i.type === 'space');
  for (const s of declared) {
    const root = s.root ? resolve(s.root, byName, byId, 'address-space root', issues) : undefined;
    spaces.push({ name: s.name.text, root, span: s.span });
  }
  if (declared.length === 0) {
    for (const item of file.items) {
      if (item.type !== 'region') continue;
      const mr = mrOf.get(item) as Mr;
      if (!targeted.has(mr) && !mr.alias) spaces.push({ name: mr.name, root: mr, span: item.name.span });
    }
  }
  const blocks = file.items.filter((i): i is BlockDecl => i.type === 'ramblock');
  const { ramList, rows, bases } = buildBlocks(blocks, new Set(byName.keys()), issues);
  return { machine: { spaces }, mrOf, declOf, ramList, blocks: rows, bases, issues };
}


