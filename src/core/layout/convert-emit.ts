import { hex16 } from '../model/address';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import { spanKey } from '../model/span';
import type { CaptureMachine } from '../engine/from-capture';
import type { Mr, MrKind } from '../engine/mr';
import { keywordOfKind } from '../model/region-kind';
import { hexNumber, layoutSize } from './convert-numbers';
import { refOf } from './convert-ids';
import { layoutName } from './names';

const STAND_IN = '(disabled region not printed)';

/** What writing a converted tree needs to know beyond its regions. */
export interface EmitContext {
  readonly built: CaptureMachine;
  /** Kinds settled by the conversion for regions that never render. */
  readonly kindOf: ReadonlyMap<Mr, MrKind>;
  /** The `$id` labels (regionIds). */
  readonly idOf: ReadonlyMap<Mr, string>;
  /** The region written for a region (TreeSelection.canonical). */
  readonly canonical: (mr: Mr) => Mr;
  /** Regions the capture names as an alias target it does not have. */
  readonly unresolved: ReadonlySet<Mr>;
  /** The facts left open (RF001, RF002, RF011) by where the region is written in the capture. */
  readonly open: ReadonlyMap<string, string>;
  /** Where issues found while writing go. */
  readonly issues: Issue[];
}

/**
 * The order to write subregions in so that adding them in file order rebuilds `list` exactly:
 * addSubregion keeps priorities sorted and puts the newest of equal priority first, so within one
 * priority they must be added in reverse list order; across priorities any interleaving works, and
 * the one chosen lists siblings from the highest address down.
 */
export function insertionOrder(list: readonly Mr[]): Mr[] {
  const classes = new Map<number, Mr[]>();
  for (const mr of list) {
    const c = classes.get(mr.priority);
    if (c) c.push(mr);
    else classes.set(mr.priority, [mr]);
  }
  const queues = [...classes.values()].map((c) => c.reverse());
  const heads = new Array<number>(queues.length).fill(0);
  const out: Mr[] = [];
  while (out.length < list.length) {
    let best = -1;
    for (let q = 0; q < queues.length; q++) {
      const cand = (queues[q] as Mr[])[heads[q] as number];
      if (!cand) continue;
      const cur = best < 0 ? undefined : (queues[best] as Mr[])[heads[best] as number];
      if (!cur || cand.addr > cur.addr || (cand.addr === cur.addr && cand.priority > cur.priority)) best = q;
    }
    out.push((queues[best] as Mr[])[heads[best] as number] as Mr);
    heads[best] = (heads[best] as number) + 1;
  }
  return out;
}

/**
 * Siblings that overlap an enabled sibling of the same priority: QEMU lets the one added last win, a
 * fact the converted file states with `order` (which also tells the overlap lint that it is intended).
 * One sweep per priority over the siblings sorted by address: O(n log n).
 */
function intendedOverlaps(list: readonly Mr[]): Set<Mr> {
  const marked = new Set<Mr>();
  const byPriority = new Map<number, Mr[]>();
  for (const mr of list) {
    if (!mr.enabled || mr.size === 0n) continue;
    const c = byPriority.get(mr.priority);
    if (c) c.push(mr);
    else byPriority.set(mr.priority, [mr]);
  }
  for (const c of byPriority.values()) {
    c.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
    let reach = -1n;
    // Earlier siblings not yet marked that may still reach later ones.
    let open: Mr[] = [];
    for (const mr of c) {
      if (mr.addr < reach) {
        marked.add(mr);
        for (const o of open) if (o.addr + o.size > mr.addr) marked.add(o);
        open = [];
      } else {
        // Nothing seen so far reaches this far: none of them can overlap a later sibling.
        open = [mr];
      }
      if (mr.addr + mr.size > reach) reach = mr.addr + mr.size;
    }
  }
  return marked;
}

/** Where a region is written in the capture (`line:col` of its name), to find the notes on it. */
function spanKeyOf(built: CaptureMachine, mr: Mr): string {
  const node = built.nodeOfMr.get(mr);
  return node ? spanKey(node.nameSpan) : '';
}

/** A trailing comment naming what the capture did not say about a region and the layout writes anyway. */
function unknownsOf(built: CaptureMachine, mr: Mr, note: string | undefined): string {
  const gdb = built.nodeOfMr.get(mr)?.gdb;
  const notes: string[] = [];
  if (gdb?.typeFrom === 'assumed') notes.push(`type not dumped${gdb.known ? ` (QEMU's source makes it as ${gdb.known})` : ''}`);
  if (gdb?.known === 'alias') notes.push('an alias in QEMU; its target is not dumped');
  if (gdb?.aliasOffset !== undefined) notes.push(`the dumped view shows it from offset ${hexNumber(gdb.aliasOffset)}`);
  if (gdb?.unseen) notes.push('no dumped view shows it: disabled, or hidden');
  if (note === 'RF002' || note === 'RF011') notes.push(`assumed ${mr.kind === 'io' ? 'an I/O region' : 'a pure container'}: info mtree prints i/o and QEMU's source does not settle it`);
  if (note === 'RF001') notes.push("assumed writable: info mtree does not print an alias's read-only flag");
  return notes.length > 0 ? ` # ${notes.join('; ')}` : '';
}

/**
 * The size to write: `X-X` is a zero-sized or a one-byte region; the capture reads an alias as one
 * byte unless it is an unprogrammed window at 0. One byte past the end of the target is no window QEMU
 * would set up (tseg-window before TSEG is enabled): write those as empty. Either renders nothing.
 */
function sizeToWrite(mr: Mr, cx: EmitContext): bigint {
  const node = cx.built.nodeOfMr.get(mr);
  if (!node?.sizeAmbiguous || !mr.alias || mr.size !== 1n || mr.aliasOffset < cx.canonical(mr.alias).size) return mr.size;
  cx.issues.push(makeIssue('MT004', node.rangeSpan, { start: hex16(node.start), assumed: 'written as zero-sized: one byte would lie past the end of its alias target' }));
  return 0n;
}

/** The words of a region's line: keyword, name, id, address, size, target, priority, order and flags. */
function regionWords(mr: Mr, depth: number, order: number | undefined, cx: EmitContext): string[] {
  const keyword = cx.unresolved.has(mr) ? 'container' : keywordOfKind(cx.kindOf.get(mr) ?? mr.kind, mr.readonly, mr.alias !== undefined);
  const parts = [keyword, layoutName(mr.name)];
  const id = cx.idOf.get(mr);
  if (id !== undefined) parts.push('$' + id);
  if (depth > 0 || mr.addr !== 0n) parts.push('@' + hexNumber(mr.addr));
  parts.push('size', layoutSize(sizeToWrite(mr, cx)));
  if (mr.alias) {
    parts.push('->', refOf(cx.idOf, cx.canonical(mr.alias)));
    if (mr.aliasOffset !== 0n) parts.push('offset', hexNumber(mr.aliasOffset));
  }
  if (mr.priority !== 0) parts.push('priority', String(mr.priority));
  if (order !== undefined) parts.push('order', String(order));
  // Flags in the formatter's order, so that a converted file is already formatted.
  if (mr.readonly && keyword !== 'rom') parts.push('readonly');
  if (mr.nonvolatile) parts.push('nonvolatile');
  if (mr.romd && keyword === 'rom-device') parts.push('romd');
  if (!mr.enabled) parts.push('disabled');
  return parts;
}

/** The trailing comment of a region's line: what the capture left open about it. */
function regionComment(mr: Mr, cx: EmitContext): string {
  const built = cx.built;
  if (cx.unresolved.has(mr)) return ` # an alias of "${built.nodeOfMr.get(mr)?.alias?.target ?? ''}", which the capture does not have`;
  if ((mr.name === STAND_IN && !built.nodeOfMr.has(mr)) || built.nodeOfMr.get(mr)?.notPrinted) return ' # QEMU did not print this disabled region (capture with info mtree -D)';
  return unknownsOf(built, mr, cx.open.get(spanKeyOf(built, mr)));
}

/**
 * Appends the lines of one tree to `out`, subregions in insertion order and nested in braces
 * (iteratively: input controls the depth). True when some line carries `order`.
 */
export function writeTree(root: Mr, cx: EmitContext, out: string[]): boolean {
  type Frame = { kind: 'open'; mr: Mr; depth: number; order?: number } | { kind: 'close'; depth: number };
  let ordered = false;
  const stack: Frame[] = [{ kind: 'open', mr: root, depth: 0 }];
  while (stack.length > 0) {
    const f = stack.pop() as Frame;
    const indent = '  '.repeat(f.depth);
    if (f.kind === 'close') {
      out.push(indent + '}');
      continue;
    }
    const mr = f.mr;
    if (f.order !== undefined) ordered = true;
    const line = indent + regionWords(mr, f.depth, f.order, cx).join(' ');
    // A trailing comment goes after the brace, or it would swallow it.
    const comment = regionComment(mr, cx);
    if (mr.subregions.length === 0) {
      out.push(line + comment);
      continue;
    }
    out.push(line + ' {' + comment);
    stack.push({ kind: 'close', depth: f.depth });
    const kids = insertionOrder(mr.subregions);
    const overlapping = intendedOverlaps(mr.subregions);
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i] as Mr;
      stack.push({ kind: 'open', mr: k, depth: f.depth + 1, ...(overlapping.has(k) ? { order: i } : {}) });
    }
  }
  return ordered;
}
