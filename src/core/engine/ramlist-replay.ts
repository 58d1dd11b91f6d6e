import { hex0x } from '../model/address';
import type { RamBlockRow, RamBlockSection, TraceSection, TraceStep } from '../model/capture';
import type { Issue, IssueCode } from '../model/issues';
import { makeIssue } from '../model/issues';
import type { Span } from '../model/span';
import type { OffsetStep, RamBlock, RamList } from './ramlist';
import { RAM_OFFSET_ALIGN, candidateAfter, findRamOffset, insertBlock } from './ramlist';
import { pushAll, pushTo } from '../model/arrays';

/** Replaying a find_ram_offset trace: rebuilds the ram_list and checks every step against the rules. */

/** A block the replay met, with where the trace shows it and the ramblock row it ended up as. */
export interface ReplayedBlock extends RamBlock {
  /** Creation order; 0 is the untraced first block. */
  readonly id: number;
  /** The `find_ram_offset size:` line that placed it; undefined for the first block. */
  readonly placedAt?: Span;
  /** The info ramblock row it matches: names, used lengths and host columns come from there. */
  readonly row?: RamBlockRow;
  /** First loop line of the placement that no longer visits it (it was freed before). */
  readonly freedAt?: Span;
  /** Not in info ramblock although the trace leaves it in the list: freed after the last placement. */
  readonly freedAfterTrace?: boolean;
  /** max_length known only rounded up to the alignment (first block without a row at offset 0). */
  readonly estimated?: boolean;
}

/** A loop-line field whose traced value differs from the replay's. */
export interface FieldDiff {
  readonly field: 'size' | 'candidate' | 'offset' | 'next' | 'mingap';
  readonly traced: bigint;
  readonly computed: bigint;
}

/** Where a trace or a ramblock table disagrees with the rules; span = the trace line or row concerned. */
export type RamListMismatch =
  | { readonly kind: 'chosen-offset'; readonly span: Span; readonly size: bigint; readonly traced: bigint; readonly computed: bigint | undefined }
  | { readonly kind: 'loop-values'; readonly span: Span; readonly diffs: readonly FieldDiff[] }
  | { readonly kind: 'loop-count'; readonly span: Span; readonly traced: number; readonly computed: number }
  | { readonly kind: 'unknown-block'; readonly span: Span; readonly candidate: bigint }
  | { readonly kind: 'loop-order'; readonly span: Span; readonly candidate: bigint }
  | { readonly kind: 'unfinished'; readonly span: Span; readonly computed: bigint | undefined }
  | { readonly kind: 'row-offset'; readonly span: Span; readonly row: RamBlockRow; readonly traced: bigint }
  | { readonly kind: 'row-untraced'; readonly span: Span; readonly row: RamBlockRow }
  | { readonly kind: 'row-order'; readonly span: Span; readonly row: RamBlockRow; readonly expected: number; readonly found: number };

/** What replayTrace rebuilt and every disagreement it found. */
export interface RamListReplay {
  /** Every block the trace shows, in creation order (freed ones included). */
  readonly blocks: readonly ReplayedBlock[];
  /** ram_list after the trace (without blocks the ramblock table no longer has). */
  readonly final: RamList;
  /** The lines QEMU should have traced, as the engine computes them, in trace order. */
  readonly steps: readonly OffsetStep[];
  readonly mismatches: readonly RamListMismatch[];
  /** The mismatches (RL001–RL005, RL007–RL009, RL011) and notes on frees (RL006, RL010) as diagnostics. */
  readonly issues: readonly Issue[];
}

type LoopLine = Extract<TraceStep, { kind: 'loop' }>;
type ChosenLine = Extract<TraceStep, { kind: 'chosen' }>;

/** Mutable while replaying; frozen into ReplayedBlock at the end. */
interface Sim {
  id: number;
  name: string;
  offset: bigint;
  used: bigint;
  max: bigint;
  placedAt?: Span;
  freedAt?: Span;
  freedAfterTrace?: boolean;
  estimated?: boolean;
  row?: RamBlockRow;
}

const FIELDS = ['size', 'candidate', 'offset', 'next', 'mingap'] as const;

function rowLabel(row: RamBlockRow): string {
  return row.name === '' ? '(unnamed)' : row.name;
}

/** Indices (into seq) of one longest strictly increasing subsequence: O(n log n). */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((seq[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; i >= 0; i = prev[i] as number) keep.add(i);
  return keep;
}

/** The state of one replay: the blocks met, ram_list as it stands, and what disagreed. */
class Replay {
  readonly mismatches: RamListMismatch[] = [];
  readonly issues: Issue[] = [];
  readonly steps: OffsetStep[] = [];
  readonly all: Sim[] = [];
  live: Sim[] = [];

  constructor(private readonly align: bigint) {}

  readonly report = (m: RamListMismatch, code: IssueCode, args: Record<string, string>): void => {
    this.mismatches.push(m);
    this.issues.push(makeIssue(code, m.span, args));
  };

  /**
   * The first block is placed at 0 without a trace line; its size comes from the row at 0, or the
   * first loop line's candidate (ROUND_UP(max, align)) gives it rounded up.
   */
  start(trace: TraceSection, ramblock: RamBlockSection | undefined): void {
    const row0 = ramblock?.blocks.find((r) => r.offset === 0n);
    const firstLoop = trace.steps.find((s): s is LoopLine => s.kind === 'loop');
    if (row0) this.all.push({ id: 0, name: '', offset: 0n, used: row0.used, max: row0.max });
    else if (firstLoop) this.all.push({ id: 0, name: '', offset: 0n, used: firstLoop.candidate, max: firstLoop.candidate, estimated: true });
    this.live = [...this.all];
  }

  /**
   * One loop line per live block, in list order: blocks the lines skip were freed in between (RL006),
   * a candidate no live block gives is RL004, one out of list order RL005. Live candidates are unique
   * (blocks start aligned and do not overlap), so a map finds each one.
   */
  private visit(loops: readonly LoopLine[], first: LoopLine): void {
    const byCandidate = new Map<bigint, number>();
    this.live.forEach((b, i) => byCandidate.set(candidateAfter(b, this.align), i));
    const visited = new Array<boolean>(this.live.length).fill(false);
    let last = -1;
    for (const l of loops) {
      const i = byCandidate.get(l.candidate);
      if (i === undefined || visited[i]) {
        this.report({ kind: 'unknown-block', span: l.span, candidate: l.candidate }, 'RL004', { candidate: hex0x(l.candidate) });
        continue;
      }
      if (i < last) this.report({ kind: 'loop-order', span: l.span, candidate: l.candidate }, 'RL005', { candidate: hex0x(l.candidate) });
      visited[i] = true;
      last = Math.max(last, i);
    }
    const freed = this.live.filter((_, i) => !visited[i]);
    if (freed.length > 0) {
      for (const b of freed) b.freedAt = first.span;
      this.live = this.live.filter((_, i) => visited[i]);
      const blocks = freed.map((b) => `${hex0x(b.max)} at ${hex0x(b.offset)}`).join(', ');
      this.issues.push(makeIssue('RL006', first.span, { count: String(freed.length), blocks }));
    }
  }

  /** The traced loop lines against the replay's, line by line (RL002), and their counts (RL003). */
  private compareLoops(loops: readonly LoopLine[], computed: readonly Extract<OffsetStep, { kind: 'loop' }>[], tail: TraceStep | undefined): void {
    const n = Math.min(loops.length, computed.length);
    for (let i = 0; i < n; i++) {
      const t = loops[i] as LoopLine;
      const c = computed[i] as Extract<OffsetStep, { kind: 'loop' }>;
      const diffs: FieldDiff[] = FIELDS.filter((f) => t[f] !== c[f]).map((f) => ({ field: f, traced: t[f], computed: c[f] }));
      if (diffs.length > 0) {
        const text = diffs.map((d) => `${d.field} ${hex0x(d.traced)} (replay: ${hex0x(d.computed)})`).join(', ');
        this.report({ kind: 'loop-values', span: t.span, diffs }, 'RL002', { diffs: text });
      }
    }
    if (tail && loops.length !== computed.length) {
      this.report({ kind: 'loop-count', span: tail.span, traced: loops.length, computed: computed.length }, 'RL003', {
        traced: String(loops.length),
        computed: String(computed.length),
      });
    }
  }

  /** One placement: the loop lines of one find_ram_offset call and the offset it chose (none when the trace was cut). */
  place(loops: readonly LoopLine[], chosen: ChosenLine | undefined): void {
    const first = loops[0];
    if (first) this.visit(loops, first);
    const size = chosen?.size ?? first?.size ?? 0n;
    const found = findRamOffset({ blocks: this.live }, size, this.align);
    pushAll(this.steps, found.steps);
    const computedLoops = found.steps.filter((s): s is Extract<OffsetStep, { kind: 'loop' }> => s.kind === 'loop');
    const computedOffset = found.ok ? found.offset : undefined;
    const tail = chosen ?? loops[loops.length - 1];
    this.compareLoops(loops, computedLoops, tail);
    if (!chosen) {
      const what = computedOffset === undefined ? 'no gap fits (QEMU aborts: "Failed to find gap of requested size")' : `the trace was cut; best fit gives ${hex0x(computedOffset)}`;
      if (tail) this.report({ kind: 'unfinished', span: tail.span, computed: computedOffset }, 'RL007', { what });
      return;
    }
    if (computedOffset !== chosen.offset) {
      this.report({ kind: 'chosen-offset', span: chosen.span, size: chosen.size, traced: chosen.offset, computed: computedOffset }, 'RL001', {
        traced: hex0x(chosen.offset),
        computed: computedOffset === undefined ? 'no offset (nothing fits)' : hex0x(computedOffset),
      });
    }
    // Go on from what QEMU did, so one disagreement does not spoil every later step.
    const sim: Sim = { id: this.all.length, name: '', offset: chosen.offset, used: chosen.size, max: chosen.size, placedAt: chosen.span };
    this.all.push(sim);
    const at = insertBlock({ blocks: this.live }, sim).index;
    this.live = [...this.live.slice(0, at), sim, ...this.live.slice(at)];
  }
}

/**
 * Rebuilds ram_list from a find_ram_offset trace (and the final `info ramblock`, which names the
 * blocks and sizes the untraced first one), recomputes every placement and reports every difference.
 */
export function replayTrace(trace: TraceSection, ramblock?: RamBlockSection, align: bigint = RAM_OFFSET_ALIGN): RamListReplay {
  const r = new Replay(align);
  r.start(trace, ramblock);
  let loops: LoopLine[] = [];
  for (const s of trace.steps) {
    if (s.kind === 'loop') loops.push(s);
    else {
      r.place(loops, s);
      loops = [];
    }
  }
  if (loops.length > 0) r.place(loops, undefined);

  if (ramblock) r.live = matchRows(r.live, ramblock.blocks, trace.span, r.report, r.issues);
  const frozen = new Map<Sim, ReplayedBlock>();
  for (const b of r.all) frozen.set(b, freeze(b));
  return {
    blocks: r.all.map((b) => frozen.get(b) as ReplayedBlock),
    final: { blocks: r.live.map((b) => frozen.get(b) as ReplayedBlock) },
    steps: r.steps,
    mismatches: r.mismatches,
    issues: r.issues,
  };
}

/** Gives the replayed blocks their rows, reports rows the trace cannot explain and rows out of order; returns the final list. */
function matchRows(
  live: Sim[],
  rows: readonly RamBlockRow[],
  traceSpan: Span,
  report: (m: RamListMismatch, code: IssueCode, args: Record<string, string>) => void,
  issues: Issue[],
): Sim[] {
  const rowIndex = new Map<RamBlockRow, number>();
  rows.forEach((r, i) => rowIndex.set(r, i));
  const group = (list: readonly RamBlockRow[], key: (r: RamBlockRow) => string): Map<string, RamBlockRow[]> => {
    const m = new Map<string, RamBlockRow[]>();
    for (const r of list) {
      pushTo(m, key(r), r);
    }
    return m;
  };
  // Groups are in row order and small (one row per place in a real table), so shift() is cheap.
  const take = (groups: Map<string, RamBlockRow[]>, key: string): RamBlockRow | undefined => groups.get(key)?.shift();
  const byPlace = group(rows, (r) => `${r.offset}:${r.max}`);
  for (const b of live) b.row = take(byPlace, `${b.offset}:${b.max}`);
  // A row with the size of an unmatched block but another offset: the same block, placed elsewhere.
  const used = new Set(live.map((b) => b.row).filter((r): r is RamBlockRow => r !== undefined));
  const bySize = group(rows.filter((r) => !used.has(r)), (r) => String(r.max));
  for (const b of live) {
    if (b.row) continue;
    const r = take(bySize, String(b.max));
    if (!r) continue;
    b.row = r;
    used.add(r);
    report({ kind: 'row-offset', span: r.span, row: r, traced: b.offset }, 'RL008', { name: rowLabel(r), offset: hex0x(r.offset), traced: hex0x(b.offset) });
  }
  for (const r of rows) {
    if (!used.has(r)) report({ kind: 'row-untraced', span: r.span, row: r }, 'RL009', { name: rowLabel(r), offset: hex0x(r.offset), max: hex0x(r.max) });
  }
  for (const b of live) {
    if (b.row) continue;
    b.freedAfterTrace = true;
    issues.push(makeIssue('RL010', b.placedAt ?? traceSpan, { offset: hex0x(b.offset), max: hex0x(b.max) }));
  }
  const final = live.filter((b) => b.row !== undefined);
  // Rows outside one longest run that is already in replay order are the ones out of place.
  const seq = final.map((b) => rowIndex.get(b.row as RamBlockRow) as number);
  const inOrder = longestIncreasing(seq);
  // A row's position among the matched rows, as the table prints them.
  const rank = new Map<number, number>();
  [...seq].sort((a, b) => a - b).forEach((v, k) => rank.set(v, k + 1));
  final.forEach((b, i) => {
    if (inOrder.has(i)) return;
    const r = b.row as RamBlockRow;
    const found = rank.get(seq[i] as number) ?? 0;
    report({ kind: 'row-order', span: r.span, row: r, expected: i + 1, found }, 'RL011', { name: rowLabel(r), expected: String(i + 1), found: String(found) });
  });
  return final;
}

/** The public, read-only form of a replayed block, with its row's name and columns. */
function freeze(b: Sim): ReplayedBlock {
  const r = b.row;
  return {
    id: b.id,
    name: r?.name ?? b.name,
    offset: b.offset,
    used: r?.used ?? b.used,
    max: b.max,
    ...(r ? { pageSize: r.pageSize, row: r } : {}),
    ...(r?.hva !== undefined ? { hva: r.hva } : {}),
    ...(r?.readonly !== undefined ? { readonly: r.readonly } : {}),
    ...(b.placedAt ? { placedAt: b.placedAt } : {}),
    ...(b.freedAt ? { freedAt: b.freedAt } : {}),
    ...(b.freedAfterTrace ? { freedAfterTrace: true } : {}),
    ...(b.estimated ? { estimated: true } : {}),
  };
}
