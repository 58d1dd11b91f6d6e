import { formatSize, hex0x, hex16 } from '../model/address';
import type { Span } from '../model/span';
import { lineSpan } from '../model/span';
import type { MemoryModel } from '../engine/memory-model';
import { blocksOfRegion, regionNameOfBlock, spaceNamed } from '../engine/memory-model';
import { flatRangeType } from '../engine/views';
import { gdbRangeNote } from '../engine/gdb-views';
import { basisText } from '../engine/region-kinds';
import type { GdbRegionFacts } from '../model/region';
import { regionOf } from './navigation';
import type { Mr } from '../engine/mr';
import { regionTypeWord } from '../engine/mr';
import { formatGpa2hva, gpa2hva, hva2gpa } from '../engine/translate';
import type { Gpa2hvaResult } from '../engine/translate';
import { formatWhy, whyAddress } from '../engine/why';
import type { DocumentIndex, Located } from './locate';
import type { Placement } from './regions';
import { containerPath, placementsOf, visibleByViewOf } from './regions';

/** The most lines of the why walk a hover shows (a deep alias chain can cover an address thousands of times). */
const HOVER_WHY_LINES = 40;

/** A hover: the span it explains and Markdown text. */
export interface HoverResult {
  readonly span: Span;
  readonly markdown: string;
}

/** A number written in a line, with its value. */
interface NumberToken {
  readonly value: bigint;
  readonly span: Span;
  readonly text: string;
}

/** The hex or decimal number under (line, col), if any: `0x…`, or bare hex of 16+ digits as QEMU prints. */
export function numberAt(text: string, line: number, col: number): NumberToken | undefined {
  const re = /0x[0-9a-fA-F]+|[0-9a-fA-F]{16,17}|\b[0-9]+\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (col < start || col > end) continue;
    const digits = m[0].startsWith('0x') ? m[0].slice(2) : m[0];
    if (digits.length > 17) return undefined;
    const value = m[0].startsWith('0x') || m[0].length >= 16 ? BigInt('0x' + digits) : BigInt(digits);
    return { value, span: lineSpan(line, start, end), text: m[0] };
  }
  return undefined;
}

function chainText(r: Gpa2hvaResult): string {
  return r.chain.map((m) => (m.alias ? `${m.name} (alias → ${m.alias.name} +${hex0x(m.aliasOffset)})` : m.name)).join(' › ');
}

/** The whole GPA→HVA chain of an address, and the "why" walk. */
export function explainGpa(model: MemoryModel, gpa: bigint, space: string | undefined): string {
  const r = gpa2hva(model, gpa, space ?? model.gpaSpace);
  const lines: string[] = [`**${hex0x(gpa)}** in address space **${r.space ?? '?'}**`, ''];
  if (r.kind === 'unmapped') {
    lines.push(`No memory is mapped here.${r.why.length ? ' ' + r.why.join('; ') : ''}`);
    for (const a of r.assumed) lines.push(`- ${a}`);
    return lines.join('\n');
  }
  const range = r.range;
  if (range) lines.push(`- flat range ${hex16(range.start)}-${hex16(range.start + range.size - 1n)} (${flatRangeType(range)})`);
  lines.push(`- chain: ${chainText(r)}`);
  lines.push(`- region **${range?.mr.name ?? '?'}** at offset ${hex0x(r.offset ?? 0n)}`);
  if (r.kind === 'not-ram') lines.push(r.assumed.length > 0 ? '- taken as I/O, so the answer is "not RAM": that rests on what is said below' : '- I/O: QEMU answers "not RAM"');
  if (r.block) lines.push(`- RAMBlock **${r.block.name}**, ram_addr ${hex0x(r.ramAddr ?? 0n)}`);
  if (r.hva !== undefined) lines.push(`- HVA **${hex0x(r.hva)}** (host base from ${r.base?.source ?? '?'})`);
  for (const w of r.why) lines.push(`- ${w}`);
  for (const a of r.assumed) lines.push(`- ${a}`);
  for (const n of gdbRangeNote(range)) lines.push(`- ${n}`);
  lines.push('', '`' + formatGpa2hva(r) + '`');
  const as = spaceNamed(model.views, r.space);
  if (as?.root) {
    const why = whyAddress(as.root, gpa);
    if (why.entries.length > 0) {
      const walk = formatWhy({ ...why, entries: why.entries.slice(0, HOVER_WHY_LINES) });
      const more = why.entries.length - walk.length;
      lines.push('', 'Why (render order):', '```', ...walk, ...(more > 0 ? [`… ${more} more (the Why command shows the whole walk)`] : []), '```');
    }
  }
  return lines.join('\n');
}

/** Every GPA of a host address. */
function explainHva(model: MemoryModel, hva: bigint): string {
  const r = hva2gpa(model, hva);
  if (r.hits.length === 0) return `**${hex0x(hva)}**: no guest-physical address maps this host address (host bases known for ${model.bases.size} region${model.bases.size === 1 ? '' : 's'})`;
  return [`**${hex0x(hva)}** is ${r.region ?? '?'} +${hex0x(r.offset ?? 0n)}`, '', ...r.hits.map((h) => `- GPA ${hex0x(h.gpa)} in ${h.spaces.join(', ')}`)].join('\n');
}

/** Size, type, priority, absolute range, container path and visibility of a region. */
export function explainRegion(model: MemoryModel, mr: Mr, where: ReadonlyMap<Mr, Placement>): string {
  const place = where.get(mr);
  const start = place?.start ?? mr.addr;
  const gdb = model.built?.nodeOfMr.get(mr)?.gdb;
  const lines = [
    gdb ? gdbRegionHeadline(mr, gdb) : `**${mr.name}** — ${regionTypeWord(mr)}${mr.alias ? ` alias of **${mr.alias.name}** from ${hex0x(mr.aliasOffset)}` : ''}, ${formatSize(mr.size)}, priority ${mr.priority}${mr.enabled ? '' : ', **disabled**'}${mr.readonly ? ', read-only' : ''}${mr.nonvolatile ? ', non-volatile' : ''}`,
    ...decidedFacts(model, mr),
    '',
    `- range ${hex16(start)}-${hex16(start + mr.size - 1n)} (offset ${hex0x(mr.addr)} in its container)`,
    `- in: ${containerPath(mr, where).map((m) => m.name).join(' › ')}`,
  ];
  const seen = [...visibleByViewOf(model)].flatMap(([view, m]) => {
    const bytes = m.get(mr) ?? 0n;
    return bytes > 0n ? [{ view, bytes }] : [];
  });
  if (seen.length === 0) lines.push(`- visible in no flat view${mr.enabled ? '' : ' (disabled)'}`);
  for (const s of seen) {
    const pct = mr.size > 0n ? Number((s.bytes * 1000n) / mr.size) / 10 : 0;
    lines.push(`- visible in ${s.view.spaces.map((x) => x.name).join(', ')}: ${formatSize(s.bytes)}${mr.alias || mr.size === 0n ? '' : ` of ${formatSize(mr.size)} (${pct}%)`}`);
  }
  for (const b of blocksOfRegion(model, mr.name)) {
    const base = model.bases.get(mr.name);
    lines.push(`- RAMBlock **${b.name}**: ram_addr ${hex0x(b.offset)}-${hex0x(b.offset + b.max - 1n)}${base ? `, HVA ${hex0x(base.base)}` : ''}`);
  }
  return lines.join('\n');
}

/** What decided the facts `info mtree` does not print about a region (its kind, an alias's read-only flag). */
function decidedFacts(model: MemoryModel, mr: Mr): string[] {
  const built = model.built;
  const out: string[] = [];
  const kind = built?.kindBasis.get(mr);
  if (kind) out.push('', `${mr.kind === 'io' ? 'An I/O region (it shows through the holes between its subregions)' : 'A pure container (it renders only its subregions)'}: ${basisText(kind, mr.kind === 'io' ? 'io' : 'container')}.`);
  const ro = built?.readonlyBasis.get(mr);
  if (ro && mr.alias) out.push('', `${mr.readonly ? 'Read-only' : 'Writable'}: ${basisText(ro, 'alias')}.`);
  return out;
}

/** A gdb pointer: which address spaces name it, and whether the session dumped what it points at. */
function explainPointer(index: DocumentIndex, value: bigint): string {
  const gdb = index.doc.capture?.gdb;
  const sections = index.doc.capture?.sections ?? [];
  const spaces = sections.flatMap((s) => (s.kind === 'gdb-address-spaces' ? s.spaces : []));
  const roots = spaces.filter((s) => s.rootPointer === value).map((s) => s.name);
  const views = spaces.filter((s) => s.flatViewPointer === value).map((s) => s.name);
  const tree = sections.find((s) => s.kind === 'gdb-memory-region' && s.pointer === value);
  const view = sections.find((s) => s.kind === 'gdb-flatview' && s.pointer === value);
  const lines = [`**${hex0x(value)}**`, ''];
  if (roots.length > 0) lines.push(`- Root MR of ${roots.join(', ')}`);
  if (views.length > 0) lines.push(`- FlatView of ${views.join(', ')}`);
  if (tree?.kind === 'gdb-memory-region') lines.push(`- its tree (${tree.title || tree.root?.name || '?'}) is dumped at line ${tree.span.line + 1}`);
  else if (roots.length > 0) lines.push(`- its tree is not in this file: \`dump_memory_region ${hex0x(value)}\` adds it`);
  if (view?.kind === 'gdb-flatview') lines.push(`- the view is dumped at line ${view.span.line + 1} (${view.ranges.length} range${view.ranges.length === 1 ? '' : 's'})`);
  else if (views.length > 0) lines.push(`- the view is not in this file: \`dump_flatview ${hex0x(value)}\` adds it`);
  if (!gdb) lines.push('- (the file also has an info mtree tree, which the model is built from)');
  return lines.join('\n');
}

/** A gdb-dumped region's first hover line: what the dump says, and what it does not. */
function gdbRegionHeadline(mr: Mr, g: GdbRegionFacts): string {
  const type = g.typeFrom === 'ramblock' ? 'RAM (a RAMBlock has its name)' : g.typeFrom === 'gpa2hva' ? 'RAM (a gpa2hva answer names it; not in a dump)' : g.typeFrom === 'subregions' ? 'a container (it has subregions; whether it is also an I/O region is not dumped)' : 'type not dumped';
  const facts = [
    `rank ${g.rank} of ${g.siblings} among its siblings (gdb prints QEMU's list order: earlier wins)`,
    type,
    formatSize(mr.size),
    ...(g.aliasOffset !== undefined ? [`an alias from offset ${hex0x(g.aliasOffset)} (the dumped view shows it so; its target is not dumped)`] : []),
    ...(g.unseen ? ['shown in no dumped view: disabled, or hidden'] : []),
  ];
  return `**${mr.name}** — ${facts.join(', ')}\n\nFrom a gdb dump: its priority, enabled flag and alias target are not in it.`;
}

/** Hover at (line, col): an address (GPA→HVA chain and why), a host address, or a region. */
export function hoverAt(index: DocumentIndex, lineText: string, line: number, col: number): HoverResult | undefined {
  const model = index.doc.model;
  if (!model) return undefined;
  const located = index.at(line, col);
  const num = numberAt(lineText, line, col);
  const ctx = index.contextOf(line);
  if (num && !located.some((l) => l.kind === 'region' || l.kind === 'target' || l.kind === 'flat-range' || l.kind === 'ramblock' || l.kind === 'pointer')) {
    const markdown = explainNumber(model, index, num, ctx.what, ctx.space, line);
    if (markdown) return { span: num.span, markdown };
  }
  const first: Located | undefined = located[0];
  if (!first) return undefined;
  const where = placementsOf(model);
  switch (first.kind) {
    case 'region':
      return first.mr ? { span: first.span, markdown: explainRegion(model, first.mr, where) } : undefined;
    case 'target': {
      const target = regionOf(index, first);
      return target ? { span: first.span, markdown: explainRegion(model, target, where) } : undefined;
    }
    case 'flat-range':
      return { span: first.span, markdown: explainGpa(model, first.range.start, first.view.spaces[0]?.name) };
    case 'ramblock': {
      const r = first.row;
      const base = r.hva ?? model.bases.get(regionNameOfBlock(r.name))?.base;
      return { span: first.span, markdown: [`**RAMBlock ${r.name || '(no name)'}**`, '', `- ram_addr ${hex0x(r.offset)}-${hex0x(r.offset + r.max - 1n)}`, `- used ${formatSize(r.used)} of ${formatSize(r.max)}, page ${formatSize(r.pageSize)}`, base !== undefined ? `- HVA ${hex0x(base)}` : '- HVA unknown'].join('\n') };
    }
    case 'gpa2hva':
      return { span: first.span, markdown: explainGpa(model, first.answer.gpa, model.gpaSpace) };
    case 'pointer':
      return { span: first.span, markdown: explainPointer(index, first.value) };
    default:
      return undefined;
  }
}

function explainNumber(model: MemoryModel, index: DocumentIndex, num: NumberToken, what: string, space: string | undefined, line: number): string | undefined {
  const row = index.onLine(line).find((l) => l.kind === 'ramblock');
  if (what === 'ramblock' && row?.kind === 'ramblock') {
    if (row.row.hva !== undefined && num.value === row.row.hva) return explainHva(model, num.value);
    return `**${hex0x(num.value)}** = ${num.value} (${formatSize(num.value)})`;
  }
  if (what === 'gpa2hva') {
    const answer = index.onLine(line).find((l) => l.kind === 'gpa2hva');
    if (answer?.kind === 'gpa2hva' && answer.answer.result.kind === 'hva' && answer.answer.result.hva === num.value) return explainHva(model, num.value);
    return explainGpa(model, num.value, space);
  }
  if (what === 'tree' || what === 'flat') {
    // Only the START-END columns are guest-physical addresses; @offsets and alias ranges are offsets.
    const inRange = index.onLine(line).some((l) => (l.kind === 'region' && l.node && num.span.col >= l.node.rangeSpan.col && num.span.endCol <= l.node.rangeSpan.endCol) || (l.kind === 'flat-range' && num.span.col >= l.range.rangeSpan.col && num.span.endCol <= l.range.rangeSpan.endCol));
    if (inRange) return explainGpa(model, num.value, space);
  }
  return `**${hex0x(num.value)}** = ${num.value} (${formatSize(num.value)})`;
}
