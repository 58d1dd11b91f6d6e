import { SIZE_2_64, hex16 } from '../model/address';
import type { Mr } from './mr';
import { regionTypeWord, terminates } from './mr';

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
  /** The regions entered above this one, root first. */
  readonly path: Mr[];
}

/** The render walk of one address: every covering region and the one that wins. */
export interface WhyResult {
  readonly addr: bigint;
  readonly entries: WhyEntry[];
  readonly winner: WhyEntry | undefined;
}

type Frame =
  | { kind: 'enter'; mr: Mr; base: bigint; clipStart: bigint; clipEnd: bigint; path: Mr[]; clippedBy: Mr | undefined }
  | { kind: 'fill'; entry: WhyEntry }
  | { kind: 'leave'; alias: Mr };

/** Why `loser` does not get the address although it covers it: its position against the winner. */
function lossReason(loser: WhyEntry, winner: WhyEntry): string {
  if (winner.path.includes(loser.mr)) return `covered by its subregion ${winner.mr.name}, which renders first`;
  const w = [...winner.path, winner.mr];
  const l = [...loser.path, loser.mr];
  let i = 0;
  while (i < w.length && i < l.length && w[i] === l[i]) i++;
  const a = w[i];
  const b = l[i];
  const same = loser.mr === winner.mr ? `the same region already claimed it another way: ` : '';
  if (!a || !b) return `${same}${winner.mr.name} renders first`;
  const under = i > 0 ? ` under ${(w[i - 1] as Mr).name}` : '';
  if (a.priority !== b.priority) return `${same}${a.name} (prio ${a.priority}) outranks ${b.name} (prio ${b.priority})${under}`;
  return `${same}${a.name} and ${b.name} have equal priority ${a.priority}${under}; ${a.name} was added later, so it comes first`;
}

/**
 * Walks render_memory_region for one address from `root`, listing every region whose range covers
 * it: the winner, and for each other region why it lost (priority, order, disabled, clipped, alias).
 */
export function whyAddress(root: Mr, addr: bigint, limit = 1_000_000): WhyResult {
  const entries: WhyEntry[] = [];
  let winner: WhyEntry | undefined;
  const stack: Frame[] = [{ kind: 'enter', mr: root, base: 0n, clipStart: 0n, clipEnd: SIZE_2_64, path: [], clippedBy: undefined }];
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
      } else {
        f.entry.reason = lossReason(f.entry, winner);
      }
      continue;
    }
    const mr = f.mr;
    const base = f.base + mr.addr;
    if (addr < base || addr >= base + mr.size) continue;
    const entry: WhyEntry = { mr, depth: f.path.length, base, status: 'container', reason: '', offset: addr - base, path: f.path };
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
    const path = [...f.path, mr];
    if (mr.alias) {
      entry.status = 'alias';
      entry.reason = `alias of ${mr.alias.name} from offset 0x${mr.aliasOffset.toString(16)}`;
      if (open.has(mr)) {
        entry.reason += ' (an alias cycle: stops here)';
        continue;
      }
      open.add(mr);
      stack.push({ kind: 'leave', alias: mr });
      stack.push({ kind: 'enter', mr: mr.alias, base: base - mr.alias.addr - mr.aliasOffset, clipStart, clipEnd, path, clippedBy: mr });
      continue;
    }
    if (terminates(mr)) {
      entry.status = 'lost';
      stack.push({ kind: 'fill', entry });
    } else entry.reason = 'pure container: renders only its subregions';
    // Only subregions that cover the address are walked (a bus can hold thousands of devices).
    for (let i = mr.subregions.length - 1; i >= 0; i--) {
      const sub = mr.subregions[i] as Mr;
      const at = base + sub.addr;
      if (addr >= at && addr < at + sub.size) stack.push({ kind: 'enter', mr: sub, base, clipStart, clipEnd, path, clippedBy: mr });
    }
  }
  return { addr, entries, winner };
}

/** The walk as indented text lines for the CLI and hovers. */
export function formatWhy(r: WhyResult): string[] {
  return r.entries.map((e) => {
    const last = e.base + e.mr.size - 1n;
    const tag = e.status === 'winner' ? 'WINS' : e.status;
    return `${'  '.repeat(e.depth)}${e.mr.name} (${hex16(e.base)}-${hex16(last)}, prio ${e.mr.priority}, ${regionTypeWord(e.mr)}) @0x${e.offset.toString(16)}: ${tag}: ${e.reason}`;
  });
}
