import { formatSize, hex0x, hex16, printedRange } from '../model/address';
import { toJsonData } from '../model/json';
import type { Span } from '../model/span';
import type { BlockChange, BlockFacts, FlatChange, FlatOwner, MemoryDiff, RegionChange, RegionFacet, RegionFacts, ViewChange } from './types';
import { isEmptyDiff, isIncomparable } from './types';
import { pushTo } from '../model/arrays';

/** How the two sides are named in text (file paths on the command line). */
export interface DiffSides {
  readonly a: string;
  readonly b: string;
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

function at(name: string, span: Span | undefined): string | undefined {
  return span ? `${name}:${span.line + 1}:${span.col + 1}` : undefined;
}

function where(sides: DiffSides, a: { span?: Span } | undefined, b: { span?: Span } | undefined): string {
  const places = [at(sides.a, a?.span), at(sides.b, b?.span)].filter((p): p is string => p !== undefined);
  return places.length > 0 ? `  [${places.join(', ')}]` : '';
}

function regionHead(f: RegionFacts): string {
  const alias = f.alias ? ` alias @${f.alias.target} ${hex0x(f.alias.offset)}` : '';
  return `${printedRange(f.start, f.size)} (prio ${f.priority}, ${f.type})${alias}${f.enabled ? '' : ' [disabled]'}`;
}

/** One facet of a changed region in words, with both values. */
function facetText(facet: RegionFacet, a: RegionFacts, b: RegionFacts): string {
  switch (facet) {
    case 'moved':
      return `moved ${hex16(a.start)} → ${hex16(b.start)}`;
    case 'resized':
      return `resized ${formatSize(a.size)} → ${formatSize(b.size)}`;
    case 'priority':
      return `priority ${a.priority} → ${b.priority}`;
    case 'enabled':
    case 'disabled':
      return facet;
    case 'type':
      return `type ${a.type} → ${b.type}`;
    case 'nonvolatile':
      return `non-volatile ${String(a.nonvolatile)} → ${String(b.nonvolatile)}`;
    case 'alias-target':
      return `alias target ${a.alias?.target ?? '(not an alias)'} → ${b.alias?.target ?? '(not an alias)'}`;
    case 'alias-offset':
      return `alias offset ${hex0x(a.alias?.offset ?? 0n)} → ${hex0x(b.alias?.offset ?? 0n)}`;
  }
}

function subregionNote(c: RegionChange): string {
  return c.subregions > 0 ? ` (with ${c.subregions} subregion${c.subregions === 1 ? '' : 's'})` : '';
}

/** A change in two parts: what it is about (a region's path, a GPA range, a block's name) and what happened. */
export interface ChangeWords {
  readonly label: string;
  readonly detail: string;
}

/** A region change in words: its path (with the alias target, which tells equal-named aliases apart) and what changed. */
export function describeRegionChange(c: RegionChange): ChangeWords {
  const target = (c.a ?? c.b)?.alias?.target;
  const label = c.path.join(' › ') + (target !== undefined ? ` @${target}` : '');
  if (c.kind === 'changed' && c.a && c.b) {
    const a = c.a;
    const b = c.b;
    return { label, detail: c.facets.map((f) => facetText(f, a, b)).join('; ') };
  }
  const f = (c.a ?? c.b) as RegionFacts;
  return { label, detail: `${regionHead(f)}${subregionNote(c)}` };
}

/** A region change as one line: mark, range, path, what changed, where on each side. */
function regionChangeText(c: RegionChange, sides: DiffSides): string {
  const w = describeRegionChange(c);
  if (c.kind === 'changed' && c.a) return `  ~ ${printedRange(c.a.start, c.a.size)} ${w.label}: ${w.detail}${where(sides, c.a, c.b)}`;
  const f = (c.a ?? c.b) as RegionFacts;
  return `  ${MARK[c.kind]} ${regionHead(f)} ${c.path.join(' › ')}${subregionNote(c)}${where(sides, c.a, c.b)}`;
}

function owner(o: FlatOwner): string {
  return `${o.region}${o.offset !== 0n ? ` @${hex0x(o.offset)}` : ''} (${o.type})`;
}

/** A flat-view change in words: the GPA range, and its owner on each side. */
export function describeFlatChange(c: FlatChange): ChangeWords {
  const body = c.kind === 'added' ? owner(c.b as FlatOwner) : c.kind === 'removed' ? owner(c.a as FlatOwner) : `${owner(c.a as FlatOwner)} → ${owner(c.b as FlatOwner)}`;
  return { label: printedRange(c.start, c.size), detail: `${c.kind}: ${body}` };
}

/** A flat-view change as one line: the GPA range and its owner on each side. */
function flatChangeText(c: FlatChange, sides: DiffSides): string {
  const w = describeFlatChange(c);
  return `  ${w.label} ${w.detail}${where(sides, c.a, c.b)}`;
}

/** A view change in words (the side that has it named by `sides`). */
export function describeViewChange(v: ViewChange, sides: DiffSides): ChangeWords {
  const side = v.kind === 'added' ? sides.b : sides.a;
  return v.what === 'address-spaces'
    ? { label: v.spaces, detail: `address spaces only in ${side}` }
    : { label: v.spaces, detail: `a rendered flat view (${v.ranges} range${v.ranges === 1 ? '' : 's'}) only in ${side}` };
}

function blockName(name: string): string {
  return name === '' ? '(unnamed)' : name;
}

function blockPlace(f: BlockFacts): string {
  return `offset ${hex0x(f.offset)} used ${hex0x(f.used)} max ${hex0x(f.max)}`;
}

/** A RAMBlock change in words: its name, and what changed or where it sits. */
export function describeBlockChange(c: BlockChange): ChangeWords {
  if (c.kind === 'changed' && c.a && c.b) {
    const a = c.a;
    const b = c.b;
    const parts = c.facets.map((f) =>
      f === 'moved' ? `offset ${hex0x(a.offset)} → ${hex0x(b.offset)}`
        : f === 'resized' ? `max ${hex0x(a.max)} → ${hex0x(b.max)}`
          : f === 'used' ? `used ${hex0x(a.used)} → ${hex0x(b.used)}`
            : `page size ${formatSize(a.pageSize)} → ${formatSize(b.pageSize)}`);
    return { label: blockName(a.name), detail: parts.join('; ') };
  }
  const f = (c.a ?? c.b) as BlockFacts;
  return { label: blockName(f.name), detail: blockPlace(f) };
}

/** A RAMBlock change as one line. */
function blockChangeText(c: BlockChange, sides: DiffSides): string {
  const w = describeBlockChange(c);
  if (c.kind === 'changed') return `  ~ ${w.label}: ${w.detail}${where(sides, c.a, c.b)}`;
  return `  ${MARK[c.kind]} ${w.label} ${w.detail}${where(sides, c.a, c.b)}`;
}

/** Groups items by a label, keeping first-seen order. */
function groups<T>(items: readonly T[], label: (t: T) => string): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = label(t);
    pushTo(m, k, t);
  }
  return [...m];
}

const NOT_COMPARED = {
  regions: 'region trees (a side has no info mtree tree)',
  flat: 'flat views (a side describes no memory map)',
  blocks: 'RAMBlocks (a side lists none)',
  disabled: 'disabled regions (a side printed its tree without info mtree -D)',
} as const;

/** What a part left out of the comparison is, and why, in words. */
export function notComparedText(part: MemoryDiff['notCompared'][number]): string {
  return NOT_COMPARED[part];
}

/** The diff as text for people: one section per region tree, flat view and the ram_list, then a summary line. */
export function formatDiff(d: MemoryDiff, sides: DiffSides): string {
  const out: string[] = [];
  for (const [tree, list] of groups(d.regions, (c) => c.tree)) {
    out.push(`Regions of ${tree}:`, ...list.map((c) => regionChangeText(c, sides)));
  }
  for (const v of d.views) {
    const w = describeViewChange(v, sides);
    out.push(`${v.kind === 'added' ? '+' : '-'} ${w.label}: ${w.detail}${where(sides, v.kind === 'removed' ? v : undefined, v.kind === 'added' ? v : undefined)}`);
  }
  for (const [spaces, list] of groups(d.flat, (c) => c.spaces)) {
    out.push(`Flat view of ${spaces}:`, ...list.map((c) => flatChangeText(c, sides)));
  }
  if (d.blocks.length > 0) out.push('RAMBlocks:', ...d.blocks.map((c) => blockChangeText(c, sides)));
  if (d.notCompared.length > 0) out.push(`Not compared: ${d.notCompared.map(notComparedText).join('; ')}`);
  out.push(summary(d));
  return out.join('\n') + '\n';
}

/** `N region changes, N flat-view ranges, N RAMBlock changes` (only the non-zero parts). */
export function summary(d: MemoryDiff): string {
  if (isIncomparable(d)) return 'Not comparable: the two documents share no region tree, flat view or RAMBlock list';
  if (isEmptyDiff(d)) return 'No differences';
  const n = (count: number, one: string, many: string): string | undefined => (count === 0 ? undefined : `${count} ${count === 1 ? one : many}`);
  return [
    n(d.regions.length, 'region change', 'region changes'),
    n(d.views.length, 'address-space change', 'address-space changes'),
    n(d.flat.length, 'flat-view range changed', 'flat-view ranges changed'),
    n(d.blocks.length, 'RAMBlock change', 'RAMBlock changes'),
  ].filter((s) => s !== undefined).join(', ');
}

/** The diff as JSON data: addresses and sizes as `0x…` strings, positions as `line:col-line:col` (1-based). */
export function diffToJson(d: MemoryDiff): unknown {
  const comparable = !isIncomparable(d);
  return toJsonData({ equal: comparable && isEmptyDiff(d), comparable, ...d });
}
