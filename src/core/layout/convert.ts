import { hex16 } from '../model/address';
import type { Capture, RamBlockRow, RamBlockSection, TraceSection } from '../model/capture';
import { lastRamBlockTable } from '../model/capture';
import type { Issue } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { RegionNode } from '../model/region';
import type { AddressSpace } from '../engine/machine';
import type { CaptureMachine } from '../engine/from-capture';
import { spanKey } from '../model/span';
import type { Mr, MrKind } from '../engine/mr';
import { memoryModelFromCapture, regionNameOfBlock } from '../engine/memory-model';
import { RamListBuilder } from '../engine/ramlist-builder';
import { replayTrace } from '../engine/ramlist-replay';
import type { RegionKeyword } from './ast';
import { layoutName } from './names';
import { walkRegions } from '../engine/walk';
import { pushAll, pushTo } from '../model/arrays';

/** Options of captureToLayout. */
export interface ConvertOptions {
  /** What the capture was read from (a file name), for the header comment. */
  readonly source?: string;
}

/** A layout written from a capture, with the facts the capture left open as issues (spans point into the capture). */
export interface ConvertResult {
  readonly text: string;
  readonly issues: Issue[];
}

const ID_CHAR = /[A-Za-z0-9_.\-/:@[\]]/;
const STAND_IN = '(disabled region not printed)';
const UNITS: readonly [bigint, string][] = [[60n, 'E'], [50n, 'P'], [40n, 'T'], [30n, 'G'], [20n, 'M'], [10n, 'K']];


/** An address in hex (`0` for zero). */
function hexNumber(v: bigint): string {
  return v === 0n ? '0' : '0x' + v.toString(16);
}

/** A size with a binary unit when it is an exact, short multiple of one (`128M`, `16E`), else in hex. */
export function layoutSize(v: bigint): string {
  for (const [shift, unit] of UNITS) {
    const u = 1n << shift;
    // A four-digit count still reads better than hex; beyond that hex shows the structure.
    if (v >= u && v % u === 0n && v / u < 10000n) return `${v / u}${unit}`;
  }
  return hexNumber(v);
}

/** An id label made from a name: characters the lexer does not take in an id become `_`. */
function idBase(name: string): string {
  let out = '';
  for (const c of name) out += ID_CHAR.test(c) ? c : '_';
  return out === '' ? 'region' : out;
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

/** The layout keyword for a region of the given kind. */
function keywordOf(mr: Mr, kind: MrKind): RegionKeyword {
  if (mr.alias) return 'alias';
  if (kind === 'ram') return mr.readonly ? 'rom' : 'ram';
  return kind;
}

/**
 * Kinds for regions that print as i/o and never render (no enabled path from an address space leads
 * to them): the captured flat view cannot tell an I/O region from a container for them, so the
 * reflattening called them containers. As without a flat view, a leaf is taken as an I/O region
 * (a blackhole, a device's registers) and a region with subregions as a container; each tree's
 * guesses get one RF011 or RF002 hint. Rendering is the same either way.
 */
function unrenderedKinds(built: CaptureMachine, trees: readonly Mr[], canonical: (mr: Mr) => Mr, issues: Issue[]): Map<Mr, MrKind> {
  // Regions rendering can reach: enabled all the way down from a root, through aliases too.
  const lit = new Set<Mr>();
  const stack: Mr[] = built.machine.spaces.flatMap((s) => (s.root ? [canonical(s.root)] : []));
  while (stack.length > 0) {
    const mr = stack.pop() as Mr;
    if (lit.has(mr) || !mr.enabled) continue;
    lit.add(mr);
    if (mr.alias) stack.push(canonical(mr.alias));
    pushAll(stack, mr.subregions);
  }
  const kinds = new Map<Mr, MrKind>();
  for (const root of trees) {
    const leaves: Mr[] = [];
    const containers: Mr[] = [];
    for (const mr of walkRegions([root])) {
      const node = built.nodeOfMr.get(mr);
      if (lit.has(mr) || !node || mr.alias || node.type !== 'i/o' || (mr.kind !== 'io' && mr.kind !== 'container')) continue;
      const kind: MrKind = mr.subregions.length === 0 ? 'io' : 'container';
      kinds.set(mr, kind);
      (kind === 'io' ? leaves : containers).push(mr);
    }
    const rootNode = built.nodeOfMr.get(root);
    const note = (code: 'RF002' | 'RF011', list: Mr[]): void => {
      if (list.length === 0 || !rootNode) return;
      const related = list.flatMap((mr) => {
        const n = built.nodeOfMr.get(mr);
        return n ? [{ span: n.nameSpan, message: mr.name }] : [];
      });
      issues.push(makeIssue(code, rootNode.nameSpan, { count: String(list.length) }, { related }));
    };
    note('RF011', leaves);
    note('RF002', containers);
  }
  return kinds;
}

/** The blocks in the order to create them, and which ones best fit would place elsewhere (they get `offset`). */
function blockOrder(rows: readonly RamBlockRow[], section: RamBlockSection, trace: TraceSection | undefined): { order: RamBlockRow[]; pinned: Set<RamBlockRow>; fromTrace: boolean } {
  let order: RamBlockRow[];
  const byOffset = (a: RamBlockRow, b: RamBlockRow): number => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0);
  if (trace) {
    // The replay knows the real creation order of every block the trace placed.
    const replay = replayTrace(trace, section);
    const traced = replay.blocks.filter((b) => b.row !== undefined).sort((a, b) => a.id - b.id).map((b) => b.row as RamBlockRow);
    const seen = new Set(traced);
    order = [...traced.filter((r) => rows.includes(r)), ...rows.filter((r) => !seen.has(r)).sort(byOffset)];
  } else {
    // Without a trace, creation in offset order is the likeliest story: best fit fills the space upwards.
    order = [...rows].sort(byOffset);
  }
  // ram_list keeps blocks of equal size in creation order, so those must be created in list order.
  const rowIndex = new Map<RamBlockRow, number>();
  rows.forEach((r, i) => rowIndex.set(r, i));
  const slots = new Map<bigint, number[]>();
  order.forEach((r, i) => pushTo(slots, r.max, i));
  const fixed = [...order];
  for (const positions of slots.values()) {
    const members = positions.map((i) => order[i] as RamBlockRow).sort((a, b) => (rowIndex.get(a) as number) - (rowIndex.get(b) as number));
    positions.forEach((p, k) => (fixed[p] = members[k] as RamBlockRow));
  }
  // Replay the creation: a block that find_ram_offset would put elsewhere is pinned where it is.
  const pinned = new Set<RamBlockRow>();
  const list = new RamListBuilder();
  for (const r of fixed) {
    const found = list.find(r.max);
    if (!found.ok || found.offset !== r.offset) pinned.add(r);
    list.insert({ name: r.name, offset: r.offset, used: r.used, max: r.max });
  }
  return { order: fixed, pinned, fromTrace: trace !== undefined };
}

/** One line per RAMBlock in creation order, with page size, host address and pins where needed. */
function ramblockLines(c: Capture, hostOf: (row: RamBlockRow) => bigint | undefined): string[] {
  const section = lastRamBlockTable(c);
  if (!section || section.blocks.length === 0) return [];
  const trace = c.sections.find((s): s is TraceSection => s.kind === 'trace');
  const { order, pinned, fromTrace } = blockOrder(section.blocks, section, trace);
  const out = [
    '',
    fromTrace
      ? '# RAMBlocks in creation order, as the find_ram_offset trace shows it.'
      : '# RAMBlocks in offset order (the capture has no find_ram_offset trace to tell the creation order).',
  ];
  if (pinned.size > 0) out.push(`# ${pinned.size} block${pinned.size === 1 ? '' : 's'} carr${pinned.size === 1 ? 'ies' : 'y'} "offset": best fit in this order would place ${pinned.size === 1 ? 'it' : 'them'} elsewhere (blocks freed since, or an unknown order).`);
  for (const r of order) {
    const parts = ['ramblock', layoutName(r.name), 'size', layoutSize(r.used)];
    if (r.max !== r.used) parts.push('max', layoutSize(r.max));
    if (r.pageSize !== 0x1000n) parts.push('page', layoutSize(r.pageSize));
    const host = hostOf(r);
    if (host !== undefined) parts.push('host', hexNumber(host));
    if (pinned.has(r)) parts.push('offset', hexNumber(r.offset));
    // Only a resizeable block can use less than its maximum.
    if (r.max !== r.used) parts.push('resizeable');
    if (r.readonly === true) parts.push('readonly');
    out.push(parts.join(' '));
  }
  return out;
}

/** A short description of what the capture holds, for the header. */
function describeCapture(c: Capture): string {
  const what: string[] = [];
  for (const s of c.sections) {
    let name: string;
    switch (s.kind) {
      case 'mtree':
        name = `info mtree${s.flags.owners ? ' -o' : ''}${s.flags.disabled ? ' -D' : ''}`;
        break;
      case 'flatview':
        name = 'info mtree -f';
        break;
      case 'ramblock':
        name = 'info ramblock';
        break;
      case 'gpa2hva':
        name = 'gpa2hva';
        break;
      case 'trace':
        name = 'find_ram_offset trace';
        break;
      default:
        continue;
    }
    if (!what.includes(name)) what.push(name);
  }
  return what.join(', ');
}

/** Structural identities: equal numbers for regions whose whole subtrees have equal facts (alias targets by identity). */
function signatures(roots: readonly Mr[]): Map<Mr, number> {
  const intern = new Map<string, number>();
  const sig = new Map<Mr, number>();
  for (const root of roots) {
    // Post-order without recursion: a region's key needs its subregions' numbers.
    const stack: [Mr, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [mr, ready] = stack.pop() as [Mr, boolean];
      if (sig.has(mr)) continue;
      if (!ready) {
        stack.push([mr, true]);
        for (const c of mr.subregions) if (!sig.has(c)) stack.push([c, false]);
        continue;
      }
      const key = JSON.stringify([
        mr.kind, mr.name, String(mr.addr), String(mr.size), mr.priority, mr.enabled, mr.readonly, mr.nonvolatile, mr.romd,
        String(mr.aliasOffset), mr.alias?.id ?? -1, mr.subregions.map((c) => sig.get(c)),
      ]);
      let n = intern.get(key);
      if (n === undefined) {
        n = intern.size;
        intern.set(key, n);
      }
      sig.set(mr, n);
    }
  }
  return sig;
}

/**
 * Printed trees that repeat a region printed inside another tree: QEMU prints every alias target
 * again as a memory-region: section (`pci` inside `system` included), and an address space may be
 * rooted at a device's region (`virtio-pci-cfg-mem-as`). Each such tree is that one region, so
 * aliases and address spaces are pointed at it and it is written once. Only an exact match that is
 * the only candidate counts, and one region takes one tree at most (two address spaces moved onto
 * one root would share a FlatView); larger trees go first so that their insides stop being candidates.
 */
function repeatedSections(trees: readonly Mr[], members: ReadonlyMap<Mr, Mr[]>): { mapTo: Map<Mr, Mr>; merged: Map<Mr, Mr> } {
  const sig = signatures(trees);
  const nested = new Map<number, Mr[]>();
  const home = new Map<Mr, Mr>();
  for (const t of trees) {
    for (const mr of members.get(t) ?? []) {
      home.set(mr, t);
      if (mr === t) continue;
      const n = sig.get(mr) as number;
      const list = nested.get(n);
      if (list) list.push(mr);
      else nested.set(n, [mr]);
    }
  }
  const mapTo = new Map<Mr, Mr>();
  const merged = new Map<Mr, Mr>();
  const taken = new Set<Mr>();
  const sections = [...trees].sort((a, b) => (members.get(b)?.length ?? 0) - (members.get(a)?.length ?? 0));
  for (const t of sections) {
    const cands = (nested.get(sig.get(t) as number) ?? []).filter((n) => !mapTo.has(n) && home.get(n) !== t);
    // Two trees onto one region would make their address spaces share a FlatView: leave such ones apart.
    if (cands.length !== 1 || taken.has(cands[0] as Mr)) continue;
    const into = cands[0] as Mr;
    taken.add(into);
    merged.set(t, into);
    // Equal signatures mean equal shapes: pair the regions up one by one.
    const pairs: [Mr, Mr][] = [[t, into]];
    while (pairs.length > 0) {
      const [a, b] = pairs.pop() as [Mr, Mr];
      mapTo.set(a, b);
      a.subregions.forEach((c, i) => pairs.push([c, b.subregions[i] as Mr]));
    }
  }
  return { mapTo, merged };
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
 * Writes a layout that rebuilds a capture's memory model: every region of the reflattened tree with its
 * kind, address, size, priority and flags, subregions in an order that reproduces QEMU's lists, the
 * address spaces in creation order and the RAMBlocks so that creating them in file order gives the
 * captured offsets. Undefined when the capture has no `info mtree` tree.
 */
export function captureToLayout(c: Capture, options: ConvertOptions = {}): ConvertResult | undefined {
  // One reflattening serves the tree, the RF issues and the host bases.
  const model = memoryModelFromCapture(c);
  const built = model?.built;
  if (!model || !built) return undefined;
  const spaces = built.machine.spaces;

  // Trees come from the printed sections: address-space roots, then memory-region: sections.
  const treeOf = new Map<Mr, Mr>();
  const members = new Map<Mr, Mr[]>();
  for (const t of built.trees) {
    const all = walkRegions([t.mr]);
    members.set(t.mr, all);
    for (const mr of all) if (!treeOf.has(mr)) treeOf.set(mr, t.mr);
  }
  // A memory-region: section that no address space reaches (directly or through aliases) changes no
  // view; QEMU printed it for an alias that the reflattening resolved to an equal-named region.
  const kept = new Set<Mr>();
  const work: Mr[] = [];
  const keep = (tree: Mr | undefined): void => {
    if (tree && !kept.has(tree)) {
      kept.add(tree);
      work.push(tree);
    }
  };
  for (const as of spaces) keep(as.root ? treeOf.get(as.root) : undefined);
  if (spaces.every((s) => !s.root)) for (const t of built.trees) keep(t.mr);
  while (work.length > 0) {
    const tree = work.pop() as Mr;
    for (const mr of members.get(tree) ?? []) if (mr.alias) keep(treeOf.get(mr.alias));
  }
  const dropped = built.trees.filter((t) => !kept.has(t.mr));
  const { mapTo, merged } = repeatedSections(built.trees.filter((t) => kept.has(t.mr)).map((t) => t.mr), members);
  const canonical = (mr: Mr): Mr => {
    let m = mr;
    // Chains end: a section only merges into a region that is not mapped yet (see repeatedSections).
    for (let next = mapTo.get(m); next; next = mapTo.get(m)) m = next;
    return m;
  };
  const trees = built.trees.filter((t) => kept.has(t.mr) && !merged.has(t.mr));
  const unresolved = new Set(built.unresolved);

  // Names must name one region where they are used as targets: label the others with $id.
  const emitted = trees.flatMap((t) => members.get(t.mr) ?? []);
  const nameCount = new Map<string, number>();
  for (const mr of emitted) nameCount.set(mr.name, (nameCount.get(mr.name) ?? 0) + 1);
  const firstSpace = new Map<Mr, string>();
  for (const as of spaces) if (as.root && !firstSpace.has(canonical(as.root))) firstSpace.set(canonical(as.root), as.name);
  const referenced = new Set<Mr>([...firstSpace.keys()]);
  for (const mr of emitted) if (mr.alias) referenced.add(canonical(mr.alias));
  const idOf = new Map<Mr, string>();
  const usedIds = new Set<string>();
  for (const mr of emitted) {
    if (!referenced.has(mr) || (nameCount.get(mr.name) ?? 0) <= 1) continue;
    // An address space's root reads best under the address space's name.
    const base = idBase(firstSpace.get(mr) ?? mr.name);
    let id = base;
    for (let k = 2; usedIds.has(id); k++) id = `${base}.${k}`;
    usedIds.add(id);
    idOf.set(mr, id);
  }
  const issues = model.issues.filter((i) => i.code.startsWith('RF'));
  const kindOf = unrenderedKinds(built, trees.map((t) => t.mr), canonical, issues);
  // `X-X` is a zero-sized or a one-byte region; the capture reads an alias as one byte unless it is an
  // unprogrammed window at 0. One byte past the end of the target is no window QEMU would set up
  // (tseg-window before TSEG is enabled): write those as empty. Either renders nothing.
  const sizeOf = (mr: Mr): bigint => {
    const node = built.nodeOfMr.get(mr);
    if (!node?.sizeAmbiguous || !mr.alias || mr.size !== 1n || mr.aliasOffset < canonical(mr.alias).size) return mr.size;
    issues.push(makeIssue('MT004', node.rangeSpan, { start: hex16(node.start), assumed: 'written as zero-sized: one byte would lie past the end of its alias target' }));
    return 0n;
  };
  const ref = (mr: Mr): string => {
    const id = idOf.get(mr);
    return id !== undefined ? '$' + id : layoutName(mr.name);
  };

  // The facts neither the text nor QEMU's source settles where they matter (RF001, RF002, RF011): said again beside the region.
  const open = new Map(model.issues.filter((i) => i.code === 'RF001' || i.code === 'RF002' || i.code === 'RF011').map((i) => [spanKey(i.span), i.code]));
  const holds = describeCapture(c);
  const out: string[] = [
    `# Converted by qemu-memmap from ${options.source ?? 'a capture'}${holds ? ` (${holds})` : ''}.`,
    '# Subregions are listed from the highest address down: siblings are added in file order and, among',
    "# equal priorities, the last one added comes first, so this order rebuilds QEMU's subregion lists.",
  ];
  if (built.fromGdb) {
    out.push(
      '# From gdb dumps, which print names and ranges only: every region is written as enabled; "order" keeps',
      "# QEMU's list order (the dump's print order), not priorities; types are QEMU's source's for the name where",
      '# it makes it one way (else io, or container for regions with subregions); alias targets are not dumped.',
    );
  }
  const headerEnd = out.length;
  let ordered = false;
  const spacesOf = new Map<Mr, string[]>();
  /** The first address space of each root (its header is where the capture printed the tree). */
  const firstSpaceOf = new Map<Mr, AddressSpace>();
  for (const as of spaces) {
    if (!as.root) continue;
    pushTo(spacesOf, as.root, as.name);
    if (!firstSpaceOf.has(as.root)) firstSpaceOf.set(as.root, as);
  }
  for (const t of dropped) {
    out.push(`# Not converted: memory-region: ${t.node.name} (capture line ${t.node.span.line + 1}): no address space or alias reaches it.`);
  }
  for (const t of built.trees) {
    const into = merged.get(t.mr);
    const home = into ? canonical(treeOf.get(into) as Mr) : undefined;
    if (!into || !home) continue;
    const header = firstSpaceOf.get(t.mr)?.span;
    const what = header ? `address-space: ${(spacesOf.get(t.mr) ?? []).join(', ')} (capture line ${header.line + 1}): its root` : `memory-region: ${t.node.name} (capture line ${t.node.span.line + 1})`;
    out.push(`# ${what} is the ${into.name} inside ${home.name}: written once, there.`);
  }

  type Frame = { kind: 'open'; mr: Mr; depth: number; order?: number } | { kind: 'close'; depth: number };
  for (const t of trees) {
    const node: RegionNode = t.node;
    out.push('');
    const names = spacesOf.get(t.mr);
    out.push(names ? `# address-space: ${names.join(', ')}` : `# memory-region: ${node.name}`);
    const stack: Frame[] = [{ kind: 'open', mr: t.mr, depth: 0 }];
    while (stack.length > 0) {
      const f = stack.pop() as Frame;
      const indent = '  '.repeat(f.depth);
      if (f.kind === 'close') {
        out.push(indent + '}');
        continue;
      }
      const mr = f.mr;
      const lost = unresolved.has(mr);
      const keyword = lost ? 'container' : keywordOf(mr, kindOf.get(mr) ?? mr.kind);
      const parts = [keyword, layoutName(mr.name)];
      const id = idOf.get(mr);
      if (id !== undefined) parts.push('$' + id);
      if (f.depth > 0 || mr.addr !== 0n) parts.push('@' + hexNumber(mr.addr));
      parts.push('size', layoutSize(sizeOf(mr)));
      if (mr.alias) {
        parts.push('->', ref(canonical(mr.alias)));
        if (mr.aliasOffset !== 0n) parts.push('offset', hexNumber(mr.aliasOffset));
      }
      if (mr.priority !== 0) parts.push('priority', String(mr.priority));
      if (f.order !== undefined) {
        parts.push('order', String(f.order));
        ordered = true;
      }
      // Flags in the formatter's order, so that a converted file is already formatted.
      if (mr.readonly && keyword !== 'rom') parts.push('readonly');
      if (mr.nonvolatile) parts.push('nonvolatile');
      if (mr.romd && keyword === 'rom-device') parts.push('romd');
      if (!mr.enabled) parts.push('disabled');
      // A trailing comment goes after the brace, or it would swallow it.
      let comment = '';
      if (lost) comment = ` # an alias of "${built.nodeOfMr.get(mr)?.alias?.target ?? ''}", which the capture does not have`;
      else if ((mr.name === STAND_IN && !built.nodeOfMr.has(mr)) || built.nodeOfMr.get(mr)?.notPrinted) comment = ' # QEMU did not print this disabled region (capture with info mtree -D)';
      else comment = unknownsOf(built, mr, open.get(spanKeyOf(built, mr)));
      const line = indent + parts.join(' ');
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
  }

  if (ordered) out.splice(headerEnd, 0, '# "order" marks equal-priority siblings that overlap in QEMU: the one added last wins there.');
  if (spaces.length > 0) out.push('');
  for (const as of spaces) {
    if (as.root) out.push(`address-space ${layoutName(as.name)} root ${ref(canonical(as.root))}`);
    else out.push(`# address-space ${layoutName(as.name)}: the capture prints no root region for it`);
  }

  // Host addresses: the HVA column, else a base that gpa2hva answers give the block's region.
  const regionSeen = new Set<string>();
  const hostOf = (row: RamBlockRow): bigint | undefined => {
    const region = regionNameOfBlock(row.name);
    // A layout gives a region the host address of its first block, as the capture's model does.
    const first = !regionSeen.has(region);
    regionSeen.add(region);
    if (row.hva !== undefined) return row.hva;
    return first ? model.bases.get(region)?.base : undefined;
  };
  pushAll(out, ramblockLines(c, hostOf));
  return { text: out.join('\n') + '\n', issues };
}
