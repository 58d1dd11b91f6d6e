import { SIZE_2_64, hex16 } from '../model/address';
import type { Mr } from './mr';
import { AliasEnds, ownTypeWord, terminates } from './mr';

/** What happened to one region that covers the address. */
export type WhyStatus = 'winner' | 'lost' | 'disabled' | 'clipped' | 'container' | 'alias';

/** One region whose range covers the address, in render order. */
export interface WhyEntry {
  readonly mr: Mr;
  /** Depth in the render walk (aliases and their targets each add a level). */
  readonly depth: number;
  /** The address of the region's byte 0 in this walk. */
  readonly base: bigint;
  status: WhyStatus;
  /** Why, in words for people. */
  reason: string;
  /** Offset of the address inside the region. */
  readonly offset: bigint;
  /** The entry of the region entered just above this one (undefined for the root): chains share their ancestors. */
  readonly parent: WhyEntry | undefined;
}

/** The render walk of one address: every covering region and the one that wins. */
export interface WhyResult {
  readonly addr: bigint;
  readonly entries: WhyEntry[];
  readonly winner: WhyEntry | undefined;
}

type Frame =
  | { kind: 'enter'; mr: Mr; base: bigint; clipStart: bigint; clipEnd: bigint; parent: WhyEntry | undefined; clippedBy: Mr | undefined }
  | { kind: 'fill'; entry: WhyEntry }
  | { kind: 'leave'; alias: Mr };

/**
 * Where losers' chains of entries meet the winner's: for each loser, the deepest entry it shares with the
 * winner's chain, and the entry below that on the loser's own chain. Memoised, so that explaining every
 * loser takes time linear in the entries, however deep the tree.
 */
class LossExplainer {
  /** The winner's chain, root first, the winner last. */
  private readonly chain: WhyEntry[] = [];
  private readonly onChain = new Set<WhyEntry>();
  private readonly aboveWinner = new Set<Mr>();
  private readonly meets = new Map<WhyEntry, { meet: WhyEntry | undefined; branch: WhyEntry }>();

  constructor(private readonly winner: WhyEntry) {
    for (let e: WhyEntry | undefined = winner; e; e = e.parent) this.chain.push(e);
    this.chain.reverse();
    for (const e of this.chain) this.onChain.add(e);
    for (const e of this.chain.slice(0, -1)) this.aboveWinner.add(e.mr);
  }

  /** The deepest entry of the loser's chain on the winner's, and the loser's entry right below it (loser not on the chain). */
  private meet(loser: WhyEntry): { meet: WhyEntry | undefined; branch: WhyEntry } {
    const climbed: WhyEntry[] = [];
    let e: WhyEntry | undefined = loser;
    let found: { meet: WhyEntry | undefined; branch: WhyEntry } | undefined;
    while (e && !found) {
      const known = this.meets.get(e);
      if (known) found = known;
      else if (e.parent === undefined || this.onChain.has(e.parent)) found = { meet: e.parent, branch: e };
      climbed.push(e);
      e = e.parent;
    }
    const result = found ?? { meet: undefined, branch: loser };
    for (const c of climbed) this.meets.set(c, result);
    return result;
  }

  /** Why `loser` does not get the address although it covers it: its position against the winner. */
  reason(loser: WhyEntry): string {
    const winner = this.winner;
    if (this.aboveWinner.has(loser.mr)) return `covered by its subregion ${winner.mr.name}, which renders first`;
    const same = loser.mr === winner.mr ? `the same region already claimed it another way: ` : '';
    if (this.onChain.has(loser)) return `${same}${winner.mr.name} renders first`;
    const { meet, branch } = this.meet(loser);
    const a = this.chain[meet ? meet.depth + 1 : 0];
    const b = branch.mr;
    if (!a) return `${same}${winner.mr.name} renders first`;
    const under = meet ? ` under ${meet.mr.name}` : '';
    if (a.mr.priority !== b.priority) return `${same}${a.mr.name} (prio ${a.mr.priority}) outranks ${b.name} (prio ${b.priority})${under}`;
    return `${same}${a.mr.name} and ${b.name} have equal priority ${a.mr.priority}${under}; ${a.mr.name} was added later, so it comes first`;
  }
}

/**
 * Walks render_memory_region for one address from `root`, listing every region whose range covers
 * it: the winner, and for each other region why it lost (priority, order, disabled, clipped, alias).
 */
export function whyAddress(root: Mr, addr: bigint, limit = 1_000_000): WhyResult {
  const entries: WhyEntry[] = [];
  let winner: WhyEntry | undefined;
  let explainer: LossExplainer | undefined;
  const stack: Frame[] = [{ kind: 'enter', mr: root, base: 0n, clipStart: 0n, clipEnd: SIZE_2_64, parent: undefined, clippedBy: undefined }];
  const open = new Set<Mr>();
  for (let steps = 0; stack.length > 0 && steps < limit; steps++) {
    const f = stack.pop() as Frame;
    if (f.kind === 'leave') {
      open.delete(f.alias);
      continue;
    }
    if (f.kind === 'fill') {
      if (!winner) {
        winner = f.entry;
        f.entry.status = 'winner';
        f.entry.reason = 'first in render order to claim the address';
        explainer = new LossExplainer(winner);
      } else {
        f.entry.reason = (explainer as LossExplainer).reason(f.entry);
      }
      continue;
    }
    const mr = f.mr;
    const base = f.base + mr.addr;
    if (addr < base || addr >= base + mr.size) continue;
    const entry: WhyEntry = { mr, depth: f.parent ? f.parent.depth + 1 : 0, base, status: 'container', reason: '', offset: addr - base, parent: f.parent };
    entries.push(entry);
    if (!mr.enabled) {
      entry.status = 'disabled';
      entry.reason = 'disabled: neither it nor its subregions render';
      continue;
    }
    if (addr < f.clipStart || addr >= f.clipEnd) {
      entry.status = 'clipped';
      entry.reason = `outside its container ${f.clippedBy?.name ?? ''}, which clips it`;
      continue;
    }
    const clipStart = base > f.clipStart ? base : f.clipStart;
    const clipEnd = base + mr.size < f.clipEnd ? base + mr.size : f.clipEnd;
    if (mr.alias) {
      entry.status = 'alias';
      entry.reason = `alias of ${mr.alias.name} from offset 0x${mr.aliasOffset.toString(16)}`;
      if (open.has(mr)) {
        entry.reason += ' (an alias cycle: stops here)';
        continue;
      }
      open.add(mr);
      stack.push({ kind: 'leave', alias: mr });
      stack.push({ kind: 'enter', mr: mr.alias, base: base - mr.alias.addr - mr.aliasOffset, clipStart, clipEnd, parent: entry, clippedBy: mr });
      continue;
    }
    if (terminates(mr)) {
      entry.status = 'lost';
      stack.push({ kind: 'fill', entry });
    } else entry.reason = 'pure container: renders only its subregions';
    // Only subregions that cover the address are walked (a bus can hold thousands of devices); the
    // test makes a bigint only for those that start at or below it.
    const rel = addr - base;
    for (let i = mr.subregions.length - 1; i >= 0; i--) {
      const sub = mr.subregions[i] as Mr;
      if (sub.addr <= rel && rel - sub.addr < sub.size) stack.push({ kind: 'enter', mr: sub, base, clipStart, clipEnd, parent: entry, clippedBy: mr });
    }
  }
  return { addr, entries, winner };
}

/** Levels indented as such; deeper lines say their depth instead, so the text grows with the walk, not with depth². */
const MAX_INDENT = 32;

/** The walk as indented text lines for the CLI and hovers. */
export function formatWhy(r: WhyResult): string[] {
  const ends = new AliasEnds();
  return r.entries.map((e) => {
    const last = e.base + e.mr.size - 1n;
    const tag = e.status === 'winner' ? 'WINS' : e.status;
    const indent = e.depth <= MAX_INDENT ? '  '.repeat(e.depth) : `${'  '.repeat(MAX_INDENT)}[depth ${e.depth}] `;
    // An alias prints its target's type; a cycle renders nothing, as an I/O container would.
    const end = ends.of(e.mr);
    return `${indent}${e.mr.name} (${hex16(e.base)}-${hex16(last)}, prio ${e.mr.priority}, ${end ? ownTypeWord(end) : 'i/o'}) @0x${e.offset.toString(16)}: ${tag}: ${e.reason}`;
  });
}

/**
 * The answer in one line, for notifications: `0xa0000 → vga-lowmem (via smram-region, prio 1)`: the
 * region that wins, the aliases the walk took to reach it, and the priority that won among the root's
 * subregions; or that nothing claims the address. `shown`: what a dumped view (gdb) shows there, which
 * stands instead of the walk's winner, as the walk ranks by print order with every region enabled.
 */
export function whyHeadline(r: WhyResult, space: string | undefined, shown?: string): string {
  const at = `0x${r.addr.toString(16)}`;
  if (shown !== undefined) return `${at} → ${shown} (as the dumped view shows it; gdb prints no priorities) in address space ${space ?? '?'}`;
  const w = r.winner;
  if (!w) return `${at} in address space ${space ?? '?'}: nothing claims it (No memory is mapped)`;
  const chain: WhyEntry[] = [];
  for (let e: WhyEntry | undefined = w; e; e = e.parent) chain.push(e);
  chain.reverse();
  // chain[0] is the root; chain[1] the subregion of the root that won there.
  const via = chain.slice(1, -1).filter((e) => e.mr.alias).map((e) => e.mr.name);
  const top = chain[1] ?? w;
  const details = [...(via.length > 0 ? [`via ${via.join(' › ')}`] : []), `prio ${top.mr.priority}`];
  return `${at} → ${w.mr.name} (${details.join(', ')}) in address space ${space ?? '?'}`;
}
